//! A case's protection changed: a plain case encrypted, or an encrypted one
//! decrypted, in place, or its passphrase changed ([`Protection`], what
//! `dossier encrypt`, `decrypt` and `passphrase` and the app's Protection
//! screen all call).
//!
//! A passphrase change rewraps the data key and rewrites no original. An
//! encryption or a decryption rewrites them all:
//! The converted case is built beside the old one (`NAME.converting`): the
//! database copied through SQLCipher's `sqlcipher_export`, each original
//! streamed through the new [`Vault`] (sealed or plain, under its new name)
//! and fsynced, an audit entry recording the conversion, and then the whole
//! new case verified. Only a case that verifies intact takes the old one's
//! place, by an atomic exchange of the two folders where the system has one
//! (`renameat2(RENAME_EXCHANGE)` on Linux); the old folder is removed after.
//! A crash at any instant leaves the case folder holding either the whole
//! old case or the whole new one. Thumbnails are not carried over: they are
//! made again, under the new key, when next shown.
//!
//! The case must not be open elsewhere (the app, another command): the
//! conversion takes the case's lock exclusively or refuses.

use crate::case::audit::{self, Action};
use crate::case::blob::{self, sync_dir};
use crate::case::crypto::{self, Cost, DataKey, Passphrase};
use crate::case::layout::{BLOBS_DIR, DB_FILE, TMP_DIR};
use crate::case::vault::{self, KEY_FILE, Vault};
use crate::case::verify;
use crate::case::{Case, CaseError, staging_path};
use crate::clock::Clock;
use crate::progress::Progress;
use rusqlite::{Connection, TransactionBehavior};
use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::Path;

/// What a conversion did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Converted {
    pub encrypted: bool,
    pub exhibits: u64,
    pub bytes: u64,
}

/// How a case's protection changes, with the passphrases it takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Protection {
    /// A plain case is encrypted under a new passphrase.
    Encrypt { new: Passphrase },
    /// An encrypted case is opened with its passphrase and stored plain.
    Decrypt { current: Passphrase },
    /// An encrypted case's data key is wrapped under a new passphrase.
    Rekey {
        current: Passphrase,
        new: Passphrase,
    },
}

impl Protection {
    /// The passphrase that opens the case before the change (none: plain).
    pub fn before(&self) -> Option<&Passphrase> {
        match self {
            Protection::Encrypt { .. } => None,
            Protection::Decrypt { current } | Protection::Rekey { current, .. } => Some(current),
        }
    }

    /// The passphrase that opens the case once the change is made.
    pub fn after(&self) -> Option<&Passphrase> {
        match self {
            Protection::Encrypt { new } | Protection::Rekey { new, .. } => Some(new),
            Protection::Decrypt { .. } => None,
        }
    }
}

/// Changes the protection of the case at `path` (new passphrases at the
/// default cost). A refused or failed change leaves the case as it was.
pub fn convert(
    path: &Path,
    protection: &Protection,
    clock: &dyn Clock,
    actor: &str,
    progress: &mut dyn Progress,
) -> Result<Converted, CaseError> {
    match protection {
        Protection::Encrypt { new } => encrypt(path, new, Cost::DEFAULT, clock, actor, progress),
        Protection::Decrypt { current } => decrypt(path, current, clock, actor, progress),
        Protection::Rekey { current, new } => {
            let case = Case::open_with(path, Some(current))?;
            rekey(&case, current, new, clock, actor)
        }
    }
}

/// The open encrypted case's data key wrapped under `new` (checked against
/// `current` first); no original is rewritten.
pub fn rekey(
    case: &Case,
    current: &Passphrase,
    new: &Passphrase,
    clock: &dyn Clock,
    actor: &str,
) -> Result<Converted, CaseError> {
    case.change_passphrase(current, new, Cost::DEFAULT, clock, actor)?;
    Ok(Converted {
        encrypted: true,
        exhibits: 0,
        bytes: 0,
    })
}

/// Encrypts the plain case at `path` under `passphrase`.
pub fn encrypt(
    path: &Path,
    passphrase: &Passphrase,
    cost: Cost,
    clock: &dyn Clock,
    actor: &str,
    progress: &mut dyn Progress,
) -> Result<Converted, CaseError> {
    if vault::is_encrypted(path) {
        return Err(CaseError::AlreadyEncrypted {
            path: path.to_path_buf(),
        });
    }
    crate::case::check_passphrase(passphrase)?;
    let case = Case::open(path)?;
    let key = DataKey::generate().map_err(crate::case::crypto_error)?;
    let wrapped =
        crypto::wrap(&key, passphrase.as_str(), cost).map_err(crate::case::crypto_error)?;
    rewrite(case, Some((key, wrapped)), clock, actor, progress)
}

/// Decrypts the encrypted case at `path`, opened with `passphrase`: its
/// originals are written in plaintext again.
pub fn decrypt(
    path: &Path,
    passphrase: &Passphrase,
    clock: &dyn Clock,
    actor: &str,
    progress: &mut dyn Progress,
) -> Result<Converted, CaseError> {
    if !vault::is_encrypted(path) {
        return Err(CaseError::NotEncrypted {
            path: path.to_path_buf(),
        });
    }
    let case = Case::open_at(path, Some(passphrase), clock)?;
    rewrite(case, None, clock, actor, progress)
}

fn rewrite(
    case: Case,
    target_key: Option<(DataKey, crypto::WrappedKey)>,
    clock: &dyn Clock,
    actor: &str,
    progress: &mut dyn Progress,
) -> Result<Converted, CaseError> {
    let root = case.root().to_path_buf();
    case.lock_exclusive()?;
    let staging = staging_path(&root);
    if staging.exists() {
        // A conversion that stopped before its exchange left it: never a
        // case the folder depends on.
        fs::remove_dir_all(&staging).map_err(CaseError::io(&staging))?;
    }
    fs::create_dir(&staging).map_err(CaseError::io(&staging))?;
    let built = build(&case, &staging, target_key, clock, actor, progress);
    let converted = match built {
        Ok(converted) => converted,
        Err(e) => {
            let _ = fs::remove_dir_all(&staging);
            return Err(e);
        }
    };
    // The old case's database is closed, but its lock is held until the new
    // case is in its place: nobody opens it in between.
    let lock = case.into_lock();
    let exchanged = exchange(&root, &staging);
    drop(lock);
    exchanged.map_err(|e| {
        let _ = fs::remove_dir_all(&staging);
        CaseError::io(&root)(e)
    })?;
    // The staging name now holds the old case. (Should the process die
    // here, the next open of the case removes it: see `clear_stale`.)
    match fs::remove_dir_all(&staging) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            return Err(CaseError::io(&staging)(e));
        }
        _ => {}
    }
    Ok(converted)
}

fn build(
    case: &Case,
    staging: &Path,
    target_key: Option<(DataKey, crypto::WrappedKey)>,
    clock: &dyn Clock,
    actor: &str,
    progress: &mut dyn Progress,
) -> Result<Converted, CaseError> {
    for dir in [BLOBS_DIR, TMP_DIR] {
        fs::create_dir(staging.join(dir)).map_err(CaseError::io(staging.join(dir)))?;
    }
    let encrypted = target_key.is_some();
    let target = match target_key {
        Some((key, wrapped)) => {
            vault::write_wrapped(staging, &wrapped)
                .map_err(CaseError::io(staging.join(KEY_FILE)))?;
            Vault::sealed(staging, key)
        }
        None => Vault::plain(staging),
    };

    // The database, through SQLCipher's export into the new key (or none).
    let db = staging.join(DB_FILE);
    let export = |conn: &Connection| -> rusqlite::Result<()> {
        let literal = match target.key() {
            Some(key) => key.database_key_literal(),
            None => zeroize::Zeroizing::new(String::new()),
        };
        conn.execute(
            "ATTACH DATABASE ?1 AS target KEY ?2",
            rusqlite::params![db.to_string_lossy(), literal.as_str()],
        )?;
        let exported = conn
            .query_row("SELECT sqlcipher_export('target')", [], |_| Ok(()))
            .and_then(|()| {
                conn.execute_batch(&format!(
                    "PRAGMA target.user_version = {}; PRAGMA target.application_id = {};",
                    crate::case::store::SCHEMA_VERSION,
                    crate::case::store::APPLICATION_ID
                ))
            });
        let detached = conn.execute_batch("DETACH DATABASE target");
        exported.and(detached)
    };
    // The case's connection may not create files: an empty file is an
    // empty database to SQLite.
    fs::File::create(&db).map_err(CaseError::io(&db))?;
    export(case.conn()).map_err(CaseError::sql("copying the case database"))?;
    let mut conn = crate::case::store::open(
        &db,
        crate::case::store::Create::Existing,
        target.key(),
        clock.now(),
    )?;

    // The originals, each streamed from the old vault into the new one.
    let items: Vec<(String, u64)> = case
        .conn()
        .prepare("SELECT sha256, size FROM item ORDER BY exhibit")
        .and_then(|mut s| {
            s.query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64)))?
                .collect()
        })
        .map_err(CaseError::sql("listing the originals"))?;
    progress.begin(items.len() as u64, items.iter().map(|(_, n)| n).sum());
    let mut dirs = BTreeSet::new();
    let mut bytes = 0u64;
    for (sha, size) in &items {
        if progress.cancelled() {
            return Err(CaseError::Stopped);
        }
        let from = case.vault().blob_path(sha);
        progress.file(&from);
        let dest = target.blob_path(sha);
        let dir = dest.parent().unwrap_or(staging).to_path_buf();
        if dirs.insert(dir.clone()) {
            fs::create_dir_all(&dir).map_err(CaseError::io(&dir))?;
        }
        copy_blob(case.vault(), &target, sha, &dest).map_err(|e| {
            if crypto::is_damaged(&e) {
                CaseError::Damaged {
                    path: from.clone(),
                    detail: e.to_string(),
                }
            } else {
                CaseError::io(&from)(e)
            }
        })?;
        bytes += size;
        progress.advance(*size);
    }
    for dir in &dirs {
        sync_dir(dir).map_err(CaseError::io(dir))?;
    }
    sync_dir(&staging.join(BLOBS_DIR)).map_err(CaseError::io(staging))?;

    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(CaseError::sql("recording the conversion"))?;
    audit::append(
        &tx,
        clock.now(),
        actor,
        if encrypted {
            Action::CaseEncrypted
        } else {
            Action::CaseDecrypted
        },
        &serde_json::json!({
            "exhibits": items.len(),
            "bytes": bytes,
            "program": format!("dossier {}", crate::VERSION),
        }),
    )
    .map_err(CaseError::sql("recording the conversion"))?;
    tx.commit()
        .map_err(CaseError::sql("recording the conversion"))?;
    // Fold the write-ahead log into the database before the folder moves.
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .map_err(CaseError::sql("recording the conversion"))?;
    drop(conn);
    sync_dir(staging).map_err(CaseError::io(staging))?;
    progress.end();

    // Nothing takes the old case's place unless it verifies intact.
    let built = match target.key() {
        None => Case::open_at(staging, None, clock)?,
        Some(_) => Case::open_keyed(staging, target.clone(), clock)?,
    };
    let report = verify::verify(&built, &mut crate::progress::Silent);
    if !report.is_intact() || report.exhibits != items.len() as u64 {
        return Err(CaseError::Damaged {
            path: staging.to_path_buf(),
            detail: format!(
                "the converted copy did not verify ({} problems); the case was left as it was",
                report.problems.len()
            ),
        });
    }
    Ok(Converted {
        encrypted,
        exhibits: items.len() as u64,
        bytes,
    })
}

/// Copies one original's plaintext from `from` into `to`, read-only and
/// fsynced.
fn copy_blob(from: &Vault, to: &Vault, sha: &str, dest: &Path) -> io::Result<()> {
    let (tmp, file) = blob::create_tmp(to.root(), "part")?;
    let result = (|| {
        let mut writer = to.blob_writer(file)?;
        io::copy(&mut from.open_blob(sha)?, &mut writer)?;
        let file = writer.finish()?;
        file.sync_all()?;
        let mut perms = file.metadata()?.permissions();
        perms.set_readonly(true);
        file.set_permissions(perms)?;
        fs::rename(&tmp, dest)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Swaps the two folders atomically where the system can; elsewhere, two
/// renames (a crash between them leaves the case under the staging name,
/// whole).
fn exchange(root: &Path, staging: &Path) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        match renameat_with(CWD, root, CWD, staging, RenameFlags::EXCHANGE) {
            Ok(()) => {
                let parent = root.parent().unwrap_or(Path::new("."));
                return sync_dir(parent);
            }
            Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {}
            Err(e) => return Err(e.into()),
        }
    }
    let aside = {
        let mut name = root.file_name().unwrap_or_default().to_os_string();
        name.push(".old");
        root.with_file_name(name)
    };
    fs::rename(root, &aside)?;
    fs::rename(staging, root)?;
    fs::rename(&aside, staging)?;
    sync_dir(root.parent().unwrap_or(Path::new(".")))
}
