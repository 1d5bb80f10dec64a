// The intake form's state while the app runs, and its autosave: the form is
// saved as the "intake" draft a moment after each change (and when the
// view is left or the window hidden), the channel as a default. What
// happened to the last saved case's query code is kept here too.
import { discardDraft, loadDraft, saveDraft, type CaseView, type JsonValue, type UserView } from "../../api/generated";
import { clockTime } from "../../lib/dates";
import { byId, debounce } from "../../lib/dom";
import { t } from "../../lib/i18n";
import { defaultsFromDraft, DRAFT_VERSION, emptyForm, formFromDraft, hasContent, type FormState, type IntakeDefaults } from "./logic";
import { freshCode, type CodeState } from "./querycode";

const DRAFT_KEY = "intake";
/** Remembers the channel between cases (and app runs). */
const DEFAULTS_KEY = "intake_defaults";

/** The intake's state: kept while the app runs, so leaving the tab loses nothing. */
export const intake: {
  form: FormState | null;
  lastSaved: CaseView | null;
  /** The last saved case's query code: started, printed, repeated back. */
  code: CodeState;
  busy: boolean;
  root: HTMLElement | null;
  /** The office's active users, for the receiving clerk. */
  users: UserView[];
  /** Draws the form again from `form` (set by the view). */
  render: () => void;
  /** Whose form it is (another user signed in starts from their own draft). */
  owner: number | null;
  /** Called after every change (the view sets it: the repeat check). */
  onEdit: () => void;
} = { form: null, lastSaved: null, code: freshCode(), busy: false, root: null, users: [], render: () => {}, owner: null, onEdit: () => {} };

async function saveNow(): Promise<void> {
  if (!intake.form) return;
  const status = byId("draft-status");
  try {
    await saveDraft({ key: DRAFT_KEY, body: { version: DRAFT_VERSION, form: intake.form } as unknown as JsonValue });
    if (status) {
      status.textContent = t("intake.draft_saved", { time: clockTime(new Date()) });
      status.classList.remove("bad");
    }
  } catch {
    if (status) {
      status.textContent = t("intake.draft_failed");
      status.classList.add("bad");
    }
  }
}

export const saveDraftSoon = debounce(() => void saveNow(), 400);

/** Something was typed: the draft is saved soon. */
export function changed(): void {
  saveDraftSoon();
  intake.onEdit();
}

/** The draft and the defaults as stored; whether a draft with content came
 *  back (a draft with nothing typed gives a fresh form, its time not stamped). */
export async function loadForm(): Promise<{ form: FormState; restored: boolean }> {
  let defaults: IntakeDefaults = {};
  try {
    defaults = defaultsFromDraft(await loadDraft({ key: DEFAULTS_KEY }));
  } catch {
    defaults = {};
  }
  let draft: FormState | null = null;
  try {
    draft = formFromDraft(await loadDraft({ key: DRAFT_KEY }));
  } catch {
    draft = null;
  }
  const restored = !!draft && hasContent(draft);
  return { form: restored ? draft! : emptyForm(defaults), restored };
}

/** The case is saved: the draft goes, the channel is remembered. */
export async function afterSave(s: FormState): Promise<void> {
  saveDraftSoon.cancel();
  await discardDraft({ key: DRAFT_KEY }).catch(() => undefined);
  await saveDraft({ key: DEFAULTS_KEY, body: { channel: s.channel } }).catch(() => undefined);
}

/** 清空: the draft is discarded. */
export function discard(): void {
  saveDraftSoon.cancel();
  void discardDraft({ key: DRAFT_KEY }).catch(() => undefined);
}
