//! Why an import failed, with the place in the export and the limit it
//! passed: `ImportError`, `SchemaProblem` (an iOS database not as Apple
//! writes it) and `Limit`.

use super::*;

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
