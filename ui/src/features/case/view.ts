// One case: its head (number, status, slip and receipt), the handling panel,
// the reward card of a report, its documents, what it says, the people, the
// investigation material, links and the timeline. Everything the user may
// do comes from the core's `allowed` on the case.
import { getCase, listUsers, rewardPolicy, rewardState, type CaseView, type UserView } from "../../api/generated";
import type { ApiError } from "../../api/transport";
import { bannerEl, showBanner } from "../../lib/banner";
import { append, h, shortTime } from "../../lib/dom";
import { label, pick, t, type MsgKey } from "../../lib/i18n";
import { store } from "../../state/store";
import { touches } from "../connection/logic";
import { rewardCard, type RewardData } from "../rewards/view";
import { documentsSection } from "./documents";
import { handlingPanel } from "./handling";
import { identityNotice } from "./identity";
import { issueAndPrint } from "./issue";
import { historyItem, linksSection, recordsSection, timeline } from "./material";

function item(key: MsgKey, value: string | Node, id?: string, wide = false): HTMLElement {
  return h("div", { class: "kv" + (wide ? " wide" : "") }, h("dt", {}, t(key)), h("dd", { id }, value === "" ? t("common.none") : value));
}

function para(text: string): Node {
  return text ? h("div", { class: "pre" }, text) : document.createTextNode(t("common.none"));
}

function peopleTable(heads: MsgKey[], rows: string[][], id: string): HTMLElement {
  if (!rows.length) return h("p", { class: "muted", id }, t("common.none"));
  return h(
    "table",
    { class: "plain", id },
    h("thead", {}, h("tr", {}, heads.map((k) => h("th", { scope: "col" }, t(k))))),
    h("tbody", {}, rows.map((r) => h("tr", {}, r.map((v) => h("td", {}, v))))),
  );
}

function details(c: CaseView): HTMLElement {
  const cat = store.state.policy?.categories.find((x) => x.code === c.category);
  return h(
    "section",
    { class: "card" },
    h(
      "dl",
      { class: "kv-grid" },
      item("case.kind", label("kind", c.kind), "case-kind"),
      item("case.channel", label("channel", c.channel), "case-channel"),
      item("case.received_at", shortTime(c.received_at), "case-received_at"),
      item("case.receiving_clerk", c.receiving_clerk, "case-receiving_clerk"),
      item("case.category", cat ? pick(cat) : c.category_label, "case-category"),
      item("case.department", c.handling_department, "case-department"),
      item("case.severity", label("severity", c.severity), "case-severity"),
      item("case.status", label("status", c.status), "case-status"),
      c.legacy_number ? item("case.legacy_number", h("span", { class: "mono" }, c.legacy_number), "case-legacy-number") : null,
      c.anonymous && c.query_code ? item("case.query_code", h("strong", { class: "query-code" }, c.query_code), "case-query-code") : null,
      c.reply_method ? item("intake.reply_method", label("reply_method", c.reply_method), "case-reply_method") : null,
      item("case.occurred_when", c.occurred_when, "case-occurred_when"),
      item("case.occurred_where", c.occurred_where, "case-occurred_where"),
      item("case.matter", c.matter, "case-matter", true),
      item("case.facts", para(c.facts), "case-facts", true),
      item("case.request", para(c.request), "case-request", true),
    ),
  );
}

function people(c: CaseView): HTMLElement {
  return h(
    "section",
    { class: "card" },
    h("h2", {}, t("case.complainants")),
    c.anonymous
      ? h("p", { id: "case-complainants" }, h("span", { class: "badge" }, t("case.anonymous")))
      : peopleTable(
          ["intake.name", "intake.unit", "intake.position", "intake.phone", "intake.gender", "intake.id_number", "intake.address"],
          c.complainants.map((p) => [p.name, p.unit, p.position, p.phone, p.gender ? label("gender", p.gender) : "", p.id_number, p.address]),
          "case-complainants",
        ),
    h("h2", {}, t("case.accused")),
    peopleTable(["intake.name", "intake.unit"], c.accused.map((a) => [a.name, a.unit]), "case-accused"),
    h("h2", {}, t("case.evidence")),
    c.evidence.length ? h("ol", { class: "evidence", id: "case-evidence" }, c.evidence.map((e) => h("li", {}, e))) : h("p", { class: "muted", id: "case-evidence" }, t("common.none")),
    h("h2", {}, t("case.witnesses")),
    peopleTable(["intake.witness_name", "intake.witness_contact"], c.witnesses.map((w) => [w.name, w.contact]), "case-witnesses"),
  );
}

interface Page {
  c: CaseView;
  users: UserView[];
  reward: RewardData | null;
  revealed: boolean;
}

function render(main: HTMLElement, p: Page, banner: HTMLElement, reload: () => void, reveal: (c: CaseView) => void): void {
  const c = p.c;
  const status = h("div", { class: "export-status", id: "export-status", "aria-live": "polite", hidden: true });
  const docs = c.allowed.documents;
  const headDoc = (doc: "slip" | "receipt", id: string, key: MsgKey, cls: string) =>
    docs.includes(doc) ? h("button", { type: "button", class: cls, id, onclick: () => void print(doc) }, t(key)) : null;
  append(main, [
    h(
      "div",
      { class: "case-head" },
      h("div", {}, h("div", { class: "case-kind" }, `${label("kind", c.kind)} · ${label("status", c.status)}`), h("h1", { class: "case-number mono", id: "case-number" }, c.number)),
      h(
        "div",
        { class: "case-actions" },
        headDoc("slip", "btn-export-slip", "case.export_slip", "primary"),
        headDoc("receipt", "btn-export-receipt", "case.export_receipt", "secondary"),
        h("button", { type: "button", class: "ghost", id: "btn-back", onclick: () => store.go({ view: "register" }) }, t("common.back")),
      ),
    ),
    banner,
    c.identity_masked && !p.revealed ? identityNotice(c, banner, reveal) : null,
    p.revealed ? h("p", { class: "identity-revealed", id: "identity-revealed", role: "note", tabindex: "-1" }, t("identity.revealed")) : null,
    status,
    handlingPanel(c, p.users, banner, reload),
    p.reward ? rewardCard(c, p.reward, reload) : null,
    documentsSection(c, () => void refreshHistory(c.id)),
    details(c),
    people(c),
    recordsSection(c, banner),
    linksSection(c.links),
    timeline(c),
  ]);

  async function print(doc: "slip" | "receipt"): Promise<void> {
    const buttons = ["btn-export-slip", "btn-export-receipt"].map((id) => document.getElementById(id) as HTMLButtonElement | null);
    buttons.forEach((b) => b && (b.disabled = true));
    showBanner(banner, null);
    status.hidden = true;
    try {
      const r = await issueAndPrint(c.id, doc);
      status.textContent = r.lines?.length ? r.lines.join("\n") : t("print.cancelled");
      status.hidden = false;
      await refreshHistory(c.id);
    } catch (e) {
      showBanner(banner, e as ApiError);
    } finally {
      buttons.forEach((b) => b && (b.disabled = false));
    }
  }
}

/** Re-reads the case and replaces the timeline (after a document was printed or issued). */
async function refreshHistory(id: number): Promise<void> {
  try {
    const fresh = await getCase({ case_id: id });
    document.getElementById("case-history")?.replaceChildren(...fresh.history.map((e) => historyItem(e, fresh)));
  } catch {
    /* the document itself was made */
  }
}

type Field = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
const fieldState = (el: Field): string => (el instanceof HTMLInputElement && (el.type === "checkbox" || el.type === "radio") ? String(el.checked) : el.value);
const fieldsOf = (main: HTMLElement) => Array.from(main.querySelectorAll<Field>("textarea, input, select")).filter((el) => el.type !== "file" && el.type !== "button");

/** Each field's state as drawn, to tell later whether something was typed. */
function snapshot(main: HTMLElement): WeakMap<Field, string> {
  const m = new WeakMap<Field, string>();
  for (const el of fieldsOf(main)) m.set(el, fieldState(el));
  return m;
}

/** Whether a field on the page holds something typed and not yet saved. */
function typing(main: HTMLElement, drawn: WeakMap<Field, string>): boolean {
  return fieldsOf(main).some((el) => {
    const was = drawn.get(el);
    return was === undefined ? fieldState(el) !== "" && el.type !== "checkbox" && el.type !== "radio" && !(el instanceof HTMLSelectElement) : was !== fieldState(el);
  });
}

export function mountCase(main: HTMLElement, id: number): () => void {
  let live = true;
  const banner = bannerEl("case-error");
  main.append(h("div", { class: "loading" }, t("app.loading")));
  const users = listUsers()
    .then((us) => us.filter((u) => u.active))
    .catch((): UserView[] => []);
  const rewardData = (): Promise<RewardData> =>
    Promise.all([rewardState({ case_id: id }).catch((e: ApiError) => e), rewardPolicy().catch((e: ApiError) => e)]).then(([state, policy]) => ({ state, policy }));
  let drawn = new WeakMap<Field, string>();
  let shownVersion = -1;
  const draw = (p: Page, first: boolean) => {
    const y = window.scrollY;
    main.replaceChildren();
    render(main, p, banner, () => void load(false), (open) => {
      if (live) draw({ ...p, c: open, revealed: true }, false);
      document.getElementById("identity-revealed")?.focus();
    });
    drawn = snapshot(main);
    shownVersion = p.c.version;
    if (first) document.getElementById("case-number")?.focus();
    else window.scrollTo(0, y);
  };
  let pending: Promise<void> | null = null;
  const load = (first: boolean): Promise<void> => {
    const p = loadNow(first).finally(() => {
      if (pending === p) pending = null;
    });
    pending = p;
    return p;
  };
  const loadNow = async (first: boolean) => {
    try {
      const c = await getCase({ case_id: id });
      const page: Page = { c, users: await users, reward: c.kind === "report" ? await rewardData() : null, revealed: false };
      if (!live) return;
      showBanner(banner, null);
      draw(page, first);
      if (!first) store.casesChanged(id);
    } catch (e) {
      if (!live) return;
      if (!first) showBanner(banner, e as ApiError, { reload: () => void load(false) });
      else {
        main.replaceChildren(banner, h("button", { type: "button", class: "ghost", id: "btn-back", onclick: () => store.go({ view: "register" }) }, t("common.back")));
        showBanner(banner, e as ApiError);
      }
    }
  };
  void load(true);
  // Another seat changed this case: reload it, unless something is being
  // typed here — then say so and keep the typing (saving would be refused
  // as stale anyway, with the same advice).
  const stopFeed = store.on("changes", async (c) => {
    if (!live || !touches(c, id)) return;
    // This seat's own write is already shown (or being shown): only a newer version counts.
    // (The seat's own reload starts right after its write returns, so a
    // moment's wait lets it be the one that draws.)
    await new Promise((r) => setTimeout(r, 300));
    while (pending) await pending;
    const latest = await getCase({ case_id: id }).catch(() => null);
    if (!live || !latest || latest.version === shownVersion) return;
    if (!typing(main, drawn)) return void load(false);
    if (document.getElementById("case-changed")) return;
    const note = h(
      "div",
      { class: "banner warn", id: "case-changed", role: "status" },
      t("changes.case_updated"),
      " ",
      h("button", { type: "button", class: "secondary", id: "btn-case-reload", onclick: () => void load(false) }, t("changes.reload")),
    );
    main.prepend(note);
  });
  return () => {
    live = false;
    stopFeed();
  };
}
