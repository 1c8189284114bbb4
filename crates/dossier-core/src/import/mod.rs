//! Importing what the phone already holds: call logs, SMS/MMS and chat
//! exports. An import stores the export file itself as an exhibit, reads the
//! stored copy (never the source), and turns each record into an event that
//! points back to the exhibit and the exact record in it. Everything of one
//! import — the file, what was extracted from it, its events, the parties it
//! names and its audit entries — is one transaction: a malformed file
//! imports nothing, and the error says where it broke.
//!
//! Events already in the case are recognised (overlapping backups of one
//! phone are normal): the same channel, direction and other side, within
//! [`TOLERANCE_MS`], with the same duration (to the same tolerance) or text,
//! is one event with one more source.

mod android;
mod decode;
mod excel;
mod gap;
mod ios;
mod reason;
mod suggest;
mod table;
mod text;
mod wechat;

pub use gap::{Flag, Gap, group_digits, record_words};
pub use ios::{ADDRESS_MAX, TEXT_MAX};
pub use ios::{Backup as IosBackup, Sources, backup as ios_backup, sources};
pub use reason::Reason;
pub use suggest::{Suggestion, direction_of, suggest};
pub use table::{FIELD_MAX, Mapping, NUMBER_MAX, PRESETS, RECORD_MAX, preset};

use crate::case::audit::{self, Action};
use crate::case::blob::{self, Buffers, Staged, Syncer};
use crate::case::vault::{Reader, Vault};
use crate::case::{Case, CaseInfo, Rules};
use crate::clock::{Clock, format_utc};
use crate::evidence::capture::{Basis, Capture};
use crate::evidence::ingest::{self, AddOptions, IngestError, Origin, Outcome, Prepared, Progress};
pub use crate::model::direction::{Direction, FaceTime};
use crate::model::kind::sniff;
use crate::model::phone::Address;
use crate::people::party;
use jiff::Timestamp;
use jiff::tz::TimeZone;
use rusqlite::types::{ToSqlOutput, Value, ValueRef};
use rusqlite::{Transaction, params};
use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::mpsc;

/// Two records of one event may differ by this much in time, and a call's
/// two durations by this much too (exports round differently: milliseconds,
/// whole seconds, 2001-epoch floats).
pub const TOLERANCE_MS: i64 = 1_000;

/// Whether two call durations are the same call's.
fn close(a: Option<i64>, b: Option<i64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() <= TOLERANCE_MS,
        (a, b) => a == b,
    }
}

/// The export formats Dossier reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// SMS Backup & Restore `calls-*.xml`.
    AndroidCalls,
    /// SMS Backup & Restore `sms-*.xml`, MMS included.
    AndroidSms,
    /// A MemoTrace/留痕 WeChat chat export (CSV).
    WeChatCsv,
    /// Any CSV/TSV call or message list, read through a [`Mapping`].
    Csv,
    /// An Excel workbook (`.xls`, `.xlsx`) holding such a list: a carrier
    /// 详单 as the portals hand them out.
    Excel,
    /// iOS `CallHistory.storedata` (with its `-wal`).
    IosCalls,
    /// iOS `sms.db`.
    IosSms,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::AndroidCalls,
        Format::AndroidSms,
        Format::WeChatCsv,
        Format::Csv,
        Format::Excel,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::AndroidCalls => "android-calls",
            Format::AndroidSms => "android-sms",
            Format::WeChatCsv => "wechat-csv",
            Format::Csv => "csv",
            Format::Excel => "excel",
            Format::IosCalls => "ios-calls",
            Format::IosSms => "ios-sms",
        }
    }

    pub fn parse(text: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.as_str() == text)
    }

    /// The importer's name and version, recorded with every import.
    pub fn importer(self) -> String {
        let version = match self {
            Format::AndroidCalls
            | Format::AndroidSms
            | Format::WeChatCsv
            | Format::Csv
            | Format::Excel
            | Format::IosCalls
            | Format::IosSms => 1,
        };
        format!("{}/{version} (dossier {})", self.as_str(), crate::VERSION)
    }
}

/// Whose phone an export comes from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Owner {
    /// The borrower's own phone.
    #[default]
    Debtor,
    /// Someone else's: a number, account or name (a relative, a colleague).
    Party(String),
}

/// What `dossier import` asks for.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The format; detected from the content when `None`.
    pub format: Option<Format>,
    /// How to read a CSV list; a preset is tried when `None`.
    pub mapping: Option<Mapping>,
    pub contributor: Option<String>,
    pub owner: Owner,
}

/// Why an import stored nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Source(#[from] IngestError),
    #[error(
        "cannot tell what kind of export {} is{} — name it with --format ({})",
        path.display(),
        if candidates.is_empty() { String::new() } else { format!(": it could be {}", candidates.join(" or ")) },
        Format::ALL.map(Format::as_str).join(", ")
    )]
    Undetected {
        path: PathBuf,
        candidates: Vec<&'static str>,
    },
    #[error("cannot import {}: {at}: {reason} — nothing was imported", path.display())]
    Malformed {
        path: PathBuf,
        at: String,
        reason: Reason,
    },
    #[error(
        "{} looks like a CSV list, but none of the built-in mappings ({}) fits its columns — write a mapping file \
         and give it with --mapping FILE (see docs/import.md)",
        path.display(),
        PRESETS.join(", ")
    )]
    NeedsMapping { path: PathBuf },
    #[error(
        "{owner:?} cannot own a phone: a hidden number is not a party — name the owner by number or name"
    )]
    Owner { owner: String },
    #[error("cannot record the import of {} in the case database: {source} — nothing was imported", path.display())]
    Record {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("the import of {} was stopped — nothing was imported", path.display())]
    Cancelled { path: PathBuf },
    /// An iOS database whose tables are not laid out as the phone makes
    /// them, in a way that could make reading it unbounded (a generated
    /// column, a join key that is not unique, a view in a table's place).
    #[error(
        "cannot import {}: this does not look like an iPhone's {database}: table {table}: {problem} — \
         import the file exactly as it came out of the backup; nothing was imported",
        path.display()
    )]
    Schema {
        path: PathBuf,
        /// `sms.db` or `CallHistory.storedata`.
        database: &'static str,
        table: String,
        problem: Box<SchemaProblem>,
    },
    /// A field or record over the importer's bound, refused before it is
    /// read whole.
    #[error("cannot import {}: {at}: {what} — nothing was imported", path.display())]
    TooLong {
        path: PathBuf,
        /// `line 12`, `message ROWID 7`.
        at: String,
        what: Limit,
    },
    /// A CSV quote that is never closed: the rest of the file would be one
    /// field.
    #[error(
        "cannot import {}: line {line}: a quote opens here and is never closed — the list is cut off \
         or malformed; export it again, or close the quote — nothing was imported",
        path.display()
    )]
    Unterminated { path: PathBuf, line: u64 },
}

/// What is wrong with a table of an iOS database (see
/// [`ImportError::Schema`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemaProblem {
    /// The table is not there.
    Missing,
    /// It is a view, a virtual table or a shadow table (`kind`).
    NotATable { kind: String },
    /// A `WITHOUT ROWID` table: it has no row id to join on.
    WithoutRowid,
    /// A column the importer reads is not there.
    MissingColumn { column: String },
    /// A generated (computed) or hidden column: reading it runs an
    /// expression the file chose.
    Generated { column: String },
    /// A default value that is an expression, run for rows that lack it.
    ComputedDefault { column: String, default: String },
    /// A column declared with a type whose affinity the importer cannot
    /// read as it must (`expected`: what it reads, e.g. `INTEGER`).
    Affinity {
        column: String,
        declared: String,
        expected: &'static str,
    },
    /// A column named like the row id (`ROWID`, `_rowid_`, `oid`) that is
    /// not the table's `INTEGER PRIMARY KEY`, so it hides the real row id.
    ShadowedRowid { column: String },
    /// A key that must be unique is used by more than one row.
    Duplicate { column: String, value: i64 },
}

impl std::fmt::Display for SchemaProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SchemaProblem::Missing => f.write_str("the table is missing"),
            SchemaProblem::NotATable { kind } => {
                write!(f, "it is a {kind}, not an ordinary table")
            }
            SchemaProblem::WithoutRowid => f.write_str("it is a WITHOUT ROWID table"),
            SchemaProblem::MissingColumn { column } => write!(f, "column {column} is missing"),
            SchemaProblem::Generated { column } => {
                write!(f, "column {column} is a generated or hidden column")
            }
            SchemaProblem::ComputedDefault { column, default } => {
                write!(
                    f,
                    "column {column} has a computed default value ({default})"
                )
            }
            SchemaProblem::Affinity {
                column,
                declared,
                expected,
            } => write!(
                f,
                "column {column} is declared {declared:?}, where the phone declares {expected}"
            ),
            SchemaProblem::ShadowedRowid { column } => write!(
                f,
                "column {column} is named like the row id but is not the table's INTEGER PRIMARY KEY"
            ),
            SchemaProblem::Duplicate { column, value } => {
                write!(f, "{column} {value} is used by more than one row")
            }
        }
    }
}

/// A bound an import holds each field and record to (see
/// [`ImportError::TooLong`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// A CSV field longer than `bytes`; `quoted`: it began with a quote,
    /// which then most likely is never closed.
    Field { bytes: usize, quoted: bool },
    /// A CSV record (a line, or lines joined by quotes) longer than `bytes`.
    Record { bytes: usize },
    /// The number column of a CSV list holding more than `chars` characters.
    Number { chars: usize },
    /// A text value of an iOS database longer than `bytes`.
    Text { column: &'static str, bytes: usize },
}

/// `65536` as `64 KiB`, `1048576` as `1 MiB`.
pub(crate) fn size_text(bytes: usize) -> String {
    match bytes {
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 && b % (1 << 10) == 0 => format!("{} KiB", b >> 10),
        b => format!("{b} bytes"),
    }
}

impl std::fmt::Display for Limit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            Limit::Field {
                bytes,
                quoted: true,
            } => write!(
                f,
                "a quoted field runs on for more than {} — the quote that opens on this line is \
                 probably never closed; close it, or export the list again",
                size_text(bytes)
            ),
            Limit::Field {
                bytes,
                quoted: false,
            } => write!(
                f,
                "a field is longer than {} — this is not a call or message list; check that the \
                 right file was chosen",
                size_text(bytes)
            ),
            Limit::Record { bytes } => write!(
                f,
                "a line is longer than {} — this is not a call or message list; check that the \
                 right file was chosen",
                size_text(bytes)
            ),
            Limit::Number { chars } => write!(
                f,
                "the number column holds more than {chars} characters, which is no phone number — \
                 check which column the mapping reads as the number"
            ),
            Limit::Text { column, bytes } => write!(
                f,
                "{column} is longer than {} — no phone writes that; import the file exactly as it \
                 came out of the backup",
                size_text(bytes)
            ),
        }
    }
}

impl ImportError {
    pub(crate) fn malformed(
        path: &Path,
        at: impl Into<String>,
        reason: impl Into<Reason>,
    ) -> ImportError {
        ImportError::Malformed {
            path: path.to_path_buf(),
            at: at.into(),
            reason: reason.into(),
        }
    }
}

/// One record of an export, as the importer read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// Where in the export: `call #12`, `sms #3`, `mms #5`.
    pub position: String,
    /// `call`, `sms`, `mms` or `chat`.
    pub channel: &'static str,
    pub direction: Option<Direction>,
    pub at: Timestamp,
    /// The other side as written in the export.
    pub address_raw: String,
    pub address: Address,
    pub contact_name: Option<String>,
    pub duration_ms: Option<u64>,
    pub body: Option<String>,
    /// Further recipients of a group message.
    pub recipients: Vec<(String, Address)>,
    /// The id the export gives the record, where it is stable across
    /// exports of one account (WeChat's `MsgSvrID`, an iMessage's guid):
    /// records of two exports with ids are one event exactly when their
    /// ids are equal.
    pub source_id: Option<String>,
    /// A call the export says went over FaceTime, not the phone network.
    pub facetime: Option<FaceTime>,
}

/// An exhibit taken out of an export (an MMS image), staged in `tmp/`.
#[derive(Debug)]
pub(crate) struct Attachment {
    pub staged: Staged,
    /// The record it belongs to and its place in it: `mms #5, part 2`.
    pub position: String,
    pub name: Option<String>,
    pub at: Timestamp,
}

/// What a parser hands back.
#[derive(Debug, Default)]
pub(crate) struct Parsed {
    pub attachments: Vec<Attachment>,
    /// Files read together with the export (a database's `-wal`), stored
    /// as exhibits beside it.
    pub companions: Vec<Prepared>,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportReport {
    pub format: Format,
    /// The importer's name and version, and the mapping of a CSV list.
    pub importer: String,
    /// The export file's exhibit number, and whether it was already stored.
    pub exhibit: i64,
    pub already_stored: bool,
    pub records: u64,
    pub new_events: u64,
    pub known_events: u64,
    /// Exhibits extracted from the export (MMS images and audio).
    pub extracted: Vec<i64>,
    /// Exhibits read together with the export (a database's `-wal`).
    pub companions: Vec<i64>,
    /// Records passed over (drafts, empty messages), with why.
    pub skipped: Vec<(String, String)>,
    /// Records whose other side the export masks (`138****1234`, `***`):
    /// a fully masked number is never one party.
    pub masked: u64,
    /// What the export lost (a file cut short, a part that cannot be
    /// decoded); empty when it was read whole.
    pub gaps: Vec<Gap>,
    /// Records imported with something to check, by position.
    pub flags: Vec<(String, Flag)>,
}

impl ImportReport {
    /// Whether the export was imported only in part.
    pub fn incomplete(&self) -> bool {
        !self.gaps.is_empty()
    }
}

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
enum Sink {
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
enum Received {
    Skipped(String, String),
    Lost(Gap),
    Flagged(String, Flag),
    Failed(ImportError),
}

/// [`Records`] as an iterator of chunks.
enum Chunks {
    All(Option<Vec<Record>>),
    Stream(mpsc::Receiver<Msg>),
}

impl Chunks {
    fn new(records: Records) -> Chunks {
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
const CHUNK: usize = 4096;

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
    sink: Sink,
    /// The copy, opened before a parser thread starts.
    input: Option<Reader>,
    /// The stored copy of a companion file (an iOS `-wal`), opened before
    /// a parser thread starts, for the same reason.
    pub(crate) companion: Option<Reader>,
    /// The copy is the user's own file (a preview), not a stored blob.
    plain_copy: bool,
    /// The length of the copy's plaintext, when it is a stored blob (its
    /// name in `tmp/` may be gone by the time a parser asks).
    pub(crate) copy_size: Option<u64>,
}

impl<'a> Source<'a> {
    fn new(
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
    fn finish(&mut self) -> Result<(), ImportError> {
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
fn stopped(path: &Path) -> ImportError {
    ImportError::malformed(path, "the writer", "the import was stopped")
}

/// Detects the format of an export from its first bytes.
pub fn detect(head: &[u8]) -> Result<Format, Vec<&'static str>> {
    if excel::is_excel(head) {
        return Ok(Format::Excel);
    }
    let Some(text) = head_text(head) else {
        return Err(Vec::new());
    };
    if text.contains("<calls") {
        return Ok(Format::AndroidCalls);
    }
    if text.contains("<smses") {
        return Ok(Format::AndroidSms);
    }
    if wechat::is_wechat(&text) {
        return Ok(Format::WeChatCsv);
    }
    if text.trim_start().starts_with('<') {
        return Err(vec![
            Format::AndroidCalls.as_str(),
            Format::AndroidSms.as_str(),
        ]);
    }
    // A list: some early line has several fields (title lines may come first).
    if text
        .lines()
        .take(20)
        .any(|l| l.matches(',').count() >= 2 || l.matches('\t').count() >= 2)
    {
        return Ok(Format::Csv);
    }
    Err(Vec::new())
}

/// [`detect`], and a file named as a workbook (`.xls`, `.xlsx`) that is a
/// ZIP or compound file but no workbook the detector recognises: read as
/// one, so that the user hears the workbook is damaged rather than that
/// its kind is unknown.
fn detect_file(path: &Path, head: &[u8]) -> Result<Format, Vec<&'static str>> {
    detect(head).or_else(|candidates| {
        let named = path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
            ["xls", "xlsx", "xlsm", "et"].contains(&e.to_ascii_lowercase().as_str())
        });
        let container = head.starts_with(b"PK\x03\x04")
            || head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
        if named && container {
            Ok(Format::Excel)
        } else {
            Err(candidates)
        }
    })
}

/// The start of a file as text, in whatever encoding it is, for detection
/// (a character cut off at the end of the head is dropped); `None` when it
/// is not text: no encoding fits, or it is full of control characters.
fn head_text(head: &[u8]) -> Option<String> {
    // Bytes that are not text in the declared encoding still leave the
    // format recognisable; the parser then names the byte that is wrong.
    let text = (0..4.min(head.len()))
        .find_map(|cut| decode::decode(&head[..head.len() - cut]).ok())
        .map(|d| d.1)
        .unwrap_or_else(|| String::from_utf8_lossy(head).into_owned());
    let controls = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        .count();
    (controls * 100 <= text.chars().count()).then_some(text)
}

/// The mapping to read a CSV with: the one given, or the first preset whose
/// columns the header has.
fn mapping_for(head: &[u8], options: &ImportOptions, path: &Path) -> Result<Mapping, ImportError> {
    if let Some(mapping) = &options.mapping {
        return Ok(mapping.clone());
    }
    let text = head_text(head).unwrap_or_default();
    PRESETS
        .iter()
        .filter_map(|name| preset(name))
        .find(|m| table::matches(&text, m))
        .ok_or_else(|| ImportError::NeedsMapping {
            path: path.to_path_buf(),
        })
}

/// What an export holds, read without storing anything: for the import
/// wizard to show before the user commits to an import.
#[derive(Debug, Clone)]
pub struct Preview {
    pub format: Format,
    /// The CSV mapping that reads it, by name (`file` for one given).
    pub mapping: Option<String>,
    /// The first records as they would be imported; empty when a CSV list
    /// needs a mapping first.
    pub records: Vec<Record>,
    /// A CSV list's first rows as written, so columns can be mapped.
    pub rows: Vec<Vec<String>>,
    /// A CSV list no built-in mapping fits: the user must map its columns.
    pub needs_mapping: bool,
    /// What the export lost, as far as the preview read.
    pub gaps: Vec<Gap>,
    /// For a list (CSV or Excel): the first column mapping to offer the
    /// user, from [`suggest()`].
    pub suggested: Option<Suggestion>,
}

/// Reads the first `limit` records of an export. Nothing is stored; scratch
/// files go to a folder of their own under the case's `tmp/`, removed after.
pub fn preview(
    case: &Case,
    path: &Path,
    options: &ImportOptions,
    limit: usize,
) -> Result<Preview, ImportError> {
    use std::io::Read;
    let read_error = |e| {
        ImportError::Source(IngestError::Read {
            path: path.to_path_buf(),
            source: e,
        })
    };
    let mut head = Vec::with_capacity(64 * 1024);
    std::fs::File::open(path)
        .map_err(|e| ImportError::Source(IngestError::read(path, e)))?
        .take(64 * 1024)
        .read_to_end(&mut head)
        .map_err(read_error)?;
    let scratch = case
        .root()
        .join(crate::case::layout::TMP_DIR)
        .join(format!("preview-{}", std::process::id()));
    std::fs::create_dir_all(scratch.join(crate::case::layout::TMP_DIR)).map_err(read_error)?;
    let info = case.info().clone();
    // Attachments staged while previewing are sealed like any blob of the
    // case, in the preview's own folder.
    let vault = case.vault().with_root(&scratch);
    let result = (|| {
        let new_source = |sink| {
            let mut src = Source::new(path, path, &vault, &info, sink);
            src.plain_copy = true;
            src
        };
        let format = match options.format {
            Some(format) => format,
            None if head.starts_with(b"SQLite format 3\0") => {
                ios::detect(&mut new_source(Sink::Collect(Vec::new()))).ok_or_else(|| {
                    ImportError::Undetected {
                        path: path.to_path_buf(),
                        candidates: vec![Format::IosCalls.as_str(), Format::IosSms.as_str()],
                    }
                })?
            }
            None => detect_file(path, &head).map_err(|candidates| ImportError::Undetected {
                path: path.to_path_buf(),
                candidates,
            })?,
        };
        let mut preview = Preview {
            format,
            mapping: None,
            records: Vec::new(),
            rows: Vec::new(),
            needs_mapping: false,
            gaps: Vec::new(),
            suggested: None,
        };
        let mapping = if matches!(format, Format::Csv | Format::WeChatCsv) {
            preview.rows = table::head_rows(&head_text(&head).unwrap_or_default(), 12);
            match format {
                Format::Csv => match mapping_for(&head, options, path) {
                    Ok(m) => Some(m),
                    Err(ImportError::NeedsMapping { .. }) => {
                        preview.needs_mapping = true;
                        preview.suggested = Some(suggest(&preview.rows));
                        return Ok(preview);
                    }
                    Err(e) => return Err(e),
                },
                _ => None,
            }
        } else {
            None
        };
        preview.mapping = mapping
            .as_ref()
            .map(|m| m.name.clone().unwrap_or_else(|| "file".to_owned()));
        let mut src = new_source(Sink::Preview {
            records: Vec::new(),
            limit: limit.max(1),
        });
        let parsed = match format {
            Format::AndroidCalls => android::calls(&mut src),
            Format::AndroidSms => android::messages(&mut src),
            Format::WeChatCsv => wechat::wechat(&mut src),
            Format::IosCalls => ios::calls(&mut src, None),
            Format::IosSms => ios::messages(&mut src, None),
            Format::Excel => excel::read(&mut src, options.mapping.as_ref()),
            Format::Csv => mapping.as_ref().map_or_else(
                || {
                    Err(ImportError::NeedsMapping {
                        path: path.to_path_buf(),
                    })
                },
                |m| table::mapped(&mut src, m),
            ),
        };
        if format == Format::Excel {
            let mut rows_src = new_source(Sink::Collect(Vec::new()));
            preview.rows = excel::head_rows(&mut rows_src, 12).unwrap_or_default();
        }
        match parsed {
            Ok(parsed) => parsed.attachments.iter().for_each(|a| a.staged.discard()),
            Err(ImportError::Cancelled { .. }) => {}
            Err(ImportError::NeedsMapping { .. }) if format == Format::Excel => {
                preview.needs_mapping = true;
            }
            Err(e) => return Err(e),
        }
        preview.gaps = std::mem::take(&mut src.gaps);
        if matches!(format, Format::Csv | Format::Excel) {
            preview.suggested = Some(suggest(&preview.rows));
        }
        if let Sink::Preview { records, .. } = src.sink {
            preview.records = records;
        }
        Ok(preview)
    })();
    let _ = std::fs::remove_dir_all(&scratch);
    result
}

/// Imports one export file.
pub fn import(
    case: &mut Case,
    path: &Path,
    options: &ImportOptions,
    clock: &dyn Clock,
    actor: &str,
    progress: &mut dyn Progress,
) -> Result<ImportReport, ImportError> {
    let owner_key = match &options.owner {
        Owner::Debtor => None,
        Owner::Party(input) => Some(
            party::key_for(input, case)
                .or_else(|| (!input.trim().is_empty()).then(|| format!("name:{}", input.trim())))
                .ok_or_else(|| ImportError::Owner {
                    owner: input.clone(),
                })?,
        ),
    };
    let metadata = std::fs::metadata(path).map_err(|e| IngestError::Read {
        path: path.to_path_buf(),
        source: e,
    })?;
    progress.begin(1, metadata.len());
    progress.file(path);
    let mut buffers = Buffers::default();
    let add_options = AddOptions {
        contributor: options.contributor.clone(),
        ..AddOptions::default()
    };
    let mut source =
        ingest::prepare_file(case, path, &add_options, clock, &mut buffers, &mut |n| {
            progress.advance(n)
        })?;
    source.event = None;
    let mut companions: Vec<Prepared> = Vec::new();
    let vault = case.vault().clone();
    let info = case.info().clone();
    let prepared = (|| {
        let format = match options.format {
            Some(format) => format,
            None if source.staged.head.starts_with(b"SQLite format 3\0") => {
                let mut src = Source::new(
                    path,
                    &source.staged.tmp,
                    &vault,
                    &info,
                    Sink::Collect(Vec::new()),
                );
                src.input = source.staged.reread(&vault);
                src.copy_size = Some(source.staged.size);
                ios::detect(&mut src).ok_or_else(|| ImportError::Undetected {
                    path: path.to_path_buf(),
                    candidates: vec![Format::IosCalls.as_str(), Format::IosSms.as_str()],
                })?
            }
            None => detect_file(path, &source.staged.head).map_err(|candidates| {
                ImportError::Undetected {
                    path: path.to_path_buf(),
                    candidates,
                }
            })?,
        };
        // A database's write-ahead log beside it holds its latest rows.
        if matches!(format, Format::IosCalls | Format::IosSms) {
            let mut name = path.as_os_str().to_owned();
            name.push("-wal");
            let wal_path = PathBuf::from(name);
            if wal_path.is_file() && std::fs::metadata(&wal_path).is_ok_and(|m| m.len() > 0) {
                let mut wal = ingest::prepare_file(
                    case,
                    &wal_path,
                    &add_options,
                    clock,
                    &mut buffers,
                    &mut |_| {},
                )?;
                wal.event = None;
                companions.push(wal);
            }
        }
        let mapping = match format {
            Format::Csv => Some(mapping_for(&source.staged.head, options, path)?),
            _ => None,
        };
        Ok((format, mapping))
    })();
    let (format, mapping) = match prepared {
        Ok(found) => found,
        Err(e) => {
            source.staged.discard();
            for c in &companions {
                c.staged.discard();
            }
            progress.end();
            return Err(e);
        }
    };
    let wal = companions.first().map(|w| w.staged.tmp.clone());
    let copy = source.staged.tmp.clone();
    let how = How {
        format,
        mapping: mapping
            .as_ref()
            .map(|m| m.name.clone().unwrap_or_else(|| "file".to_owned())),
    };
    let parse = |src: &mut Source<'_>| -> Result<Parsed, ImportError> {
        match format {
            Format::AndroidCalls => android::calls(src),
            Format::AndroidSms => android::messages(src),
            Format::WeChatCsv => wechat::wechat(src),
            Format::IosCalls => ios::calls(src, wal.as_deref()),
            Format::IosSms => ios::messages(src, wal.as_deref()),
            Format::Excel => excel::read(src, options.mapping.as_ref()),
            Format::Csv => table::mapped(
                src,
                mapping.as_ref().ok_or_else(|| ImportError::NeedsMapping {
                    path: path.to_path_buf(),
                })?,
            ),
        }
    };
    let result = if matches!(format, Format::AndroidSms | Format::IosSms) {
        // MMS media and iMessage attachments become exhibits of the same
        // commit, so they must all be staged before it: read the whole
        // export first.
        let mut src = Source::new(path, &copy, &vault, &info, Sink::Collect(Vec::new()));
        src.input = source.staged.reread(&vault);
        src.copy_size = Some(source.staged.size);
        src.companion = companions.first().and_then(|c| c.staged.reread(&vault));
        match parse(&mut src) {
            Ok(mut parsed) => {
                parsed.companions = companions;
                let Sink::Collect(records) =
                    std::mem::replace(&mut src.sink, Sink::Collect(Vec::new()))
                else {
                    unreachable!("a collecting source")
                };
                let passed = Passed {
                    skipped: std::mem::take(&mut src.skipped),
                    gaps: std::mem::take(&mut src.gaps),
                    flags: std::mem::take(&mut src.flags),
                };
                store(
                    case,
                    path,
                    source,
                    parsed,
                    Records::All(records),
                    how,
                    owner_key,
                    passed,
                    options,
                    clock,
                    actor,
                    &|| progress.cancelled(),
                )
            }
            Err(e) => {
                source.staged.discard();
                for c in &companions {
                    c.staged.discard();
                }
                Err(e)
            }
        }
    } else {
        // The parser runs on its own thread and hands records over in chunks,
        // so reading the export overlaps writing its events.
        std::thread::scope(|scope| {
            let (tx, rx) = mpsc::sync_channel::<Msg>(8);
            let (copy, vault, info) = (&copy, &vault, &info);
            // Taken here, before the writer starts, so the parser reads the
            // very bytes that are stored whatever the writer does meanwhile.
            let input = source.staged.reread(vault);
            let size = source.staged.size;
            // The writer places (and so removes) staged files as it
            // commits; the parser reads the companion through its handle.
            let companion = companions.first().and_then(|c| c.staged.reread(vault));
            let parser = scope.spawn(move || {
                let mut src = Source::new(
                    path,
                    copy,
                    vault,
                    info,
                    Sink::Stream {
                        tx: tx.clone(),
                        chunk: Vec::with_capacity(CHUNK),
                    },
                );
                src.input = input;
                src.copy_size = Some(size);
                src.companion = companion;
                if let Err(e) = parse(&mut src).and_then(|_| src.finish()) {
                    let _ = tx.send(Msg::Failed(e));
                }
            });
            let parsed = Parsed {
                companions,
                ..Parsed::default()
            };
            let result = store(
                case,
                path,
                source,
                parsed,
                Records::Stream(rx),
                how,
                owner_key,
                Passed::default(),
                options,
                clock,
                actor,
                &|| progress.cancelled(),
            );
            let _ = parser.join();
            result
        })
    };
    progress.end();
    result
}

/// An existing event a record may be the same as.
#[derive(Debug, Clone)]
struct Known {
    id: i64,
    at_ms: i64,
    duration_ms: Option<i64>,
    body: Option<String>,
    /// The event's first source: its exhibit and record (`None` for events
    /// of the import under way).
    exhibit: i64,
    record: Option<String>,
    /// The id its first source's export gives it (see [`Record::source_id`]).
    source_id: Option<String>,
    /// Its party's key (`tel:+86…`, `mask:+86138****1234`), `None` for no one.
    party_key: Option<String>,
    /// The export wholly masked its number (`event_mask`, no party yet).
    masked: bool,
}

/// Whether a partly masked number (`+86138****1234`) can be `number`
/// (`+8613812341234`): the same length, the same digit wherever one shows.
fn mask_fits(mask: &str, number: &str) -> bool {
    mask.len() == number.len()
        && mask
            .bytes()
            .zip(number.bytes())
            .all(|(m, n)| m == b'*' || m == n)
}

/// What must match for two records to be one event, and the second the
/// event falls in.
type KnownKey = (u8, Option<Direction>, Option<i64>, i64);

/// A hasher for the import's own small keys (numbers, short strings): the
/// multiply-and-rotate of Firefox and rustc ("FxHash"). The standard
/// SipHash guards maps against keys chosen to collide; these maps live for
/// one import and their keys come from the export being read, so the worst
/// an export could do is slow its own import.
#[derive(Debug, Default, Clone, Copy)]
struct FastHasher(u64);

impl std::hash::Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
        for &b in chunks.remainder() {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.write_u64(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_i64(&mut self, n: i64) {
        self.write_u64(n as u64);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FastHasher>>;
type FastSet<K> = HashSet<K, std::hash::BuildHasherDefault<FastHasher>>;

/// The events of one key and second: nearly always one.
#[derive(Debug)]
enum Bucket {
    One(Known),
    Many(Vec<Known>),
}

impl Bucket {
    fn iter(&self) -> std::slice::Iter<'_, Known> {
        match self {
            Bucket::One(k) => std::slice::from_ref(k).iter(),
            Bucket::Many(ks) => ks.iter(),
        }
    }
}

/// Events of the case (and of this import, as they are added) by channel,
/// direction, party and second, so that finding a match looks at three
/// small buckets.
#[derive(Debug, Default)]
struct KnownEvents {
    buckets: FastMap<KnownKey, Bucket>,
    /// The same events by channel, direction and second, whoever the
    /// party: a masked number (a carrier list's `***`) may be any of them.
    loose: FastMap<(u8, Option<Direction>, i64), Vec<Known>>,
    /// Events of the case already loaded (chunks' time ranges overlap).
    loaded: FastSet<i64>,
}

fn channel_code(channel: &str) -> u8 {
    match channel {
        "call" => 1,
        "sms" => 2,
        "mms" => 3,
        "chat" => 4,
        _ => 0,
    }
}

impl KnownEvents {
    /// Loads the case's imported events a chunk of records may repeat: those
    /// of its channels in its time range (with the tolerance to spare).
    fn load_for(
        &mut self,
        tx: &Transaction<'_>,
        chunk: &[Record],
        import_id: i64,
    ) -> rusqlite::Result<()> {
        let (Some(from), Some(to)) = (
            chunk.iter().map(|r| r.at).min(),
            chunk.iter().map(|r| r.at).max(),
        ) else {
            return Ok(());
        };
        let mut channels: Vec<&str> = chunk.iter().map(|r| r.channel).collect();
        channels.sort_unstable();
        channels.dedup();
        let mut stmt = tx.prepare_cached(
            "SELECT e.id, e.channel, e.direction, e.party_id, e.occurred_at, e.duration_ms, e.body, e.exhibit,
                    e.record, k.source_id, p.key,
                    e.party_id IS NULL AND EXISTS (SELECT 1 FROM event_mask m WHERE m.event_id = e.id)
             FROM event e LEFT JOIN record_key k ON k.exhibit = e.exhibit AND k.record = e.record
                  LEFT JOIN party p ON p.id = e.party_id
             WHERE e.import_id IS NOT NULL AND e.import_id != ?4 AND e.channel = ?1
               AND e.occurred_at BETWEEN ?2 AND ?3",
        )?;
        let margin = jiff::SignedDuration::from_secs(2);
        let (from, to) = (format_utc(from - margin), format_utc(to + margin));
        for channel in &channels {
            // Records of one export are never each other's duplicates:
            // the events this import wrote in earlier chunks are left out.
            let mut rows = stmt.query(params![channel, from, to, import_id])?;
            while let Some(r) = rows.next()? {
                let id: i64 = r.get(0)?;
                if !self.loaded.insert(id) {
                    continue;
                }
                let channel: String = r.get(1)?;
                let direction: Option<String> = r.get(2)?;
                let at: String = r.get(4)?;
                let Some(at) = crate::clock::parse_utc(&at) else {
                    continue;
                };
                let known = Known {
                    id,
                    at_ms: at.as_millisecond(),
                    duration_ms: r.get(5)?,
                    body: r.get(6)?,
                    exhibit: r.get(7)?,
                    record: Some(r.get(8)?),
                    source_id: r.get(9)?,
                    party_key: r.get(10)?,
                    masked: r.get(11)?,
                };
                self.insert(
                    &channel,
                    direction.as_deref().and_then(Direction::parse),
                    r.get(3)?,
                    known,
                );
            }
        }
        Ok(())
    }

    fn insert(
        &mut self,
        channel: &str,
        direction: Option<Direction>,
        party: Option<i64>,
        known: Known,
    ) {
        let key = (
            channel_code(channel),
            direction,
            party,
            known.at_ms.div_euclid(1000),
        );
        self.loose
            .entry((key.0, key.1, key.3))
            .or_default()
            .push(known.clone());
        match self.buckets.entry(key) {
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(Bucket::One(known));
            }
            std::collections::hash_map::Entry::Occupied(mut slot) => {
                let bucket = slot.get_mut();
                match bucket {
                    Bucket::Many(list) => list.push(known),
                    Bucket::One(_) => {
                        if let Bucket::One(first) =
                            std::mem::replace(bucket, Bucket::Many(Vec::new()))
                        {
                            *bucket = Bucket::Many(vec![first, known]);
                        }
                    }
                }
            }
        }
    }

    /// The event of another export `record` is the same as, if any: one
    /// no other record of this import has claimed (a collector who sends
    /// the same text twice is two events in every export), preferring the
    /// very record of the same file imported again. Where both exports
    /// give their records ids, the ids decide.
    fn find(
        &self,
        record: &Record,
        party: Option<i64>,
        exhibit: i64,
        claimed: &FastSet<i64>,
    ) -> Option<&Known> {
        let at = record.at.as_millisecond();
        let second = at.div_euclid(1000);
        let code = channel_code(record.channel);
        let exact = (second - 1..=second + 1)
            .filter_map(|s| self.buckets.get(&(code, record.direction, party, s)))
            .flat_map(Bucket::iter);
        if let Some(k) = Self::best(record, exhibit, claimed, exact) {
            return Some(k);
        }
        // A masked number may be any party, and a full number may be the
        // one a carrier list masked: the same time, direction and duration
        // or text make them one event, so one call is never counted twice.
        let fits = |k: &Known| match (&record.address, k.party_key.as_deref()) {
            (Address::Masked(None), _) => true,
            (Address::Masked(Some(mask)), Some(key)) => {
                key.strip_prefix("tel:").is_some_and(|n| mask_fits(mask, n))
            }
            (Address::Masked(Some(_)), None) => k.masked,
            (Address::Number(n), Some(key)) => key
                .strip_prefix("mask:")
                .is_some_and(|mask| mask_fits(mask, n)),
            (Address::Number(_), None) => k.masked,
            _ => false,
        };
        if !record.address.is_masked() && !matches!(record.address, Address::Number(_)) {
            return None;
        }
        let loose = (second - 1..=second + 1)
            .filter_map(|s| self.loose.get(&(code, record.direction, s)))
            .flatten()
            .filter(|k| fits(k));
        Self::best(record, exhibit, claimed, loose)
    }

    /// The first of `candidates` that is the same as `record` and not
    /// claimed, preferring the very record of the same file imported again.
    fn best<'k>(
        record: &Record,
        exhibit: i64,
        claimed: &FastSet<i64>,
        candidates: impl Iterator<Item = &'k Known>,
    ) -> Option<&'k Known> {
        let at = record.at.as_millisecond();
        let duration = record.duration_ms.map(|d| d as i64);
        let mut found: Option<&Known> = None;
        for k in candidates {
            if claimed.contains(&k.id) {
                continue;
            }
            let same = match (&record.source_id, &k.source_id) {
                (Some(a), Some(b)) => a == b,
                _ => {
                    (k.at_ms - at).abs() <= TOLERANCE_MS
                        && if record.channel == "call" {
                            close(k.duration_ms, duration)
                        } else {
                            k.body == record.body
                        }
                }
            };
            if !same {
                continue;
            }
            if k.exhibit == exhibit && k.record.as_deref() == Some(record.position.as_str()) {
                return Some(k);
            }
            found = found.or(Some(k));
        }
        found
    }
}

/// New events, written a hundred rows to a statement (an import writes
/// hundreds of thousands). Ids are given here, so that an event can be
/// matched by later records before its batch is written.
struct EventBatch<'r> {
    next_id: i64,
    values: Vec<ToSqlOutput<'r>>,
    recipients: Vec<(i64, Option<i64>, String)>,
    /// Events whose number the export wholly masks (`event_mask`).
    masks: Vec<i64>,
    /// FaceTime calls and whether each was video (`event_facetime`).
    facetime: Vec<(i64, bool)>,
    rows: usize,
    seal: i64,
}

impl<'r> EventBatch<'r> {
    const ROWS: usize = 100;
    const COLUMNS: &'static str = "id, exhibit, record, occurred_at, channel, party, body, duration_ms, direction, \
                                   party_id, hidden, owner_party, import_id, sealed_by";

    /// `seal` is the import's audit entry, which seals these rows.
    fn new(tx: &Transaction<'_>, seal: i64) -> rusqlite::Result<EventBatch<'r>> {
        let next_id = tx.query_row("SELECT COALESCE(MAX(id), 0) + 1 FROM event", [], |r| {
            r.get(0)
        })?;
        Ok(EventBatch {
            next_id,
            values: Vec::with_capacity(Self::ROWS * 14),
            seal,
            recipients: Vec::new(),
            masks: Vec::new(),
            facetime: Vec::new(),
            rows: 0,
        })
    }

    fn sql(rows: usize) -> String {
        let row = format!("({})", vec!["?"; 14].join(", "));
        format!(
            "INSERT INTO event ({}) VALUES {}",
            Self::COLUMNS,
            vec![row; rows].join(", ")
        )
    }

    /// Queues an event (12 values, without the id) and returns its id.
    fn push(
        &mut self,
        tx: &Transaction<'_>,
        values: [ToSqlOutput<'r>; 12],
        recipients: Vec<(Option<i64>, String)>,
        masked: bool,
        facetime: Option<FaceTime>,
    ) -> rusqlite::Result<i64> {
        let id = self.next_id;
        if masked {
            self.masks.push(id);
        }
        if let Some(kind) = facetime {
            self.facetime.push((id, kind == FaceTime::Video));
        }
        self.next_id += 1;
        self.values.push(ToSqlOutput::Owned(Value::Integer(id)));
        self.values.extend(values);
        self.values
            .push(ToSqlOutput::Owned(Value::Integer(self.seal)));
        self.recipients.extend(
            recipients
                .into_iter()
                .map(|(party, address)| (id, party, address)),
        );
        self.rows += 1;
        if self.rows == Self::ROWS {
            self.flush(tx)?;
        }
        Ok(id)
    }

    fn flush(&mut self, tx: &Transaction<'_>) -> rusqlite::Result<()> {
        if self.rows == 0 {
            return Ok(());
        }
        tx.prepare_cached(&Self::sql(self.rows))?
            .execute(rusqlite::params_from_iter(self.values.drain(..)))?;
        self.rows = 0;
        let mut recipient =
            tx.prepare_cached("INSERT OR IGNORE INTO event_recipient (event_id, party_id, address) VALUES (?1, ?2, ?3)")?;
        for (event, party, address) in self.recipients.drain(..) {
            recipient.execute(params![event, party, address])?;
        }
        let mut mask = tx.prepare_cached("INSERT INTO event_mask (event_id) VALUES (?1)")?;
        for event in self.masks.drain(..) {
            mask.execute([event])?;
        }
        let mut facetime =
            tx.prepare_cached("INSERT INTO event_facetime (event_id, video) VALUES (?1, ?2)")?;
        for (event, video) in self.facetime.drain(..) {
            facetime.execute(params![event, video])?;
        }
        Ok(())
    }
}

/// Which importer read an export, and through which mapping.
struct How {
    format: Format,
    mapping: Option<String>,
}

impl How {
    fn importer(&self) -> String {
        match &self.mapping {
            Some(mapping) => format!("{}, mapping {mapping}", self.format.importer()),
            None => self.format.importer(),
        }
    }
}

/// What a collecting parser passed over and lost, handed to the writer.
#[derive(Debug, Default)]
struct Passed {
    skipped: Vec<(String, String)>,
    gaps: Vec<Gap>,
    flags: Vec<(String, Flag)>,
}

/// Stores the export, its attachments and its events in one transaction.
#[allow(clippy::too_many_arguments)]
fn store(
    case: &mut Case,
    path: &Path,
    source: Prepared,
    parsed: Parsed,
    records: Records,
    how: How,
    owner_key: Option<String>,
    passed: Passed,
    options: &ImportOptions,
    clock: &dyn Clock,
    actor: &str,
    stop: &dyn Fn() -> bool,
) -> Result<ImportReport, ImportError> {
    let Parsed {
        attachments,
        companions,
    } = parsed;
    let mut syncer = Syncer::new(case.root(), 4);
    let mut group = vec![source];
    let mut positions = Vec::with_capacity(attachments.len());
    for (i, a) in attachments.into_iter().enumerate() {
        let (kind, media_type) = sniff(&a.staged.head);
        positions.push(a.position.clone());
        group.push(Prepared {
            index: i + 1,
            path: path.to_path_buf(),
            staged: a.staged,
            kind,
            media_type,
            capture: Capture {
                at: a.at,
                offset: None,
                basis: Basis::Message,
                raw: format!("{} ({})", a.position, format_utc(a.at)),
                zone_assumed: false,
            },
            duration_ms: None,
            origin: Origin::File,
            original_name: a.name.clone().or_else(|| Some(a.position.clone())),
            original_path: None,
            modified_at: None,
            note: None,
            event: None,
        });
    }
    let first_companion = group.len();
    for (i, mut companion) in companions.into_iter().enumerate() {
        companion.index = first_companion + i;
        group.push(companion);
    }
    let ids: Vec<usize> = (0..group.len()).collect();
    let durable = group
        .iter()
        .try_for_each(|p| syncer.submit(p.index, &p.staged))
        .and_then(|()| {
            syncer
                .wait_all(&ids)
                .into_iter()
                .collect::<std::io::Result<()>>()
        });
    if let Err(source) = durable {
        for p in &group {
            p.staged.discard();
        }
        return Err(IngestError::Write {
            path: path.to_path_buf(),
            source,
        }
        .into());
    }

    let format = how.format;
    let importer = how.importer();
    let mut report = ImportReport {
        format,
        importer: importer.clone(),
        exhibit: 0,
        already_stored: false,
        records: 0,
        new_events: 0,
        known_events: 0,
        extracted: Vec::new(),
        companions: Vec::new(),
        skipped: Vec::new(),
        masked: 0,
        gaps: Vec::new(),
        flags: Vec::new(),
    };
    let now = clock.now();
    let contributor = options.contributor.as_deref();
    let mut records = Some(records);
    let Passed {
        mut skipped,
        mut gaps,
        mut flags,
    } = passed;
    let mut parse_error: Option<ImportError> = None;
    let mut hook = |tx: &Transaction<'_>, done: &[(usize, Outcome)]| -> rusqlite::Result<()> {
        let exhibit_of = |outcome: &Outcome| match outcome {
            Outcome::Added(a) => Some(a.exhibit),
            Outcome::Duplicate { exhibit, .. } => Some(*exhibit),
            Outcome::Failed(_) => None,
        };
        let exhibit = done
            .first()
            .and_then(|(_, o)| exhibit_of(o))
            .ok_or(rusqlite::Error::QueryReturnedNoRows)?;
        report.exhibit = exhibit;
        report.already_stored = matches!(done.first(), Some((_, Outcome::Duplicate { .. })));
        report.extracted.clear();
        report.companions = done
            .iter()
            .skip(first_companion)
            .filter_map(|(_, o)| exhibit_of(o))
            .collect();
        for ((_, outcome), position) in done.iter().skip(1).zip(&positions) {
            if let Some(extracted) = exhibit_of(outcome) {
                report.extracted.push(extracted);
                tx.execute(
                    "INSERT OR IGNORE INTO extracted (exhibit, source_exhibit, record) VALUES (?1, ?2, ?3)",
                    params![extracted, exhibit, position],
                )?;
            }
        }
        let owner = match &owner_key {
            None => party::ensure_self(tx)?,
            Some(key) => party::ensure(tx, key)?,
        };
        let contributor_id: Option<i64> = match contributor {
            Some(name) => Some(ingest::ensure_contributor(tx, name)?),
            None => None,
        };
        // The import's own entry comes last, once the counts are known; its
        // number goes into its rows now, and it seals them when appended.
        let seq = audit::reserve(tx)?;
        tx.execute(
            "INSERT INTO import (exhibit, format, importer, owner_party, contributor_id, records, new_events,
                                 known_events, imported_at, audit_seq)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, 0, ?7, ?8)",
            params![exhibit, format.as_str(), importer, owner, contributor_id, 0, format_utc(now), seq],
        )?;
        let import_id = tx.last_insert_rowid();

        let mut known = KnownEvents::default();
        // Party ids and keys by address, looked up once per address.
        let mut parties: FastMap<Address, Option<i64>> = FastMap::default();
        let mut party_of =
            |tx: &Transaction<'_>, address: &Address| -> rusqlite::Result<Option<i64>> {
                if let Some(found) = parties.get(address) {
                    return Ok(*found);
                }
                let found = match address.party_key() {
                    Some(key) => Some(party::ensure(tx, &key)?),
                    None => None,
                };
                parties.insert(address.clone(), found);
                Ok(found)
            };
        let mut insert_source = tx.prepare(
            "INSERT OR IGNORE INTO event_source (event_id, exhibit, record, import_id) VALUES (?1, ?2, ?3, ?4)",
        )?;
        let mut unnamed = tx.prepare("SELECT 1 FROM party WHERE id = ?1 AND name IS NULL")?;
        let mut name_party = tx.prepare("UPDATE party SET name = ?2 WHERE id = ?1")?;
        let mut insert_key = tx.prepare(
            "INSERT OR IGNORE INTO record_key (exhibit, record, source_id) VALUES (?1, ?2, ?3)",
        )?;
        let mut named = HashSet::new();
        // Events of earlier imports a record of this one has matched.
        let mut claimed: FastSet<i64> = FastSet::default();
        let (mut new_events, mut known_events, mut record_count) = (0u64, 0u64, 0u64);
        let mut masked = 0u64;
        let mut chunks = records.take().map(Chunks::new).into_iter().flatten();
        loop {
            let chunk = match chunks.next() {
                None => break,
                Some(Ok(chunk)) => chunk,
                Some(Err(Received::Skipped(position, why))) => {
                    skipped.push((position, why));
                    continue;
                }
                Some(Err(Received::Lost(gap))) => {
                    gaps.push(gap);
                    continue;
                }
                Some(Err(Received::Flagged(position, flag))) => {
                    flags.push((position, flag));
                    continue;
                }
                Some(Err(Received::Failed(e))) => {
                    parse_error = Some(e);
                    return Err(rusqlite::Error::InvalidQuery);
                }
            };
            if stop() {
                parse_error = Some(ImportError::Cancelled {
                    path: path.to_path_buf(),
                });
                return Err(rusqlite::Error::InvalidQuery);
            }
            record_count += chunk.len() as u64;
            known.load_for(tx, &chunk, import_id)?;
            let mut events = EventBatch::new(tx, seq)?;
            for record in &chunk {
                let pid = party_of(tx, &record.address)?;
                if let (Some(pid), Some(name)) = (pid, &record.contact_name)
                    && named.insert(pid)
                    && unnamed.exists([pid])?
                {
                    // The party may have been sealed by an earlier entry.
                    crate::case::rows::supersede(tx, "party", pid)?;
                    name_party.execute(params![pid, name])?;
                }
                masked += u64::from(record.address.is_masked());
                if let Some(id) = &record.source_id {
                    insert_key.execute(params![exhibit, record.position, id])?;
                }
                if let Some(k) = known.find(record, pid, exhibit, &claimed) {
                    // The same event seen before: one more source, unless it
                    // is this very record of this very file imported again.
                    let same_record = k.exhibit == exhibit
                        && k.record.as_deref() == Some(record.position.as_str());
                    let event_id = k.id;
                    claimed.insert(event_id);
                    // A full number names the party a carrier list masked:
                    // the event gets it (its earlier version stays provable).
                    let masked_before = k.masked
                        || k.party_key
                            .as_deref()
                            .is_some_and(|p| p.starts_with("mask:"));
                    if masked_before
                        && pid.is_some()
                        && matches!(record.address, Address::Number(_))
                    {
                        events.flush(tx)?;
                        crate::case::rows::supersede(tx, "event", event_id)?;
                        tx.execute(
                            "UPDATE event SET party_id = ?2, hidden = 0 WHERE id = ?1",
                            params![event_id, pid],
                        )?;
                    }
                    if !same_record {
                        events.flush(tx)?;
                        insert_source.execute(params![
                            event_id,
                            exhibit,
                            record.position,
                            import_id
                        ])?;
                    }
                    known_events += 1;
                    continue;
                }
                let mut recipients = Vec::with_capacity(record.recipients.len());
                for (raw, address) in &record.recipients {
                    let rid = party_of(tx, address)?;
                    recipients.push((rid, raw.clone()));
                }
                fn text(t: &str) -> ToSqlOutput<'_> {
                    ToSqlOutput::Borrowed(ValueRef::Text(t.as_bytes()))
                }
                let int = |i: i64| ToSqlOutput::Owned(Value::Integer(i));
                let null = || ToSqlOutput::Owned(Value::Null);
                events.push(
                    tx,
                    [
                        int(exhibit),
                        text(&record.position),
                        ToSqlOutput::Owned(Value::Text(format_utc(record.at))),
                        text(record.channel),
                        text(&record.address_raw),
                        record.body.as_deref().map_or_else(null, text),
                        record.duration_ms.map_or_else(null, |d| int(d as i64)),
                        record.direction.map_or_else(null, |d| text(d.as_str())),
                        pid.map_or_else(null, int),
                        int(i64::from(record.address.is_no_one())),
                        int(owner),
                        int(import_id),
                    ],
                    recipients,
                    record.address == Address::Masked(None),
                    record.facetime,
                )?;
                new_events += 1;
            }
            events.flush(tx)?;
        }
        let mut insert_gap = tx.prepare(
            "INSERT INTO import_gap (import_id, kind, record, at_byte, declared) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for gap in &gaps {
            let (record, at_byte, declared) = match gap {
                Gap::Truncated {
                    at_byte,
                    inside,
                    declared,
                } => (
                    inside.clone(),
                    Some(*at_byte as i64),
                    declared.map(|d| d as i64),
                ),
                Gap::Part { position, at_byte } => {
                    (Some(position.clone()), at_byte.map(|b| b as i64), None)
                }
                Gap::Missing { position } => (Some(position.clone()), None, None),
            };
            insert_gap.execute(params![import_id, gap.kind(), record, at_byte, declared])?;
        }
        report.records = record_count;
        report.masked = masked;
        report.gaps = gaps.clone();
        report.flags = flags.clone();
        report.skipped = skipped.clone();
        report.new_events = new_events;
        report.known_events = known_events;
        tx.execute(
            "UPDATE import SET records = ?5, new_events = ?2, known_events = ?3, audit_seq = ?4 WHERE id = ?1",
            params![import_id, new_events as i64, known_events as i64, seq, record_count as i64],
        )?;
        let appended = audit::append(
            tx,
            now,
            contributor.unwrap_or(actor),
            Action::Imported,
            &serde_json::json!({
                "import": import_id,
                "exhibit": exhibit,
                "format": format.as_str(),
                "importer": importer,
                "owner": owner_key.as_deref().unwrap_or(party::SELF_KEY),
                "contributor": contributor,
                "records": record_count,
                "new_events": new_events,
                "known_events": known_events,
                "extracted": report.extracted,
                "companions": report.companions,
                "skipped": skipped.len(),
                "masked": masked,
                "gaps": gaps.len(),
                "flagged": flags.len(),
            }),
        )?;
        debug_assert_eq!(
            appended, seq,
            "the import's entry gets the number reserved for it"
        );
        Ok(())
    };
    let result = ingest::commit_group(
        case,
        &group,
        contributor,
        clock,
        actor,
        &mut syncer,
        &mut hook,
    );
    for p in &group {
        p.staged.discard();
    }
    if let Some(e) = parse_error {
        return Err(e);
    }
    match result {
        Ok(_) => Ok(report),
        Err((_, IngestError::Record { source, .. })) => Err(ImportError::Record {
            path: path.to_path_buf(),
            source,
        }),
        Err((_, e)) => Err(ImportError::Source(e)),
    }
}

pub use text::unescape_xml;
