// Boot: ask the backend who we are, then show first-run setup or the shell.
import "./styles.css";
import { api, type ApiError } from "./api";
import { ctx, setNavigator, showBanner, type Route } from "./app";
import { clear, h } from "./dom";
import { setLang, t, type MsgKey } from "./i18n";
import { mountIntake } from "./intake";
import { mountRegister } from "./register";
import { mountCase } from "./caseview";
import { mountQuery } from "./query";
import { mountSettings } from "./settings";
import { mountSetup } from "./setup";

type Cleanup = (() => void) | void;

const root = document.getElementById("app") as HTMLElement;
let cleanup: Cleanup;


const NAV: { view: Route["view"]; key: MsgKey }[] = [
  { view: "intake", key: "nav.intake" },
  { view: "register", key: "nav.register" },
  { view: "query", key: "nav.query" },
  { view: "settings", key: "nav.settings" },
];

function renderShell(): HTMLElement {
  clear(root);
  document.title = ctx.info?.office.name ? `${ctx.info.office.name} · ${t("app.title")}` : t("app.title");
  const nav = h(
    "nav",
    { class: "tabs", "aria-label": t("app.title") },
    NAV.map((n) =>
      h(
        "button",
        { type: "button", class: "tab", id: `nav-${n.view}`, "data-view": n.view, onclick: () => show({ view: n.view } as Route) },
        t(n.key),
      ),
    ),
  );
  const header = h(
    "header",
    { class: "app-header" },
    h("div", { class: "brand" }, h("div", { class: "office-name", id: "office-name" }, ctx.info?.office.name ?? ""), h("div", { class: "app-name" }, t("app.title"))),
    nav,
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
    const active = b.dataset.view === route.view || (route.view === "case" && b.dataset.view === "register");
    b.classList.toggle("active", active);
    if (active) b.setAttribute("aria-current", "page");
    else b.removeAttribute("aria-current");
  }
  switch (route.view) {
    case "intake":
      cleanup = await mountIntake(main);
      break;
    case "register":
      cleanup = mountRegister(main);
      break;
    case "case":
      cleanup = mountCase(main, route.id);
      break;
    case "query":
      cleanup = mountQuery(main);
      break;
    case "settings":
      cleanup = mountSettings(main, () => {
        renderShell();
        void show({ view: "settings" });
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

async function boot(): Promise<void> {
  clear(root);
  root.appendChild(h("div", { class: "loading" }, t("app.loading")));
  try {
    const info = await api.appInfo();
    ctx.info = info;
    setLang(info.lang);
    if (!info.set_up) {
      clear(root);
      mountSetup(root, (after) => {
        ctx.info = after;
        setLang(after.lang);
        void enterShell();
      });
      return;
    }
    await enterShell();
  } catch (e) {
    showStartError(e as ApiError);
  }
}

async function enterShell(): Promise<void> {
  try {
    ctx.policy = await api.getPolicy();
  } catch (e) {
    showStartError(e as ApiError);
    return;
  }
  renderShell();
  await show({ view: "intake" });
}

setNavigator((r) => void show(r));
void boot();
