// Issuing a document for a case and printing it: the core makes and keeps
// the document (with its hash); the print dialog sends it to a printer of
// this computer or saves it as a PDF. Shared by the case page's 打印 and
// 出具 buttons.
import { issueDocument, reprintDocument, type IssuedPdf } from "../../api/generated";
import { printDocuments } from "../../lib/printdialog";

export interface Issued {
  pdf: IssuedPdf;
  /** What the print dialog did (printed, saved), or null when it was closed (the document is kept all the same). */
  lines: string[] | null;
}

/** Issues `docType` for the case (at `version`, when known) and opens the print dialog. */
export async function issueAndPrint(caseId: number, docType: string, extra: Record<string, string> = {}, version: number | null = null): Promise<Issued> {
  const pdf = await issueDocument({ case_id: caseId, version, input: { doc_type: docType, extra } });
  return { pdf, lines: await printDocuments([{ name: pdf.file_name, pdf: pdf.pdf }]) };
}

/** The very bytes issued before, printed (or saved) again. */
export async function reprintAndPrint(caseId: number, docId: number): Promise<Issued> {
  const pdf = await reprintDocument({ case_id: caseId, version: null, input: { doc_id: docId } });
  return { pdf, lines: await printDocuments([{ name: pdf.file_name, pdf: pdf.pdf }]) };
}
