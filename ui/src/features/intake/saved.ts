// The panel over the intake form after a save: the case number, the
// anonymous reporter's query code (large, monospaced, never wrapped, with
// 已请对方复述) and the documents to print. The code leaves the screen when
// the next form starts or once the slip or receipt was printed.
import type { CaseView } from "../../api/generated";
import { byId, h } from "../../lib/dom";
import { label, t } from "../../lib/i18n";
import { store } from "../../state/store";
import { intake } from "./draft";
import { queryCodeShown } from "./querycode";

/** The code block as the rules say now: the code, or a line saying why it went. */
function codeBlock(c: CaseView): HTMLElement | null {
  const shown = queryCodeShown(c, intake.code);
  if (shown === "none") return null;
  const box = h("div", { class: "saved-code", id: "saved-code", "data-shown": shown });
  if (shown !== "shown") {
    box.appendChild(h("p", { class: "note", id: "saved-code-gone" }, t(shown === "printed" ? "intake.code_gone_printed" : "intake.code_gone_started")));
    return box;
  }
  const tick = h("input", { type: "checkbox", id: "saved-code-repeated", checked: intake.code.repeated });
  tick.addEventListener("change", () => {
    intake.code.repeated = tick.checked;
    box.classList.toggle("repeated", tick.checked);
  });
  box.classList.toggle("repeated", intake.code.repeated);
  box.append(
    h("span", { class: "saved-label" }, t("intake.saved_query_code")),
    h("strong", { class: "query-code", id: "saved-query-code", translate: "no" }, c.query_code ?? ""),
    h("label", { class: "check-line code-repeated" }, tick, t("intake.code_repeated")),
    h("p", { class: "note" }, t("intake.saved_query_note")),
  );
  return box;
}

/** Draws the code block again (after the form started or a document was printed). */
export function refreshCode(): void {
  const c = intake.lastSaved;
  const old = byId("saved-code");
  if (!c || !old) return;
  const next = codeBlock(c);
  if (next) old.replaceWith(next);
  else old.remove();
}

/** The clerk started the next form: the code goes. */
export function codeFormStarted(): void {
  if (intake.code.started) return;
  intake.code.started = true;
  refreshCode();
}

/** The slip or receipt was printed: the code goes. */
export function codePrinted(): void {
  intake.code.printed = true;
  refreshCode();
}

/** The panel for the last saved case (null before any save). `print` issues one of its documents. */
export function savedPanel(print: (caseId: number, doc: "slip" | "receipt") => void): HTMLElement | null {
  const c = intake.lastSaved;
  if (!c) return null;
  const docs = c.allowed.documents;
  return h(
    "section",
    { class: "saved-panel", id: "saved-panel", "aria-live": "polite" },
    h("div", { class: "saved-main" }, h("span", { class: "saved-label" }, `${t("intake.saved_title")} · ${label("kind", c.kind)} · ${t("intake.saved_number")}`), h("strong", { class: "saved-number", id: "saved-number" }, c.number)),
    codeBlock(c),
    h(
      "div",
      { class: "saved-actions" },
      docs.includes("slip") ? h("button", { type: "button", class: "secondary", id: "btn-saved-slip", onclick: () => print(c.id, "slip") }, t("intake.print_slip")) : null,
      docs.includes("receipt") ? h("button", { type: "button", class: "secondary", id: "btn-saved-receipt", onclick: () => print(c.id, "receipt") }, t("intake.print_receipt")) : null,
      h("button", { type: "button", class: "ghost", id: "btn-saved-open", onclick: () => store.go({ view: "case", id: c.id }) }, t("intake.open_case")),
    ),
    h("div", { class: "export-status", id: "export-status", "aria-live": "polite", hidden: true }),
  );
}

