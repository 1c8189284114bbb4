//! Row seals checked: the digests computed from the rows as they are now,
//! what the audit entries recorded, and the tables where the two differ.

use super::*;

/// A row that names no entry, or an entry that does not exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsealed {
    pub table: &'static str,
    pub rowid: i64,
    pub sealed_by: Option<i64>,
}

/// The seals as the rows give them now: per entry, per table, the number of
/// rows and their digest (with the earlier versions later entries recorded),
/// and the rows that name no entry at all.
#[derive(Debug, Clone, Default)]
pub struct Computed {
    pub by_seq: BTreeMap<i64, BTreeMap<&'static str, TableSeal>>,
    pub unsealed: Vec<Unsealed>,
    pub rows: u64,
    /// Rows given only by their hash (a copy made for sharing).
    pub withheld: u64,
}

/// Recomputes every seal from the rows as they are now. `replaced` holds
/// the earlier versions the audit entries recorded, by (entry, table).
/// Reads one table at a time in `sealed_by` order, so memory holds the row
/// hashes of one entry's table at a time.
pub fn compute(
    conn: &Connection,
    replaced: &BTreeMap<(i64, &'static str), Vec<[u8; 32]>>,
) -> rusqlite::Result<Computed> {
    let mut out = Computed::default();
    for table in TABLES {
        let mut stmt = conn.prepare(&select(table, "ORDER BY sealed_by"))?;
        let mut rows = stmt.query([])?;
        let mut group: Option<i64> = None;
        let mut hashes: Vec<[u8; 32]> = Vec::new();
        let finish = |seq: i64, hashes: &mut Vec<[u8; 32]>, out: &mut Computed| {
            if let Some(old) = replaced.get(&(seq, table.name)) {
                hashes.extend_from_slice(old);
            }
            let seal = TableSeal {
                rows: hashes.len() as u64,
                sha256: table_digest(table.name, hashes),
            };
            out.by_seq.entry(seq).or_default().insert(table.name, seal);
            hashes.clear();
        };
        while let Some(row) = rows.next()? {
            out.rows += 1;
            let rowid: i64 = row.get(0)?;
            let sealed_by: Option<i64> = row.get(1)?;
            let Some(seq) = sealed_by else {
                out.unsealed.push(Unsealed {
                    table: table.name,
                    rowid,
                    sealed_by: None,
                });
                continue;
            };
            if group != Some(seq) {
                if let Some(previous) = group {
                    finish(previous, &mut hashes, &mut out);
                }
                group = Some(seq);
            }
            hashes.push(row_hash(table, &values(row, table)?));
        }
        if let Some(previous) = group {
            finish(previous, &mut hashes, &mut out);
        }
        // Entries whose rows of this table were all changed later still
        // have their earlier versions to account for.
        for ((seq, name), old) in replaced {
            if *name == table.name && !out.by_seq.get(seq).is_some_and(|t| t.contains_key(name)) {
                let mut hashes = old.clone();
                let seal = TableSeal {
                    rows: hashes.len() as u64,
                    sha256: table_digest(name, &mut hashes),
                };
                out.by_seq.entry(*seq).or_default().insert(name, seal);
            }
        }
    }
    Ok(out)
}

/// How the rows as they are now differ from what one entry sealed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mismatch {
    /// The rows of `table` sealed by entry `seq` are not what it recorded.
    Changed {
        seq: i64,
        action: String,
        table: &'static str,
        recorded: u64,
        current: u64,
    },
    /// Rows sealed by an entry that does not exist.
    Orphaned {
        table: &'static str,
        seq: i64,
        count: u64,
    },
}

/// What each entry sealed, by sequence number, from the entries' details
/// (`(seq, action, details)`), and the earlier row versions they replaced
/// grouped by the entry and table that had sealed them.
#[allow(clippy::type_complexity)]
pub fn recorded<'a>(
    entries: impl IntoIterator<Item = (i64, &'a str, serde_json::Value)>,
) -> (
    BTreeMap<i64, (String, Sealed)>,
    BTreeMap<(i64, &'static str), Vec<[u8; 32]>>,
) {
    let sealed: BTreeMap<i64, (String, Sealed)> = entries
        .into_iter()
        .map(|(seq, action, details)| (seq, (action.to_owned(), Sealed::of_details(&details))))
        .collect();
    let mut replaced: BTreeMap<(i64, &'static str), Vec<[u8; 32]>> = BTreeMap::new();
    for (_, s) in sealed.values() {
        for r in &s.replaces {
            replaced.entry((r.seq, r.table)).or_default().push(r.row);
        }
    }
    (sealed, replaced)
}

/// Every difference between what the entries sealed and what the rows
/// give now.
pub fn compare(sealed: &BTreeMap<i64, (String, Sealed)>, computed: &Computed) -> Vec<Mismatch> {
    let mut out = Vec::new();
    let seqs: std::collections::BTreeSet<i64> = computed
        .by_seq
        .keys()
        .chain(sealed.keys())
        .copied()
        .collect();
    let none = BTreeMap::new();
    for seq in seqs {
        let now = computed.by_seq.get(&seq).unwrap_or(&none);
        let Some((action, recorded)) = sealed.get(&seq) else {
            for (table, seal) in now {
                out.push(Mismatch::Orphaned {
                    table,
                    seq,
                    count: seal.rows,
                });
            }
            continue;
        };
        for spec in TABLES {
            let (r, n) = (recorded.tables.get(spec.name), now.get(spec.name));
            if r != n {
                out.push(Mismatch::Changed {
                    seq,
                    action: action.clone(),
                    table: spec.name,
                    recorded: r.map_or(0, |s| s.rows),
                    current: n.map_or(0, |s| s.rows),
                });
            }
        }
    }
    out
}
