import { describe, expect, it } from "vitest";
import { isApiError, toApiError } from "./api";

describe("a rejected command", () => {
  it("keeps the backend's code, message and field errors", () => {
    const e = toApiError({ code: "validation", message: "请检查", fields: [{ field: "matter", code: "required", message: "必填" }] });
    expect(e).toEqual({ code: "validation", message: "请检查", fields: [{ field: "matter", code: "required", message: "必填" }] });
    expect(isApiError(e)).toBe(true);
  });
  it("becomes an internal error when it is only a string or an Error", () => {
    expect(toApiError("boom")).toEqual({ code: "internal", message: "boom", fields: [] });
    expect(toApiError(new Error("bad")).code).toBe("internal");
  });
  it("gets an empty field list when the backend sent none", () => {
    expect(toApiError({ code: "db_locked", message: "busy" }).fields).toEqual([]);
  });
});
