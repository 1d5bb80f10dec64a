//! The register list: search, filters, sort and one page.
//!
//! A search first collects the ids that match (the full-text index, the
//! identities the viewer may search, numbers): their count is the total.
//! The page then comes the cheaper of two ways. Few matches: look each up
//! and sort them. Many matches and the register's own order (received or
//! number): walk that order's index and keep the first matches — with a
//! quarter of the register matching, the newest 50 are found among the
//! newest 200 rows instead of sorting 25,000.

use std::collections::HashSet;

use rusqlite::types::Value;
use rusqlite::Connection;

use crate::domain::case::{CaseKind, CaseSummary, Channel, ListQuery, Severity, SortKey, Status};
use crate::error::Result;

fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// One row of the list as stored (identity unmasked; the API masks it).
pub(crate) struct ListRow {
    pub summary: CaseSummary,
    pub next_due_code: Option<String>,
    pub handling_department: String,
}

/// The register list: search (`identity_viewer` limits the search by a
/// complainant's name to the cases that user sees), filters, sort, paging.
pub(crate) fn list(
    conn: &Connection,
    q: &ListQuery,
    identity_viewer: i64,
    received: (Option<String>, Option<String>),
) -> Result<(Vec<ListRow>, u64)> {
    let page_size = q.page_size.clamp(1, 500);
    let page = q.page.clamp(1, 1_000_000);
    let mut wh: Vec<String> = Vec::new();
    let mut args: Vec<Value> = Vec::new();
    let text = q.text.trim();
    let mut union = String::new();
    // Filtered by kind and status at most: the kept counts give the total.
    let blank = |v: &Option<String>| v.as_deref().is_none_or(|v| v.trim().is_empty());
    let counted =
        blank(&q.category) && blank(&q.channel) && received.0.is_none() && received.1.is_none();
    if !text.is_empty() {
        // One id set from the index, plus (for Latin text) numbers that
        // contain the text anywhere: a UNION keeps both parts indexed.
        let mut sets = Vec::new();
        if let Some(m) = crate::domain::search::fts_query(text) {
            args.push(Value::Text(m));
            let m = args.len();
            sets.push(format!(
                "SELECT rowid FROM case_search WHERE case_search MATCH ?{m}"
            ));
            args.push(Value::Integer(identity_viewer));
            sets.push(format!(
                "SELECT s.rowid FROM case_identity_search s WHERE case_identity_search MATCH ?{m}
                 AND {}",
                crate::store::participants::visible_case_sql("s.rowid", args.len())
            ));
        }
        if text.is_ascii() {
            let upper = text.to_ascii_uppercase();
            // Old numbers of imported cases, only when there are any.
            let imported: bool = conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM cases WHERE legacy_number > '')",
                [],
                |r| r.get(0),
            )?;
            if crate::domain::search::looks_like_case_number(&upper) {
                // A whole number is an index seek, here and among the old
                // numbers (no other number contains it: a scan of every
                // number would only find it again).
                args.push(Value::Text(upper.clone()));
                let n = args.len();
                sets.push(format!("SELECT id FROM cases WHERE number = ?{n}"));
                if imported {
                    sets.push(format!("SELECT id FROM cases WHERE legacy_number = ?{n}"));
                }
            } else {
                args.push(Value::Text(format!("%{}%", escape_like(text))));
                let n = args.len();
                sets.push(format!(
                    "SELECT id FROM cases WHERE number LIKE ?{n} ESCAPE '\\'"
                ));
                if imported {
                    sets.push(format!(
                        "SELECT id FROM cases WHERE legacy_number LIKE ?{n} ESCAPE '\\'"
                    ));
                }
            }
        }
        if sets.is_empty() {
            wh.push("0".into());
        } else {
            union = sets.join(" UNION ");
            wh.push(format!("c.id IN ({union})"));
        }
    }
    let text_args = args.len();
    let mut eq = |col: &str, v: &Option<String>| {
        if let Some(v) = v.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            args.push(Value::Text(v.to_string()));
            wh.push(format!("c.{col} = ?{}", args.len()));
        }
    };
    eq("kind", &q.kind);
    eq("status", &q.status);
    eq("category", &q.category);
    eq("channel", &q.channel);
    if let Some(from) = received.0 {
        args.push(Value::Text(from));
        wh.push(format!("c.received_at >= ?{}", args.len()));
    }
    if let Some(to) = received.1 {
        args.push(Value::Text(to));
        wh.push(format!("c.received_at <= ?{}", args.len()));
    }
    let where_sql = if wh.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", wh.join(" AND "))
    };
    let order = match q.sort {
        SortKey::ReceivedDesc => "c.received_at DESC, c.id DESC",
        SortKey::ReceivedAsc => "c.received_at ASC, c.id ASC",
        SortKey::NumberAsc => "c.number ASC",
        SortKey::NumberDesc => "c.number DESC",
        SortKey::SeverityDesc => {
            "CASE c.severity WHEN 'major' THEN 4 WHEN 'urgent' THEN 3 WHEN 'important' THEN 2 ELSE 1 END DESC, c.received_at DESC, c.id DESC"
        }
    };
    let offset = i64::from(page - 1) * i64::from(page_size);
    // A search goes through the full-text index once: the matching ids in
    // order give the total and the page. Without a search the total comes
    // from the kept counts (kind and status filters) or an index, and the
    // page from an index.
    let (total, page_where) = if text.is_empty() {
        // `c.kind` and `c.status` are columns of both tables.
        let count = if counted {
            "SELECT COALESCE(SUM(n), 0) FROM case_counts c"
        } else {
            "SELECT COUNT(*) FROM cases c"
        };
        let total: i64 = conn
            .prepare_cached(&format!("{count} {where_sql}"))?
            .query_row(rusqlite::params_from_iter(args.iter()), |r| r.get(0))?;
        args.push(Value::Integer(page_size.into()));
        let lim = args.len();
        args.push(Value::Integer(offset));
        let off = args.len();
        (
            total,
            format!("{where_sql} ORDER BY {order} LIMIT ?{lim} OFFSET ?{off}"),
        )
    } else if let Some((total, listed)) = page_by_walking(
        conn,
        &union,
        &args,
        only_text(wh.len(), text_args, args.len(), &q.sort),
        order,
        (offset, page_size),
    )? {
        args.clear();
        (total, format!("WHERE c.id IN ({listed}) ORDER BY {order}"))
    } else {
        let ids: Vec<i64> = conn
            .prepare_cached(&format!(
                "SELECT c.id FROM cases c {where_sql} ORDER BY {order}"
            ))?
            .query_map(rusqlite::params_from_iter(args.iter()), |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let from = usize::try_from(offset).unwrap_or(usize::MAX).min(ids.len());
        let to = from.saturating_add(page_size as usize).min(ids.len());
        let listed = ids[from..to]
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",");
        args.clear();
        (
            ids.len() as i64,
            format!("WHERE c.id IN ({listed}) ORDER BY {order}"),
        )
    };
    let items = rows_where(conn, &page_where, &args)?;
    Ok((items, total as u64))
}

/// The list's rows of the cases `page_where` selects ("WHERE … ORDER BY …"
/// over `cases c`, with `args`).
pub(crate) fn rows_where(
    conn: &Connection,
    page_where: &str,
    args: &[Value],
) -> Result<Vec<ListRow>> {
    let sql = format!(
        "SELECT c.id, c.number, c.kind, c.channel, c.received_at, c.anonymous,
                c.complainant_names, c.accused_names, c.category, c.severity, c.matter, c.status,
                c.next_due_at,
                (SELECT d.code FROM case_deadlines d WHERE d.case_id = c.id AND d.met_at IS NULL
                 ORDER BY d.due_at LIMIT 1),
                c.handling_department
         FROM cases c {page_where}"
    );
    let mut st = conn.prepare_cached(&sql)?;
    let items = st
        .query_map(rusqlite::params_from_iter(args.iter()), |r| {
            let anonymous: bool = r.get(5)?;
            Ok(ListRow {
                summary: CaseSummary {
                    id: r.get(0)?,
                    number: r.get(1)?,
                    kind: CaseKind::from_code(&r.get::<_, String>(2)?)
                        .unwrap_or(CaseKind::Complaint),
                    channel: Channel::from_code(&r.get::<_, String>(3)?).unwrap_or(Channel::Other),
                    received_at: r.get(4)?,
                    anonymous,
                    complainant: if anonymous {
                        "匿名".to_string()
                    } else {
                        r.get(6)?
                    },
                    accused: r.get(7)?,
                    category: r.get(8)?,
                    category_label: String::new(),
                    severity: Severity::from_code(&r.get::<_, String>(9)?)
                        .unwrap_or(Severity::Ordinary),
                    matter: r.get(10)?,
                    status: Status::from_code(&r.get::<_, String>(11)?)
                        .unwrap_or(Status::Registered),
                    next_due_at: r.get(12)?,
                    due_state: None,
                    due_label: None,
                },
                next_due_code: r.get(13)?,
                handling_department: r.get(14)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(items)
}

/// A search with nothing else to filter, in an order an index keeps.
fn only_text(conditions: usize, text_args: usize, args: usize, sort: &SortKey) -> bool {
    conditions == 1
        && text_args == args
        && matches!(
            sort,
            SortKey::ReceivedDesc | SortKey::ReceivedAsc | SortKey::NumberAsc | SortKey::NumberDesc
        )
}

/// Rows of the ordered index read for one match looked up and sorted: a
/// step along an index costs about a tenth of a lookup by id plus its
/// share of the sort.
const WALK_PER_LOOKUP: i64 = 8;

/// The total and the page's ids (comma-separated) of a search with no other
/// filter: by walking the order's index when that reads fewer rows than
/// looking up and sorting every match, else by doing that. None when
/// `walkable` is false (the caller sorts in one query).
fn page_by_walking(
    conn: &Connection,
    union: &str,
    args: &[Value],
    walkable: bool,
    order: &str,
    (offset, page_size): (i64, u32),
) -> Result<Option<(i64, String)>> {
    if !walkable || union.is_empty() {
        return Ok(None);
    }
    let ids: HashSet<i64> = conn
        .prepare_cached(union)?
        .query_map(rusqlite::params_from_iter(args.iter()), |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let matches = ids.len() as i64;
    let register: i64 = conn
        .prepare_cached("SELECT COALESCE(MAX(id), 0) FROM cases")?
        .query_row([], |r| r.get(0))?;
    let wanted = offset.saturating_add(i64::from(page_size));
    // Rows walked until `wanted` matches, if they are spread evenly.
    let walk = wanted.saturating_mul(register) / matches.max(1);
    let mut page = Vec::with_capacity(page_size as usize);
    let mut seen = 0i64;
    let mut keep = |id: i64| {
        if seen >= offset {
            page.push(id.to_string());
        }
        seen += 1;
        page.len() < page_size as usize
    };
    if walk > matches.saturating_mul(WALK_PER_LOOKUP) {
        // Few matches: look them up and sort them (a one-off statement).
        let listed = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let mut st = conn.prepare(&format!(
            "SELECT c.id FROM cases c WHERE c.id IN ({listed}) ORDER BY {order}"
        ))?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            if !keep(r.get(0)?) {
                break;
            }
        }
    } else {
        let mut st = conn.prepare_cached(&format!("SELECT c.id FROM cases c ORDER BY {order}"))?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            if ids.contains(&id) && !keep(id) {
                break;
            }
        }
    }
    Ok(Some((matches, page.join(","))))
}
