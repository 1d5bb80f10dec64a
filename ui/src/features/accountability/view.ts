// 问责: every flag (missed deadlines raise theirs on their own) with confirm /
// dismiss, recording another violation, and how each handler is doing.
import { accountabilityFlags, decideFlag, handlerStats, listCases, recordViolation, type Flag, type HandlerStats } from "../../api/generated";
import type { ApiError } from "../../api/transport";
import { bannerEl, showBanner } from "../../lib/banner";
import { field, h, select, shortTime } from "../../lib/dom";
import { formatBpFixed, formatFen } from "../../lib/format";
import { label, t, type MsgKey } from "../../lib/i18n";
import { store } from "../../state/store";
import { exactCase, numberQuery } from "../register/logic";
import { sortFlags, VIOLATION_RULES } from "./logic";

export function mountAccountability(main: HTMLElement): () => void {
  // Deciding flags and recording violations: as the core allows this user.
  const leads = store.may("decide_flag");
  let live = true;
  const banner = bannerEl("accountability-error");
  const status = h("div", { class: "ok-status", id: "accountability-status", "aria-live": "polite", hidden: true });
  const flagsBox = h("div", { id: "flags-box", "aria-busy": "true" }, h("div", { class: "loading" }, t("app.loading")));
  const handlersBox = h("div", { id: "handlers-box", "aria-busy": "true" }, h("div", { class: "loading" }, t("app.loading")));

  const setStatus = (text: string | null) => {
    status.textContent = text ?? "";
    status.hidden = !text;
  };

  const loadFlags = async () => {
    try {
      const flags = await accountabilityFlags();
      if (live) flagsBox.replaceChildren(flagsTable(flags));
    } catch (e) {
      if (live) {
        flagsBox.replaceChildren();
        showBanner(banner, e as ApiError);
      }
    } finally {
      flagsBox.removeAttribute("aria-busy");
    }
  };
  const loadHandlers = async () => {
    try {
      const stats = await handlerStats();
      if (live) handlersBox.replaceChildren(handlerTable(stats));
    } catch (e) {
      if (live) {
        handlersBox.replaceChildren();
        showBanner(banner, e as ApiError);
      }
    } finally {
      handlersBox.removeAttribute("aria-busy");
    }
  };
  const reloadAll = async () => {
    await loadFlags();
    await loadHandlers();
  };

  // ---- the flags ----

  const decide = async (f: Flag, confirm: boolean, row: HTMLElement) => {
    const reason = row.querySelector<HTMLTextAreaElement>(`#flag-reason-${f.id}`);
    const err = row.querySelector<HTMLElement>(`#flag-reason-${f.id}-error`);
    const buttons = Array.from(row.querySelectorAll<HTMLButtonElement>("button"));
    showBanner(banner, null);
    setStatus(null);
    if (err) {
      err.hidden = true;
      err.textContent = "";
    }
    reason?.removeAttribute("aria-invalid");
    buttons.forEach((b) => (b.disabled = true));
    try {
      await decideFlag({ id: f.id, confirm, reason: reason?.value.trim() ?? "" });
      setStatus(t("acc.decided_done"));
      await reloadAll();
    } catch (e) {
      const ae = e as ApiError;
      const fe = ae.fields.find((x) => x.field === "reason");
      if (fe && err && reason) {
        err.textContent = fe.message;
        err.hidden = false;
        reason.setAttribute("aria-invalid", "true");
        reason.focus();
      } else {
        showBanner(banner, ae);
      }
      if (ae.code === "flag_decided") await reloadAll();
      buttons.forEach((b) => (b.disabled = false));
    }
  };

  function flagRow(f: Flag): HTMLElement {
    const open = () => store.go({ view: "case", id: f.case_id });
    const suggested = [f.suggested_zh, f.fine > 0 ? t("acc.fine", { amount: formatFen(f.fine) }) : ""].filter(Boolean).join("，");
    const row = h(
      "tr",
      { class: `flag-row state-${f.state}`, "data-flag-id": f.id, "data-state": f.state, "data-rule": f.rule },
      h("td", {}, h("button", { type: "button", class: "link mono flag-number", "data-case-id": f.case_id, onclick: open }, f.number)),
      h("td", { class: "flag-handler" }, f.handler || t("common.none")),
      h("td", { class: "flag-rule" }, f.rule_zh),
      h("td", { class: "flag-note" }, f.note || t("common.none")),
      h("td", { class: "flag-suggested" }, suggested || t("common.none")),
      h("td", { class: "flag-raised_at" }, shortTime(f.raised_at)),
      h("td", {}, h("span", { class: `badge flag-state state-${f.state}` }, label("flagstate", f.state))),
    );
    const cell = h("td", { class: "flag-decision" });
    if (f.state === "raised" && leads) {
      const reason = h("textarea", { id: `flag-reason-${f.id}`, rows: 1, class: "flag-reason", "aria-label": t("acc.reason"), placeholder: t("acc.reason") });
      const confirm = h("button", { type: "button", class: "secondary danger btn-flag-confirm", "data-flag-id": f.id }, t("acc.confirm"));
      const dismiss = h("button", { type: "button", class: "ghost btn-flag-dismiss", "data-flag-id": f.id }, t("acc.dismiss"));
      confirm.addEventListener("click", () => void decide(f, true, row));
      dismiss.addEventListener("click", () => void decide(f, false, row));
      cell.append(reason, h("div", { class: "field-error", id: `flag-reason-${f.id}-error`, role: "alert", hidden: true }), h("div", { class: "actions" }, confirm, dismiss));
    } else if (f.state !== "raised") {
      cell.append(h("span", { class: "muted small" }, t("acc.decided", { actor: f.decided_by ?? t("common.none"), reason: f.reason ?? "" })));
    }
    row.appendChild(cell);
    return row;
  }

  function flagsTable(flags: Flag[]): HTMLElement {
    if (!flags.length) return h("p", { class: "muted", id: "flags-table" }, t("acc.flags_none"));
    const heads: MsgKey[] = ["acc.col.number", "acc.col.handler", "acc.col.rule", "acc.col.note", "acc.col.suggested", "acc.col.raised_at", "acc.col.state", "acc.col.decision"];
    return h(
      "table",
      { class: "plain flags-table", id: "flags-table" },
      h("thead", {}, h("tr", {}, heads.map((k) => h("th", { scope: "col" }, t(k))))),
      h("tbody", {}, sortFlags(flags).map(flagRow)),
    );
  }

  // ---- the handlers ----

  function handlerTable(stats: HandlerStats[]): HTMLElement {
    if (!stats.length) return h("p", { class: "muted", id: "handler-table" }, t("acc.handlers_none"));
    const heads: MsgKey[] = ["acc.col.handler", "acc.col.open_cases", "acc.col.on_time", "acc.col.flags_raised", "acc.col.flags_confirmed"];
    return h(
      "table",
      { class: "plain handler-table", id: "handler-table" },
      h("thead", {}, h("tr", {}, heads.map((k) => h("th", { scope: "col" }, t(k))))),
      h(
        "tbody",
        {},
        stats.map((s) =>
          h(
            "tr",
            { class: "handler-row", "data-handler": s.handler },
            h("td", {}, s.handler || t("common.none")),
            h("td", { class: "num" }, String(s.open_cases)),
            h(
              "td",
              { class: "num handler-on-time", title: t("acc.col.on_time_detail", { met: s.deadlines_met_on_time, due: s.deadlines_due }) },
              formatBpFixed(s.on_time_bp),
            ),
            h("td", { class: "num" }, String(s.flags_raised)),
            h("td", { class: "num" }, String(s.flags_confirmed)),
          ),
        ),
      ),
    );
  }

  // ---- recording a violation ----

  const caseInput = h("input", { id: "violation-case", type: "text", autocomplete: "off", class: "mono", placeholder: "TS-2026-0001" });
  const handler = h("input", { id: "violation-handler", type: "text", autocomplete: "off" });
  const rule = select({ id: "violation-rule" }, VIOLATION_RULES.map((r) => ({ value: r, label: label("vrule", r) })), VIOLATION_RULES[0]);
  const note = h("textarea", { id: "violation-note", rows: 2 });
  const submit = h("button", { type: "button", class: "primary", id: "btn-violation-submit" }, t("acc.violation_submit"));
  const form = h(
    "section",
    { class: "card", id: "violation-form" },
    h("h2", {}, t("acc.violation")),
    h(
      "div",
      { class: "grid" },
      field("violation-case", t("acc.violation_case"), caseInput, { required: true }),
      field("violation-handler", t("acc.violation_handler"), handler, { required: true }),
      field("violation-rule", t("acc.violation_rule"), rule, { required: true, wide: true }),
      field("violation-note", t("acc.violation_note"), note, { wide: true }),
    ),
    h("div", { class: "actions" }, submit),
  );

  const fieldError = (name: string, message: string) => {
    const slot = form.querySelector<HTMLElement>(`#violation-${name}-error`);
    const ctl = form.querySelector<HTMLElement>(`#violation-${name}`);
    if (!slot) return false;
    slot.textContent = slot.textContent ? `${slot.textContent} ${message}` : message;
    slot.hidden = false;
    ctl?.setAttribute("aria-invalid", "true");
    ctl?.focus();
    return true;
  };
  const clearErrors = () => {
    for (const e of Array.from(form.querySelectorAll<HTMLElement>(".field-error"))) {
      e.hidden = true;
      e.textContent = "";
    }
    for (const e of Array.from(form.querySelectorAll("[aria-invalid]"))) e.removeAttribute("aria-invalid");
  };

  submit.addEventListener("click", async () => {
    showBanner(banner, null);
    setStatus(null);
    clearErrors();
    const number = caseInput.value.trim();
    if (!number) {
      fieldError("case", t("acc.case_required"));
      return;
    }
    submit.disabled = true;
    try {
      const page = await listCases(numberQuery(number));
      const id = exactCase(page.items, number);
      if (id === null) {
        fieldError("case", t("acc.case_not_found", { number }));
        return;
      }
      const flag = await recordViolation({ case_id: id, version: null, input: { handler: handler.value.trim(), rule: rule.value, note: note.value.trim() } });
      setStatus(t("acc.violation_done", { number: flag.number }));
      caseInput.value = "";
      handler.value = "";
      note.value = "";
      await reloadAll();
    } catch (e) {
      const ae = e as ApiError;
      const rest = ae.fields.filter((f) => !fieldError(f.field === "case_id" ? "case" : f.field.split(/[.[]/)[0], f.message));
      if (!ae.fields.length || rest.length) showBanner(banner, ae);
    } finally {
      submit.disabled = false;
    }
  });

  main.append(
    h("h1", { class: "view-title" }, t("acc.title")),
    h("p", { class: "note" }, t("acc.intro")),
    banner,
    status,
    h("section", { class: "card", id: "accountability-flags" }, h("h2", {}, t("acc.flags")), flagsBox),
    ...(leads ? [form] : []),
    h("section", { class: "card", id: "accountability-handlers" }, h("h2", {}, t("acc.handlers")), handlersBox),
  );
  void reloadAll();
  return () => {
    live = false;
  };
}
