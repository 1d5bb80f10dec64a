import { describe, expect, it } from "vitest";
import { allowedRewardActions, IdleClock, may, mayStep, orderedRoles, PERM_ROLES, ROLES, STEP_PERM } from "./roles";

const user = (...roles: (typeof ROLES)[number][]) => ({ roles });

describe("what a user may do", () => {
  it("a clerk registers and closes but may not approve, decide or administer", () => {
    const clerk = user("clerk");
    expect(may(clerk, "register_case")).toBe(true);
    expect(mayStep(clerk, "archive")).toBe(true);
    expect(mayStep(clerk, "approve")).toBe(false);
    expect(mayStep(clerk, "accept")).toBe(false);
    expect(may(clerk, "administer")).toBe(false);
  });
  it("only a leader approves findings", () => {
    for (const r of ROLES) expect(mayStep(user(r), "approve")).toBe(r === "leader");
  });
  it("a small office's first person, holding all five roles, may do everything", () => {
    const all = user(...ROLES);
    for (const p of Object.keys(PERM_ROLES) as (keyof typeof PERM_ROLES)[]) expect(may(all, p)).toBe(true);
  });
  it("without accounts (no user) nothing is hidden", () => {
    expect(may(null, "administer")).toBe(true);
    expect(mayStep(undefined, "approve")).toBe(true);
  });
  it("every workflow step needs a permission some role holds", () => {
    for (const perm of Object.values(STEP_PERM)) expect(PERM_ROLES[perm].length).toBeGreaterThan(0);
  });
});

describe("the roles as ticked", () => {
  it("come back in the fixed order without duplicates", () => {
    expect(orderedRoles(["admin", "clerk", "clerk", "leader"])).toEqual(["clerk", "leader", "admin"]);
  });
  it("keep the administrator's role when asked to, and drop unknown codes", () => {
    expect(orderedRoles(["boss"], true)).toEqual(["admin"]);
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

describe("the reward card's actions", () => {
  const all = { propose: true, decide: true, pay: true, consent: true, needsFindings: false };
  it("a clerk may only record the payment", () => {
    expect(allowedRewardActions(user("clerk"), all)).toEqual({ propose: false, decide: false, pay: true, consent: false, needsFindings: false });
  });
  it("a leader approves and pays but does not propose", () => {
    const a = allowedRewardActions(user("leader"), all);
    expect([a.propose, a.decide, a.pay]).toEqual([false, true, true]);
  });
  it("never offers what the state does not", () => {
    const none = { propose: false, decide: false, pay: false, consent: false, needsFindings: true };
    expect(allowedRewardActions(user(...ROLES), none)).toEqual(none);
  });
});
