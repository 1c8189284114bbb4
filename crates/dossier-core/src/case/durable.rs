//! The two file-system steps every writer of a case shares, below the blob
//! store and the vault: a unique temporary file in `tmp/`, created
//! exclusively, and a folder sync that makes new entries durable.

use crate::case::layout::TMP_DIR;
use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

static TMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// A new, unique file in `tmp/`, created exclusively.
pub(crate) fn create_tmp(root: &Path, suffix: &str) -> io::Result<(PathBuf, File)> {
    loop {
        let n = TMP_COUNTER.fetch_add(1, Ordering::Relaxed);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let path = root
            .join(TMP_DIR)
            .join(format!("{}-{nanos:09}-{n}.{suffix}", std::process::id()));
        // Readable too: an importer reads the staged copy through this very
        // handle, never by its name.
        match OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(file) => return Ok((path, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Makes a folder's entries durable (a no-op where folders cannot be synced).
pub(crate) fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}
