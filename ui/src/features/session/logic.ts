// Sign-in's pure parts: the roles in their fixed order (for the role boxes;
// what each role may do is the core's to say, through `may`), the idle-lock
// clock, and which refusals mean "locked" or "signed out".
import type { Role } from "../../api/generated";

/** Every role, in the order the role boxes list them. */
export const ROLES: readonly Role[] = ["clerk", "inspector", "reviewer", "leader", "admin"];

/** The roles in their fixed order, whatever order they were ticked in; the admin role is forced on when `keepAdmin`. */
export function orderedRoles(ticked: Iterable<string>, keepAdmin = false): Role[] {
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

/** Operations about the session itself: never sent again after an unlock. */
export const SESSION_OPS: ReadonlySet<string> = new Set([
  "app_info",
  "session_state",
  "set_language",
  "sign_in",
  "sign_out",
  "lock_session",
  "unlock_session",
  "setup_office",
  "create_first_admin",
]);

/** What a refusal asks of the shell: unlock (then send the call again), show sign-in, or nothing. */
export function sessionRecovery(code: string, op: string): "unlock" | "sign_in" | null {
  if (SESSION_OPS.has(op)) return null;
  if (code === "session_locked") return "unlock";
  if (code === "not_signed_in" || code === "accounts_not_ready") return "sign_in";
  return null;
}
