// The repeat check beside the intake form: a moment after the clerk types a
// phone, a name, or the accused with a category, the earlier cases of the
// last 180 days are asked for (intake_matches, masked by the core for this
// viewer) and shown with one button each to link the new case as a repeat.
import { intakeMatches, type IntakeMatches } from "../../api/generated";
import type { ApiError } from "../../api/transport";
import { byId, clear, debounce, h } from "../../lib/dom";
import { t } from "../../lib/i18n";
import { changed, intake } from "./draft";
import { caseLine, countLines, probeKey, probeOf, reasonText, toggleRepeat } from "./repeats";

/** The probe last asked about, and its answer (kept while the form is redrawn). */
let asked = "";
let answer: IntakeMatches | null = null;

/** A fresh form (after a save or 清空): nothing asked yet. */
export function forgetMatches(): void {
  asked = "";
  answer = null;
}

async function check(): Promise<void> {
  const s = intake.form;
  if (!s) return;
  const probe = probeOf(s);
  const key = probeKey(probe);
  if (key === asked) return;
  asked = key;
  if (!key) {
    answer = null;
    draw();
    return;
  }
  try {
    const m = await intakeMatches(probe);
    if (key !== asked) return; // typed on meanwhile
    answer = m;
    draw();
  } catch (e) {
    if (key !== asked) return;
    answer = null;
    draw((e as ApiError).message ?? String(e));
  }
}

/** Asks again a moment after typing stops. */
export const checkSoon = debounce(() => void check(), 350);

/** The panel (drawn from the last answer; filled in as the clerk types). */
export function repeatPanel(): HTMLElement {
  const panel = h("aside", { class: "repeat-panel", id: "repeat-panel", "aria-live": "polite", "aria-label": t("repeats.title", { days: 180 }) });
  queueMicrotask(() => draw());
  return panel;
}

function draw(failed?: string): void {
  const panel = byId("repeat-panel");
  const s = intake.form;
  if (!panel || !s) return;
  clear(panel);
  const listed = new Set(answer?.cases.map((c) => c.number) ?? []);
  const elsewhere = s.repeat_of.filter((n) => !listed.has(n));
  const show = !!failed || (answer?.cases.length ?? 0) > 0 || s.repeat_of.length > 0;
  // Empty, it keeps its place and says what it is for (the form does not
  // move when the first match comes in); narrow screens hide it then.
  panel.classList.toggle("empty", !show);
  panel.appendChild(h("h2", {}, t("repeats.title", { days: answer?.window_days ?? 180 })));
  if (!show) {
    panel.appendChild(h("p", { class: "note", id: "repeat-none" }, t(asked ? "repeats.none" : "repeats.hint")));
    return;
  }
  if (failed) panel.appendChild(h("p", { class: "bad" }, t("repeats.failed", { message: failed })));
  if (answer) {
    for (const line of countLines(answer)) panel.appendChild(h("p", { class: "repeat-count" }, line));
    const list = h("ul", { class: "repeat-list" });
    for (const c of answer.cases) {
      const linked = s.repeat_of.includes(c.number);
      const btn = h(
        "button",
        {
          type: "button",
          class: linked ? "secondary small linked" : "secondary small",
          "data-number": c.number,
          "aria-pressed": linked ? "true" : "false",
          onclick: () => {
            toggleRepeat(s, c.number);
            changed();
            draw();
          },
        },
        linked ? t("repeats.linked") : t("repeats.link"),
      );
      list.appendChild(
        h(
          "li",
          { class: linked ? "repeat-case linked" : "repeat-case", "data-number": c.number },
          h("div", { class: "repeat-line" }, caseLine(c)),
          h("div", { class: "repeat-why" }, t("repeats.why", { reasons: reasonText(c.reasons) }), c.identity_masked ? " · " + t("repeats.masked") : ""),
          btn,
        ),
      );
    }
    panel.appendChild(list);
    if (answer.total > answer.cases.length) panel.appendChild(h("p", { class: "note" }, t("repeats.more", { n: answer.total - answer.cases.length })));
  }
  for (const n of elsewhere) {
    panel.appendChild(
      h(
        "p",
        { class: "repeat-elsewhere" },
        t("repeats.linked_number", { number: n }),
        " ",
        h("button", { type: "button", class: "ghost small", onclick: () => (toggleRepeat(s, n), changed(), draw()) }, t("common.remove")),
      ),
    );
  }
  if (s.repeat_of.length) panel.appendChild(h("p", { class: "note repeat-note" }, t("repeats.linked_note", { n: s.repeat_of.length })));
}
