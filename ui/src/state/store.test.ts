// The one store: typed change events, and what the session says the user may do.
import { describe, expect, it } from "vitest";
import type { SessionState } from "../api/generated";
import { Store, type Route } from "./store";

const session = (may: string[], signedIn = true): SessionState => ({
  accounts: true,
  user: signedIn ? { id: 7, username: "zhoumin", display_name: "周敏", roles: ["clerk"], active: true, created_at: "2026-12-01 09:00:00" } : null,
  locked: false,
  idle_lock_minutes: 10,
  lang: "zh-CN",
  may,
});

describe("the store", () => {
  it("tells its listeners what changed, with the new value", () => {
    const s = new Store();
    const seen: unknown[] = [];
    s.on("route", (r) => seen.push(r));
    s.on("session", (x) => seen.push(x.may));
    s.go({ view: "case", id: 3 });
    s.setSession(session(["list_cases"]));
    expect(seen).toEqual([{ view: "case", id: 3 }, ["list_cases"]]);
    expect(s.state.route).toEqual({ view: "case", id: 3 });
  });
  it("stops telling a listener that unsubscribed", () => {
    const s = new Store();
    const seen: Route[] = [];
    const off = s.on("route", (r) => seen.push(r));
    s.go({ view: "due" });
    off();
    s.go({ view: "stats" });
    expect(seen).toEqual([{ view: "due" }]);
  });
  it("says the language changed only when it did", () => {
    const s = new Store();
    let n = 0;
    s.on("lang", () => n++);
    s.setLang("zh-CN");
    s.setLang("en");
    s.setLang("en");
    expect(n).toBe(1);
  });
  it("lets the user do what the core's `may` lists, and nothing before sign-in", () => {
    const s = new Store();
    expect(s.may("list_cases")).toBe(false);
    s.setSession(session(["list_cases", "register_case"]));
    expect([s.may("register_case"), s.may("get_settings")]).toEqual([true, false]);
    expect(s.user()?.display_name).toBe("周敏");
    s.setSession(session(["list_cases"], false));
    expect([s.may("list_cases"), s.user()]).toEqual([false, null]);
  });
  it("passes on a change of cases and the due count", () => {
    const s = new Store();
    const seen: unknown[] = [];
    s.on("cases", (id) => seen.push(["cases", id]));
    s.on("due", (n) => seen.push(["due", n]));
    s.casesChanged(4);
    s.setDueCount(2);
    expect(seen).toEqual([
      ["cases", 4],
      ["due", 2],
    ]);
    expect(s.state.dueCount).toBe(2);
  });
});
