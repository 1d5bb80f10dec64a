// 办理期限规则: the length of each deadline of the office's policy, edited in
// place; every rule is sent (the others as loaded), and a rule the core
// refuses gets its message on its own row.
import { getPolicy, updateDeadlineRules, type DeadlineRule, type Policy, type Unit } from "../../api/generated";
import type { ApiError } from "../../api/transport";
import { bannerEl, showBanner } from "../../lib/banner";
import { h, select } from "../../lib/dom";
import { getLang, label, pick, t } from "../../lib/i18n";
import { store } from "../../state/store";
import type { Hub } from "./hub";
import { buildRulesPayload, PERIOD_UNITS, periodLabel, ruleIndex, type PeriodEdit } from "./logic";

interface Row {
  rule: DeadlineRule;
  amount: HTMLInputElement;
  unit: HTMLSelectElement;
  error: HTMLElement;
}

export function deadlinesCard(hub: Hub): HTMLElement {
  const banner = bannerEl("deadlines-error");
  const status = h("div", { class: "ok-status", id: "deadlines-status", "aria-live": "polite", hidden: true });
  const save = h("button", { type: "button", class: "primary", id: "btn-deadlines-save", disabled: true }, t("deadlines.save"));
  const table = h("table", { class: "cases", id: "deadline-rules" }, h("tbody", {}, h("tr", { class: "empty" }, h("td", { colspan: 4 }, t("app.loading")))));
  const none = h("p", { class: "muted", id: "deadline-rules-empty", hidden: true }, t("deadlines.none"));
  let rules: DeadlineRule[] = [];
  const rows: Row[] = [];
  const eventLabel = (code: string) => (code === "received" ? t("deadlines.event.received") : label("status", code));
  const name = (r: DeadlineRule) => pick({ name_zh: r.label_zh, name_en: r.label_en });

  const clearRowErrors = () => {
    for (const r of rows) {
      r.amount.removeAttribute("aria-invalid");
      r.error.hidden = true;
      r.error.textContent = "";
    }
  };
  const showRowError = (i: number, msg: string) => {
    const r = rows[i];
    if (!r) return false;
    r.amount.setAttribute("aria-invalid", "true");
    r.error.textContent = r.error.textContent ? `${r.error.textContent}；${msg}` : msg;
    r.error.hidden = false;
    return true;
  };
  const render = (p: Policy) => {
    rules = p.deadlines;
    rows.length = 0;
    const body = rules.map((rule) => {
      const amount = h("input", { id: `rule-amount-${rule.code}`, type: "number", min: "1", max: "3650", step: "1", class: "rule-amount", value: String(rule.period.amount), "aria-label": `${name(rule)} · ${t("deadlines.amount")}`, "aria-describedby": `rule-error-${rule.code}` });
      const unit = select({ id: `rule-unit-${rule.code}`, "aria-label": `${name(rule)} · ${t("deadlines.unit")}` }, PERIOD_UNITS.map((u) => ({ value: u, label: t(`unit.${u}`) })), rule.period.unit);
      const shown = h("span", { class: "muted small rule-period", id: `rule-period-${rule.code}` }, periodLabel(rule.period));
      const error = h("div", { class: "field-error", id: `rule-error-${rule.code}`, role: "alert", hidden: true });
      rows.push({ rule, amount, unit, error });
      const edited = () => {
        status.hidden = true;
        amount.removeAttribute("aria-invalid");
        error.hidden = true;
        const n = Number.parseInt(amount.value, 10);
        shown.textContent = Number.isFinite(n) ? periodLabel({ amount: n, unit: unit.value as Unit }) : "";
      };
      amount.addEventListener("input", edited);
      unit.addEventListener("change", edited);
      return h(
        "tr",
        { "data-code": rule.code, class: "rule-row" },
        h("td", {}, name(rule)),
        h("td", {}, `${eventLabel(rule.from)} → ${[rule.met_by, ...rule.also_met_by].map(eventLabel).join(" / ")}`),
        h("td", {}, h("div", { class: "rule-period-edit" }, amount, " ", unit, " ", shown), error),
        h("td", {}, rule.severities.length ? rule.severities.map((v) => label("severity", v)).join(getLang() === "en" ? ", " : "、") : t("deadlines.all_severities")),
      );
    });
    table.replaceChildren(
      h("thead", {}, h("tr", {}, h("th", {}, t("deadlines.col.label")), h("th", {}, t("deadlines.col.events")), h("th", {}, t("deadlines.col.period")), h("th", {}, t("deadlines.col.severities")))),
      h("tbody", {}, body),
    );
    table.hidden = !rules.length;
    none.hidden = rules.length > 0;
    save.disabled = !rules.length;
  };

  save.addEventListener("click", async () => {
    if (save.disabled) return;
    showBanner(banner, null);
    status.hidden = true;
    clearRowErrors();
    const edits: Record<string, PeriodEdit> = {};
    for (const r of rows) edits[r.rule.code] = { amount: r.amount.value, unit: r.unit.value };
    const payload = buildRulesPayload(rules, edits);
    if (!payload.ok) {
      for (const i of payload.invalid) showRowError(i, t("deadlines.amount_invalid"));
      showBanner(banner, { code: "validation", message: t("deadlines.invalid"), fields: [] });
      rows[payload.invalid[0]]?.amount.focus();
      return;
    }
    save.disabled = true;
    try {
      const p = await updateDeadlineRules(payload.rules);
      // New deadlines count from now on everywhere (due board, case view).
      store.setPolicy(p);
      store.casesChanged();
      if (!hub.alive()) return;
      render(p);
      status.textContent = t("deadlines.saved");
      status.hidden = false;
    } catch (e) {
      if (!hub.alive()) return;
      const err = e as ApiError;
      let first: number | null = null;
      for (const f of err.fields) {
        const i = ruleIndex(f);
        if (i !== null && showRowError(i, f.message)) first ??= i;
      }
      showBanner(banner, err, { fieldId: (p) => rows[ruleIndex({ field: p }) ?? -1]?.amount.id ?? null });
      if (first !== null) rows[first].amount.focus();
    } finally {
      if (hub.alive()) save.disabled = !rules.length;
    }
  });
  getPolicy()
    .then((p) => {
      store.setPolicy(p);
      if (hub.alive()) render(p);
    })
    .catch((e: ApiError) => {
      if (!hub.alive()) return;
      if (store.state.policy) render(store.state.policy);
      showBanner(banner, e);
    });
  return h(
    "section",
    { class: "card", id: "settings-deadlines" },
    h("h2", {}, t("deadlines.title")),
    h("p", { class: "note" }, t("deadlines.intro")),
    h("div", { class: "table-wrap" }, table),
    none,
    banner,
    h("div", { class: "actions" }, save, status),
  );
}
