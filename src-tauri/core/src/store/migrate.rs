//! The register's schema, one migration per version. Migrations are
//! ordered; all pending ones run in one transaction and the schema version
//! lives in `PRAGMA user_version`. A database newer than this binary is
//! refused untouched (see `store::open`).
//!
//! Frozen: a shipped migration is never edited, and migrations never call
//! live domain code — the Rust steps of old migrations are kept here as
//! they were. Derived data (search index, materialised deadlines) is not
//! built here but by `store::derived`, which may use live code.

use rusqlite::{params, Connection};
use sha2::Digest;

use crate::error::{DeskError, Result};

/// The schema, one entry per version. Never edit a shipped entry: append.
pub const MIGRATIONS: &[&str] = &[
    // 1: the register, its people, the append-only history, drafts, settings.
    r#"
    CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE case_counters (
        kind     TEXT NOT NULL,
        year     INTEGER NOT NULL,
        last_seq INTEGER NOT NULL,
        PRIMARY KEY (kind, year)
    ) WITHOUT ROWID;
    CREATE TABLE cases (
        id                  INTEGER PRIMARY KEY,
        number              TEXT NOT NULL UNIQUE,
        kind                TEXT NOT NULL CHECK (kind IN ('complaint', 'report')),
        channel             TEXT NOT NULL,
        received_at         TEXT NOT NULL,
        receiving_clerk     TEXT NOT NULL,
        anonymous           INTEGER NOT NULL CHECK (anonymous IN (0, 1)),
        query_code          TEXT UNIQUE,
        category            TEXT NOT NULL,
        handling_department TEXT NOT NULL DEFAULT '',
        severity            TEXT NOT NULL,
        occurred_when       TEXT NOT NULL DEFAULT '',
        occurred_where      TEXT NOT NULL DEFAULT '',
        matter              TEXT NOT NULL,
        facts               TEXT NOT NULL,
        request             TEXT NOT NULL DEFAULT '',
        status              TEXT NOT NULL DEFAULT 'registered',
        created_at          TEXT NOT NULL,
        updated_at          TEXT NOT NULL,
        -- denormalised for the list: names joined with '、'
        complainant_names   TEXT NOT NULL DEFAULT '',
        accused_names       TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX cases_received ON cases (received_at);
    CREATE INDEX cases_kind_received ON cases (kind, received_at);
    CREATE INDEX cases_status_received ON cases (status, received_at);
    CREATE INDEX cases_category_received ON cases (category, received_at);
    CREATE INDEX cases_channel_received ON cases (channel, received_at);
    CREATE TABLE complainants (
        id       INTEGER PRIMARY KEY,
        case_id  INTEGER NOT NULL REFERENCES cases (id),
        ord      INTEGER NOT NULL,
        name     TEXT NOT NULL DEFAULT '',
        unit     TEXT NOT NULL DEFAULT '',
        position TEXT NOT NULL DEFAULT '',
        phone    TEXT NOT NULL DEFAULT '',
        address  TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX complainants_case ON complainants (case_id, ord);
    CREATE TABLE accused (
        id      INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases (id),
        ord     INTEGER NOT NULL,
        name    TEXT NOT NULL DEFAULT '',
        unit    TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX accused_case ON accused (case_id, ord);
    CREATE TABLE evidence_items (
        id          INTEGER PRIMARY KEY,
        case_id     INTEGER NOT NULL REFERENCES cases (id),
        ord         INTEGER NOT NULL,
        description TEXT NOT NULL
    );
    CREATE INDEX evidence_items_case ON evidence_items (case_id, ord);
    CREATE TABLE witnesses (
        id      INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases (id),
        ord     INTEGER NOT NULL,
        name    TEXT NOT NULL DEFAULT '',
        contact TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX witnesses_case ON witnesses (case_id, ord);
    CREATE TABLE history (
        id      INTEGER PRIMARY KEY,
        case_id INTEGER REFERENCES cases (id),
        at      TEXT NOT NULL,
        actor   TEXT NOT NULL,
        action  TEXT NOT NULL,
        detail  TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX history_case ON history (case_id, id);
    CREATE TRIGGER history_no_update BEFORE UPDATE ON history
        BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
    CREATE TRIGGER history_no_delete BEFORE DELETE ON history
        BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
    CREATE TABLE drafts (
        key        TEXT PRIMARY KEY,
        body       TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    -- Full-text index of the searchable text. CJK characters are indexed one
    -- token each, so a phrase query finds any Chinese substring.
    CREATE VIRTUAL TABLE case_search USING fts5 (body, tokenize = 'unicode61 remove_diacritics 0');
    "#,
    // 2: handling records (append-only), links between cases, calendar years.
    r#"
    CREATE TABLE case_records (
        id      INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases (id),
        kind    TEXT NOT NULL,
        data    TEXT NOT NULL,
        at      TEXT NOT NULL,
        actor   TEXT NOT NULL
    );
    CREATE INDEX case_records_case ON case_records (case_id, kind, id);
    CREATE TRIGGER case_records_no_update BEFORE UPDATE ON case_records
        BEGIN SELECT RAISE(ABORT, 'case records are append-only'); END;
    CREATE TRIGGER case_records_no_delete BEFORE DELETE ON case_records
        BEGIN SELECT RAISE(ABORT, 'case records are append-only'); END;
    CREATE TABLE case_links (
        case_id  INTEGER NOT NULL REFERENCES cases (id),
        other_id INTEGER NOT NULL REFERENCES cases (id),
        kind     TEXT NOT NULL CHECK (kind IN ('related', 'repeat')),
        PRIMARY KEY (case_id, other_id)
    ) WITHOUT ROWID;
    CREATE TABLE calendar_years (
        year INTEGER PRIMARY KEY,
        data TEXT NOT NULL
    );
    "#,
    // 3: the office's document templates and every document issued.
    r#"
    CREATE TABLE templates (
        doc_type   TEXT PRIMARY KEY,
        body       TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE issued_documents (
        id       INTEGER PRIMARY KEY,
        case_id  INTEGER NOT NULL REFERENCES cases (id),
        doc_type TEXT NOT NULL,
        sha256   TEXT NOT NULL,
        pdf      BLOB NOT NULL,
        at       TEXT NOT NULL,
        actor    TEXT NOT NULL
    );
    CREATE INDEX issued_documents_case ON issued_documents (case_id, id);
    CREATE TRIGGER issued_documents_no_update BEFORE UPDATE ON issued_documents
        BEGIN SELECT RAISE(ABORT, 'issued documents are kept as issued'); END;
    CREATE TRIGGER issued_documents_no_delete BEFORE DELETE ON issued_documents
        BEGIN SELECT RAISE(ABORT, 'issued documents are kept as issued'); END;
    "#,
    // 4: accountability flags on handlers.
    r#"
    CREATE TABLE accountability_flags (
        id            INTEGER PRIMARY KEY,
        case_id       INTEGER NOT NULL REFERENCES cases (id),
        deadline_code TEXT NOT NULL DEFAULT '',
        handler       TEXT NOT NULL,
        rule          TEXT NOT NULL,
        note          TEXT NOT NULL DEFAULT '',
        raised_at     TEXT NOT NULL,
        raised_by     TEXT NOT NULL,
        state         TEXT NOT NULL DEFAULT 'raised' CHECK (state IN ('raised', 'confirmed', 'dismissed')),
        decided_by    TEXT,
        decided_at    TEXT,
        reason        TEXT
    );
    CREATE UNIQUE INDEX accountability_flags_deadline
        ON accountability_flags (case_id, deadline_code, rule) WHERE deadline_code <> '';
    CREATE INDEX accountability_flags_handler ON accountability_flags (handler, state);
    "#,
    // 5: the history becomes a hash chain (hashes are filled in by `chain_history`).
    r#"
    DROP TRIGGER history_no_update;
    ALTER TABLE history ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
    ALTER TABLE history ADD COLUMN hash TEXT NOT NULL DEFAULT '';
    "#,
    // 6: users and roles; who takes part in each case (they may see the
    // complainant's identity); identity split out of the search index;
    // anonymisation after the retention period (records and issued
    // documents may be redacted once, never otherwise changed); cases
    // imported from an old register keep their old number.
    r#"
    ALTER TABLE cases ADD COLUMN legacy_number TEXT NOT NULL DEFAULT '';
    CREATE INDEX cases_legacy_number ON cases (legacy_number);
    CREATE TABLE users (
        id            INTEGER PRIMARY KEY,
        username      TEXT NOT NULL UNIQUE COLLATE NOCASE,
        display_name  TEXT NOT NULL UNIQUE,
        roles         TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        active        INTEGER NOT NULL DEFAULT 1,
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL
    );
    CREATE TABLE sign_in_failures (
        name     TEXT PRIMARY KEY,
        failures INTEGER NOT NULL,
        last_at  TEXT NOT NULL
    );
    CREATE TABLE case_people (
        case_id INTEGER NOT NULL REFERENCES cases (id),
        name    TEXT NOT NULL,
        part    TEXT NOT NULL,
        PRIMARY KEY (name, case_id, part)
    ) WITHOUT ROWID;
    CREATE INDEX case_people_case ON case_people (case_id);
    INSERT OR IGNORE INTO case_people
        SELECT id, receiving_clerk, 'clerk' FROM cases WHERE receiving_clerk <> '';
    INSERT OR IGNORE INTO case_people
        SELECT case_id, actor, 'registered' FROM history
        WHERE action = 'case_registered' AND case_id IS NOT NULL;
    INSERT OR IGNORE INTO case_people
        SELECT case_id, json_extract(data, '$.reviewer'), 'reviewer' FROM case_records
        WHERE kind = 'review' AND json_extract(data, '$.reviewer') IS NOT NULL;
    INSERT OR IGNORE INTO case_people
        SELECT r.case_id, j.value, 'inspector' FROM case_records r, json_each(r.data, '$.inspectors') j
        WHERE r.kind = 'review';
    INSERT OR IGNORE INTO case_people
        SELECT case_id, json_extract(data, '$.approver'), 'leader' FROM case_records
        WHERE kind = 'approval' AND json_extract(data, '$.approver') IS NOT NULL;
    CREATE VIRTUAL TABLE case_identity_search USING fts5 (body, tokenize = 'unicode61 remove_diacritics 0');
    ALTER TABLE cases ADD COLUMN anonymised_at TEXT;
    ALTER TABLE case_records ADD COLUMN redacted_at TEXT;
    DROP TRIGGER case_records_no_update;
    CREATE TRIGGER case_records_no_update BEFORE UPDATE ON case_records
        WHEN NOT (OLD.redacted_at IS NULL AND NEW.redacted_at IS NOT NULL
                  AND NEW.id = OLD.id AND NEW.case_id = OLD.case_id AND NEW.kind = OLD.kind
                  AND NEW.at = OLD.at AND NEW.actor = OLD.actor)
        BEGIN SELECT RAISE(ABORT, 'case records are append-only'); END;
    ALTER TABLE issued_documents ADD COLUMN redacted_at TEXT;
    DROP TRIGGER issued_documents_no_update;
    CREATE TRIGGER issued_documents_no_update BEFORE UPDATE ON issued_documents
        WHEN NOT (OLD.redacted_at IS NULL AND NEW.redacted_at IS NOT NULL AND NEW.pdf = X''
                  AND NEW.id = OLD.id AND NEW.case_id = OLD.case_id AND NEW.doc_type = OLD.doc_type
                  AND NEW.sha256 = OLD.sha256 AND NEW.at = OLD.at AND NEW.actor = OLD.actor)
        BEGIN SELECT RAISE(ABORT, 'issued documents are kept as issued'); END;
    DROP TRIGGER history_no_update;
    ALTER TABLE history ADD COLUMN hv INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE history ADD COLUMN detail_sha TEXT NOT NULL DEFAULT '';
    ALTER TABLE history ADD COLUMN redacted_at TEXT;
    -- Attachments of an encrypted register live inside it (encrypted too).
    CREATE TABLE attachment_blobs (
        stored_as TEXT PRIMARY KEY,
        bytes     BLOB NOT NULL
    );
    "#,
    // 7: participants are user accounts; recusals by account; the seat and
    // account of every history row (chain v3); per-user drafts; a version
    // per case (stale writes are refused); the fields offices ask for;
    // materialised deadlines; settings of derived data; idempotent writes.
    r#"
    CREATE TABLE case_participants (
        case_id INTEGER NOT NULL REFERENCES cases (id),
        user_id INTEGER NOT NULL REFERENCES users (id),
        part    TEXT NOT NULL,
        PRIMARY KEY (case_id, user_id, part)
    ) WITHOUT ROWID;
    CREATE INDEX case_participants_user ON case_participants (user_id, case_id);
    INSERT OR IGNORE INTO case_participants (case_id, user_id, part)
        SELECT p.case_id, u.id, p.part FROM case_people p JOIN users u ON u.display_name = p.name;
    CREATE TABLE participant_name_map (
        name    TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users (id)
    );
    INSERT OR IGNORE INTO participant_name_map (name, user_id)
        SELECT DISTINCT p.name, u.id FROM case_people p JOIN users u ON u.display_name = p.name;
    CREATE TABLE case_recusals (
        case_id INTEGER NOT NULL REFERENCES cases (id),
        user_id INTEGER NOT NULL REFERENCES users (id),
        PRIMARY KEY (case_id, user_id)
    ) WITHOUT ROWID;
    INSERT OR IGNORE INTO case_recusals (case_id, user_id)
        SELECT r.case_id, u.id FROM case_records r
        JOIN users u ON u.display_name = json_extract(r.data, '$.handler')
        WHERE r.kind = 'recusal';
    ALTER TABLE cases ADD COLUMN receiving_clerk_id INTEGER REFERENCES users (id);
    UPDATE cases SET receiving_clerk_id =
        (SELECT u.id FROM users u WHERE u.display_name = cases.receiving_clerk);
    ALTER TABLE cases ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE cases ADD COLUMN reply_method TEXT NOT NULL DEFAULT '';
    ALTER TABLE cases ADD COLUMN next_due_at TEXT;
    ALTER TABLE cases ADD COLUMN clock_stopped INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX cases_next_due ON cases (next_due_at) WHERE next_due_at IS NOT NULL;
    CREATE INDEX cases_number_tail ON cases (substr(number, -6));
    ALTER TABLE complainants ADD COLUMN gender TEXT NOT NULL DEFAULT '';
    ALTER TABLE complainants ADD COLUMN id_number TEXT NOT NULL DEFAULT '';
    CREATE INDEX complainants_phone ON complainants (phone) WHERE phone <> '';
    CREATE INDEX complainants_name ON complainants (name);
    CREATE TABLE case_deadlines (
        case_id  INTEGER NOT NULL REFERENCES cases (id),
        code     TEXT NOT NULL,
        from_at  TEXT NOT NULL,
        due_at   TEXT NOT NULL,
        met_at   TEXT,
        verified INTEGER NOT NULL,
        unknown_years TEXT NOT NULL DEFAULT '',
        extended INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (case_id, code)
    ) WITHOUT ROWID;
    CREATE INDEX case_deadlines_open ON case_deadlines (due_at) WHERE met_at IS NULL;
    CREATE TABLE user_drafts (
        user_id    INTEGER NOT NULL,
        key        TEXT NOT NULL,
        body       TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (user_id, key)
    ) WITHOUT ROWID;
    INSERT INTO user_drafts (user_id, key, body, updated_at)
        SELECT 0, key, body, updated_at FROM drafts;
    DROP TABLE drafts;
    CREATE TABLE write_keys (
        key     TEXT PRIMARY KEY,
        op      TEXT NOT NULL,
        user_id INTEGER NOT NULL,
        at      TEXT NOT NULL,
        result  TEXT NOT NULL
    );
    DROP TRIGGER history_no_update;
    ALTER TABLE history ADD COLUMN actor_id INTEGER;
    ALTER TABLE history ADD COLUMN seat TEXT NOT NULL DEFAULT '';
    "#,
    // 8: how many cases there are of each kind and status, kept by
    // triggers, so the register's total is read from a few rows instead of
    // counted through an index after every write.
    r#"
    CREATE TABLE case_counts (
        kind   TEXT NOT NULL,
        status TEXT NOT NULL,
        n      INTEGER NOT NULL,
        PRIMARY KEY (kind, status)
    ) WITHOUT ROWID;
    INSERT INTO case_counts (kind, status, n)
        SELECT kind, status, COUNT(*) FROM cases GROUP BY kind, status;
    CREATE TRIGGER case_counts_insert AFTER INSERT ON cases BEGIN
        INSERT INTO case_counts (kind, status, n) VALUES (NEW.kind, NEW.status, 1)
            ON CONFLICT (kind, status) DO UPDATE SET n = n + 1;
    END;
    CREATE TRIGGER case_counts_delete AFTER DELETE ON cases BEGIN
        UPDATE case_counts SET n = n - 1 WHERE kind = OLD.kind AND status = OLD.status;
    END;
    CREATE TRIGGER case_counts_update AFTER UPDATE OF kind, status ON cases
        WHEN OLD.kind IS NOT NEW.kind OR OLD.status IS NOT NEW.status BEGIN
        UPDATE case_counts SET n = n - 1 WHERE kind = OLD.kind AND status = OLD.status;
        INSERT INTO case_counts (kind, status, n) VALUES (NEW.kind, NEW.status, 1)
            ON CONFLICT (kind, status) DO UPDATE SET n = n + 1;
    END;
    "#,
    // 9: the repeat check at intake finds earlier cases by a phone however
    // it was typed (spaces, hyphens, +86: domain::repeats::PHONE_KEY_SQL)
    // and by the accused's name.
    r#"
    CREATE INDEX complainants_phone_key
        ON complainants (replace(replace(replace(phone, '+86', ''), ' ', ''), '-', ''))
        WHERE phone <> '';
    CREATE INDEX accused_name ON accused (name) WHERE name <> '';
    "#,
    // 10: reference numbers (发文字号) given by the register, one series
    // per 代字 and year, never reused; each issued document keeps its own.
    r#"
    CREATE TABLE doc_numbers (
        prefix TEXT NOT NULL,
        year   INTEGER NOT NULL,
        last   INTEGER NOT NULL,
        PRIMARY KEY (prefix, year)
    ) WITHOUT ROWID;
    ALTER TABLE issued_documents ADD COLUMN doc_number TEXT NOT NULL DEFAULT '';
    "#,
];

/// The schema version this binary writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Runs the pending migrations of `conn` (at version `from`) in one
/// transaction.
pub(crate) fn migrate(conn: &mut Connection, from: i64) -> Result<()> {
    if conn.is_readonly(rusqlite::MAIN_DB)? {
        return Err(DeskError::DbReadOnly(
            "the schema needs upgrading but the file cannot be written".into(),
        ));
    }
    let tx = conn.transaction()?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(from as usize) {
        tx.execute_batch(sql)?;
        after_migration(&tx, i + 1)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
    }
    tx.commit()?;
    Ok(())
}

/// The Rust steps of migrations, by version (frozen copies).
fn after_migration(tx: &Connection, version: usize) -> Result<()> {
    match version {
        5 => {
            frozen::chain_v1(tx)?;
            tx.execute_batch(
                "CREATE TRIGGER history_no_update BEFORE UPDATE ON history
                     BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;",
            )?;
        }
        6 => {
            // The search rows are derived data: rebuilt by store::derived.
            frozen::rechain_v2(tx)?;
            tx.execute_batch(
                "CREATE TRIGGER history_no_update BEFORE UPDATE ON history
                     WHEN NOT (OLD.hv = 2 AND OLD.redacted_at IS NULL AND NEW.redacted_at IS NOT NULL
                               AND NEW.id = OLD.id AND NEW.hv = OLD.hv AND NEW.hash = OLD.hash
                               AND NEW.prev_hash = OLD.prev_hash AND NEW.detail_sha = OLD.detail_sha
                               AND NEW.at = OLD.at AND NEW.actor = OLD.actor AND NEW.action = OLD.action
                               AND NEW.case_id IS OLD.case_id)
                     BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;",
            )?;
        }
        7 => {
            // Redaction (anonymisation) is the one change a history row may
            // take: once, only its detail, only on a case anonymised in the
            // same transaction, and never on any other column.
            tx.execute_batch(
                "CREATE TRIGGER history_no_update BEFORE UPDATE ON history
                     WHEN NOT (OLD.hv >= 2 AND OLD.redacted_at IS NULL AND NEW.redacted_at IS NOT NULL
                               AND NEW.id = OLD.id AND NEW.hv = OLD.hv AND NEW.hash = OLD.hash
                               AND NEW.prev_hash = OLD.prev_hash AND NEW.detail_sha = OLD.detail_sha
                               AND NEW.at = OLD.at AND NEW.actor = OLD.actor AND NEW.action = OLD.action
                               AND NEW.case_id IS OLD.case_id AND NEW.actor_id IS OLD.actor_id
                               AND NEW.seat = OLD.seat
                               AND (SELECT anonymised_at FROM cases WHERE id = OLD.case_id) IS NOT NULL)
                     BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;",
            )?;
            // Derived data is rebuilt after this migration.
            tx.execute("DELETE FROM settings WHERE key = 'derived_version'", [])?;
        }
        _ => {}
    }
    Ok(())
}

/// Frozen copies of the chain code the shipped migrations 5 and 6 ran.
mod frozen {
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        sha2::Sha256::digest(bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    fn row_hash(
        prev: &str,
        id: i64,
        case_id: Option<i64>,
        at: &str,
        actor: &str,
        action: &str,
        detail: &str,
    ) -> String {
        let case = case_id.map(|c| c.to_string()).unwrap_or_default();
        let text = [prev, &id.to_string(), &case, at, actor, action, detail].join("\u{1f}");
        hex(text.as_bytes())
    }

    type Row = (i64, Option<i64>, String, String, String, String);

    fn rows(tx: &Connection) -> Result<Vec<Row>> {
        let mut st =
            tx.prepare("SELECT id, case_id, at, actor, action, detail FROM history ORDER BY id")?;
        let rows = st
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Migration 5: chains the rows written before the chain existed.
    pub(super) fn chain_v1(tx: &Connection) -> Result<()> {
        let mut prev = String::new();
        for (id, case_id, at, actor, action, detail) in rows(tx)? {
            let hash = row_hash(&prev, id, case_id, &at, &actor, &action, &detail);
            tx.execute(
                "UPDATE history SET prev_hash = ?2, hash = ?3 WHERE id = ?1",
                params![id, prev, hash],
            )?;
            prev = hash;
        }
        Ok(())
    }

    /// Whether the v1 chain holds (a broken chain is left as it is, so the
    /// break stays visible).
    fn v1_intact(tx: &Connection) -> Result<bool> {
        let mut st = tx.prepare(
            "SELECT id, case_id, at, actor, action, detail, prev_hash, hash FROM history ORDER BY id",
        )?;
        let mut q = st.query([])?;
        let mut prev = String::new();
        while let Some(r) = q.next()? {
            let (prev_hash, hash): (String, String) = (r.get(6)?, r.get(7)?);
            let expected = row_hash(
                &prev_hash,
                r.get(0)?,
                r.get(1)?,
                &r.get::<_, String>(2)?,
                &r.get::<_, String>(3)?,
                &r.get::<_, String>(4)?,
                &r.get::<_, String>(5)?,
            );
            if prev_hash != prev || expected != hash {
                return Ok(false);
            }
            prev = hash;
        }
        Ok(true)
    }

    /// Migration 6: an intact chain moves to hashing each detail by its digest.
    pub(super) fn rechain_v2(tx: &Connection) -> Result<()> {
        if !v1_intact(tx)? {
            return Ok(());
        }
        let mut prev = String::new();
        for (id, case_id, at, actor, action, detail) in rows(tx)? {
            let sha = hex(detail.as_bytes());
            let hash = row_hash(
                &prev,
                id,
                case_id,
                &at,
                &actor,
                &action,
                &format!("sha256:{sha}"),
            );
            tx.execute(
                "UPDATE history SET prev_hash = ?2, hash = ?3, hv = 2, detail_sha = ?4 WHERE id = ?1",
                params![id, prev, hash, sha],
            )?;
            prev = hash;
        }
        Ok(())
    }
}
