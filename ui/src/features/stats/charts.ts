// The 统计 charts, drawn by chart.js on <canvas>. Loaded on demand (its own
// chunk), only the controllers used are registered. chart.js v4 injects no
// <style>; sizes it sets go through the CSSOM, which the CSP allows.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from "chart.js";
import type { Dashboard, Rate } from "../../api/generated";
import { t } from "../../lib/i18n";
import { departmentSeries, fillMonths, formatBp } from "./logic";

Chart.register(BarController, LineController, BarElement, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Legend);
Chart.defaults.font.family = '"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif';
Chart.defaults.color = "#1f2328";
Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;

const ACCENT = "#1f5fa8";
const ACCENT_SOFT = "rgba(31, 95, 168, 0.75)";
const WARN = "#9a6700";
const OK = "rgba(26, 127, 55, 0.8)";
const BAD = "rgba(180, 35, 24, 0.8)";
const TARGET = "#b42318";

export interface Charts {
  destroy(): void;
}

const pct = (v: number | string) => `${v}%`;

function paretoConfig(d: Dashboard, pickLabel: (code: string, zh: string) => string): ChartConfiguration<"bar" | "line"> {
  return {
    type: "bar",
    data: {
      labels: d.pareto.map((p) => pickLabel(p.category, p.label)),
      datasets: [
        {
          type: "bar",
          label: t("stats.chart.count"),
          data: d.pareto.map((p) => p.count),
          backgroundColor: ACCENT_SOFT,
          yAxisID: "y",
          order: 2,
        },
        {
          type: "line",
          label: t("stats.chart.cumulative"),
          data: d.pareto.map((p) => p.cumulative_bp / 100),
          borderColor: WARN,
          backgroundColor: WARN,
          yAxisID: "y1",
          order: 1,
        },
      ],
    },
    options: {
      scales: {
        y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: t("stats.chart.count") } },
        y1: { position: "right", min: 0, max: 100, ticks: { callback: pct }, grid: { drawOnChartArea: false } },
      },
      plugins: {
        tooltip: {
          callbacks: {
            label: (c) => (c.dataset.yAxisID === "y1" ? `${c.dataset.label}: ${formatBp(d.pareto[c.dataIndex].cumulative_bp)}` : `${c.dataset.label}: ${c.formattedValue}`),
          },
        },
      },
    },
  };
}

function trendConfig(d: Dashboard, from: string, to: string): ChartConfiguration<"line"> {
  const months = fillMonths(d.monthly, from, to);
  return {
    type: "line",
    data: {
      labels: months.map((m) => m[0]),
      datasets: [{ label: t("stats.chart.count"), data: months.map((m) => m[1]), borderColor: ACCENT, backgroundColor: ACCENT, tension: 0 }],
    },
    options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  };
}

function departmentConfig(d: Dashboard): ChartConfiguration<"bar" | "line"> {
  const s = departmentSeries(d.on_time_by_department);
  const rates = Object.keys(d.on_time_by_department)
    .sort((a, b) => a.localeCompare(b, "zh-CN"))
    .map((k) => d.on_time_by_department[k] as Rate);
  return {
    type: "bar",
    data: {
      labels: s.labels,
      datasets: [
        {
          type: "bar",
          label: t("stats.chart.on_time"),
          data: s.values,
          backgroundColor: rates.map((r) => (r.meets_target === false ? BAD : OK)),
          order: 2,
        },
        {
          type: "line",
          label: t("stats.chart.target", { pct: `${s.target}%` }),
          data: s.labels.map(() => s.target),
          borderColor: TARGET,
          backgroundColor: TARGET,
          borderDash: [6, 4],
          pointRadius: 0,
          order: 1,
        },
      ],
    },
    options: {
      scales: { y: { min: 0, max: 100, ticks: { callback: pct } } },
      plugins: {
        tooltip: {
          callbacks: {
            label: (c) =>
              c.datasetIndex === 0 && rates[c.dataIndex]
                ? `${c.dataset.label}: ${formatBp(rates[c.dataIndex].bp)} (${rates[c.dataIndex].numerator}/${rates[c.dataIndex].denominator})`
                : `${c.dataset.label}`,
          },
        },
      },
    },
  };
}

/** Draws the three charts; returns a handle that frees them. */
export function drawCharts(
  canvases: { pareto: HTMLCanvasElement; trend: HTMLCanvasElement; department: HTMLCanvasElement },
  d: Dashboard,
  period: { from: string; to: string },
  pickLabel: (code: string, zh: string) => string,
): Charts {
  const charts: Chart[] = [];
  charts.push(new Chart(canvases.pareto, paretoConfig(d, pickLabel) as ChartConfiguration));
  charts.push(new Chart(canvases.trend, trendConfig(d, period.from, period.to) as ChartConfiguration));
  charts.push(new Chart(canvases.department, departmentConfig(d) as ChartConfiguration));
  return { destroy: () => charts.forEach((c) => c.destroy()) };
}
