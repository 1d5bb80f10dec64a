//! Handlers' accountability (seed 002 篇九 第三十至三十二条): the register
//! knows every deadline, so it raises a flag when one passes; the leader
//! confirms or dismisses it, and records the other violations of the rule.

use rusqlite::params;
use serde::Serialize;

use crate::error::{DeskError, FieldError, Result};
use crate::money::Fen;
use crate::register::{append_history, Register};

/// The rule's violations with the sanction it suggests.
pub const RULES: &[(&str, &str, &str, i64)] = &[
    (
        "missed_deadline",
        "超过办理期限且未告知投诉人",
        "警告",
        10_000,
    ),
    ("leak", "泄露投诉（举报）人信息给被投诉人", "记过", 20_000),
    ("false_evidence", "诬告陷害、提供虚假证据", "记过", 20_000),
    ("obstruct", "隐瞒、阻挠调查", "记过", 20_000),
    ("retaliation", "打击报复", "记过", 50_000),
    (
        "retaliation_serious",
        "打击报复，情节严重",
        "除名并移交司法机关",
        0,
    ),
];

fn rule(code: &str) -> Option<&'static (&'static str, &'static str, &'static str, i64)> {
    RULES.iter().find(|r| r.0 == code)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flag {
    pub id: i64,
    pub case_id: i64,
    pub number: String,
    pub deadline_code: String,
    pub handler: String,
    pub rule: String,
    pub rule_zh: String,
    /// e.g. "警告，罚款¥100.00"
    pub suggested_zh: String,
    pub fine: Fen,
    pub note: String,
    pub raised_at: String,
    pub state: String,
    pub decided_by: Option<String>,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HandlerStats {
    pub handler: String,
    pub open_cases: u64,
    pub deadlines_due: u64,
    pub deadlines_met_on_time: u64,
    /// On-time rate in basis points (None with no deadline due yet).
    pub on_time_bp: Option<i64>,
    pub flags_raised: u64,
    pub flags_confirmed: u64,
}

fn suggestion(sanction: &str, fine: i64) -> String {
    if fine > 0 {
        format!("{sanction}，罚款{}", Fen(fine).display())
    } else {
        sanction.to_string()
    }
}

impl Register {
    /// Raises a flag for every deadline that has passed unmet (or was met
    /// late) on open cases; each deadline is flagged once. Returns the new ones.
    pub fn raise_deadline_flags(&mut self) -> Result<Vec<Flag>> {
        let ids: Vec<i64> = {
            let mut st = self.conn.prepare_cached(
                "SELECT id FROM cases WHERE status NOT IN ('archived', 'not_accepted')",
            )?;
            let ids = st
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            ids
        };
        let now = self.now_text();
        let mut raised = Vec::new();
        for id in ids {
            let late: Vec<_> = self
                .deadlines(id)?
                .into_iter()
                .filter(|d| d.state == "overdue" || d.state == "met_late")
                .collect();
            if late.is_empty() {
                continue;
            }
            let handler = self.owner(id)?;
            for d in late {
                let note = format!("{}（期限 {}）", d.label_zh, d.due_at);
                let tx = self.conn.transaction()?;
                let n = tx.execute(
                    "INSERT OR IGNORE INTO accountability_flags
                        (case_id, deadline_code, handler, rule, note, raised_at, raised_by)
                     VALUES (?1, ?2, ?3, 'missed_deadline', ?4, ?5, 'system')",
                    params![id, d.code, handler, note, now],
                )?;
                if n == 1 {
                    let fid = tx.last_insert_rowid();
                    append_history(
                        &tx,
                        Some(id),
                        &now,
                        "system",
                        "flag_raised",
                        &serde_json::json!({"flag": fid, "handler": handler, "deadline": d.code}),
                    )?;
                    raised.push(fid);
                }
                tx.commit()?;
            }
        }
        let all = self.flags()?;
        Ok(all.into_iter().filter(|f| raised.contains(&f.id)).collect())
    }

    /// The leader records another violation of the rule against a handler.
    pub fn record_violation(
        &mut self,
        case_id: i64,
        handler: &str,
        rule_code: &str,
        note: &str,
        actor: &str,
    ) -> Result<Flag> {
        self.allow(crate::accounts::Perm::DecidePenaltiesAndRewards)?;
        if rule(rule_code).is_none() || rule_code == "missed_deadline" {
            return Err(DeskError::Validation(vec![FieldError::new(
                "rule",
                "unknown_rule",
                "请选择违规情形（泄露信息、虚假证据、阻挠调查、打击报复）。",
                "Choose the violation (leak, false evidence, obstruction, retaliation).",
            )]));
        }
        if handler.trim().is_empty() {
            return Err(DeskError::Validation(vec![FieldError::new(
                "handler",
                "required",
                "请填写责任人。",
                "Name the handler.",
            )]));
        }
        let number: String = self
            .conn
            .query_row("SELECT number FROM cases WHERE id = ?1", [case_id], |r| {
                r.get(0)
            })
            .map_err(|_| DeskError::NotFound {
                what: "case",
                key: case_id.to_string(),
            })?;
        let now = self.now_text();
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO accountability_flags (case_id, handler, rule, note, raised_at, raised_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![case_id, handler.trim(), rule_code, note.trim(), now, actor],
        )?;
        let id = tx.last_insert_rowid();
        append_history(
            &tx,
            Some(case_id),
            &now,
            actor,
            "violation_recorded",
            &serde_json::json!({"flag": id, "handler": handler.trim(), "rule": rule_code, "number": number}),
        )?;
        tx.commit()?;
        self.flag(id)
    }

    /// The leader confirms or dismisses a flag, with a reason.
    pub fn decide_flag(
        &mut self,
        id: i64,
        confirm: bool,
        reason: &str,
        actor: &str,
    ) -> Result<Flag> {
        self.allow(crate::accounts::Perm::DecidePenaltiesAndRewards)?;
        let flag = self.flag(id)?;
        if flag.state != "raised" {
            return Err(DeskError::StepRefused {
                code: "flag_decided",
                zh: "该问责记录已处理。".into(),
                en: "This flag has already been decided.".into(),
            });
        }
        if reason.trim().is_empty() {
            return Err(DeskError::Validation(vec![FieldError::new(
                "reason",
                "required",
                "请填写确认或撤销问责的理由。",
                "Give the reason for confirming or dismissing the flag.",
            )]));
        }
        let now = self.now_text();
        let state = if confirm { "confirmed" } else { "dismissed" };
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE accountability_flags SET state = ?2, decided_by = ?3, decided_at = ?4, reason = ?5
             WHERE id = ?1",
            params![id, state, actor, now, reason.trim()],
        )?;
        append_history(
            &tx,
            Some(flag.case_id),
            &now,
            actor,
            if confirm {
                "flag_confirmed"
            } else {
                "flag_dismissed"
            },
            &serde_json::json!({"flag": id, "handler": flag.handler, "reason": reason.trim()}),
        )?;
        tx.commit()?;
        self.flag(id)
    }

    fn flag(&self, id: i64) -> Result<Flag> {
        self.flags()?
            .into_iter()
            .find(|f| f.id == id)
            .ok_or(DeskError::NotFound {
                what: "flag",
                key: id.to_string(),
            })
    }

    pub fn flags(&self) -> Result<Vec<Flag>> {
        let mut st = self.conn.prepare_cached(
            "SELECT f.id, f.case_id, c.number, f.deadline_code, f.handler, f.rule, f.note,
                    f.raised_at, f.state, f.decided_by, f.reason
             FROM accountability_flags f JOIN cases c ON c.id = f.case_id ORDER BY f.id",
        )?;
        let rows = st
            .query_map([], |r| {
                let rule_code: String = r.get(5)?;
                let (rule_zh, sanction, fine) = rule(&rule_code)
                    .map(|r| (r.1, r.2, r.3))
                    .unwrap_or(("", "", 0));
                Ok(Flag {
                    id: r.get(0)?,
                    case_id: r.get(1)?,
                    number: r.get(2)?,
                    deadline_code: r.get(3)?,
                    handler: r.get(4)?,
                    rule_zh: rule_zh.into(),
                    suggested_zh: suggestion(sanction, fine),
                    fine: Fen(fine),
                    rule: rule_code,
                    note: r.get(6)?,
                    raised_at: r.get(7)?,
                    state: r.get(8)?,
                    decided_by: r.get(9)?,
                    reason: r.get(10)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Per handler: open cases, on-time rate of the deadlines due, flags.
    pub fn handler_stats(&self) -> Result<Vec<HandlerStats>> {
        use std::collections::BTreeMap;
        let ids: Vec<(i64, String)> = {
            let mut st = self.conn.prepare_cached("SELECT id, status FROM cases")?;
            let ids = st
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            ids
        };
        let mut by: BTreeMap<String, HandlerStats> = BTreeMap::new();
        let entry = |by: &mut BTreeMap<String, HandlerStats>, h: &str| {
            by.entry(h.to_string())
                .or_insert_with(|| HandlerStats {
                    handler: h.to_string(),
                    open_cases: 0,
                    deadlines_due: 0,
                    deadlines_met_on_time: 0,
                    on_time_bp: None,
                    flags_raised: 0,
                    flags_confirmed: 0,
                })
                .handler
                .clone()
        };
        for (id, status) in ids {
            let owner = self.owner(id)?;
            let key = entry(&mut by, &owner);
            let open = !matches!(status.as_str(), "archived" | "not_accepted");
            let deadlines = self.deadlines(id)?;
            if let Some(s) = by.get_mut(&key) {
                if open {
                    s.open_cases += 1;
                }
                for d in deadlines {
                    match d.state.as_str() {
                        "met" => {
                            s.deadlines_due += 1;
                            s.deadlines_met_on_time += 1;
                        }
                        "met_late" | "overdue" => s.deadlines_due += 1,
                        _ => {}
                    }
                }
            }
        }
        for f in self.flags()? {
            let key = entry(&mut by, &f.handler);
            if let Some(s) = by.get_mut(&key) {
                match f.state.as_str() {
                    "confirmed" => s.flags_confirmed += 1,
                    "raised" => s.flags_raised += 1,
                    _ => {}
                }
            }
        }
        Ok(by
            .into_values()
            .map(|mut s| {
                s.on_time_bp = (s.deadlines_due > 0)
                    .then(|| (s.deadlines_met_on_time * 10_000 / s.deadlines_due) as i64);
                s
            })
            .collect())
    }
}
