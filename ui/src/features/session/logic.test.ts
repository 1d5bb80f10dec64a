// Sign-in's pure parts: role order, the idle lock, and what a refusal for the session asks of the shell.
import { describe, expect, it } from "vitest";
import { IdleClock, orderedRoles, ROLES, sessionRecovery } from "./logic";

// What each role may do is the core's: the session's `may` and each case's
// `allowed` (checked in tests/proof/access_matrix.rs); the UI keeps no table.

describe("the roles as ticked", () => {
  it("come back in the fixed order without duplicates", () => {
    expect(orderedRoles(["admin", "clerk", "clerk", "leader"])).toEqual(["clerk", "leader", "admin"]);
  });
  it("keep the administrator's role when asked to, and drop unknown codes", () => {
    expect(orderedRoles(["boss"], true)).toEqual(["admin"]);
  });
  it("are the five the core knows", () => {
    expect([...ROLES]).toEqual(["clerk", "inspector", "reviewer", "leader", "admin"]);
  });
});

describe("the idle lock", () => {
  it("is due after the set minutes without activity, not before", () => {
    const c = new IdleClock(15, 0);
    expect(c.due(15 * 60_000 - 1)).toBe(false);
    expect(c.due(15 * 60_000)).toBe(true);
  });
  it("starts again on each keystroke or mouse move", () => {
    const c = new IdleClock(1, 0);
    c.touch(50_000);
    expect(c.due(60_000)).toBe(false);
    expect(c.remaining(60_000)).toBe(50_000);
    expect(c.due(110_000)).toBe(true);
  });
  it("never goes back in time on a late event", () => {
    const c = new IdleClock(1, 30_000);
    c.touch(10_000);
    expect(c.remaining(30_000)).toBe(60_000);
  });
  it("never locks when set to 0", () => {
    const c = new IdleClock(0, 0);
    expect(c.due(10 ** 12)).toBe(false);
    expect(c.remaining(5)).toBe(Infinity);
  });
});

describe("a call refused for the session", () => {
  it("waits for the unlock when the session locked, then goes again", () => {
    expect(sessionRecovery("session_locked", "register_case")).toBe("unlock");
  });
  it("shows sign-in when nobody is signed in any more", () => {
    expect(sessionRecovery("not_signed_in", "list_cases")).toBe("sign_in");
    expect(sessionRecovery("accounts_not_ready", "list_cases")).toBe("sign_in");
  });
  it("is left alone for the session's own operations and other refusals", () => {
    expect(sessionRecovery("session_locked", "unlock_session")).toBeNull();
    expect(sessionRecovery("not_signed_in", "sign_in")).toBeNull();
    expect(sessionRecovery("validation", "register_case")).toBeNull();
  });
});
