//! Opening the register's SQLite file and migrating its schema.
//!
//! Migrations are ordered; all pending ones run in one transaction and the
//! schema version lives in `PRAGMA user_version`. A database newer than this
//! binary is refused untouched.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

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
];

/// The migration that split the complainant's identity out of the search index.
const IDENTITY_INDEX_VERSION: usize = 6;

/// Rust steps that run right after the SQL of a migration (by version).
fn after_migration(tx: &rusqlite::Transaction, version: usize) -> Result<()> {
    if version == 5 {
        crate::audit::chain_existing(tx)?;
        tx.execute_batch(
            "CREATE TRIGGER history_no_update BEFORE UPDATE ON history
                 BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;",
        )?;
    }
    if version == IDENTITY_INDEX_VERSION {
        crate::register::reindex_all(tx)?;
        // The chain moves to hashing each row's detail by its digest, so an
        // anonymisation can redact a detail and the chain still verifies.
        crate::audit::rechain_v2(tx)?;
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
    Ok(())
}

/// The schema version this binary writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Opens (creating if needed) the register at `path` and migrates it.
pub fn open(path: &Path) -> Result<Connection> {
    open_keyed(path, None)
}

/// Opens the register at `path` with the passphrase of an encrypted
/// register (SQLCipher), or without one.
pub fn open_keyed(path: &Path, key: Option<&str>) -> Result<Connection> {
    if let Some(dir) = path.parent() {
        if !dir.as_os_str().is_empty() && !dir.exists() {
            std::fs::create_dir_all(dir).map_err(|e| DeskError::DbOpen {
                path: path.display().to_string(),
                reason: e.to_string(),
            })?;
        }
    }
    // A file whose permissions say read-only is opened read-only, whoever we
    // run as, so that the user is told instead of the file being changed.
    let read_only = std::fs::metadata(path)
        .map(|m| m.permissions().readonly())
        .unwrap_or(false);
    let flags = if read_only {
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
    } else {
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
    };
    let conn = Connection::open_with_flags(path, flags).map_err(|e| match DeskError::from(e) {
        DeskError::Db(reason) => DeskError::DbOpen {
            path: path.display().to_string(),
            reason,
        },
        other => other,
    })?;
    if let Some(key) = key {
        // SQLCipher would log a wrong key to stderr; the error says it.
        let _ = conn.pragma_update(None, "cipher_log_level", "NONE");
        conn.pragma_update(None, "key", key)?;
    }
    prepare(conn, !read_only).map_err(|e| match e {
        // An encrypted file reads like a damaged one: the marker beside it,
        // or the passphrase given, tells the two apart.
        DeskError::DbCorrupt(_) if key.is_some() => DeskError::DbKeyWrong {
            path: path.display().to_string(),
        },
        DeskError::DbCorrupt(_) if crate::encryption::is_marked(path) => DeskError::DbNeedsKey {
            path: path.display().to_string(),
        },
        DeskError::DbTooNew { .. } | DeskError::DbCorrupt(_) => e,
        other if read_only => DeskError::DbReadOnly(format!("{}: {other}", path.display())),
        other => other,
    })
}

/// A fresh in-memory register (tests, benchmarks).
pub fn open_in_memory() -> Result<Connection> {
    prepare(Connection::open_in_memory()?, false)
}

fn prepare(conn: Connection, writable_file: bool) -> Result<Connection> {
    conn.busy_timeout(std::time::Duration::from_secs(3))?;
    // Reading the header first tells a non-database apart from a locked one.
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > SCHEMA_VERSION {
        return Err(DeskError::DbTooNew {
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    if writable_file {
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") && !conn.is_readonly(rusqlite::MAIN_DB)? {
            return Err(DeskError::Db(format!("journal mode is {mode}, not WAL")));
        }
    }
    // FULL: a committed case survives a power cut, not only a crash.
    conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;")?;
    migrate(conn, version)
}

fn migrate(mut conn: Connection, from: i64) -> Result<Connection> {
    if from == SCHEMA_VERSION {
        let ok: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
        if ok != "ok" {
            return Err(DeskError::DbCorrupt(ok));
        }
        return Ok(conn);
    }
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
    Ok(conn)
}
