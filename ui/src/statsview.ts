// 统计: figures for a period against their targets, the cases behind each
// figure, and three charts (Pareto of categories, monthly trend, on-time per
// department).
import { api, type ApiError, type CaseDetail, type ChartPng, type Dashboard, type Rate, type ReportPeriodKind, type StatsQuery } from "./api";
import { ctx, go, showBanner } from "./app";
import { clear, h, select, shortTime, onEnter } from "./dom";
import { CHANNELS, KINDS, label, pick, t, type MsgKey } from "./i18n";
import {
  drillIds,
  formatBp,
  formatParts,
  formatX100,
  matchingPreset,
  overdueMark,
  periodValid,
  PRESETS,
  presetPeriod,
  targetMark,
  targetText,
  today,
  ymd,
  type Figure,
  type Mark,
  type Period,
  type PresetKind,
} from "./stats";
import type { Charts } from "./statscharts";
import { REPORT_KINDS, reportFilter, reportPeriod } from "./report";

/** Kept while the app runs, so coming back from a case shows the same figures. */
const state: { period: Period | null; kind: string; category: string; channel: string; department: string; handler: string; reportKind: ReportPeriodKind; reportDate: string } = {
  period: null,
  reportKind: "month",
  reportDate: "",
  kind: "",
  category: "",
  channel: "",
  handler: "",
  department: "",
};

/** At most this many cases are read for one drill-down list. */
const DRILL_LIMIT = 100;

function opt(v: string): string | null {
  return v ? v : null;
}

function categoryLabel(code: string, fallback: string): string {
  const c = ctx.policy?.categories.find((x) => x.code === code);
  return c ? pick(c) : fallback;
}

export function mountStats(main: HTMLElement): () => void {
  if (!state.period) state.period = presetPeriod("month", today());
  const all = { value: "", label: t("common.all") };
  const from = h("input", { id: "stats-from", type: "date", value: state.period.from });
  const to = h("input", { id: "stats-to", type: "date", value: state.period.to });
  const presetButtons = new Map<PresetKind, HTMLButtonElement>();
  for (const k of PRESETS) {
    presetButtons.set(
      k,
      h("button", { type: "button", class: "secondary preset-btn", id: `stats-preset-${k}`, "data-preset": k, onclick: () => choosePreset(k) }, t(`stats.preset.${k}` as MsgKey)),
    );
  }
  const kind = select({ id: "stats-kind" }, [all, ...KINDS.map((k) => ({ value: k, label: label("kind", k) }))], state.kind);
  const category = select({ id: "stats-category" }, [all], "");
  const channel = select({ id: "stats-channel" }, [all, ...CHANNELS.map((c) => ({ value: c, label: label("channel", c) }))], state.channel);
  const departments = Array.from(new Set((ctx.policy?.categories ?? []).map((c) => c.department).filter(Boolean))).sort((a, b) => a.localeCompare(b, "zh-CN"));
  const department = select({ id: "stats-department" }, [all, ...departments.map((d) => ({ value: d, label: d }))], state.department);
  // Handlers: the office's users (the list stays "all" on a register without accounts).
  const handler = select({ id: "stats-handler" }, [all], state.handler);
  void api
    .listUsers()
    .then((users) => {
      for (const u of users) handler.appendChild(h("option", { value: u.display_name }, u.display_name));
      handler.value = state.handler;
    })
    .catch(() => {});

  const fillCategories = () => {
    const cats = (ctx.policy?.categories ?? []).filter((c) => !state.kind || c.kinds.includes(state.kind as "complaint"));
    clear(category);
    category.appendChild(h("option", { value: "" }, t("common.all")));
    for (const c of cats) category.appendChild(h("option", { value: c.code }, pick(c)));
    if (!cats.some((c) => c.code === state.category)) state.category = "";
    category.value = state.category;
  };
  fillCategories();

  const banner = h("div", { class: "banner error", id: "stats-error", role: "alert", hidden: true });
  const status = h("div", { class: "note", id: "stats-status", "aria-live": "polite" });
  const cards = h("div", { class: "stat-cards", id: "stats-cards" });
  const drill = h("section", { class: "card stats-drill", id: "stats-drill", hidden: true, "aria-live": "polite" });
  const chartError = h("div", { class: "banner error", id: "stats-chart-error", role: "alert", hidden: true });
  const canvases = {
    pareto: h("canvas", { id: "chart-pareto", role: "img", "aria-label": t("stats.chart.pareto") }),
    trend: h("canvas", { id: "chart-trend", role: "img", "aria-label": t("stats.chart.trend") }),
    department: h("canvas", { id: "chart-department", role: "img", "aria-label": t("stats.chart.department") }),
  };
  const chartBox = (key: MsgKey, canvas: HTMLCanvasElement, wide = false) =>
    h("figure", { class: "card chart-card" + (wide ? " wide" : "") }, h("figcaption", {}, t(key)), h("div", { class: "chart-box" }, canvas));

  const filterField = (id: string, text: string, control: HTMLElement) => h("div", { class: "filter" }, h("label", { for: id }, text), control);

  // 工作报告: the period's report as PDF (with the charts below, as PNG) or XLSX.
  if (!state.reportDate) state.reportDate = ymd(today());
  const reportKind = select(
    { id: "report-kind" },
    REPORT_KINDS.map((k) => ({ value: k, label: t(`stats.report.${k}` as MsgKey) })),
    state.reportKind,
  );
  const reportDate = h("input", { id: "report-date", type: "date", value: state.reportDate });
  const reportPdf = h("button", { type: "button", class: "primary", id: "btn-report-pdf" }, t("stats.report_pdf"));
  const reportXlsx = h("button", { type: "button", id: "btn-report-xlsx" }, t("stats.report_xlsx"));
  const reportBanner = h("div", { class: "banner error", id: "report-error", role: "alert", hidden: true });
  const reportStatus = h("div", { class: "ok-status", id: "report-status", "aria-live": "polite", hidden: true });
  reportKind.addEventListener("change", () => (state.reportKind = reportKind.value as ReportPeriodKind));
  reportDate.addEventListener("change", () => (state.reportDate = reportDate.value));
  const canvasPng = (canvas: HTMLCanvasElement): Promise<Uint8Array | null> =>
    new Promise((resolve) => {
      if (!canvas.width || !canvas.height) return resolve(null);
      canvas.toBlob((blob) => {
        if (!blob) return resolve(null);
        blob.arrayBuffer().then((b) => resolve(new Uint8Array(b)), () => resolve(null));
      }, "image/png");
    });
  async function exportReport(format: "pdf" | "xlsx"): Promise<void> {
    showBanner(reportBanner, null);
    reportStatus.hidden = true;
    const period = reportPeriod(reportKind.value as ReportPeriodKind, reportDate.value);
    if (!period) {
      showBanner(reportBanner, { code: "validation", message: t("stats.report_bad_date"), fields: [] });
      reportDate.focus();
      return;
    }
    reportPdf.disabled = reportXlsx.disabled = true;
    try {
      const filter = reportFilter(query());
      let saved;
      if (format === "pdf") {
        const charts: ChartPng[] = [];
        for (const [key, canvas] of [
          ["stats.chart.pareto", canvases.pareto],
          ["stats.chart.trend", canvases.trend],
          ["stats.chart.department", canvases.department],
        ] as const) {
          const png = await canvasPng(canvas);
          if (png) charts.push({ title: t(key), png });
        }
        saved = await api.exportPeriodReportPdf(period, filter, charts);
      } else {
        saved = await api.exportPeriodReportXlsx(period, filter);
      }
      if (!alive) return;
      if (saved) {
        reportStatus.textContent = t("stats.report_saved", { path: saved.path });
        reportStatus.hidden = false;
      }
    } catch (e) {
      if (alive) showBanner(reportBanner, e as ApiError);
    } finally {
      if (alive) reportPdf.disabled = reportXlsx.disabled = false;
    }
  }
  reportPdf.addEventListener("click", () => void exportReport("pdf"));
  reportXlsx.addEventListener("click", () => void exportReport("xlsx"));
  const reportCard = h(
    "section",
    { class: "card", id: "stats-report" },
    h("h2", {}, t("stats.report")),
    h("p", { class: "note" }, t("stats.report_intro")),
    h(
      "div",
      { class: "filters" },
      filterField("report-kind", t("stats.report_kind"), reportKind),
      filterField("report-date", t("stats.report_date"), reportDate),
      h("div", { class: "actions" }, reportPdf, reportXlsx),
    ),
    reportBanner,
    reportStatus,
  );

  main.append(
    h("h1", { class: "view-title" }, t("stats.title")),
    h(
      "div",
      { class: "filters", role: "search" },
      filterField("stats-from", t("stats.from"), from),
      filterField("stats-to", t("stats.to"), to),
      h("div", { class: "preset-group", role: "group", "aria-label": t("stats.period") }, Array.from(presetButtons.values())),
    ),
    h(
      "div",
      { class: "filters" },
      filterField("stats-kind", t("stats.kind"), kind),
      filterField("stats-category", t("stats.category"), category),
      filterField("stats-channel", t("stats.channel"), channel),
      filterField("stats-department", t("stats.department"), department),
      filterField("stats-handler", t("stats.handler"), handler),
    ),
    banner,
    status,
    cards,
    drill,
    chartError,
    h(
      "div",
      { class: "chart-grid" },
      chartBox("stats.chart.pareto", canvases.pareto, true),
      chartBox("stats.chart.trend", canvases.trend),
      chartBox("stats.chart.department", canvases.department),
    ),
    reportCard,
  );

  let seq = 0;
  let drillSeq = 0;
  let charts: Charts | null = null;
  let alive = true;
  let current: Dashboard | null = null;

  function markPresets(): void {
    const p = state.period!;
    const chosen = matchingPreset(p, today());
    for (const [k, b] of presetButtons) {
      b.classList.toggle("active", k === chosen);
      b.setAttribute("aria-pressed", String(k === chosen));
    }
  }

  function choosePreset(k: PresetKind): void {
    state.period = presetPeriod(k, today());
    from.value = state.period.from;
    to.value = state.period.to;
    void load();
  }

  function query(): StatsQuery {
    return {
      from: state.period!.from,
      to: state.period!.to,
      kind: opt(state.kind),
      category: opt(state.category),
      channel: opt(state.channel),
      department: opt(state.department),
      handler: opt(state.handler),
    };
  }

  async function load(): Promise<void> {
    markPresets();
    const my = ++seq;
    drillSeq++;
    drill.hidden = true;
    if (!periodValid(state.period!)) {
      status.textContent = t("stats.bad_period");
      status.classList.add("bad");
      return;
    }
    status.classList.remove("bad");
    status.textContent = t("stats.loading");
    try {
      const d = await api.dashboard(query());
      if (my !== seq || !alive) return;
      current = d;
      showBanner(banner, null);
      status.textContent = d.total === 0 ? t("stats.chart.empty") : "";
      renderCards(d);
      await renderCharts(d, my);
    } catch (e) {
      if (my !== seq || !alive) return;
      status.textContent = "";
      showBanner(banner, e as ApiError);
    }
  }

  function rateCard(fig: Exclude<Figure, "overdue">, titleKey: MsgKey, r: Rate): HTMLElement {
    return card(fig, titleKey, formatBp(r.bp), formatParts(r), targetText(r), targetMark(r), drillIds(current!, fig).length);
  }

  function card(id: string, titleKey: MsgKey, value: string, parts: string, target: string | null, mark: Mark, drillCount: number | null): HTMLElement {
    const drillable = drillCount !== null && drillCount > 0;
    const open = () => void showDrill(id as Figure, titleKey);
    return h(
      "div",
      {
        class: `stat-card mark-${mark}` + (drillable ? " drillable" : ""),
        id: `stat-${id}`,
        "data-mark": mark,
        onclick: drillable ? open : undefined,
      },
      h("div", { class: "stat-label" }, t(titleKey)),
      h("div", { class: "stat-value", id: `stat-${id}-value` }, value),
      h("div", { class: "stat-parts", id: `stat-${id}-parts` }, parts),
      target ? h("div", { class: "stat-target", id: `stat-${id}-target` }, target) : null,
      mark !== "none" || target
        ? h("div", { class: `stat-mark mark-${mark}`, id: `stat-${id}-mark` }, h("span", { class: "mark-dot", "aria-hidden": "true" }), t(`stats.mark.${mark}` as MsgKey))
        : null,
      drillable
        ? h(
            "button",
            {
              type: "button",
              class: "link btn-drill",
              id: `btn-drill-${id}`,
              "data-figure": id,
              onclick: (e: Event) => {
                e.stopPropagation();
                open();
              },
            },
            t("stats.drill", { n: drillCount }),
          )
        : null,
    );
  }

  function renderCards(d: Dashboard): void {
    clear(cards);
    cards.append(
      card("total", "stats.total", String(d.total), t("stats.total_parts", { complaints: d.complaints, reports: d.reports }), null, "none", null),
      rateCard("on_time", "stats.on_time", d.on_time),
      rateCard("resolution", "stats.resolution", d.resolution),
      rateCard("satisfaction", "stats.satisfaction", d.satisfaction),
      rateCard("recurrence", "stats.recurrence", d.recurrence),
      card(
        "handling",
        "stats.handling",
        d.avg_handling_wd_x100 === null ? "—" : t("stats.handling_value", { days: formatX100(d.avg_handling_wd_x100) }),
        d.p90_handling_wd === null ? t("stats.handling_none") : t("stats.handling_p90", { days: d.p90_handling_wd }),
        null,
        "none",
        null,
      ),
      card("overdue", "stats.overdue", t("stats.count_value", { n: d.overdue_now.length }), "", t("stats.target_overdue"), overdueMark(d.overdue_now.length), drillIds(d, "overdue").length),
    );
  }

  async function showDrill(fig: Figure, titleKey: MsgKey): Promise<void> {
    if (!current) return;
    const my = ++drillSeq;
    const ids = drillIds(current, fig);
    for (const el of Array.from(cards.querySelectorAll(".stat-card"))) el.classList.toggle("selected", el.id === `stat-${fig}`);
    clear(drill);
    drill.hidden = false;
    drill.setAttribute("data-figure", fig);
    drill.append(
      h("h2", {}, t("stats.drill_title", { figure: t(titleKey), n: ids.length })),
      h("p", { class: "note" }, t(`stats.drill.${fig}` as MsgKey)),
    );
    if (!ids.length) {
      drill.appendChild(h("p", { class: "muted" }, t("stats.drill_empty")));
      return;
    }
    const shown = ids.slice(0, DRILL_LIMIT);
    const found = await Promise.all(shown.map((id) => api.getCase(id).then((c): CaseDetail | number => c, () => id)));
    if (my !== drillSeq || !alive) return;
    const cols = ["number", "kind", "received", "category", "matter", "status"] as const;
    const tbody = h("tbody", { id: "stats-drill-rows" });
    for (const c of found) {
      if (typeof c === "number") {
        tbody.appendChild(h("tr", { class: "drill-row missing", "data-id": c }, h("td", { colspan: cols.length }, t("stats.drill_missing", { id: c }))));
        continue;
      }
      const open = () => go({ view: "case", id: c.id });
      tbody.appendChild(
        h(
          "tr",
          {
            class: "case-row drill-row",
            tabindex: "0",
            "data-id": c.id,
            "data-number": c.number,
            onclick: open,
            onkeydown: onEnter(open),
          },
          h("td", { class: "col-number mono" }, c.number),
          h("td", { class: "col-kind" }, label("kind", c.kind)),
          h("td", { class: "col-received" }, shortTime(c.received_at)),
          h("td", { class: "col-category" }, categoryLabel(c.category, c.category_label)),
          h("td", { class: "col-matter" }, c.matter),
          h("td", { class: "col-status" }, label("status", c.status)),
        ),
      );
    }
    drill.appendChild(
      h(
        "div",
        { class: "table-wrap" },
        h(
          "table",
          { class: "cases", id: "stats-drill-table" },
          h("thead", {}, h("tr", {}, cols.map((c) => h("th", { scope: "col", class: `col-${c}` }, t(`list.col.${c}` as MsgKey))))),
          tbody,
        ),
      ),
    );
    if (ids.length > shown.length) drill.appendChild(h("p", { class: "note" }, t("stats.drill_more", { n: ids.length - shown.length })));
  }

  async function renderCharts(d: Dashboard, my: number): Promise<void> {
    try {
      const mod = await import("./statscharts");
      if (my !== seq || !alive) return;
      charts?.destroy();
      charts = mod.drawCharts(canvases, d, state.period!, categoryLabel);
      showBanner(chartError, null);
    } catch (e) {
      if (my !== seq || !alive) return;
      showBanner(chartError, { code: "chart", message: t("stats.chart_failed", { msg: e instanceof Error ? e.message : String(e) }), fields: [] });
    }
  }

  const setPeriod = () => {
    state.period = { from: from.value, to: to.value };
    void load();
  };
  from.addEventListener("change", setPeriod);
  to.addEventListener("change", setPeriod);
  kind.addEventListener("change", () => {
    state.kind = kind.value;
    fillCategories();
    void load();
  });
  category.addEventListener("change", () => {
    state.category = category.value;
    void load();
  });
  channel.addEventListener("change", () => {
    state.channel = channel.value;
    void load();
  });
  department.addEventListener("change", () => {
    state.department = department.value;
    void load();
  });
  handler.addEventListener("change", () => {
    state.handler = handler.value;
    void load();
  });

  void load();
  return () => {
    alive = false;
    seq++;
    drillSeq++;
    charts?.destroy();
    charts = null;
  };
}
