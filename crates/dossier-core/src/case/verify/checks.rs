//! The checks verify runs, each adding the problems it finds: originals
//! re-hashed and present, stray and journaled files, exhibits against the
//! audit, row seals, the schema, and SQLite's own integrity check.

use super::*;

/// The names of the blobs that placement journals in `tmp/` say are being
/// placed by a writer whose commit has not happened yet.
pub(crate) fn journaled(vault: &Vault) -> HashSet<String> {
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
pub(crate) fn check_rows(
    conn: &rusqlite::Connection,
    entries: &[AuditEntry],
    report: &mut VerifyReport,
) {
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
pub(crate) fn check_schema(conn: &rusqlite::Connection, problems: &mut Vec<Problem>) {
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

pub(crate) fn read_items(conn: &rusqlite::Connection) -> rusqlite::Result<Vec<ItemRow>> {
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

pub(crate) fn check_database(conn: &rusqlite::Connection, problems: &mut Vec<Problem>) {
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

pub(crate) fn check_blob(vault: &Vault, item: &ItemRow, path: &Path, report: &mut VerifyReport) {
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
pub(crate) fn check_exhibits_against_audit(
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
pub(crate) fn walk_blobs(
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
