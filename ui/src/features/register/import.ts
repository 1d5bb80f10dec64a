// 导入登记簿: pick a spreadsheet, map its columns, preview every row's
// problems, then import all valid rows or all-or-nothing. The file's bytes
// stay here between the preview and the import; the core reads them each time.
import { importCommit, importPreview, type ColumnMapping, type ImportField, type ImportMode, type ImportPreview, type ImportReport } from "../../api/generated";
import type { Picked } from "../../api/platform";
import type { ApiError } from "../../api/transport";
import { bannerEl, showBanner } from "../../lib/banner";
import { append, clear, h, select } from "../../lib/dom";
import { pickFile } from "../../lib/files";
import { CHANNELS, getLang, KINDS, label, SEVERITIES, t, type MsgKey } from "../../lib/i18n";
import { store } from "../../state/store";
import { cellValue, IMPORT_EXTENSIONS, IMPORT_FIELDS, PREVIEW_FIELDS, problemText, remap, rowsToShow, setWholeField } from "./logic";

const SHOWN_ROWS = 100;

function fieldLabel(f: ImportField): string {
  return t(`import.field.${f}` as MsgKey);
}

/** The values a whole field can take, for the fields chosen from a list. */
function wholeFieldOptions(f: ImportField): { value: string; label: string }[] | null {
  switch (f) {
    case "kind":
      return KINDS.map((k) => ({ value: k, label: label("kind", k) }));
    case "channel":
      return CHANNELS.map((k) => ({ value: k, label: label("channel", k) }));
    case "severity":
      return SEVERITIES.map((k) => ({ value: k, label: label("severity", k) }));
    case "category":
      return (store.state.policy?.categories ?? []).map((c) => ({ value: c.code, label: getLang() === "en" ? c.name_en : c.name_zh }));
    default:
      return null;
  }
}

/** A value as the preview shows it (codes of a whole field read as labels). */
function shownValue(f: ImportField, v: string): string {
  const options = wholeFieldOptions(f);
  return options?.find((o) => o.value === v)?.label ?? v;
}

export function mountImport(main: HTMLElement): () => void {
  let preview: ImportPreview | null = null;
  let file: Picked | null = null;
  let seq = 0;
  const banner = bannerEl("import-error");
  const pick = h("button", { type: "button", class: "primary", id: "btn-import-pick" }, t("import.pick"));
  const fileInfo = h("div", { class: "import-file", id: "import-file", hidden: true });
  const body = h("div", { id: "import-body" });
  const result = h("section", { class: "card", id: "import-result", hidden: true });

  main.append(
    h("h1", { class: "view-title" }, t("import.title")),
    h("p", { class: "hint" }, t("import.intro", { rows: "100,000", mb: 30 })),
    h("div", { class: "import-actions" }, pick, h("button", { type: "button", class: "ghost", id: "btn-import-back", onclick: () => store.go({ view: "register" }) }, t("common.back"))),
    fileInfo,
    banner,
    result,
    body,
  );

  async function choose(): Promise<void> {
    pick.disabled = true;
    try {
      const picked = await pickFile("import", IMPORT_EXTENSIONS);
      if (!picked) return;
      const p = await importPreview({ file_name: picked.name, bytes: picked.bytes, mapping: null });
      file = picked;
      showBanner(banner, null);
      result.hidden = true;
      render(p);
    } catch (e) {
      preview = null;
      file = null;
      clear(body);
      fileInfo.hidden = true;
      showBanner(banner, e as ApiError);
    } finally {
      pick.disabled = false;
    }
  }
  pick.addEventListener("click", () => void choose());

  async function remapTo(m: ColumnMapping): Promise<void> {
    const my = ++seq;
    if (!file) return;
    try {
      const p = await importPreview({ file_name: file.name, bytes: file.bytes, mapping: m });
      if (my !== seq) return;
      showBanner(banner, null);
      render(p);
    } catch (e) {
      if (my === seq) showBanner(banner, e as ApiError);
    }
  }

  async function commit(mode: ImportMode): Promise<void> {
    if (!preview || !file) return;
    for (const b of Array.from(body.querySelectorAll<HTMLButtonElement>(".import-commit"))) b.disabled = true;
    try {
      const r = await importCommit({ file_name: file.name, bytes: file.bytes, mapping: preview.mapping, mode });
      if (r.imported.length) store.casesChanged();
      showBanner(banner, null);
      showResult(r);
    } catch (e) {
      showBanner(banner, e as ApiError);
    } finally {
      for (const b of Array.from(body.querySelectorAll<HTMLButtonElement>(".import-commit"))) b.disabled = false;
    }
  }

  function render(p: ImportPreview): void {
    preview = p;
    const lang = getLang();
    clear(fileInfo);
    fileInfo.hidden = false;
    append(fileInfo, [
      h("span", {}, t("import.picked", { file: p.file_name })),
      p.sheet ? h("span", {}, t("import.sheet", { sheet: p.sheet })) : null,
      p.encoding ? h("span", {}, t("import.encoding", { encoding: p.encoding })) : null,
    ]);
    clear(body);
    const options = [{ value: "", label: t("import.ignore") }, ...IMPORT_FIELDS.map((f) => ({ value: f, label: fieldLabel(f) }))];
    const mapping = h(
      "table",
      { class: "import-mapping", id: "import-mapping" },
      h(
        "thead",
        {},
        h("tr", {}, ["import.col.column", "import.col.header", "import.col.samples", "import.col.field"].map((k) => h("th", { scope: "col" }, t(k as MsgKey)))),
      ),
      h(
        "tbody",
        {},
        p.columns.map((c) => {
          const sel = select({ id: `map-col-${c.index}`, "data-header": c.header, "aria-label": `${c.letter} ${c.header}` }, options, c.field ?? "");
          sel.addEventListener("change", () => void remapTo(remap(p.mapping, c.index, (sel.value || null) as ImportField | null)));
          return h(
            "tr",
            { class: c.field ? "mapped" : "ignored" },
            h("td", { class: "mono" }, c.letter),
            h("td", {}, c.header),
            h("td", { class: "samples" }, c.samples.join(" · ")),
            h("td", {}, sel, c.note && !c.field ? h("div", { class: "hint" }, t(`import.note.${c.note}` as MsgKey)) : null),
          );
        }),
      ),
    );
    const whole = h(
      "div",
      { class: "grid import-whole", id: "import-whole" },
      p.fillable.map((f) => {
        const current = p.mapping.fixed[f] ?? "";
        const options = wholeFieldOptions(f);
        const id = `whole-${f}`;
        const control = options
          ? select({ id }, [{ value: "", label: t("import.whole_none") }, ...options], current)
          : (h("input", { id, type: "text", maxlength: 100, value: current }) as HTMLInputElement);
        control.addEventListener("change", () => void remapTo(setWholeField(p.mapping, f, control.value)));
        return h("div", { class: "field" }, h("label", { for: id }, fieldLabel(f)), control);
      }),
    );
    const counts = h(
      "p",
      { class: "import-counts", id: "import-counts", "data-total": p.total, "data-valid": p.valid, "data-bad": p.with_problems },
      t("import.counts", { total: p.total, valid: p.valid, bad: p.with_problems, dup: p.duplicates }),
    );
    const shown = rowsToShow(p, SHOWN_ROWS);
    const rows = h(
      "table",
      { class: "import-rows", id: "import-rows" },
      h(
        "thead",
        {},
        h("tr", {}, h("th", { scope: "col" }, t("import.col.row")), PREVIEW_FIELDS.map((f) => h("th", { scope: "col" }, fieldLabel(f))), h("th", { scope: "col" }, t("import.col.problems"))),
      ),
      h(
        "tbody",
        {},
        shown.map((r) =>
          h(
            "tr",
            { class: r.problems.length ? "has-problems" : "ok", "data-row": r.row, "data-problems": r.problems.map((x) => x.code).join(" ") },
            h("td", { class: "mono" }, String(r.row)),
            PREVIEW_FIELDS.map((f) => {
              const v = cellValue(r, f);
              if (!v.source) return h("td", {}, v.text);
              const how = t(`import.filled.${v.source}` as MsgKey);
              return h("td", { class: "filled", "data-filled": v.source, title: how }, shownValue(f, v.text), h("small", { class: "hint" }, ` (${how})`));
            }),
            h(
              "td",
              { class: "problems" },
              r.problems.length ? h("ul", {}, r.problems.map((x) => h("li", { "data-code": x.code }, problemText(x, lang)))) : h("span", { class: "ok-mark" }, t("import.ok")),
            ),
          ),
        ),
      ),
    );
    body.append(
      h(
        "section",
        { class: "card" },
        h("h2", {}, t("import.mapping")),
        h("p", { class: "hint" }, t("import.mapping_hint")),
        p.header_found ? null : h("p", { class: "warn", id: "import-no-header" }, t("import.no_header")),
        p.missing_fields.length ? h("p", { class: "warn", id: "import-missing" }, t("import.missing", { fields: p.missing_fields.map(fieldLabel).join("、") })) : null,
        p.ignored_columns.length ? h("p", { class: "hint", id: "import-ignored" }, t("import.ignored", { cols: p.ignored_columns.join("、") })) : null,
        h("div", { class: "table-wrap" }, mapping),
        h("h3", {}, t("import.whole")),
        h("p", { class: "hint" }, t("import.whole_hint")),
        whole,
      ),
      h(
        "section",
        { class: "card" },
        h("h2", {}, t("import.preview")),
        counts,
        shown.length < p.rows.length ? h("p", { class: "hint" }, t("import.preview_more", { n: SHOWN_ROWS })) : null,
        h("div", { class: "table-wrap" }, rows),
        h(
          "div",
          { class: "import-actions" },
          h("button", { type: "button", class: "primary import-commit", id: "btn-import-valid", disabled: p.valid === 0, onclick: () => void commit("valid_only") }, t("import.valid_only")),
          h("button", { type: "button", class: "secondary import-commit", id: "btn-import-all", onclick: () => void commit("all_or_nothing") }, t("import.all_or_nothing")),
        ),
      ),
    );
  }

  function showResult(r: ImportReport): void {
    const lang = getLang();
    clear(result);
    result.hidden = false;
    result.setAttribute("data-imported", String(r.imported.length));
    result.setAttribute("data-refused", String(r.refused));
    append(result, [
      h("h2", {}, t("import.title")),
      h("p", { class: r.refused ? "warn" : "ok", id: "import-summary" }, r.refused ? t("import.refused", { n: r.skipped.length }) : t("import.done", { n: r.imported.length, skipped: r.skipped.length })),
      r.imported.length
        ? h(
            "details",
            {},
            h("summary", {}, t("import.imported")),
            h("ul", { id: "import-imported" }, r.imported.map((c) => h("li", {}, h("button", { type: "button", class: "link", onclick: () => store.go({ view: "case", id: c.id }) }, c.number), c.legacy_number ? ` ← ${c.legacy_number}` : ""))),
          )
        : null,
      r.skipped.length
        ? h(
            "div",
            {},
            h("h3", {}, t("import.skipped")),
            h(
              "ul",
              { id: "import-skipped" },
              r.skipped.map((s) => h("li", { "data-row": s.row }, `${t("import.col.row")} ${s.row}：`, s.problems.map((x) => problemText(x, lang)).join("；"))),
            ),
          )
        : null,
    ]);
    if (!r.refused) {
      // The file is in; its preview no longer applies.
      preview = null;
      file = null;
      clear(body);
    }
    result.scrollIntoView?.({ block: "start" });
  }

  return () => {
    seq++;
  };
}
