// 登记簿加密: encrypt the register (or change its passphrase), and deal with
// the plain copies left on disk (earlier backups, files set aside): encrypt
// them too or delete them.
import { dealWithLeftover, plainLeftovers, setRegisterPassphrase, type Leftover } from "../../api/generated";
import type { ApiError } from "../../api/transport";
import { bannerEl, showBanner } from "../../lib/banner";
import { field, h } from "../../lib/dom";
import { clearFieldErrors, clearOnInput, fieldError, showError } from "../../lib/fields";
import { kb } from "../../lib/format";
import { label, t } from "../../lib/i18n";
import { store } from "../../state/store";
import type { Hub } from "./hub";
import { encryptionLabels, MIN_PASSPHRASE_CHARS, passphraseProblem } from "./logic";

const secret = (id: string) => h("input", { id, type: "password", autocomplete: "new-password", spellcheck: "false" });

function leftoversBlock(hub: Hub, banner: HTMLElement): { el: HTMLElement; refresh: () => Promise<void> } {
  const list = h("ul", { class: "backup-list", id: "leftover-list" });
  const el = h("div", { id: "leftovers", hidden: true }, h("h3", { class: "sub" }, t("enc.leftovers")), h("p", { class: "note" }, t("enc.leftovers_intro")), list);
  const act = async (l: Leftover, action: "encrypt" | "delete") => {
    if (action === "delete" && !window.confirm(t("enc.leftover_delete_confirm", { path: l.path }))) return;
    showBanner(banner, null);
    try {
      render(await dealWithLeftover({ path: l.path, action }));
    } catch (e) {
      if (hub.alive()) showBanner(banner, e as ApiError);
    }
  };
  const render = (items: Leftover[]) => {
    el.hidden = items.length === 0;
    list.replaceChildren(
      ...items.map((l) =>
        h(
          "li",
          { class: "leftover-item", "data-path": l.path, "data-kind": l.kind },
          h("span", { class: "mono" }, `${l.path}（${kb(l.bytes)} KB，${label("leftover", l.kind)}）`),
          " ",
          h("button", { type: "button", class: "secondary small", onclick: () => void act(l, "encrypt") }, t("enc.leftover_encrypt")),
          h("button", { type: "button", class: "ghost small", onclick: () => void act(l, "delete") }, t("enc.leftover_delete")),
        ),
      ),
    );
  };
  const refresh = async () => {
    if (!store.state.info?.encrypted) return render([]);
    try {
      const items = await plainLeftovers();
      if (hub.alive()) render(items);
    } catch (e) {
      if (hub.alive()) showBanner(banner, e as ApiError);
    }
  };
  return { el, refresh };
}

export function encryptionCard(hub: Hub): HTMLElement {
  const banner = bannerEl("enc-error");
  const status = h("div", { class: "ok-status", id: "enc-status", "aria-live": "polite", hidden: true });
  const state = h("span", { class: "badge", id: "enc-state" });
  const pass = secret("enc-passphrase");
  const pass2 = secret("enc-passphrase2");
  const submit = h("button", { type: "submit", class: "primary", id: "btn-encrypt" });
  const leftovers = leftoversBlock(hub, banner);
  const render = () => {
    const l = encryptionLabels(store.state.info);
    state.textContent = t(l.state);
    state.dataset.encrypted = String(!!store.state.info?.encrypted);
    state.classList.toggle("enc-on", !!store.state.info?.encrypted);
    submit.textContent = t(l.button);
  };
  const form = h(
    "form",
    { class: "card", id: "settings-encryption", novalidate: true },
    h("h2", {}, t("enc.title")),
    h("p", { class: "note" }, t("enc.intro")),
    h("p", { class: "enc-state-line" }, t("enc.state"), " ", state),
    banner,
    h(
      "div",
      { class: "grid" },
      field("enc-passphrase", t("enc.new_passphrase"), pass, { extra: h("div", { class: "muted small" }, t("enc.hint", { n: MIN_PASSPHRASE_CHARS })) }),
      field("enc-passphrase2", t("enc.repeat"), pass2),
    ),
    h("div", { class: "actions" }, submit, status),
    leftovers.el,
  );
  render();
  clearOnInput(form);
  form.addEventListener("input", () => (status.hidden = true));
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    if (submit.disabled) return;
    showBanner(banner, null);
    clearFieldErrors(form);
    status.hidden = true;
    const problem = passphraseProblem(pass.value, pass2.value);
    if (problem) {
      const id = problem.field === "passphrase" ? "enc-passphrase" : "enc-passphrase2";
      fieldError(id, t(problem.key));
      (problem.field === "passphrase" ? pass : pass2).focus();
      return;
    }
    const l = encryptionLabels(store.state.info);
    submit.disabled = true;
    submit.textContent = t(l.busy);
    try {
      store.setInfo(await setRegisterPassphrase({ passphrase: pass.value }));
      pass.value = "";
      pass2.value = "";
      status.textContent = t(l.done);
      status.hidden = false;
      void leftovers.refresh();
    } catch (e) {
      if (!showError(banner, e as ApiError, (p) => (p === "passphrase" ? "enc-passphrase" : null))) pass.focus();
    } finally {
      submit.disabled = false;
      render();
    }
  });
  void leftovers.refresh();
  return form;
}
