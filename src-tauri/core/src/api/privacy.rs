//! The complainant's identity beyond the everyday view: revealing it for a
//! logged reason, everything held about one person (personal-information
//! rights), anonymising an archived case after the retention period, and
//! the names from before accounts that still need an account.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::api::cases::{self, CaseView};
use crate::api::{CaseOp, Ctx};
use crate::domain::case::CaseDetail;
use crate::domain::masking::{self, mask_name, mask_phone, ANONYMISED};
use crate::domain::validate;
use crate::error::{DeskError, FieldError, Result};
use crate::store::{documents as sdocs, history, participants, records, settings, users};

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(default)]
pub struct Reason {
    pub reason: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(default)]
pub struct Confirm {
    /// The case number, typed to confirm.
    pub number: String,
}

/// A request for everything held about one person.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(default)]
pub struct PersonQuery {
    pub name: String,
    pub phone: String,
}

/// Everything the register holds about one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PersonalData {
    pub name: String,
    pub phone: String,
    pub produced_at: String,
    pub produced_by: String,
    pub cases: Vec<PersonCase>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PersonCase {
    /// "complainant", "witness" or "accused".
    pub role: String,
    pub case: CaseDetail,
}

/// An archived case whose retention period has passed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AnonymisationDue {
    pub id: i64,
    pub number: String,
    pub archived_at: String,
    pub retention_ends: String,
}

/// A name from before accounts that no account matched, with its cases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct UnmappedName {
    pub name: String,
    pub cases: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(default)]
pub struct MapName {
    pub name: String,
    pub user_id: i64,
}

/// Years a closed case keeps personal data unless the office sets another.
pub const DEFAULT_RETENTION_YEARS: u32 = 5;

/// Shows the identity to someone who does not take part (a role the office
/// allows, never a recused handler), for a reason written to the audit
/// trail. One view: the next read is masked again.
pub(crate) fn reveal(ctx: &Ctx, op: CaseOp<Reason>) -> Result<CaseView> {
    let reason = op.input.reason.trim().to_string();
    let n = reason.chars().count();
    if !(2..=200).contains(&n) {
        return Err(DeskError::Validation(vec![FieldError::new(
            "reason",
            "required",
            "请写明查看投诉（举报）人身份的理由（2至200字），它会记入审计日志。",
            "Give the reason for seeing the complainant's identity (2 to 200 characters); it goes into the audit trail.",
        )]));
    }
    ctx.write(|w| {
        w.audit(
            Some(op.case_id),
            "identity_revealed",
            serde_json::json!({"reason": reason}),
        );
        Ok(())
    })?;
    ctx.read(|r| cases::case_view(r, op.case_id, true))
}

pub(crate) fn personal_data(ctx: &Ctx, q: PersonQuery) -> Result<PersonalData> {
    let name = validate::text("name", ("姓名", "The name"), &q.name, false, 50, false)?;
    let phone = validate::text("phone", ("电话", "The phone"), &q.phone, false, 30, false)?;
    if name.is_empty() && phone.is_empty() {
        return Err(DeskError::Validation(vec![FieldError::new(
            "name",
            "required",
            "请填写要查询的姓名或电话。",
            "Enter the person's name or phone.",
        )]));
    }
    let found = ctx.read(|r| {
        let mut found: Vec<(String, i64)> = Vec::new();
        let mut collect = |role: &str, sql: &str, v: &str| -> Result<()> {
            if v.is_empty() {
                return Ok(());
            }
            let mut st = r.conn.prepare(sql)?;
            for id in st.query_map([v], |x| x.get::<_, i64>(0))? {
                let id = id?;
                if !found.iter().any(|(ro, i)| ro == role && *i == id) {
                    found.push((role.to_string(), id));
                }
            }
            Ok(())
        };
        collect(
            "complainant",
            "SELECT case_id FROM complainants WHERE name = ?1",
            &name,
        )?;
        collect(
            "complainant",
            "SELECT case_id FROM complainants WHERE phone = ?1",
            &phone,
        )?;
        collect(
            "witness",
            "SELECT case_id FROM witnesses WHERE name = ?1",
            &name,
        )?;
        collect(
            "witness",
            "SELECT case_id FROM witnesses WHERE contact = ?1",
            &phone,
        )?;
        collect(
            "accused",
            "SELECT case_id FROM accused WHERE name = ?1",
            &name,
        )?;
        found.sort_by_key(|(_, id)| *id);
        found
            .into_iter()
            .map(|(role, id)| {
                Ok(PersonCase {
                    role,
                    case: cases::detail(r.conn, id)?,
                })
            })
            .collect::<Result<Vec<_>>>()
    })?;
    let now = ctx.write(|w| {
        w.audit(
            None,
            "personal_data_exported",
            serde_json::json!({
                "name": mask_name(&name),
                "phone": mask_phone(&phone),
                "cases": found.iter().map(|c| c.case.number.clone()).collect::<Vec<_>>(),
            }),
        );
        Ok(w.now_text())
    })?;
    Ok(PersonalData {
        name,
        phone,
        produced_at: now,
        produced_by: ctx.viewer()?.name.clone(),
        cases: found,
    })
}

fn add_years(d: chrono::NaiveDate, years: i32) -> chrono::NaiveDate {
    use chrono::Datelike;
    d.with_year(d.year() + years)
        .unwrap_or_else(|| d + chrono::Duration::days(365 * years as i64))
}

fn due(conn: &rusqlite::Connection, today: chrono::NaiveDate) -> Result<Vec<AnonymisationDue>> {
    let years = settings::number(conn, "retention_years", DEFAULT_RETENTION_YEARS)? as i32;
    let mut st = conn.prepare(
        "SELECT c.id, c.number, MAX(h.at) FROM cases c JOIN history h ON h.case_id = c.id
         WHERE c.status = 'archived' AND c.anonymised_at IS NULL AND h.action = 'archived'
         GROUP BY c.id ORDER BY c.id",
    )?;
    let rows = st
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = Vec::new();
    for (id, number, archived_at) in rows {
        let Some(at) = validate::parse_local_time(&archived_at) else {
            continue;
        };
        let ends = add_years(at.date(), years);
        if ends <= today {
            out.push(AnonymisationDue {
                id,
                number,
                archived_at,
                retention_ends: ends.to_string(),
            });
        }
    }
    Ok(out)
}

pub(crate) fn anonymisation_due(ctx: &Ctx, _: ()) -> Result<Vec<AnonymisationDue>> {
    ctx.read(|r| due(r.conn, r.now.date()))
}

/// A string as it appears inside a JSON string literal.
fn json_inner(s: &str) -> String {
    let quoted = serde_json::Value::String(s.to_string()).to_string();
    quoted[1..quoted.len() - 1].to_string()
}

/// Anonymises one archived case past its retention period: the
/// complainants' and witnesses' identity is replaced wherever it was
/// written, issued documents that carried it are emptied (their hash stays),
/// the case and its history stay. The case number is typed to confirm.
pub(crate) fn anonymise(ctx: &Ctx, op: CaseOp<Confirm>) -> Result<()> {
    ctx.write(|w| {
        let case = cases::detail(w.tx, op.case_id)?;
        if op.input.number.trim() != case.number {
            return Err(DeskError::Validation(vec![FieldError::new(
                "number",
                "mismatch",
                format!("请输入案件编号 {} 以确认匿名化，此操作不能撤销。", case.number),
                format!(
                    "Type the case number {} to confirm; anonymisation cannot be undone.",
                    case.number
                ),
            )]));
        }
        let years = settings::number(w.tx, "retention_years", DEFAULT_RETENTION_YEARS)?;
        let list = due(w.tx, w.now.date())?;
        let Some(d) = list.iter().find(|d| d.id == op.case_id) else {
            return Err(DeskError::refused(
                "retention_not_over",
                format!("{}尚未归档满{years}年的保存期限（或已匿名化），不能匿名化。", case.number),
                format!(
                    "{} is not archived past the {years}-year retention period (or is anonymised already).",
                    case.number
                ),
            ));
        };
        let pairs: Vec<(String, String)> =
            masking::identity_pairs(&case.complainants, &case.witnesses)
                .into_iter()
                .map(|(o, _)| (o, ANONYMISED.to_string()))
                .collect();
        let json_pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(o, m)| (json_inner(o), json_inner(m)))
            .collect();
        let now = w.now_text();
        let id = op.case_id;
        w.tx.execute(
            "UPDATE complainants SET name = ?2, unit = '', position = '', phone = '', address = '',
                 id_number = '', gender = '' WHERE case_id = ?1",
            rusqlite::params![id, ANONYMISED],
        )?;
        w.tx.execute(
            "UPDATE witnesses SET name = ?2, contact = '' WHERE case_id = ?1",
            rusqlite::params![id, ANONYMISED],
        )?;
        let scrub = |s: &str| masking::replace_all(s, &pairs);
        w.tx.execute(
            "UPDATE cases SET matter = ?2, facts = ?3, request = ?4, occurred_where = ?5,
                 complainant_names = CASE WHEN anonymous = 1 THEN complainant_names ELSE ?6 END,
                 anonymised_at = ?7
             WHERE id = ?1",
            rusqlite::params![
                id,
                scrub(&case.matter),
                scrub(&case.facts),
                scrub(&case.request),
                scrub(&case.occurred_where),
                ANONYMISED,
                now
            ],
        )?;
        for (rid, data) in records::raw_of_case(w.tx, id)? {
            let mut v: serde_json::Value =
                serde_json::from_str(&data).map_err(|e| DeskError::Internal(e.to_string()))?;
            masking::replace_in_json(&mut v, &pairs);
            records::redact(w.tx, rid, &v.to_string(), &now)?;
        }
        // Everything issued carries the identity except the notice to the accused.
        let emptied = sdocs::redact_case(w.tx, id, &["notice_to_accused"], &now)?;
        let history_redacted = history::redact_case_details(w.tx, id, &now, |detail| {
            let new = masking::replace_all(detail, &json_pairs);
            (new != detail).then_some(new)
        })?;
        w.audit(
            Some(id),
            "case_anonymised",
            serde_json::json!({
                "number": case.number,
                "retention_ends": d.retention_ends,
                "documents_emptied": emptied,
                "history_rows_redacted": history_redacted,
            }),
        );
        Ok(())
    })
}

pub(crate) fn unmapped(ctx: &Ctx, _: ()) -> Result<Vec<UnmappedName>> {
    ctx.read(|r| {
        Ok(participants::unmapped_names(r.conn)?
            .into_iter()
            .map(|(name, cases)| UnmappedName { name, cases })
            .collect())
    })
}

/// Gives the cases a pre-account name took part in to an account.
pub(crate) fn map_name(ctx: &Ctx, m: MapName) -> Result<Vec<UnmappedName>> {
    let name = validate::text("name", ("姓名", "The name"), &m.name, true, 50, false)?;
    ctx.write(|w| {
        let u = users::by_id(w.tx, m.user_id)?;
        let n = participants::map_name(w.tx, &name, u.id)?;
        w.audit(
            None,
            "participant_mapped",
            serde_json::json!({"name": name, "user": u.display_name, "cases": n}),
        );
        Ok(())
    })?;
    unmapped(ctx, ())
}
