//! Adding originals to a case: files given on the command line or dropped on
//! the app, and (through [`crate::evidence::note`]) typed notes.
//!
//! Each source is read exactly once: its bytes go to `tmp/` while SHA-256 is
//! computed in the same pass ([`crate::case::blob::stage`]). Files are then
//! committed in groups: placed under `blobs/`, made durable, and referenced in
//! one database transaction together with one audit entry per item. A crash
//! at any point leaves every file either fully stored and referenced, or
//! absent. A file that fails is named with the reason; the rest are stored.

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

/// The files a list of paths stands for, with their sizes; what could not
/// be listed; and the hidden entries and links passed over.
///
/// Links: a path named on the command line (or dropped on the app) is the
/// user's choice and is followed, file or folder — they named it. Inside a
/// folder being walked no link is followed, to a file or a folder: a link
/// there points outside what the user chose (`/etc/shadow`), or loops. The
/// links passed over are listed ([`SkippedLink`]) so the user can name any
/// they meant.
struct Listing {
    recursion: Recursion,
    /// The case itself, which is never walked into or added to itself.
    case_root: PathBuf,
    files: Vec<Listed>,
    failures: Vec<IngestError>,
    hidden: Vec<PathBuf>,
    links: Vec<SkippedLink>,
}

/// A file to read, and for one found in a walked folder, which file it was
/// when listed: the file opened must be that one, so a link or another file
/// put in its place (or in place of a folder above it) between listing and
/// reading is never followed.
struct Listed {
    path: PathBuf,
    len: u64,
    walked: Option<Identity>,
}

/// A file's device and inode number (on Unix; elsewhere nothing to compare).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Identity(u64, u64);

impl Identity {
    #[cfg(unix)]
    fn of(meta: &fs::Metadata) -> Option<Identity> {
        use std::os::unix::fs::MetadataExt;
        Some(Identity(meta.dev(), meta.ino()))
    }

    #[cfg(not(unix))]
    fn of(_meta: &fs::Metadata) -> Option<Identity> {
        None
    }
}

impl Listed {
    fn open(&self) -> Result<File, IngestError> {
        let file = File::open(&self.path).map_err(|e| IngestError::read(&self.path, e))?;
        if let Some(listed) = self.walked {
            let meta = file
                .metadata()
                .map_err(|e| IngestError::read(&self.path, e))?;
            if Identity::of(&meta) != Some(listed) {
                return Err(IngestError::ChangedWhileReading {
                    path: self.path.clone(),
                });
            }
        }
        Ok(file)
    }
}

impl Listing {
    fn inside_case(&self, path: &Path) -> bool {
        fs::canonicalize(path).is_ok_and(|p| p.starts_with(&self.case_root))
    }

    fn walk(&mut self, path: &Path) {
        let meta = match fs::metadata(path) {
            Ok(meta) => meta,
            Err(e) => return self.failures.push(IngestError::read(path, e)),
        };
        if meta.is_file() {
            if self.inside_case(path) {
                return self.failures.push(IngestError::InsideCase {
                    path: path.to_path_buf(),
                });
            }
            self.files.push(Listed {
                path: path.to_path_buf(),
                len: meta.len(),
                walked: None,
            });
        } else if meta.is_dir() {
            if self.recursion == Recursion::No {
                return self.failures.push(IngestError::IsDirectory {
                    path: path.to_path_buf(),
                });
            }
            if self.inside_case(path) {
                return self.failures.push(IngestError::InsideCase {
                    path: path.to_path_buf(),
                });
            }
            self.walk_dir(path);
        } else {
            self.failures.push(IngestError::NotAFile {
                path: path.to_path_buf(),
            });
        }
    }

    fn walk_dir(&mut self, dir: &Path) {
        let mut entries: Vec<(PathBuf, Option<fs::FileType>)> = match fs::read_dir(dir) {
            Ok(entries) => entries
                .filter_map(|e| e.ok())
                .map(|e| (e.path(), e.file_type().ok()))
                .collect(),
            Err(e) => return self.failures.push(IngestError::read(dir, e)),
        };
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        for (entry, file_type) in entries {
            if entry
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            {
                self.hidden.push(entry);
                continue;
            }
            // The entry itself, never what a link points to.
            let meta = match file_type {
                Some(t) if t.is_symlink() => None,
                _ => match fs::symlink_metadata(&entry) {
                    Ok(meta) => Some(meta),
                    Err(e) => {
                        self.failures.push(IngestError::read(&entry, e));
                        continue;
                    }
                },
            };
            match meta {
                None => self.links.push(SkippedLink {
                    target: fs::read_link(&entry).ok(),
                    link: entry,
                }),
                Some(meta) if meta.file_type().is_symlink() => self.links.push(SkippedLink {
                    target: fs::read_link(&entry).ok(),
                    link: entry,
                }),
                // A case folder met in a walk (say, `add -r .` run beside it)
                // is passed over quietly: it is not evidence.
                Some(meta) if meta.is_dir() && self.inside_case(&entry) => {}
                Some(meta) if meta.is_dir() => self.walk_dir(&entry),
                Some(meta) if meta.is_file() => {
                    if self.inside_case(&entry) {
                        self.failures.push(IngestError::InsideCase { path: entry });
                    } else {
                        self.files.push(Listed {
                            len: meta.len(),
                            walked: Identity::of(&meta),
                            path: entry,
                        });
                    }
                }
                Some(_) => self.failures.push(IngestError::NotAFile { path: entry }),
            }
        }
    }
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

/// The error of a failed group commit, and the position in the group of the
/// file it belongs to (`None`: the whole group, such as a full disk or a
/// failed commit).
pub(crate) type GroupFailure = (Option<usize>, IngestError);

/// Work done inside a group's transaction once its items are recorded (an
/// import's events); its failure rolls the whole group back.
pub(crate) type Hook<'h> =
    &'h mut dyn FnMut(&Transaction<'_>, &[(usize, Outcome)]) -> rusqlite::Result<()>;

/// Places and records a group of prepared, durable items in one transaction,
/// pushing one outcome per item. On failure nothing of the group stays
/// referenced; when the failure is one file's, that file is named and the
/// rest of the group is committed without it.
pub(crate) fn commit(
    case: &mut Case,
    group: Vec<Prepared>,
    contributor: Option<&str>,
    clock: &dyn Clock,
    actor: &str,
    outcomes: &mut Vec<(usize, Outcome)>,
    syncer: &mut blob::Syncer,
) {
    if group.is_empty() {
        return;
    }
    match commit_group(
        case,
        &group,
        contributor,
        clock,
        actor,
        syncer,
        &mut |_, _| Ok(()),
    ) {
        Ok(done) => {
            for p in &group {
                p.staged.discard();
            }
            outcomes.extend(done);
        }
        Err((Some(culprit), error)) => {
            // One file's failure: name it, and commit the others without it.
            let mut rest = group;
            let failed = rest.remove(culprit);
            failed.staged.discard();
            outcomes.push((failed.index, Outcome::Failed(error)));
            commit(case, rest, contributor, clock, actor, outcomes, syncer);
        }
        Err((None, error)) => {
            let message = error.to_string();
            let mut error = Some(error);
            for p in &group {
                p.staged.discard();
                // The first file carries the error; the others say why they
                // were not stored either.
                let e = error.take().unwrap_or_else(|| IngestError::Write {
                    path: p.path.clone(),
                    source: io::Error::other(format!(
                        "not stored because storing its batch failed: {message}"
                    )),
                });
                outcomes.push((p.index, Outcome::Failed(e)));
            }
        }
    }
}

/// The transaction of [`commit`]: journal, place, make durable, record each
/// item with its audit entry, run `hook`, commit. On failure the placements
/// are undone; the temporary files are left to the caller either way.
pub(crate) fn commit_group(
    case: &mut Case,
    group: &[Prepared],
    contributor: Option<&str>,
    clock: &dyn Clock,
    actor: &str,
    syncer: &mut blob::Syncer,
    hook: Hook<'_>,
) -> Result<Vec<(usize, Outcome)>, GroupFailure> {
    let Some(first) = group.first() else {
        return Ok(Vec::new());
    };
    let vault = case.vault().clone();
    let root = vault.root().to_path_buf();
    let conn = case.conn_mut();
    let mut journal = None;
    let whole = |e: IngestError| (None, e);
    let result = (|| -> Result<Vec<(usize, Outcome)>, GroupFailure> {
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| whole(IngestError::record(&first.path, e)))?;
        // Which hashes are new to the case, each once, in input order.
        let mut new_shas: Vec<&str> = Vec::new();
        let mut seen = HashSet::new();
        for (i, p) in group.iter().enumerate() {
            let known = exhibit_for(&tx, &p.staged.sha256)
                .map_err(|e| (Some(i), IngestError::record(&p.path, e)))?;
            if known.is_none() && seen.insert(p.staged.sha256.as_str()) {
                new_shas.push(&p.staged.sha256);
            }
        }
        if !new_shas.is_empty() {
            let path = blob::write_journal(&vault, &new_shas)
                .map_err(|e| whole(IngestError::write(&first.path, e)))?;
            journal = Some(path);
        }
        let mut touched = BTreeSet::new();
        let mut known_dirs = BTreeSet::new();
        let mut new_dirs = BTreeSet::new();
        let mut placed = HashSet::new();
        for (i, p) in group.iter().enumerate() {
            if new_shas.contains(&p.staged.sha256.as_str())
                && placed.insert(p.staged.sha256.as_str())
            {
                let result: io::Result<Placed> =
                    blob::place(&vault, &p.staged, &mut known_dirs, &mut new_dirs);
                result.map_err(|e| (Some(i), IngestError::write(&p.path, e)))?;
                touched.insert(case_blob_dir(&vault, &p.staged.sha256));
            }
        }
        syncer
            .sync_placed(&root, &touched, &new_dirs)
            .map_err(|e| whole(IngestError::write(&first.path, e)))?;

        let now = clock.now();
        let actor = contributor.unwrap_or(actor);
        let mut done = Vec::with_capacity(group.len());
        for (i, p) in group.iter().enumerate() {
            let outcome = record(&tx, p, contributor, now, actor)
                .map_err(|e| (Some(i), IngestError::record(&p.path, e)))?;
            done.push((p.index, outcome));
        }
        hook(&tx, &done).map_err(|e| whole(IngestError::record(&first.path, e)))?;
        tx.commit()
            .map_err(|e| whole(IngestError::record(&first.path, e)))?;
        Ok(done)
    })();
    if let Some(journal) = &journal {
        match &result {
            Ok(_) => {
                let _ = fs::remove_file(journal);
            }
            // The transaction rolled back, so nothing placed is referenced.
            Err(_) => {
                let _ = blob::undo_placements(&vault, conn, journal);
            }
        }
    }
    result
}

fn case_blob_dir(vault: &crate::case::vault::Vault, sha256: &str) -> PathBuf {
    let path = vault.blob_path(sha256);
    path.parent().unwrap_or(vault.root()).to_path_buf()
}

fn exhibit_for(tx: &Transaction<'_>, sha256: &str) -> rusqlite::Result<Option<i64>> {
    tx.query_row(
        "SELECT exhibit FROM item WHERE sha256 = ?1",
        [sha256],
        |r| r.get(0),
    )
    .optional()
}

/// The contributor's id, created if new. Called only by a change that
/// also appends its entry, which seals the new row.
pub(crate) fn ensure_contributor(tx: &Transaction<'_>, name: &str) -> rusqlite::Result<i64> {
    tx.execute(
        "INSERT OR IGNORE INTO contributor (name) VALUES (?1)",
        [name],
    )?;
    tx.query_row("SELECT id FROM contributor WHERE name = ?1", [name], |r| {
        r.get(0)
    })
}

/// Records one prepared item (or a further acquisition of a known one) with
/// its audit entry.
fn record(
    tx: &Transaction<'_>,
    p: &Prepared,
    contributor: Option<&str>,
    now: Timestamp,
    actor: &str,
) -> rusqlite::Result<Outcome> {
    let acquired_at = format_utc(now);
    let modified_at = p.modified_at.map(format_utc);
    // Looked up, not created: a batch of duplicates writes no row at all.
    let known_contributor: Option<Option<i64>> = match contributor {
        None => Some(None),
        Some(name) => tx
            .query_row("SELECT id FROM contributor WHERE name = ?1", [name], |r| {
                r.get(0)
            })
            .optional()?
            .map(Some),
    };
    if let Some(exhibit) = exhibit_for(tx, &p.staged.sha256)? {
        let known_source: bool = match known_contributor {
            None => false,
            Some(contributor_id) => tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM acquisition WHERE exhibit = ?1 AND contributor_id IS ?2)",
                params![exhibit, contributor_id],
                |r| r.get(0),
            )?,
        };
        if known_source {
            return Ok(Outcome::Duplicate {
                path: p.path.clone(),
                exhibit,
                recorded: false,
            });
        }
        let contributor_id = match contributor {
            Some(name) => Some(ensure_contributor(tx, name)?),
            None => None,
        };
        let seq = audit::reserve(tx)?;
        tx.execute(
            "INSERT INTO acquisition (exhibit, contributor_id, original_name, original_path, modified_at, note, acquired_at, audit_seq)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![exhibit, contributor_id, p.original_name, p.original_path, modified_at, p.note, acquired_at, seq],
        )?;
        audit::append(
            tx,
            now,
            actor,
            Action::ItemAcquiredAgain,
            &serde_json::json!({
                "exhibit": exhibit,
                "sha256": p.staged.sha256,
                "contributor": contributor,
                "original_name": p.original_name,
                "original_path": p.original_path,
                "modified_at": modified_at,
                "note": p.note,
            }),
        )?;
        return Ok(Outcome::Duplicate {
            path: p.path.clone(),
            exhibit,
            recorded: true,
        });
    }

    let exhibit: i64 = tx.query_row(
        "SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'item'), 0) + 1",
        [],
        |r| r.get(0),
    )?;
    let c = &p.capture;
    let captured_at = format_utc(c.at);
    let captured_offset = c.offset.map(format_offset);
    let duration_ms = p.duration_ms.and_then(|d| i64::try_from(d).ok());
    let action = match p.origin {
        Origin::File => Action::ItemAdded,
        Origin::Note => Action::NoteAdded,
    };
    let contributor_id = match contributor {
        Some(name) => Some(ensure_contributor(tx, name)?),
        None => None,
    };
    let seq = audit::reserve(tx)?;
    tx.execute(
        "INSERT INTO item (exhibit, sha256, size, kind, media_type, origin, captured_at, captured_offset,
                           capture_basis, capture_raw, capture_zone_assumed, duration_ms, added_at, audit_seq)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        params![
            exhibit,
            p.staged.sha256,
            p.staged.size as i64,
            p.kind.as_str(),
            p.media_type,
            p.origin.as_str(),
            captured_at,
            captured_offset,
            c.basis.as_str(),
            c.raw,
            c.zone_assumed,
            duration_ms,
            acquired_at,
            seq
        ],
    )?;
    tx.execute(
        "INSERT INTO acquisition (exhibit, contributor_id, original_name, original_path, modified_at, note, acquired_at, audit_seq)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![exhibit, contributor_id, p.original_name, p.original_path, modified_at, p.note, acquired_at, seq],
    )?;
    if let Some(event) = &p.event {
        let party_id = match &event.party_key {
            Some(key) => Some(crate::people::party::ensure(tx, key)?),
            None => None,
        };
        let reached = match event.reached_key.as_deref() {
            Some(crate::people::party::SELF_KEY) => Some(crate::people::party::ensure_self(tx)?),
            Some(key) => Some(crate::people::party::ensure(tx, key)?),
            None => None,
        };
        tx.execute(
            "INSERT INTO event (exhibit, record, occurred_at, occurred_offset, channel, party, body, duration_ms, party_id, owner_party)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![exhibit, event.record, captured_at, captured_offset, event.channel, event.party, event.body, duration_ms, party_id, reached],
        )?;
    }
    let appended = audit::append(
        tx,
        now,
        actor,
        action,
        &serde_json::json!({
            "exhibit": exhibit,
            "sha256": p.staged.sha256,
            "size": p.staged.size,
            "kind": p.kind.as_str(),
            "media_type": p.media_type,
            "origin": p.origin.as_str(),
            "contributor": contributor,
            "original_name": p.original_name,
            "original_path": p.original_path,
            "modified_at": modified_at,
            "note": p.note,
            "capture": {
                "at": captured_at,
                "offset": captured_offset,
                "basis": c.basis.as_str(),
                "raw": c.raw,
                "zone_assumed": c.zone_assumed,
            },
            "duration_ms": duration_ms,
            "event": p.event.as_ref().map(|e| {
                let mut event = serde_json::json!({
                    "record": e.record,
                    "channel": e.channel,
                    "party": e.party,
                });
                if let Some(reached) = &e.reached_key {
                    event["reached"] = serde_json::Value::String(reached.clone());
                }
                event
            }),
        }),
    )?;
    debug_assert_eq!(appended, seq, "the entry gets the number reserved for it");
    Ok(Outcome::Added(Added {
        path: p.path.clone(),
        exhibit,
        sha256: p.staged.sha256.clone(),
        size: p.staged.size,
        kind: p.kind,
        basis: c.basis,
    }))
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
