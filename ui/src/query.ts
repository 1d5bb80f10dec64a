// 查询码: progress of an anonymous case, nothing about people.
import { api, type ApiError } from "./api";
import { showBanner } from "./app";
import { h } from "./dom";
import { label, t, type MsgKey } from "./i18n";

export function mountQuery(main: HTMLElement): () => void {
  const input = h("input", { id: "query-code", type: "text", autocomplete: "off", spellcheck: "false", class: "mono" });
  const button = h("button", { type: "button", class: "primary", id: "btn-query" }, t("query.submit"));
  const banner = h("div", { class: "banner error", id: "query-error", role: "alert", hidden: true });
  const result = h("dl", { class: "kv-grid card", id: "query-result", hidden: true });

  const row = (key: MsgKey, value: string, id: string) => h("div", { class: "kv" }, h("dt", {}, t(key)), h("dd", { id }, value));

  async function lookUp(): Promise<void> {
    const code = input.value.trim();
    if (!code) {
      input.focus();
      return;
    }
    button.disabled = true;
    showBanner(banner, null);
    result.hidden = true;
    try {
      const v = await api.findByQueryCode(code);
      result.replaceChildren(
        row("query.number", v.number, "query-result-number"),
        row("query.kind", label("kind", v.kind), "query-result-kind"),
        row("query.received_date", v.received_date, "query-result-received"),
        row("query.status", label("status", v.status), "query-result-status"),
      );
      result.hidden = false;
    } catch (e) {
      showBanner(banner, e as ApiError);
      input.select();
    } finally {
      button.disabled = false;
    }
  }

  button.addEventListener("click", () => void lookUp());
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      e.preventDefault();
      void lookUp();
    }
  });

  main.append(
    h("h1", { class: "view-title" }, t("query.title")),
    h("p", { class: "note" }, t("query.intro")),
    h("div", { class: "query-line" }, h("label", { for: "query-code" }, t("query.code")), input, button),
    banner,
    result,
  );
  input.focus();
  return () => undefined;
}
