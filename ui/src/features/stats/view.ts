// 统计: figures for a period against their targets, the cases behind each
// figure, three charts (Pareto of categories, monthly trend, on-time per
// department) and the periodic report.
import { dashboard, listUsers, type Dashboard, type Rate } from "../../api/generated";
import type { ApiError } from "../../api/transport";
import { bannerEl, showBanner } from "../../lib/banner";
import { clear, h, select } from "../../lib/dom";
import { dateInput } from "../../lib/datefield";
import { CHANNELS, KINDS, label, pick, t, type MsgKey } from "../../lib/i18n";
import { store } from "../../state/store";
import { categoryLabel } from "../register/view";
import type { Charts } from "./charts";
import { showDrill } from "./drill";
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
  statsQuery,
  targetMark,
  targetText,
  today,
  type Figure,
  type Mark,
  type Period,
  type PresetKind,
  type StatsFilters,
} from "./logic";
import { reportCard } from "./report";

/** Kept while the app runs, so coming back from a case shows the same figures. */
const state: { period: Period | null; filters: StatsFilters } = { period: null, filters: { kind: "", category: "", channel: "", department: "", handler: "" } };

export function mountStats(main: HTMLElement): () => void {
  if (!state.period) state.period = presetPeriod("month", today());
  const f = state.filters;
  const all = { value: "", label: t("common.all") };
  const from = dateInput("stats-from", state.period.from);
  const to = dateInput("stats-to", state.period.to);
  const presetButtons = new Map<PresetKind, HTMLButtonElement>();
  for (const k of PRESETS) {
    presetButtons.set(k, h("button", { type: "button", class: "secondary preset-btn", id: `stats-preset-${k}`, "data-preset": k, onclick: () => choosePreset(k) }, t(`stats.preset.${k}` as MsgKey)));
  }
  const kind = select({ id: "stats-kind" }, [all, ...KINDS.map((k) => ({ value: k, label: label("kind", k) }))], f.kind);
  const category = select({ id: "stats-category" }, [all], "");
  const channel = select({ id: "stats-channel" }, [all, ...CHANNELS.map((c) => ({ value: c, label: label("channel", c) }))], f.channel);
  const departments = Array.from(new Set((store.state.policy?.categories ?? []).map((c) => c.department).filter(Boolean))).sort((a, b) => a.localeCompare(b, "zh-CN"));
  const department = select({ id: "stats-department" }, [all, ...departments.map((d) => ({ value: d, label: d }))], f.department);
  // Handlers: the office's users, by account.
  const handler = select({ id: "stats-handler" }, [all], f.handler);
  void listUsers()
    .then((users) => {
      for (const u of users) handler.appendChild(h("option", { value: String(u.id) }, u.display_name));
      handler.value = f.handler;
    })
    .catch(() => {});
  const fillCategories = () => {
    const cats = (store.state.policy?.categories ?? []).filter((c) => !f.kind || c.kinds.includes(f.kind as "complaint"));
    clear(category);
    category.appendChild(h("option", { value: "" }, t("common.all")));
    for (const c of cats) category.appendChild(h("option", { value: c.code }, pick(c)));
    if (!cats.some((c) => c.code === f.category)) f.category = "";
    category.value = f.category;
  };
  fillCategories();

  const banner = bannerEl("stats-error");
  const status = h("div", { class: "note", id: "stats-status", "aria-live": "polite" });
  const cards = h("div", { class: "stat-cards", id: "stats-cards" });
  const drill = h("section", { class: "card stats-drill", id: "stats-drill", hidden: true, "aria-live": "polite" });
  const chartError = bannerEl("stats-chart-error");
  const canvases = {
    pareto: h("canvas", { id: "chart-pareto", role: "img", "aria-label": t("stats.chart.pareto") }),
    trend: h("canvas", { id: "chart-trend", role: "img", "aria-label": t("stats.chart.trend") }),
    department: h("canvas", { id: "chart-department", role: "img", "aria-label": t("stats.chart.department") }),
  };
  const chartBox = (key: MsgKey, canvas: HTMLCanvasElement, wide = false) => h("figure", { class: "card chart-card" + (wide ? " wide" : "") }, h("figcaption", {}, t(key)), h("div", { class: "chart-box" }, canvas));
  const filterField = (id: string, text: string, control: HTMLElement) => h("div", { class: "filter" }, h("label", { for: id }, text), control);

  let seq = 0;
  let drillSeq = 0;
  let charts: Charts | null = null;
  let alive = true;
  let current: Dashboard | null = null;
  const query = () => statsQuery(state.period!, f);

  main.append(
    h("h1", { class: "view-title" }, t("stats.title")),
    h("div", { class: "filters", role: "search" }, filterField("stats-from", t("stats.from"), from), filterField("stats-to", t("stats.to"), to), h("div", { class: "preset-group", role: "group", "aria-label": t("stats.period") }, Array.from(presetButtons.values()))),
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
    h("div", { class: "chart-grid" }, chartBox("stats.chart.pareto", canvases.pareto, true), chartBox("stats.chart.trend", canvases.trend), chartBox("stats.chart.department", canvases.department)),
    reportCard(query, () => alive),
  );

  function markPresets(): void {
    const chosen = matchingPreset(state.period!, today());
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
      const d = await dashboard(query());
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

  function card(id: string, titleKey: MsgKey, value: string, parts: string, target: string | null, mark: Mark, drillCount: number | null): HTMLElement {
    const drillable = drillCount !== null && drillCount > 0;
    const open = () => {
      if (!current) return;
      const my = ++drillSeq;
      for (const el of Array.from(cards.querySelectorAll(".stat-card"))) el.classList.toggle("selected", el.id === `stat-${id}`);
      void showDrill(drill, current, id as Figure, titleKey, () => my === drillSeq && alive);
    };
    return h(
      "div",
      { class: `stat-card mark-${mark}` + (drillable ? " drillable" : ""), id: `stat-${id}`, "data-mark": mark, onclick: drillable ? open : undefined },
      h("div", { class: "stat-label" }, t(titleKey)),
      h("div", { class: "stat-value", id: `stat-${id}-value` }, value),
      h("div", { class: "stat-parts", id: `stat-${id}-parts` }, parts),
      target ? h("div", { class: "stat-target", id: `stat-${id}-target` }, target) : null,
      mark !== "none" || target ? h("div", { class: `stat-mark mark-${mark}`, id: `stat-${id}-mark` }, h("span", { class: "mark-dot", "aria-hidden": "true" }), t(`stats.mark.${mark}` as MsgKey)) : null,
      drillable
        ? h(
            "button",
            { type: "button", class: "link btn-drill", id: `btn-drill-${id}`, "data-figure": id, onclick: (e: Event) => (e.stopPropagation(), open()) },
            t("stats.drill", { n: drillCount }),
          )
        : null,
    );
  }

  function rateCard(fig: Exclude<Figure, "overdue">, titleKey: MsgKey, r: Rate, d: Dashboard): HTMLElement {
    return card(fig, titleKey, formatBp(r.bp), formatParts(r), targetText(r), targetMark(r), drillIds(d, fig).length);
  }

  function renderCards(d: Dashboard): void {
    clear(cards);
    cards.append(
      card("total", "stats.total", String(d.total), t("stats.total_parts", { complaints: d.complaints, reports: d.reports }), null, "none", null),
      rateCard("on_time", "stats.on_time", d.on_time, d),
      rateCard("resolution", "stats.resolution", d.resolution, d),
      rateCard("satisfaction", "stats.satisfaction", d.satisfaction, d),
      rateCard("recurrence", "stats.recurrence", d.recurrence, d),
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

  async function renderCharts(d: Dashboard, my: number): Promise<void> {
    try {
      const mod = await import("./charts");
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
  const onFilter = (el: HTMLSelectElement, key: keyof StatsFilters, then?: () => void) =>
    el.addEventListener("change", () => {
      f[key] = el.value;
      then?.();
      void load();
    });
  onFilter(kind, "kind", fillCategories);
  onFilter(category, "category");
  onFilter(channel, "channel");
  onFilter(department, "department");
  onFilter(handler, "handler");

  void load();
  return () => {
    alive = false;
    seq++;
    drillSeq++;
    charts?.destroy();
    charts = null;
  };
}
