//! The due board: every open case's next deadline, and who owns the case.

use super::*;

/// One open case's next deadline, for the due board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DueItem {
    pub case_id: i64,
    pub number: String,
    pub matter: String,
    pub status: Status,
    /// Who owns the case now: the inspectors once reviewed, else the receiving clerk.
    pub owner: String,
    pub deadline: DeadlineView,
}

impl DueItem {
    /// Whether a desk notification is due for this item (due today or overdue).
    pub fn needs_notice(&self) -> bool {
        matches!(
            self.deadline.state,
            crate::domain::deadlines::DueState::Overdue
                | crate::domain::deadlines::DueState::DueToday
        )
    }

    /// The title and body of the desktop notification for this item.
    pub fn notice_text(&self, lang: crate::error::Lang) -> (String, String) {
        let overdue = self.deadline.state == crate::domain::deadlines::DueState::Overdue;
        let title = match (overdue, lang) {
            (true, crate::error::Lang::Zh) => format!("已逾期：{}", self.number),
            (false, crate::error::Lang::Zh) => format!("今日到期：{}", self.number),
            (true, crate::error::Lang::En) => format!("Overdue: {}", self.number),
            (false, crate::error::Lang::En) => format!("Due today: {}", self.number),
        };
        let body = lang.pick(
            format!(
                "{}（{}）期限 {}，承办：{}",
                self.deadline.label_zh, self.matter, self.deadline.due_at, self.owner
            ),
            format!(
                "{} ({}) due {}, owner: {}",
                self.deadline.label_en, self.matter, self.deadline.due_at, self.owner
            ),
        );
        (title, body)
    }
}

/// Who owns a case now: the inspectors of its last review, else its clerk.
pub(crate) fn owner(conn: &rusqlite::Connection, case_id: i64) -> Result<String> {
    let recs = records::of_case(conn, case_id)?;
    if let Some(r) = crate::records_of!(recs, Review).last() {
        if !r.inspectors.is_empty() {
            return Ok(r.inspectors.join("、"));
        }
    }
    Ok(conn.query_row(
        "SELECT receiving_clerk FROM cases WHERE id = ?1",
        [case_id],
        |r| r.get(0),
    )?)
}

/// Every open case with an unmet deadline, soonest first (from the
/// materialised deadlines; the matter masked where the viewer may not see it).
pub(crate) fn due_board(ctx: &Ctx, _: ()) -> Result<Vec<DueItem>> {
    ctx.read(due_items)
}

/// How many open cases are overdue or due today (the 待办期限 tab's count).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
pub struct DueCount {
    pub overdue: u64,
    pub due_today: u64,
}

/// The due board's count without the board: a running clock's next
/// deadline is the materialised one; a stopped clock's moves every day, so
/// those few are computed now, as the board does. With 100,000 open cases
/// the board itself takes seconds and megabytes; this takes one index range.
pub(crate) fn due_count(ctx: &Ctx, _: ()) -> Result<DueCount> {
    ctx.read(|r| {
        let now = crate::store::fmt_time(r.now);
        let tomorrow = r
            .now
            .date()
            .succ_opt()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(crate::store::fmt_time)
            .unwrap_or_else(|| now.clone());
        let (overdue, due_today): (i64, i64) = r
            .conn
            .prepare_cached(
                "SELECT COALESCE(SUM(next_due_at < ?1), 0), COALESCE(SUM(next_due_at >= ?1), 0)
                 FROM cases WHERE next_due_at IS NOT NULL AND next_due_at < ?2
                 AND clock_stopped = 0 AND status NOT IN ('archived', 'not_accepted')",
            )?
            .query_row(rusqlite::params![now, tomorrow], |x| {
                Ok((x.get(0)?, x.get(1)?))
            })?;
        let mut count = DueCount {
            overdue: overdue as u64,
            due_today: due_today as u64,
        };
        let stopped: Vec<i64> = r
            .conn
            .prepare_cached(
                "SELECT id FROM cases WHERE next_due_at IS NOT NULL AND clock_stopped = 1
                 AND status NOT IN ('archived', 'not_accepted')",
            )?
            .query_map([], |x| x.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for id in stopped {
            match crate::domain::deadlines::next_open(cases::case_deadlines(r, id)?)
                .map(|d| d.state)
            {
                Some(crate::domain::deadlines::DueState::Overdue) => count.overdue += 1,
                Some(crate::domain::deadlines::DueState::DueToday) => count.due_today += 1,
                _ => {}
            }
        }
        Ok(count)
    })
}

pub(crate) fn due_items(r: &Read) -> Result<Vec<DueItem>> {
    let viewer = r.viewer()?;
    let ids: Vec<(i64, bool)> = r
        .conn
        .prepare_cached(
            "SELECT id, clock_stopped FROM cases WHERE next_due_at IS NOT NULL
             AND status NOT IN ('archived', 'not_accepted') ORDER BY next_due_at, id",
        )?
        .query_map([], |x| Ok((x.get(0)?, x.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let all: Vec<i64> = ids.iter().map(|(i, _)| *i).collect();
    let visible = cases::visible_among(r.conn, viewer, &all)?;
    let mut out = Vec::new();
    for (id, _) in ids {
        let head = scases::head(r.conn, id)?;
        let Some(deadline) = crate::domain::deadlines::next_open(cases::case_deadlines(r, id)?)
        else {
            continue;
        };
        let case = scases::get(r.conn, id)?;
        let matter = if visible.contains(&id) {
            case.matter.clone()
        } else {
            let pairs = masking::identity_pairs(&case.complainants, &case.witnesses);
            masking::replace_all(&case.matter, &pairs)
        };
        out.push(DueItem {
            case_id: id,
            number: head.number,
            matter,
            status: head.status,
            owner: owner(r.conn, id)?,
            deadline,
        });
    }
    out.sort_by(|a, b| a.deadline.due_at.cmp(&b.deadline.due_at));
    Ok(out)
}
