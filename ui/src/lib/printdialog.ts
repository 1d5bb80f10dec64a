// The print dialog: the documents just issued go to a printer of this
// computer (chosen here, remembered per seat, copies), or are saved as PDF
// files. On a browser seat 打印 opens each PDF for the browser's own print.
// Resolves with what happened, as lines for the status, or null when the
// user closed it (the documents stay issued and kept with the case).
import { platform } from "../api/platform";
import type { ApiError } from "../api/transport";
import { h } from "./dom";
import { t } from "./i18n";
import { copiesOf, pickPrinter, rememberedPrinter, rememberPrinter } from "./print";
import { saveFile } from "./files";

export interface PrintJob {
  name: string;
  /** The PDF, base64. */
  pdf: string;
}

const storage = (): Storage | null => {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
};

export async function printDocuments(docs: PrintJob[]): Promise<string[] | null> {
  const p = platform();
  const found = await p.printers().catch(() => ({ printers: [] as string[], default: null }));
  const chosen = pickPrinter(found, rememberedPrinter(storage()));
  return new Promise((resolve) => {
    const error = h("p", { class: "bad", id: "print-error", role: "alert", hidden: true });
    const printer = h("select", { id: "print-printer" }, ...found.printers.map((n) => h("option", { value: n, selected: n === chosen }, n)));
    const copies = h("input", { id: "print-copies", type: "text", inputmode: "numeric", value: "1", size: 3, autocomplete: "off" });
    copies.addEventListener("input", () => (error.hidden = true));
    const mayPrint = found.printers.length > 0 || !p.desktop;
    const done = (lines: string[] | null) => {
      document.removeEventListener("keydown", onKey, true);
      overlay.remove();
      resolve(lines);
    };
    const fail = (e: unknown) => {
      error.textContent = (e as ApiError).message ?? String(e);
      error.hidden = false;
      for (const b of buttons) b.disabled = false;
    };
    const go = async () => {
      const n = p.desktop ? copiesOf(copies.value) : 1;
      if (n === null) return fail({ message: t("print.copies_invalid") });
      for (const b of buttons) b.disabled = true;
      const lines: string[] = [];
      try {
        for (const d of docs) {
          const r = await p.printPdf(d.name, d.pdf, printer.value, n);
          lines.push(p.desktop ? t("print.sent", { name: d.name, printer: r.printer, copies: r.copies, job: r.job }) : t("print.opened", { name: d.name }));
        }
      } catch (e) {
        return fail(e);
      }
      if (p.desktop) rememberPrinter(storage(), printer.value);
      done(lines);
    };
    const save = async () => {
      for (const b of buttons) b.disabled = true;
      const lines: string[] = [];
      try {
        for (const d of docs) {
          const path = await saveFile(d.name, d.pdf);
          if (path) lines.push(t("case.exported", { path }));
        }
      } catch (e) {
        return fail(e);
      }
      done(lines);
    };
    const buttons = [
      mayPrint ? h("button", { type: "button", class: "primary", id: "btn-print-go", onclick: () => void go() }, t("print.print")) : null,
      h("button", { type: "button", class: "secondary", id: "btn-print-pdf", onclick: () => void save() }, t("print.save_pdf")),
      h("button", { type: "button", class: "ghost", id: "btn-print-cancel", onclick: () => done(null) }, t("common.cancel")),
    ].filter((b): b is HTMLButtonElement => b !== null);
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        e.preventDefault();
        done(null);
      }
    };
    const choices = p.desktop
      ? found.printers.length
        ? h(
            "div",
            { class: "print-choices" },
            h("label", { for: "print-printer" }, t("print.printer")),
            printer,
            h("label", { for: "print-copies" }, t("print.copies")),
            copies,
          )
        : h("p", { class: "note", id: "print-none" }, t("print.none"))
      : h("p", { class: "note" }, t("print.browser"));
    const overlay = h(
      "div",
      { class: "lock-overlay print-overlay", id: "print-overlay" },
      h(
        "div",
        { class: "print-dialog card", role: "dialog", "aria-modal": "true", "aria-labelledby": "print-title" },
        h("h2", { id: "print-title" }, t("print.title")),
        h("ul", { class: "print-docs" }, ...docs.map((d) => h("li", {}, d.name))),
        choices,
        error,
        h("div", { class: "actions" }, ...buttons),
      ),
    );
    document.addEventListener("keydown", onKey, true);
    document.body.appendChild(overlay);
    (buttons[0] as HTMLButtonElement).focus();
  });
}
