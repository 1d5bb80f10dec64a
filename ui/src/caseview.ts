// One case, read-only, with its history and the two documents.
import { api, type ApiError, type CaseDetail, type CaseLink, type DeadlineView, type HistoryEntry, type RewardPolicy, type RewardState } from "./api";
import { ctx, exportDoc, go, hooks, showBanner } from "./app";
import { clear, field, h, shortTime } from "./dom";
import { clearFieldErrors, clearOnInput, fieldError, showFieldErrors } from "./session";
import { documentsSection } from "./docsview";
import { historyActionKey, historyActionText, historyDetail } from "./handling";
import { handlingPanel } from "./handlingview";
import { label, pick, t, type MsgKey } from "./i18n";
import { attachmentState, groupRecords, linkLabel, type RecordView } from "./records";
import { rewardCard } from "./rewardview";

/** A report's reward state and the office's reward rules (each may have failed). */
interface RewardData {
  state: RewardState | ApiError;
  policy: RewardPolicy | ApiError;
}

function item(key: MsgKey, value: string | Node, id?: string, wide = false): HTMLElement {
  return h("div", { class: "kv" + (wide ? " wide" : "") }, h("dt", {}, t(key)), h("dd", { id }, value === "" ? t("common.none") : value));
}

function para(text: string): Node {
  if (!text) return document.createTextNode(t("common.none"));
  return h("div", { class: "pre" }, text);
}

function historyItem(e: HistoryEntry): HTMLElement {
  const detail = historyDetail(e.detail, e.action);
  const key = historyActionKey(e.action, e.detail);
  return h(
    "li",
    { class: "history-entry", "data-action": e.action, "data-step": key },
    h("time", {}, shortTime(e.at)),
    h("span", { class: "actor" }, e.actor),
    h("span", { class: "action" }, historyActionText(e.action, e.detail)),
    detail ? h("div", { class: "detail" }, detail) : null,
  );
}

function recordItem(r: RecordView): HTMLElement {
  return h(
    "li",
    { class: `record record-${r.kind}`, "data-record-id": r.id, "data-kind": r.kind },
    h("div", { class: "record-head" }, h("span", { class: "record-title" }, r.title), " ", h("span", { class: "muted small" }, t("rec.recorded", { at: r.at, actor: r.actor || t("common.none") }))),
    h("ul", { class: "record-lines" }, r.lines.map((l) => h("li", {}, l))),
    r.file ? h("div", { class: "attach-state", "data-stored-as": r.file.storedAs, "aria-live": "polite", hidden: true }) : null,
  );
}

/** 调查材料: the records grouped by kind; evidence gets the attachment check. */
function recordsSection(c: CaseDetail, banner: HTMLElement): HTMLElement {
  const groups = groupRecords(c.records ?? []);
  const body = h("div", { id: "case-records" });
  if (!groups.length) body.appendChild(h("p", { class: "muted" }, t("case.records_none")));
  for (const g of groups) {
    const verify =
      g.kind === "evidence"
        ? h("button", { type: "button", class: "ghost-line", id: "btn-verify-attachments" }, t("attach.verify"))
        : null;
    const status = g.kind === "evidence" ? h("p", { class: "muted small", id: "attach-status", "aria-live": "polite", hidden: true }) : null;
    const list = h("ol", { class: "records", "data-kind": g.kind }, g.items.map(recordItem));
    if (verify && status) verify.addEventListener("click", () => void verifyAttachments(c.id, verify, status, list, banner));
    body.appendChild(
      h(
        "div",
        { class: "record-group", "data-kind": g.kind },
        h("h3", { class: "sub" }, g.title, " ", h("span", { class: "badge" }, String(g.items.length)), verify ? " " : null, verify),
        status,
        list,
      ),
    );
  }
  return h("section", { class: "card" }, h("h2", {}, t("case.records")), body);
}

async function verifyAttachments(id: number, btn: HTMLButtonElement, status: HTMLElement, list: HTMLElement, banner: HTMLElement): Promise<void> {
  btn.disabled = true;
  showBanner(banner, null);
  try {
    const checks = await api.verifyAttachments(id);
    const slots = Array.from(list.querySelectorAll<HTMLElement>(".attach-state"));
    for (const slot of slots) {
      clear(slot);
      slot.hidden = true;
    }
    clear(status);
    status.hidden = false;
    status.appendChild(document.createTextNode(checks.length ? t("attach.checked", { n: checks.length }) : t("attach.none")));
    for (const ch of checks) {
      const st = attachmentState(ch.state);
      const badge = h("span", { class: `badge attach-badge ${st.cls}`, "data-state": ch.state, "data-stored-as": ch.stored_as }, `${ch.file_name}：${st.text}`);
      const slot = slots.find((s) => s.dataset.storedAs === ch.stored_as);
      if (slot) {
        slot.appendChild(badge);
        slot.hidden = false;
      } else {
        // A file the list does not show (should not happen): report it with the summary.
        status.append(" ", badge);
      }
    }
  } catch (e) {
    showBanner(banner, e as ApiError);
  } finally {
    btn.disabled = false;
  }
}

/** 关联案件: each link with its kind and the other case's number as a link. */
function linksSection(links: CaseLink[]): HTMLElement {
  return h(
    "section",
    { class: "card" },
    h("h2", {}, t("case.links")),
    links.length
      ? h(
          "ul",
          { class: "case-links", id: "case-links" },
          links.map((l) =>
            h(
              "li",
              { "data-kind": l.kind, "data-other-id": l.other_id },
              h("span", { class: `badge link-${l.kind}` }, linkLabel(l)),
              " ",
              h("button", { type: "button", class: "link mono", "data-case-id": l.other_id, onclick: () => go({ view: "case", id: l.other_id }) }, l.other_number),
            ),
          ),
        )
      : h("p", { class: "muted", id: "case-links" }, t("common.none")),
  );
}

/** 投诉（举报）人身份已隐藏: the notice, and the form asking why before revealing. */
function identityNotice(c: CaseDetail, banner: HTMLElement, revealed: (c: CaseDetail) => void): HTMLElement {
  const slot = h("div", { class: "reveal-slot" });
  const open = h("button", { type: "button", class: "secondary", id: "btn-reveal-identity" }, t("identity.reveal"));
  open.addEventListener("click", () => {
    if (slot.firstChild) {
      clear(slot);
      return;
    }
    const reason = h("textarea", { id: "reveal-reason", rows: 2, maxlength: "200" });
    const send = h("button", { type: "submit", class: "primary", id: "btn-reveal-submit" }, t("identity.reveal_submit"));
    const form = h(
      "form",
      { class: "reveal-form", novalidate: true },
      field("reveal-reason", t("identity.reason"), reason, { required: true, wide: true }),
      h("div", { class: "actions" }, send, h("button", { type: "button", class: "ghost", id: "btn-reveal-cancel", onclick: () => clear(slot) }, t("common.cancel"))),
    );
    clearOnInput(form);
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      if (send.disabled) return;
      clearFieldErrors(form);
      showBanner(banner, null);
      if (!reason.value.trim()) {
        fieldError("reveal-reason", t("identity.reason_required"));
        reason.focus();
        return;
      }
      send.disabled = true;
      try {
        revealed(await api.revealIdentity(c.id, reason.value.trim()));
      } catch (e) {
        const err = e as ApiError;
        if (!showFieldErrors("reveal", err)) showBanner(banner, err);
        send.disabled = false;
      }
    });
    slot.appendChild(form);
    reason.focus();
  });
  return h(
    "section",
    { class: "identity-notice", id: "identity-masked", role: "note" },
    h("div", { class: "identity-text" }, h("strong", {}, t("identity.masked")), h("p", { class: "small" }, t("identity.masked_note"))),
    open,
    slot,
  );
}

function render(
  main: HTMLElement,
  c: CaseDetail,
  deadlines: DeadlineView[] | ApiError,
  reward: RewardData | null,
  banner: HTMLElement,
  reload: () => void,
  revealed: ((c: CaseDetail) => void) | "revealed",
): void {
  const rewardState = reward && "state" in reward.state ? reward.state.state : null;
  const status = h("div", { class: "export-status", id: "export-status", "aria-live": "polite", hidden: true });
  const cat = ctx.policy?.categories.find((x) => x.code === c.category);
  const peopleTable = (heads: MsgKey[], rows: string[][], id: string) =>
    rows.length
      ? h(
          "table",
          { class: "plain", id },
          h("thead", {}, h("tr", {}, heads.map((k) => h("th", { scope: "col" }, t(k))))),
          h("tbody", {}, rows.map((r) => h("tr", {}, r.map((v) => h("td", {}, v))))),
        )
      : h("p", { class: "muted", id }, t("common.none"));

  main.append(
    h(
      "div",
      { class: "case-head" },
      h(
        "div",
        {},
        h("div", { class: "case-kind" }, `${label("kind", c.kind)} · ${label("status", c.status)}`),
        h("h1", { class: "case-number mono", id: "case-number" }, c.number),
      ),
      h(
        "div",
        { class: "case-actions" },
        h("button", { type: "button", class: "primary", id: "btn-export-slip", onclick: () => void run("slip") }, t("case.export_slip")),
        h("button", { type: "button", class: "secondary", id: "btn-export-receipt", onclick: () => void run("receipt") }, t("case.export_receipt")),
        h("button", { type: "button", class: "ghost", id: "btn-back", onclick: () => go({ view: "register" }) }, t("common.back")),
      ),
    ),
    banner,
    ...(c.identity_masked && revealed !== "revealed" ? [identityNotice(c, banner, revealed)] : []),
    ...(revealed === "revealed" ? [h("p", { class: "identity-revealed", id: "identity-revealed", role: "note", tabindex: "-1" }, t("identity.revealed"))] : []),
    status,
    handlingPanel(c, deadlines, banner, reload),
    ...(reward ? [rewardCard(c, reward.state, reward.policy, reload)] : []),
    documentsSection(c, () => void refreshHistory(c.id), rewardState),
    h(
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
        item("case.occurred_when", c.occurred_when, "case-occurred_when"),
        item("case.occurred_where", c.occurred_where, "case-occurred_where"),
        item("case.matter", c.matter, "case-matter", true),
        item("case.facts", para(c.facts), "case-facts", true),
        item("case.request", para(c.request), "case-request", true),
      ),
    ),
    h(
      "section",
      { class: "card" },
      h("h2", {}, t("case.complainants")),
      c.anonymous
        ? h("p", { id: "case-complainants" }, h("span", { class: "badge" }, t("case.anonymous")))
        : peopleTable(
            ["intake.name", "intake.unit", "intake.position", "intake.phone", "intake.address"],
            c.complainants.map((p) => [p.name, p.unit, p.position, p.phone, p.address]),
            "case-complainants",
          ),
      h("h2", {}, t("case.accused")),
      peopleTable(["intake.name", "intake.unit"], c.accused.map((a) => [a.name, a.unit]), "case-accused"),
      h("h2", {}, t("case.evidence")),
      c.evidence.length ? h("ol", { class: "evidence", id: "case-evidence" }, c.evidence.map((e) => h("li", {}, e))) : h("p", { class: "muted", id: "case-evidence" }, t("common.none")),
      h("h2", {}, t("case.witnesses")),
      peopleTable(["intake.witness_name", "intake.witness_contact"], c.witnesses.map((w) => [w.name, w.contact]), "case-witnesses"),
    ),
    recordsSection(c, banner),
    linksSection(c.links ?? []),
    h(
      "section",
      { class: "card" },
      h("h2", {}, t("case.history")),
      h("ol", { class: "timeline", id: "case-history" }, c.history.map(historyItem)),
    ),
  );

  async function run(doc: "slip" | "receipt"): Promise<void> {
    const buttons = ["btn-export-slip", "btn-export-receipt"].map((id) => document.getElementById(id) as HTMLButtonElement | null);
    buttons.forEach((b) => b && (b.disabled = true));
    showBanner(banner, null);
    status.hidden = true;
    status.textContent = "";
    const ok = await exportDoc(c.id, doc, status, banner);
    buttons.forEach((b) => b && (b.disabled = false));
    // The history now records the export; refresh it quietly.
    if (ok) await refreshHistory(c.id);
  }
}

/** Re-reads the case and replaces the timeline (after a document was printed or issued). */
async function refreshHistory(id: number): Promise<void> {
  try {
    const fresh = await api.getCase(id);
    const list = document.getElementById("case-history");
    if (list) list.replaceChildren(...fresh.history.map(historyItem));
  } catch {
    /* the document itself was made */
  }
}

export function mountCase(main: HTMLElement, id: number): () => void {
  let live = true;
  const banner = h("div", { class: "banner error", id: "case-error", role: "alert", hidden: true });
  main.append(h("div", { class: "loading" }, t("app.loading")));
  const rewardData = (): Promise<RewardData> =>
    Promise.all([api.rewardState(id).catch((e: ApiError) => e), api.rewardPolicy().catch((e: ApiError) => e)]).then(([state, policy]) => ({ state, policy }));
  const load = (first: boolean) =>
    Promise.all([api.getCase(id), api.getDeadlines(id).catch((e: ApiError) => e)])
      .then(async ([c, deadlines]) => [c, deadlines, c.kind === "report" ? await rewardData() : null] as const)
      .then(([c, deadlines, reward]) => {
        if (!live) return;
        const y = window.scrollY;
        main.replaceChildren();
        render(main, c, deadlines, reward, banner, () => void load(false), (open) => {
          if (!live) return;
          main.replaceChildren();
          render(main, open, deadlines, reward, banner, () => void load(false), "revealed");
          document.getElementById("identity-revealed")?.focus();
        });
        if (first) document.getElementById("btn-export-slip")?.focus();
        else {
          window.scrollTo(0, y);
          hooks.dueChanged();
        }
      })
      .catch((e: ApiError) => {
        if (!live) return;
        if (!first) {
          showBanner(banner, e);
          return;
        }
        throw e;
      });
  load(true)
    .catch((e: ApiError) => {
      if (!live) return;
      main.replaceChildren(
        banner,
        h("button", { type: "button", class: "ghost", id: "btn-back", onclick: () => go({ view: "register" }) }, t("common.back")),
      );
      showBanner(banner, e);
    });
  return () => {
    live = false;
  };
}
