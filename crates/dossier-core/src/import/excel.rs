//! Spreadsheets: carrier 详单 as the carriers' portals hand them out, `.xls`
//! (BIFF in a compound file) and `.xlsx` (Office Open XML), read with
//! `calamine` and then exactly as a CSV list is ([`super::table::read_rows`]):
//! the same mappings and presets, title rows above the header skipped.
//!
//! The sheet read is the first whose header a preset (or the mapping given)
//! fits. Cells become text: Excel's date serials become `2026-03-05
//! 21:03:11` in the list's zone, serials under a day (a duration cell)
//! `00:02:32`, whole numbers lose their `.0`. A record's place is its row
//! in the sheet (`row 12`), as Excel numbers it.
//!
//! A workbook is read whole into memory, so it is bounded first: at most
//! [`FILE_MAX`] bytes, and for `.xlsx` at most [`UNPACKED_MAX`] bytes once its
//! parts are unpacked (a zip bomb is refused before it is expanded).

use super::table::{Mapping, Row, read_rows};
use super::{ImportError, PRESETS, Parsed, Reason, Source, preset};
use calamine::{Data, Reader as _};
use jiff::tz::TimeZone;
use std::io::{Cursor, Read};

/// The largest workbook read: real 详单 are tens of kilobytes to a few
/// megabytes.
pub const FILE_MAX: u64 = 64 << 20;

/// The most an `.xlsx` may unpack to.
pub const UNPACKED_MAX: u64 = 512 << 20;

/// Rows of a sheet looked at for its header.
const HEAD_ROWS: usize = 20;

/// Whether the first bytes are a workbook: a compound file (`.xls`) or a
/// ZIP package with a workbook part (`.xlsx`).
pub(crate) fn is_excel(head: &[u8]) -> bool {
    const CFB: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    head.starts_with(&CFB)
        || (head.starts_with(b"PK\x03\x04")
            && head.windows(3).any(|w| w == b"xl/")
            && !head.windows(9).any(|w| w == b"word/docu"))
}

/// The sheets of a workbook as rows of text.
struct Sheets(Vec<(String, Vec<Row>)>);

fn refuse(src: &Source<'_>, reason: impl Into<Reason>) -> ImportError {
    ImportError::malformed(src.path, "the workbook", reason)
}

fn load(src: &mut Source<'_>) -> Result<Sheets, ImportError> {
    let mut file = src
        .open_copy()
        .map_err(|e| ImportError::malformed(src.path, "the start", Reason::io(&e)))?;
    let mut bytes = Vec::new();
    (&mut file)
        .take(FILE_MAX + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ImportError::malformed(src.path, "the start", Reason::io(&e)))?;
    if bytes.len() as u64 > FILE_MAX {
        return Err(refuse(
            src,
            format!(
                "the workbook is larger than {} MiB, which no carrier list is — save the sheet with the calls as CSV and import that",
                FILE_MAX >> 20
            ),
        ));
    }
    if bytes.starts_with(b"PK") {
        let archive = zip::ZipArchive::new(Cursor::new(&bytes[..]))
            .map_err(|e| refuse(src, Reason::workbook(&e)))?;
        let unpacked: u64 = archive
            .decompressed_size()
            .unwrap_or(u128::MAX)
            .min(u128::from(u64::MAX)) as u64;
        if unpacked > UNPACKED_MAX {
            return Err(refuse(
                src,
                format!(
                    "the workbook would unpack to more than {} MiB — it is not a carrier list",
                    UNPACKED_MAX >> 20
                ),
            ));
        }
    }
    let mut workbook = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| refuse(src, Reason::workbook(&e)))?;
    let mut sheets = Vec::new();
    for name in workbook.sheet_names() {
        let Ok(range) = workbook.worksheet_range(&name) else {
            continue;
        };
        let first_row = range.start().map_or(0, |(r, _)| r);
        let rows = range
            .rows()
            .enumerate()
            .map(|(i, cells)| Row {
                line: u64::from(first_row) + i as u64 + 1,
                fields: cells.iter().map(text).collect(),
            })
            .collect();
        sheets.push((name, rows));
    }
    Ok(Sheets(sheets))
}

/// A cell as text, in the forms the list reader reads.
fn text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::DateTime(dt) => serial(dt.as_f64()),
    }
}

/// An Excel date serial (days since 1899-12-30, the fraction the time of
/// day) as written text; under one day, a duration.
fn serial(days: f64) -> String {
    let seconds = (days * 86_400.0).round() as i64;
    if (0..86_400).contains(&seconds) {
        return format!(
            "{:02}:{:02}:{:02}",
            seconds / 3600,
            seconds / 60 % 60,
            seconds % 60
        );
    }
    let base = jiff::civil::date(1899, 12, 30).at(0, 0, 0, 0);
    match base.checked_add(jiff::SignedDuration::from_secs(seconds)) {
        Ok(at) => at.strftime("%Y-%m-%d %H:%M:%S").to_string(),
        Err(_) => days.to_string(),
    }
}

/// The sheet and mapping to read: the mapping given, or the first preset
/// that fits a sheet's header, in sheet order.
fn choose<'s>(sheets: &'s Sheets, given: Option<&Mapping>) -> Option<(&'s [Row], Mapping)> {
    let candidates: Vec<Mapping> = match given {
        Some(m) => vec![m.clone()],
        None => PRESETS.iter().filter_map(|name| preset(name)).collect(),
    };
    for (_, rows) in &sheets.0 {
        let head: Vec<(u64, Vec<String>)> = rows
            .iter()
            .take(HEAD_ROWS)
            .map(|r| (r.line, r.fields.clone()))
            .collect();
        if let Some(m) = candidates
            .iter()
            .find(|m| super::table::layout_fits(&head, m))
        {
            return Some((rows, m.clone()));
        }
    }
    None
}

/// Reads a workbook's call (or message) sheet through a mapping.
pub(super) fn read(src: &mut Source<'_>, given: Option<&Mapping>) -> Result<Parsed, ImportError> {
    let sheets = load(src)?;
    let Some((rows, mapping)) = choose(&sheets, given) else {
        return Err(match given {
            Some(_) => refuse(
                src,
                "no sheet has the mapping's columns among its first 20 rows — check the column names".to_owned(),
            ),
            None => ImportError::NeedsMapping {
                path: src.path.to_path_buf(),
            },
        });
    };
    let zone = match &mapping.time_zone {
        Some(name) => {
            TimeZone::get(name).map_err(|_| refuse(src, format!("unknown time zone {name:?}")))?
        }
        None => src.zone.clone(),
    };
    let rows: Vec<Row> = rows
        .iter()
        .map(|r| Row {
            line: r.line,
            fields: r.fields.clone(),
        })
        .collect();
    read_rows(src, &mapping, zone, rows.into_iter().map(Ok), "row")
}

/// The first rows of the workbook's first sheet with anything in it, for
/// the user to map its columns.
pub(super) fn head_rows(src: &mut Source<'_>, n: usize) -> Result<Vec<Vec<String>>, ImportError> {
    let sheets = load(src)?;
    let rows = match choose(&sheets, None) {
        Some((rows, _)) => rows,
        None => sheets
            .0
            .iter()
            .map(|(_, rows)| rows.as_slice())
            .find(|rows| !rows.is_empty())
            .unwrap_or(&[]),
    };
    Ok(rows.iter().take(n).map(|r| r.fields.clone()).collect())
}
