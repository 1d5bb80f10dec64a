//! The complainant's identity: who may see it, masking for everyone else,
//! revealing with a logged reason, a person's data on request, and
//! anonymising a closed case after the retention period.
//!
//! Those who take part in a case — the receiving clerk, whoever registered
//! it, its reviewer, its inspectors and the leader who approved its
//! findings — see the identity; a handler who declared recusal does not.
//! Everyone else sees 王*、138****0000 in lists, search, the case view and
//! exports, and finds nobody by a complainant's name.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::accounts::Perm;
use crate::error::{DeskError, FieldError, Result};
use crate::model::{CaseDetail, CaseSummary, Person, Witness};
use crate::register::{append_history, Register};
use crate::stats::{mask_name, mask_phone};

/// Records that `name` takes part in a case as `part` (clerk, registered,
/// reviewer, inspector, leader).
pub(crate) fn add_case_person(
    conn: &Connection,
    case_id: i64,
    name: &str,
    part: &str,
) -> Result<()> {
    let name = name.trim();
    if !name.is_empty() {
        conn.execute(
            "INSERT OR IGNORE INTO case_people (case_id, name, part) VALUES (?1, ?2, ?3)",
            params![case_id, name, part],
        )?;
    }
    Ok(())
}

/// SQL: the cases `?N` takes part in and did not step back from.
pub(crate) fn cases_of_person_sql(n: usize) -> String {
    format!(
        "SELECT case_id FROM case_people WHERE name = ?{n}
         EXCEPT SELECT case_id FROM case_records
                WHERE kind = 'recusal' AND json_extract(data, '$.handler') = ?{n}"
    )
}

/// A case as the viewer may see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseView {
    #[serde(flatten)]
    pub case: CaseDetail,
    /// The complainant's identity is masked for this viewer.
    pub identity_masked: bool,
}

/// The replacement text of an anonymised identity field.
pub const ANONYMISED: &str = "（已匿名化）";

/// Identity strings of a case with their masked forms, longest first.
fn identity_pairs(case: &CaseDetail) -> Vec<(String, String)> {
    pairs_of(&case.complainants, &case.witnesses)
}

fn pairs_of(complainants: &[Person], witnesses: &[Witness]) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = Vec::new();
    let mut add = |s: &str, masked: String| {
        let s = s.trim();
        if s.chars().count() >= 2 && s != masked && !pairs.iter().any(|(o, _)| o == s) {
            pairs.push((s.to_string(), masked));
        }
    };
    for p in complainants {
        add(&p.name, mask_name(&p.name));
        add(&p.phone, mask_phone(&p.phone));
        add(&p.unit, "***".into());
        add(&p.position, "***".into());
        add(&p.address, "***".into());
    }
    for w in witnesses {
        add(&w.name, mask_name(&w.name));
        add(&w.contact, mask_phone(&w.contact));
    }
    pairs.sort_by_key(|(o, _)| std::cmp::Reverse(o.chars().count()));
    pairs
}

fn replace_all(text: &str, pairs: &[(String, String)]) -> String {
    let mut out = text.to_string();
    for (o, m) in pairs {
        if out.contains(o.as_str()) {
            out = out.replace(o.as_str(), m);
        }
    }
    out
}

fn replace_in_json(v: &mut serde_json::Value, pairs: &[(String, String)]) {
    match v {
        serde_json::Value::String(s) => *s = replace_all(s, pairs),
        serde_json::Value::Array(a) => a.iter_mut().for_each(|x| replace_in_json(x, pairs)),
        serde_json::Value::Object(o) => o.values_mut().for_each(|x| replace_in_json(x, pairs)),
        _ => {}
    }
}

/// The case with every occurrence of the complainant's (and witnesses')
/// identity masked, wherever it was written (records, notes, facts).
pub fn masked(case: &CaseDetail) -> Result<CaseDetail> {
    let pairs = identity_pairs(case);
    let mut v = serde_json::to_value(case).map_err(|e| DeskError::Internal(e.to_string()))?;
    replace_in_json(&mut v, &pairs);
    let mut out: CaseDetail =
        serde_json::from_value(v).map_err(|e| DeskError::Internal(e.to_string()))?;
    out.query_code = None;
    Ok(out)
}

/// A request for everything held about one person.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct PersonQuery {
    pub name: String,
    pub phone: String,
}

/// Everything the register holds about one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonalData {
    pub name: String,
    pub phone: String,
    pub produced_at: String,
    pub produced_by: String,
    /// (role in the case, the case) — "complainant", "witness" or "accused".
    pub cases: Vec<PersonCase>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonCase {
    pub role: String,
    pub case: CaseDetail,
}

/// An archived case whose retention period has passed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnonymisationDue {
    pub id: i64,
    pub number: String,
    pub archived_at: String,
    pub retention_ends: String,
}

/// Years a closed case keeps personal data unless the office sets another.
pub const DEFAULT_RETENTION_YEARS: u32 = 5;

impl Register {
    /// Whether the viewer takes part in the case (and did not step back).
    /// On a register without accounts everyone may.
    pub fn may_see_identity(&self, case_id: i64) -> Result<bool> {
        let Some(user) = self.viewer()? else {
            return Ok(true);
        };
        self.takes_part(case_id, &user.display_name)
    }

    /// Whether an export shows this case's identity unmasked: only to a
    /// signed-in user who takes part in it (never without accounts).
    pub(crate) fn export_reveals(&self, id: i64) -> Result<bool> {
        Ok(self.viewer()?.is_some() && self.may_see_identity(id)?)
    }

    /// Refuses an output that carries the complainant's identity to someone
    /// who may not see it.
    pub(crate) fn need_identity(&self, case_id: i64) -> Result<()> {
        if self.may_see_identity(case_id)? {
            return Ok(());
        }
        Err(DeskError::refused(
            "identity_needed",
            "这份文书载有投诉（举报）人的身份信息，只有本案的登记人、审核人、调查人员和审批领导可以出具。",
            "This document carries the complainant's identity; only the case's clerk, reviewer, inspectors and approving leader may issue it.",
        ))
    }

    fn takes_part(&self, case_id: i64, name: &str) -> Result<bool> {
        let found: Option<i64> = self
            .conn
            .query_row(
                &format!(
                    "SELECT case_id FROM ({}) WHERE case_id = ?2",
                    cases_of_person_sql(1)
                ),
                params![name, case_id],
                |r| r.get(0),
            )
            .optional()?;
        Ok(found.is_some())
    }

    /// A case as the signed-in user may see it: masked unless they take part.
    pub fn case_view(&self, id: i64) -> Result<CaseView> {
        let case = self.get_case(id)?;
        if self.may_see_identity(id)? {
            return Ok(CaseView {
                case,
                identity_masked: false,
            });
        }
        Ok(CaseView {
            case: masked(&case)?,
            identity_masked: true,
        })
    }

    /// Shows the identity to someone who does not take part, for a reason
    /// that is written to the audit trail. A handler who stepped back is refused.
    pub fn reveal_identity(&mut self, id: i64, reason: &str, actor: &str) -> Result<CaseView> {
        let user = self.viewer()?.cloned();
        let reason = reason.trim();
        if reason.chars().count() < 2 || reason.chars().count() > 200 {
            return Err(DeskError::Validation(vec![FieldError::new(
                "reason",
                "required",
                "请写明查看投诉（举报）人身份的理由（2至200字），它会记入审计日志。",
                "Give the reason for seeing the complainant's identity (2 to 200 characters); it goes into the audit trail.",
            )]));
        }
        if let Some(u) = &user {
            if self.recused(id)?.iter().any(|r| r == &u.display_name) {
                return Err(DeskError::refused(
                    "recused",
                    format!("{}已就本案申请回避，不能查看本案材料。", u.display_name),
                    format!(
                        "{} declared a conflict of interest on this case and may not see it.",
                        u.display_name
                    ),
                ));
            }
        }
        let case = self.get_case(id)?;
        let now = self.now_text();
        append_history(
            &self.conn,
            Some(id),
            &now,
            actor,
            "identity_revealed",
            &serde_json::json!({"reason": reason}),
        )?;
        Ok(CaseView {
            case,
            identity_masked: false,
        })
    }

    /// Masks the complainant column of list rows the viewer may not see.
    pub(crate) fn mask_summaries(&self, items: &mut [CaseSummary]) -> Result<()> {
        let Some(user) = self.viewer()?.cloned() else {
            return Ok(());
        };
        for s in items.iter_mut() {
            if !s.anonymous && !self.takes_part(s.id, &user.display_name)? {
                let pairs = self.identity_pairs_of(s.id)?;
                s.complainant = s
                    .complainant
                    .split('、')
                    .map(mask_name)
                    .collect::<Vec<_>>()
                    .join("、");
                s.matter = replace_all(&s.matter, &pairs);
                s.accused = replace_all(&s.accused, &pairs);
            }
        }
        Ok(())
    }

    /// The identity strings of a case straight from its tables (lists).
    fn identity_pairs_of(&self, case_id: i64) -> Result<Vec<(String, String)>> {
        let mut st = self.conn.prepare_cached(
            "SELECT name, unit, position, phone, address FROM complainants WHERE case_id = ?1",
        )?;
        let people: Vec<Person> = st
            .query_map([case_id], |r| {
                Ok(Person {
                    name: r.get(0)?,
                    unit: r.get(1)?,
                    position: r.get(2)?,
                    phone: r.get(3)?,
                    address: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(pairs_of(&people, &[]))
    }

    /// The name the identity search runs for: None = everyone's (no accounts).
    pub(crate) fn identity_search_scope(&self) -> Result<Option<String>> {
        Ok(self.viewer()?.map(|u| u.display_name.clone()))
    }

    /// Everything held about one person (personal-information rights):
    /// every case where they complained, witnessed or were complained about.
    /// Administrator only; the request is written to the audit trail.
    pub fn personal_data(&mut self, q: &PersonQuery, actor: &str) -> Result<PersonalData> {
        self.allow(Perm::Administer)?;
        let name = q.name.trim();
        let phone = q.phone.trim();
        if name.is_empty() && phone.is_empty() {
            return Err(DeskError::Validation(vec![FieldError::new(
                "name",
                "required",
                "请填写要查询的姓名或电话。",
                "Enter the person's name or phone.",
            )]));
        }
        let mut found: Vec<(String, i64)> = Vec::new();
        let mut collect = |role: &str, sql: &str, v: &str| -> Result<()> {
            if v.is_empty() {
                return Ok(());
            }
            let mut st = self.conn.prepare(sql)?;
            for id in st.query_map([v], |r| r.get::<_, i64>(0))? {
                let id = id?;
                if !found.iter().any(|(r, i)| r == role && *i == id) {
                    found.push((role.to_string(), id));
                }
            }
            Ok(())
        };
        collect(
            "complainant",
            "SELECT case_id FROM complainants WHERE name = ?1",
            name,
        )?;
        collect(
            "complainant",
            "SELECT case_id FROM complainants WHERE phone = ?1",
            phone,
        )?;
        collect(
            "witness",
            "SELECT case_id FROM witnesses WHERE name = ?1",
            name,
        )?;
        collect(
            "witness",
            "SELECT case_id FROM witnesses WHERE contact = ?1",
            phone,
        )?;
        collect(
            "accused",
            "SELECT case_id FROM accused WHERE name = ?1",
            name,
        )?;
        found.sort_by_key(|(_, id)| *id);
        let cases = found
            .into_iter()
            .map(|(role, id)| {
                Ok(PersonCase {
                    role,
                    case: self.get_case(id)?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let now = self.now_text();
        append_history(
            &self.conn,
            None,
            &now,
            actor,
            "personal_data_exported",
            &serde_json::json!({
                "name": mask_name(name),
                "phone": mask_phone(phone),
                "cases": cases.iter().map(|c| c.case.number.clone()).collect::<Vec<_>>(),
            }),
        )?;
        Ok(PersonalData {
            name: name.to_string(),
            phone: phone.to_string(),
            produced_at: now,
            produced_by: actor.to_string(),
            cases,
        })
    }

    /// Years after archiving that a case keeps its personal data.
    pub fn retention_years(&self) -> Result<u32> {
        Ok(self
            .setting("retention_years")?
            .and_then(|v| v.parse().ok())
            .unwrap_or(DEFAULT_RETENTION_YEARS))
    }

    /// Archived cases past their retention period, not yet anonymised.
    pub fn anonymisation_due(&self) -> Result<Vec<AnonymisationDue>> {
        let years = self.retention_years()? as i32;
        let today = self.clock.now().date();
        let mut st = self.conn.prepare(
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
            let Some(at) = crate::validate::parse_local_time(&archived_at) else {
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

    /// Anonymises one archived case past its retention period: the
    /// complainants' and witnesses' identity is replaced wherever it was
    /// written, issued documents that carried it are emptied (their hash
    /// stays as proof), the case itself and its history stay. The user types
    /// the case number to confirm, so nothing is anonymised by accident.
    pub fn anonymise_case(&mut self, id: i64, confirm_number: &str, actor: &str) -> Result<()> {
        self.allow(Perm::Administer)?;
        let case = self.get_case(id)?;
        if confirm_number.trim() != case.number {
            return Err(DeskError::Validation(vec![FieldError::new(
                "confirm_number",
                "mismatch",
                format!(
                    "请输入案件编号 {} 以确认匿名化，此操作不能撤销。",
                    case.number
                ),
                format!(
                    "Type the case number {} to confirm; anonymisation cannot be undone.",
                    case.number
                ),
            )]));
        }
        let due = self.anonymisation_due()?;
        let Some(d) = due.iter().find(|d| d.id == id) else {
            return Err(DeskError::refused(
                "retention_not_over",
                format!(
                    "{}尚未归档满{}年的保存期限（或已匿名化），不能匿名化。",
                    case.number,
                    self.retention_years()?
                ),
                format!(
                    "{} is not archived past the {}-year retention period (or is anonymised already).",
                    case.number,
                    self.retention_years()?
                ),
            ));
        };
        let pairs: Vec<(String, String)> = identity_pairs(&case)
            .into_iter()
            .map(|(o, _)| (o, ANONYMISED.to_string()))
            .collect();
        // History details are JSON text: match the strings as JSON writes them.
        let json_pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(o, m)| (json_inner(o), json_inner(m)))
            .collect();
        let now = self.now_text();
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE complainants SET name = ?2, unit = '', position = '', phone = '', address = ''
             WHERE case_id = ?1",
            params![id, ANONYMISED],
        )?;
        tx.execute(
            "UPDATE witnesses SET name = ?2, contact = '' WHERE case_id = ?1",
            params![id, ANONYMISED],
        )?;
        let scrub = |s: &str| replace_all(s, &pairs);
        tx.execute(
            "UPDATE cases SET matter = ?2, facts = ?3, request = ?4, occurred_where = ?5,
                 complainant_names = CASE WHEN anonymous = 1 THEN complainant_names ELSE ?6 END,
                 anonymised_at = ?7
             WHERE id = ?1",
            params![
                id,
                scrub(&case.matter),
                scrub(&case.facts),
                scrub(&case.request),
                scrub(&case.occurred_where),
                ANONYMISED,
                now
            ],
        )?;
        let records: Vec<(i64, String)> = tx
            .prepare("SELECT id, data FROM case_records WHERE case_id = ?1")?
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (rid, data) in records {
            let mut v: serde_json::Value =
                serde_json::from_str(&data).map_err(|e| DeskError::Internal(e.to_string()))?;
            replace_in_json(&mut v, &pairs);
            tx.execute(
                "UPDATE case_records SET data = ?2, redacted_at = ?3 WHERE id = ?1",
                params![rid, v.to_string(), now],
            )?;
        }
        // Everything issued carries the complainant's identity except the
        // notice to the accused, which never did.
        let emptied = tx.execute(
            "UPDATE issued_documents SET pdf = X'', redacted_at = ?2
             WHERE case_id = ?1 AND redacted_at IS NULL AND doc_type <> 'notice_to_accused'",
            params![id, now],
        )?;
        let history_redacted = crate::audit::redact_case_details(&tx, id, &now, |detail| {
            let new = replace_all(detail, &json_pairs);
            (new != detail).then_some(new)
        })?;
        crate::register::reindex_case(&tx, id)?;
        append_history(
            &tx,
            Some(id),
            &now,
            actor,
            "case_anonymised",
            &serde_json::json!({
                "number": case.number,
                "retention_ends": d.retention_ends,
                "documents_emptied": emptied,
                "history_rows_redacted": history_redacted,
            }),
        )?;
        tx.commit()?;
        Ok(())
    }
}

fn add_years(d: chrono::NaiveDate, years: i32) -> chrono::NaiveDate {
    use chrono::Datelike;
    d.with_year(d.year() + years)
        .unwrap_or_else(|| d + chrono::Duration::days(365 * years as i64))
}

/// A string as it appears inside a JSON string literal.
fn json_inner(s: &str) -> String {
    let quoted = serde_json::Value::String(s.to_string()).to_string();
    quoted[1..quoted.len() - 1].to_string()
}
