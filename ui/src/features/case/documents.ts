// 文书 on the case page: issue the documents the core allows this user on
// this case, and reprint any document issued before (the very bytes,
// checked against their hash).
import { issuedDocuments, type CaseView, type IssuedDoc } from "../../api/generated";
import type { ApiError } from "../../api/transport";
import { bannerEl, showBanner } from "../../lib/banner";
import { addDays, isoDate } from "../../lib/dates";
import { h, shortTime } from "../../lib/dom";
import { shortHash, sizeText } from "../../lib/format";
import { dateInput } from "../../lib/datefield";
import { label, t } from "../../lib/i18n";
import { issueAndPrint, reprintAndPrint } from "./issue";
import { cardDocuments, issueExtra } from "./logic";

/** The section; `changed` runs after a document was issued (the history has a new entry). */
export function documentsSection(c: CaseView, changed: () => void): HTMLElement {
  const banner = bannerEl("issue-error");
  const status = h("div", { class: "ok-status", id: "issue-status", "aria-live": "polite", hidden: true });
  const list = h("ol", { class: "issued-list", id: "issued-list", "aria-busy": "true" });
  const empty = h("p", { class: "muted", id: "issued-none", hidden: true }, t("issue.list_none"));
  const offers = cardDocuments(c.allowed.documents);
  const mayIssue = c.allowed.documents.length > 0;
  const today = isoDate();

  const setStatus = (text: string | null) => {
    status.textContent = text ?? "";
    status.hidden = !text;
  };

  const busy = (on: boolean) => {
    for (const b of Array.from(section.querySelectorAll<HTMLButtonElement>("button"))) b.disabled = on;
  };

  const loadList = async () => {
    try {
      const docs = await issuedDocuments({ case_id: c.id });
      list.replaceChildren(...docs.slice().reverse().map(issuedRow));
      empty.hidden = docs.length > 0;
    } catch (e) {
      showBanner(banner, e as ApiError);
    } finally {
      list.removeAttribute("aria-busy");
    }
  };

  const issue = async (docType: string, answerDue?: HTMLInputElement) => {
    showBanner(banner, null);
    setStatus(null);
    busy(true);
    try {
      const r = await issueAndPrint(c.id, docType, issueExtra(docType, today, answerDue?.value));
      // A closed print dialog still issued (and kept) the document.
      setStatus(r.lines?.length ? r.lines.join("\n") : t("issue.kept"));
      await loadList();
      changed();
    } catch (e) {
      showBanner(banner, e as ApiError);
    } finally {
      busy(false);
    }
  };

  const reprint = async (d: IssuedDoc) => {
    showBanner(banner, null);
    setStatus(null);
    busy(true);
    try {
      const r = await reprintAndPrint(c.id, d.id);
      if (r.lines?.length) setStatus(r.lines.join("\n"));
    } catch (e) {
      showBanner(banner, e as ApiError);
    } finally {
      busy(false);
    }
  };

  function issuedRow(d: IssuedDoc): HTMLElement {
    return h(
      "li",
      { class: "issued-doc", "data-doc-id": d.id, "data-doc-type": d.doc_type },
      h(
        "div",
        { class: "issued-main" },
        h("span", { class: "issued-title" }, d.title || label("doc", d.doc_type)),
        d.doc_number ? h("span", { class: "issued-docno", "data-doc-number": d.doc_number }, d.doc_number) : null,
        h(
          "span",
          { class: "muted small issued-meta" },
          h("time", {}, shortTime(d.at)),
          " · ",
          h("span", { class: "issued-actor" }, t("issue.by", { actor: d.actor || t("common.none") })),
          " · ",
          h("span", { class: "issued-size" }, sizeText(d.size)),
          " · ",
          h("span", { class: "mono issued-hash", title: `SHA-256 ${d.sha256}` }, shortHash(d.sha256)),
        ),
      ),
      mayIssue && !d.redacted ? h("button", { type: "button", class: "secondary btn-reprint", "data-doc-id": d.id, onclick: () => void reprint(d) }, t("issue.reprint")) : null,
    );
  }

  const buttons = offers.map((o) => {
    const btn = h("button", { type: "button", class: "secondary", id: `btn-issue-${o}`, "data-doc-type": o }, t("issue.button", { doc: label("doc", o) }));
    if (o !== "notice_to_accused") {
      btn.addEventListener("click", () => void issue(o));
      return btn;
    }
    const due = dateInput("issue-answer_due", addDays(today, 5), { class: "issue-date" });
    btn.addEventListener("click", () => void issue(o, due));
    return h("span", { class: "issue-with-date" }, btn, h("label", { for: "issue-answer_due", class: "small muted" }, t("issue.answer_due")), due);
  });

  const section = h(
    "section",
    { class: "card case-documents", id: "case-documents" },
    h("h2", {}, t("issue.title")),
    h("p", { class: "note" }, t("issue.intro")),
    banner,
    offers.length ? h("div", { class: "actions issue-actions" }, buttons) : h("p", { class: "muted" }, t("issue.none")),
    status,
    h("h3", { class: "sub" }, t("issue.list")),
    list,
    empty,
  );
  void loadList();
  return section;
}
