//! The SQLite side of a case: opening `case.sqlite` with the settings every
//! connection needs, the schema version in `PRAGMA user_version`, and the
//! append-only list of migrations, applied in one transaction.
//!
//! A database written by a newer program is refused, and one SQLite reports as
//! damaged is reported as such: nothing here ever deletes or rebuilds a case
//! database, because evidence is not a cache.

use crate::case::audit::{self, Action};
use crate::case::crypto::DataKey;
use crate::case::error::CaseError;
use jiff::Timestamp;
use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior};
use std::path::Path;
use std::time::Duration;
use zeroize::Zeroizing;

/// `PRAGMA application_id` of a case database: "DOSS" in ASCII.
pub const APPLICATION_ID: i32 = 0x444F_5353;

/// Every schema change, oldest first. Append only; never edit a released one.
const MIGRATIONS: &[&str] = &[
    include_str!("0001_init.sql"),
    include_str!("0002_import.sql"),
    include_str!("0003_annotation.sql"),
    include_str!("0004_row_seal.sql"),
    include_str!("0005_import_gap.sql"),
    include_str!("0006_message_media.sql"),
    include_str!("0007_case_facts.sql"),
    include_str!("0008_cease_request.sql"),
];

/// The CHECK lists schemas 6 and 7 widen, as `(schema, table, old text,
/// new text)`.
/// Existing rows satisfy the wider list, so only the schema's text
/// changes: SQLite's documented way ("Making Other Kinds Of Table Schema
/// Changes", section 7 of its ALTER TABLE page) for a change that leaves
/// the stored format as it is.
const WIDENED: &[(i32, &str, &str, &str)] = &[
    (
        6,
        "item",
        "'import_time', 'stated')",
        "'import_time', 'stated', 'message')",
    ),
    (
        6,
        "import_gap",
        "kind IN ('truncated', 'part')",
        "kind IN ('truncated', 'part', 'missing')",
    ),
    (
        7,
        "party",
        "'employer', 'other')",
        "'employer', 'other', 'spouse')",
    ),
];

/// The first schema whose rows are sealed by their audit entries.
const ROW_SEALS: i32 = 4;

/// The schema version this program writes.
pub const SCHEMA_VERSION: i32 = MIGRATIONS.len() as i32;

/// How long a writer waits for another process's transaction to finish.
const BUSY_TIMEOUT: Duration = Duration::from_secs(120);

/// Whether [`open`] may create the database file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Create {
    New,
    Existing,
}

/// Opens `case.sqlite`, checks it is a case of a schema this program knows,
/// and brings an older schema up to date.
///
/// With a key, the database is SQLCipher's: keyed before anything is read,
/// with temporary tables kept in memory.
///
/// Upgrading a case made before rows were sealed appends an audit entry
/// at `now` that seals every row as it is then.
pub fn open(
    path: &Path,
    create: Create,
    key: Option<&DataKey>,
    now: Timestamp,
) -> Result<Connection, CaseError> {
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if create == Create::New {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    }
    let damaged = |e: rusqlite::Error| classify(path, e);
    let mut conn = Connection::open_with_flags(path, flags).map_err(damaged)?;
    if let Some(key) = key {
        let mut statement = Zeroizing::new(String::with_capacity(80));
        statement.push_str("PRAGMA key = \"");
        statement.push_str(&key.database_key_literal());
        statement.push_str("\";");
        conn.execute_batch(&statement).map_err(damaged)?;
        conn.pragma_update(None, "temp_store", "MEMORY")
            .map_err(damaged)?;
    }
    conn.busy_timeout(BUSY_TIMEOUT).map_err(damaged)?;

    let app_id: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(damaged)?;
    let version: i32 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(damaged)?;
    match create {
        Create::New => {
            if app_id != 0 || version != 0 {
                return Err(CaseError::AlreadyExists {
                    path: path.to_path_buf(),
                });
            }
            conn.pragma_update(None, "application_id", APPLICATION_ID)
                .map_err(damaged)?;
        }
        Create::Existing => {
            if app_id != APPLICATION_ID {
                return Err(CaseError::NotACase {
                    path: path.parent().unwrap_or(path).to_path_buf(),
                    reason: crate::case::error::NotACase::ForeignDatabase(path.to_path_buf()),
                });
            }
            if version > SCHEMA_VERSION {
                return Err(CaseError::NewerSchema {
                    path: path.to_path_buf(),
                    found: version,
                    supported: SCHEMA_VERSION,
                });
            }
        }
    }

    let mode: String = conn
        .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))
        .map_err(damaged)?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(CaseError::Damaged {
            path: path.to_path_buf(),
            detail: format!("the database refused write-ahead logging (journal mode {mode})"),
        });
    }
    conn.pragma_update(None, "synchronous", "FULL")
        .map_err(damaged)?;
    conn.pragma_update(None, "foreign_keys", true)
        .map_err(damaged)?;
    // Up to 64 MiB of page cache (the default is 2 MiB). An import of
    // 100,000 events otherwise spills pages to the WAL and writes them
    // again, four times over; memory is only used as pages are touched.
    conn.pragma_update(None, "cache_size", -65_536)
        .map_err(damaged)?;
    migrate(&mut conn, now).map_err(damaged)?;
    Ok(conn)
}

/// Applies every migration newer than the database's `user_version`, all in
/// one immediate transaction, so a failure leaves the old schema intact.
fn migrate(conn: &mut Connection, now: Timestamp) -> rusqlite::Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let current: i32 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if current >= SCHEMA_VERSION {
        return Ok(());
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        tx.execute_batch(sql)?;
        widen_checks(&tx, i as i32 + 1)?;
    }
    if (1..ROW_SEALS).contains(&current) {
        // A case made before rows were sealed: seal them as they are now,
        // and say plainly that nothing before this entry is vouched for.
        audit::append(
            &tx,
            now,
            &format!("dossier {}", crate::VERSION),
            Action::CaseUpgraded,
            &serde_json::json!({
                "from_schema": current,
                "to_schema": SCHEMA_VERSION,
                "program": format!("dossier {}", crate::VERSION),
                "vouches_for": "the rows as they were at this upgrade; changes made to the \
                                database before it cannot be proven or ruled out",
            }),
        )?;
    }
    tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    tx.commit()
}

/// What the migrations create: every table, index, trigger and view, as
/// `(type, name, sql)` rows of `sqlite_master`, sorted. `verify` compares a
/// case's schema with this, so a planted trigger or a dropped protection
/// shows.
pub fn expected_schema() -> rusqlite::Result<Vec<(String, String, Option<String>)>> {
    let conn = Connection::open_in_memory()?;
    for (i, sql) in MIGRATIONS.iter().enumerate() {
        conn.execute_batch(sql)?;
        widen_checks(&conn, i as i32 + 1)?;
    }
    schema(&conn)
}

/// Applies the [`WIDENED`] CHECK lists of schema `version`: the table's
/// text in `sqlite_master` is rewritten and the schema cookie bumped, so
/// every connection reads the new text. A table whose text lacks the old
/// list is not a schema this program wrote, and the upgrade fails whole.
fn widen_checks(conn: &Connection, version: i32) -> rusqlite::Result<()> {
    let lists: Vec<_> = WIDENED.iter().filter(|w| w.0 == version).collect();
    if lists.is_empty() {
        return Ok(());
    }
    let cookie: i64 = conn.pragma_query_value(None, "schema_version", |r| r.get(0))?;
    conn.pragma_update(None, "writable_schema", true)?;
    let mut result = Ok(());
    for (_, table, old, new) in lists {
        let changed = conn.execute(
            "UPDATE sqlite_master SET sql = replace(sql, ?2, ?3)
             WHERE type = 'table' AND name = ?1 AND instr(sql, ?2) > 0",
            [table, old, new],
        );
        match changed {
            Ok(1) => {}
            Ok(_) => {
                result = Err(rusqlite::Error::SqliteFailure(
                    rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CORRUPT),
                    Some(format!("table {table} does not have the CHECK list {old}")),
                ));
                break;
            }
            Err(e) => {
                result = Err(e);
                break;
            }
        }
    }
    if result.is_ok() {
        result = conn.pragma_update(None, "schema_version", cookie + 1);
    }
    conn.pragma_update(None, "writable_schema", false)?;
    result
}

/// A database's schema as `(type, name, sql)`, sorted; SQLite's statistics
/// tables (made by `ANALYZE`, harmless) are left out.
pub fn schema(conn: &Connection) -> rusqlite::Result<Vec<(String, String, Option<String>)>> {
    let mut stmt = conn.prepare(
        "SELECT type, name, sql FROM main.sqlite_master
         WHERE name NOT LIKE 'sqlite_stat%' ORDER BY type, name",
    )?;
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect()
}

/// Maps an SQLite error met while opening to the error a user should see:
/// corruption and "not a database" become [`CaseError::Damaged`].
pub fn classify(path: &Path, e: rusqlite::Error) -> CaseError {
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => CaseError::Damaged {
            path: path.to_path_buf(),
            detail: e.to_string(),
        },
        _ => CaseError::Sqlite {
            context: "opening the case database",
            source: e,
        },
    }
}
