//! What verify can find wrong, each naming exactly what and where:
//! `Problem`, and `SchemaChange` for a schema that differs from the
//! migrations'.

use super::*;

/// One thing that is wrong with a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The file holding an exhibit's original is gone.
    BlobMissing { exhibit: i64, sha256: String },
    /// The original's bytes no longer have the recorded hash.
    BlobAltered {
        exhibit: i64,
        expected: String,
        actual: String,
    },
    /// The original has the wrong length.
    BlobSize {
        exhibit: i64,
        expected: u64,
        actual: u64,
    },
    /// The original could not be read.
    BlobUnreadable { exhibit: i64, detail: String },
    /// A file under `blobs/` that no exhibit refers to.
    BlobUnreferenced { path: PathBuf },
    /// Something under `blobs/` that is not named like an original.
    StrayFile { path: PathBuf },
    /// The audit entry an exhibit points to is missing.
    ExhibitAuditMissing { exhibit: i64, seq: i64 },
    /// An exhibit's row disagrees with the audit entry that recorded it.
    ExhibitAuditMismatch {
        exhibit: i64,
        seq: i64,
        field: &'static str,
        recorded: String,
        current: String,
    },
    /// An audit entry recorded an exhibit that the database no longer has.
    ExhibitMissing { exhibit: i64, seq: i64 },
    /// The audit chain is broken.
    Audit(ChainBreak),
    /// The rows of one table that an audit entry sealed are not what it
    /// recorded: rows were deleted, inserted or changed.
    RowsChanged {
        seq: i64,
        action: String,
        table: &'static str,
        recorded: u64,
        current: u64,
    },
    /// Rows that no audited action wrote (their seal names no entry).
    RowsUnsealed {
        table: &'static str,
        rowids: Vec<i64>,
        count: u64,
    },
    /// Rows whose seal names an audit entry that does not exist.
    RowsOrphaned {
        table: &'static str,
        seq: i64,
        count: u64,
    },
    /// The database's tables, indexes, triggers or views differ from what
    /// this program creates.
    Schema {
        change: SchemaChange,
        kind: String,
        name: String,
    },
    /// A chain head the user expected (from an earlier manifest, a bundle
    /// or a note of it) is not in the chain: entries were cut or replaced.
    HeadMissing {
        seq: Option<i64>,
        hash: String,
        from: String,
    },
    /// SQLite reports damage or a broken reference.
    Database { detail: String },
}

impl Problem {
    /// A stable identifier for scripts (`verify --json`).
    pub fn code(&self) -> &'static str {
        match self {
            Problem::BlobMissing { .. } => "blob_missing",
            Problem::BlobAltered { .. } => "blob_altered",
            Problem::BlobSize { .. } => "blob_size",
            Problem::BlobUnreadable { .. } => "blob_unreadable",
            Problem::BlobUnreferenced { .. } => "blob_unreferenced",
            Problem::StrayFile { .. } => "stray_file",
            Problem::ExhibitAuditMissing { .. } => "exhibit_audit_missing",
            Problem::ExhibitAuditMismatch { .. } => "exhibit_audit_mismatch",
            Problem::ExhibitMissing { .. } => "exhibit_missing",
            Problem::Audit(ChainBreak::Gap { .. }) => "audit_gap",
            Problem::Audit(ChainBreak::PrevMismatch { .. }) => "audit_prev_mismatch",
            Problem::Audit(ChainBreak::HashMismatch { .. }) => "audit_hash_mismatch",
            Problem::RowsChanged { .. } => "rows_changed",
            Problem::RowsUnsealed { .. } => "rows_unsealed",
            Problem::RowsOrphaned { .. } => "rows_orphaned",
            Problem::Schema { .. } => "schema",
            Problem::HeadMissing { .. } => "head_missing",
            Problem::Database { .. } => "database",
        }
    }

    /// The exhibit the problem concerns, if one.
    pub fn exhibit(&self) -> Option<i64> {
        match self {
            Problem::BlobMissing { exhibit, .. }
            | Problem::BlobAltered { exhibit, .. }
            | Problem::BlobSize { exhibit, .. }
            | Problem::BlobUnreadable { exhibit, .. }
            | Problem::ExhibitAuditMissing { exhibit, .. }
            | Problem::ExhibitAuditMismatch { exhibit, .. }
            | Problem::ExhibitMissing { exhibit, .. } => Some(*exhibit),
            _ => None,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::BlobMissing { exhibit, sha256 } => {
                write!(
                    f,
                    "exhibit {exhibit}: its original blobs/{}/{sha256} is missing",
                    &sha256[..2.min(sha256.len())]
                )
            }
            Problem::BlobAltered {
                exhibit,
                expected,
                actual,
            } => {
                write!(
                    f,
                    "exhibit {exhibit}: the original was altered — recorded SHA-256 {expected}, its bytes now hash to {actual}"
                )
            }
            Problem::BlobSize {
                exhibit,
                expected,
                actual,
            } => {
                write!(
                    f,
                    "exhibit {exhibit}: the original should be {expected} bytes but is {actual}"
                )
            }
            Problem::BlobUnreadable { exhibit, detail } => write!(
                f,
                "exhibit {exhibit}: the original cannot be read: {detail}"
            ),
            Problem::BlobUnreferenced { path } => {
                write!(
                    f,
                    "{}: a file under blobs/ that no exhibit refers to",
                    path.display()
                )
            }
            Problem::StrayFile { path } => write!(
                f,
                "{}: does not belong under blobs/ (not named by a SHA-256)",
                path.display()
            ),
            Problem::ExhibitAuditMissing { exhibit, seq } => {
                write!(
                    f,
                    "exhibit {exhibit}: the audit entry #{seq} that recorded it is missing"
                )
            }
            Problem::ExhibitAuditMismatch {
                exhibit,
                seq,
                field,
                recorded,
                current,
            } => write!(
                f,
                "exhibit {exhibit}: its {field} is {current} in the database, but audit entry #{seq} recorded {recorded}"
            ),
            Problem::ExhibitMissing { exhibit, seq } => {
                write!(
                    f,
                    "exhibit {exhibit}: recorded by audit entry #{seq} but missing from the database"
                )
            }
            Problem::Audit(ChainBreak::Gap { expected, found }) => {
                write!(
                    f,
                    "audit log: entries #{expected} to #{} are missing (the next entry is #{found})",
                    found - 1
                )
            }
            Problem::Audit(ChainBreak::PrevMismatch {
                seq,
                expected,
                found,
            }) => write!(
                f,
                "audit entry #{seq}: the chain is broken here — it names {found} as the previous entry's hash, but the \
                 previous entry's hash is {expected}"
            ),
            Problem::Audit(ChainBreak::HashMismatch {
                seq,
                stored,
                computed,
            }) => write!(
                f,
                "audit entry #{seq}: its contents were changed — stored hash {stored}, its fields hash to {computed}"
            ),
            Problem::RowsChanged {
                seq,
                action,
                table,
                recorded,
                current,
            } => {
                if recorded == current {
                    write!(
                        f,
                        "table {table}: rows written by audit entry #{seq} ({action}) were changed — the entry sealed {recorded} rows and the database holds {current}, but their contents differ"
                    )
                } else {
                    write!(
                        f,
                        "table {table}: rows written by audit entry #{seq} ({action}) were deleted or added — the entry sealed {recorded} rows, the database now holds {current}"
                    )
                }
            }
            Problem::RowsUnsealed {
                table,
                rowids,
                count,
            } => {
                let shown: Vec<String> = rowids.iter().map(i64::to_string).collect();
                let more = if *count > rowids.len() as u64 {
                    ", …"
                } else {
                    ""
                };
                write!(
                    f,
                    "table {table}: {count} rows were written by no audited action (rows {}{more})",
                    shown.join(", ")
                )
            }
            Problem::RowsOrphaned { table, seq, count } => write!(
                f,
                "table {table}: {count} rows claim audit entry #{seq}, which does not exist"
            ),
            Problem::Schema { change, kind, name } => match change {
                SchemaChange::Added => write!(
                    f,
                    "case.sqlite: {kind} {name} was added behind the program's back — this program never creates it"
                ),
                SchemaChange::Removed => write!(
                    f,
                    "case.sqlite: {kind} {name} that this program creates is missing"
                ),
                SchemaChange::Changed => write!(
                    f,
                    "case.sqlite: {kind} {name} differs from what this program creates"
                ),
            },
            Problem::HeadMissing { seq, hash, from } => match seq {
                Some(seq) => write!(
                    f,
                    "audit log: entry #{seq} with hash {hash} (from {from}) is not in the chain — entries were removed or replaced since then"
                ),
                None => write!(
                    f,
                    "audit log: no entry has the hash {hash} (from {from}) — entries were removed or replaced since then"
                ),
            },
            Problem::Database { detail } => write!(f, "case.sqlite: {detail}"),
        }
    }
}

/// How a schema object differs from what the migrations create.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaChange {
    Added,
    Removed,
    Changed,
}
