// The shell and the router: the header (office, tabs, user box), the view
// the route names, and what follows the store's events — sign-in when the
// session ends, the header when the office or language changes, the due
// count when a case changes. Tabs are those the core says the user may use.
import { dueCount, getPolicy } from "./api/generated";
import type { ApiError } from "./api/transport";
import { showBanner } from "./lib/banner";
import { clear, h } from "./lib/dom";
import { setLang, t, type MsgKey } from "./lib/i18n";
import { store, type Route, type View } from "./state/store";
import { userBox, watchIdle } from "./features/session/lock";
import { mountCreateAdmin, mountSignIn } from "./features/session/view";
import { mountIntake } from "./features/intake/view";
import { mountRegister } from "./features/register/view";
import { mountImport } from "./features/register/import";
import { mountCase } from "./features/case/view";
import { mountDue } from "./features/due/view";
import { mountStats } from "./features/stats/view";
import { mountAccountability } from "./features/accountability/view";
import { mountQuery } from "./features/query/view";
import { mountTemplates } from "./features/templates/view";
import { mountSettings } from "./features/settings/view";

type Cleanup = (() => void) | void;

/** The tabs, each with the operation that opens it. */
export const NAV: { view: View; key: MsgKey; op: string }[] = [
  { view: "intake", key: "nav.intake", op: "register_case" },
  { view: "register", key: "nav.register", op: "list_cases" },
  { view: "due", key: "nav.due", op: "due_board" },
  { view: "stats", key: "nav.stats", op: "dashboard" },
  { view: "accountability", key: "nav.accountability", op: "accountability_flags" },
  { view: "query", key: "nav.query", op: "find_by_query_code" },
  { view: "templates", key: "nav.templates", op: "save_template" },
  { view: "settings", key: "nav.settings", op: "get_settings" },
];

let root: HTMLElement;
let cleanup: Cleanup;
/** The user the shell was drawn for (null: the shell is not shown). */
let shellUser: number | null = null;
let landing: Route = { view: "intake" };

function visibleNav(): typeof NAV {
  return NAV.filter((n) => store.may(n.op));
}

function stopView(): void {
  if (typeof cleanup === "function") cleanup();
  cleanup = undefined;
}

function title(): void {
  const office = store.state.info?.office.name ?? "";
  document.title = office ? `${office} · ${t("app.title")}` : t("app.title");
}

function renderShell(): HTMLElement {
  stopView();
  clear(root);
  title();
  const nav = h(
    "nav",
    { class: "tabs", "aria-label": t("app.title") },
    visibleNav().map((n) =>
      h(
        "button",
        { type: "button", class: "tab", id: `nav-${n.view}`, "data-view": n.view, onclick: () => store.go({ view: n.view } as Route) },
        t(n.key),
        n.view === "due" ? h("span", { class: "tab-count", id: "nav-due-count", hidden: true }) : null,
      ),
    ),
  );
  const header = h(
    "header",
    { class: "app-header" },
    h("div", { class: "brand" }, h("div", { class: "office-name", id: "office-name" }, store.state.info?.office.name ?? ""), h("div", { class: "app-name" }, t("app.title"))),
    nav,
    userBox(),
  );
  const main = h("main", { id: "view", class: "view", tabindex: "-1" });
  root.append(header, main);
  return main;
}

let showSeq = 0;

async function show(route: Route): Promise<void> {
  if (shellUser === null) return;
  stopView();
  const my = ++showSeq;
  const main = document.getElementById("view") ?? renderShell();
  clear(main);
  main.className = "view";
  // A view that loads before drawing checks this is still its turn.
  main.dataset.seq = String(my);
  for (const b of Array.from(document.querySelectorAll<HTMLElement>(".tab"))) {
    const active = b.dataset.view === route.view || ((route.view === "case" || route.view === "import") && b.dataset.view === "register");
    b.classList.toggle("active", active);
    if (active) b.setAttribute("aria-current", "page");
    else b.removeAttribute("aria-current");
  }
  if (route.view === "register" || route.view === "due") void refreshDueCount();
  const mounts: Record<View, (m: HTMLElement) => Cleanup | Promise<Cleanup>> = {
    intake: mountIntake,
    register: mountRegister,
    import: mountImport,
    case: (m) => mountCase(m, (route as { id: number }).id),
    due: mountDue,
    stats: mountStats,
    accountability: mountAccountability,
    query: mountQuery,
    templates: mountTemplates,
    settings: mountSettings,
  };
  const done = await mounts[route.view](main);
  if (my === showSeq) cleanup = done;
  else if (typeof done === "function") done();
}

/** The shell for the signed-in user, landing on `to` (or the first tab they may use). */
async function enterShell(to: Route): Promise<void> {
  try {
    store.setPolicy(await getPolicy());
  } catch (e) {
    showStartError(e as ApiError);
    return;
  }
  shellUser = store.user()?.id ?? null;
  watchIdle();
  renderShell();
  const views = visibleNav().map((n) => n.view);
  if (!views.includes(to.view) && to.view !== "case" && !(to.view === "import" && views.includes("register"))) to = { view: views[0] ?? "query" } as Route;
  store.go(to);
  void refreshDueCount();
}

let dueSeq = 0;
/** Overdue + due today on the 待办期限 tab; quietly nothing when it fails. */
async function refreshDueCount(): Promise<void> {
  if (!store.may("due_board")) return;
  const my = ++dueSeq;
  try {
    const c = await dueCount();
    const n = c.overdue + c.due_today;
    if (my === dueSeq) store.setDueCount(n);
  } catch {
    /* the board itself shows the error */
  }
}

function paintDueCount(n: number): void {
  const el = document.getElementById("nav-due-count");
  if (!el) return;
  el.textContent = String(n);
  el.hidden = n === 0;
  const text = t("nav.due_count", { n });
  el.setAttribute("title", text);
  el.setAttribute("aria-label", text);
}

/** A page saying the register cannot be used, with 重试. */
export function showStartError(e: Pick<ApiError, "code" | "message" | "fields">, retry: () => void = () => store.restart(landing)): void {
  stopView();
  shellUser = null;
  clear(root);
  const banner = h("div", { class: "banner error", id: "start-error", role: "alert" });
  root.appendChild(
    h(
      "div",
      { class: "start-error" },
      h("h1", {}, t("app.start_failed")),
      banner,
      h("button", { type: "button", class: "primary", id: "btn-retry", onclick: () => retry() }, t("app.retry")),
    ),
  );
  showBanner(banner, e);
}

/** The screen the session calls for: the first administrator, sign-in, or the shell. */
function followSession(): void {
  const s = store.state.session;
  if (!s) return;
  if (!s.accounts) {
    leaveShell();
    if (!document.getElementById("admin-username")) mountCreateAdmin(root, !!store.state.info?.set_up && !justSetUp);
    return;
  }
  if (!s.user) {
    leaveShell();
    if (!document.getElementById("sign-in-username")) mountSignIn(root);
    return;
  }
  if (shellUser !== s.user.id) void enterShell(landing);
}

function leaveShell(): void {
  if (shellUser === null) return;
  stopView();
  shellUser = null;
  landing = { view: "intake" };
}

let justSetUp = false;

/** Starts following the store; `to` is where the shell lands once signed in. */
export function startRouter(el: HTMLElement): void {
  root = el;
  store.on("route", (r) => void show(r));
  store.on("session", () => followSession());
  store.on("due", paintDueCount);
  store.on("cases", () => void refreshDueCount());
  store.on("info", (info) => {
    const name = document.getElementById("office-name");
    if (name) name.textContent = info.office.name;
    title();
  });
  store.on("lang", (lang) => {
    setLang(lang);
    if (shellUser === null) return;
    renderShell();
    if (store.state.route) void show(store.state.route);
    void refreshDueCount();
  });
}

/** Where the shell lands after sign-in, and whether the office was just set up. */
export function prepareLanding(to: Route, setUpNow: boolean): void {
  landing = to;
  justSetUp = setUpNow;
  shellUser = null;
}
