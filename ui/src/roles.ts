// Who may do what (mirrors accounts.rs Perm::roles) and the idle-lock clock.
// Pure: no DOM, so it is tested in node. The backend enforces all of this
// anyway; the UI only hides what the signed-in user could not do.
import type { StepCode, UserRole, UserView } from "./api";

export const ROLES: readonly UserRole[] = ["clerk", "inspector", "reviewer", "leader", "admin"];

export type Perm =
  | "register_case"
  | "decide"
  | "investigate"
  | "approve"
  | "extend"
  | "close"
  | "issue_documents"
  | "propose_reward"
  | "decide_penalties_and_rewards"
  | "pay_reward"
  | "administer";

export const PERM_ROLES: Record<Perm, readonly UserRole[]> = {
  register_case: ["clerk"],
  decide: ["reviewer", "leader"],
  investigate: ["inspector", "reviewer"],
  approve: ["leader"],
  extend: ["reviewer", "leader"],
  close: ["clerk", "inspector", "reviewer"],
  issue_documents: ["clerk", "inspector", "reviewer", "leader"],
  propose_reward: ["inspector", "reviewer"],
  decide_penalties_and_rewards: ["leader"],
  pay_reward: ["clerk", "leader"],
  administer: ["admin"],
};

/** What each workflow step needs (mirrors handling.rs Action::perm). */
export const STEP_PERM: Record<StepCode, Perm> = {
  accept: "decide",
  not_accept: "decide",
  review: "decide",
  escalate: "decide",
  reopen: "decide",
  start_investigation: "investigate",
  write_findings: "investigate",
  approve: "approve",
  reject_findings: "approve",
  not_accepted_notice_sent: "close",
  reply: "close",
  follow_up: "close",
  no_follow_up: "close",
  archive: "close",
};

/** Whether `user` may do `perm`. No user (a register without accounts yet) may do everything. */
export function may(user: Pick<UserView, "roles"> | null | undefined, perm: Perm): boolean {
  if (!user) return true;
  return PERM_ROLES[perm].some((r) => user.roles.includes(r));
}

export function mayStep(user: Pick<UserView, "roles"> | null | undefined, step: StepCode): boolean {
  return may(user, STEP_PERM[step]);
}

/** The roles in their fixed order, whatever order they were ticked in; the admin role is forced on when `keepAdmin`. */
export function orderedRoles(ticked: Iterable<string>, keepAdmin = false): UserRole[] {
  const set = new Set(ticked);
  if (keepAdmin) set.add("admin");
  return ROLES.filter((r) => set.has(r));
}

/** The idle lock, client side: touched by keyboard and mouse activity; due
 *  after `minutes` without any (0 = never). Times are milliseconds. */
export class IdleClock {
  private last: number;
  constructor(
    public minutes: number,
    now: number,
  ) {
    this.last = now;
  }
  touch(now: number): void {
    this.last = Math.max(this.last, now);
  }
  /** Milliseconds left before the lock (Infinity when it never locks). */
  remaining(now: number): number {
    if (!(this.minutes > 0)) return Infinity;
    return Math.max(0, this.last + this.minutes * 60_000 - now);
  }
  due(now: number): boolean {
    return this.remaining(now) === 0;
  }
}

/** The reward card's actions, less those the user's roles do not allow. */
export function allowedRewardActions<A extends { propose: boolean; decide: boolean; pay: boolean; consent: boolean }>(
  user: Pick<UserView, "roles"> | null | undefined,
  acts: A,
): A {
  return {
    ...acts,
    propose: acts.propose && may(user, "propose_reward"),
    decide: acts.decide && may(user, "decide_penalties_and_rewards"),
    pay: acts.pay && may(user, "pay_reward"),
    consent: acts.consent && may(user, "propose_reward"),
  };
}
