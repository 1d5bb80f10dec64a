// 查询码: progress of an anonymous case, nothing about people.
import { findByQueryCode } from "../../api/generated";
import type { ApiError } from "../../api/transport";
import { bannerEl, showBanner } from "../../lib/banner";
import { h } from "../../lib/dom";
import { t, type MsgKey } from "../../lib/i18n";
import { codeToSend, queryRows } from "./logic";

export function mountQuery(main: HTMLElement): () => void {
  const input = h("input", { id: "query-code", type: "text", autocomplete: "off", spellcheck: "false", class: "mono" });
  const button = h("button", { type: "button", class: "primary", id: "btn-query" }, t("query.submit"));
  const banner = bannerEl("query-error");
  const result = h("dl", { class: "kv-grid card", id: "query-result", hidden: true });

  const row = (key: MsgKey, value: string, id: string) => h("div", { class: "kv" }, h("dt", {}, t(key)), h("dd", { id }, value));

  async function lookUp(): Promise<void> {
    const code = codeToSend(input.value);
    if (!code) {
      input.focus();
      return;
    }
    button.disabled = true;
    showBanner(banner, null);
    result.hidden = true;
    try {
      const v = await findByQueryCode(code);
      result.replaceChildren(...queryRows(v).map(([k, value, id]) => row(k, value, id)));
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
