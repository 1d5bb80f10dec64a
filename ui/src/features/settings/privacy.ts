// 个人信息: the idle lock and how long identities are kept, everything the
// register holds about one person as a JSON file, and the archived cases
// past retention, anonymised one by one (the number typed to confirm).
import { anonymisationDue, anonymiseCase, exportPersonalData, updateSettings, type AnonymisationDue } from "../../api/generated";
import type { ApiError } from "../../api/transport";
import { bannerEl, showBanner } from "../../lib/banner";
import { textToBase64 } from "../../lib/bytes";
import { compactDate } from "../../lib/dates";
import { clear, field, h, shortTime } from "../../lib/dom";
import { clearFieldErrors, dashedId, showError } from "../../lib/fields";
import { saveFile } from "../../lib/files";
import { getLang, t } from "../../lib/i18n";
import { setIdleMinutes } from "../session/lock";
import type { Hub } from "./hub";
import { personalDataFileName, settingsPayload } from "./logic";

const text = (id: string, type = "text") => h("input", { id, type, autocomplete: "off", spellcheck: "false" });

export function privacyCard(hub: Hub): HTMLElement {
  const banner = bannerEl("privacy-error");
  const status = h("div", { class: "ok-status", id: "privacy-status", "aria-live": "polite", hidden: true });
  const idle = h("input", { id: "settings-idle-lock-minutes", type: "number", min: "1", max: "240", step: "1" });
  const retention = h("input", { id: "settings-retention-years", type: "number", min: "1", max: "50", step: "1" });
  const save = h("button", { type: "button", class: "secondary", id: "btn-privacy-save", disabled: true }, t("privacy.save"));
  hub.onSettings((s) => {
    idle.value = String(s.idle_lock_minutes);
    retention.value = String(s.retention_years);
    save.disabled = false;
  });
  save.addEventListener("click", async () => {
    const base = hub.loaded();
    if (!base) return;
    save.disabled = true;
    status.hidden = true;
    showBanner(banner, null);
    clearFieldErrors(card);
    try {
      const s = await updateSettings(settingsPayload(base, getLang(), { idle_lock_minutes: Number.parseInt(idle.value, 10) || 0, retention_years: Number.parseInt(retention.value, 10) || 0 }));
      hub.saved(s);
      setIdleMinutes(s.idle_lock_minutes);
      status.textContent = t("privacy.saved");
      status.hidden = false;
      void refreshDue();
    } catch (e) {
      showError(banner, e as ApiError, (p) => dashedId("settings", p));
    } finally {
      save.disabled = false;
    }
  });

  const pdName = text("pd-name");
  const pdPhone = text("pd-phone", "tel");
  const pdStatus = h("div", { class: "ok-status", id: "pd-status", "aria-live": "polite", hidden: true });
  const pdExport = h("button", { type: "button", class: "primary", id: "btn-pd-export" }, t("privacy.export"));
  pdExport.addEventListener("click", async () => {
    pdExport.disabled = true;
    pdStatus.hidden = true;
    showBanner(banner, null);
    clearFieldErrors(card);
    try {
      const data = await exportPersonalData({ name: pdName.value.trim(), phone: pdPhone.value.trim() });
      const path = await saveFile(personalDataFileName(data.name, data.phone, compactDate()), textToBase64(JSON.stringify(data, null, 2)));
      if (path) {
        pdStatus.textContent = t("privacy.exported", { path });
        pdStatus.hidden = false;
      }
    } catch (e) {
      showError(banner, e as ApiError, (p) => dashedId("pd", p));
    } finally {
      pdExport.disabled = false;
    }
  });

  const dueBody = h("div", { id: "anon-due" });
  const dueRow = (d: AnonymisationDue) => {
    const slot = h("div", { class: "anon-confirm" });
    const btn = h("button", { type: "button", class: "secondary", id: `btn-anon-${d.id}`, "data-number": d.number }, t("privacy.anonymise"));
    btn.addEventListener("click", () => {
      if (slot.firstChild) return clear(slot);
      const typed = h("input", { id: `anon-confirm-${d.id}`, type: "text", autocomplete: "off", spellcheck: "false", class: "mono" });
      const go = h("button", { type: "button", class: "danger", id: `btn-anon-confirm-${d.id}` }, t("privacy.confirm"));
      go.addEventListener("click", async () => {
        go.disabled = true;
        showBanner(banner, null);
        try {
          await anonymiseCase({ case_id: d.id, version: null, input: { number: typed.value.trim() } });
          status.textContent = t("privacy.anonymised", { number: d.number });
          status.hidden = false;
          await refreshDue();
        } catch (e) {
          showBanner(banner, e as ApiError);
          go.disabled = false;
        }
      });
      slot.append(h("label", { for: typed.id }, t("privacy.confirm_label", { number: d.number })), typed, go);
      typed.focus();
    });
    return h(
      "li",
      { class: "anon-item", "data-number": d.number },
      h("span", { class: "mono" }, d.number),
      h("span", { class: "muted small" }, ` ${t("privacy.archived_at")} ${shortTime(d.archived_at)} · ${t("privacy.retention_ends")} ${d.retention_ends} `),
      btn,
      slot,
    );
  };
  const refreshDue = async () => {
    try {
      const due = await anonymisationDue();
      if (hub.alive()) dueBody.replaceChildren(due.length ? h("ul", { class: "anon-list", id: "anon-list" }, due.map(dueRow)) : h("p", { class: "muted", id: "anon-none" }, t("privacy.due_none")));
    } catch (e) {
      if (hub.alive()) showBanner(banner, e as ApiError);
    }
  };
  void refreshDue();

  const card = h(
    "section",
    { class: "card", id: "settings-privacy" },
    h("h2", {}, t("privacy.title")),
    h("p", { class: "note" }, t("privacy.intro")),
    banner,
    status,
    h("div", { class: "grid" }, field("settings-idle-lock-minutes", t("privacy.idle_lock"), idle), field("settings-retention-years", t("privacy.retention"), retention)),
    h("div", { class: "actions" }, save),
    h("h3", { class: "sub" }, t("privacy.export_title")),
    h("div", { class: "grid" }, field("pd-name", t("privacy.name"), pdName), field("pd-phone", t("privacy.phone"), pdPhone)),
    h("div", { class: "actions" }, pdExport, pdStatus),
    h("h3", { class: "sub" }, t("privacy.due_title")),
    dueBody,
  );
  return card;
}
