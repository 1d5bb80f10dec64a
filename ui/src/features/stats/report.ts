// 工作报告 on the 统计 tab: the week's, month's, quarter's or year's report
// (with the dashboard's filters) as a PDF — figures, the core's vector
// charts, overdue and repeated cases — or as an XLSX workbook.
import { periodReport, periodReportPdf, periodReportXlsx, type PeriodKind, type StatsQuery } from "../../api/generated";
import type { ApiError } from "../../api/transport";
import { bannerEl, showBanner } from "../../lib/banner";
import { isoDate } from "../../lib/dates";
import { h, select } from "../../lib/dom";
import { saveFile } from "../../lib/files";
import { dateInput } from "../../lib/datefield";
import { t, type MsgKey } from "../../lib/i18n";
import { REPORT_KINDS, reportFileName, reportQuery } from "./logic";

/** Kept while the app runs. */
const chosen: { kind: PeriodKind; date: string } = { kind: "month", date: "" };

/** The card; `filters` gives the dashboard's query now, `alive` whether the view is still shown. */
export function reportCard(filters: () => StatsQuery, alive: () => boolean): HTMLElement {
  if (!chosen.date) chosen.date = isoDate();
  const kind = select({ id: "report-kind" }, REPORT_KINDS.map((k) => ({ value: k, label: t(`stats.report.${k}` as MsgKey) })), chosen.kind);
  const date = dateInput("report-date", chosen.date);
  const pdf = h("button", { type: "button", class: "primary", id: "btn-report-pdf" }, t("stats.report_pdf"));
  const xlsx = h("button", { type: "button", id: "btn-report-xlsx" }, t("stats.report_xlsx"));
  const banner = bannerEl("report-error");
  const status = h("div", { class: "ok-status", id: "report-status", "aria-live": "polite", hidden: true });
  kind.addEventListener("change", () => (chosen.kind = kind.value as PeriodKind));
  date.addEventListener("change", () => (chosen.date = date.value));

  async function exportReport(format: "pdf" | "xlsx"): Promise<void> {
    showBanner(banner, null);
    status.hidden = true;
    const q = reportQuery(kind.value as PeriodKind, date.value, filters());
    if (!q) {
      showBanner(banner, { code: "validation", message: t("stats.report_bad_date"), fields: [] });
      date.focus();
      return;
    }
    pdf.disabled = xlsx.disabled = true;
    try {
      const { title } = await periodReport(q);
      const bytes = format === "pdf" ? await periodReportPdf(q) : await periodReportXlsx(q);
      const path = await saveFile(reportFileName(title, format), bytes);
      if (alive() && path) {
        status.textContent = t("stats.report_saved", { path });
        status.hidden = false;
      }
    } catch (e) {
      if (alive()) showBanner(banner, e as ApiError);
    } finally {
      if (alive()) pdf.disabled = xlsx.disabled = false;
    }
  }
  pdf.addEventListener("click", () => void exportReport("pdf"));
  xlsx.addEventListener("click", () => void exportReport("xlsx"));

  const filterField = (id: string, text: string, control: HTMLElement) => h("div", { class: "filter" }, h("label", { for: id }, text), control);
  return h(
    "section",
    { class: "card", id: "stats-report" },
    h("h2", {}, t("stats.report")),
    h("p", { class: "note" }, t("stats.report_intro")),
    h("div", { class: "filters" }, filterField("report-kind", t("stats.report_kind"), kind), filterField("report-date", t("stats.report_date"), date), h("div", { class: "actions" }, pdf, xlsx)),
    banner,
    status,
  );
}
