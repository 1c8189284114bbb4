//! A case folder: creating it, opening it, and the lock that lets several
//! processes share it safely.
//!
//! ```text
//! MyCase.dossier/
//!   case.sqlite        SQLite, WAL mode (SQLCipher in an encrypted case)
//!   blobs/ab/ab12…ef   originals, file name = SHA-256 of the bytes, read-only
//!   derived/thumbs/    thumbnails, made again when missing
//!   key.json           encrypted cases only: the wrapped data key
//!   tmp/               in-flight writes only (and `.lock`)
//! ```
//!
//! An encrypted case opens only with its passphrase; see [`crate::case::vault`]
//! for what changes on disk.
//!
//! Every process that opens a case holds a shared lock on `tmp/.lock` while it
//! has the case open. Opening first tries for the exclusive lock: a process
//! that gets it knows nobody else is writing, so it may clear what crashed
//! writers left in `tmp/` (see [`crate::case::blob::recover`]) before it settles for
//! a shared lock like everyone else.

pub mod audit;
pub(crate) mod blob;
pub mod convert;
pub mod crypto;
pub(crate) mod durable;
pub mod error;
pub(crate) mod layout;
pub mod rows;
pub(crate) mod store;
pub mod vault;
pub mod verify;

pub use crate::case::error::{CaseError, NotACase};
pub(crate) use crate::case::layout::{BLOBS_DIR, DB_FILE, LOCK_FILE, TMP_DIR};
pub use crate::model::jurisdiction::Rules;

use crate::case::audit::Action;
use crate::case::crypto::{Cost, CryptoError, DataKey, Passphrase};
use crate::case::store::Create;
use crate::case::vault::{KEY_FILE, Vault};
use crate::clock::{Clock, format_utc, parse_utc};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use rusqlite::{Connection, TransactionBehavior, params};
use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

/// Problems with a case as a whole: finding it, creating it, opening it.
/// What `dossier init` asks for.
#[derive(Debug, Clone)]
pub struct InitOptions {
    pub title: Option<String>,
    pub rules: Rules,
    pub time_zone: Option<String>,
    /// The borrower's paydays (days of the month), if they gave them.
    pub paydays: Vec<i8>,
    /// Encrypt the case under this passphrase.
    pub passphrase: Option<Passphrase>,
    /// How hard the passphrase is made to guess (tests make it cheap).
    pub cost: Cost,
}

impl Default for InitOptions {
    fn default() -> Self {
        InitOptions {
            title: None,
            rules: Rules::Cn,
            time_zone: None,
            paydays: Vec::new(),
            passphrase: None,
            cost: Cost::DEFAULT,
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
    vault: Vault,
    conn: Connection,
    info: CaseInfo,
    // Held (shared) for as long as the case is open; see the module docs.
    _lock: File,
}

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
        if let Some(p) = &options.passphrase {
            check_passphrase(p)?;
        }
        if let Some(bad) = options.paydays.iter().find(|d| !(1..=31).contains(*d)) {
            return Err(CaseError::NotADay { day: *bad });
        }

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
        let info = CaseInfo {
            title,
            rules: options.rules,
            time_zone_name: zone_name,
            time_zone,
            created_at: clock.now(),
        };
        let encrypt = options.passphrase.as_ref().map(|p| (p, options.cost));
        let result = Self::create_in(path, info, &options.paydays, encrypt, actor);
        if result.is_err() {
            let _ = fs::remove_file(path.join(KEY_FILE));
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
        info: CaseInfo,
        paydays: &[i8],
        encrypt: Option<(&Passphrase, Cost)>,
        actor: &str,
    ) -> Result<Case, CaseError> {
        let (title, rules, zone_name, now) = (
            &info.title,
            info.rules,
            &info.time_zone_name,
            info.created_at,
        );
        for dir in [BLOBS_DIR, TMP_DIR] {
            fs::create_dir(path.join(dir)).map_err(CaseError::io(path.join(dir)))?;
        }
        let lock = open_lock(path)?;
        let vault = match encrypt {
            None => Vault::plain(path),
            Some((passphrase, cost)) => {
                let key = DataKey::generate().map_err(crypto_error)?;
                let wrapped =
                    crypto::wrap(&key, passphrase.as_str(), cost).map_err(crypto_error)?;
                vault::write_wrapped(path, &wrapped).map_err(CaseError::io(path.join(KEY_FILE)))?;
                Vault::sealed(path, key)
            }
        };
        let mut conn = store::open(&path.join(DB_FILE), Create::New, vault.key(), now)?;
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(CaseError::sql("creating the case"))?;
        tx.execute(
            "INSERT INTO case_info (id, title, rules, time_zone, created_at) VALUES (1, ?1, ?2, ?3, ?4)",
            params![title, rules.as_str(), zone_name, format_utc(now)],
        )
        .map_err(CaseError::sql("creating the case"))?;
        write_paydays(&tx, paydays).map_err(CaseError::sql("creating the case"))?;
        audit::append(
            &tx,
            now,
            actor,
            Action::CaseCreated,
            &serde_json::json!({
                "paydays": paydays,
                "title": title,
                "rules": rules.as_str(),
                "time_zone": zone_name,
                "program": format!("dossier {}", crate::VERSION),
                "schema": store::SCHEMA_VERSION,
                "encrypted": vault.is_encrypted(),
            }),
        )
        .map_err(CaseError::sql("creating the case"))?;
        tx.commit().map_err(CaseError::sql("creating the case"))?;
        blob::sync_dir(path).map_err(CaseError::io(path))?;
        lock.lock_shared()
            .map_err(CaseError::io(path.join(TMP_DIR).join(LOCK_FILE)))?;
        Ok(Case {
            root: path.to_path_buf(),
            vault,
            conn,
            info,
            _lock: lock,
        })
    }

    /// Whether the case folder at `path` is encrypted (and so needs
    /// [`Case::open_with`] and its passphrase).
    pub fn is_encrypted(path: &Path) -> bool {
        vault::is_encrypted(path)
    }

    /// Opens an existing plain case folder; an encrypted one is refused
    /// with [`CaseError::Locked`]. If no other process has it open, this
    /// also clears what an interrupted write left behind in `tmp/`.
    pub fn open(path: &Path) -> Result<Case, CaseError> {
        Self::open_with(path, None)
    }

    /// Opens an existing case folder, plain or (with its passphrase)
    /// encrypted. A wrong passphrase changes nothing.
    pub fn open_with(path: &Path, passphrase: Option<&Passphrase>) -> Result<Case, CaseError> {
        Self::open_at(path, passphrase, &crate::clock::SystemClock)
    }

    /// [`Case::open_with`] with the clock an upgrade's audit entry is dated
    /// by (a case made by an older version is upgraded when opened).
    pub fn open_at(
        path: &Path,
        passphrase: Option<&Passphrase>,
        clock: &dyn Clock,
    ) -> Result<Case, CaseError> {
        let db = path.join(DB_FILE);
        match fs::metadata(path) {
            Ok(m) if m.is_dir() => {}
            Ok(_) => {
                return Err(CaseError::NotACase {
                    path: path.to_path_buf(),
                    reason: NotACase::IsAFile,
                });
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(CaseError::NotACase {
                    path: path.to_path_buf(),
                    reason: NotACase::Missing,
                });
            }
            Err(e) => return Err(CaseError::io(path)(e)),
        }
        if !db.is_file() {
            return Err(CaseError::NotACase {
                path: path.to_path_buf(),
                reason: NotACase::NoDatabase,
            });
        }
        if !path.join(BLOBS_DIR).is_dir() {
            return Err(CaseError::Damaged {
                path: path.to_path_buf(),
                detail: format!("the {BLOBS_DIR}/ folder that holds the originals is missing"),
            });
        }
        let vault = match (vault::is_encrypted(path), passphrase) {
            (false, _) => Vault::plain(path),
            (true, None) => {
                return Err(CaseError::Locked {
                    path: path.to_path_buf(),
                });
            }
            (true, Some(passphrase)) => Vault::sealed(path, unlock(path, passphrase)?),
        };
        Self::open_keyed(path, vault, clock)
    }

    /// Opens a case whose key (if any) is already in `vault` (made for
    /// `path`): a case just converted, or one the app unlocked before.
    pub(crate) fn open_keyed(
        path: &Path,
        vault: Vault,
        clock: &dyn Clock,
    ) -> Result<Case, CaseError> {
        let db = path.join(DB_FILE);
        let tmp = path.join(TMP_DIR);
        if !tmp.is_dir() {
            fs::create_dir(&tmp).map_err(CaseError::io(&tmp))?;
        }
        let lock = open_lock(path)?;
        let conn = store::open(&db, Create::Existing, vault.key(), clock.now())?;
        let lock_path = tmp.join(LOCK_FILE);
        match lock.try_lock() {
            Ok(()) => {
                let recovered = blob::recover(&vault, &conn).and_then(|()| clear_stale(path));
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
            vault,
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

    /// Lets go of the database pages cached in memory; they are read from
    /// the file again when next needed. The cache may hold 64 MiB so that
    /// imports run fast; a viewer that keeps a case open for hours calls
    /// this after each request instead of keeping the pages of its last
    /// listing (10 MiB for 10,000 exhibits).
    pub fn release_memory(&self) {
        // A failure only means the memory stays in use.
        let _ = self.conn.execute_batch("PRAGMA shrink_memory");
    }

    /// Read access to the database, for queries.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub(crate) fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// Takes the case's lock exclusively: no other process has it open.
    pub(crate) fn lock_exclusive(&self) -> Result<(), CaseError> {
        let path = self.root.join(TMP_DIR).join(LOCK_FILE);
        match self._lock.try_lock() {
            Ok(()) => Ok(()),
            Err(std::fs::TryLockError::WouldBlock) => Err(CaseError::InUse {
                path: self.root.clone(),
            }),
            Err(std::fs::TryLockError::Error(e)) => Err(CaseError::io(path)(e)),
        }
    }

    /// Closes the database, keeping only the lock on the case folder.
    pub(crate) fn into_lock(self) -> File {
        self._lock
    }

    /// The case's files: originals, thumbnails, and the key to them.
    pub fn vault(&self) -> &Vault {
        &self.vault
    }

    /// Where the original with this SHA-256 lives (sealed, in an encrypted
    /// case: read it through [`Vault::open_blob`]).
    pub fn blob_path(&self, sha256: &str) -> PathBuf {
        self.vault.blob_path(sha256)
    }

    /// Checks `passphrase` against this encrypted case's wrapped key,
    /// changing nothing.
    pub fn check_passphrase(&self, passphrase: &Passphrase) -> Result<(), CaseError> {
        if !self.vault.is_encrypted() {
            return Err(CaseError::NotEncrypted {
                path: self.root.clone(),
            });
        }
        unlock(&self.root, passphrase).map(drop)
    }

    /// Changes the passphrase of this encrypted case: the same data key is
    /// wrapped again, so no original is rewritten. `old` must open it.
    pub fn change_passphrase(
        &self,
        old: &Passphrase,
        new: &Passphrase,
        cost: Cost,
        clock: &dyn Clock,
        actor: &str,
    ) -> Result<(), CaseError> {
        if !self.vault.is_encrypted() {
            return Err(CaseError::NotEncrypted {
                path: self.root.clone(),
            });
        }
        check_passphrase(new)?;
        let wrapped = vault::read_wrapped(&self.root)?;
        let rewrapped =
            crypto::rewrap(&wrapped, old.as_str(), new.as_str(), cost).map_err(|e| match e {
                CryptoError::WrongPassphrase => CaseError::WrongPassphrase {
                    path: self.root.clone(),
                },
                e => crypto_error(e),
            })?;
        // The audit entry first: if the key file cannot be replaced, the
        // log says a change was attempted, and the old passphrase still
        // opens the case.
        let tx = self
            .conn
            .unchecked_transaction()
            .map_err(CaseError::sql("changing the passphrase"))?;
        audit::append(
            &tx,
            clock.now(),
            actor,
            Action::PassphraseChanged,
            &serde_json::json!({}),
        )
        .map_err(CaseError::sql("changing the passphrase"))?;
        vault::write_wrapped(&self.root, &rewrapped)
            .map_err(CaseError::io(self.root.join(KEY_FILE)))?;
        tx.commit()
            .map_err(CaseError::sql("changing the passphrase"))
    }
}

/// Opens the data key of the encrypted case at `path`.
fn unlock(path: &Path, passphrase: &Passphrase) -> Result<DataKey, CaseError> {
    let wrapped = vault::read_wrapped(path)?;
    crypto::unwrap(&wrapped, passphrase.as_str()).map_err(|e| match e {
        CryptoError::WrongPassphrase => CaseError::WrongPassphrase {
            path: path.to_path_buf(),
        },
        e => crypto_error(e),
    })
}

pub(crate) fn check_passphrase(passphrase: &Passphrase) -> Result<(), CaseError> {
    if passphrase.as_str().chars().count() < crypto::MIN_PASSPHRASE {
        return Err(CaseError::WeakPassphrase);
    }
    Ok(())
}

pub(crate) fn crypto_error(e: CryptoError) -> CaseError {
    CaseError::Crypto(e.to_string())
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

/// Removes what a killed conversion left beside the case: a half-built
/// converted copy, or the old case after the swap (which, after encrypting,
/// holds the plaintext). Called by a process holding the case's exclusive
/// lock; the leftover is removed only when nobody holds its own lock
/// either (a conversion in progress does). The case itself was verified
/// whole before it took its place, so nothing of it is lost.
pub(crate) fn clear_stale(root: &Path) -> Result<(), CaseError> {
    let staging = staging_path(root);
    if !staging.is_dir() {
        return Ok(());
    }
    let lock = staging.join(TMP_DIR).join(LOCK_FILE);
    if let Ok(file) = fs::OpenOptions::new().read(true).write(true).open(&lock)
        && file.try_lock().is_err()
    {
        return Ok(());
    }
    match fs::remove_dir_all(&staging) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(CaseError::io(&staging)(e)),
        _ => Ok(()),
    }
}

/// Where the converted case is built: beside the case, same file system.
pub(crate) fn staging_path(root: &Path) -> PathBuf {
    let mut name = root.file_name().unwrap_or_default().to_os_string();
    name.push(".converting");
    root.with_file_name(name)
}

/// Writes the borrower's paydays (`crate::people::payday`) inside a transaction that appends its own entry.
pub(crate) fn write_paydays(tx: &rusqlite::Transaction<'_>, days: &[i8]) -> rusqlite::Result<()> {
    let old: Vec<i8> = {
        let mut stmt = tx.prepare_cached("SELECT day FROM case_payday")?;
        stmt.query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?
    };
    for day in old {
        // The earlier list stays provable: the entry records each row's hash.
        crate::case::rows::supersede(tx, "case_payday", i64::from(day))?;
        tx.execute("DELETE FROM case_payday WHERE day = ?1", [day])?;
    }
    for day in days {
        tx.execute("INSERT INTO case_payday (day) VALUES (?1)", [day])?;
    }
    Ok(())
}
