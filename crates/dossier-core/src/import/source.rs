//! What a parser gets instead of the case: `Source` (the stored export, the
//! case's region, zone and folder) and the channel its records go through,
//! in chunks, to the writer on the other thread (`Msg`, `Records`).

use super::*;

/// What a parser sends to the writer while it reads.
pub(crate) enum Msg {
    Records(Vec<Record>),
    Skipped(String, String),
    Lost(Gap),
    Flagged(String, Flag),
    Failed(ImportError),
}

/// Records a writer receives: all at once, or in chunks from a parser
/// running on another thread.
pub(crate) enum Records {
    All(Vec<Record>),
    Stream(mpsc::Receiver<Msg>),
}

/// Where a parser's records go.
pub(crate) enum Sink {
    Collect(Vec<Record>),
    /// The first records only, for a preview: the parser is stopped once
    /// `limit` are in.
    Preview {
        records: Vec<Record>,
        limit: usize,
    },
    Stream {
        tx: mpsc::SyncSender<Msg>,
        chunk: Vec<Record>,
    },
}

/// What the writer takes from [`Records`] besides records.
pub(crate) enum Received {
    Skipped(String, String),
    Lost(Gap),
    Flagged(String, Flag),
    Failed(ImportError),
}

/// [`Records`] as an iterator of chunks.
pub(crate) enum Chunks {
    All(Option<Vec<Record>>),
    Stream(mpsc::Receiver<Msg>),
}

impl Chunks {
    pub(crate) fn new(records: Records) -> Chunks {
        match records {
            Records::All(all) => Chunks::All(Some(all)),
            Records::Stream(rx) => Chunks::Stream(rx),
        }
    }
}

impl Iterator for Chunks {
    type Item = Result<Vec<Record>, Received>;

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Chunks::All(all) => all.take().map(Ok),
            Chunks::Stream(rx) => match rx.recv().ok()? {
                Msg::Records(chunk) => Some(Ok(chunk)),
                Msg::Skipped(position, why) => Some(Err(Received::Skipped(position, why))),
                Msg::Lost(gap) => Some(Err(Received::Lost(gap))),
                Msg::Flagged(position, flag) => Some(Err(Received::Flagged(position, flag))),
                Msg::Failed(e) => Some(Err(Received::Failed(e))),
            },
        }
    }
}

/// Records sent to the writer at a time.
pub(crate) const CHUNK: usize = 4096;

/// Hands the staged copy to a parser; shared by the formats.
pub(crate) struct Source<'a> {
    /// The display path of the user's file, for messages.
    pub path: &'a Path,
    /// The staged copy in `tmp/`, which is what is parsed.
    pub copy: &'a Path,
    /// The case's files, where attachments are staged.
    pub vault: &'a Vault,
    /// The case's region (for numbers) and time zone (for local times).
    pub region: Rules,
    pub zone: TimeZone,
    pub buffers: Buffers,
    pub skipped: Vec<(String, String)>,
    /// What was lost, in a collecting or previewing source.
    pub gaps: Vec<Gap>,
    /// Records flagged, in a collecting or previewing source.
    pub flags: Vec<(String, Flag)>,
    pub(crate) sink: Sink,
    /// The copy, opened before a parser thread starts.
    pub(crate) input: Option<Reader>,
    /// The stored copy of a companion file (an iOS `-wal`), opened before
    /// a parser thread starts, for the same reason.
    pub(crate) companion: Option<Reader>,
    /// The copy is the user's own file (a preview), not a stored blob.
    pub(crate) plain_copy: bool,
    /// The length of the copy's plaintext, when it is a stored blob (its
    /// name in `tmp/` may be gone by the time a parser asks).
    pub(crate) copy_size: Option<u64>,
}

impl<'a> Source<'a> {
    pub(crate) fn new(
        path: &'a Path,
        copy: &'a Path,
        vault: &'a Vault,
        info: &CaseInfo,
        sink: Sink,
    ) -> Source<'a> {
        Source {
            path,
            copy,
            vault,
            region: info.rules,
            zone: info.time_zone.clone(),
            buffers: Buffers::default(),
            skipped: Vec::new(),
            gaps: Vec::new(),
            flags: Vec::new(),
            sink,
            input: None,
            companion: None,
            plain_copy: false,
            copy_size: None,
        }
    }

    /// The stored copy, open for reading.
    pub(crate) fn open_copy(&mut self) -> std::io::Result<Reader> {
        match self.input.take() {
            Some(reader) => Ok(reader),
            None if self.plain_copy => std::fs::File::open(self.copy).map(Reader::Plain),
            None => std::fs::File::open(self.copy).map(|f| self.vault.blob_reader(f)),
        }
    }

    /// Hands one record on.
    pub(crate) fn emit(&mut self, record: Record) -> Result<(), ImportError> {
        match &mut self.sink {
            Sink::Collect(records) => records.push(record),
            Sink::Preview { records, limit } => {
                records.push(record);
                if records.len() >= *limit {
                    return Err(ImportError::Cancelled {
                        path: self.path.to_path_buf(),
                    });
                }
            }
            Sink::Stream { tx, chunk } => {
                chunk.push(record);
                if chunk.len() >= CHUNK {
                    let full = std::mem::replace(chunk, Vec::with_capacity(CHUNK));
                    tx.send(Msg::Records(full))
                        .map_err(|_| self::stopped(self.path))?;
                }
            }
        }
        Ok(())
    }

    /// Notes a record passed over, and why.
    pub(crate) fn skip(&mut self, position: String, why: &str) {
        match &self.sink {
            Sink::Stream { tx, .. } => {
                let _ = tx.send(Msg::Skipped(position, why.to_owned()));
            }
            Sink::Collect(_) | Sink::Preview { .. } => {
                self.skipped.push((position, why.to_owned()));
            }
        }
    }

    /// Notes what the export lost; the records read so far are kept.
    pub(crate) fn lost(&mut self, gap: Gap) -> Result<(), ImportError> {
        match &mut self.sink {
            Sink::Stream { tx, chunk } => {
                // The records before the loss go first, so the order of
                // what the writer receives is the file's.
                if !chunk.is_empty() {
                    tx.send(Msg::Records(std::mem::take(chunk)))
                        .map_err(|_| stopped(self.path))?;
                }
                tx.send(Msg::Lost(gap)).map_err(|_| stopped(self.path))?;
            }
            Sink::Collect(_) | Sink::Preview { .. } => self.gaps.push(gap),
        }
        Ok(())
    }

    /// Flags a record that is imported but has something to check.
    pub(crate) fn flag(&mut self, position: String, flag: Flag) -> Result<(), ImportError> {
        match &self.sink {
            Sink::Stream { tx, .. } => tx
                .send(Msg::Flagged(position, flag))
                .map_err(|_| stopped(self.path)),
            Sink::Collect(_) | Sink::Preview { .. } => {
                self.flags.push((position, flag));
                Ok(())
            }
        }
    }

    /// Sends what is left of the last chunk.
    pub(crate) fn finish(&mut self) -> Result<(), ImportError> {
        if let Sink::Stream { tx, chunk } = &mut self.sink
            && !chunk.is_empty()
        {
            tx.send(Msg::Records(std::mem::take(chunk)))
                .map_err(|_| stopped(self.path))?;
        }
        Ok(())
    }

    /// Streams `reader` (decoded attachment bytes) into `tmp/`.
    pub(crate) fn stage(&mut self, reader: &mut dyn Read, at: &str) -> Result<Staged, ImportError> {
        blob::stage(self.vault, reader, 0, &mut self.buffers, &mut |_| {}).map_err(|e| match e {
            blob::StageError::Read(e) => ImportError::malformed(
                self.path,
                at,
                Reason::both(format!("its data cannot be decoded: {e}"), "其数据无法解码"),
            ),
            blob::StageError::Write(source) => ImportError::Source(IngestError::Write {
                path: self.path.to_path_buf(),
                source,
            }),
        })
    }
}

/// The parser's error when the writer has stopped (its own error is the one
/// reported).
pub(crate) fn stopped(path: &Path) -> ImportError {
    ImportError::malformed(path, "the writer", "the import was stopped")
}
