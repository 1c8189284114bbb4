//! iOS backup folders: which databases a backup holds or lacks, its
//! `Manifest.db` (read without writing a byte beside it), and where a
//! message's attachment is among the backup's files.

use super::{CALL_HISTORY_ID, SMS_DB_ID};
use rusqlite::{Connection, OpenFlags};
use std::fs;
use std::path::{Path, PathBuf};

/// What an iOS backup folder holds, as far as importing goes.
#[derive(Debug, Default)]
pub struct Backup {
    /// The databases found, by their backup file IDs (`5a/5a49…` in recent
    /// backups, `5a49…` at the top in old ones).
    pub found: Vec<(PathBuf, crate::import::Format)>,
    /// Databases the backup's `Manifest.db` lists that the folder lacks
    /// (a copy that left files behind, a backup that did not finish).
    pub missing: Vec<crate::import::Format>,
    /// The backup is encrypted ("Encrypt local backup" was on): its
    /// `Manifest.db` and databases cannot be read without the iPhone's
    /// backup password, which Dossier does not take.
    pub encrypted: bool,
}

/// The files one path names for an import: the file itself, read as
/// `format` (detected when `None`), or the databases of an iOS backup
/// folder; for a folder, also what its `Manifest.db` lists and it lacks.
#[derive(Debug, Default)]
pub struct Sources {
    pub files: Vec<(PathBuf, Option<crate::import::Format>)>,
    /// The path is a backup folder.
    pub folder: bool,
    pub missing: Vec<crate::import::Format>,
    /// The folder is an encrypted backup: nothing in it can be read.
    pub encrypted: bool,
}

/// What `path` holds to import (see [`Sources`]).
pub fn sources(path: &Path, format: Option<crate::import::Format>) -> Sources {
    if !path.is_dir() {
        return Sources {
            files: vec![(path.to_path_buf(), format)],
            ..Sources::default()
        };
    }
    let found = backup(path);
    Sources {
        files: found
            .found
            .into_iter()
            .map(|(file, format)| (file, Some(format)))
            .collect(),
        folder: true,
        missing: found.missing,
        encrypted: found.encrypted,
    }
}

/// Looks into an iOS backup folder. `Manifest.db` is opened read-only and
/// only asked whether it lists the two databases; the folder is never
/// written to.
pub fn backup(dir: &Path) -> Backup {
    let mut backup = Backup::default();
    let wanted = [
        (CALL_HISTORY_ID, crate::import::Format::IosCalls),
        (SMS_DB_ID, crate::import::Format::IosSms),
    ];
    for (id, format) in wanted {
        for candidate in [dir.join(&id[..2]).join(id), dir.join(id)] {
            if candidate.is_file() {
                backup.found.push((candidate, format));
                break;
            }
        }
    }
    let manifest = dir.join("Manifest.db");
    let mut head = [0u8; 16];
    let Ok(mut file) = fs::File::open(&manifest) else {
        return backup;
    };
    if std::io::Read::read_exact(&mut file, &mut head).is_err() || &head != b"SQLite format 3\0" {
        // An encrypted backup's Manifest.db is ciphertext from its first byte.
        backup.encrypted = true;
        return backup;
    }
    let Some(listing) = Manifest::open(&manifest) else {
        return backup;
    };
    for (id, format) in wanted {
        let present = backup.found.iter().any(|(_, f)| *f == format);
        if !present && listing.lists(id) {
            backup.missing.push(format);
        }
    }
    backup
}

/// A backup's `Manifest.db`, opened read-only and query-only on the
/// user's file (it is not evidence and is never stored). Only an ordinary
/// `Files` table whose `fileID`, `domain` and `relativePath` are plain
/// columns is asked, by its primary key or one equality, so no view or
/// generated column can make a question cost more than a lookup.
pub(super) struct Manifest(Connection);

impl Manifest {
    pub(super) fn open(path: &Path) -> Option<Manifest> {
        // `immutable=1`: SQLite takes no lock and makes no `-shm` or
        // `-wal` beside the file (a plain read-only open of a WAL-mode
        // manifest, as iTunes writes it, would), so the backup folder is
        // left exactly as it was. A manifest's own `-wal`, if one was left
        // behind, is not read: the folder's files still decide.
        let mut uri = String::from("file:");
        for b in path.as_os_str().as_encoded_bytes() {
            match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                    uri.push(char::from(*b));
                }
                other => uri.push_str(&format!("%{other:02X}")),
            }
        }
        uri.push_str("?immutable=1");
        let conn = Connection::open_with_flags(
            &uri,
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI,
        )
        .ok()?;
        conn.pragma_update(None, "query_only", true).ok()?;
        let plain: bool = conn
            .query_row(
                "SELECT (SELECT type FROM sqlite_master WHERE name = 'Files') = 'table' \
                 AND (SELECT count(*) FROM pragma_table_xinfo('Files') \
                      WHERE name IN ('fileID', 'domain', 'relativePath') AND hidden = 0) = 3",
                [],
                |r| r.get(0),
            )
            .unwrap_or(false);
        plain.then_some(Manifest(conn))
    }

    /// Whether the manifest lists `file_id`.
    fn lists(&self, file_id: &str) -> bool {
        self.0
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM Files WHERE fileID = ?1)",
                [file_id],
                |r| r.get(0),
            )
            .unwrap_or(false)
    }

    /// The file ID of `relative` in `domain`, when it is a well-formed one
    /// (40 hexadecimal digits: it becomes a path in the folder).
    pub(super) fn file_id(&self, domain: &str, relative: &str) -> Option<String> {
        let id: String = self
            .0
            .query_row(
                "SELECT fileID FROM Files WHERE domain = ?1 AND relativePath = ?2 LIMIT 1",
                [domain, relative],
                |r| r.get(0),
            )
            .ok()?;
        (id.len() == 40 && id.bytes().all(|b| b.is_ascii_hexdigit())).then_some(id)
    }
}

/// The backup folder an sms.db was read from, when it was read from one:
/// the file is named by its file ID, at the top (old layout) or in the
/// folder named by the ID's first two digits.
pub(super) fn backup_root(db: &Path) -> Option<PathBuf> {
    if db.file_name()? != SMS_DB_ID {
        return None;
    }
    let parent = db.parent()?;
    let root = if parent.file_name()? == &SMS_DB_ID[..2] {
        parent.parent()?
    } else {
        parent
    };
    Some(root.to_path_buf())
}

/// Where a message's attachment is in a backup folder. `filename` is as
/// sms.db writes it (`~/Library/SMS/Attachments/ab/11/<guid>/IMG_0001.jpeg`,
/// or `/var/mobile/Library/…` on old iOS); the backup files it under
/// `MediaDomain` by the path below the home folder.
pub(super) fn attachment_file(root: &Path, manifest: &Manifest, filename: &str) -> Option<PathBuf> {
    let relative = filename
        .strip_prefix("~/")
        .or_else(|| filename.strip_prefix("/var/mobile/"))?;
    let id = manifest.file_id("MediaDomain", relative)?;
    [root.join(&id[..2]).join(&id), root.join(&id)]
        .into_iter()
        .find(|p| fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_file()))
}
