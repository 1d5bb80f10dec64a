// 文书模板: edit the office's wording of each document, with a live preview
// filled from a real case, laid out like the printed letter.
import { listTemplates, previewPdf, previewTemplate, resetTemplate, saveTemplate, type PreviewBlock, type TemplateView } from "../../api/generated";
import type { ApiError } from "../../api/transport";
import { bannerEl, showBanner } from "../../lib/banner";
import { isoDate } from "../../lib/dates";
import { debounce, h } from "../../lib/dom";
import { openPreview } from "../../lib/files";
import { label, t } from "../../lib/i18n";
import { docOrder, insertPlaceholder, previewModel, templateError } from "./logic";
import { findCase, latestCase, placeholderItems, previewItem, type PreviewCase } from "./parts";

export function mountTemplates(main: HTMLElement): () => void {
  let live = true;
  let templates: TemplateView[] = [];
  let current: TemplateView | null = null;
  let saved = "";
  let previewCase: PreviewCase | null = null;
  let seq = 0;
  const today = isoDate();

  const banner = bannerEl("tpl-banner");
  const list = h("ul", { class: "tpl-list", id: "tpl-list", "aria-label": t("tpl.list") });
  const heading = h("h2", { id: "tpl-title" });
  const defaultMark = h("span", { class: "badge tpl-default", id: "tpl-default", hidden: true }, t("tpl.default"));
  const body = h("textarea", { id: "tpl-body", class: "tpl-body", rows: "22", spellcheck: "false", "aria-describedby": "tpl-error", disabled: true });
  const error = h("div", { class: "field-error tpl-error", id: "tpl-error", role: "alert", hidden: true });
  const status = h("span", { class: "tpl-status", id: "tpl-status", "aria-live": "polite" });
  const save = h("button", { type: "button", class: "primary", id: "btn-tpl-save", disabled: true }, t("tpl.save"));
  const reset = h("button", { type: "button", class: "ghost-line", id: "btn-tpl-reset", disabled: true }, t("tpl.reset"));
  const pdf = h("button", { type: "button", class: "secondary", id: "btn-tpl-pdf", disabled: true }, t("tpl.pdf"));
  const pdfStatus = h("div", { class: "ok-status", id: "tpl-pdf-status", "aria-live": "polite", hidden: true });
  const placeholders = h("ul", { class: "tpl-placeholders", id: "tpl-placeholders" });
  const caseInput = h("input", { type: "text", id: "tpl-case", class: "mono", autocomplete: "off", spellcheck: "false", placeholder: t("tpl.case_hint") });
  const caseError = h("div", { class: "field-error", id: "tpl-case-error", role: "alert", hidden: true });
  const staleNote = h("p", { class: "muted small", id: "tpl-stale", hidden: true }, t("tpl.stale"));
  const preview = h("article", { class: "letter-page", id: "tpl-preview", "aria-live": "polite", "aria-label": t("tpl.preview") });

  main.classList.add("wide");
  main.append(
    h("h1", { class: "view-title" }, t("tpl.title")),
    h("p", { class: "note" }, t("tpl.intro")),
    banner,
    h(
      "div",
      { class: "tpl-layout" },
      h("nav", { class: "card tpl-nav", "aria-label": t("tpl.list") }, h("h2", {}, t("tpl.list")), list),
      h(
        "section",
        { class: "card tpl-editor" },
        h("div", { class: "tpl-head" }, heading, defaultMark),
        h("label", { for: "tpl-body", class: "small muted" }, t("tpl.body")),
        body,
        error,
        h("div", { class: "actions tpl-actions" }, save, reset, pdf, status),
        pdfStatus,
        h("h3", { class: "sub" }, t("tpl.placeholders")),
        placeholders,
      ),
      h(
        "section",
        { class: "tpl-preview-col" },
        h("div", { class: "field tpl-case" }, h("label", { for: "tpl-case" }, t("tpl.case")), caseInput, caseError),
        staleNote,
        h("div", { class: "letter-desk" }, preview),
      ),
    ),
  );

  const setStatus = (text: string, cls = "") => {
    status.textContent = text;
    status.className = `tpl-status ${cls}`.trim();
  };

  const markDirty = () => {
    if (!current) return;
    if (body.value !== saved) setStatus(t("tpl.unsaved"), "muted");
    else if (status.textContent === t("tpl.unsaved")) setStatus("");
  };

  const showTemplateError = (msg: string | null) => {
    error.textContent = msg ?? "";
    error.hidden = !msg;
    if (msg) body.setAttribute("aria-invalid", "true");
    else body.removeAttribute("aria-invalid");
    preview.classList.toggle("stale", !!msg && preview.childElementCount > 0);
    staleNote.hidden = !(msg && preview.childElementCount > 0);
  };

  /** Handles a rejection: template errors under the editor, the rest in the banner. */
  const fail = (e: ApiError) => {
    const te = templateError(e);
    if (te) showTemplateError(te.message);
    else showBanner(banner, e);
  };

  const renderPreview = (blocks: PreviewBlock[]) => {
    const items = previewModel(blocks);
    preview.replaceChildren(h("h2", { class: "pv-title" }, current?.title ?? ""), ...items.map(previewItem));
  };

  const previewNow = async () => {
    if (!current) return;
    const my = ++seq;
    if (!previewCase) {
      preview.replaceChildren(h("p", { class: "pv-empty" }, t("tpl.case_none")));
      return;
    }
    try {
      const blocks = await previewTemplate({ case_id: previewCase.id, doc_type: current.doc_type, body: body.value, extra: { issue_date: today } });
      if (!live || my !== seq) return;
      renderPreview(blocks);
      showTemplateError(null);
      showBanner(banner, null);
    } catch (e) {
      if (!live || my !== seq) return;
      fail(e as ApiError);
    }
  };
  const previewSoon = debounce(() => void previewNow(), 300);

  /** The default/edited marks and which list item is current. */
  const refreshMarks = () => {
    defaultMark.hidden = !current?.is_default;
    for (const b of Array.from(list.querySelectorAll<HTMLButtonElement>("button[data-doc-type]"))) {
      const on = b.dataset.docType === current?.doc_type;
      b.classList.toggle("active", on);
      if (on) b.setAttribute("aria-current", "true");
      else b.removeAttribute("aria-current");
      const mark = b.querySelector(".tpl-item-mark");
      const view = templates.find((x) => x.doc_type === b.dataset.docType);
      if (mark && view) mark.textContent = view.is_default ? "" : t("tpl.edited");
    }
  };

  const showTemplate = (tv: TemplateView) => {
    current = tv;
    saved = tv.body;
    body.value = tv.body;
    body.disabled = false;
    heading.textContent = tv.title;
    refreshMarks();
    placeholders.replaceChildren(...placeholderItems(tv, insert));
    save.disabled = false;
    reset.disabled = false;
    pdf.disabled = !previewCase;
    pdfStatus.hidden = true;
    setStatus("");
    showTemplateError(null);
    preview.classList.remove("stale");
    preview.replaceChildren();
    previewSoon.cancel();
    void previewNow();
  };

  const insert = (name: string) => {
    const r = insertPlaceholder(body.value, body.selectionStart, body.selectionEnd, name);
    body.value = r.value;
    body.focus();
    body.setSelectionRange(r.caret, r.caret);
    markDirty();
    previewSoon();
  };

  const choose = (code: string) => {
    if (current?.doc_type === code) return;
    if (current && body.value !== saved && !window.confirm(t("tpl.discard_confirm", { title: current.title }))) return;
    const tv = templates.find((x) => x.doc_type === code);
    if (tv) showTemplate(tv);
  };

  const replaceView = (tv: TemplateView) => {
    templates = templates.map((x) => (x.doc_type === tv.doc_type ? tv : x));
  };

  const doSave = async () => {
    if (!current) return;
    save.disabled = true;
    showBanner(banner, null);
    try {
      const tv = await saveTemplate({ doc_type: current.doc_type, body: body.value });
      if (!live) return;
      replaceView(tv);
      // The text stays as typed (and the caret where it was).
      current = tv;
      saved = tv.body;
      refreshMarks();
      setStatus(body.value === saved ? t("tpl.saved") : t("tpl.unsaved"), body.value === saved ? "ok" : "muted");
      showTemplateError(null);
    } catch (e) {
      if (live) fail(e as ApiError);
    } finally {
      save.disabled = false;
    }
  };

  body.addEventListener("input", () => {
    markDirty();
    previewSoon();
  });
  body.addEventListener("keydown", (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "s") {
      e.preventDefault();
      void doSave();
    }
  });
  save.addEventListener("click", () => void doSave());

  reset.addEventListener("click", async () => {
    if (!current || !window.confirm(t("tpl.reset_confirm", { title: current.title }))) return;
    reset.disabled = true;
    showBanner(banner, null);
    try {
      const tv = await resetTemplate({ doc_type: current.doc_type });
      if (!live) return;
      replaceView(tv);
      current = null;
      showTemplate(tv);
      setStatus(t("tpl.reset_done"), "ok");
    } catch (e) {
      if (live) fail(e as ApiError);
    } finally {
      reset.disabled = false;
    }
  });

  pdf.addEventListener("click", async () => {
    if (!current || !previewCase) return;
    pdf.disabled = true;
    pdfStatus.hidden = true;
    showBanner(banner, null);
    try {
      const bytes = await previewPdf({ case_id: previewCase.id, doc_type: current.doc_type, body: body.value, extra: { issue_date: today } });
      const path = await openPreview(`${current.title}.pdf`, bytes);
      if (!live) return;
      pdfStatus.textContent = t("tpl.pdf_done", { path });
      pdfStatus.hidden = false;
    } catch (e) {
      if (live) fail(e as ApiError);
    } finally {
      pdf.disabled = !previewCase;
    }
  });

  const useCase = async () => {
    const number = caseInput.value.trim();
    caseError.hidden = true;
    caseInput.removeAttribute("aria-invalid");
    if (previewCase && number.toLowerCase() === previewCase.number.toLowerCase()) return;
    try {
      const found = number ? await findCase(number) : await latestCase();
      if (!live) return;
      if (number && !found) {
        caseError.textContent = t("tpl.case_not_found", { number });
        caseError.hidden = false;
        caseInput.setAttribute("aria-invalid", "true");
        return;
      }
      previewCase = found;
      if (found) caseInput.value = found.number;
      pdf.disabled = !previewCase || !current;
      previewSoon.cancel();
      void previewNow();
    } catch (e) {
      if (live) showBanner(banner, e as ApiError);
    }
  };
  caseInput.addEventListener("change", () => void useCase());
  caseInput.addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      e.preventDefault();
      void useCase();
    }
  });

  Promise.all([listTemplates(), latestCase().catch(() => null)])
    .then(([views, latest]) => {
      if (!live) return;
      templates = views.slice().sort((a, b) => docOrder(a.doc_type) - docOrder(b.doc_type));
      previewCase = latest;
      if (latest) caseInput.value = latest.number;
      list.replaceChildren(
        ...templates.map((tv) =>
          h(
            "li",
            {},
            h(
              "button",
              { type: "button", class: "tpl-item", "data-doc-type": tv.doc_type, onclick: () => choose(tv.doc_type) },
              h("span", { class: "tpl-item-title" }, label("doc", tv.doc_type) === tv.doc_type ? tv.title : label("doc", tv.doc_type)),
              h("span", { class: "tpl-item-mark small muted" }, tv.is_default ? "" : t("tpl.edited")),
            ),
          ),
        ),
      );
      if (templates.length) showTemplate(templates[0]);
    })
    .catch((e: ApiError) => {
      if (live) showBanner(banner, e);
    });

  return () => {
    live = false;
    previewSoon.cancel();
    main.classList.remove("wide");
  };
}
