// Boot: is the register open (an encrypted one waits for its passphrase)?
// Then the app info: first-run setup, or the session — the first
// administrator, sign-in, or the shell. Started again after a restore.
import "./styles.css";
import { appInfo, sessionState } from "./api/generated";
import { platform, tauriTransport } from "./api/tauri";
import { setTransport, toApiError } from "./api/transport";
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
  try {
    const status = await platform.registerStatus();
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
    showStartError(toApiError(e), () => void boot(landing));
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

setTransport(tauriTransport);
installRecovery();
startRouter(root);
store.on("restart", (r) => void boot(r));
void boot();
