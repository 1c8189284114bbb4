//! Where a case's files live and how they are read and written, plain or
//! encrypted. Everything that touches an original, a thumbnail or a journal
//! in `tmp/` goes through a [`Vault`], so an encrypted case never has one of
//! them on disk in plaintext.
//!
//! In a plain case a blob is `blobs/xx/<sha256>` holding the original's
//! bytes. In an encrypted case (one with a `key.json`) it is
//! `blobs/xx/<name>`, where the name is an HMAC of the SHA-256 under the
//! case's key, holding the bytes sealed ([`crate::case::crypto`]); the SHA-256
//! itself is only inside the encrypted database. Thumbnails and journals
//! are sealed the same way.

use crate::case::crypto::{self, DataKey, Opener, Sealer, WrappedKey};
use crate::case::error::CaseError;
use crate::case::layout::BLOBS_DIR;
use std::fs::{self, File};
use std::io::{self, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The wrapped data key of an encrypted case; its presence is what makes a
/// case encrypted.
pub const KEY_FILE: &str = "key.json";
/// Where thumbnails live inside the case folder.
pub const THUMBS_DIR: &str = "derived/thumbs";

/// What sealed bytes are: bound into every chunk, so one kind of file cannot
/// be passed off as another.
const BLOB_CONTEXT: &[u8] = b"dossier blob";
const JOURNAL_CONTEXT: &[u8] = b"dossier journal";
const THUMB_CONTEXT: &[u8] = b"dossier thumbnail";

/// A case folder's files, with the key when the case is encrypted. Cheap
/// to clone and to hand to other threads.
#[derive(Debug, Clone)]
pub struct Vault {
    root: PathBuf,
    key: Option<Arc<DataKey>>,
}

impl Vault {
    /// The files of a plain case.
    pub fn plain(root: &Path) -> Vault {
        Vault {
            root: root.to_path_buf(),
            key: None,
        }
    }

    /// The files of an encrypted case, opened with its data key.
    pub fn sealed(root: &Path, key: DataKey) -> Vault {
        Vault {
            root: root.to_path_buf(),
            key: Some(Arc::new(key)),
        }
    }

    /// The same key over another folder (a scratch folder laid out like a
    /// case).
    pub(crate) fn with_root(&self, root: &Path) -> Vault {
        Vault {
            root: root.to_path_buf(),
            key: self.key.clone(),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn is_encrypted(&self) -> bool {
        self.key.is_some()
    }

    pub(crate) fn key(&self) -> Option<&DataKey> {
        self.key.as_deref()
    }

    /// The file name of the blob holding the original with this SHA-256.
    pub fn blob_name(&self, sha256: &str) -> String {
        match &self.key {
            None => sha256.to_owned(),
            Some(key) => key.blob_name(sha256),
        }
    }

    /// Where the original with this SHA-256 is kept (sealed, in an
    /// encrypted case: read it through [`Vault::open_blob`]).
    pub fn blob_path(&self, sha256: &str) -> PathBuf {
        let name = self.blob_name(sha256);
        self.root.join(BLOBS_DIR).join(&name[..2]).join(name)
    }

    /// The original with this SHA-256, for reading its plaintext.
    pub fn open_blob(&self, sha256: &str) -> io::Result<Reader> {
        File::open(self.blob_path(sha256)).map(|f| self.blob_reader(f))
    }

    /// The whole original with this SHA-256, in memory.
    pub fn read_blob(&self, sha256: &str) -> io::Result<Vec<u8>> {
        let mut bytes = Vec::new();
        self.open_blob(sha256)?.read_to_end(&mut bytes)?;
        Ok(bytes)
    }

    /// Reads the plaintext of a blob file already open (at its start).
    pub fn blob_reader(&self, file: File) -> Reader {
        self.reader(file, BLOB_CONTEXT)
    }

    /// Writes a blob into `file` (sealing it in an encrypted case).
    pub(crate) fn blob_writer(&self, file: File) -> io::Result<Writer> {
        self.writer(file, BLOB_CONTEXT)
    }

    /// Writes a journal of blob names into `file`.
    pub(crate) fn journal_writer(&self, file: File) -> io::Result<Writer> {
        self.writer(file, JOURNAL_CONTEXT)
    }

    /// Reads a journal [`Vault::journal_writer`] wrote.
    pub(crate) fn journal_reader(&self, file: File) -> Reader {
        self.reader(file, JOURNAL_CONTEXT)
    }

    /// Where the thumbnail of the original with this SHA-256 is kept.
    pub fn thumb_path(&self, sha256: &str) -> PathBuf {
        let name = match &self.key {
            None => format!("{sha256}.jpg"),
            Some(key) => key.derived_name("thumb", sha256),
        };
        self.root.join(THUMBS_DIR).join(&name[..2]).join(name)
    }

    /// The kept thumbnail's bytes, if there is one that opens.
    pub(crate) fn read_thumb(&self, sha256: &str) -> Option<Vec<u8>> {
        let file = File::open(self.thumb_path(sha256)).ok()?;
        let mut bytes = Vec::new();
        self.reader(file, THUMB_CONTEXT)
            .read_to_end(&mut bytes)
            .ok()?;
        Some(bytes)
    }

    /// Writes a thumbnail into `file`.
    pub(crate) fn thumb_writer(&self, file: File) -> io::Result<Writer> {
        self.writer(file, THUMB_CONTEXT)
    }

    fn reader(&self, file: File, context: &[u8]) -> Reader {
        match &self.key {
            None => Reader::Plain(file),
            Some(key) => Reader::Sealed(Box::new(Opener::new(
                key,
                context,
                BufReader::with_capacity(crypto::CHUNK + 64, file),
            ))),
        }
    }

    fn writer(&self, file: File, context: &[u8]) -> io::Result<Writer> {
        match &self.key {
            None => Ok(Writer::Plain(file)),
            Some(key) => Sealer::new(key, context, file)
                .map(|s| Writer::Sealed(Box::new(s)))
                .map_err(|e| match e {
                    crypto::CryptoError::Io(e) => e,
                    e => io::Error::other(e.to_string()),
                }),
        }
    }
}

/// The plaintext of a blob, thumbnail or journal.
pub enum Reader {
    Plain(File),
    Sealed(Box<Opener<BufReader<File>>>),
}

impl std::fmt::Debug for Reader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Reader::Plain(_) => "Reader::Plain",
            Reader::Sealed(_) => "Reader::Sealed",
        })
    }
}

impl Read for Reader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Reader::Plain(f) => f.read(buf),
            Reader::Sealed(o) => o.read(buf),
        }
    }
}

/// Writes a blob, thumbnail or journal; [`Writer::finish`] completes it.
pub enum Writer {
    Plain(File),
    Sealed(Box<Sealer<File>>),
}

impl std::fmt::Debug for Writer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Writer::Plain(_) => "Writer::Plain",
            Writer::Sealed(_) => "Writer::Sealed",
        })
    }
}

impl Writer {
    /// Writes what is still buffered (the last sealed chunk) and hands the
    /// file back.
    pub fn finish(self) -> io::Result<File> {
        match self {
            Writer::Plain(f) => Ok(f),
            Writer::Sealed(s) => s.finish(),
        }
    }
}

impl Write for Writer {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Writer::Plain(f) => f.write(buf),
            Writer::Sealed(s) => s.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Writer::Plain(f) => f.flush(),
            Writer::Sealed(s) => s.flush(),
        }
    }
}

/// Whether the case folder at `root` is encrypted.
pub fn is_encrypted(root: &Path) -> bool {
    root.join(KEY_FILE).is_file()
}

/// Reads the wrapped data key of the encrypted case at `root`, refusing one
/// that is damaged or not Dossier's ([`CaseError::KeyDamaged`]).
pub fn read_wrapped(root: &Path) -> Result<WrappedKey, CaseError> {
    let path = root.join(KEY_FILE);
    // A stored key is a few hundred bytes; a larger file is not one, and is
    // not read whole into memory.
    let mut text = String::new();
    File::open(&path)
        .and_then(|f| f.take(64 * 1024).read_to_string(&mut text))
        .map_err(|e| match e.kind() {
            io::ErrorKind::InvalidData => CaseError::KeyDamaged {
                path: path.clone(),
                problem: crypto::KeyProblem::Unreadable("it is not UTF-8 text".into()),
            },
            _ => CaseError::io(&path)(e),
        })?;
    let wrapped: WrappedKey = serde_json::from_str(&text).map_err(|e| CaseError::KeyDamaged {
        path: path.clone(),
        problem: crypto::KeyProblem::Unreadable(e.to_string()),
    })?;
    // Everything that can be checked without the passphrase is checked
    // here, so a damaged file is never reported as a wrong passphrase and
    // its settings never reach Argon2 unbounded.
    wrapped
        .validate()
        .map_err(|problem| CaseError::KeyDamaged { path, problem })?;
    Ok(wrapped)
}

/// Writes the wrapped data key so that a crash leaves either the old one or
/// the new one: through a file in `tmp/`, fsynced, then renamed over.
pub fn write_wrapped(root: &Path, wrapped: &WrappedKey) -> io::Result<()> {
    let path = root.join(KEY_FILE);
    let text = serde_json::to_string_pretty(wrapped).map_err(io::Error::other)?;
    let (tmp, mut file) = crate::case::durable::create_tmp(root, "key")?;
    let written = file
        .write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .and_then(|()| fs::rename(&tmp, &path))
        .and_then(|()| crate::case::durable::sync_dir(root));
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    written
}
