//! Proving a case is intact: every original re-hashed against its recorded
//! SHA-256, every referenced file present and every file under `blobs/`
//! referenced, each exhibit matched against the audit entry that recorded it,
//! the audit chain walked from first entry to last, and SQLite's own
//! `integrity_check`. Each problem names exactly what is wrong.
//!
//! Verification only reads. Files in `tmp/` are in-flight writes, not part of
//! the case, and are not checked.

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

/// The names of the blobs that placement journals in `tmp/` say are being
/// placed by a writer whose commit has not happened yet.
fn journaled(vault: &Vault) -> HashSet<String> {
    let tmp = vault.root().join(TMP_DIR);
    let mut names = HashSet::new();
    let Ok(entries) = fs::read_dir(&tmp) else {
        return names;
    };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        if path.extension().is_none_or(|x| x != "pending") {
            continue;
        }
        let mut text = String::new();
        let read = File::open(&path)
            .and_then(|f| std::io::Read::read_to_string(&mut vault.journal_reader(f), &mut text));
        if read.is_ok() {
            names.extend(
                text.lines()
                    .filter(|l| is_sha256_hex(l))
                    .map(|sha| vault.blob_name(sha)),
            );
        }
    }
    names
}

/// Every sealed row against the entry that sealed it.
fn check_rows(conn: &rusqlite::Connection, entries: &[AuditEntry], report: &mut VerifyReport) {
    let (sealed, replaced) = rows::recorded(entries.iter().map(|e| {
        (
            e.seq,
            e.action.as_str(),
            e.details_json().unwrap_or_default(),
        )
    }));
    let computed = match rows::compute(conn, &replaced) {
        Ok(c) => c,
        Err(e) => {
            report.problems.push(Problem::Database {
                detail: format!("cannot read the rows to check them: {e}"),
            });
            return;
        }
    };
    report.rows = computed.rows;
    report.problems.extend(seal_problems(&sealed, &computed));
}

/// The problems a comparison of seals finds: for a case, and for the rows
/// a bundle's manifest carries.
pub fn seal_problems(
    sealed: &BTreeMap<i64, (String, rows::Sealed)>,
    computed: &rows::Computed,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut unsealed: BTreeMap<&'static str, (Vec<i64>, u64)> = BTreeMap::new();
    for u in &computed.unsealed {
        let (ids, count) = unsealed.entry(u.table).or_default();
        if ids.len() < 10 {
            ids.push(u.rowid);
        }
        *count += 1;
    }
    for (table, (rowids, count)) in unsealed {
        problems.push(Problem::RowsUnsealed {
            table,
            rowids,
            count,
        });
    }
    for m in rows::compare(sealed, computed) {
        problems.push(match m {
            rows::Mismatch::Changed {
                seq,
                action,
                table,
                recorded,
                current,
            } => Problem::RowsChanged {
                seq,
                action,
                table,
                recorded,
                current,
            },
            rows::Mismatch::Orphaned { table, seq, count } => {
                Problem::RowsOrphaned { table, seq, count }
            }
        });
    }
    problems
}

/// The schema against what the migrations create.
fn check_schema(conn: &rusqlite::Connection, problems: &mut Vec<Problem>) {
    let (expected, actual) = match (store::expected_schema(), store::schema(conn)) {
        (Ok(e), Ok(a)) => (e, a),
        (Err(e), _) | (_, Err(e)) => {
            problems.push(Problem::Database {
                detail: format!("cannot read the schema: {e}"),
            });
            return;
        }
    };
    let key = |(kind, name, _): &(String, String, Option<String>)| (kind.clone(), name.clone());
    let expected: BTreeMap<_, _> = expected.iter().map(|o| (key(o), o.2.clone())).collect();
    let actual: BTreeMap<_, _> = actual.iter().map(|o| (key(o), o.2.clone())).collect();
    for ((kind, name), sql) in &actual {
        let change = match expected.get(&(kind.clone(), name.clone())) {
            None => SchemaChange::Added,
            Some(e) if e != sql => SchemaChange::Changed,
            Some(_) => continue,
        };
        problems.push(Problem::Schema {
            change,
            kind: kind.clone(),
            name: name.clone(),
        });
    }
    for (kind, name) in expected.keys() {
        if !actual.contains_key(&(kind.clone(), name.clone())) {
            problems.push(Problem::Schema {
                change: SchemaChange::Removed,
                kind: kind.clone(),
                name: name.clone(),
            });
        }
    }
}

fn read_items(conn: &rusqlite::Connection) -> rusqlite::Result<Vec<ItemRow>> {
    let mut stmt =
        conn.prepare("SELECT exhibit, sha256, size, audit_seq FROM item ORDER BY exhibit")?;
    stmt.query_map([], |r| {
        Ok(ItemRow {
            exhibit: r.get(0)?,
            sha256: r.get(1)?,
            size: r.get::<_, i64>(2)? as u64,
            audit_seq: r.get(3)?,
        })
    })?
    .collect()
}

fn check_database(conn: &rusqlite::Connection, problems: &mut Vec<Problem>) {
    let integrity: rusqlite::Result<Vec<String>> = conn
        .prepare("PRAGMA integrity_check(50)")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect());
    match integrity {
        Ok(lines) if lines == ["ok"] => {}
        Ok(lines) => problems.extend(lines.into_iter().map(|detail| Problem::Database { detail })),
        Err(e) => problems.push(Problem::Database {
            detail: format!("integrity check failed: {e}"),
        }),
    }
    let broken: rusqlite::Result<Vec<(String, i64, String)>> =
        conn.prepare("PRAGMA foreign_key_check").and_then(|mut s| {
            s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect()
        });
    match broken {
        Ok(rows) => {
            problems.extend(
                rows.into_iter()
                    .map(|(table, rowid, parent)| Problem::Database {
                        detail: format!(
                            "row {rowid} of table {table} refers to a missing row of {parent}"
                        ),
                    }),
            )
        }
        Err(e) => problems.push(Problem::Database {
            detail: format!("reference check failed: {e}"),
        }),
    }
}

fn check_blob(vault: &Vault, item: &ItemRow, path: &Path, report: &mut VerifyReport) {
    let exhibit = item.exhibit;
    let file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            report.problems.push(Problem::BlobMissing {
                exhibit,
                sha256: item.sha256.clone(),
            });
            return;
        }
        Err(e) => {
            report.problems.push(Problem::BlobUnreadable {
                exhibit,
                detail: e.to_string(),
            });
            return;
        }
    };
    match sha256_reader(vault.blob_reader(file)) {
        Ok((actual, size)) => {
            report.bytes_hashed += size;
            if actual != item.sha256 {
                report.problems.push(Problem::BlobAltered {
                    exhibit,
                    expected: item.sha256.clone(),
                    actual,
                });
            } else if size != item.size {
                report.problems.push(Problem::BlobSize {
                    exhibit,
                    expected: item.size,
                    actual: size,
                });
            }
        }
        Err(e) => report.problems.push(Problem::BlobUnreadable {
            exhibit,
            detail: e.to_string(),
        }),
    }
}

/// Each exhibit must agree with the entry that recorded it, and each entry
/// that recorded an exhibit must still have it.
fn check_exhibits_against_audit(
    items: &[ItemRow],
    entries: &[AuditEntry],
    problems: &mut Vec<Problem>,
) {
    let by_seq: BTreeMap<i64, &AuditEntry> = entries.iter().map(|e| (e.seq, e)).collect();
    let mut exhibits = HashSet::new();
    for item in items {
        exhibits.insert(item.exhibit);
        let Some(entry) = by_seq.get(&item.audit_seq) else {
            problems.push(Problem::ExhibitAuditMissing {
                exhibit: item.exhibit,
                seq: item.audit_seq,
            });
            continue;
        };
        let details = entry.details_json().unwrap_or_default();
        let mut compare = |field: &'static str, recorded: Option<String>, current: String| {
            let recorded = recorded.unwrap_or_else(|| "nothing".to_owned());
            if recorded != current {
                problems.push(Problem::ExhibitAuditMismatch {
                    exhibit: item.exhibit,
                    seq: entry.seq,
                    field,
                    recorded,
                    current,
                });
            }
        };
        compare(
            "exhibit number",
            details["exhibit"].as_i64().map(|n| n.to_string()),
            item.exhibit.to_string(),
        );
        compare(
            "SHA-256",
            details["sha256"].as_str().map(str::to_owned),
            item.sha256.clone(),
        );
        compare(
            "size",
            details["size"].as_u64().map(|n| n.to_string()),
            item.size.to_string(),
        );
    }
    for entry in entries {
        if entry.action != "item.added" && entry.action != "note.added" {
            continue;
        }
        let recorded = entry.details_json().and_then(|d| d["exhibit"].as_i64());
        if let Some(exhibit) = recorded
            && !exhibits.contains(&exhibit)
        {
            problems.push(Problem::ExhibitMissing {
                exhibit,
                seq: entry.seq,
            });
        }
    }
}

/// Every file under `blobs/` must be an original some exhibit refers to.
fn walk_blobs(
    root: &Path,
    referenced: &HashSet<String>,
    in_flight: &HashSet<String>,
    report: &mut VerifyReport,
) {
    let blobs = root.join(BLOBS_DIR);
    let mut top: Vec<PathBuf> = match fs::read_dir(&blobs) {
        Ok(entries) => entries.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) => {
            report.problems.push(Problem::Database {
                detail: format!("cannot list {}: {e}", blobs.display()),
            });
            return;
        }
    };
    top.sort();
    let relative = |p: &Path| p.strip_prefix(root).unwrap_or(p).to_path_buf();
    for dir in top {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let is_prefix =
            name.len() == 2 && name.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        if !is_prefix || !dir.is_dir() {
            report.problems.push(Problem::StrayFile {
                path: relative(&dir),
            });
            continue;
        }
        let mut files: Vec<PathBuf> = match fs::read_dir(&dir) {
            Ok(entries) => entries.filter_map(|e| e.ok().map(|e| e.path())).collect(),
            Err(e) => {
                report.problems.push(Problem::Database {
                    detail: format!("cannot list {}: {e}", dir.display()),
                });
                continue;
            }
        };
        files.sort();
        for file in files {
            report.blob_files += 1;
            let file_name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if !is_sha256_hex(&file_name) || !file_name.starts_with(&name) || !file.is_file() {
                report.problems.push(Problem::StrayFile {
                    path: relative(&file),
                });
            } else if !referenced.contains(&file_name) && !in_flight.contains(&file_name) {
                report.problems.push(Problem::BlobUnreferenced {
                    path: relative(&file),
                });
            }
        }
    }
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
