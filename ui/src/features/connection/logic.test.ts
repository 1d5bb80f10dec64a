import { describe, expect, it } from "vitest";
import { addressProblem, idleText, normalizePairingCode, pairingCodeComplete, touches } from "./logic";

describe("a seat connecting to the office's host", () => {
  it("takes the pairing code however it was typed", () => {
    expect(normalizePairingCode("ab12 cd34 ef56 gh78")).toBe("AB12-CD34-EF56-GH78");
    expect(pairingCodeComplete("ab12-cd34-ef56-gh78")).toBe(true);
    expect(pairingCodeComplete("AB12-CD34-EF56")).toBe(false);
  });

  it("accepts a host with or without its port and refuses another scheme", () => {
    expect(addressProblem("192.168.1.20:8443")).toBeNull();
    expect(addressProblem("https://desk-host.local")).toBeNull();
    expect(addressProblem("")).toBe("empty");
    expect(addressProblem("http://192.168.1.20")).toBe("scheme");
    expect(addressProblem("192.168.1.20:99999")).toBe("shape");
    expect(addressProblem("a b")).toBe("shape");
  });

  it("reloads the open case only when the change is about it", () => {
    expect(touches({ all: false, cases: [3, 4] }, 4)).toBe(true);
    expect(touches({ all: false, cases: [3] }, 4)).toBe(false);
    expect(touches({ all: true, cases: [] }, 4)).toBe(true);
  });

  it("says how long a seat has been quiet", () => {
    expect(idleText(5, "zh-CN")).toBe("刚刚");
    expect(idleText(600, "en")).toBe("10 min ago");
  });
});
