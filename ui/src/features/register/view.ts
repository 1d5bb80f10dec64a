// 登记簿: search, filters, sort and paging of the register, and its export
// (every page of the list as filtered) to CSV or XLSX.
import { exportRegisterCsv, exportRegisterXlsx, listCases, type CaseSummary, type SortKey } from "../../api/generated";
import type { ApiError } from "../../api/transport";
import { bannerEl, showBanner } from "../../lib/banner";
import { byId, clear, debounce, h, onEnter, select, shortTime } from "../../lib/dom";
import { saveFile } from "../../lib/files";
import { dateInput } from "../../lib/datefield";
import { CHANNELS, KINDS, label, pick, SORTS, STATUSES, t } from "../../lib/i18n";
import { store } from "../../state/store";
import { emptyQuery, exportName, opt, pageCount } from "./logic";

/** Kept while the app runs, so coming back from a case shows the same page. */
const query = emptyQuery();
let seq = 0;

/** The category's name in the seat's language (the core's Chinese label otherwise). */
export function categoryLabel(code: string, fallback: string): string {
  const c = store.state.policy?.categories.find((x) => x.code === code);
  return c ? pick(c) : fallback;
}

export function mountRegister(main: HTMLElement): () => void {
  const all = { value: "", label: t("common.all") };
  const search = h("input", { id: "search", type: "search", value: query.text, placeholder: t("list.search_ph"), autocomplete: "off" });
  const kind = select({ id: "filter-kind" }, [all, ...KINDS.map((k) => ({ value: k, label: label("kind", k) }))], query.kind ?? "");
  const status = select({ id: "filter-status" }, [all, ...STATUSES.map((s) => ({ value: s, label: label("status", s) }))], query.status ?? "");
  const category = select({ id: "filter-category" }, [all], "");
  const channel = select({ id: "filter-channel" }, [all, ...CHANNELS.map((c) => ({ value: c, label: label("channel", c) }))], query.channel ?? "");
  const from = dateInput("filter-from", query.received_from ?? "");
  const to = dateInput("filter-to", query.received_to ?? "");
  const sort = select({ id: "sort" }, SORTS.map((s) => ({ value: s, label: label("sort", s) })), query.sort);

  const fillCategories = () => {
    const cats = (store.state.policy?.categories ?? []).filter((c) => !query.kind || c.kinds.includes(query.kind as "complaint"));
    clear(category);
    category.appendChild(h("option", { value: "" }, t("common.all")));
    for (const c of cats) category.appendChild(h("option", { value: c.code }, pick(c)));
    if (!cats.some((c) => c.code === query.category)) query.category = null;
    category.value = query.category ?? "";
  };
  fillCategories();

  const banner = bannerEl("list-error");
  const tbody = h("tbody", { id: "case-rows" });
  const prev = h("button", { type: "button", class: "secondary", id: "page-prev" }, t("list.prev"));
  const next = h("button", { type: "button", class: "secondary", id: "page-next" }, t("list.next"));
  const info = h("span", { class: "page-info", id: "page-info", "aria-live": "polite" });
  const exportBtn = h("button", { type: "button", class: "secondary", id: "btn-export-csv" }, t("list.export_csv"));
  const exportXlsxBtn = h("button", { type: "button", class: "secondary", id: "btn-export-xlsx" }, t("list.export_xlsx"));
  const importBtn = !store.may("import_preview") ? null : h("button", { type: "button", class: "secondary", id: "btn-import", onclick: () => store.go({ view: "import" }) }, t("list.import"));
  const exportStatus = h("div", { class: "export-status", id: "export-csv-status", role: "status", hidden: true });

  const cols = ["number", "kind", "received", "complainant", "accused", "category", "severity", "matter", "status", "due"] as const;
  const table = h(
    "table",
    { class: "cases", id: "case-table" },
    h("thead", {}, h("tr", {}, cols.map((c) => h("th", { scope: "col", class: `col-${c}` }, t(`list.col.${c}`))))),
    tbody,
  );

  const filterField = (id: string, text: string, control: HTMLElement, cls = "") =>
    h("div", { class: "filter " + cls }, h("label", { for: id }, text), control);

  main.append(
    h("h1", { class: "view-title" }, t("list.title")),
    h(
      "div",
      { class: "filters", role: "search" },
      filterField("search", t("list.search"), search, "grow"),
      filterField("filter-kind", t("list.kind"), kind),
      filterField("filter-status", t("list.status"), status),
      filterField("filter-category", t("list.category"), category),
      filterField("filter-channel", t("list.channel"), channel),
      filterField("filter-from", t("list.from"), from),
      filterField("filter-to", t("list.to"), to),
      filterField("sort", t("list.sort"), sort),
      h("button", { type: "button", class: "ghost", id: "btn-reset-filters", onclick: reset }, t("list.reset")),
      exportBtn,
      exportXlsxBtn,
      importBtn,
    ),
    banner,
    exportStatus,
    h("div", { class: "table-wrap" }, table),
    h("div", { class: "pager" }, prev, info, next),
  );

  let shownRows = "";
  async function load(): Promise<void> {
    const my = ++seq;
    try {
      const page = await listCases({ ...query });
      if (my !== seq) return;
      showBanner(banner, null);
      // The change feed reloads often: rows are drawn again only when they differ.
      const seen = JSON.stringify(page.items);
      if (seen !== shownRows) renderRows(page.items);
      shownRows = seen;
      const pages = pageCount(page.total, page.page_size);
      info.textContent = t("list.page_info", { page: page.page, pages, total: page.total });
      prev.disabled = page.page <= 1;
      next.disabled = page.page >= pages;
      table.setAttribute("data-total", String(page.total));
    } catch (e) {
      if (my !== seq) return;
      showBanner(banner, e as ApiError);
    }
  }

  function renderRows(items: CaseSummary[]): void {
    clear(tbody);
    if (!items.length) {
      tbody.appendChild(h("tr", { class: "empty" }, h("td", { colspan: cols.length }, t("list.empty"))));
      return;
    }
    for (const c of items) {
      const open = () => store.go({ view: "case", id: c.id });
      tbody.appendChild(
        h(
          "tr",
          {
            class: "case-row" + (c.due_state === "overdue" ? " overdue" : ""),
            "data-due-state": c.due_state ?? "",
            "data-severity": c.severity,
            tabindex: "0",
            "data-id": c.id,
            "data-number": c.number,
            onclick: open,
            onkeydown: onEnter(open),
          },
          h("td", { class: "col-number mono" }, c.number),
          h("td", { class: "col-kind" }, label("kind", c.kind)),
          h("td", { class: "col-received" }, shortTime(c.received_at)),
          h("td", { class: "col-complainant" }, c.anonymous ? t("list.anonymous") : c.complainant),
          h("td", { class: "col-accused" }, c.accused),
          h("td", { class: "col-category" }, categoryLabel(c.category, c.category_label)),
          h("td", { class: "col-severity" }, h("span", { class: `sev sev-${c.severity}` }, label("severity", c.severity))),
          h("td", { class: "col-matter" }, c.matter),
          h("td", { class: "col-status" }, label("status", c.status)),
          h(
            "td",
            { class: "col-due" + (c.due_state ? ` due-state-${c.due_state}` : "") },
            c.next_due_at
              ? [c.due_label ? h("div", { class: "due-label" }, c.due_label) : null, h("div", { class: "due-date" }, shortTime(c.next_due_at))]
              : c.due_label ?? "",
          ),
        ),
      );
    }
  }

  const refilter = () => {
    query.page = 1;
    void load();
  };
  const searchSoon = debounce(refilter, 300);
  search.addEventListener("input", () => {
    query.text = search.value;
    searchSoon();
  });
  search.addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      e.preventDefault();
      searchSoon.flush();
    }
  });
  kind.addEventListener("change", () => {
    query.kind = opt(kind.value);
    fillCategories();
    refilter();
  });
  status.addEventListener("change", () => {
    query.status = opt(status.value);
    refilter();
  });
  category.addEventListener("change", () => {
    query.category = opt(category.value);
    refilter();
  });
  channel.addEventListener("change", () => {
    query.channel = opt(channel.value);
    refilter();
  });
  from.addEventListener("change", () => {
    query.received_from = opt(from.value);
    refilter();
  });
  to.addEventListener("change", () => {
    query.received_to = opt(to.value);
    refilter();
  });
  sort.addEventListener("change", () => {
    query.sort = sort.value as SortKey;
    refilter();
  });
  prev.addEventListener("click", () => {
    if (query.page > 1) {
      query.page--;
      void load();
    }
  });
  next.addEventListener("click", () => {
    query.page++;
    void load();
  });

  /** The list as filtered now (every page) to a CSV or XLSX file the user picks. */
  async function exportList(format: "csv" | "xlsx"): Promise<void> {
    const btn = format === "csv" ? exportBtn : exportXlsxBtn;
    btn.disabled = true;
    exportStatus.hidden = true;
    try {
      const q = { ...query, page: 1 };
      const bytes = format === "csv" ? await exportRegisterCsv(q) : await exportRegisterXlsx(q);
      const path = await saveFile(exportName(t("list.export_name"), format), bytes);
      showBanner(banner, null);
      if (path) {
        exportStatus.textContent = t(format === "csv" ? "list.exported_csv" : "list.exported_xlsx", { path });
        exportStatus.setAttribute("data-path", path);
        exportStatus.hidden = false;
      }
    } catch (e) {
      showBanner(banner, e as ApiError);
    } finally {
      btn.disabled = false;
    }
  }
  exportBtn.addEventListener("click", () => void exportList("csv"));
  exportXlsxBtn.addEventListener("click", () => void exportList("xlsx"));

  function reset(): void {
    Object.assign(query, emptyQuery());
    search.value = "";
    kind.value = status.value = channel.value = from.value = to.value = "";
    sort.value = "received_desc";
    fillCategories();
    void load();
  }

  void load();
  byId("search")?.focus();
  // Another seat registered or changed a case: the page shows it without a reload.
  const stopFeed = store.on("changes", () => void load());
  return () => {
    stopFeed();
    searchSoon.cancel();
    seq++;
  };
}
