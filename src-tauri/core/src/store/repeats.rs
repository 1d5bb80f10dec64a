//! The earlier cases an intake form matches (domain::repeats): by phone,
//! by the complainant's name, by the accused under the same category,
//! received since a time. Each query is an index seek (migration 9).
//!
//! A report (举报) is matched by its reporter's phone or name only for a
//! viewer who sees that case's identity: a clerk typing a number must not
//! learn who reported whom. The accused under a category matches any case.

use std::collections::BTreeMap;

use rusqlite::types::Value;
use rusqlite::Connection;

use crate::domain::repeats::{Reason, PHONE_KEY_SQL};
use crate::error::Result;
use crate::store::participants::visible_case_sql;

/// What was typed, already bounded (domain::repeats).
pub(crate) struct Probe<'a> {
    pub phones: &'a [String],
    pub names: &'a [String],
    pub accused: &'a [String],
    pub category: &'a str,
    /// "YYYY-MM-DD HH:MM:SS": cases received at or after it.
    pub since: &'a str,
    pub viewer: i64,
}

/// Every matching case's id with why it matched, and whether it is open.
pub(crate) fn matching(conn: &Connection, p: &Probe) -> Result<BTreeMap<i64, (Vec<Reason>, bool)>> {
    let mut found: BTreeMap<i64, (Vec<Reason>, bool)> = BTreeMap::new();
    let mut run = |sql: String, args: Vec<Value>, reason: Reason| -> Result<()> {
        let mut st = conn.prepare_cached(&sql)?;
        let rows = st.query_map(rusqlite::params_from_iter(args.iter()), |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
        })?;
        for row in rows {
            let (id, status) = row?;
            let open =
                crate::domain::workflow::Status::from_code(&status).is_some_and(|s| s.is_open());
            let e = found.entry(id).or_insert_with(|| (Vec::new(), open));
            if !e.0.contains(&reason) {
                e.0.push(reason);
            }
        }
        Ok(())
    };
    let values = |first: Vec<Value>, values: &[String]| -> Vec<Value> {
        first
            .into_iter()
            .chain(values.iter().map(|v| Value::Text(v.clone())))
            .collect()
    };
    let people = || vec![Value::Text(p.since.to_string()), Value::Integer(p.viewer)];
    if !p.phones.is_empty() {
        run(
            people_sql(&phone_column(), p.phones.len()),
            values(people(), p.phones),
            Reason::Phone,
        )?;
    }
    if !p.names.is_empty() {
        run(
            people_sql("x.name", p.names.len()),
            values(people(), p.names),
            Reason::Name,
        )?;
    }
    if !p.accused.is_empty() && !p.category.is_empty() {
        let first = vec![
            Value::Text(p.since.to_string()),
            Value::Text(p.category.to_string()),
        ];
        run(
            accused_sql(p.accused.len()),
            values(first, p.accused),
            Reason::Accused,
        )?;
    }
    Ok(found)
}

/// The phone as compared, over the complainants row `x` (the index's expression).
fn phone_column() -> String {
    format!(
        "x.phone <> '' AND {}",
        PHONE_KEY_SQL.replace("phone", "x.phone")
    )
}

/// `?3`, `?4`, … for `n` values after two fixed parameters.
fn marks(n: usize) -> String {
    (3..3 + n)
        .map(|i| format!("?{i}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// Cases with a complainant whose `col` is one of `n` values (?3…),
/// received since ?1; a report only if user ?2 sees its identity.
fn people_sql(col: &str, n: usize) -> String {
    format!(
        "SELECT DISTINCT c.id, c.status FROM complainants x JOIN cases c ON c.id = x.case_id
         WHERE {col} IN ({}) AND c.received_at >= ?1
           AND (c.kind = 'complaint' OR {})",
        marks(n),
        visible_case_sql("c.id", 2)
    )
}

/// Cases of category ?2 received since ?1 accusing one of `n` names (?3…).
/// The accused's name leads (CROSS JOIN keeps that order): a name is rarer
/// than a category's half year.
fn accused_sql(n: usize) -> String {
    format!(
        "SELECT DISTINCT c.id, c.status FROM accused a CROSS JOIN cases c ON c.id = a.case_id
         WHERE a.name <> '' AND a.name IN ({}) AND c.category = ?2 AND c.received_at >= ?1",
        marks(n)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(conn: &Connection, sql: &str) -> String {
        let mut st = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let n = st.parameter_count();
        let args: Vec<Value> = (0..n).map(|_| Value::Text(String::new())).collect();
        st.query_map(rusqlite::params_from_iter(args.iter()), |r| {
            r.get::<_, String>(3)
        })
        .unwrap()
        .collect::<rusqlite::Result<Vec<_>>>()
        .unwrap()
        .join(" | ")
    }

    #[test]
    fn each_match_is_an_index_seek_on_the_phone_as_compared_the_name_and_the_accused() {
        let (store, dir) = crate::store::tests::file_store();
        store
            .read(|conn| {
                let phone = plan(conn, &people_sql(&phone_column(), 2));
                assert!(phone.contains("INDEX complainants_phone_key"), "{phone}");
                let name = plan(conn, &people_sql("x.name", 1));
                assert!(name.contains("INDEX complainants_name"), "{name}");
                let accused = plan(conn, &accused_sql(3));
                assert!(accused.contains("INDEX accused_name"), "{accused}");
                Ok(())
            })
            .unwrap();
        drop(store);
        let _ = std::fs::remove_dir_all(dir);
    }
}
