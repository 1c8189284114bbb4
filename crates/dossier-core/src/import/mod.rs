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
mod detect;
mod error;
mod excel;
mod gap;
mod ios;
mod matching;
mod reason;
mod source;
mod suggest;
mod table;
mod text;
mod wechat;
mod writer;

pub use detect::*;
pub use error::*;
pub use gap::{Flag, Gap, group_digits, record_words};
pub use ios::{ADDRESS_MAX, TEXT_MAX};
pub use ios::{Backup as IosBackup, Sources, backup as ios_backup, sources};
use matching::*;
pub use reason::Reason;
pub(crate) use source::*;
pub use suggest::{Suggestion, direction_of, suggest};
pub use table::{FIELD_MAX, Mapping, NUMBER_MAX, PRESETS, RECORD_MAX, preset};
use writer::*;

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
    pub const ALL: [Format; 7] = [
        Format::AndroidCalls,
        Format::AndroidSms,
        Format::IosCalls,
        Format::IosSms,
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

pub use text::unescape_xml;
