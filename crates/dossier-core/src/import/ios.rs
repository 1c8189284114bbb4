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
//! The source is never opened: SQLite opens a scratch copy of the stored
//! bytes in `tmp/` (it may write a `-shm` or checkpoint there), which is
//! removed afterwards. In an encrypted case no plaintext may reach the disk,
//! so the scratch copy goes to a memory file system (`/dev/shm`) instead.

use super::{Direction, ImportError, Parsed, Record, Source};
use crate::phone::{self, Address};
use jiff::Timestamp;
use rusqlite::{Connection, OpenFlags};
use std::fs;
use std::path::{Path, PathBuf};

/// Seconds from the Unix epoch to 2001-01-01T00:00:00Z (Apple's epoch).
const APPLE_EPOCH: i64 = 978_307_200;

/// Backup file IDs (SHA-1 of domain and path) of the two databases.
pub const CALL_HISTORY_ID: &str = "5a4935c78a5255723f707230a451d79c540d2741";
pub const SMS_DB_ID: &str = "3d0d7e5fb2ce288813306e4d4636395e047a3d28";

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

/// A new folder for the scratch copy: in the case's `tmp/`, or in memory
/// for an encrypted case.
fn scratch_dir(src: &Source<'_>) -> Result<PathBuf, String> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let name = format!(
        "{}-{}.scratch",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    if !src.vault.is_encrypted() {
        return Ok(src.vault.root().join(crate::case::TMP_DIR).join(name));
    }
    let memory = Path::new("/dev/shm");
    if memory.is_dir() {
        Ok(memory.join(format!("dossier-{name}")))
    } else {
        Err(
            "an encrypted case reads an iOS database only through a memory file system \
             (/dev/shm), which this system lacks; import it into a plain case instead"
                .to_owned(),
        )
    }
}

/// A scratch copy of the stored database (and its `-wal`), opened.
struct Scratch {
    dir: PathBuf,
    conn: Option<Connection>,
}

impl Drop for Scratch {
    fn drop(&mut self) {
        drop(self.conn.take());
        let _ = fs::remove_dir_all(&self.dir);
    }
}

fn open(src: &mut Source<'_>, wal: Option<&Path>) -> Result<Scratch, ImportError> {
    let fail = |reason: String| ImportError::malformed(src.path, "the database", reason);
    let dir = scratch_dir(src).map_err(fail)?;
    let mut builder = fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(&dir).map_err(|e| fail(e.to_string()))?;
    let mut scratch = Scratch {
        dir: dir.clone(),
        conn: None,
    };
    let db = dir.join("db");
    src.open_copy()
        .and_then(|mut from| {
            fs::File::create(&db).and_then(|mut to| std::io::copy(&mut from, &mut to))
        })
        .map_err(|e| fail(e.to_string()))?;
    if let Some(wal) = wal {
        let copied = match src.companion.take() {
            // Through the handle opened before parsing began: the file's
            // name in tmp/ may already be gone once the writer placed it.
            Some(mut from) => fs::File::create(dir.join("db-wal"))
                .and_then(|mut to| std::io::copy(&mut from, &mut to)),
            None => fs::copy(wal, dir.join("db-wal")),
        };
        copied.map_err(|e| fail(e.to_string()))?;
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
    let conn = Connection::open_with_flags(
        &db,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| fail(e.to_string()))?;
    let check: String = conn
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(|e| {
            fail(format!(
                "{e} — the database is damaged; copy it from the backup again"
            ))
        })?;
    if check != "ok" {
        return Err(fail(format!(
            "SQLite reports damage: {} — copy it from the backup again",
            damage_summary(&check)
        )));
    }
    scratch.conn = Some(conn);
    Ok(scratch)
}

/// Reads `CallHistory.storedata`.
pub(super) fn calls(src: &mut Source<'_>, wal: Option<&Path>) -> Result<Parsed, ImportError> {
    let region = src.region;
    let scratch = open(src, wal)?;
    let Some(conn) = scratch.conn.as_ref() else {
        return Ok(Parsed::default());
    };
    let path = src.path;
    let fail = |at: String, reason: String| ImportError::malformed(path, at, reason);
    let mut stmt = conn
        .prepare(
            "SELECT Z_PK, ZADDRESS, ZDATE, ZDURATION, ZORIGINATED, ZANSWERED FROM ZCALLRECORD ORDER BY ZDATE, Z_PK",
        )
        .map_err(|e| fail("table ZCALLRECORD".into(), format!("{e} — this is not an iOS call history")))?;
    let rows = stmt
        .query_map([], |r| {
            let address: rusqlite::types::Value = r.get(1)?;
            Ok((
                r.get::<_, i64>(0)?,
                address,
                r.get::<_, Option<f64>>(2)?,
                r.get::<_, Option<f64>>(3)?,
                r.get::<_, Option<i64>>(4)?,
                r.get::<_, Option<i64>>(5)?,
            ))
        })
        .map_err(|e| fail("table ZCALLRECORD".into(), e.to_string()))?;
    let parsed = Parsed::default();
    for row in rows {
        let (pk, address, date, duration, originated, answered) =
            row.map_err(|e| fail("table ZCALLRECORD".into(), e.to_string()))?;
        let position = format!("ZCALLRECORD Z_PK {pk}");
        let at = date
            .and_then(apple_time)
            .ok_or_else(|| fail(position.clone(), format!("ZDATE {date:?} is not a time")))?;
        let raw = match address {
            rusqlite::types::Value::Text(t) => t,
            rusqlite::types::Value::Blob(b) => String::from_utf8_lossy(&b).into_owned(),
            _ => String::new(),
        };
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
        })?;
    }
    Ok(parsed)
}

/// Reads `sms.db`: SMS and iMessage.
pub(super) fn messages(src: &mut Source<'_>, wal: Option<&Path>) -> Result<Parsed, ImportError> {
    let region = src.region;
    let scratch = open(src, wal)?;
    let Some(conn) = scratch.conn.as_ref() else {
        return Ok(Parsed::default());
    };
    let path = src.path;
    let fail = |at: String, reason: String| ImportError::malformed(path, at, reason);
    let mut stmt = conn
        .prepare(
            "SELECT m.ROWID, h.id, m.date, m.is_from_me, m.text, m.service
             FROM message m LEFT JOIN handle h ON h.ROWID = m.handle_id
             ORDER BY m.date, m.ROWID",
        )
        .map_err(|e| {
            fail(
                "tables message, handle".into(),
                format!("{e} — this is not an iOS sms.db"),
            )
        })?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<f64>>(2)?,
                r.get::<_, Option<i64>>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, Option<String>>(5)?,
            ))
        })
        .map_err(|e| fail("table message".into(), e.to_string()))?;
    let parsed = Parsed::default();
    for row in rows {
        let (rowid, handle, date, from_me, text, service) =
            row.map_err(|e| fail("table message".into(), e.to_string()))?;
        let position = format!("message ROWID {rowid}");
        let at = date
            .and_then(apple_time)
            .ok_or_else(|| fail(position.clone(), format!("date {date:?} is not a time")))?;
        let raw = handle.unwrap_or_default();
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
        })?;
    }
    Ok(parsed)
}

/// The databases an iOS backup folder holds, found by their backup file IDs
/// (`5a/5a49…` in recent backups, `5a49…` at the top in old ones).
pub fn backup_files(dir: &Path) -> Vec<(PathBuf, super::Format)> {
    let mut found = Vec::new();
    for (id, format) in [
        (CALL_HISTORY_ID, super::Format::IosCalls),
        (SMS_DB_ID, super::Format::IosSms),
    ] {
        for candidate in [dir.join(&id[..2]).join(id), dir.join(id)] {
            if candidate.is_file() {
                found.push((candidate, format));
                break;
            }
        }
    }
    found
}

/// Which iOS database a stored SQLite file is, from its tables.
pub(super) fn detect(src: &mut Source<'_>) -> Option<super::Format> {
    let scratch = open(src, None).ok()?;
    let conn = scratch.conn.as_ref()?;
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
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
