// Boot: where this window works (the desktop app asks once: this
// computer's register or the office's host; a browser seat was served by
// the host). Is the register open (an encrypted one waits for its
// passphrase)? Then the app info: first-run setup, or the session — the
// first administrator, sign-in, or the shell. Started again after a restore.
// The change feed runs from the start and tells the store what changed.
import "./styles.css";
import "./screens.css";
import { appInfo, sessionState } from "./api/generated";
import { platform } from "./api/platform";
import { startBackend } from "./api/start";
import { toApiError } from "./api/transport";
import { connectionBar, mountChooseConnection, mountHostUnreachable } from "./features/connection/view";
import { clear, h } from "./lib/dom";
import { setLang, t } from "./lib/i18n";
import { prepareLanding, showStartError, startRouter } from "./router";
import { store, type Route } from "./state/store";
import { installRecovery } from "./features/session/lock";
import { mountRegisterPassphrase } from "./features/setup/passphrase";
import { mountSetup } from "./features/setup/view";

const root = document.getElementById("app") as HTMLElement;

async function boot(landing: Route = { view: "intake" }): Promise<void> {
  prepareLanding(landing, false);
  clear(root);
  root.appendChild(h("div", { class: "loading" }, t("app.loading")));
  const desktop = platform().desktop;
  const conn = desktop ? await platform().connectionStatus().catch(() => null) : null;
  if (conn?.mode === "choose") {
    mountChooseConnection(root, conn, () => void boot(landing));
    return;
  }
  try {
    const status = await platform().registerStatus();
    if (!status.open) {
      const err = status.error ?? { code: "internal", message: status.path, fields: [] };
      // An encrypted register waits for its passphrase; then the start-up goes on.
      if (err.code === "db_needs_key") mountRegisterPassphrase(root, err.message, () => void boot(landing));
      else showStartError(err, () => void boot(landing));
      return;
    }
    const info = await appInfo();
    setLang(info.lang);
    store.setLang(info.lang);
    store.setInfo(info);
    if (!info.set_up) {
      clear(root);
      mountSetup(root, () => {
        prepareLanding(landing, true);
        void session();
      });
      return;
    }
    await session();
  } catch (e) {
    const err = toApiError(e);
    if (conn?.mode === "remote" && (err.code === "host_unreachable" || err.code === "host_certificate")) mountHostUnreachable(root, conn, err, () => void boot(landing));
    else showStartError(err, () => void boot(landing));
  }
}

/** The seat's session decides the screen (the router follows it). */
async function session(): Promise<void> {
  try {
    const s = await sessionState();
    setLang(s.lang);
    store.setLang(s.lang);
    store.setSession(s);
  } catch (e) {
    showStartError(toApiError(e));
  }
}

startBackend().follow(
  (c) => store.changed(c),
  (online, message) => {
    connectionBar(online, message);
    store.setOnline(online);
  },
);
installRecovery();
startRouter(root);
store.on("restart", (r) => void boot(r));
void boot();
