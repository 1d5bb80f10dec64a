//! Cases: registering one, the case as the viewer may see it (with what the
//! viewer may do next), the register list, the query code, and drafts.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::api::{handling, Ctx, Read};
use crate::domain::case::{CaseDetail, CaseInput, CaseSummary, ListQuery, Page, QueryCodeView};
use crate::domain::deadlines::{self, DeadlineView, DueState};
use crate::domain::masking;
use crate::domain::policy::Policy;
use crate::domain::roles::{Part, Standing, Viewer};
use crate::domain::{query_code, validate};
use crate::error::{DeskError, FieldError, Result};
use crate::store::{
    self, case_list, cases, derived, history, participants, records, settings, users,
};

/// A case as the viewer may see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CaseView {
    #[serde(flatten)]
    pub case: CaseDetail,
    /// The complainant's identity is masked for this viewer.
    pub identity_masked: bool,
    /// Every deadline of the policy that applies, with its state.
    pub deadlines: Vec<DeadlineView>,
    /// What the viewer may do on this case now.
    pub allowed: handling::Allowed,
}

/// An input naming a case.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct CaseId {
    pub case_id: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(default)]
pub struct Draft {
    pub key: String,
    pub body: serde_json::Value,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(default)]
pub struct DraftKey {
    pub key: String,
}

fn random_query_code() -> Result<String> {
    let mut raw = [0u8; 16];
    getrandom::fill(&mut raw).map_err(|e| DeskError::Internal(format!("random source: {e}")))?;
    Ok(query_code::from_random(raw))
}

/// The category's name in the office's policy (or its code).
pub(crate) fn category_label(policy: Option<&Policy>, code: &str) -> String {
    policy
        .and_then(|p| p.category(code))
        .map(|c| c.name_zh.clone())
        .unwrap_or_else(|| code.to_string())
}

/// Registers a case. The receiving clerk is an account (the signed-in
/// user unless another is chosen); whoever registers takes part too.
pub(crate) fn register(ctx: &Ctx, input: CaseInput) -> Result<CaseView> {
    let viewer = ctx.viewer()?.clone();
    let id = ctx.write(|w| {
        let policy = settings::policy(w.tx)?;
        let mut input = input;
        let clerk_id = input.receiving_clerk_id.unwrap_or(viewer.user_id);
        let clerk = users::by_id(w.tx, clerk_id)
            .ok()
            .filter(|u| u.active)
            .ok_or_else(|| {
                DeskError::Validation(vec![FieldError::new(
                    "receiving_clerk_id",
                    "unknown_user",
                    "请从本单位用户中选择接待人。",
                    "Choose the receiving clerk from the office's users.",
                )])
            })?;
        input.receiving_clerk = clerk.display_name.clone();
        input.receiving_clerk_id = Some(clerk.id);
        let case =
            validate::validate_case(&input, &policy, w.now).map_err(DeskError::Validation)?;
        let code = if case.anonymous {
            Some(random_query_code()?)
        } else {
            None
        };
        let (id, number) = cases::insert(w.tx, &case, code.as_deref(), &w.now_text(), "")?;
        participants::add(w.tx, id, clerk.id, Part::Clerk)?;
        participants::add(w.tx, id, viewer.user_id, Part::Registered)?;
        let earlier = repeat_ids(w.tx, &input.repeat_of)?;
        w.audit(
            Some(id),
            "case_registered",
            serde_json::json!({
                "number": number,
                "kind": case.kind,
                "channel": case.channel,
                "category": case.category,
                "severity": case.severity,
                "anonymous": case.anonymous,
            }),
        );
        for (other, other_number) in earlier {
            cases::link(w.tx, id, other, "repeat")?;
            w.audit(
                Some(id),
                "linked",
                serde_json::json!({"other": other_number, "kind": "repeat"}),
            );
            w.touch(other);
        }
        Ok(id)
    })?;
    view_case(ctx, id)
}

/// The earlier cases a new one repeats, by number: each must exist.
fn repeat_ids(conn: &rusqlite::Connection, numbers: &[String]) -> Result<Vec<(i64, String)>> {
    let numbers = crate::domain::repeats::repeat_numbers(numbers).map_err(DeskError::Validation)?;
    let mut out = Vec::new();
    for n in numbers {
        let Some(id) = cases::id_by_number(conn, &n)? else {
            return Err(DeskError::Validation(vec![FieldError::new(
                "repeat_of",
                "not_found",
                format!("找不到编号为“{n}”的案件，无法关联为重复投诉。"),
                format!("No case numbered \"{n}\" to link as repeated."),
            )]));
        };
        out.push((id, n));
    }
    Ok(out)
}

/// The case after a write, as the caller sees it now.
pub(crate) fn view_case(ctx: &Ctx, id: i64) -> Result<CaseView> {
    ctx.read(|r| case_view(r, id, false))
}

pub(crate) fn get(ctx: &Ctx, input: CaseId) -> Result<CaseView> {
    view_case(ctx, input.case_id)
}

/// The whole stored case: fields, history, records, links.
pub(crate) fn detail(conn: &rusqlite::Connection, id: i64) -> Result<CaseDetail> {
    let policy = settings::policy(conn).ok();
    let mut c = cases::get(conn, id)?;
    c.category_label = category_label(policy.as_deref(), &c.category);
    c.history = history::of_case(conn, Some(id))?;
    c.records = records::of_case(conn, id)?;
    c.links = cases::links(conn, id)?;
    Ok(c)
}

/// How the viewer stands to a case.
pub(crate) fn standing(r: &Read, id: i64) -> Result<Standing> {
    participants::standing(r.conn, id, r.viewer()?.user_id)
}

/// The case as the viewer may see it; `revealed` shows the identity to a
/// non-participant who gave a logged reason (one view).
pub(crate) fn case_view(r: &Read, id: i64, revealed: bool) -> Result<CaseView> {
    let viewer = r.viewer()?;
    let case = detail(r.conn, id)?;
    let standing = standing(r, id)?;
    let sees = standing.sees_identity() || (revealed && !standing.recused);
    let deadlines = case_deadlines(r, id)?;
    let allowed = handling::allowed(r, viewer, &case, standing)?;
    let (case, identity_masked) = if sees {
        (case, false)
    } else {
        (masking::masked(&case)?, true)
    };
    Ok(CaseView {
        case,
        identity_masked,
        deadlines,
        allowed,
    })
}

/// Every deadline of a case, computed now.
pub(crate) fn case_deadlines(r: &Read, id: i64) -> Result<Vec<DeadlineView>> {
    let Some(ctx) = derived::Context::load(r.conn)? else {
        return Ok(Vec::new());
    };
    let inputs = derived::inputs(r.conn, id, r.now.date())?;
    Ok(deadlines::views(&ctx.policy, &ctx.calendar, r.now, &inputs))
}

/// The state of a deadline due at `due_at` (unmet) as of now.
pub(crate) fn due_state(now: chrono::NaiveDateTime, due_at: &str) -> Option<DueState> {
    let due = validate::parse_local_time(due_at)?;
    Some(if now > due {
        DueState::Overdue
    } else if now.date() == due.date() {
        DueState::DueToday
    } else if (due.date() - now.date()).num_days() <= 7 {
        DueState::DueThisWeek
    } else {
        DueState::Pending
    })
}

/// The ids among `ids` whose identity the viewer sees.
pub(crate) fn visible_among(
    conn: &rusqlite::Connection,
    viewer: &Viewer,
    ids: &[i64],
) -> Result<HashSet<i64>> {
    participants::visible_among(conn, viewer.user_id, ids)
}

/// Masks the complainant column (and any identity in the matter or the
/// accused column) of the rows the viewer may not see.
pub(crate) fn mask_rows(
    conn: &rusqlite::Connection,
    viewer: &Viewer,
    rows: &mut [CaseSummary],
) -> Result<()> {
    let ids: Vec<i64> = rows.iter().map(|s| s.id).collect();
    let visible = visible_among(conn, viewer, &ids)?;
    let hidden: Vec<i64> = ids
        .iter()
        .copied()
        .filter(|i| !visible.contains(i))
        .collect();
    let people = cases::people_of(conn, &hidden)?;
    for s in rows.iter_mut().filter(|s| !visible.contains(&s.id)) {
        let pairs =
            masking::identity_pairs(people.get(&s.id).map(Vec::as_slice).unwrap_or(&[]), &[]);
        if !s.anonymous {
            s.complainant = s
                .complainant
                .split('、')
                .map(masking::mask_name)
                .collect::<Vec<_>>()
                .join("、");
        }
        s.matter = masking::replace_all(&s.matter, &pairs);
        s.accused = masking::replace_all(&s.accused, &pairs);
    }
    Ok(())
}

/// The received-date range of a list query, checked (2000–2100).
pub(crate) fn received_range(q: &ListQuery) -> Result<(Option<String>, Option<String>)> {
    let from = q
        .received_from
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .map(|s| validate::day("received_from", s).map(|d| format!("{d} 00:00:00")))
        .transpose()?;
    let to = q
        .received_to
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .map(|s| validate::day("received_to", s).map(|d| format!("{d} 23:59:59")))
        .transpose()?;
    Ok((from, to))
}

/// One page of the register list, masked for the viewer.
pub(crate) fn list_page(r: &Read, q: &ListQuery, with_due: bool) -> Result<Page<CaseSummary>> {
    let viewer = r.viewer()?;
    if q.text.chars().count() > 200 {
        return Err(DeskError::Validation(vec![FieldError::new(
            "text",
            "too_long",
            "搜索内容最多200个字。",
            "Search for at most 200 characters.",
        )]));
    }
    let range = received_range(q)?;
    let (rows, total) = case_list::list(r.conn, q, viewer.user_id, range)?;
    let policy = settings::policy(r.conn).ok();
    let mut labels: HashMap<String, String> = HashMap::new();
    if let Some(p) = &policy {
        for d in &p.deadlines {
            labels.insert(d.code.clone(), d.label_zh.clone());
        }
    }
    let mut items: Vec<CaseSummary> = rows
        .into_iter()
        .map(|row| {
            let mut s = row.summary;
            s.category_label = category_label(policy.as_deref(), &s.category);
            if with_due && s.status.is_open() {
                s.due_state = s.next_due_at.as_deref().and_then(|d| due_state(r.now, d));
                s.due_label = row.next_due_code.and_then(|c| labels.get(&c).cloned());
            } else {
                s.next_due_at = None;
            }
            s
        })
        .collect();
    mask_rows(r.conn, viewer, &mut items)?;
    Ok(Page {
        items,
        total,
        page: q.page.clamp(1, 1_000_000),
        page_size: q.page_size.clamp(1, 500),
    })
}

pub(crate) fn list(ctx: &Ctx, q: ListQuery) -> Result<Page<CaseSummary>> {
    ctx.read(|r| list_page(r, &q, true))
}

/// What the code on an anonymous reporter's receipt shows: the case's
/// progress and nothing about people.
pub(crate) fn by_query_code(ctx: &Ctx, code: String) -> Result<QueryCodeView> {
    let not_found = || DeskError::NotFound {
        what: "query code",
        key: code.trim().chars().take(32).collect(),
    };
    let normalized = query_code::normalize(&code).ok_or_else(not_found)?;
    ctx.read(|r| {
        let (number, kind, received, status) =
            cases::by_query_code(r.conn, &normalized)?.ok_or_else(not_found)?;
        Ok(QueryCodeView {
            number,
            kind,
            received_date: received.chars().take(10).collect(),
            status,
        })
    })
}

const MAX_DRAFT_BYTES: usize = 1 << 20;

fn draft_key(key: &str) -> Result<String> {
    let k = key.trim();
    if k.is_empty() || k.len() > 100 || k.chars().any(char::is_control) {
        return Err(DeskError::Validation(vec![FieldError::new(
            "key",
            "invalid",
            "草稿名称无效。",
            "The draft's name is not valid.",
        )]));
    }
    Ok(k.to_string())
}

/// Drafts are the user's own scratch, saved while typing: not register
/// data, so not on the audit trail (it would drown in keystrokes).
pub(crate) fn save_draft(ctx: &Ctx, d: Draft) -> Result<()> {
    let key = draft_key(&d.key)?;
    let body = d.body.to_string();
    if body.len() > MAX_DRAFT_BYTES {
        return Err(DeskError::Validation(vec![FieldError::new(
            "body",
            "too_long",
            "草稿过大（超过1 MB），请先保存或精简内容。",
            "The draft is too large (over 1 MB); save the form or shorten it.",
        )]));
    }
    let user = ctx.viewer()?.user_id;
    let now = store::fmt_time(ctx.desk.now());
    ctx.desk
        .store()
        .write(|tx| store::drafts::save(tx, user, &key, &body, &now))
}

pub(crate) fn load_draft(ctx: &Ctx, k: DraftKey) -> Result<Option<serde_json::Value>> {
    let key = draft_key(&k.key)?;
    let user = ctx.viewer()?.user_id;
    ctx.read(|r| {
        Ok(store::drafts::load(r.conn, user, &key)?.and_then(|b| serde_json::from_str(&b).ok()))
    })
}

pub(crate) fn discard_draft(ctx: &Ctx, k: DraftKey) -> Result<()> {
    let key = draft_key(&k.key)?;
    let user = ctx.viewer()?.user_id;
    ctx.desk
        .store()
        .write(|tx| store::drafts::discard(tx, user, &key))
}
