//! A case folder: creating it, opening it, and the lock that lets several
//! processes share it safely.
//!
//! ```text
//! MyCase.dossier/
//!   case.sqlite        SQLite, WAL mode
//!   blobs/ab/ab12…ef   originals, file name = SHA-256 of the bytes, read-only
//!   tmp/               in-flight writes only (and `.lock`)
//! ```
//!
//! Every process that opens a case holds a shared lock on `tmp/.lock` while it
//! has the case open. Opening first tries for the exclusive lock: a process
//! that gets it knows nobody else is writing, so it may clear what crashed
//! writers left in `tmp/` (see [`crate::blob::recover`]) before it settles for
//! a shared lock like everyone else.

use crate::audit::{self, Action};
use crate::blob;
use crate::clock::{Clock, format_utc, parse_utc};
use crate::store::{self, Create};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use rusqlite::{Connection, TransactionBehavior, params};
use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

/// Problems with a case as a whole: finding it, creating it, opening it.
#[derive(Debug, thiserror::Error)]
pub enum CaseError {
    #[error("{} is not a Dossier case folder: {reason}", path.display())]
    NotACase { path: PathBuf, reason: String },
    #[error("{} already exists and is not empty: choose a new folder name", path.display())]
    AlreadyExists { path: PathBuf },
    #[error(
        "{} was written by a newer version of Dossier (schema {found}; this program knows up to {supported}): \
         update Dossier to open it; nothing was changed",
        path.display()
    )]
    NewerSchema {
        path: PathBuf,
        found: i32,
        supported: i32,
    },
    #[error(
        "{} is damaged: {detail}. It was left exactly as it is; keep a copy of the whole case folder \
         and restore case.sqlite from a backup or a bundle",
        path.display()
    )]
    Damaged { path: PathBuf, detail: String },
    #[error("unknown time zone {zone:?}: use a name such as Asia/Shanghai or America/New_York")]
    UnknownTimeZone { zone: String },
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error("{context}: {source}")]
    Sqlite {
        context: &'static str,
        source: rusqlite::Error,
    },
}

impl CaseError {
    pub(crate) fn io(path: impl Into<PathBuf>) -> impl FnOnce(io::Error) -> CaseError {
        let path = path.into();
        move |source| CaseError::Io { path, source }
    }

    pub(crate) fn sql(context: &'static str) -> impl FnOnce(rusqlite::Error) -> CaseError {
        move |source| CaseError::Sqlite { context, source }
    }
}

/// The rule pack a case is judged under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rules {
    Cn,
    Us,
}

impl Rules {
    pub fn as_str(self) -> &'static str {
        match self {
            Rules::Cn => "cn",
            Rules::Us => "us",
        }
    }

    pub fn parse(text: &str) -> Option<Rules> {
        match text {
            "cn" => Some(Rules::Cn),
            "us" => Some(Rules::Us),
            _ => None,
        }
    }

    /// The display time zone a new case gets when none is given.
    pub fn default_time_zone(self) -> &'static str {
        match self {
            Rules::Cn => "Asia/Shanghai",
            Rules::Us => "America/New_York",
        }
    }
}

/// What `dossier init` asks for.
#[derive(Debug, Clone)]
pub struct InitOptions {
    pub title: Option<String>,
    pub rules: Rules,
    pub time_zone: Option<String>,
}

impl Default for InitOptions {
    fn default() -> Self {
        InitOptions {
            title: None,
            rules: Rules::Cn,
            time_zone: None,
        }
    }
}

/// The case's own settings.
#[derive(Debug, Clone)]
pub struct CaseInfo {
    pub title: String,
    pub rules: Rules,
    pub time_zone_name: String,
    pub time_zone: TimeZone,
    pub created_at: Timestamp,
}

/// An open case folder.
#[derive(Debug)]
pub struct Case {
    root: PathBuf,
    conn: Connection,
    info: CaseInfo,
    // Held (shared) for as long as the case is open; see the module docs.
    _lock: File,
}

pub(crate) const DB_FILE: &str = "case.sqlite";
pub(crate) const BLOBS_DIR: &str = "blobs";
pub(crate) const TMP_DIR: &str = "tmp";
const LOCK_FILE: &str = ".lock";

impl Case {
    /// Creates a new case folder at `path`, which must not exist or be empty.
    /// On failure, whatever this call created is removed again.
    pub fn init(
        path: &Path,
        options: &InitOptions,
        clock: &dyn Clock,
        actor: &str,
    ) -> Result<Case, CaseError> {
        let zone_name = options
            .time_zone
            .clone()
            .unwrap_or_else(|| options.rules.default_time_zone().to_owned());
        let time_zone = TimeZone::get(&zone_name).map_err(|_| CaseError::UnknownTimeZone {
            zone: zone_name.clone(),
        })?;
        let title = options
            .title
            .clone()
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| default_title(path));

        let created_root = match fs::read_dir(path) {
            Ok(mut entries) => {
                if entries.next().is_some() {
                    return Err(CaseError::AlreadyExists {
                        path: path.to_path_buf(),
                    });
                }
                false
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                fs::create_dir_all(path).map_err(CaseError::io(path))?;
                true
            }
            Err(e) if e.kind() == io::ErrorKind::NotADirectory => {
                return Err(CaseError::AlreadyExists {
                    path: path.to_path_buf(),
                });
            }
            Err(e) => return Err(CaseError::io(path)(e)),
        };
        let result = Self::create_in(
            path,
            title,
            options.rules,
            zone_name,
            time_zone,
            clock,
            actor,
        );
        if result.is_err() {
            // Only what this call made goes: the folder was empty or absent before.
            let _ = fs::remove_dir_all(path.join(BLOBS_DIR));
            let _ = fs::remove_dir_all(path.join(TMP_DIR));
            for suffix in ["", "-wal", "-shm", "-journal"] {
                let _ = fs::remove_file(path.join(format!("{DB_FILE}{suffix}")));
            }
            if created_root {
                let _ = fs::remove_dir(path);
            }
        }
        result
    }

    fn create_in(
        path: &Path,
        title: String,
        rules: Rules,
        zone_name: String,
        time_zone: TimeZone,
        clock: &dyn Clock,
        actor: &str,
    ) -> Result<Case, CaseError> {
        for dir in [BLOBS_DIR, TMP_DIR] {
            fs::create_dir(path.join(dir)).map_err(CaseError::io(path.join(dir)))?;
        }
        let lock = open_lock(path)?;
        let mut conn = store::open(&path.join(DB_FILE), Create::New)?;
        let now = clock.now();
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(CaseError::sql("creating the case"))?;
        tx.execute(
            "INSERT INTO case_info (id, title, rules, time_zone, created_at) VALUES (1, ?1, ?2, ?3, ?4)",
            params![title, rules.as_str(), zone_name, format_utc(now)],
        )
        .map_err(CaseError::sql("creating the case"))?;
        audit::append(
            &tx,
            now,
            actor,
            Action::CaseCreated,
            &serde_json::json!({
                "title": title,
                "rules": rules.as_str(),
                "time_zone": zone_name,
                "program": format!("dossier {}", crate::VERSION),
                "schema": store::SCHEMA_VERSION,
            }),
        )
        .map_err(CaseError::sql("creating the case"))?;
        tx.commit().map_err(CaseError::sql("creating the case"))?;
        blob::sync_dir(path).map_err(CaseError::io(path))?;
        let info = CaseInfo {
            title,
            rules,
            time_zone_name: zone_name,
            time_zone,
            created_at: now,
        };
        lock.lock_shared()
            .map_err(CaseError::io(path.join(TMP_DIR).join(LOCK_FILE)))?;
        Ok(Case {
            root: path.to_path_buf(),
            conn,
            info,
            _lock: lock,
        })
    }

    /// Opens an existing case folder. If no other process has it open, this
    /// also clears what an interrupted write left behind in `tmp/`.
    pub fn open(path: &Path) -> Result<Case, CaseError> {
        let db = path.join(DB_FILE);
        match fs::metadata(path) {
            Ok(m) if m.is_dir() => {}
            Ok(_) => {
                return Err(CaseError::NotACase {
                    path: path.to_path_buf(),
                    reason: "it is a file, not a folder".into(),
                });
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(CaseError::NotACase {
                    path: path.to_path_buf(),
                    reason: "it does not exist".into(),
                });
            }
            Err(e) => return Err(CaseError::io(path)(e)),
        }
        if !db.is_file() {
            return Err(CaseError::NotACase {
                path: path.to_path_buf(),
                reason: format!("it has no {DB_FILE}; create a case with `dossier init`"),
            });
        }
        if !path.join(BLOBS_DIR).is_dir() {
            return Err(CaseError::Damaged {
                path: path.to_path_buf(),
                detail: format!("the {BLOBS_DIR}/ folder that holds the originals is missing"),
            });
        }
        let tmp = path.join(TMP_DIR);
        if !tmp.is_dir() {
            fs::create_dir(&tmp).map_err(CaseError::io(&tmp))?;
        }
        let lock = open_lock(path)?;
        let conn = store::open(&db, Create::Existing)?;
        let lock_path = tmp.join(LOCK_FILE);
        match lock.try_lock() {
            Ok(()) => {
                let recovered = blob::recover(path, &conn);
                lock.unlock().map_err(CaseError::io(&lock_path))?;
                recovered?;
            }
            Err(std::fs::TryLockError::WouldBlock) => {}
            Err(std::fs::TryLockError::Error(e)) => return Err(CaseError::io(&lock_path)(e)),
        }
        lock.lock_shared().map_err(CaseError::io(&lock_path))?;
        let info = read_info(&conn, &db)?;
        Ok(Case {
            root: path.to_path_buf(),
            conn,
            info,
            _lock: lock,
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn info(&self) -> &CaseInfo {
        &self.info
    }

    /// Read access to the database, for queries.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub(crate) fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// Where the original with this SHA-256 lives.
    pub fn blob_path(&self, sha256: &str) -> PathBuf {
        blob::blob_path(&self.root, sha256)
    }
}

fn open_lock(root: &Path) -> Result<File, CaseError> {
    let path = root.join(TMP_DIR).join(LOCK_FILE);
    OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(CaseError::io(path))
}

fn read_info(conn: &Connection, db: &Path) -> Result<CaseInfo, CaseError> {
    let (title, rules, zone_name, created): (String, String, String, String) = conn
        .query_row(
            "SELECT title, rules, time_zone, created_at FROM case_info WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .map_err(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => CaseError::Damaged {
                path: db.to_path_buf(),
                detail: "the case settings row is missing".into(),
            },
            e => store::classify(db, e),
        })?;
    let damaged = |detail: String| CaseError::Damaged {
        path: db.to_path_buf(),
        detail,
    };
    let rules =
        Rules::parse(&rules).ok_or_else(|| damaged(format!("unknown rule pack {rules:?}")))?;
    let time_zone = TimeZone::get(&zone_name)
        .map_err(|_| damaged(format!("unknown time zone {zone_name:?}")))?;
    let created_at = parse_utc(&created)
        .ok_or_else(|| damaged(format!("unreadable creation time {created:?}")))?;
    Ok(CaseInfo {
        title,
        rules,
        time_zone_name: zone_name,
        time_zone,
        created_at,
    })
}

fn default_title(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = name.strip_suffix(".dossier").unwrap_or(&name).to_owned();
    if name.is_empty() {
        "Dossier".to_owned()
    } else {
        name
    }
}
