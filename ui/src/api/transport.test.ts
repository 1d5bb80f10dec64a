// The transport: refusals become ApiErrors; a call refused for a locked session is sent again with its key.
import { afterEach, describe, expect, it } from "vitest";
import { ApiError, call, setRecovery, setTransport, toApiError, type Transport } from "./transport";

afterEach(() => setRecovery(null));

describe("a refused call", () => {
  it("keeps the core's code, message and field errors", () => {
    const e = toApiError({ code: "validation", message: "请检查", fields: [{ field: "matter", code: "required", message: "必填" }] });
    expect(e).toBeInstanceOf(ApiError);
    expect([e.code, e.message, e.fields]).toEqual(["validation", "请检查", [{ field: "matter", code: "required", message: "必填" }]]);
  });
  it("becomes an internal error when it is only a string or an Error", () => {
    expect([toApiError("boom").code, toApiError("boom").message]).toEqual(["internal", "boom"]);
    expect(toApiError(new Error("bad")).code).toBe("internal");
  });
  it("gets an empty field list when the core sent none", () => {
    expect(toApiError({ code: "db_locked", message: "busy" }).fields).toEqual([]);
  });
});

/** A transport that refuses the first `refusals` calls with `code`, then answers; it records each call's key. */
function fake(code: string, refusals: number): Transport & { keys: string[] } {
  const keys: string[] = [];
  return {
    keys,
    async call(_op, input, key) {
      keys.push(key);
      if (keys.length <= refusals) throw { code, message: code, fields: [] };
      return input;
    },
  };
}

describe("a call refused because the session locked", () => {
  it("is sent again with the same key once the recovery says so", async () => {
    const t = fake("session_locked", 1);
    setTransport(t);
    setRecovery(async (e) => e.code === "session_locked");
    await expect(call("register_case", { matter: "x" })).resolves.toEqual({ matter: "x" });
    expect(t.keys).toHaveLength(2);
    expect(t.keys[0]).toBe(t.keys[1]);
  });
  it("fails with the refusal when the recovery declines", async () => {
    const t = fake("not_signed_in", 1);
    setTransport(t);
    setRecovery(async () => false);
    await expect(call("list_cases", {})).rejects.toMatchObject({ code: "not_signed_in" });
    expect(t.keys).toHaveLength(1);
  });
  it("gets a fresh key on every new call", async () => {
    const t = fake("none", 0);
    setTransport(t);
    await call("list_cases", {});
    await call("list_cases", {});
    expect(t.keys[0]).not.toBe(t.keys[1]);
    expect(t.keys[0]).toMatch(/^[0-9a-f]{32}$/);
  });
});
