//! The originals on disk: content-addressed files under `blobs/`, written so
//! that a crash at any instant leaves either the whole file in place or
//! nothing the database refers to.
//!
//! Writing one original goes: stream the source into a fresh file in `tmp/`
//! while hashing the same bytes (hashing runs on a second thread, overlapping
//! the writes); fsync it and make it read-only; record the names about to be
//! placed in a journal in `tmp/` (fsynced); link each file to
//! `blobs/xx/<sha256>` (a link never replaces an existing file); fsync the
//! folders; and only then reference it in the database. A crash before the
//! database commit leaves placed-but-unreferenced files named in a journal,
//! which [`recover`] removes the next time the case is opened by a process
//! that has it to itself.

use crate::case::crypto::fill;
pub(crate) use crate::case::durable::{create_tmp, sync_dir};
use crate::case::error::CaseError;
use crate::case::layout::{BLOBS_DIR, TMP_DIR};
use crate::case::vault::{Reader, Vault};
use crate::hash::{hex, sha256_reader};
use rusqlite::{Connection, OptionalExtension};
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;
use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread;

/// Bytes read, written and hashed at a time.
const CHUNK: usize = 1 << 20;
/// Chunks in flight between the reading thread and the hashing thread; with
/// [`CHUNK`] this bounds an ingest's buffers at a few MiB whatever the size.
const BUFFERS: usize = 4;
/// While a large file is copied, the kernel is asked to start writing it to
/// disk every this many bytes, so the disk works during the copy.
const WRITEBACK_STEP: u64 = 16 << 20;
/// How much of the start of a file is kept in memory for sniffing its kind.
pub(crate) const HEAD: usize = 16 * 1024;

/// A source streamed into `tmp/` and hashed, not yet placed. It is durable
/// only once a [`Syncer`] has made it so.
#[derive(Debug)]
pub(crate) struct Staged {
    pub tmp: PathBuf,
    pub sha256: String,
    pub size: u64,
    /// The first bytes of the content, for sniffing.
    pub head: Vec<u8>,
    /// The open temporary file.
    pub file: File,
}

impl Staged {
    /// A second handle on the staged file, at its start, reading its
    /// plaintext: parsers read the bytes that were hashed through it,
    /// whatever happens to the file's name.
    pub fn reread(&self, vault: &Vault) -> Option<Reader> {
        use std::io::{Seek, SeekFrom};
        let mut file = self.file.try_clone().ok()?;
        file.seek(SeekFrom::Start(0)).ok()?;
        Some(vault.blob_reader(file))
    }

    /// Removes the temporary file (after a failure or once placed).
    pub fn discard(&self) {
        let _ = fs::remove_file(&self.tmp);
    }
}

/// Makes staged files and placements durable, the disk's work overlapping the
/// reading and hashing of the next file.
///
/// On Linux, each staged file's writeback is started at once (without
/// waiting), and one `syncfs` then makes a whole group durable, as `cp`
/// followed by one `sync` would: one journal commit and one cache flush per
/// group instead of one per file. Elsewhere (or with `DOSSIER_FSYNC=per-file`)
/// worker threads fsync each file as soon as it is staged. Either way a group
/// is committed only after [`Syncer::wait_all`] has returned for all of it.
#[derive(Debug)]
pub(crate) struct Syncer {
    /// On Linux, the case folder: one `syncfs` makes a whole group durable.
    whole_fs: Option<File>,
    jobs: Option<mpsc::Sender<(usize, SyncJob)>>,
    results: mpsc::Receiver<(usize, io::Result<()>)>,
    done: std::collections::HashMap<usize, io::Result<()>>,
    next_dir_id: usize,
    workers: Vec<thread::JoinHandle<()>>,
}

#[derive(Debug)]
enum SyncJob {
    File(File),
    Dir(PathBuf),
}

impl Syncer {
    pub fn new(root: &Path, workers: usize) -> Syncer {
        let whole_fs = whole_fs(root);
        let workers = if whole_fs.is_some() {
            0
        } else {
            workers.max(1)
        };
        let (jobs, queue) = mpsc::channel::<(usize, SyncJob)>();
        let queue = std::sync::Arc::new(std::sync::Mutex::new(queue));
        let (report, results) = mpsc::channel();
        let workers = (0..workers)
            .map(|_| {
                let queue = queue.clone();
                let report = report.clone();
                thread::spawn(move || {
                    loop {
                        let job = match queue.lock() {
                            Ok(queue) => queue.recv(),
                            Err(_) => return,
                        };
                        let Ok((id, job)) = job else { return };
                        let result = match job {
                            SyncJob::File(file) => file.sync_all(),
                            SyncJob::Dir(dir) => sync_dir(&dir),
                        };
                        if report.send((id, result)).is_err() {
                            return;
                        }
                    }
                })
            })
            .collect();
        Syncer {
            whole_fs,
            jobs: Some(jobs),
            results,
            done: Default::default(),
            next_dir_id: usize::MAX / 2,
            workers,
        }
    }

    fn send(&self, id: usize, job: SyncJob) -> io::Result<()> {
        match &self.jobs {
            Some(jobs) => jobs
                .send((id, job))
                .map_err(|_| io::Error::other("the fsync workers stopped")),
            None => Err(io::Error::other("the fsync workers stopped")),
        }
    }

    /// Starts making `staged` durable; `id` names it in [`Syncer::wait_all`].
    pub fn submit(&self, id: usize, staged: &Staged) -> io::Result<()> {
        if self.whole_fs.is_some() {
            start_writeback(&staged.file);
            return Ok(());
        }
        self.send(id, SyncJob::File(staged.file.try_clone()?))
    }

    /// Waits until every file submitted under `ids` is durable; one result
    /// per id.
    pub fn wait_all(&mut self, ids: &[usize]) -> Vec<io::Result<()>> {
        if let Some(root) = &self.whole_fs {
            let result = syncfs(root);
            return ids
                .iter()
                .map(|_| {
                    result
                        .as_ref()
                        .map(|_| ())
                        .map_err(|e| io::Error::new(e.kind(), e.to_string()))
                })
                .collect();
        }
        ids.iter().map(|&id| self.wait(id)).collect()
    }

    /// Waits until the job `id` is done.
    fn wait(&mut self, id: usize) -> io::Result<()> {
        loop {
            if let Some(result) = self.done.remove(&id) {
                return result;
            }
            match self.results.recv() {
                Ok((done, result)) => {
                    self.done.insert(done, result);
                }
                Err(_) => return Err(io::Error::other("the fsync workers stopped")),
            }
        }
    }

    /// Makes placed files' folder entries durable, all folders at once: each
    /// blob folder touched, and `blobs/` itself when a folder was made in it.
    pub fn sync_placed(
        &mut self,
        root: &Path,
        touched: &BTreeSet<PathBuf>,
        new_dirs: &BTreeSet<PathBuf>,
    ) -> io::Result<()> {
        if let Some(root) = &self.whole_fs {
            return syncfs(root);
        }
        let mut dirs: Vec<PathBuf> = touched.iter().cloned().collect();
        if !new_dirs.is_empty() {
            dirs.push(root.join(BLOBS_DIR));
        }
        let mut ids = Vec::with_capacity(dirs.len());
        for dir in dirs {
            self.next_dir_id += 1;
            ids.push(self.next_dir_id);
            self.send(self.next_dir_id, SyncJob::Dir(dir))?;
        }
        let mut first_error = None;
        for id in ids {
            if let Err(e) = self.wait(id) {
                first_error.get_or_insert(e);
            }
        }
        first_error.map_or(Ok(()), Err)
    }
}

/// Asks the kernel to start writing a file's dirty pages now, without
/// waiting, so the disk works while the next file is read; the group's
/// `syncfs` then finds little left to do. (`POSIX_FADV_DONTNEED` starts
/// writeback on Linux; it is only advice, so its result does not matter.)
fn start_writeback(file: &File) {
    start_writeback_range(file, 0, 0);
}

/// [`start_writeback`] for `len` bytes from `offset` (0: to the end).
#[cfg(target_os = "linux")]
fn start_writeback_range(file: &File, offset: u64, len: u64) {
    let _ = rustix::fs::fadvise(
        file,
        offset,
        std::num::NonZeroU64::new(len),
        rustix::fs::Advice::DontNeed,
    );
}

#[cfg(not(target_os = "linux"))]
fn start_writeback_range(_file: &File, _offset: u64, _len: u64) {}

/// The case folder, opened for `syncfs`, where the system has it and the
/// user has not asked for one fsync per file (`DOSSIER_FSYNC=per-file`, for a
/// disk shared with other busy programs, whose dirty data `syncfs` would
/// flush too).
#[cfg(target_os = "linux")]
fn whole_fs(root: &Path) -> Option<File> {
    if std::env::var("DOSSIER_FSYNC").is_ok_and(|v| v == "per-file") {
        return None;
    }
    File::open(root).ok()
}

#[cfg(not(target_os = "linux"))]
fn whole_fs(_root: &Path) -> Option<File> {
    None
}

/// Flushes the whole file system holding `dir`: every dirty file and folder,
/// then the device cache, as `sync` does. Since Linux 5.8 it also reports a
/// failed writeback of any file on it.
#[cfg(target_os = "linux")]
fn syncfs(dir: &File) -> io::Result<()> {
    rustix::fs::syncfs(dir).map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn syncfs(_dir: &File) -> io::Result<()> {
    Err(io::Error::other("syncfs is not available here"))
}

impl Drop for Syncer {
    fn drop(&mut self) {
        self.jobs = None;
        for worker in self.workers.drain(..) {
            let _ = worker.join();
        }
    }
}

/// Which side of a copy failed.
#[derive(Debug)]
pub(crate) enum StageError {
    Read(io::Error),
    Write(io::Error),
}

/// Streams `reader` into a new file in `tmp/`, hashing as it goes, and makes
/// it read-only; the caller makes it durable. `on_bytes` hears of every chunk.
/// On failure the temporary file is gone again.
pub(crate) fn stage(
    vault: &Vault,
    reader: &mut dyn Read,
    expected_len: u64,
    buffers: &mut Buffers,
    on_bytes: &mut dyn FnMut(u64),
) -> Result<Staged, StageError> {
    let (tmp, file) = create_tmp(vault.root(), "part").map_err(StageError::Write)?;
    let result = (|| {
        let mut head = Vec::new();
        let mut writer = vault
            .blob_writer(file.try_clone().map_err(StageError::Write)?)
            .map_err(StageError::Write)?;
        let (sha256, size) = if expected_len as usize > CHUNK {
            copy_pipelined(reader, &mut writer, &file, &mut head, buffers, on_bytes)?
        } else {
            copy_inline(reader, &mut writer, &mut head, buffers, on_bytes)?
        };
        writer.finish().map_err(StageError::Write)?;
        let mut perms = file.metadata().map_err(StageError::Write)?.permissions();
        perms.set_readonly(true);
        file.set_permissions(perms).map_err(StageError::Write)?;
        Ok((sha256, size, head))
    })();
    match result {
        Ok((sha256, size, head)) => Ok(Staged {
            tmp,
            sha256,
            size,
            head,
            file,
        }),
        Err(e) => {
            let _ = fs::remove_file(&tmp);
            Err(e)
        }
    }
}

fn keep_head(head: &mut Vec<u8>, chunk: &[u8]) {
    if head.len() < HEAD {
        let take = (HEAD - head.len()).min(chunk.len());
        head.extend_from_slice(&chunk[..take]);
    }
}

/// Reusable copy buffers, each [`CHUNK`] long, so that an ingest of many
/// files keeps reusing the same few MiB instead of faulting in fresh pages
/// for every file.
#[derive(Debug, Default)]
pub(crate) struct Buffers {
    free: Vec<Vec<u8>>,
}

impl Buffers {
    fn take(&mut self) -> Vec<u8> {
        self.free.pop().unwrap_or_else(|| vec![0u8; CHUNK])
    }

    fn give(&mut self, buf: Vec<u8>) {
        if buf.len() == CHUNK && self.free.len() < BUFFERS {
            self.free.push(buf);
        }
    }
}

/// Small files: read, write and hash on this thread.
fn copy_inline(
    reader: &mut dyn Read,
    writer: &mut dyn Write,
    head: &mut Vec<u8>,
    buffers: &mut Buffers,
    on_bytes: &mut dyn FnMut(u64),
) -> Result<(String, u64), StageError> {
    let mut hasher = Sha256::new();
    let mut buf = buffers.take();
    let mut total = 0u64;
    let result = loop {
        let n = match fill(reader, &mut buf) {
            Ok(0) => break Ok(()),
            Ok(n) => n,
            Err(e) => break Err(StageError::Read(e)),
        };
        keep_head(head, &buf[..n]);
        if let Err(e) = writer.write_all(&buf[..n]) {
            break Err(StageError::Write(e));
        }
        hasher.update(&buf[..n]);
        total += n as u64;
        on_bytes(n as u64);
    };
    buffers.give(buf);
    result.map(|()| (hex(&hasher.finalize()), total))
}

/// Large files: this thread reads and writes each chunk, then hands it to a
/// hashing thread that returns the buffer when done, so hashing chunk k
/// overlaps reading and writing chunk k+1 and at most [`BUFFERS`] chunks exist.
fn copy_pipelined(
    reader: &mut dyn Read,
    writer: &mut dyn Write,
    file: &File,
    head: &mut Vec<u8>,
    buffers: &mut Buffers,
    on_bytes: &mut dyn FnMut(u64),
) -> Result<(String, u64), StageError> {
    let stopped = || StageError::Read(io::Error::other("the hashing thread stopped"));
    thread::scope(|scope| {
        let (to_hasher, from_reader) = mpsc::sync_channel::<(Vec<u8>, usize)>(BUFFERS);
        let (to_pool, pool) = mpsc::channel::<Vec<u8>>();
        let hasher = scope.spawn(move || {
            let mut hasher = Sha256::new();
            for (buf, n) in from_reader {
                hasher.update(&buf[..n]);
                // The reader may have stopped early and dropped the pool.
                let _ = to_pool.send(buf);
            }
            hex(&hasher.finalize())
        });
        let mut in_flight = 0;
        let mut total = 0u64;
        let mut kicked = 0u64;
        let copied = loop {
            let mut buf = if in_flight < BUFFERS {
                in_flight += 1;
                buffers.take()
            } else {
                match pool.recv() {
                    Ok(buf) => buf,
                    Err(_) => break Err(stopped()),
                }
            };
            let n = match fill(reader, &mut buf) {
                Ok(n) => n,
                Err(e) => break Err(StageError::Read(e)),
            };
            if n == 0 {
                buffers.give(buf);
                break Ok(total);
            }
            keep_head(head, &buf[..n]);
            if let Err(e) = writer.write_all(&buf[..n]) {
                buffers.give(buf);
                break Err(StageError::Write(e));
            }
            total += n as u64;
            if total - kicked >= WRITEBACK_STEP {
                start_writeback_range(file, kicked, total - kicked);
                kicked = total;
            }
            on_bytes(n as u64);
            if to_hasher.send((buf, n)).is_err() {
                break Err(stopped());
            }
        };
        drop(to_hasher);
        let digest = hasher.join().map_err(|_| stopped())?;
        for buf in pool.try_iter() {
            buffers.give(buf);
        }
        copied.map(|total| (digest, total))
    })
}

/// Whether a placement made a new file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Placed {
    Created,
    AlreadyThere,
}

/// Links a staged file into its place under `blobs/`. The caller has checked
/// that no exhibit references this hash, and holds the write transaction, so
/// a file already there is an unreferenced leftover: it is kept only if its
/// bytes really have that hash.
pub(crate) fn place(
    vault: &Vault,
    staged: &Staged,
    known_dirs: &mut BTreeSet<PathBuf>,
    new_dirs: &mut BTreeSet<PathBuf>,
) -> io::Result<Placed> {
    let root = vault.root();
    let dest = vault.blob_path(&staged.sha256);
    let dir = dest.parent().unwrap_or(root).to_path_buf();
    if !known_dirs.contains(&dir) {
        match fs::create_dir(&dir) {
            Ok(()) => {
                new_dirs.insert(dir.clone());
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
        known_dirs.insert(dir);
    }
    match fs::hard_link(&staged.tmp, &dest) {
        Ok(()) => {
            fs::remove_file(&staged.tmp)?;
            Ok(Placed::Created)
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            let existing = File::open(&dest)
                .and_then(|f| sha256_reader(vault.blob_reader(f)))
                .map(|(sha, _)| sha);
            if existing.ok().as_deref() == Some(staged.sha256.as_str()) {
                fs::remove_file(&staged.tmp)?;
                Ok(Placed::AlreadyThere)
            } else {
                fs::rename(&staged.tmp, &dest)?;
                Ok(Placed::Created)
            }
        }
        // File systems without hard links (FAT on a USB stick, say) answer
        // "not supported" or "not permitted"; anything else is an error.
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::Unsupported | io::ErrorKind::PermissionDenied
            ) || e.raw_os_error() == Some(1) =>
        {
            fs::rename(&staged.tmp, &dest)?;
            Ok(Placed::Created)
        }
        Err(e) => Err(e),
    }
}

/// Makes placed files' folder entries durable: each blob folder touched, and
/// `blobs/` itself when a new folder was made in it.
pub(crate) fn sync_placed(
    root: &Path,
    touched: &BTreeSet<PathBuf>,
    new_dirs: &BTreeSet<PathBuf>,
) -> io::Result<()> {
    for dir in touched {
        sync_dir(dir)?;
    }
    if !new_dirs.is_empty() {
        sync_dir(&root.join(BLOBS_DIR))?;
    }
    Ok(())
}

/// Writes (and fsyncs) the journal naming blobs about to be placed (sealed,
/// in an encrypted case: it names originals by their SHA-256).
pub(crate) fn write_journal(vault: &Vault, sha256s: &[&str]) -> io::Result<PathBuf> {
    let root = vault.root();
    let (path, file) = create_tmp(root, "pending")?;
    let mut text = String::with_capacity(sha256s.len() * 65);
    for sha in sha256s {
        text.push_str(sha);
        text.push('\n');
    }
    let written = vault
        .journal_writer(file)
        .and_then(|mut w| w.write_all(text.as_bytes()).map(|()| w))
        .and_then(|w| w.finish())
        .and_then(|file| file.sync_all())
        .and_then(|()| sync_dir(&root.join(TMP_DIR)));
    if let Err(e) = written {
        let _ = fs::remove_file(&path);
        return Err(e);
    }
    Ok(path)
}

/// Removes placed blobs that no exhibit references (after a failed commit),
/// then the journal that named them.
pub(crate) fn undo_placements(vault: &Vault, conn: &Connection, journal: &Path) -> io::Result<()> {
    let root = vault.root();
    let mut text = String::new();
    match File::open(journal).and_then(|f| vault.journal_reader(f).read_to_string(&mut text)) {
        Ok(_) => {}
        // A journal cut short by a crash while it was written: nothing it
        // names was placed yet (placing waits for the journal's fsync).
        Err(e) if crate::case::crypto::is_damaged(&e) => text.clear(),
        Err(e) => return Err(e),
    }
    let mut touched = BTreeSet::new();
    for sha in text.lines().filter(|l| crate::hash::is_sha256_hex(l)) {
        let referenced: Option<i64> = conn
            .query_row("SELECT exhibit FROM item WHERE sha256 = ?1", [sha], |r| {
                r.get(0)
            })
            .optional()
            .map_err(io::Error::other)?;
        if referenced.is_none() {
            let path = vault.blob_path(sha);
            match fs::remove_file(&path) {
                Ok(()) => {
                    touched.insert(path.parent().unwrap_or(root).to_path_buf());
                }
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
                    ) => {}
                Err(e) => return Err(e),
            }
        }
    }
    sync_placed(root, &touched, &BTreeSet::new())?;
    fs::remove_file(journal)
}

/// Clears what interrupted writers left in `tmp/`: blobs named in a journal
/// whose commit never happened, then partial files. Only called by a process
/// holding the case's exclusive lock, so nobody is writing.
pub(crate) fn recover(vault: &Vault, conn: &Connection) -> Result<(), CaseError> {
    let root = vault.root();
    let tmp = root.join(TMP_DIR);
    let mut entries: Vec<PathBuf> = fs::read_dir(&tmp)
        .map_err(CaseError::io(&tmp))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    let is_journal = |p: &PathBuf| p.extension().is_some_and(|x| x == "pending");
    for journal in entries.iter().filter(|p| is_journal(p)) {
        undo_placements(vault, conn, journal).map_err(CaseError::io(journal))?;
    }
    for path in entries.iter().filter(|p| !is_journal(p)) {
        let is_lock = path.file_name().is_some_and(|n| n == ".lock");
        // Not followed: a link is removed, never what it points to.
        let Ok(meta) = fs::symlink_metadata(path) else {
            continue;
        };
        if meta.is_dir() {
            // Scratch folders (an iOS database being read, a preview):
            // nobody else has the case open, so their process is gone.
            fs::remove_dir_all(path).map_err(CaseError::io(path))?;
        } else if !is_lock {
            fs::remove_file(path).map_err(CaseError::io(path))?;
        }
    }
    clear_dead_memory_scratch();
    Ok(())
}

/// Removes scratch copies earlier versions put in `/dev/shm` for encrypted
/// cases (`dossier-PID-N.scratch`) whose process is gone: a killed import
/// left the plaintext of an encrypted case's database there. A folder of a
/// running process is left alone.
fn clear_dead_memory_scratch() {
    let memory = Path::new("/dev/shm");
    let Ok(entries) = fs::read_dir(memory) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix("dossier-"))
            .filter(|n| n.ends_with(".scratch"))
            .and_then(|n| n.split('-').next())
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        // Linux (the only system with /dev/shm here) lists live processes
        // in /proc; this process is one of them.
        let alive = Path::new("/proc").join(pid.to_string()).exists();
        if !alive && entry.file_type().is_ok_and(|t| t.is_dir()) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}
