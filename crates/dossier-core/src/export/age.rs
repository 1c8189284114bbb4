//! Sealed exports: files in the age format (age-encryption.org/v1) with
//! one passphrase (scrypt) recipient, so whoever receives a sealed dossier or
//! bundle opens it with the standard `age` tool (`age -d file.age`) or
//! anything that speaks the format, and Dossier itself opens them too.
//!
//! The format, as specified at <https://age-encryption.org/v1>:
//!
//! ```text
//! age-encryption.org/v1
//! -> scrypt <salt, base64> <log2 N>
//! <the 16-byte file key sealed under scrypt(passphrase), base64>
//! --- <HMAC-SHA-256 of the header above, base64>
//! <16-byte nonce><payload: ChaCha20-Poly1305 STREAM in 64 KiB chunks>
//! ```
//!
//! Reading is bounded: a header longer than [`MAX_HEADER`], more than one
//! recipient, or a work factor above [`MAX_LOG_N`] is refused before any
//! expensive work.

use crate::case::crypto::{ChunkWriter, Passphrase, SealChunk, Served};
use base64::Engine;
use base64::engine::general_purpose::STANDARD_NO_PAD as B64;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Nonce};
use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::io::{self, Read, Write};
use zeroize::Zeroizing;

/// The scrypt work factor written: 2^18, age's own default (about a second
/// and 256 MiB per guess).
pub const LOG_N: u8 = 18;
/// The largest work factor read (1 GiB of memory).
pub const MAX_LOG_N: u8 = 20;
/// The longest header read.
pub const MAX_HEADER: usize = 16 * 1024;

const VERSION_LINE: &[u8] = b"age-encryption.org/v1\n";
const SCRYPT_LABEL: &[u8] = b"age-encryption.org/v1/scrypt";
const CHUNK: usize = 64 * 1024;
const TAG: usize = 16;

/// Why an age file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum AgeError {
    #[error("wrong passphrase for this sealed file")]
    WrongPassphrase,
    #[error("not a sealed file Dossier can open: {0}")]
    Format(String),
    #[error("the sealed file was changed or cut short")]
    Damaged,
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// age's chunks: the nonce is the counter and the last flag.
struct AgeChunks(ChaCha20Poly1305);

impl SealChunk for AgeChunks {
    fn seal(&mut self, counter: u64, plain: &[u8], last: bool) -> io::Result<Vec<u8>> {
        self.0
            .encrypt(&chunk_nonce(counter, last), plain)
            .map_err(|_| io::Error::other("sealing a chunk failed"))
    }
}

/// Writes an age file sealed to `passphrase` into `sink`. Call
/// [`AgeWriter::finish`] at the end: without it the file does not open.
pub struct AgeWriter<W: Write>(ChunkWriter<AgeChunks, W>);

impl<W: Write> std::fmt::Debug for AgeWriter<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AgeWriter(…)")
    }
}

impl<W: Write> AgeWriter<W> {
    /// Writes the header (scrypt at `2^log_n`) and starts the payload.
    pub fn new(passphrase: &Passphrase, log_n: u8, mut sink: W) -> io::Result<AgeWriter<W>> {
        let mut file_key = Zeroizing::new([0u8; 16]);
        let mut salt = [0u8; 16];
        let mut nonce = [0u8; 16];
        for buf in [&mut file_key[..], &mut salt[..], &mut nonce[..]] {
            getrandom::fill(buf).map_err(|e| io::Error::other(e.to_string()))?;
        }
        let wrap_key = scrypt_key(passphrase, &salt, log_n)?;
        let body = ChaCha20Poly1305::new((&*wrap_key).into())
            .encrypt(&Nonce::default(), &file_key[..])
            .map_err(|_| io::Error::other("sealing the file key failed"))?;
        let mut header = Vec::with_capacity(256);
        header.extend_from_slice(VERSION_LINE);
        header.extend_from_slice(format!("-> scrypt {} {log_n}\n", B64.encode(salt)).as_bytes());
        // The body's base64 is 43 characters: one line, shorter than 64.
        header.extend_from_slice(B64.encode(&body).as_bytes());
        header.extend_from_slice(b"\n---");
        let mac = header_mac(&file_key, &header);
        header.push(b' ');
        header.extend_from_slice(B64.encode(mac).as_bytes());
        header.push(b'\n');
        sink.write_all(&header)?;
        sink.write_all(&nonce)?;
        let chunks = AgeChunks(payload_cipher(&file_key, &nonce));
        Ok(AgeWriter(ChunkWriter::new(chunks, sink)))
    }

    /// Seals the last chunk (full when the length is a multiple of the
    /// chunk size, as age requires) and hands back the sink, flushed.
    pub fn finish(self) -> io::Result<W> {
        self.0.finish(false)
    }
}

impl<W: Write> Write for AgeWriter<W> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.0.write(data)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// Reads the plaintext of an age file sealed to a passphrase.
pub struct AgeReader<R: Read> {
    cipher: ChaCha20Poly1305,
    counter: u64,
    sealed: Vec<u8>,
    /// A byte read ahead to learn whether a full chunk is the last.
    ahead: Option<u8>,
    plain: Served,
    done: bool,
    source: R,
}

impl<R: Read> std::fmt::Debug for AgeReader<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AgeReader(…)")
    }
}

/// Whether `head` (a file's first bytes) is an age file.
pub fn is_age(head: &[u8]) -> bool {
    head.starts_with(VERSION_LINE)
}

impl<R: Read> AgeReader<R> {
    /// Reads and checks the header; a wrong passphrase is
    /// [`AgeError::WrongPassphrase`], found before any payload is read.
    pub fn new(passphrase: &Passphrase, source: R) -> Result<AgeReader<R>, AgeError> {
        Self::with_limit(passphrase, source, MAX_LOG_N)
    }

    /// [`AgeReader::new`] with a lower ceiling on the work factor (fuzzing
    /// uses a tiny one, so each input costs microseconds).
    pub fn with_limit(
        passphrase: &Passphrase,
        mut source: R,
        max_log_n: u8,
    ) -> Result<AgeReader<R>, AgeError> {
        let bad = |why: &str| AgeError::Format(why.to_owned());
        let lines = read_header(&mut source)?;
        // version, stanza, body, mac: exactly one scrypt recipient.
        let [version, stanza, body, mac_line] = lines.as_slice() else {
            return Err(bad("it has other recipients than one passphrase"));
        };
        if version.as_slice() != &VERSION_LINE[..VERSION_LINE.len() - 1] {
            return Err(bad("unknown version"));
        }
        let stanza = std::str::from_utf8(stanza).map_err(|_| bad("unreadable header"))?;
        let args: Vec<&str> = stanza.split(' ').collect();
        let ["->", "scrypt", salt, log_n] = args.as_slice() else {
            return Err(bad("it is not sealed with a passphrase"));
        };
        let salt = B64.decode(salt).map_err(|_| bad("unreadable salt"))?;
        let log_n: u8 = log_n.parse().map_err(|_| bad("unreadable work factor"))?;
        if salt.len() != 16 || !log_n.to_string().eq(args[3]) {
            return Err(bad("unreadable scrypt recipient"));
        }
        if log_n > max_log_n.min(MAX_LOG_N) || log_n == 0 {
            return Err(AgeError::Format(format!(
                "its work factor 2^{log_n} is beyond what Dossier reads (2^{})",
                max_log_n.min(MAX_LOG_N)
            )));
        }
        if body.len() >= 64 {
            return Err(bad("unreadable recipient body"));
        }
        let body = B64
            .decode(body)
            .map_err(|_| bad("unreadable recipient body"))?;
        let mac_text = mac_line
            .strip_prefix(b"--- ")
            .ok_or_else(|| bad("unreadable header end"))?;
        let mac = B64.decode(mac_text).map_err(|_| bad("unreadable MAC"))?;

        let wrap_key = scrypt_key(passphrase, &salt, log_n)?;
        let opened = ChaCha20Poly1305::new((&*wrap_key).into())
            .decrypt(&Nonce::default(), &body[..])
            .map_err(|_| AgeError::WrongPassphrase)?;
        let mut file_key = Zeroizing::new([0u8; 16]);
        if opened.len() != 16 {
            return Err(bad("unreadable file key"));
        }
        file_key.copy_from_slice(&opened);
        let mut signed = Vec::new();
        for line in &lines[..3] {
            signed.extend_from_slice(line);
            signed.push(b'\n');
        }
        signed.extend_from_slice(b"---");
        let expected = header_mac(&file_key, &signed);
        if !constant_eq(&expected, &mac) {
            return Err(AgeError::Damaged);
        }
        let mut nonce = [0u8; 16];
        if crate::case::crypto::fill(&mut source, &mut nonce)? < nonce.len() {
            return Err(AgeError::Damaged);
        }
        Ok(AgeReader {
            cipher: payload_cipher(&file_key, &nonce),
            counter: 0,
            sealed: vec![0u8; CHUNK + TAG],
            ahead: None,
            plain: Served::default(),
            done: false,
            source,
        })
    }

    fn next_chunk(&mut self) -> io::Result<()> {
        let damaged = || io::Error::new(io::ErrorKind::InvalidData, AgeError::Damaged);
        let mut filled = 0;
        if let Some(b) = self.ahead.take() {
            self.sealed[0] = b;
            filled = 1;
        }
        filled += crate::case::crypto::fill(&mut self.source, &mut self.sealed[filled..])?;
        let last = if filled < CHUNK + TAG {
            true
        } else {
            let mut one = [0u8; 1];
            match crate::case::crypto::fill(&mut self.source, &mut one)? {
                0 => true,
                _ => {
                    self.ahead = Some(one[0]);
                    false
                }
            }
        };
        if filled < TAG || (last && filled == TAG && self.counter > 0) {
            return Err(damaged());
        }
        let plain = self
            .cipher
            .decrypt(&chunk_nonce(self.counter, last), &self.sealed[..filled])
            .map_err(|_| damaged())?;
        self.plain.replace(plain);
        self.counter += 1;
        self.done = last;
        Ok(())
    }
}

impl<R: Read> Read for AgeReader<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while self.plain.drained() {
            if self.done {
                return Ok(0);
            }
            self.next_chunk()?;
        }
        Ok(self.plain.serve(out))
    }
}

/// Opens the age file `source` into `dest` (which must not exist): through
/// `dest.partial`, renamed into place only once every chunk has opened, so
/// a wrong passphrase or a damaged file leaves no output. Returns the bytes
/// written.
pub fn open_to_file(
    passphrase: &Passphrase,
    source: &std::path::Path,
    dest: &std::path::Path,
) -> Result<u64, AgeError> {
    if dest.exists() {
        return Err(AgeError::Io(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("{} already exists", dest.display()),
        )));
    }
    let input = std::fs::File::open(source)?;
    let mut reader = AgeReader::new(passphrase, io::BufReader::new(input))?;
    let mut partial = dest.as_os_str().to_owned();
    partial.push(".partial");
    let partial = std::path::PathBuf::from(partial);
    let written = (|| {
        let mut out = io::BufWriter::new(std::fs::File::create(&partial)?);
        let n = io::copy(&mut reader, &mut out)?;
        out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        std::fs::rename(&partial, dest)?;
        Ok::<u64, io::Error>(n)
    })();
    written.map_err(|e| {
        let _ = std::fs::remove_file(&partial);
        match e.get_ref().and_then(|i| i.downcast_ref::<AgeError>()) {
            Some(AgeError::Damaged) => AgeError::Damaged,
            _ => AgeError::Io(e),
        }
    })
}

/// The header's lines (without their newlines), up to the MAC line, read a
/// byte at a time so nothing of the payload is consumed.
fn read_header(source: &mut impl Read) -> Result<Vec<Vec<u8>>, AgeError> {
    let mut lines = Vec::new();
    let mut line = Vec::new();
    let mut total = 0;
    let mut byte = [0u8; 1];
    loop {
        if source.read(&mut byte)? == 0 {
            return Err(AgeError::Format("the header is cut short".into()));
        }
        total += 1;
        if total > MAX_HEADER {
            return Err(AgeError::Format("the header is too long".into()));
        }
        if byte[0] != b'\n' {
            line.push(byte[0]);
            continue;
        }
        let end = line.starts_with(b"---");
        lines.push(std::mem::take(&mut line));
        if end {
            return Ok(lines);
        }
    }
}

fn scrypt_key(passphrase: &Passphrase, salt: &[u8], log_n: u8) -> io::Result<Zeroizing<[u8; 32]>> {
    let params = scrypt::Params::new(log_n, 8, 1)
        .map_err(|e| io::Error::other(format!("scrypt settings: {e}")))?;
    let mut labelled = Vec::with_capacity(SCRYPT_LABEL.len() + salt.len());
    labelled.extend_from_slice(SCRYPT_LABEL);
    labelled.extend_from_slice(salt);
    let mut key = Zeroizing::new([0u8; 32]);
    scrypt::scrypt(
        passphrase.as_str().as_bytes(),
        &labelled,
        &params,
        &mut key[..],
    )
    .map_err(|e| io::Error::other(format!("scrypt: {e}")))?;
    Ok(key)
}

fn header_mac(file_key: &[u8; 16], header: &[u8]) -> [u8; 32] {
    let mut key = Zeroizing::new([0u8; 32]);
    Hkdf::<Sha256>::new(Some(b""), file_key)
        .expand(b"header", &mut key[..])
        .unwrap_or_else(|_| unreachable!("32 bytes is a valid HKDF length"));
    let mut mac = <Hmac<Sha256>>::new_from_slice(&key[..])
        .unwrap_or_else(|_| unreachable!("HMAC takes a key of any length"));
    mac.update(header);
    mac.finalize().into_bytes().into()
}

fn payload_cipher(file_key: &[u8; 16], nonce: &[u8; 16]) -> ChaCha20Poly1305 {
    let mut key = Zeroizing::new([0u8; 32]);
    Hkdf::<Sha256>::new(Some(nonce), file_key)
        .expand(b"payload", &mut key[..])
        .unwrap_or_else(|_| unreachable!("32 bytes is a valid HKDF length"));
    ChaCha20Poly1305::new((&*key).into())
}

fn chunk_nonce(counter: u64, last: bool) -> Nonce {
    let mut nonce = [0u8; 12];
    nonce[3..11].copy_from_slice(&counter.to_be_bytes());
    nonce[11] = u8::from(last);
    Nonce::from(nonce)
}

/// Whether two MACs are equal, in a time that does not depend on where
/// they differ.
fn constant_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    std::hint::black_box(diff) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pass(text: &str) -> Passphrase {
        Passphrase::new(text.to_owned())
    }

    fn seal(plain: &[u8]) -> Vec<u8> {
        let mut w = AgeWriter::new(&pass("hunter22 猎人"), 10, Vec::new()).expect("writer");
        w.write_all(plain).expect("write");
        w.finish().expect("finish")
    }

    fn open(sealed: &[u8], with: &str) -> Result<Vec<u8>, AgeError> {
        let mut r = AgeReader::new(&pass(with), sealed)?;
        let mut out = Vec::new();
        r.read_to_end(&mut out).map_err(|e| match e.into_inner() {
            Some(inner) => match inner.downcast::<AgeError>() {
                Ok(age) => *age,
                Err(other) => AgeError::Io(io::Error::other(other)),
            },
            None => AgeError::Damaged,
        })?;
        Ok(out)
    }

    #[test]
    fn every_length_round_trips_including_chunk_boundaries() {
        for len in [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 2 * CHUNK + 7] {
            let plain = crate::synth::bytes(len as u64, len);
            let sealed = seal(&plain);
            assert!(is_age(&sealed));
            assert_eq!(
                open(&sealed, "hunter22 猎人").expect("open"),
                plain,
                "{len}"
            );
        }
    }

    #[test]
    fn a_wrong_passphrase_a_cut_and_a_changed_byte_are_refused() {
        let plain = crate::synth::bytes(9, 2 * CHUNK + 100);
        let sealed = seal(&plain);
        assert!(matches!(
            open(&sealed, "hunter23"),
            Err(AgeError::WrongPassphrase)
        ));
        for cut in [sealed.len() - 1, sealed.len() - 100 - TAG, 200] {
            assert!(
                open(&sealed[..cut], "hunter22 猎人").is_err(),
                "cut at {cut}"
            );
        }
        // The last full chunk dropped: the stream ends on a non-last chunk.
        let header_end = sealed.len() - (2 * (CHUNK + TAG) + 100 + TAG);
        let dropped = &sealed[..header_end + 2 * (CHUNK + TAG)];
        assert!(open(dropped, "hunter22 猎人").is_err());
        let mut changed = sealed.clone();
        let at = changed.len() / 2;
        changed[at] ^= 0x20;
        assert!(open(&changed, "hunter22 猎人").is_err());
        // The header's MAC covers the work factor.
        let text = String::from_utf8_lossy(&sealed[..120]).into_owned();
        assert!(text.contains("-> scrypt "), "{text}");
    }

    #[test]
    fn a_header_of_many_recipients_or_a_huge_work_factor_is_refused_early() {
        let many =
            b"age-encryption.org/v1\n-> X25519 abc\nAAAA\n-> scrypt c2FsdA 10\nAAAA\n--- AAAA\n";
        assert!(matches!(open(many, "x"), Err(AgeError::Format(_))));
        let huge = b"age-encryption.org/v1\n-> scrypt AAAAAAAAAAAAAAAAAAAAAA 40\nAAAA\n--- AAAA\n";
        let err = open(huge, "x").expect_err("too much work");
        assert!(err.to_string().contains("work factor"), "{err}");
        let endless = vec![b'a'; MAX_HEADER + 10];
        assert!(matches!(open(&endless, "x"), Err(AgeError::Format(_))));
    }
}
