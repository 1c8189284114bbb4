//! Keys and sealing for encrypted cases: the cryptography alone. The case
//! folder's use of it (which file holds what) is in [`crate::case::vault`].
//!
//! - A case has one random 256-bit **data key**. It never leaves memory
//!   unwrapped and is wiped when dropped ([`DataKey`]).
//! - On disk the data key is **wrapped**: sealed with XChaCha20-Poly1305
//!   under a key derived from the passphrase with Argon2id ([`WrappedKey`]).
//!   Changing the passphrase re-wraps the same data key ([`rewrap`]), so no
//!   blob is rewritten. A wrong passphrase fails the seal's tag: a clear
//!   error, nothing learned.
//! - Originals are sealed as a **stream** of 64 KiB chunks
//!   (XChaCha20-Poly1305, the STREAM construction): each chunk's nonce is a
//!   random per-file prefix and the chunk's number, and the last chunk is
//!   marked in its associated data, so a changed, reordered, dropped or
//!   truncated chunk is refused. Memory stays at one chunk whatever the size.
//! - A blob's file name is an HMAC of its SHA-256 under a key derived from the
//!   data key ([`DataKey::blob_name`]): the name no longer tells which known
//!   file is in the case, and stays stable, so duplicates are still found.
//!
//! Separate keys for separate uses are derived from the data key with
//! HMAC-SHA-256 and a fixed label each.

mod stream;

pub use stream::*;

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::io::{self, Read, Write};
use zeroize::{Zeroize, Zeroizing};

/// Plaintext bytes in one sealed chunk.
pub const CHUNK: usize = 64 * 1024;
/// Bytes the seal adds to each chunk (Poly1305 tag).
const TAG: usize = 16;
/// The start of a sealed stream: format and version.
const MAGIC: &[u8; 4] = b"DSE1";
/// Random bytes of a stream's nonce; the other 8 count the chunks.
const PREFIX: usize = 16;
/// Associated data of the wrapped data key.
const WRAP_LABEL: &[u8] = b"dossier data key v1";

/// Why sealing or opening failed.
#[derive(Debug, thiserror::Error)]
pub enum CryptoError {
    #[error("wrong passphrase — nothing was changed")]
    WrongPassphrase,
    #[error(
        "the encrypted data does not open with this case's key: it was changed, cut short or belongs elsewhere"
    )]
    Damaged,
    #[error("the key settings are not usable: {0}")]
    Settings(String),
    /// The stored key (`key.json`) is not one Dossier wrote, or was changed
    /// or damaged: found before any passphrase is tried.
    #[error("{0}")]
    KeyFile(KeyProblem),
    #[error("the system's random source failed: {0}")]
    Random(String),
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// How hard the passphrase is to guess: Argon2id's memory (KiB), passes
/// and lanes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Cost {
    pub memory_kib: u32,
    pub passes: u32,
    pub lanes: u32,
}

impl Cost {
    /// 64 MiB, 3 passes, 1 lane: about a second of work on a small laptop
    /// for each guess.
    pub const DEFAULT: Cost = Cost {
        memory_kib: 64 * 1024,
        passes: 3,
        lanes: 1,
    };
    /// The most memory a stored key may ask for: 16 times what Dossier
    /// writes. `key.json` is read before anything is proven about it, so
    /// its settings are bounded before Argon2 runs; a damaged or planted file
    /// must not make opening a case allocate 16 GiB or run for hours.
    pub const MAX_MEMORY_KIB: u32 = 1024 * 1024;
    /// The most passes a stored key may ask for (Dossier writes 3).
    pub const MAX_PASSES: u32 = 64;
    /// The most lanes (Dossier writes 1).
    pub const MAX_LANES: u32 = 16;
    /// The most work (memory × passes, in KiB): about 20 times Dossier's
    /// own, a few seconds, so the two largest limits cannot be combined.
    pub const MAX_WORK: u64 = 4 * 1024 * 1024;

    /// Whether a stored key's settings are within the bounds above (and
    /// Argon2's own minimums: a lane, a pass, 8 KiB per lane).
    pub fn is_sane(self) -> bool {
        (1..=Cost::MAX_LANES).contains(&self.lanes)
            && (1..=Cost::MAX_PASSES).contains(&self.passes)
            && (8 * self.lanes..=Cost::MAX_MEMORY_KIB).contains(&self.memory_kib)
            && u64::from(self.memory_kib) * u64::from(self.passes) <= Cost::MAX_WORK
    }
}

/// What is wrong with a stored key (`key.json`), in English here; the
/// command line and the app say it in the user's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyProblem {
    /// Not JSON of the expected shape (the parser's words).
    Unreadable(String),
    /// A scheme this program does not know.
    Scheme(String),
    /// Argon2 settings outside [`Cost::is_sane`].
    Cost(Cost),
    /// A field that is not hex of the right length: `salt`, `nonce` or
    /// `sealed`.
    Field(&'static str),
    /// The checksum does not match the rest of the file.
    Checksum,
}

impl std::fmt::Display for KeyProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            KeyProblem::Unreadable(e) => write!(f, "it cannot be read as a stored key ({e})"),
            KeyProblem::Scheme(s) => write!(f, "its key scheme {s:?} is unknown"),
            KeyProblem::Cost(c) => write!(
                f,
                "its Argon2 settings ({} KiB, {} passes, {} lanes) are outside what Dossier writes \
                 (at most {} MiB, {} passes, {} lanes)",
                c.memory_kib,
                c.passes,
                c.lanes,
                Cost::MAX_MEMORY_KIB / 1024,
                Cost::MAX_PASSES,
                Cost::MAX_LANES
            ),
            KeyProblem::Field(name) => write!(f, "its {name} is not what Dossier writes"),
            KeyProblem::Checksum => f.write_str("its checksum does not match its contents"),
        }
    }
}

/// Fewest characters a new passphrase may have. Short is allowed on
/// purpose beyond this: a frightened user who cannot remember a long one
/// loses everything; Argon2id makes each guess cost.
pub const MIN_PASSPHRASE: usize = 8;

/// A passphrase as typed, wiped from memory when dropped and never shown
/// by `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct Passphrase(Zeroizing<String>);

impl Passphrase {
    pub fn new(text: String) -> Passphrase {
        Passphrase(Zeroizing::new(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Passphrase(…)")
    }
}

/// A case's data key, wiped from memory when dropped.
pub struct DataKey(Zeroizing<[u8; 32]>);

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataKey(…)")
    }
}

impl DataKey {
    /// A new random key.
    pub fn generate() -> Result<DataKey, CryptoError> {
        let mut key = Zeroizing::new([0u8; 32]);
        random(key.as_mut())?;
        Ok(DataKey(key))
    }

    /// A key for one use, derived with its label.
    fn derive(&self, label: &[u8]) -> Zeroizing<[u8; 32]> {
        let mut mac = <Hmac<Sha256>>::new_from_slice(self.0.as_ref())
            .unwrap_or_else(|_| unreachable!("HMAC takes a key of any length"));
        mac.update(label);
        let mut out = Zeroizing::new([0u8; 32]);
        out.copy_from_slice(&mac.finalize().into_bytes());
        out
    }

    /// The file name of the blob whose plaintext has this SHA-256: stable
    /// for one case, unguessable without its key.
    pub fn blob_name(&self, sha256: &str) -> String {
        let key = self.derive(b"dossier blob names v1");
        let mut mac = <Hmac<Sha256>>::new_from_slice(key.as_ref())
            .unwrap_or_else(|_| unreachable!("HMAC takes a key of any length"));
        mac.update(sha256.as_bytes());
        crate::hash::hex(&mac.finalize().into_bytes())
    }

    /// The name under which a thumbnail (or other derived file) of the
    /// original with this SHA-256 is kept.
    pub fn derived_name(&self, kind: &str, sha256: &str) -> String {
        let key = self.derive(b"dossier derived names v1");
        let mut mac = <Hmac<Sha256>>::new_from_slice(key.as_ref())
            .unwrap_or_else(|_| unreachable!("HMAC takes a key of any length"));
        mac.update(kind.as_bytes());
        mac.update(b"\0");
        mac.update(sha256.as_bytes());
        crate::hash::hex(&mac.finalize().into_bytes())
    }

    /// The raw key SQLCipher is given, as its `x'…'` literal.
    pub fn database_key_literal(&self) -> Zeroizing<String> {
        use std::fmt::Write as _;
        let key = self.derive(b"dossier database v1");
        let mut literal = Zeroizing::new(String::with_capacity(67));
        literal.push_str("x'");
        for byte in key.iter() {
            let _ = write!(literal, "{byte:02x}");
        }
        literal.push('\'');
        literal
    }

    fn blob_cipher(&self) -> XChaCha20Poly1305 {
        let key = self.derive(b"dossier blobs v1");
        cipher(&key)
    }
}

/// The data key as stored: sealed under the passphrase.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct WrappedKey {
    /// Always `argon2id-19+xchacha20poly1305`.
    pub scheme: String,
    pub cost: Cost,
    /// Hex, 16 bytes.
    pub salt: String,
    /// Hex, 24 bytes.
    pub nonce: String,
    /// Hex: the sealed data key and its tag.
    pub sealed: String,
    /// Hex SHA-256 of the fields above ([`WrappedKey::checksum`]), so a
    /// damaged file is told apart from a wrong passphrase. Not a secret and
    /// not a defence against someone who edits the file (they can compute
    /// it too; the seal's tag still refuses them). Absent in files written
    /// before it was added, which are read as before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check: Option<String>,
}

impl WrappedKey {
    /// SHA-256 over every other field, each on a line of its own.
    pub fn checksum(&self) -> String {
        let c = self.cost;
        let text = format!(
            "dossier key.json v1\n{}\n{} {} {}\n{}\n{}\n{}\n",
            self.scheme, c.memory_kib, c.passes, c.lanes, self.salt, self.nonce, self.sealed
        );
        crate::hash::sha256_hex(text.as_bytes())
    }

    /// Checks everything that can be checked without the passphrase, before
    /// Argon2 runs: the scheme, the settings' bounds, each field's length,
    /// and the checksum when there is one.
    pub fn validate(&self) -> Result<(), KeyProblem> {
        if self.scheme != SCHEME {
            return Err(KeyProblem::Scheme(self.scheme.clone()));
        }
        if let Some(check) = &self.check
            && !check.eq_ignore_ascii_case(&self.checksum())
        {
            return Err(KeyProblem::Checksum);
        }
        if !self.cost.is_sane() {
            return Err(KeyProblem::Cost(self.cost));
        }
        for (name, text, len) in [
            ("salt", &self.salt, 16),
            ("nonce", &self.nonce, 24),
            ("sealed", &self.sealed, 32 + TAG),
        ] {
            if unhex(text, name).ok().map(|b| b.len()) != Some(len) {
                return Err(KeyProblem::Field(name));
            }
        }
        Ok(())
    }
}

const SCHEME: &str = "argon2id-19+xchacha20poly1305";

/// Seals `key` under `passphrase`, with a fresh salt and nonce.
pub fn wrap(key: &DataKey, passphrase: &str, cost: Cost) -> Result<WrappedKey, CryptoError> {
    let mut salt = [0u8; 16];
    random(&mut salt)?;
    let mut nonce = [0u8; 24];
    random(&mut nonce)?;
    let kek = passphrase_key(passphrase, &salt, cost)?;
    let sealed = cipher(&kek)
        .encrypt(
            &XNonce::from(nonce),
            Payload {
                msg: key.0.as_ref(),
                aad: WRAP_LABEL,
            },
        )
        .map_err(|_| CryptoError::Settings("sealing the key failed".into()))?;
    let mut wrapped = WrappedKey {
        scheme: SCHEME.into(),
        cost,
        salt: crate::hash::hex(&salt),
        nonce: crate::hash::hex(&nonce),
        sealed: crate::hash::hex(&sealed),
        check: None,
    };
    wrapped.check = Some(wrapped.checksum());
    Ok(wrapped)
}

/// Opens the data key with `passphrase`.
/// The stored key is checked first ([`WrappedKey::validate`]): a damaged
/// file is [`CryptoError::KeyFile`], never a wrong passphrase, and its
/// settings never make Argon2 run beyond [`Cost::is_sane`].
pub fn unwrap(wrapped: &WrappedKey, passphrase: &str) -> Result<DataKey, CryptoError> {
    wrapped.validate().map_err(CryptoError::KeyFile)?;
    let field = |name| CryptoError::KeyFile(KeyProblem::Field(name));
    let salt = unhex(&wrapped.salt, "salt").map_err(|_| field("salt"))?;
    let nonce = unhex(&wrapped.nonce, "nonce").map_err(|_| field("nonce"))?;
    let sealed = unhex(&wrapped.sealed, "sealed").map_err(|_| field("sealed"))?;
    let kek = passphrase_key(passphrase, &salt, wrapped.cost)?;
    let nonce: [u8; 24] = nonce.try_into().map_err(|_| field("nonce"))?;
    let mut opened = cipher(&kek)
        .decrypt(
            &XNonce::from(nonce),
            Payload {
                msg: &sealed,
                aad: WRAP_LABEL,
            },
        )
        .map_err(|_| CryptoError::WrongPassphrase)?;
    let mut key = Zeroizing::new([0u8; 32]);
    key.copy_from_slice(&opened);
    opened.zeroize();
    Ok(DataKey(key))
}

/// The same data key under a new passphrase (a fresh salt and nonce); the
/// old passphrase must open it first. Nothing sealed with the data key
/// changes.
pub fn rewrap(
    wrapped: &WrappedKey,
    old: &str,
    new: &str,
    cost: Cost,
) -> Result<WrappedKey, CryptoError> {
    let key = unwrap(wrapped, old)?;
    wrap(&key, new, cost)
}

fn passphrase_key(
    passphrase: &str,
    salt: &[u8],
    cost: Cost,
) -> Result<Zeroizing<[u8; 32]>, CryptoError> {
    let params = argon2::Params::new(cost.memory_kib, cost.passes, cost.lanes, Some(32))
        .map_err(|e| CryptoError::Settings(e.to_string()))?;
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut out = Zeroizing::new([0u8; 32]);
    argon
        .hash_password_into(passphrase.as_bytes(), salt, out.as_mut())
        .map_err(|e| CryptoError::Settings(e.to_string()))?;
    Ok(out)
}

/// Seals everything `source` gives into `sink`, bound to `context` (what the
/// sealed bytes are, so they cannot be passed off as something else).
/// Returns the plaintext bytes sealed.
pub fn seal(
    key: &DataKey,
    context: &[u8],
    mut source: impl Read,
    sink: impl Write,
) -> Result<u64, CryptoError> {
    let mut sealer = Sealer::new(key, context, sink)?;
    let total = io::copy(&mut source, &mut sealer)?;
    sealer.finish()?;
    Ok(total)
}

/// Opens a stream [`seal`] made with the same key and context, writing the
/// plaintext to `sink` a chunk at a time, each only once it is proven
/// whole. On an error, what was written so far must be thrown away.
pub fn open(
    key: &DataKey,
    context: &[u8],
    source: impl Read,
    mut sink: impl Write,
) -> Result<u64, CryptoError> {
    let mut opener = Opener::new(key, context, source);
    let total = io::copy(&mut opener, &mut sink).map_err(CryptoError::from_io)?;
    sink.flush()?;
    Ok(total)
}

impl CryptoError {
    /// Recovers [`CryptoError::Damaged`] from the `io::Error` an [`Opener`]
    /// gave.
    pub fn from_io(e: io::Error) -> CryptoError {
        if is_damaged(&e) {
            CryptoError::Damaged
        } else {
            CryptoError::Io(e)
        }
    }
}

/// Seals one chunk of a STREAM, given its number and whether it is last.
pub(crate) trait SealChunk {
    fn seal(&mut self, counter: u64, plain: &[u8], last: bool) -> io::Result<Vec<u8>>;
}

fn random(buf: &mut [u8]) -> Result<(), CryptoError> {
    getrandom::fill(buf).map_err(|e| CryptoError::Random(e.to_string()))
}

fn unhex(text: &str, what: &str) -> Result<Vec<u8>, CryptoError> {
    // Checked byte by byte first: slicing two bytes of a string with a
    // multi-byte character in it would panic on a damaged file.
    if !text.len().is_multiple_of(2) || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(CryptoError::Settings(format!(
            "the stored {what} is not hex"
        )));
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16))
        .collect::<Result<Vec<u8>, _>>()
        .map_err(|_| CryptoError::Settings(format!("the stored {what} is not hex")))
}
