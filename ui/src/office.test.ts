import { describe, expect, it } from "vitest";
import { LOGO_MAX_BYTES, logoFileProblem, logoLine, officeFieldErrors, officePayload } from "./office";

describe("the office details card", () => {
  it("sends the typed values trimmed", () => {
    expect(officePayload({ name: " 某市监局 ", address: " 某路1号", phone: "010-1234 " })).toEqual({
      name: "某市监局",
      address: "某路1号",
      phone: "010-1234",
    });
  });
  it("puts each field error beside its input and keeps the rest for the banner", () => {
    const r = officeFieldErrors([
      { field: "name", code: "required", message: "必填" },
      { field: "office.phone", code: "too_long", message: "太长" },
      { field: "phone", code: "invalid", message: "格式不对" },
      { field: "lang", code: "invalid", message: "?" },
    ]);
    expect(r.byField).toEqual({ name: "必填", phone: "太长；格式不对" });
    expect(r.rest.map((f) => f.field)).toEqual(["lang"]);
  });
});

describe("the letterhead logo", () => {
  it("says whether the office has a logo and how big it is", () => {
    expect(logoLine(null).key).toBe("settings.logo_none");
    expect(logoLine({ width: 240, height: 120, size: 15_872 })).toEqual({
      key: "settings.logo_set",
      params: { width: 240, height: 120, kb: 16 },
    });
  });
  it("refuses other file types and files over 2 MB before sending them", () => {
    expect(logoFileProblem({ name: "logo.png", type: "image/png", size: 1000 })).toBeNull();
    expect(logoFileProblem({ name: "徽标.JPG", type: "", size: 1000 })).toBeNull();
    expect(logoFileProblem({ name: "logo.gif", type: "image/gif", size: 1000 })).toBe("settings.logo_wrong_type");
    expect(logoFileProblem({ name: "logo.png", type: "image/png", size: LOGO_MAX_BYTES + 1 })).toBe("settings.logo_too_large");
  });
});
