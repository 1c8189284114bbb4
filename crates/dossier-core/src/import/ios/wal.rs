//! An iOS database and its write-ahead log as one image, for reading into
//! SQLite's memory (an encrypted case's databases never touch a file).
//!
//! SQLite applies a `-wal` only to a database file beside it, so here the
//! log is read as SQLite reads it when it rebuilds its index (the format is
//! "The WAL File Format" in SQLite's file format document): a 32-byte
//! header (magic, version, page size, salts, checksum), then frames of a
//! 24-byte header (page number, the database's size in pages if the frame
//! commits a transaction, the salts, a running checksum) and one page. Only
//! frames up to the last valid commit count; a frame whose salts or
//! checksum do not match ends the log. The image is the database's pages
//! with the committed frames laid over them, made as SQLite reads it, so it
//! is never in memory twice. Byte 18 and 19 of the header are set to 1 (a
//! rollback journal): the image has no log of its own.

use std::collections::HashMap;
use std::io::{self, Read};

const MAGIC_LITTLE: u32 = 0x377f_0682;
const MAGIC_BIG: u32 = 0x377f_0683;
const VERSION: u32 = 3_007_000;

/// The committed pages of a `-wal`.
pub(super) struct Log {
    page_size: usize,
    /// The database's size in pages after the last commit.
    pages: u32,
    /// The newest committed copy of each page.
    frames: HashMap<u32, Vec<u8>>,
}

fn be(bytes: &[u8]) -> u32 {
    bytes
        .get(..4)
        .map_or(0, |b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

/// SQLite's WAL checksum, continued from `sum` over `data` (whose length is
/// a multiple of 8), words read in the byte order the magic says.
fn checksum(big_endian: bool, data: &[u8], sum: (u32, u32)) -> (u32, u32) {
    let (mut s0, mut s1) = sum;
    for pair in data.chunks_exact(8) {
        let word = |b: &[u8]| {
            let b = [b[0], b[1], b[2], b[3]];
            if big_endian {
                u32::from_be_bytes(b)
            } else {
                u32::from_le_bytes(b)
            }
        };
        s0 = s0.wrapping_add(word(&pair[..4])).wrapping_add(s1);
        s1 = s1.wrapping_add(word(&pair[4..])).wrapping_add(s0);
    }
    (s0, s1)
}

/// Reads up to `buf.len()` bytes; fewer only at the end of `r`.
fn fill(r: &mut dyn Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match r.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}

impl Log {
    /// Reads a `-wal`; `None` when it holds no committed transaction (as
    /// SQLite, which then ignores it).
    pub(super) fn read(mut from: impl Read) -> Result<Option<Log>, String> {
        let mut header = [0u8; 32];
        if fill(&mut from, &mut header).map_err(|e| e.to_string())? < 32 {
            return Ok(None);
        }
        let magic = be(&header);
        let big_endian = match magic {
            MAGIC_BIG => true,
            MAGIC_LITTLE => false,
            _ => return Ok(None),
        };
        let page_size = be(&header[8..]) as usize;
        let valid_size = (512..=65_536).contains(&page_size) && page_size.is_power_of_two();
        let sum = checksum(big_endian, &header[..24], (0, 0));
        if be(&header[4..]) != VERSION
            || !valid_size
            || sum != (be(&header[24..]), be(&header[28..]))
        {
            return Ok(None);
        }
        let salts = &header[16..24];
        let mut log = Log {
            page_size,
            pages: 0,
            frames: HashMap::new(),
        };
        let mut pending: Vec<(u32, Vec<u8>)> = Vec::new();
        let mut sum = sum;
        let mut frame_header = [0u8; 24];
        loop {
            if fill(&mut from, &mut frame_header).map_err(|e| e.to_string())? < 24 {
                break;
            }
            let mut page = vec![0u8; page_size];
            if fill(&mut from, &mut page).map_err(|e| e.to_string())? < page_size {
                break;
            }
            let number = be(&frame_header);
            let commit = be(&frame_header[4..]);
            let next = checksum(
                big_endian,
                &page,
                checksum(big_endian, &frame_header[..8], sum),
            );
            if number == 0
                || &frame_header[8..16] != salts
                || next != (be(&frame_header[16..]), be(&frame_header[20..]))
            {
                break;
            }
            sum = next;
            pending.push((number, page));
            if commit != 0 {
                log.pages = commit;
                log.frames.extend(pending.drain(..));
            }
        }
        Ok((log.pages != 0).then_some(log))
    }
}

/// The database as SQLite is to read it: its bytes with the log's pages
/// laid over them, read in order.
pub(super) struct Image<R> {
    db: R,
    db_len: u64,
    len: u64,
    /// The page size when a log is applied; chunks of 64 KiB otherwise.
    page_size: usize,
    frames: HashMap<u32, Vec<u8>>,
    pos: u64,
    chunk: Vec<u8>,
    served: usize,
}

impl<R: Read> Image<R> {
    /// `db` is `db_len` bytes long.
    pub(super) fn new(db: R, db_len: u64, log: Option<Option<Log>>) -> Result<Image<R>, String> {
        let (len, page_size, frames) = match log.flatten() {
            None => (db_len, 0, HashMap::new()),
            Some(log) => {
                let size = log.page_size as u64;
                // A commit never leaves the database larger than the pages
                // it had and those the log wrote; a log claiming more would
                // have us allocate what no file holds.
                let written = log.frames.keys().copied().max().unwrap_or(0);
                let had = db_len.div_ceil(size);
                if u64::from(log.pages) > had.max(u64::from(written)) {
                    return Err(format!(
                        "the -wal says the database has {} pages, more than it and the -wal hold — \
                         the -wal is damaged; copy it from the backup again",
                        log.pages
                    ));
                }
                (u64::from(log.pages) * size, log.page_size, log.frames)
            }
        };
        Ok(Image {
            db,
            db_len,
            len,
            page_size,
            frames,
            pos: 0,
            chunk: Vec::new(),
            served: 0,
        })
    }

    /// The image's length in bytes.
    pub(super) fn len(&self) -> u64 {
        self.len
    }

    /// The next page (or chunk) of the image.
    fn next_chunk(&mut self) -> io::Result<()> {
        let step = if self.page_size > 0 {
            self.page_size
        } else {
            64 << 10
        };
        let want = (self.len - self.pos).min(step as u64) as usize;
        self.chunk.clear();
        self.chunk.resize(want, 0);
        // The database's own bytes at this place (zeros past its end), read
        // even when the log replaces them, so the two stay in step.
        if self.pos < self.db_len {
            let from_db = (self.db_len - self.pos).min(want as u64) as usize;
            let got = fill(&mut self.db, &mut self.chunk[..from_db])?;
            if got < from_db {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "the stored database is shorter than it was",
                ));
            }
        }
        if self.page_size > 0 {
            let number = u32::try_from(self.pos / self.page_size as u64 + 1)
                .map_err(|_| io::Error::other("page number out of range"))?;
            if let Some(page) = self.frames.get(&number) {
                self.chunk.copy_from_slice(&page[..want]);
            }
        }
        if self.pos == 0 && self.chunk.len() >= 20 {
            // Rollback journal, not WAL: the image is read on its own.
            self.chunk[18] = 1;
            self.chunk[19] = 1;
        }
        self.pos += want as u64;
        self.served = 0;
        Ok(())
    }
}

impl<R: Read> Read for Image<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.served == self.chunk.len() {
            if self.pos >= self.len {
                return Ok(0);
            }
            self.next_chunk()?;
        }
        let n = buf.len().min(self.chunk.len() - self.served);
        buf[..n].copy_from_slice(&self.chunk[self.served..self.served + n]);
        self.served += n;
        Ok(n)
    }
}
