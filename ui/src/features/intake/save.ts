// Saving the intake form: the core checks it (every field problem comes back
// next to its field, in the seat's language, and the form is kept); a saved
// case clears the form, and 保存并打印 issues the slip and the receipt.
import { issueDocument, registerCase } from "../../api/generated";
import type { ApiError } from "../../api/transport";
import { showBanner } from "../../lib/banner";
import { byId } from "../../lib/dom";
import { clearFieldErrors, showError } from "../../lib/fields";
import { t } from "../../lib/i18n";
import { printDocuments } from "../../lib/printdialog";
import { store } from "../../state/store";
import { afterSave, intake } from "./draft";
import { emptyForm, fieldPathCandidates, toCaseInput } from "./logic";
import { freshCode } from "./querycode";
import { forgetMatches } from "./repeatpanel";
import { codePrinted } from "./saved";

/** The input a core field path names, if it is on the form now. */
export function intakeFieldId(path: string): string | null {
  return fieldPathCandidates(path).find((id) => document.getElementById(id)) ?? null;
}

function setButtonsBusy(on: boolean): void {
  for (const id of ["btn-save", "btn-save-print", "btn-clear", "btn-saved-slip", "btn-saved-receipt"]) {
    const b = byId<HTMLButtonElement>(id);
    if (b) b.disabled = on;
  }
  intake.root?.setAttribute("aria-busy", on ? "true" : "false");
}

/** Issues documents of the saved case and opens the print dialog for them
 *  (print, or save as PDF); what happened goes into #export-status. False when issuing failed. */
export async function printDocs(caseId: number, docs: ("slip" | "receipt")[]): Promise<boolean> {
  const status = byId("export-status");
  const banner = byId("form-error");
  let issued;
  try {
    issued = [];
    for (const doc of docs) issued.push(await issueDocument({ case_id: caseId, version: null, input: { doc_type: doc, extra: {} } }));
  } catch (e) {
    showBanner(banner, e as ApiError);
    return false;
  }
  const lines = await printDocuments(issued.map((p) => ({ name: p.file_name, pdf: p.pdf })));
  if (status) {
    status.textContent = (lines ?? [t("print.cancelled")]).join("\n");
    status.hidden = false;
  }
  // Printed or saved, the code is on paper now: it leaves the screen.
  if (lines?.length) codePrinted();
  return true;
}

export async function save(andPrint: boolean): Promise<void> {
  const s = intake.form;
  if (intake.busy || !s || !intake.root) return;
  intake.busy = true;
  setButtonsBusy(true);
  clearFieldErrors(intake.root);
  const banner = byId("form-error");
  showBanner(banner, null);
  try {
    intake.lastSaved = await registerCase(toCaseInput(s));
  } catch (e) {
    intake.busy = false;
    setButtonsBusy(false);
    showError(banner, e as ApiError, intakeFieldId, { prefix: (m) => t("intake.errors_summary", { message: m }) });
    return;
  }
  const created = intake.lastSaved;
  intake.code = freshCode();
  await afterSave(s);
  intake.form = emptyForm({ channel: s.channel });
  forgetMatches();
  intake.busy = false;
  intake.render();
  store.casesChanged(created.id);
  const status = byId("draft-status");
  if (status) status.textContent = "";
  byId("saved-panel")?.scrollIntoView?.({ block: "nearest" });
  byId(andPrint ? "btn-saved-slip" : "f-kind")?.focus();
  if (andPrint) {
    intake.busy = true;
    setButtonsBusy(true);
    byId("export-status")?.setAttribute("hidden", "");
    await printDocs(created.id, ["slip", "receipt"]);
    intake.busy = false;
    setButtonsBusy(false);
  }
}
