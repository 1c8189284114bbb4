//! The sealed STREAM: data cut into 64 KiB chunks, each sealed with its
//! counter and whether it is the last, so that a chunk cut, moved or
//! changed is refused (`Sealer`, `Opener`, and the `ChunkWriter` the age
//! format shares).

use super::*;

/// Whether an `io::Error` from an [`Opener`] means the sealed bytes did not
/// open (as opposed to the disk failing).
pub fn is_damaged(e: &io::Error) -> bool {
    e.get_ref()
        .is_some_and(|inner| inner.downcast_ref::<DamagedChunk>().is_some())
}

#[derive(Debug)]
pub(crate) struct DamagedChunk;

impl std::fmt::Display for DamagedChunk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&CryptoError::Damaged.to_string())
    }
}

impl std::error::Error for DamagedChunk {}

pub(crate) fn damaged() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, DamagedChunk)
}

/// The writing half of a STREAM: buffers one chunk, and seals a full one
/// only once more data shows it is not the last.
pub(crate) struct ChunkWriter<S: SealChunk, W: Write> {
    pub(crate) chunks: S,
    pub(crate) counter: u64,
    pub(crate) buf: Zeroizing<Vec<u8>>,
    pub(crate) sink: W,
}

impl<S: SealChunk, W: Write> ChunkWriter<S, W> {
    pub(crate) fn new(chunks: S, sink: W) -> Self {
        ChunkWriter {
            chunks,
            counter: 0,
            buf: Zeroizing::new(Vec::with_capacity(CHUNK)),
            sink,
        }
    }

    pub(crate) fn emit(&mut self, last: bool) -> io::Result<()> {
        let sealed = self.chunks.seal(self.counter, &self.buf, last)?;
        self.sink.write_all(&sealed)?;
        self.buf.zeroize();
        self.buf.clear();
        self.counter += 1;
        Ok(())
    }

    /// Seals what is left as the last chunk and hands back the sink,
    /// flushed. A stream ending on a full chunk either marks that chunk
    /// last, or (`empty_last`) follows it with an empty last chunk.
    pub(crate) fn finish(mut self, empty_last: bool) -> io::Result<W> {
        if empty_last && self.buf.len() == CHUNK {
            self.emit(false)?;
        }
        self.emit(true)?;
        self.sink.flush()?;
        Ok(self.sink)
    }
}

impl<S: SealChunk, W: Write> Write for ChunkWriter<S, W> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        if self.buf.len() == CHUNK && !data.is_empty() {
            self.emit(false)?;
        }
        let take = (CHUNK - self.buf.len()).min(data.len());
        self.buf.extend_from_slice(&data[..take]);
        Ok(take)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.sink.flush()
    }
}

/// The plaintext of the chunk last opened, handed out as it is read and
/// wiped when replaced.
#[derive(Default)]
pub(crate) struct Served {
    pub(crate) plain: Zeroizing<Vec<u8>>,
    pub(crate) at: usize,
}

impl Served {
    pub(crate) fn drained(&self) -> bool {
        self.at == self.plain.len()
    }

    pub(crate) fn replace(&mut self, plain: Vec<u8>) {
        self.plain.zeroize();
        *self.plain = plain;
        self.at = 0;
    }

    pub(crate) fn serve(&mut self, out: &mut [u8]) -> usize {
        let n = (self.plain.len() - self.at).min(out.len());
        out[..n].copy_from_slice(&self.plain[self.at..self.at + n]);
        self.at += n;
        n
    }
}

/// Dossier's own chunks: nonce from the stream's prefix and the counter,
/// the context and last flag as associated data.
pub(crate) struct BlobChunks {
    pub(crate) cipher: XChaCha20Poly1305,
    pub(crate) context: Vec<u8>,
    pub(crate) prefix: [u8; PREFIX],
}

impl SealChunk for BlobChunks {
    fn seal(&mut self, counter: u64, plain: &[u8], last: bool) -> io::Result<Vec<u8>> {
        self.cipher
            .encrypt(
                &chunk_nonce(&self.prefix, counter),
                Payload {
                    msg: plain,
                    aad: &chunk_aad(&self.context, last),
                },
            )
            .map_err(|_| io::Error::other("sealing a chunk failed"))
    }
}

/// A writer that seals what is written to it into `sink`, a chunk at a time.
/// [`Sealer::finish`] writes the last chunk; a sealer dropped without it
/// leaves a stream that will not open (it was cut short).
pub struct Sealer<W: Write>(ChunkWriter<BlobChunks, W>);

impl<W: Write> Sealer<W> {
    /// Starts a stream: writes its header to `sink`.
    pub fn new(key: &DataKey, context: &[u8], mut sink: W) -> Result<Sealer<W>, CryptoError> {
        let mut prefix = [0u8; PREFIX];
        random(&mut prefix)?;
        sink.write_all(MAGIC)?;
        sink.write_all(&prefix)?;
        let chunks = BlobChunks {
            cipher: key.blob_cipher(),
            context: context.to_vec(),
            prefix,
        };
        Ok(Sealer(ChunkWriter::new(chunks, sink)))
    }

    /// Seals what is left as the last chunk (short, possibly empty: a
    /// stream whose length is a multiple of [`CHUNK`] ends with an empty
    /// chunk, so a cut at a chunk boundary is always seen) and hands back
    /// the sink, flushed.
    pub fn finish(self) -> io::Result<W> {
        self.0.finish(true)
    }
}

impl<W: Write> Write for Sealer<W> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.0.write(data)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

impl<W: Write> std::fmt::Debug for Sealer<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sealer(…)")
    }
}

impl<R: Read> std::fmt::Debug for Opener<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Opener(…)")
    }
}

/// A reader of the plaintext of a sealed stream. Each chunk is proven whole
/// before any of it is returned; a changed, reordered, dropped or
/// truncated chunk is an `io::Error` for which [`is_damaged`] is true.
pub struct Opener<R: Read> {
    pub(crate) cipher: XChaCha20Poly1305,
    pub(crate) context: Vec<u8>,
    pub(crate) prefix: Option<[u8; PREFIX]>,
    pub(crate) counter: u64,
    pub(crate) sealed: Vec<u8>,
    pub(crate) plain: Served,
    pub(crate) done: bool,
    pub(crate) source: R,
}

impl<R: Read> Opener<R> {
    pub fn new(key: &DataKey, context: &[u8], source: R) -> Opener<R> {
        Opener {
            cipher: key.blob_cipher(),
            context: context.to_vec(),
            prefix: None,
            counter: 0,
            sealed: vec![0u8; CHUNK + TAG],
            plain: Served::default(),
            done: false,
            source,
        }
    }

    pub(crate) fn next_chunk(&mut self) -> io::Result<()> {
        let prefix = match self.prefix {
            Some(prefix) => prefix,
            None => {
                let mut head = [0u8; 4 + PREFIX];
                if fill(&mut self.source, &mut head)? < head.len() || &head[..4] != MAGIC {
                    return Err(damaged());
                }
                let mut prefix = [0u8; PREFIX];
                prefix.copy_from_slice(&head[4..]);
                self.prefix = Some(prefix);
                prefix
            }
        };
        let filled = fill(&mut self.source, &mut self.sealed)?;
        let last = filled < CHUNK + TAG;
        if filled < TAG {
            return Err(damaged());
        }
        let plain = self
            .cipher
            .decrypt(
                &chunk_nonce(&prefix, self.counter),
                Payload {
                    msg: &self.sealed[..filled],
                    aad: &chunk_aad(&self.context, last),
                },
            )
            .map_err(|_| damaged())?;
        self.plain.replace(plain);
        self.counter += 1;
        self.done = last;
        Ok(())
    }
}

impl<R: Read> Read for Opener<R> {
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

pub(crate) fn chunk_nonce(prefix: &[u8; PREFIX], counter: u64) -> XNonce {
    let mut nonce = [0u8; 24];
    nonce[..PREFIX].copy_from_slice(prefix);
    nonce[PREFIX..].copy_from_slice(&counter.to_be_bytes());
    XNonce::from(nonce)
}

pub(crate) fn cipher(key: &[u8; 32]) -> XChaCha20Poly1305 {
    XChaCha20Poly1305::new(key.into())
}

pub(crate) fn chunk_aad(context: &[u8], last: bool) -> Vec<u8> {
    let mut aad = Vec::with_capacity(context.len() + 1);
    aad.extend_from_slice(context);
    aad.push(u8::from(last));
    aad
}

/// Reads until `buf` is full or the source ends; returns the bytes read.
pub(crate) fn fill<R: Read + ?Sized>(source: &mut R, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match source.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}
