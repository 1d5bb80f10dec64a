// Boot: ask the backend who we are, then show first-run setup or the shell.
import "./styles.css";
import { api, type ApiError, type AppInfo } from "./api";
import { ctx, currentUser, hooks, setNavigator, showBanner, type Route } from "./app";
import { clear, h } from "./dom";
import { setLang, t, type MsgKey } from "./i18n";
import { mountIntake } from "./intake";
import { mountRegister } from "./register";
import { mountImport } from "./importview";
import { mountCase } from "./caseview";
import { mountDue } from "./due";
import { mountAccountability } from "./accountabilityview";
import { urgentCount } from "./handling";
import { mountQuery } from "./query";
import { mountSettings } from "./settings";
import { mountSetup } from "./setup";
import { mountRegisterPassphrase } from "./encryptionview";
import { mountStats } from "./statsview";
import { mountTemplates } from "./templatesview";
import { may, type Perm } from "./roles";
import { mountCreateAdmin, mountSignIn, startSession, userBox } from "./session";

type Cleanup = (() => void) | void;

const root = document.getElementById("app") as HTMLElement;
let cleanup: Cleanup;


const NAV: { view: Route["view"]; key: MsgKey; perm?: Perm }[] = [
  { view: "intake", key: "nav.intake", perm: "register_case" },
  { view: "register", key: "nav.register" },
  { view: "due", key: "nav.due" },
  { view: "stats", key: "nav.stats" },
  { view: "accountability", key: "nav.accountability" },
  { view: "query", key: "nav.query" },
  { view: "templates", key: "nav.templates", perm: "administer" },
  { view: "settings", key: "nav.settings", perm: "administer" },
];

/** The tabs the signed-in user may use (the backend refuses the rest anyway). */
function visibleNav(): typeof NAV {
  const user = currentUser();
  return NAV.filter((n) => !n.perm || may(user, n.perm));
}

function renderShell(): HTMLElement {
  clear(root);
  document.title = ctx.info?.office.name ? `${ctx.info.office.name} · ${t("app.title")}` : t("app.title");
  const nav = h(
    "nav",
    { class: "tabs", "aria-label": t("app.title") },
    visibleNav().map((n) =>
      h(
        "button",
        { type: "button", class: "tab", id: `nav-${n.view}`, "data-view": n.view, onclick: () => show({ view: n.view } as Route) },
        t(n.key),
        n.view === "due" ? h("span", { class: "tab-count", id: "nav-due-count", hidden: true }) : null,
      ),
    ),
  );
  const header = h(
    "header",
    { class: "app-header" },
    h("div", { class: "brand" }, h("div", { class: "office-name", id: "office-name" }, ctx.info?.office.name ?? ""), h("div", { class: "app-name" }, t("app.title"))),
    nav,
    userBox(),
  );
  const main = h("main", { id: "view", class: "view", tabindex: "-1" });
  root.append(header, main);
  return main;
}

async function show(route: Route): Promise<void> {
  if (typeof cleanup === "function") cleanup();
  cleanup = undefined;

  let main = document.getElementById("view");
  if (!main) main = renderShell();
  clear(main);
  for (const b of Array.from(document.querySelectorAll<HTMLElement>(".tab"))) {
    const active = b.dataset.view === route.view || ((route.view === "case" || route.view === "import") && b.dataset.view === "register");
    b.classList.toggle("active", active);
    if (active) b.setAttribute("aria-current", "page");
    else b.removeAttribute("aria-current");
  }
  if (route.view === "register" || route.view === "due") void refreshDueCount();
  switch (route.view) {
    case "intake":
      cleanup = await mountIntake(main);
      break;
    case "register":
      cleanup = mountRegister(main);
      break;
    case "import":
      cleanup = mountImport(main);
      break;
    case "case":
      cleanup = mountCase(main, route.id);
      break;
    case "due":
      cleanup = mountDue(main);
      break;
    case "stats":
      cleanup = mountStats(main);
      break;
    case "accountability":
      cleanup = mountAccountability(main);
      break;
    case "query":
      cleanup = mountQuery(main);
      break;
    case "templates":
      cleanup = mountTemplates(main);
      break;
    case "settings":
      cleanup = mountSettings(main, () => {
        renderShell();
        void show({ view: "settings" });
        void refreshDueCount();
      });
      break;
  }
}

function showStartError(e: ApiError): void {
  clear(root);
  const banner = h("div", { class: "banner error", id: "start-error", role: "alert" });
  root.appendChild(
    h(
      "div",
      { class: "start-error" },
      h("h1", {}, t("app.start_failed")),
      banner,
      h("button", { type: "button", class: "primary", id: "btn-retry", onclick: () => void boot() }, t("app.retry")),
    ),
  );
  showBanner(banner, e);
}

/** Start-up: also re-run after a restore so everything reflects the register now open. */
async function boot(landing: Route = { view: "intake" }): Promise<void> {
  if (typeof cleanup === "function") cleanup();
  cleanup = undefined;
  clear(root);
  root.appendChild(h("div", { class: "loading" }, t("app.loading")));
  let info: AppInfo;
  try {
    info = await api.appInfo();
  } catch (e) {
    const err = e as ApiError;
    // An encrypted register waits for its passphrase; then the start-up goes on.
    if (err.code === "db_needs_key") mountRegisterPassphrase(root, err.message, (opened) => void started(opened, landing));
    else showStartError(err);
    return;
  }
  await started(info, landing);
}

/** The register is open: first-run setup, or sign-in and the shell. */
async function started(info: AppInfo, landing: Route): Promise<void> {
  ctx.info = info;
  setLang(info.lang);
  if (!info.set_up) {
    clear(root);
    mountSetup(root, (after) => {
      ctx.info = after;
      setLang(after.lang);
      void signInThenShell(landing, true);
    });
    return;
  }
  await signInThenShell(landing, false);
}

/** Sign-in comes between the office and the shell: the first administrator
 *  on a new (or older, user-less) register, else the sign-in screen. */
async function signInThenShell(landing: Route, justSetUp: boolean): Promise<void> {
  try {
    ctx.session = await api.sessionState();
  } catch (e) {
    showStartError(e as ApiError);
    return;
  }
  const enter = () => {
    startSession(showSignIn);
    void enterShell(landing);
  };
  if (!ctx.session.accounts) {
    mountCreateAdmin(root, !justSetUp, enter);
    return;
  }
  if (!ctx.session.user) {
    mountSignIn(root, enter);
    return;
  }
  enter();
}

/** After sign-out, or when the backend says nobody is signed in (or there are no users yet). */
function showSignIn(): void {
  if (document.getElementById("sign-in-username") || document.getElementById("admin-username")) return;
  if (typeof cleanup === "function") cleanup();
  cleanup = undefined;
  if (asking) return;
  asking = true;
  // Ask the backend afresh: sign-in, or the first administrator after a restore of a user-less register.
  void signInThenShell({ view: "intake" }, false).finally(() => (asking = false));
}
let asking = false;

async function enterShell(landing: Route = { view: "intake" }): Promise<void> {
  try {
    ctx.policy = await api.getPolicy();
  } catch (e) {
    showStartError(e as ApiError);
    return;
  }
  renderShell();
  // Someone without the clerk's role lands on the register, not the intake form.
  if (!visibleNav().some((n) => n.view === landing.view) && landing.view !== "case") landing = { view: visibleNav()[0]?.view ?? "register" } as Route;
  await show(landing);
  void refreshDueCount();
}

let dueSeq = 0;
/** Overdue + due today on the 待办期限 tab; quietly nothing when it fails. */
async function refreshDueCount(): Promise<void> {
  const my = ++dueSeq;
  try {
    const n = urgentCount(await api.dueBoard());
    const el = document.getElementById("nav-due-count");
    if (!el || my !== dueSeq) return;
    el.textContent = String(n);
    el.hidden = n === 0;
    const label = t("nav.due_count", { n });
    el.setAttribute("title", label);
    el.setAttribute("aria-label", label);
  } catch {
    /* the board itself shows the error */
  }
}
hooks.dueChanged = () => void refreshDueCount();
hooks.restart = (r) => boot(r);

setNavigator((r) => void show(r));
void boot();
