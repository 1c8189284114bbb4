//! Proving a case is intact: every original re-hashed against its recorded
//! SHA-256, every referenced file present and every file under `blobs/`
//! referenced, each exhibit matched against the audit entry that recorded it,
//! the audit chain walked from first entry to last, and SQLite's own
//! `integrity_check`. Each problem names exactly what is wrong.
//!
//! Verification only reads. Files in `tmp/` are in-flight writes, not part of
//! the case, and are not checked.

mod checks;
mod problem;

pub use checks::seal_problems;
use checks::*;
pub use problem::*;

use crate::case::Case;
use crate::case::audit::{self, AuditEntry, ChainBreak};
use crate::case::layout::{BLOBS_DIR, TMP_DIR};
use crate::case::rows;
use crate::case::store;
use crate::case::vault::Vault;
use crate::hash::{is_sha256_hex, sha256_reader};
use crate::progress::Progress;
use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::fs::{self, File};
use std::path::{Path, PathBuf};

/// A chain head the case must still contain: the last entry an earlier
/// manifest or bundle recorded, or a hash the user kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub seq: Option<i64>,
    pub hash: String,
    /// Where it came from, for the message (a file name, or "--head").
    pub from: String,
}

/// What verification checked and found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VerifyReport {
    pub exhibits: u64,
    pub blob_files: u64,
    pub bytes_hashed: u64,
    pub audit_entries: u64,
    /// Rows checked against their seals.
    pub rows: u64,
    /// The last entry of the chain: what was proven intact is the case up
    /// to here. A tail cut off after it cannot be seen from inside the
    /// folder; compare it with a head kept elsewhere.
    pub head: Option<(i64, String)>,
    /// Heads given by the caller that were found in the chain.
    pub heads_confirmed: Vec<Head>,
    pub problems: Vec<Problem>,
    /// The user stopped the check before it was done: the case was not
    /// changed, and nothing can be said of what was not checked.
    pub stopped: bool,
}

impl VerifyReport {
    pub fn is_intact(&self) -> bool {
        self.problems.is_empty() && !self.stopped
    }
}

struct ItemRow {
    exhibit: i64,
    sha256: String,
    size: u64,
    audit_seq: i64,
}

/// Runs every check on an open case.
pub fn verify(case: &Case, progress: &mut dyn Progress) -> VerifyReport {
    verify_with(case, &[], progress)
}

/// Runs every check on an open case, and checks that each of `heads` (an
/// earlier chain head) is still in the chain.
///
/// Everything is read from one snapshot of the database, so a writer in
/// another process never makes half a change visible to the check.
pub fn verify_with(case: &Case, heads: &[Head], progress: &mut dyn Progress) -> VerifyReport {
    let mut report = VerifyReport::default();
    let conn = case.conn();
    // A read transaction: every query below sees the same snapshot. It is
    // rolled back (it wrote nothing) when dropped.
    let snapshot = conn.unchecked_transaction();
    if let Err(e) = &snapshot {
        report.problems.push(Problem::Database {
            detail: format!("cannot read the case consistently: {e}"),
        });
    }

    check_database(conn, &mut report.problems);
    check_schema(conn, &mut report.problems);

    let items = match read_items(conn) {
        Ok(items) => items,
        Err(e) => {
            report.problems.push(Problem::Database {
                detail: format!("cannot read the exhibits: {e}"),
            });
            Vec::new()
        }
    };
    let entries = match audit::entries(conn) {
        Ok(entries) => entries,
        Err(e) => {
            report.problems.push(Problem::Database {
                detail: format!("cannot read the audit log: {e}"),
            });
            Vec::new()
        }
    };
    report.exhibits = items.len() as u64;
    report.audit_entries = entries.len() as u64;
    report.head = entries.last().map(|e| (e.seq, e.hash.clone()));
    check_rows(conn, &entries, &mut report);
    // In an encrypted case the files are named by a keyed hash instead.
    let referenced: HashSet<String> = items
        .iter()
        .map(|i| case.vault().blob_name(&i.sha256))
        .collect();
    drop(snapshot);

    let total: u64 = items.iter().map(|i| i.size).sum();
    progress.begin(items.len() as u64, total);
    for item in &items {
        if progress.cancelled() {
            report.stopped = true;
            progress.end();
            return report;
        }
        let path = case.vault().blob_path(&item.sha256);
        progress.file(&path);
        check_blob(case.vault(), item, &path, &mut report);
        progress.advance(item.size);
    }
    progress.end();

    check_exhibits_against_audit(&items, &entries, &mut report.problems);
    report
        .problems
        .extend(audit::check_chain(&entries).into_iter().map(Problem::Audit));
    for head in heads {
        let found = entries
            .iter()
            .any(|e| e.hash == head.hash && head.seq.is_none_or(|seq| seq == e.seq));
        if found {
            report.heads_confirmed.push(head.clone());
        } else {
            report.problems.push(Problem::HeadMissing {
                seq: head.seq,
                hash: head.hash.clone(),
                from: head.from.clone(),
            });
        }
    }

    let in_flight = journaled(case.vault());
    walk_blobs(case.root(), &referenced, &in_flight, &mut report);
    if report
        .problems
        .iter()
        .any(|p| matches!(p, Problem::BlobUnreferenced { .. }))
    {
        // Another process may have committed since the snapshot: a blob is
        // unreferenced only if the case as it is now does not name it
        // either, and no placement journal says it is on its way.
        let now: HashSet<String> = read_items(conn)
            .unwrap_or_default()
            .iter()
            .map(|i| case.vault().blob_name(&i.sha256))
            .chain(journaled(case.vault()))
            .collect();
        report.problems.retain(|p| match p {
            Problem::BlobUnreferenced { path } => !path
                .file_name()
                .is_some_and(|n| now.contains(n.to_string_lossy().as_ref())),
            _ => true,
        });
    }
    report
}

/// What a bundle's manifest proves of the case's rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ManifestRows {
    pub rows: u64,
    pub withheld: u64,
    pub problems: Vec<Problem>,
}

/// Checks the rows a manifest carries against the seals of the audit
/// entries it carries, as `verify` checks a case's rows. A manifest made
/// before rows were sealed carries none, and proves none.
pub fn rows_against_entries(
    entries: &[AuditEntry],
    rows: Option<&serde_json::Value>,
) -> Result<ManifestRows, String> {
    let (sealed, replaced) = rows::recorded(entries.iter().map(|e| {
        (
            e.seq,
            e.action.as_str(),
            e.details_json().unwrap_or_default(),
        )
    }));
    let Some(rows) = rows else {
        return if sealed.values().any(|(_, s)| !s.tables.is_empty()) {
            Err("its audit entries seal rows, but it carries none".into())
        } else {
            Ok(ManifestRows::default())
        };
    };
    let computed = rows::compute_exported(rows, &replaced)?;
    Ok(ManifestRows {
        rows: computed.rows,
        withheld: computed.withheld,
        problems: seal_problems(&sealed, &computed),
    })
}
