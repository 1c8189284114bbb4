//! CSV and TSV lists: any call or message list — carrier 详单 included —
//! through a column [`Mapping`]: a built-in preset or a JSON file the user
//! writes once. The streaming row reader here also reads WeChat exports
//! ([`super::wechat`]).
//!
//! The file is read as a stream: its encoding is detected and decoded as it
//! is read ([`super::decode::Decoded`]), and records are parsed one at a
//! time with every field and record bounded ([`FIELD_MAX`], [`RECORD_MAX`],
//! [`NUMBER_MAX`]), so a hostile list (one endless line, a quote never
//! closed) is refused after a bounded read, naming its line. The header row
//! is found among the first rows (carrier lists often start with title
//! lines); each record's position is its line in the file.

mod mapping;

pub use mapping::*;

use super::decode::{Decoded, parse_duration, parse_time};
use super::{Direction, ImportError, Limit, Parsed, Reason, Record, Source};
use crate::case::vault::Reader;
use crate::model::phone::{self, Address};
use jiff::tz::TimeZone;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The longest field read: 64 KiB. A message body is at most a few KB (a
/// long SMS is ten parts of 153 characters; a WeChat link's XML a few KB).
pub const FIELD_MAX: usize = 64 << 10;

/// The longest record read (a line, or lines a quoted field joins): 1 MiB,
/// many times a real row, so that a file of one endless line is refused
/// after 1 MiB instead of being read whole.
pub const RECORD_MAX: usize = 1 << 20;

/// The longest value of the number column, trimmed: 64 characters. Phone
/// numbers are at most 15 digits (E.164) plus spaces, dashes and a prefix.
pub const NUMBER_MAX: usize = 64;

/// One record of a list: its fields and the line it starts on.
pub(super) struct Row {
    pub(super) line: u64,
    pub(super) fields: Vec<String>,
}

impl Row {
    pub(super) fn get(&self, i: usize) -> Option<&str> {
        self.fields.get(i).map(String::as_str)
    }
}

/// Why a record could not be read.
pub(super) enum RowError {
    /// The file ended inside the quote opened on `line`.
    Unterminated { line: u64 },
    /// A record over a bound, on the line it starts on.
    TooLong { line: u64, what: Limit },
    /// The bytes could not be read or decoded.
    Read { line: u64, error: std::io::Error },
}

impl RowError {
    pub(super) fn into_import(self, path: &std::path::Path) -> ImportError {
        match self {
            RowError::Unterminated { line } => ImportError::Unterminated {
                path: path.to_path_buf(),
                line,
            },
            RowError::TooLong { line, what } => ImportError::TooLong {
                path: path.to_path_buf(),
                at: format!("line {line}"),
                what,
            },
            RowError::Read { line, error } => {
                ImportError::malformed(path, format!("line {line}"), Reason::io(&error))
            }
        }
    }
}

/// Where a CSV record's parser is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    /// At the start of a field.
    Start,
    Unquoted,
    Quoted,
    /// A quote inside a quoted field: closing it, or the first of two.
    QuoteInQuoted,
}

/// CSV records read one at a time from UTF-8 text, each field and record
/// bounded while it is read, so memory stays within [`RECORD_MAX`]
/// whatever the file holds. The dialect is the csv crate's default, which
/// carrier and WeChat exports use: `"` quotes a field and `""` is a quote
/// inside one; a quote in an unquoted field is a character; lines end with
/// `\n`, `\r\n` or `\r`; blank lines are passed over; rows may have any
/// number of fields.
pub(super) struct Rows<R> {
    input: R,
    delimiter: u8,
    /// The line the reader is on (1-based).
    line: u64,
    done: bool,
}

impl<R: std::io::BufRead> Rows<R> {
    pub(super) fn new(input: R, delimiter: u8) -> Rows<R> {
        Rows {
            input,
            delimiter,
            line: 1,
            done: false,
        }
    }

    /// The next record; `None` at the end of the text.
    pub(super) fn next_row(&mut self) -> Option<Result<Row, RowError>> {
        if self.done {
            return None;
        }
        let result = self.read_row();
        if !matches!(result, Some(Ok(_))) {
            self.done = true;
        }
        result
    }

    fn read_row(&mut self) -> Option<Result<Row, RowError>> {
        let mut fields = Vec::new();
        let mut field: Vec<u8> = Vec::new();
        let mut state = State::Start;
        let mut quoted = false;
        let mut started = false;
        let mut first_line = self.line;
        let mut quote_line = self.line;
        let mut record_len = 0usize;
        let take = |field: &mut Vec<u8>, fields: &mut Vec<String>, line: u64| {
            // Fields split at ASCII bytes of UTF-8 text stay UTF-8.
            String::from_utf8(std::mem::take(field))
                .map(|f| fields.push(f))
                .map_err(|e| RowError::Read {
                    line,
                    error: std::io::Error::new(std::io::ErrorKind::InvalidData, e),
                })
        };
        loop {
            let buf = match self.input.fill_buf() {
                Ok(buf) => buf,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(error) => {
                    return Some(Err(RowError::Read {
                        line: self.line,
                        error,
                    }));
                }
            };
            if buf.is_empty() {
                if !started {
                    return None;
                }
                if state == State::Quoted {
                    return Some(Err(RowError::Unterminated { line: quote_line }));
                }
                return Some(take(&mut field, &mut fields, first_line).map(|()| Row {
                    line: first_line,
                    fields,
                }));
            }
            let mut used = 0;
            let mut ended = false;
            for &b in buf {
                used += 1;
                let newline = b == b'\n' || b == b'\r';
                if !started {
                    // Blank lines, and the `\n` of a `\r\n`, before a record.
                    if b == b'\n' {
                        self.line += 1;
                    }
                    if newline {
                        continue;
                    }
                    started = true;
                    first_line = self.line;
                }
                let mut end_field = false;
                match state {
                    State::Start | State::Unquoted if b == self.delimiter => end_field = true,
                    State::Start | State::Unquoted if newline => ended = true,
                    State::Start if b == b'"' => {
                        state = State::Quoted;
                        quoted = true;
                        quote_line = self.line;
                    }
                    State::Start | State::Unquoted => {
                        field.push(b);
                        state = State::Unquoted;
                    }
                    State::Quoted if b == b'"' => state = State::QuoteInQuoted,
                    State::Quoted => {
                        if b == b'\n' {
                            self.line += 1;
                        }
                        field.push(b);
                    }
                    State::QuoteInQuoted if b == b'"' => {
                        field.push(b'"');
                        state = State::Quoted;
                    }
                    State::QuoteInQuoted if b == self.delimiter => end_field = true,
                    State::QuoteInQuoted if newline => ended = true,
                    State::QuoteInQuoted => {
                        field.push(b);
                        state = State::Unquoted;
                    }
                }
                if ended {
                    if b == b'\n' {
                        self.line += 1;
                    }
                    break;
                }
                if end_field {
                    if let Err(e) = take(&mut field, &mut fields, first_line) {
                        return Some(Err(e));
                    }
                    state = State::Start;
                    quoted = false;
                }
                record_len += 1;
                if field.len() > FIELD_MAX {
                    let what = Limit::Field {
                        bytes: FIELD_MAX,
                        quoted,
                    };
                    // A runaway quote is named where it opened.
                    let line = if quoted { quote_line } else { first_line };
                    return Some(Err(RowError::TooLong { line, what }));
                }
                if record_len > RECORD_MAX {
                    return Some(Err(RowError::TooLong {
                        line: first_line,
                        what: Limit::Record { bytes: RECORD_MAX },
                    }));
                }
            }
            self.input.consume(used);
            if ended {
                return Some(take(&mut field, &mut fields, first_line).map(|()| Row {
                    line: first_line,
                    fields,
                }));
            }
        }
    }
}

/// The stored copy, decoded as it is read.
pub(super) fn decoded(
    src: &mut Source<'_>,
) -> Result<Decoded<std::io::BufReader<Reader>>, ImportError> {
    src.open_copy()
        .map(|f| Decoded::new(std::io::BufReader::new(f)))
        .map_err(|e| ImportError::malformed(src.path, "the start", Reason::io(&e)))
}

/// The delimiter of decoded text, guessed from its first bytes (without
/// consuming them).
fn delimiter_of(
    input: &mut impl std::io::BufRead,
    path: &std::path::Path,
) -> Result<u8, ImportError> {
    let head = input
        .fill_buf()
        .map_err(|error| RowError::Read { line: 1, error }.into_import(path))?;
    Ok(guess_delimiter(&String::from_utf8_lossy(head)))
}

fn guess_delimiter(text: &str) -> u8 {
    let first = text
        .lines()
        .take(20)
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    if first.matches('\t').count() > first.matches(',').count() {
        b'\t'
    } else {
        b','
    }
}

/// Where each mapped column is, once the header row is found.
struct Layout {
    header_line: u64,
    time: Option<usize>,
    date: Option<usize>,
    clock: Option<usize>,
    /// `None`: the list has no number column (a carrier list that leaves
    /// the other side out): every number is masked.
    number: Option<usize>,
    direction: Option<usize>,
    duration: Option<usize>,
    body: Option<usize>,
    kind: Option<usize>,
    name: Option<usize>,
}

pub(super) fn find(header: &[String], names: &Option<Names>) -> Option<usize> {
    let names = names.as_ref()?;
    names.list().iter().find_map(|want| {
        let want = want.trim().to_lowercase();
        header
            .iter()
            .position(|h| h.trim().trim_start_matches('\u{feff}').to_lowercase() == want)
    })
}

/// Finds the header row among the first rows: the first that has the
/// number column and a time.
fn layout(rows: &[(u64, Vec<String>)], m: &Mapping) -> Option<Layout> {
    rows.iter().find_map(|(line, header)| {
        let number = find(header, &m.columns.number);
        let time = find(header, &m.columns.time);
        let (date, clock) = (
            find(header, &m.columns.date),
            find(header, &m.columns.clock),
        );
        if time.is_none() && (date.is_none() || clock.is_none()) {
            return None;
        }
        let direction = find(header, &m.columns.direction);
        let duration = find(header, &m.columns.duration);
        // Without a number column, only a call list with its direction and
        // duration is recognisably one.
        if number.is_none() && (m.channel != "call" || direction.is_none() || duration.is_none()) {
            return None;
        }
        Some(Layout {
            header_line: *line,
            time,
            date,
            clock,
            number,
            direction,
            duration,
            body: find(header, &m.columns.body),
            kind: find(header, &m.columns.kind),
            name: find(header, &m.columns.name),
        })
    })
}

/// The first rows of a CSV text, with their line numbers; a row that
/// cannot be read (the text may be cut off inside a quote) ends them.
fn first_rows(text: &str, delimiter: u8, n: usize) -> Vec<(u64, Vec<String>)> {
    let mut rows = Vec::new();
    let mut reader = Rows::new(text.as_bytes(), delimiter);
    while rows.len() < n {
        let Some(Ok(row)) = reader.next_row() else {
            break;
        };
        rows.push((row.line, row.fields));
    }
    rows
}

/// The first `n` rows of a list as written, for the user to map columns.
pub(crate) fn head_rows(text: &str, n: usize) -> Vec<Vec<String>> {
    first_rows(text, guess_delimiter(text), n)
        .into_iter()
        .map(|(_, row)| row)
        .collect()
}

/// Whether rows (with their line numbers) hold a header the mapping fits.
pub(super) fn layout_fits(rows: &[(u64, Vec<String>)], m: &Mapping) -> bool {
    layout(rows, m).is_some()
}

/// Whether a CSV's header matches a mapping (used to detect presets).
pub(crate) fn matches(head: &str, mapping: &Mapping) -> bool {
    layout(&first_rows(head, guess_delimiter(head), 20), mapping).is_some()
}

/// Reads a CSV list through a mapping.
pub(super) fn mapped(src: &mut Source<'_>, m: &Mapping) -> Result<Parsed, ImportError> {
    let mut input = decoded(src)?;
    let zone = match &m.time_zone {
        Some(name) => TimeZone::get(name).map_err(|_| {
            ImportError::malformed(
                src.path,
                "the mapping",
                format!("unknown time zone {name:?}"),
            )
        })?,
        None => src.zone.clone(),
    };
    let delimiter = match m.delimiter {
        Some(c) => c as u8,
        None => delimiter_of(&mut input, src.path)?,
    };
    let rows = Rows::new(input, delimiter);
    read_rows(
        src,
        m,
        zone,
        std::iter::from_fn({
            let mut rows = rows;
            move || rows.next_row()
        }),
        "line",
    )
}

/// Reads rows (of a CSV list or a spreadsheet's sheet) through a mapping;
/// `unit` names a row's place: `line` or `row`.
pub(super) fn read_rows(
    src: &mut Source<'_>,
    m: &Mapping,
    zone: TimeZone,
    mut rows: impl Iterator<Item = Result<Row, RowError>>,
    unit: &str,
) -> Result<Parsed, ImportError> {
    let region = src.region;
    // The header is among the first rows; they are kept, not read again.
    let mut head: Vec<(u64, Vec<String>)> = Vec::new();
    while head.len() < 20 {
        match rows.next() {
            Some(row) => {
                let row = row.map_err(|e| e.into_import(src.path))?;
                head.push((row.line, row.fields));
            }
            None => break,
        }
    }
    let layout = layout(&head, m).ok_or_else(|| {
        ImportError::malformed(
            src.path,
            "the header",
            format!(
                "no row among the first 20 has the mapping's columns ({}) — check the column names in the mapping",
                m.columns.number.as_ref().map(|n| n.list().join("/")).unwrap_or_default()
            ),
        )
    })?;
    let channel: &'static str = match m.channel.as_str() {
        "sms" => "sms",
        "chat" => "chat",
        _ => "call",
    };
    let parsed = Parsed::default();
    let all = head
        .into_iter()
        .map(|(line, fields)| Ok(Row { line, fields }))
        .chain(rows);
    for row in all {
        let row = row.map_err(|e| e.into_import(src.path))?;
        let line = row.line;
        if line <= layout.header_line || row.fields.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let at_line = format!("{unit} {line}");
        let field = |i: Option<usize>| i.and_then(|i| row.get(i)).map(str::trim).unwrap_or("");
        let fail = |what: &str, reason: String| {
            ImportError::malformed(src.path, &at_line, format!("{what}: {reason}"))
        };
        let time_text = match layout.time {
            Some(i) => field(Some(i)).to_owned(),
            None => format!("{} {}", field(layout.date), field(layout.clock)),
        };
        let at = parse_time(&time_text, &zone, m.year).map_err(|r| fail("the time", r))?;
        let direction = match layout.direction.map(|i| field(Some(i))) {
            None | Some("") => None,
            Some(value) => {
                let meaning = m
                    .directions
                    .iter()
                    .find(|(k, _)| k.trim().eq_ignore_ascii_case(value))
                    .map(|(_, v)| v.as_str())
                    .or_else(|| Direction::parse(&value.to_lowercase()).map(Direction::as_str))
                    .ok_or_else(|| {
                        fail(
                            "the direction",
                            format!("{value:?} is not in the mapping's \"directions\""),
                        )
                    })?;
                Direction::parse(meaning)
            }
        };
        let channel: &'static str = match layout.kind.map(|i| field(Some(i))) {
            Some(value) if !value.is_empty() => match m
                .kinds
                .iter()
                .find(|(k, _)| k.trim().eq_ignore_ascii_case(value))
                .map(|(_, v)| v.as_str())
            {
                Some("sms") => "sms",
                Some("chat") => "chat",
                Some("call") => "call",
                _ => channel,
            },
            _ => channel,
        };
        let duration_ms = match layout.duration {
            Some(i) if channel == "call" => {
                Some(parse_duration(field(Some(i))).map_err(|r| fail("the duration", r))?)
            }
            None if channel == "call" => Some(0),
            _ => None,
        };
        let raw = field(layout.number).to_owned();
        if raw.chars().count() > NUMBER_MAX {
            return Err(ImportError::TooLong {
                path: src.path.to_path_buf(),
                at: at_line,
                what: Limit::Number { chars: NUMBER_MAX },
            });
        }
        src.emit(Record {
            position: at_line,
            channel,
            direction,
            at,
            address: match layout.number {
                Some(_) => phone::normalize(&raw, region),
                None => Address::Masked(None),
            },
            address_raw: raw,
            contact_name: Some(field(layout.name))
                .filter(|n| !n.is_empty())
                .map(str::to_owned),
            duration_ms,
            body: layout
                .body
                .map(|i| field(Some(i)).to_owned())
                .filter(|b| !b.is_empty()),
            recipients: Vec::new(),
            source_id: None,
            facetime: None,
        })?;
    }
    Ok(parsed)
}
