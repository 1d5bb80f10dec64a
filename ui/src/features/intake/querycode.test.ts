// When the anonymous reporter's query code is on the screen.
import { describe, expect, it } from "vitest";
import { freshCode, queryCodeShown } from "./querycode";

const anonymous = { anonymous: true, query_code: "7K3Q-M2PX-9D4F-H8WA" };

describe("the query code after saving", () => {
  it("is shown for an anonymous case just saved", () => {
    expect(queryCodeShown(anonymous, freshCode())).toBe("shown");
  });
  it("stays while the clerk ticks that the reporter repeated it", () => {
    expect(queryCodeShown(anonymous, { ...freshCode(), repeated: true })).toBe("shown");
  });
  it("goes when the clerk starts the next form", () => {
    expect(queryCodeShown(anonymous, { ...freshCode(), started: true })).toBe("started");
  });
  it("goes once the slip or receipt that carries it was printed", () => {
    expect(queryCodeShown(anonymous, { ...freshCode(), printed: true })).toBe("printed");
    expect(queryCodeShown(anonymous, { started: true, printed: true, repeated: true })).toBe("printed");
  });
  it("is never shown for a signed case or before anything was saved", () => {
    expect(queryCodeShown({ anonymous: false, query_code: null }, freshCode())).toBe("none");
    expect(queryCodeShown(null, freshCode())).toBe("none");
  });
});
