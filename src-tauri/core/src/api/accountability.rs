//! Handlers' accountability: a flag on the handler when a deadline passes
//! (raised by the register itself), other violations the leader records,
//! the leader's decision on each, and a per-handler view.

use std::collections::BTreeMap;

use serde::Deserialize;
use ts_rs::TS;

use crate::api::{cases, handling, CaseOp, Ctx, Desk};
use crate::domain::accountability::{rule, Flag, HandlerStats};
use crate::domain::deadlines::DueState;
use crate::error::{DeskError, FieldError, Result};
use crate::store::{self, flags};

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(default)]
pub struct FlagDecision {
    pub id: i64,
    pub confirm: bool,
    pub reason: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(default)]
pub struct Violation {
    /// The handler's name.
    pub handler: String,
    /// "leak", "false_evidence", "obstruct", "retaliation", "retaliation_serious"
    pub rule: String,
    pub note: String,
}

pub(crate) fn flags(ctx: &Ctx, _: ()) -> Result<Vec<Flag>> {
    ctx.read(|r| flags::all(r.conn))
}

/// The leader confirms or dismisses a flag, with a reason.
pub(crate) fn decide(ctx: &Ctx, d: FlagDecision) -> Result<Flag> {
    let reason = crate::domain::validate::text(
        "reason",
        (
            "确认或撤销问责的理由",
            "The reason for confirming or dismissing the flag",
        ),
        &d.reason,
        true,
        2000,
        true,
    )?;
    ctx.write(|w| {
        let flag = flags::get(w.tx, d.id)?;
        if flag.state != "raised" {
            return Err(DeskError::refused(
                "flag_decided",
                "该问责记录已处理。",
                "This flag has already been decided.",
            ));
        }
        let state = if d.confirm { "confirmed" } else { "dismissed" };
        let actor = w.actor().to_string();
        flags::decide(w.tx, d.id, state, &actor, &w.now_text(), &reason)?;
        w.audit(
            Some(flag.case_id),
            if d.confirm {
                "flag_confirmed"
            } else {
                "flag_dismissed"
            },
            serde_json::json!({"flag": d.id, "handler": flag.handler, "reason": reason}),
        );
        Ok(())
    })?;
    ctx.read(|r| flags::get(r.conn, d.id))
}

/// The leader records another violation of the rule against a handler.
pub(crate) fn violation(ctx: &Ctx, op: CaseOp<Violation>) -> Result<Flag> {
    let v = &op.input;
    if rule(&v.rule).is_none() || v.rule == "missed_deadline" {
        return Err(DeskError::Validation(vec![FieldError::new(
            "rule",
            "unknown_rule",
            "请选择违规情形（泄露信息、虚假证据、阻挠调查、打击报复）。",
            "Choose the violation (leak, false evidence, obstruction, retaliation).",
        )]));
    }
    let handler = crate::domain::validate::text(
        "handler",
        ("责任人", "The handler"),
        &v.handler,
        true,
        50,
        false,
    )?;
    let note =
        crate::domain::validate::text("note", ("说明", "The note"), &v.note, false, 2000, true)?;
    let id = ctx.write(|w| {
        let number = store::cases::head(w.tx, op.case_id)?.number;
        let actor = w.actor().to_string();
        let id = flags::insert_violation(
            w.tx,
            op.case_id,
            &handler,
            &v.rule,
            &note,
            &w.now_text(),
            &actor,
        )?;
        w.audit(
            Some(op.case_id),
            "violation_recorded",
            serde_json::json!({"flag": id, "handler": handler, "rule": v.rule, "number": number}),
        );
        Ok(id)
    })?;
    ctx.read(|r| flags::get(r.conn, id))
}

/// Per handler: open cases, on-time rate of the deadlines due, flags.
pub(crate) fn handler_stats(ctx: &Ctx, _: ()) -> Result<Vec<HandlerStats>> {
    ctx.read(|r| {
        let ids: Vec<(i64, String)> = r
            .conn
            .prepare_cached("SELECT id, status FROM cases")?
            .query_map([], |x| Ok((x.get(0)?, x.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut by: BTreeMap<String, HandlerStats> = BTreeMap::new();
        let blank = |h: &str| HandlerStats {
            handler: h.to_string(),
            open_cases: 0,
            deadlines_due: 0,
            deadlines_met_on_time: 0,
            on_time_bp: None,
            flags_raised: 0,
            flags_confirmed: 0,
        };
        for (id, status) in ids {
            let owner = handling::owner(r.conn, id)?;
            let s = by.entry(owner.clone()).or_insert_with(|| blank(&owner));
            if !matches!(status.as_str(), "archived" | "not_accepted") {
                s.open_cases += 1;
            }
            for d in cases::case_deadlines(r, id)? {
                match d.state {
                    DueState::Met => {
                        s.deadlines_due += 1;
                        s.deadlines_met_on_time += 1;
                    }
                    DueState::MetLate | DueState::Overdue => s.deadlines_due += 1,
                    _ => {}
                }
            }
        }
        for f in flags::all(r.conn)? {
            let s = by
                .entry(f.handler.clone())
                .or_insert_with(|| blank(&f.handler));
            match f.state.as_str() {
                "confirmed" => s.flags_confirmed += 1,
                "raised" => s.flags_raised += 1,
                _ => {}
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
    })
}

impl Desk {
    /// The register's own upkeep, run by the app (not a user): raises a
    /// flag for every deadline that passed unmet (or was met late) on an
    /// open case, once per deadline. Written to the audit trail as the
    /// system. Returns the new flags.
    pub fn raise_deadline_flags(&self) -> Result<Vec<Flag>> {
        let store = self.store();
        let now = self.now();
        let at = store::fmt_time(now);
        let raised = store.write(|tx| {
            let ids: Vec<i64> = tx
                .prepare_cached(
                    "SELECT id FROM cases WHERE status NOT IN ('archived', 'not_accepted')",
                )?
                .query_map([], |x| x.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let mut raised = Vec::new();
            for id in ids {
                let Some(ctx) = store::derived::Context::load(tx)? else {
                    break;
                };
                let inputs = store::derived::inputs(tx, id, now.date())?;
                let late: Vec<_> =
                    crate::domain::deadlines::views(&ctx.policy, &ctx.calendar, now, &inputs)
                        .into_iter()
                        .filter(|d| matches!(d.state, DueState::Overdue | DueState::MetLate))
                        .collect();
                if late.is_empty() {
                    continue;
                }
                let handler = handling::owner(tx, id)?;
                for d in late {
                    let note = format!("{}（期限 {}）", d.label_zh, d.due_at);
                    if let Some(fid) = flags::raise_deadline(tx, id, &d.code, &handler, &note, &at)? {
                        store::history::append(
                            tx,
                            &store::history::Entry {
                                case_id: Some(id),
                                at: &at,
                                actor: "系统",
                                actor_id: None,
                                seat: "",
                                action: "flag_raised",
                                detail: &serde_json::json!({"flag": fid, "handler": handler, "deadline": d.code})
                                    .to_string(),
                            },
                        )?;
                        raised.push(fid);
                    }
                }
            }
            Ok(raised)
        })?;
        let all = store.read(flags::all)?;
        drop(store);
        let new: Vec<Flag> = all.into_iter().filter(|f| raised.contains(&f.id)).collect();
        if !new.is_empty() {
            self.note_change(new.iter().map(|f| f.case_id).collect());
        }
        Ok(new)
    }
}
