// The first screen of a new installation — this computer's register, or
// the office's register on its host (address, the pairing code the host
// shows, this seat's name) — and the screen when the host cannot be
// reached (what to check, 重试, or choose again). Desktop only: a browser
// seat was served by the host and has nothing to choose.
import { platform, type ConnectionStatus } from "../../api/platform";
import { toApiError, type ApiError } from "../../api/transport";
import { bannerEl, showBanner } from "../../lib/banner";
import { clear, field, h } from "../../lib/dom";
import { clearFieldErrors, fieldError } from "../../lib/fields";
import { t, type MsgKey } from "../../lib/i18n";
import { addressProblem, normalizePairingCode, pairingCodeComplete } from "./logic";

function page(titleKey: MsgKey, ...body: (Node | null)[]): HTMLElement {
  return h("div", { class: "auth-page" }, h("div", { class: "auth-card card wide-card" }, h("div", { class: "auth-app muted" }, t("app.title")), h("h1", {}, t(titleKey)), ...body));
}

/** Asks where this window works; `done` starts the app with the choice made. */
export function mountChooseConnection(root: HTMLElement, status: ConnectionStatus, done: () => void): void {
  clear(root);
  const banner = bannerEl("connect-error");
  const address = h("input", { id: "connect-address", type: "text", autocomplete: "off", spellcheck: "false", placeholder: "192.168.1.20:8443", value: status.address });
  const code = h("input", { id: "connect-code", type: "text", autocomplete: "off", spellcheck: "false", placeholder: "XXXX-XXXX-XXXX-XXXX", maxlength: "24" });
  const seat = h("input", { id: "connect-seat", type: "text", autocomplete: "off", maxlength: "40", value: status.seat_name, placeholder: t("connect.seat_ph") });
  code.addEventListener("blur", () => (code.value = normalizePairingCode(code.value)));
  const localBtn = h("button", { type: "button", class: "primary", id: "btn-use-local" }, t("connect.use_local"));
  const connectBtn = h("button", { type: "submit", class: "primary", id: "btn-connect" }, t("connect.connect"));
  const busy = (on: boolean) => {
    localBtn.disabled = on;
    connectBtn.disabled = on;
    connectBtn.textContent = on ? t("connect.connecting") : t("connect.connect");
  };

  localBtn.addEventListener("click", async () => {
    busy(true);
    try {
      await platform().useLocalRegister();
      done();
    } catch (e) {
      showBanner(banner, toApiError(e));
      busy(false);
    }
  });

  const form = h(
    "form",
    { id: "connect-form", class: "form-grid", novalidate: true },
    field("connect-address", t("connect.address"), address, { required: true, wide: true }),
    field("connect-code", t("connect.code"), code, { required: true, wide: true, extra: h("div", { class: "hint muted" }, t("connect.code_hint")) }),
    field("connect-seat", t("connect.seat"), seat, { wide: true }),
    h("div", { class: "actions" }, connectBtn),
  );
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form);
    showBanner(banner, null);
    const problem = addressProblem(address.value);
    let ok = true;
    if (problem) {
      fieldError("connect-address", t(`connect.address_${problem}` as MsgKey));
      ok = false;
    }
    code.value = normalizePairingCode(code.value);
    if (!pairingCodeComplete(code.value)) {
      fieldError("connect-code", t("connect.code_incomplete"));
      ok = false;
    }
    if (!ok) return;
    busy(true);
    try {
      await platform().connectToHost(address.value.trim(), code.value, seat.value.trim());
      done();
    } catch (e) {
      showBanner(banner, toApiError(e));
      busy(false);
    }
  });

  root.appendChild(
    page(
      "connect.title",
      banner,
      h(
        "div",
        { class: "connect-choices" },
        h("section", { class: "connect-choice", id: "choice-local" }, h("h2", {}, t("connect.local_title")), h("p", { class: "muted" }, t("connect.local_text")), h("p", { class: "mono small" }, status.path), localBtn),
        h("section", { class: "connect-choice", id: "choice-remote" }, h("h2", {}, t("connect.remote_title")), h("p", { class: "muted" }, t("connect.remote_text")), form),
      ),
    ),
  );
  localBtn.focus();
}

/** The host did not answer: what to check, 重试, or choose again. */
export function mountHostUnreachable(root: HTMLElement, status: ConnectionStatus, e: ApiError, retry: () => void): void {
  clear(root);
  const banner = bannerEl("host-error");
  root.appendChild(
    page(
      "connect.unreachable_title",
      banner,
      h("p", {}, t("connect.unreachable_host", { address: status.address })),
      h("ul", { class: "checks", id: "host-checks" }, ["connect.check_on", "connect.check_network", "connect.check_firewall", "connect.check_address"].map((k) => h("li", {}, t(k as MsgKey)))),
      h(
        "div",
        { class: "actions" },
        h("button", { type: "button", class: "primary", id: "btn-retry", onclick: () => retry() }, t("app.retry")),
        h("button", { type: "button", class: "secondary", id: "btn-choose-again", onclick: () => mountChooseConnection(root, status, retry) }, t("connect.choose_again")),
      ),
    ),
  );
  showBanner(banner, e);
}

/** The thin bar saying the host is lost (and gone again when it is back). */
export function connectionBar(online: boolean, message?: string): void {
  let bar = document.getElementById("connection-bar");
  if (online) {
    bar?.remove();
    return;
  }
  if (!bar) {
    bar = h("div", { id: "connection-bar", class: "connection-bar", role: "status", "aria-live": "polite" });
    document.body.prepend(bar);
  }
  bar.textContent = message || t("connect.lost");
}
