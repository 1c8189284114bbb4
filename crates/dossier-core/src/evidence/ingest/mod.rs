//! Adding originals to a case: files given on the command line or dropped on
//! the app, and (through [`crate::evidence::note`]) typed notes.
//!
//! Each source is read exactly once: its bytes go to `tmp/` while SHA-256 is
//! computed in the same pass ([`crate::case::blob::stage`]). Files are then
//! committed in groups: placed under `blobs/`, made durable, and referenced in
//! one database transaction together with one audit entry per item. A crash
//! at any point leaves every file either fully stored and referenced, or
//! absent. A file that fails is named with the reason; the rest are stored.

mod commit;
mod listing;

pub(crate) use commit::*;
use listing::*;

use crate::case::Case;
use crate::case::audit::{self, Action};
use crate::case::blob::{self, Placed, StageError, Staged};
use crate::clock::{Clock, format_utc};
use crate::evidence::capture::{self, Basis, Capture};
use crate::model::kind::{Kind, sniff};
use crate::when::StatedTime;
use crate::when::format_offset;
use jiff::Timestamp;
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};
use std::collections::{BTreeSet, HashSet};
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};

/// Files committed together in one transaction, at most.
const GROUP_FILES: usize = 64;
/// Bytes committed together in one transaction, at most (a single larger file
/// is its own group).
const GROUP_BYTES: u64 = 256 << 20;
/// Threads that fsync staged files while the next ones are read. They spend
/// their time waiting on the disk, so more than the cores is fine.
const SYNC_WORKERS: usize = 4;

/// Why one file could not be stored. Every message names the file, says what
/// was wrong and what to do; nothing of the file was kept.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("{}: no such file — check the path", path.display())]
    NotFound { path: PathBuf },
    #[error("{} is a folder — add --recursive to add every file inside it", path.display())]
    IsDirectory { path: PathBuf },
    #[error("{} is not a regular file (a device, pipe or socket) — copy what it holds to a file first", path.display())]
    NotAFile { path: PathBuf },
    #[error("{}: permission denied — make the file readable for your user, or copy it somewhere readable", path.display())]
    PermissionDenied { path: PathBuf },
    #[error("{} is inside the case folder itself — add files from outside it", path.display())]
    InsideCase { path: PathBuf },
    #[error("{} is empty (0 bytes) — an empty file proves nothing; export or copy it again", path.display())]
    Empty { path: PathBuf },
    #[error(
        "{} changed while it was being read (its size or modification time differs) — wait until whatever is \
         writing it has finished, then add it again",
        path.display()
    )]
    ChangedWhileReading { path: PathBuf },
    #[error("not enough space to store {}: the disk is full — free some space and add it again", path.display())]
    DiskFull { path: PathBuf },
    #[error("cannot read {}: {source}", path.display())]
    Read { path: PathBuf, source: io::Error },
    #[error("cannot write {} into the case: {source}", path.display())]
    Write { path: PathBuf, source: io::Error },
    #[error("cannot record {} in the case database: {source}", path.display())]
    Record {
        path: PathBuf,
        source: rusqlite::Error,
    },
}

impl IngestError {
    pub(crate) fn read(path: &Path, e: io::Error) -> IngestError {
        let path = path.to_path_buf();
        match e.kind() {
            io::ErrorKind::NotFound => IngestError::NotFound { path },
            io::ErrorKind::PermissionDenied => IngestError::PermissionDenied { path },
            io::ErrorKind::IsADirectory => IngestError::IsDirectory { path },
            _ => IngestError::Read { path, source: e },
        }
    }

    fn write(path: &Path, e: io::Error) -> IngestError {
        let path = path.to_path_buf();
        match e.kind() {
            io::ErrorKind::StorageFull
            | io::ErrorKind::FileTooLarge
            | io::ErrorKind::QuotaExceeded => IngestError::DiskFull { path },
            _ => IngestError::Write { path, source: e },
        }
    }

    fn stage(path: &Path, e: StageError) -> IngestError {
        match e {
            StageError::Read(e) => IngestError::read(path, e),
            StageError::Write(e) => IngestError::write(path, e),
        }
    }

    fn record(path: &Path, e: rusqlite::Error) -> IngestError {
        if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DiskFull) {
            return IngestError::DiskFull {
                path: path.to_path_buf(),
            };
        }
        IngestError::Record {
            path: path.to_path_buf(),
            source: e,
        }
    }

    /// The file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            IngestError::NotFound { path }
            | IngestError::IsDirectory { path }
            | IngestError::NotAFile { path }
            | IngestError::PermissionDenied { path }
            | IngestError::InsideCase { path }
            | IngestError::Empty { path }
            | IngestError::ChangedWhileReading { path }
            | IngestError::DiskFull { path }
            | IngestError::Read { path, .. }
            | IngestError::Write { path, .. }
            | IngestError::Record { path, .. } => path,
        }
    }
}

/// Whether folders given to `add` are walked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Recursion {
    #[default]
    No,
    Yes,
}

/// What `dossier add` asks for.
#[derive(Debug, Clone, Default)]
pub struct AddOptions {
    pub contributor: Option<String>,
    pub note: Option<String>,
    /// A capture time stated by the contributor, overriding what the files say.
    pub at: Option<StatedTime>,
    pub recursive: Recursion,
}

// Every long operation reports through these; they live apart so that
// verify, convert and export need not depend on ingest.
pub use crate::progress::{Progress, Silent};

/// An item that was stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Added {
    pub path: PathBuf,
    pub exhibit: i64,
    pub sha256: String,
    pub size: u64,
    pub kind: Kind,
    pub basis: Basis,
}

/// What became of one input.
#[derive(Debug)]
pub enum Outcome {
    Added(Added),
    /// The same bytes are already exhibit `exhibit`. When they came from a
    /// contributor not yet recorded for it, that acquisition was recorded.
    Duplicate {
        path: PathBuf,
        exhibit: i64,
        recorded: bool,
    },
    Failed(IngestError),
}

/// The result of an ingest, in input order.
#[derive(Debug, Default)]
pub struct AddReport {
    pub outcomes: Vec<Outcome>,
    /// Hidden files (names starting with `.`) passed over in folders.
    pub skipped_hidden: Vec<PathBuf>,
    /// Symbolic links met while walking a folder, never followed: a link
    /// can point anywhere (`/etc/shadow`, another user's files), and what a
    /// folder holds is not what its links point to.
    pub skipped_links: Vec<SkippedLink>,
    /// Files not reached because the user stopped the ingest; everything
    /// before them was stored.
    pub not_reached: Vec<PathBuf>,
}

impl AddReport {
    pub fn added(&self) -> impl Iterator<Item = &Added> {
        self.outcomes.iter().filter_map(|o| match o {
            Outcome::Added(a) => Some(a),
            _ => None,
        })
    }

    pub fn failures(&self) -> impl Iterator<Item = &IngestError> {
        self.outcomes.iter().filter_map(|o| match o {
            Outcome::Failed(e) => Some(e),
            _ => None,
        })
    }
}

/// A symbolic link passed over in a folder, and where it points (as
/// written in the link; `None` when it could not be read).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedLink {
    pub link: PathBuf,
    pub target: Option<PathBuf>,
}

/// Where an item came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    File,
    Note,
}

impl Origin {
    fn as_str(self) -> &'static str {
        match self {
            Origin::File => "file",
            Origin::Note => "note",
        }
    }
}

/// The event an item yields.
#[derive(Debug, Clone)]
pub(crate) struct EventSpec {
    pub record: &'static str,
    pub channel: String,
    pub party: Option<String>,
    /// The party key the written party maps to, if it is a number or account.
    pub party_key: Option<String>,
    /// For a note, the party key of whom it happened to (`None`: the
    /// debtor); stored as the event's `owner_party`.
    pub reached_key: Option<String>,
    pub body: Option<String>,
}

/// A source staged in `tmp/` with everything needed to record it.
#[derive(Debug)]
pub(crate) struct Prepared {
    pub index: usize,
    pub path: PathBuf,
    pub staged: Staged,
    pub kind: Kind,
    pub media_type: Option<String>,
    pub capture: Capture,
    pub duration_ms: Option<u64>,
    pub origin: Origin,
    pub original_name: Option<String>,
    pub original_path: Option<String>,
    pub modified_at: Option<Timestamp>,
    pub note: Option<String>,
    /// The event the item yields on its own; `None` for an export (its
    /// records yield the events) and for what is extracted from one.
    pub event: Option<EventSpec>,
}

/// Stores every file in `paths` (walking folders when asked).
pub fn add_files(
    case: &mut Case,
    paths: &[PathBuf],
    options: &AddOptions,
    clock: &dyn Clock,
    actor: &str,
    progress: &mut dyn Progress,
) -> AddReport {
    let mut report = AddReport::default();
    let mut listing = Listing {
        recursion: options.recursive,
        case_root: fs::canonicalize(case.root()).unwrap_or_else(|_| case.root().to_path_buf()),
        files: Vec::new(),
        failures: Vec::new(),
        hidden: Vec::new(),
        links: Vec::new(),
    };
    for path in paths {
        listing.walk(path);
    }
    let files = listing.files;
    report.skipped_hidden = listing.hidden;
    report.skipped_links = listing.links;
    // Inputs that could not even be listed come first, in the order met.
    let mut outcomes: Vec<(usize, Outcome)> = listing
        .failures
        .into_iter()
        .map(Outcome::Failed)
        .enumerate()
        .collect();
    let offset = outcomes.len();

    let total_bytes = files.iter().map(|f| f.len).sum();
    progress.begin(files.len() as u64, total_bytes);
    let mut syncer = blob::Syncer::new(case.root(), SYNC_WORKERS);
    let mut buffers = blob::Buffers::default();
    let mut group: Vec<Prepared> = Vec::new();
    let mut group_bytes = 0u64;
    for (i, listed) in files.iter().enumerate() {
        let path = &listed.path;
        if progress.cancelled() {
            report.not_reached = files[i..].iter().map(|f| f.path.clone()).collect();
            break;
        }
        progress.file(path);
        let prepared = listed.open().and_then(|mut file| {
            stage_file(
                case,
                path,
                &mut file,
                options,
                clock,
                &mut buffers,
                &mut |n| progress.advance(n),
            )
        });
        match prepared {
            Ok(mut prepared) => {
                prepared.index = offset + i;
                if let Err(e) = syncer.submit(prepared.index, &prepared.staged) {
                    prepared.staged.discard();
                    outcomes.push((prepared.index, Outcome::Failed(IngestError::write(path, e))));
                    continue;
                }
                group_bytes += prepared.staged.size;
                group.push(prepared);
                if group.len() >= GROUP_FILES || group_bytes >= GROUP_BYTES {
                    let durable =
                        wait_durable(&mut syncer, std::mem::take(&mut group), &mut outcomes);
                    commit(
                        case,
                        durable,
                        options.contributor.as_deref(),
                        clock,
                        actor,
                        &mut outcomes,
                        &mut syncer,
                    );
                    group_bytes = 0;
                }
            }
            Err(e) => outcomes.push((offset + i, Outcome::Failed(e))),
        }
    }
    let durable = wait_durable(&mut syncer, group, &mut outcomes);
    commit(
        case,
        durable,
        options.contributor.as_deref(),
        clock,
        actor,
        &mut outcomes,
        &mut syncer,
    );
    progress.end();
    outcomes.sort_by_key(|(i, _)| *i);
    report.outcomes = outcomes.into_iter().map(|(_, o)| o).collect();
    report
}

/// Waits until every file of a group is durable; a file whose fsync failed is
/// dropped from the group with its error.
fn wait_durable(
    syncer: &mut blob::Syncer,
    group: Vec<Prepared>,
    outcomes: &mut Vec<(usize, Outcome)>,
) -> Vec<Prepared> {
    let mut durable = Vec::with_capacity(group.len());
    let ids: Vec<usize> = group.iter().map(|p| p.index).collect();
    for (p, result) in group.into_iter().zip(syncer.wait_all(&ids)) {
        match result {
            Ok(()) => durable.push(p),
            Err(e) => {
                p.staged.discard();
                outcomes.push((p.index, Outcome::Failed(IngestError::write(&p.path, e))));
            }
        }
    }
    durable
}

/// Reads one file into `tmp/` and works out what it is and when it was made.
pub(crate) fn prepare_file(
    case: &Case,
    path: &Path,
    options: &AddOptions,
    clock: &dyn Clock,
    buffers: &mut blob::Buffers,
    on_bytes: &mut dyn FnMut(u64),
) -> Result<Prepared, IngestError> {
    let mut file = File::open(path).map_err(|e| IngestError::read(path, e))?;
    stage_file(case, path, &mut file, options, clock, buffers, on_bytes)
}

/// The body of [`prepare_file`] once the file is open. `on_bytes` runs after
/// every chunk (tests use it to change the file mid-read).
pub(crate) fn stage_file(
    case: &Case,
    path: &Path,
    file: &mut File,
    options: &AddOptions,
    clock: &dyn Clock,
    buffers: &mut blob::Buffers,
    on_bytes: &mut dyn FnMut(u64),
) -> Result<Prepared, IngestError> {
    let before = file.metadata().map_err(|e| IngestError::read(path, e))?;
    if before.is_dir() {
        return Err(IngestError::IsDirectory {
            path: path.to_path_buf(),
        });
    }
    if !before.is_file() {
        return Err(IngestError::NotAFile {
            path: path.to_path_buf(),
        });
    }
    if before.len() == 0 {
        return Err(IngestError::Empty {
            path: path.to_path_buf(),
        });
    }
    let staged = blob::stage(case.vault(), file, before.len(), buffers, on_bytes)
        .map_err(|e| IngestError::stage(path, e))?;
    let after = file.metadata().map_err(|e| IngestError::read(path, e));
    let unchanged = after.as_ref().is_ok_and(|after| {
        after.len() == before.len()
            && staged.size == before.len()
            && after.modified().ok() == before.modified().ok()
    });
    if !unchanged {
        staged.discard();
        return Err(after.err().unwrap_or(IngestError::ChangedWhileReading {
            path: path.to_path_buf(),
        }));
    }

    let (kind, media_type) = sniff(&staged.head);
    let modified_at = before.modified().ok().and_then(capture::system_time);
    let media = match kind {
        Kind::Audio | Kind::Video => capture::media_info(&staged.tmp, media_type.as_deref()),
        _ => capture::MediaInfo::default(),
    };
    let zone = &case.info().time_zone;
    let found = match kind {
        Kind::Image => capture::exif_time(&staged.tmp, zone),
        Kind::Audio | Kind::Video => media.recorded_at.map(capture::from_media),
        _ => None,
    };
    let capture = match options.at {
        Some(stated) => stated_capture(stated),
        None => found
            .or_else(|| modified_at.map(capture::from_modified))
            .unwrap_or_else(|| capture::from_import(clock.now())),
    };
    let original_name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    // Made absolute as written (links are not resolved: that would cost a
    // look-up per path component, and the path as the user knows it is what
    // a court would be shown).
    let original_path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    Ok(Prepared {
        index: 0,
        path: path.to_path_buf(),
        staged,
        kind,
        media_type,
        capture,
        duration_ms: media.duration_ms,
        origin: Origin::File,
        original_name,
        original_path: Some(original_path.to_string_lossy().into_owned()),
        modified_at,
        note: options.note.clone(),
        event: Some(EventSpec {
            record: "file",
            channel: channel_for(kind).to_owned(),
            party: None,
            party_key: None,
            reached_key: None,
            body: None,
        }),
    })
}

/// A capture time the contributor stated.
pub(crate) fn stated_capture(stated: StatedTime) -> Capture {
    Capture {
        at: stated.at,
        offset: Some(stated.offset),
        basis: Basis::Stated,
        raw: stated
            .at
            .to_zoned_datetime(jiff::tz::TimeZone::fixed(stated.offset))
            .strftime("%Y-%m-%dT%H:%M:%S%:z")
            .to_string(),
        zone_assumed: false,
    }
}

/// The channel of the event a whole file yields.
fn channel_for(kind: Kind) -> &'static str {
    match kind {
        Kind::Image => "image",
        Kind::Audio => "recording",
        Kind::Video => "video",
        Kind::Document => "document",
        Kind::Text => "text",
        Kind::Other => "file",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::InitOptions;
    use crate::clock::FixedClock;
    use std::fs::OpenOptions;
    use std::io::{Seek, SeekFrom, Write};

    /// Reads a 3 MiB file while `change` alters it after the first read.
    fn read_while(change: impl Fn(&Path)) -> Result<Prepared, IngestError> {
        let dir = tempfile::tempdir().expect("tmp");
        let clock = FixedClock(Timestamp::UNIX_EPOCH);
        let case =
            Case::init(&dir.path().join("c"), &InitOptions::default(), &clock, "t").expect("case");
        let path = dir.path().join("growing.log");
        fs::write(&path, vec![1u8; 3 << 20]).expect("write");
        // An old time stamp, so that a write now surely changes it.
        let old = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
        File::options()
            .write(true)
            .open(&path)
            .and_then(|f| f.set_modified(old))
            .expect("mtime");
        let mut file = File::open(&path).expect("open");
        let mut changed = false;
        let result = stage_file(
            &case,
            &path,
            &mut file,
            &AddOptions::default(),
            &clock,
            &mut blob::Buffers::default(),
            &mut |_| {
                if !changed {
                    changed = true;
                    change(&path);
                }
            },
        );
        if let Ok(p) = &result {
            assert_eq!(p.staged.size, 3 << 20);
            p.staged.discard();
        }
        let left: Vec<_> = fs::read_dir(dir.path().join("c/tmp"))
            .expect("tmp")
            .filter_map(Result::ok)
            .collect();
        assert!(
            left.iter().all(|e| e.file_name() == ".lock"),
            "the partial copy is removed: {left:?}"
        );
        result
    }

    #[test]
    fn a_file_that_grows_while_it_is_read_is_refused() {
        let result = read_while(|path| {
            OpenOptions::new()
                .append(true)
                .open(path)
                .and_then(|mut f| f.write_all(b"more"))
                .expect("append");
        });
        assert!(
            matches!(result, Err(IngestError::ChangedWhileReading { .. })),
            "{result:?}"
        );
    }

    #[test]
    fn a_file_rewritten_in_place_while_it_is_read_is_refused() {
        let result = read_while(|path| {
            let mut f = OpenOptions::new().write(true).open(path).expect("open");
            f.seek(SeekFrom::Start(10))
                .and_then(|_| f.write_all(b"X"))
                .expect("overwrite");
        });
        assert!(
            matches!(result, Err(IngestError::ChangedWhileReading { .. })),
            "same size, new mtime: {result:?}"
        );
    }

    #[test]
    fn an_unchanged_file_is_staged() {
        let result = read_while(|_| {});
        assert!(result.is_ok(), "{result:?}");
    }
}
