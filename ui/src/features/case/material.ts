// 调查材料 (the records grouped by kind, with the check of attached files
// against their hashes), 关联案件, and the timeline of a case.
import { verifyAttachments, type CaseLink, type CaseView, type HistoryEntry } from "../../api/generated";
import type { ApiError } from "../../api/transport";
import { showBanner } from "../../lib/banner";
import { clear, h, shortTime } from "../../lib/dom";
import { t } from "../../lib/i18n";
import { store } from "../../state/store";
import { historyActionKey, historyActionText, historyDetail, recordKindAt } from "./history";
import { attachmentState, groupRecords, linkLabel, type RecordView } from "./records";

export function historyItem(e: HistoryEntry, c: Pick<CaseView, "records">): HTMLElement {
  const kind = recordKindAt(e, c.records);
  const detail = historyDetail(e.detail, e.action);
  return h(
    "li",
    { class: "history-entry", "data-action": e.action, "data-step": historyActionKey(e.action, e.detail, kind) },
    h("time", {}, shortTime(e.at)),
    h("span", { class: "actor" }, e.actor),
    h("span", { class: "action" }, historyActionText(e.action, e.detail, kind)),
    detail ? h("div", { class: "detail" }, detail) : null,
  );
}

export function timeline(c: CaseView): HTMLElement {
  return h("section", { class: "card" }, h("h2", {}, t("case.history")), h("ol", { class: "timeline", id: "case-history" }, c.history.map((e) => historyItem(e, c))));
}

function recordItem(r: RecordView): HTMLElement {
  return h(
    "li",
    { class: `record record-${r.kind}`, "data-record-id": r.id, "data-kind": r.kind },
    h("div", { class: "record-head" }, h("span", { class: "record-title" }, r.title), " ", h("span", { class: "muted small" }, t("rec.recorded", { at: r.at, actor: r.actor || t("common.none") }))),
    h("ul", { class: "record-lines" }, r.lines.map((l) => h("li", {}, l))),
    r.file ? h("div", { class: "attach-state", "data-stored-as": r.file.storedAs, "aria-live": "polite", hidden: true }) : null,
  );
}

/** 调查材料: the records grouped by kind; evidence gets the attachment check. */
export function recordsSection(c: CaseView, banner: HTMLElement): HTMLElement {
  const groups = groupRecords(c.records);
  const body = h("div", { id: "case-records" });
  if (!groups.length) body.appendChild(h("p", { class: "muted" }, t("case.records_none")));
  for (const g of groups) {
    const verify = g.kind === "evidence" ? h("button", { type: "button", class: "ghost-line", id: "btn-verify-attachments" }, t("attach.verify")) : null;
    const status = g.kind === "evidence" ? h("p", { class: "muted small", id: "attach-status", "aria-live": "polite", hidden: true }) : null;
    const list = h("ol", { class: "records", "data-kind": g.kind }, g.items.map(recordItem));
    if (verify && status) verify.addEventListener("click", () => void checkAttachments(c.id, verify, status, list, banner));
    body.appendChild(
      h(
        "div",
        { class: "record-group", "data-kind": g.kind },
        h("h3", { class: "sub" }, g.title, " ", h("span", { class: "badge" }, String(g.items.length)), verify ? " " : null, verify),
        status,
        list,
      ),
    );
  }
  return h("section", { class: "card" }, h("h2", {}, t("case.records")), body);
}

async function checkAttachments(id: number, btn: HTMLButtonElement, status: HTMLElement, list: HTMLElement, banner: HTMLElement): Promise<void> {
  btn.disabled = true;
  showBanner(banner, null);
  try {
    const checks = await verifyAttachments({ case_id: id });
    const slots = Array.from(list.querySelectorAll<HTMLElement>(".attach-state"));
    for (const slot of slots) {
      clear(slot);
      slot.hidden = true;
    }
    clear(status);
    status.hidden = false;
    status.appendChild(document.createTextNode(checks.length ? t("attach.checked", { n: checks.length }) : t("attach.none")));
    for (const ch of checks) {
      const st = attachmentState(ch.state);
      const badge = h("span", { class: `badge attach-badge ${st.cls}`, "data-state": ch.state, "data-stored-as": ch.stored_as }, `${ch.file_name}：${st.text}`);
      const slot = slots.find((s) => s.dataset.storedAs === ch.stored_as);
      if (slot) {
        slot.appendChild(badge);
        slot.hidden = false;
      } else status.append(" ", badge);
    }
  } catch (e) {
    showBanner(banner, e as ApiError);
  } finally {
    btn.disabled = false;
  }
}

/** 关联案件: each link with its kind and the other case's number as a link. */
export function linksSection(links: CaseLink[]): HTMLElement {
  return h(
    "section",
    { class: "card" },
    h("h2", {}, t("case.links")),
    links.length
      ? h(
          "ul",
          { class: "case-links", id: "case-links" },
          links.map((l) =>
            h(
              "li",
              { "data-kind": l.kind, "data-other-id": l.other_id },
              h("span", { class: `badge link-${l.kind}` }, linkLabel(l)),
              " ",
              h("button", { type: "button", class: "link mono", "data-case-id": l.other_id, onclick: () => store.go({ view: "case", id: l.other_id }) }, l.other_number),
            ),
          ),
        )
      : h("p", { class: "muted", id: "case-links" }, t("common.none")),
  );
}
