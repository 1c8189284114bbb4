//! The names inside a case folder, for every module that reaches into it.

/// The case database.
pub(crate) const DB_FILE: &str = "case.sqlite";
/// The originals, by SHA-256.
pub(crate) const BLOBS_DIR: &str = "blobs";
/// Files being written, and the lock file.
pub(crate) const TMP_DIR: &str = "tmp";
/// Held while the case is open.
pub(crate) const LOCK_FILE: &str = ".lock";
