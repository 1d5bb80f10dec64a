import { describe, expect, it } from "vitest";
import { officeFieldErrors, officePayload } from "./office";

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
