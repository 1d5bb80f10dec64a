// Issuing a document for a case and saving its PDF where the user chooses:
// the core makes and keeps the document (with its hash), the shell saves a
// copy. Shared by the intake's 打印 buttons and the case page.
import { issueDocument, reprintDocument, type IssuedPdf } from "../../api/generated";
import { saveFile } from "../../lib/files";

export interface Issued {
  pdf: IssuedPdf;
  /** Where the copy was saved; null when the user cancelled the save (the document is kept all the same). */
  path: string | null;
}

/** Issues `docType` for the case (at `version`, when known) and saves it. */
export async function issueAndSave(caseId: number, docType: string, extra: Record<string, string> = {}, version: number | null = null): Promise<Issued> {
  const pdf = await issueDocument({ case_id: caseId, version, input: { doc_type: docType, extra } });
  return { pdf, path: await saveFile(pdf.file_name, pdf.pdf) };
}

/** The very bytes issued before, saved again. */
export async function reprintAndSave(caseId: number, docId: number): Promise<Issued> {
  const pdf = await reprintDocument({ case_id: caseId, version: null, input: { doc_id: docId } });
  return { pdf, path: await saveFile(pdf.file_name, pdf.pdf) };
}
