// The intake form's state while the app runs, and its autosave: the form is
// saved as the "intake" draft a moment after each change (and when the
// view is left or the window hidden), the clerk and channel as defaults.
import { discardDraft, loadDraft, saveDraft, type CaseView, type JsonValue, type UserView } from "../../api/generated";
import { clockTime } from "../../lib/dates";
import { byId, debounce } from "../../lib/dom";
import { t } from "../../lib/i18n";
import { defaultsFromDraft, DRAFT_VERSION, emptyForm, formFromDraft, hasContent, type FormState, type IntakeDefaults } from "./logic";

const DRAFT_KEY = "intake";
/** Remembers the receiving clerk and channel between cases (and app runs). */
const DEFAULTS_KEY = "intake_defaults";

/** The intake's state: kept while the app runs, so leaving the tab loses nothing. */
export const intake: {
  form: FormState | null;
  lastSaved: CaseView | null;
  busy: boolean;
  root: HTMLElement | null;
  /** The office's active users, for the receiving clerk. */
  users: UserView[];
  /** Draws the form again from `form` (set by the view). */
  render: () => void;
  /** Whose form it is (another user signed in starts from their own draft). */
  owner: number | null;
} = { form: null, lastSaved: null, busy: false, root: null, users: [], render: () => {}, owner: null };

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
}

/** The draft and the defaults as stored; whether a draft with content came back. */
export async function loadForm(now: Date): Promise<{ form: FormState; restored: boolean }> {
  let defaults: IntakeDefaults = {};
  try {
    defaults = defaultsFromDraft(await loadDraft({ key: DEFAULTS_KEY }));
  } catch {
    defaults = {};
  }
  let draft: FormState | null = null;
  try {
    draft = formFromDraft(await loadDraft({ key: DRAFT_KEY }), now);
  } catch {
    draft = null;
  }
  if (draft && draft.receiving_clerk_id === null && defaults.receiving_clerk_id) draft.receiving_clerk_id = defaults.receiving_clerk_id;
  return { form: draft ?? emptyForm(now, defaults), restored: !!draft && hasContent(draft) };
}

/** The case is saved: the draft goes, the clerk and channel are remembered. */
export async function afterSave(s: FormState): Promise<void> {
  saveDraftSoon.cancel();
  await discardDraft({ key: DRAFT_KEY }).catch(() => undefined);
  await saveDraft({ key: DEFAULTS_KEY, body: { receiving_clerk_id: s.receiving_clerk_id, channel: s.channel } }).catch(() => undefined);
}

/** 清空: the draft is discarded. */
export function discard(): void {
  saveDraftSoon.cancel();
  void discardDraft({ key: DRAFT_KEY }).catch(() => undefined);
}
