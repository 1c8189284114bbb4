//! iOS backups (unencrypted iTunes/Finder): `CallHistory.storedata` and
//! `sms.db`, both SQLite.
//!
//! `ZCALLRECORD`: `ZADDRESS`, `ZDATE` (seconds since 2001-01-01 UTC, with a
//! fraction), `ZDURATION` (seconds), `ZORIGINATED` (1: the owner called),
//! `ZANSWERED`. Recent calls are often only in the `-wal` beside the file,
//! so a `-wal` found there is stored as an exhibit too and read with it.
//! `sms.db`: `message` joined to `handle`; `date` is seconds since 2001 on
//! old iOS and nanoseconds on recent iOS; `is_from_me` 1 for sent.
//!
//! The source is never opened: SQLite reads a copy of the stored bytes.
//! In a plain case the copy is a scratch folder in `tmp/` (SQLite may write
//! a `-shm` or checkpoint the `-wal` there), removed afterwards, and by the
//! next process to have the case to itself if this one is killed. In an
//! encrypted case no plaintext may reach a file at all, so the database is
//! read into SQLite's memory (`sqlite3_deserialize`) with its `-wal` applied
//! by [`wal`]: nothing is left behind, whatever kills the process.
//!
//! The file is someone else's: before any row is read its schema is checked
//! against what the phone writes ([`check_schema`]), because a schema can
//! make reading a 12 KB file unbounded (a generated column expanding to
//! gigabytes, a column named `ROWID` that multiplies a join). Each value is
//! bounded too ([`TEXT_MAX`], [`ADDRESS_MAX`]), and `handle` is read once
//! into a map rather than joined, so the time spent is linear in the rows.

use super::{
    Attachment, Direction, FaceTime, Gap, ImportError, Limit, Parsed, Reason, Record,
    SchemaProblem, Source,
};
use crate::model::phone::{self, Address};
use jiff::Timestamp;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

mod backup;
mod schema;
mod wal;

use schema::{Database, check_schema};

pub use backup::{Backup, Sources, backup, sources};
use backup::{Manifest, attachment_file, backup_root};

/// Seconds from the Unix epoch to 2001-01-01T00:00:00Z (Apple's epoch).
const APPLE_EPOCH: i64 = 978_307_200;

/// Backup file IDs (SHA-1 of domain and path) of the two databases.
pub const CALL_HISTORY_ID: &str = "5a4935c78a5255723f707230a451d79c540d2741";
pub const SMS_DB_ID: &str = "3d0d7e5fb2ce288813306e4d4636395e047a3d28";

/// The longest message text read: 1 MiB. An SMS is at most a few KB and an
/// iMessage's text rarely passes 20 KB (long pastes included); 1 MiB leaves
/// fifty times that, and keeps a file of hostile rows from filling memory.
pub const TEXT_MAX: usize = 1 << 20;

/// The longest other side read (`handle.id`, `ZADDRESS`): a phone number or
/// an e-mail address, 1 KiB at most.
pub const ADDRESS_MAX: usize = 1 << 10;

/// An Apple timestamp — seconds since 2001, or nanoseconds on recent iOS.
pub(crate) fn apple_time(value: f64) -> Option<Timestamp> {
    let seconds = if value.abs() > 1e11 {
        value / 1e9
    } else {
        value
    };
    let millis = ((seconds + APPLE_EPOCH as f64) * 1000.0).round();
    if !millis.is_finite() {
        return None;
    }
    Timestamp::from_millisecond(millis as i64).ok()
}

/// A new folder for the scratch copy in the case's `tmp/` (plain cases
/// only), named after this process: [`crate::case::blob::recover`] removes the
/// folders of processes that are gone.
fn scratch_dir(src: &Source<'_>) -> PathBuf {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let name = format!(
        "{}-{}.scratch",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    src.vault
        .root()
        .join(crate::case::layout::TMP_DIR)
        .join(name)
}

/// The stored database (and its `-wal`), opened.
struct Scratch {
    /// The scratch folder of a plain case; `None` when read into memory.
    dir: Option<PathBuf>,
    conn: Option<Connection>,
}

impl Drop for Scratch {
    fn drop(&mut self) {
        drop(self.conn.take());
        if let Some(dir) = &self.dir {
            let _ = fs::remove_dir_all(dir);
        }
    }
}

/// Copies the stored database (and its `-wal`) to a scratch folder in
/// `tmp/` and opens it.
fn open_on_disk(
    src: &mut Source<'_>,
    wal: Option<&Path>,
    scratch: &mut Scratch,
) -> Result<Connection, String> {
    let dir = scratch_dir(src);
    let mut builder = fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(&dir).map_err(|e| e.to_string())?;
    scratch.dir = Some(dir.clone());
    let db = dir.join("db");
    src.open_copy()
        .and_then(|mut from| {
            fs::File::create(&db).and_then(|mut to| std::io::copy(&mut from, &mut to))
        })
        .map_err(|e| e.to_string())?;
    if let Some(wal) = wal {
        let copied = match src.companion.take() {
            // Through the handle opened before parsing began: the file's
            // name in tmp/ may already be gone once the writer placed it.
            Some(mut from) => fs::File::create(dir.join("db-wal"))
                .and_then(|mut to| std::io::copy(&mut from, &mut to)),
            None => fs::copy(wal, dir.join("db-wal")),
        };
        copied.map_err(|e| e.to_string())?;
    }
    // The copies are ours: make them writable so SQLite can use the WAL.
    for file in [db.clone(), dir.join("db-wal")] {
        if let Ok(meta) = fs::metadata(&file) {
            let mut perms = meta.permissions();
            #[allow(clippy::permissions_set_readonly_false)]
            perms.set_readonly(false);
            let _ = fs::set_permissions(&file, perms);
        }
    }
    Connection::open_with_flags(
        &db,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| e.to_string())
}

/// Reads the stored database into SQLite's memory, its `-wal` applied:
/// no file holds the plaintext, so nothing can outlive the process.
fn open_in_memory(src: &mut Source<'_>, wal: Option<&Path>) -> Result<Connection, String> {
    let size = match src.copy_size {
        Some(size) => size,
        None => fs::metadata(src.copy).map_err(|e| e.to_string())?.len(),
    };
    let log = match (src.companion.take(), wal) {
        (Some(from), _) => Some(wal::Log::read(from)?),
        (None, Some(wal)) => Some(wal::Log::read(
            fs::File::open(wal).map_err(|e| e.to_string())?,
        )?),
        (None, None) => None,
    };
    let image = wal::Image::new(src.open_copy().map_err(|e| e.to_string())?, size, log)?;
    let total = usize::try_from(image.len())
        .map_err(|_| "the database is too large to read into memory".to_owned())?;
    let mut conn = Connection::open_in_memory().map_err(|e| e.to_string())?;
    conn.deserialize_read_exact("main", image, total, true)
        .map_err(|e| e.to_string())?;
    Ok(conn)
}

/// Opens the stored database; with `database`, checks its schema and then
/// its pages.
fn open(
    src: &mut Source<'_>,
    wal: Option<&Path>,
    database: Option<Database>,
) -> Result<Scratch, ImportError> {
    let path = src.path;
    let fail = |reason: Reason| ImportError::malformed(path, "the database", reason);
    let mut scratch = Scratch {
        dir: None,
        conn: None,
    };
    let conn = if src.vault.is_encrypted() {
        open_in_memory(src, wal)
    } else {
        open_on_disk(src, wal, &mut scratch)
    }
    .map_err(|e| fail(e.into()))?;
    // Nothing the importer runs writes, so no trigger of the file can run.
    conn.execute_batch("PRAGMA query_only = ON; PRAGMA ignore_check_constraints = ON;")
        .map_err(|e| fail(Reason::sqlite(&e)))?;
    if let Some(database) = database {
        check_schema(&conn, path, database)?;
        for table in database.tables() {
            // Only the tables read: damage elsewhere does not matter, and a
            // check of a table the schema check did not see could run its
            // expressions.
            if table.optional && !has_table(&conn, table.name) {
                continue;
            }
            let damaged = |e: rusqlite::Error| {
                fail(Reason::both(
                    format!("SQLite reports damage: {e} — copy it from the backup again"),
                    "SQLite 报告数据库已损坏——请从备份中重新复制这个文件",
                ))
            };
            // Table names come from the constants above, never the file.
            let check: Vec<String> = conn
                .prepare(&format!("PRAGMA main.quick_check({})", table.name))
                .and_then(|mut stmt| stmt.query_map([], |r| r.get(0))?.collect())
                .map_err(damaged)?;
            let check = check.join("\n");
            if check != "ok" {
                return Err(fail(Reason::both(
                    format!(
                        "SQLite reports damage: {} — copy it from the backup again",
                        damage_summary(&check)
                    ),
                    "SQLite 报告数据库已损坏——请从备份中重新复制这个文件",
                )));
            }
        }
    }
    scratch.conn = Some(conn);
    Ok(scratch)
}

/// A text value read without copying it whole first: refused when longer
/// than `max`.
fn bounded_text(
    value: ValueRef<'_>,
    max: usize,
    column: &'static str,
    path: &Path,
    position: &str,
) -> Result<Option<String>, ImportError> {
    let bytes = match value {
        ValueRef::Null => return Ok(None),
        ValueRef::Text(b) | ValueRef::Blob(b) => b,
        ValueRef::Integer(n) => return Ok(Some(n.to_string())),
        ValueRef::Real(x) => return Ok(Some(x.to_string())),
    };
    if bytes.len() > max {
        return Err(ImportError::TooLong {
            path: path.to_path_buf(),
            at: position.to_owned(),
            what: Limit::Text { column, bytes: max },
        });
    }
    Ok(Some(String::from_utf8_lossy(bytes).into_owned()))
}

/// Reads `CallHistory.storedata`.
pub(super) fn calls(src: &mut Source<'_>, wal: Option<&Path>) -> Result<Parsed, ImportError> {
    let region = src.region;
    let scratch = open(src, wal, Some(Database::Calls))?;
    let Some(conn) = scratch.conn.as_ref() else {
        return Ok(Parsed::default());
    };
    let path = src.path;
    let fail = |at: &str, reason: Reason| ImportError::malformed(path, at, reason);
    let table = |e: rusqlite::Error| fail("table ZCALLRECORD", Reason::sqlite(&e));
    let call_type = if has_column(conn, "ZCALLRECORD", "ZCALLTYPE").map_err(table)? {
        "ZCALLTYPE"
    } else {
        "NULL"
    };
    let mut stmt = conn
        .prepare(&format!(
            "SELECT Z_PK, ZADDRESS, ZDATE, ZDURATION, ZORIGINATED, ZANSWERED, {call_type} FROM ZCALLRECORD ORDER BY ZDATE, Z_PK",
        ))
        .map_err(|e| {
            fail(
                "table ZCALLRECORD",
                Reason::both(
                    format!("{e} — this is not an iOS call history"),
                    "无法读取：这不是 iPhone 的通话记录",
                ),
            )
        })?;
    let mut rows = stmt.query([]).map_err(table)?;
    while let Some(r) = rows.next().map_err(table)? {
        let pk: i64 = r.get(0).map_err(table)?;
        let position = format!("ZCALLRECORD Z_PK {pk}");
        let address = r.get_ref(1).map_err(table)?;
        let raw =
            bounded_text(address, ADDRESS_MAX, "ZADDRESS", path, &position)?.unwrap_or_default();
        let date: Option<f64> = r.get(2).map_err(table)?;
        let duration: Option<f64> = r.get(3).map_err(table)?;
        let originated: Option<i64> = r.get(4).map_err(table)?;
        let answered: Option<i64> = r.get(5).map_err(table)?;
        let call_type: Option<i64> = r.get(6).map_err(table)?;
        let at = date
            .and_then(apple_time)
            .ok_or_else(|| fail(&position, format!("ZDATE {date:?} is not a time").into()))?;
        let direction = match (originated.unwrap_or(0), answered.unwrap_or(0)) {
            (1, _) => Direction::Out,
            (_, 1) => Direction::In,
            _ => Direction::Missed,
        };
        src.emit(Record {
            position,
            channel: "call",
            direction: Some(direction),
            at,
            address: phone::normalize(&raw, region),
            address_raw: raw,
            contact_name: None,
            duration_ms: Some((duration.unwrap_or(0.0).max(0.0) * 1000.0).round() as u64),
            body: None,
            recipients: Vec::new(),
            source_id: None,
            facetime: match call_type {
                Some(FACETIME_VIDEO) => Some(FaceTime::Video),
                Some(FACETIME_AUDIO) => Some(FaceTime::Audio),
                _ => None,
            },
        })?;
    }
    Ok(Parsed::default())
}

/// `ZCALLTYPE` of a FaceTime video and a FaceTime audio call (1 is a call
/// over the phone network).
const FACETIME_VIDEO: i64 = 8;
const FACETIME_AUDIO: i64 = 16;

/// U+FFFC OBJECT REPLACEMENT CHARACTER: where iOS placed an attachment in
/// a message's text.
const OBJECT_MARK: char = '\u{FFFC}';

/// The most attachments read for one database: a phone with years of
/// pictures has tens of thousands; a file listing millions is not one.
const ATTACHMENTS_MAX: usize = 1_000_000;

/// Whether the database has an ordinary table named `table` (the schema
/// check has refused one of the importer's names in any other form).
fn has_table(conn: &Connection, table: &str) -> bool {
    conn.query_row(
        "SELECT count(*) > 0 FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name = ?1 COLLATE NOCASE",
        [table],
        |r| r.get(0),
    )
    .unwrap_or(false)
}

/// Whether `table` has `column` (a checked table's column list).
fn has_column(conn: &Connection, table: &str, column: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT count(*) > 0 FROM pragma_table_xinfo(?1, 'main') WHERE name = ?2 COLLATE NOCASE",
        [table, column],
        |r| r.get(0),
    )
}

/// One attachment as sms.db lists it.
struct Listed {
    filename: Option<String>,
    transfer_name: Option<String>,
}

/// Each message's attachments, in the order the database joined them; an
/// sms.db without the two tables has none.
fn attachments_of(
    conn: &Connection,
    path: &Path,
) -> Result<HashMap<i64, Vec<Listed>>, ImportError> {
    let mut out: HashMap<i64, Vec<Listed>> = HashMap::new();
    if !has_table(conn, "attachment") || !has_table(conn, "message_attachment_join") {
        return Ok(out);
    }
    let fail =
        |e: rusqlite::Error| ImportError::malformed(path, "table attachment", Reason::sqlite(&e));
    let name = if has_column(conn, "attachment", "transfer_name").map_err(fail)? {
        "a.transfer_name"
    } else {
        "NULL"
    };
    // attachment's key is its row id (checked), so the join is one lookup
    // for each row of message_attachment_join.
    let mut stmt = conn
        .prepare(&format!(
            "SELECT j.message_id, a.ROWID, a.filename, {name} FROM message_attachment_join j \
             JOIN attachment a ON a.ROWID = j.attachment_id ORDER BY j.message_id, j.ROWID"
        ))
        .map_err(fail)?;
    let mut rows = stmt.query([]).map_err(fail)?;
    let mut count = 0usize;
    while let Some(r) = rows.next().map_err(fail)? {
        let message: Option<i64> = r.get(0).map_err(fail)?;
        let rowid: i64 = r.get(1).map_err(fail)?;
        let position = format!("attachment ROWID {rowid}");
        let filename = bounded_text(
            r.get_ref(2).map_err(fail)?,
            ADDRESS_MAX,
            "filename",
            path,
            &position,
        )?;
        let transfer_name = bounded_text(
            r.get_ref(3).map_err(fail)?,
            ADDRESS_MAX,
            "transfer_name",
            path,
            &position,
        )?;
        count += 1;
        if count > ATTACHMENTS_MAX {
            return Err(ImportError::malformed(
                path,
                "table message_attachment_join",
                format!(
                    "it lists more than {ATTACHMENTS_MAX} attachments; this is not a phone's sms.db"
                ),
            ));
        }
        if let Some(message) = message {
            out.entry(message).or_default().push(Listed {
                filename,
                transfer_name,
            });
        }
    }
    Ok(out)
}

/// Reads `sms.db`: SMS and iMessage.
pub(super) fn messages(src: &mut Source<'_>, wal: Option<&Path>) -> Result<Parsed, ImportError> {
    let region = src.region;
    let scratch = open(src, wal, Some(Database::Messages))?;
    let Some(conn) = scratch.conn.as_ref() else {
        return Ok(Parsed::default());
    };
    let path = src.path;
    let fail = |at: &str, reason: Reason| ImportError::malformed(path, at, reason);
    // The other sides, once: a map rather than a join, so each message
    // costs one lookup whatever the file's query plan would have been, and
    // a key used twice is refused rather than multiplying the messages.
    let handle_error = |e: rusqlite::Error| fail("table handle", Reason::sqlite(&e));
    let mut handles: HashMap<i64, String> = HashMap::new();
    {
        let mut stmt = conn
            .prepare("SELECT ROWID, id FROM handle")
            .map_err(handle_error)?;
        let mut rows = stmt.query([]).map_err(handle_error)?;
        while let Some(r) = rows.next().map_err(handle_error)? {
            let rowid: i64 = r.get(0).map_err(handle_error)?;
            let position = format!("handle ROWID {rowid}");
            let id = r.get_ref(1).map_err(handle_error)?;
            let id = bounded_text(id, ADDRESS_MAX, "handle.id", path, &position)?;
            if handles.insert(rowid, id.unwrap_or_default()).is_some() {
                return Err(ImportError::Schema {
                    path: path.to_path_buf(),
                    database: Database::Messages.name(),
                    table: "handle".to_owned(),
                    problem: Box::new(SchemaProblem::Duplicate {
                        column: "ROWID".to_owned(),
                        value: rowid,
                    }),
                });
            }
        }
    }
    let table = |e: rusqlite::Error| fail("table message", Reason::sqlite(&e));
    let has_service = has_column(conn, "message", "service").map_err(table)?;
    let mut attachments = attachments_of(conn, path)?;
    let root = backup_root(path);
    let manifest = root
        .as_deref()
        .and_then(|r| Manifest::open(&r.join("Manifest.db")));
    let mut parsed = Parsed::default();
    let has_guid = has_column(conn, "message", "guid").map_err(table)?;
    let sql = format!(
        "SELECT ROWID, handle_id, date, is_from_me, text, {}, {} FROM message ORDER BY date, ROWID",
        if has_service { "service" } else { "NULL" },
        if has_guid { "guid" } else { "NULL" }
    );
    let mut stmt = conn.prepare(&sql).map_err(|e| {
        fail(
            "table message",
            Reason::both(
                format!("{e} — this is not an iOS sms.db"),
                "无法读取：这不是 iPhone 的短信数据库（sms.db）",
            ),
        )
    })?;
    let mut rows = stmt.query([]).map_err(table)?;
    while let Some(r) = rows.next().map_err(table)? {
        let rowid: i64 = r.get(0).map_err(table)?;
        let position = format!("message ROWID {rowid}");
        let handle_id: Option<i64> = r.get(1).map_err(table)?;
        let date: Option<f64> = r.get(2).map_err(table)?;
        let from_me: Option<i64> = r.get(3).map_err(table)?;
        let text = bounded_text(
            r.get_ref(4).map_err(table)?,
            TEXT_MAX,
            "text",
            path,
            &position,
        )?;
        let service = bounded_text(
            r.get_ref(5).map_err(table)?,
            ADDRESS_MAX,
            "service",
            path,
            &position,
        )?;
        // The message's own id, the same in every backup of the phone: two
        // backups' copies of one message are one event by it.
        let guid = bounded_text(
            r.get_ref(6).map_err(table)?,
            ADDRESS_MAX,
            "guid",
            path,
            &position,
        )?
        .filter(|g| !g.trim().is_empty());
        let at = date
            .and_then(apple_time)
            .ok_or_else(|| fail(&position, format!("date {date:?} is not a time").into()))?;
        let raw = handle_id
            .and_then(|h| handles.get(&h))
            .cloned()
            .unwrap_or_default();
        let address = if raw.is_empty() {
            Address::Hidden
        } else {
            phone::normalize(&raw, region)
        };
        let channel = if service.as_deref() == Some("iMessage") {
            "chat"
        } else {
            "sms"
        };
        // U+FFFC marks where an attachment sat in the text; the picture
        // itself becomes an exhibit taken from this message.
        let text = text
            .map(|t| t.replace(OBJECT_MARK, "").trim().to_owned())
            .filter(|t| !t.is_empty());
        let carried = attachments.remove(&rowid).unwrap_or_default();
        for (k, a) in carried.iter().enumerate() {
            let label = a
                .transfer_name
                .as_deref()
                .or_else(|| a.filename.as_deref().and_then(|f| f.rsplit('/').next()))
                .unwrap_or("");
            let spot = if label.is_empty() {
                format!("{position}, attachment {}", k + 1)
            } else {
                format!("{position}, attachment {} ({label})", k + 1)
            };
            let file = match (&root, &manifest, a.filename.as_deref()) {
                (Some(root), Some(m), Some(name)) => attachment_file(root, m, name),
                _ => None,
            };
            let Some(file) = file else {
                src.lost(Gap::Missing { position: spot })?;
                continue;
            };
            let mut reader = fs::File::open(&file).map_err(|e| {
                ImportError::Source(crate::evidence::ingest::IngestError::Read {
                    path: file.clone(),
                    source: e,
                })
            })?;
            let staged = src.stage(&mut reader, &spot)?;
            parsed.attachments.push(Attachment {
                staged,
                position: spot,
                name: (!label.is_empty()).then(|| label.to_owned()),
                at,
            });
        }
        src.emit(Record {
            position,
            channel,
            direction: Some(if from_me == Some(1) {
                Direction::Out
            } else {
                Direction::In
            }),
            at,
            address,
            address_raw: raw,
            contact_name: None,
            duration_ms: None,
            body: text,
            recipients: Vec::new(),
            source_id: guid.map(|g| format!("ios:{g}")),
            facetime: None,
        })?;
    }
    Ok(parsed)
}

/// Which iOS database a stored SQLite file is, from its tables.
pub(super) fn detect(src: &mut Source<'_>) -> Option<super::Format> {
    let scratch = open(src, None, None).ok()?;
    let conn = scratch.conn.as_ref()?;
    let mut stmt = conn
        // Views too: one in a table's place is then refused by name.
        .prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")
        .ok()?;
    let tables: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .ok()?
        .filter_map(Result::ok)
        .collect();
    let has = |t: &str| tables.iter().any(|n| n.eq_ignore_ascii_case(t));
    if has("ZCALLRECORD") {
        Some(super::Format::IosCalls)
    } else if has("message") && has("handle") {
        Some(super::Format::IosSms)
    } else {
        None
    }
}

/// The first problems SQLite found, and how many more: a database with
/// broken pages can list thousands.
fn damage_summary(check: &str) -> String {
    let problems: Vec<&str> = check
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("***"))
        .collect();
    let shown = problems
        .iter()
        .take(3)
        .copied()
        .collect::<Vec<_>>()
        .join("; ");
    match problems.len() {
        0..=3 => shown,
        n => format!("{shown}; and {} more", n - 3),
    }
}
