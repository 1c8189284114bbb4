//! Why a case could not be created, opened or changed: [`CaseError`], which
//! the storage layers (blobs, vault, database) return as well, so it lives
//! apart from `case.rs` and they need not import the case.

use crate::case::layout::DB_FILE;
use std::io;
use std::path::PathBuf;

/// Why a folder is not a case (see [`CaseError::NotACase`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotACase {
    /// Nothing is at the path.
    Missing,
    /// A file, not a folder.
    IsAFile,
    /// A folder without `case.sqlite`.
    NoDatabase,
    /// Its `case.sqlite` (this file) is another program's database.
    ForeignDatabase(PathBuf),
}

impl std::fmt::Display for NotACase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotACase::Missing => f.write_str("it does not exist"),
            NotACase::IsAFile => f.write_str("it is a file, not a folder"),
            NotACase::NoDatabase => {
                write!(f, "it has no {DB_FILE}; create a case with `dossier init`")
            }
            NotACase::ForeignDatabase(db) => {
                write!(
                    f,
                    "{} is an SQLite database of another program",
                    db.display()
                )
            }
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CaseError {
    #[error("{} is not a Dossier case folder: {reason}", path.display())]
    NotACase { path: PathBuf, reason: NotACase },
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
    #[error(
        "{} is damaged or not Dossier's: {problem}. The passphrase was not tried and nothing was changed; \
         restore key.json from a copy of the case folder",
        path.display()
    )]
    KeyDamaged {
        path: PathBuf,
        problem: crate::case::crypto::KeyProblem,
    },
    #[error(
        "{} is an encrypted case: give its passphrase (the terminal asks for it, or set DOSSIER_PASSPHRASE)",
        path.display()
    )]
    Locked { path: PathBuf },
    #[error("wrong passphrase for {}: nothing was opened or changed", path.display())]
    WrongPassphrase { path: PathBuf },
    #[error("{} is not encrypted: it has no passphrase to check or change", path.display())]
    NotEncrypted { path: PathBuf },
    #[error(
        "{} is open in another program (the Dossier app, or another command): close it there and try again; nothing was changed",
        path.display()
    )]
    InUse { path: PathBuf },
    #[error("{} is already encrypted", path.display())]
    AlreadyEncrypted { path: PathBuf },
    #[error("the passphrase is empty: choose one of at least {min} characters", min = crate::case::crypto::MIN_PASSPHRASE)]
    WeakPassphrase,
    #[error("could not protect the case: {0}")]
    Crypto(String),
    #[error("stopped — the case is exactly as it was")]
    Stopped,
    #[error("unknown time zone {zone:?}: use a name such as Asia/Shanghai or America/New_York")]
    UnknownTimeZone { zone: String },
    #[error("{day} is not a day of the month: give paydays from 1 to 31")]
    NotADay { day: i8 },
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
