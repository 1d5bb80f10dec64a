// The one store of the running app: the app info, the office's policy, the
// seat's session (who is signed in, locked or not, and which operations the
// core says they may call), the current route and the seat's language.
// Views read it and dispatch changes; every change is a typed event that
// the shell listens to. No DOM and no backend here.
import type { AppInfo, Changes, Lang, Policy, SessionState, UserView } from "../api/generated";

export type Route =
  | { view: "intake" }
  | { view: "register" }
  | { view: "import" }
  | { view: "case"; id: number }
  | { view: "due" }
  | { view: "stats" }
  | { view: "accountability" }
  | { view: "query" }
  | { view: "templates" }
  | { view: "settings" };

export type View = Route["view"];

export interface State {
  info: AppInfo | null;
  policy: Policy | null;
  session: SessionState | null;
  route: Route | null;
  lang: Lang;
  /** Overdue + due today, for the 待办期限 tab (null until counted). */
  dueCount: number | null;
}

/** What changed, with its new value. */
export interface Events {
  /** The app info (office, encryption, set-up, version) was read or changed. */
  info: AppInfo;
  /** The office's policy (categories, deadline rules) was read or changed. */
  policy: Policy;
  /** Signed in or out, locked or unlocked, or the user's operations changed. */
  session: SessionState;
  /** The user went to another view. */
  route: Route;
  /** The seat's language changed. */
  lang: Lang;
  /** A case changed (a step, a record, a document): counts that depend on cases are stale. */
  cases: number | null;
  /** The register changed, here or at another seat (the change feed). */
  changes: Changes;
  /** The register (or its host) was lost (false) or reached again (true). */
  online: boolean;
  /** The due count was worked out again. */
  due: number;
  /** The register was replaced (a restore): start over as at launch and land on this route. */
  restart: Route;
}

type Listener<K extends keyof Events> = (value: Events[K]) => void;

export class Store {
  readonly state: State = { info: null, policy: null, session: null, route: null, lang: "zh-CN", dueCount: null };
  private listeners: { [K in keyof Events]?: Listener<K>[] } = {};

  /** Calls `fn` on each event `k`; returns the function that stops it. */
  on<K extends keyof Events>(k: K, fn: Listener<K>): () => void {
    const list = (this.listeners[k] ??= []) as Listener<K>[];
    list.push(fn);
    return () => {
      const i = list.indexOf(fn);
      if (i >= 0) list.splice(i, 1);
    };
  }

  private emit<K extends keyof Events>(k: K, v: Events[K]): void {
    for (const fn of [...((this.listeners[k] ?? []) as Listener<K>[])]) fn(v);
  }

  setInfo(info: AppInfo): void {
    this.state.info = info;
    this.emit("info", info);
  }

  setPolicy(policy: Policy): void {
    this.state.policy = policy;
    this.emit("policy", policy);
  }

  setSession(session: SessionState): void {
    this.state.session = session;
    this.emit("session", session);
  }

  go(route: Route): void {
    this.state.route = route;
    this.emit("route", route);
  }

  setLang(lang: Lang): void {
    const changed = lang !== this.state.lang;
    this.state.lang = lang;
    if (changed) this.emit("lang", lang);
  }

  casesChanged(id: number | null = null): void {
    this.emit("cases", id);
  }

  /** What the change feed reported: views reload what it touches. */
  changed(c: Changes): void {
    this.emit("changes", c);
    this.emit("cases", c.all ? null : c.cases[0] ?? null);
  }

  setOnline(online: boolean): void {
    this.emit("online", online);
  }

  restart(landing: Route): void {
    this.emit("restart", landing);
  }

  setDueCount(n: number): void {
    this.state.dueCount = n;
    this.emit("due", n);
  }

  /** The signed-in user (null before sign-in). */
  user(): UserView | null {
    return this.state.session?.user ?? null;
  }

  /** Whether the signed-in user's roles allow operation `op` (as the core says). */
  may(op: string): boolean {
    return !!this.state.session?.user && this.state.session.may.includes(op);
  }
}

/** The app's store. */
export const store = new Store();
