// 收到时间 on the intake form: empty on a fresh form until the clerk's first
// input (in any field) stamps it to the minute, so it is neither left from
// the last save nor from when the form was drawn; 现在 sets it to the
// current minute. The first input also takes the last query code away.
import { dateTimeInput } from "../../lib/datefield";
import { byId, h } from "../../lib/dom";
import { t } from "../../lib/i18n";
import { changed, intake } from "./draft";
import { stampNow, startForm } from "./logic";
import { onEdited } from "./rows";
import { codeFormStarted } from "./saved";

/** 收到时间 with its 现在 button: empty on a fresh form until the clerk's first input stamps it. */
export function receivedAt(): HTMLElement {
  const s = intake.form!;
  const input = dateTimeInput("f-received_at", s.received_at, {
    placeholder: t("intake.received_at_ph"),
    oninput: () => {
      s.received_at = input.value;
      onEdited(input);
    },
    onchange: () => {
      s.received_at = input.value;
      changed();
    },
  });
  const now = h(
    "button",
    {
      type: "button",
      class: "small-button now-btn",
      id: "btn-received-now",
      title: t("intake.now_title"),
      onclick: () => {
        stampNow(s, new Date());
        input.value = s.received_at;
        onEdited(input);
        codeFormStarted();
        input.focus();
      },
    },
    t("intake.now"),
  );
  return h("div", { class: "with-side" }, input, now);
}

/** The clerk's first input on a fresh form stamps the received time and takes the last query code off the screen. */
export function watchStart(form: HTMLElement): void {
  const first = (e: Event) => {
    const s = intake.form;
    const el = e.target as HTMLElement;
    if (!s || !s.stamp_pending) return;
    startForm(s, new Date(), el.id);
    const box = byId<HTMLInputElement>("f-received_at");
    if (box && el !== box) box.value = s.received_at;
    codeFormStarted();
  };
  form.addEventListener("input", first, true);
  form.addEventListener("change", first, true);
}
