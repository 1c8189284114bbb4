//! Row seals: every row that carries meaning is covered by the audit chain.
//!
//! The chain alone proves that its entries were not changed; it says nothing
//! of the rows next to it. So each audit entry also seals the rows its change
//! wrote: every such row names the entry in its `sealed_by` column, and the
//! entry's details record, per table, how many rows it sealed and a digest
//! of them. `verify` recomputes the digests from the rows as they are now,
//! so a row deleted, inserted, or changed in any column behind the program's
//! back shows up as a table whose digest no longer matches its entry.
//!
//! # Canonical encoding (version 1)
//!
//! A row's hash is the SHA-256 of these bytes, each line ended by `\n`:
//!
//! ```text
//! dossier-row-v1
//! <table>
//! <column>=<value>           one line per column, in the order of TABLES
//! ```
//!
//! where a value is `n` (NULL), `i<decimal>` (integer), `r<16 hex digits>`
//! (the IEEE 754 bits of a real), `t<len>:<UTF-8 bytes>` (text) or
//! `b<len>:<bytes>` (blob), `len` counting bytes. The types are part of the
//! value, so the integer 5 and the text "5" differ.
//!
//! A table's digest within one entry is the lowercase hex SHA-256 of
//!
//! ```text
//! dossier-rows-v1
//! <table>
//! <count>
//! <row hash>                 lowercase hex, one line each, sorted
//! ```
//!
//! Sorting the row hashes makes the digest independent of storage order, and
//! because it is built from per-row hashes, a copy of the case made for
//! sharing can withhold a row (a third party's number) by giving its hash in
//! place of its values and still prove every other row.
//!
//! A row that a later entry changes (a party labelled, a tag taken off) is
//! sealed again by that entry; the later entry records the hash the row had
//! and the entry that had sealed it (`replaces`), so the earlier entry's
//! digest can still be recomputed. The `sealed_by` column itself is the seal,
//! not content, and is left out of the row's hash.

mod compare;
mod exported;

pub use compare::*;
pub use exported::*;

use crate::hash::hex;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, Transaction, params};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// A table whose rows are sealed, and the columns its rows are encoded by.
#[derive(Debug, Clone, Copy)]
pub struct TableSpec {
    pub name: &'static str,
    pub columns: &'static [&'static str],
}

/// Every sealed table with its columns, in the order digests list them.
/// A migration that adds a column to one of these tables must add it here
/// and seal the table's rows anew in the same upgrade.
pub const TABLES: &[TableSpec] = &[
    TableSpec {
        name: "case_info",
        columns: &["id", "title", "rules", "time_zone", "created_at"],
    },
    TableSpec {
        name: "contributor",
        columns: &["id", "name"],
    },
    TableSpec {
        name: "item",
        columns: &[
            "exhibit",
            "sha256",
            "size",
            "kind",
            "media_type",
            "origin",
            "captured_at",
            "captured_offset",
            "capture_basis",
            "capture_raw",
            "capture_zone_assumed",
            "duration_ms",
            "added_at",
            "audit_seq",
        ],
    },
    TableSpec {
        name: "acquisition",
        columns: &[
            "id",
            "exhibit",
            "contributor_id",
            "original_name",
            "original_path",
            "modified_at",
            "note",
            "acquired_at",
            "audit_seq",
        ],
    },
    TableSpec {
        name: "party",
        columns: &["id", "key", "role", "name", "group_name"],
    },
    TableSpec {
        name: "import",
        columns: &[
            "id",
            "exhibit",
            "format",
            "importer",
            "owner_party",
            "contributor_id",
            "records",
            "new_events",
            "known_events",
            "imported_at",
            "audit_seq",
        ],
    },
    TableSpec {
        name: "event",
        columns: &[
            "id",
            "exhibit",
            "record",
            "occurred_at",
            "occurred_offset",
            "channel",
            "party",
            "body",
            "duration_ms",
            "direction",
            "party_id",
            "hidden",
            "owner_party",
            "import_id",
        ],
    },
    TableSpec {
        name: "event_source",
        columns: &["event_id", "exhibit", "record", "import_id"],
    },
    TableSpec {
        name: "extracted",
        columns: &["exhibit", "source_exhibit", "record"],
    },
    TableSpec {
        name: "event_recipient",
        columns: &["event_id", "party_id", "address"],
    },
    TableSpec {
        name: "import_gap",
        columns: &["id", "import_id", "kind", "record", "at_byte", "declared"],
    },
    TableSpec {
        name: "event_mask",
        columns: &["event_id"],
    },
    TableSpec {
        name: "event_facetime",
        columns: &["event_id", "video"],
    },
    TableSpec {
        name: "case_payday",
        columns: &["day"],
    },
    TableSpec {
        name: "party_basis",
        columns: &["party_id", "basis", "source"],
    },
    TableSpec {
        name: "cease_request",
        columns: &["collector", "received", "source"],
    },
    TableSpec {
        name: "record_key",
        columns: &["exhibit", "record", "source_id"],
    },
    TableSpec {
        name: "annotation",
        columns: &[
            "id",
            "exhibit",
            "kind",
            "text",
            "added_at",
            "removed_at",
            "audit_seq",
        ],
    },
];

/// The spec of a sealed table by name.
pub fn spec(name: &str) -> Option<&'static TableSpec> {
    TABLES.iter().find(|t| t.name == name)
}

/// The SHA-256 of one row under the canonical encoding.
pub fn row_hash(table: &TableSpec, values: &[ValueRef<'_>]) -> [u8; 32] {
    use std::io::Write as _;
    // One buffer per thread, reused: an import hashes a row per record.
    thread_local! {
        static BUF: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    BUF.with_borrow_mut(|buf| {
        buf.clear();
        buf.extend_from_slice(b"dossier-row-v1\n");
        buf.extend_from_slice(table.name.as_bytes());
        buf.push(b'\n');
        for (column, value) in table.columns.iter().zip(values) {
            buf.extend_from_slice(column.as_bytes());
            buf.push(b'=');
            // Writing into a Vec cannot fail.
            let _ = match value {
                ValueRef::Null => {
                    buf.push(b'n');
                    Ok(())
                }
                ValueRef::Integer(i) => write!(buf, "i{i}"),
                ValueRef::Real(f) => write!(buf, "r{:016x}", f.to_bits()),
                ValueRef::Text(t) => {
                    write!(buf, "t{}:", t.len()).map(|()| buf.extend_from_slice(t))
                }
                ValueRef::Blob(b) => {
                    write!(buf, "b{}:", b.len()).map(|()| buf.extend_from_slice(b))
                }
            };
            buf.push(b'\n');
        }
        Sha256::digest(buf.as_slice()).into()
    })
}

/// The digest of one table's rows within one entry; sorts `hashes`.
pub fn table_digest(table: &str, hashes: &mut [[u8; 32]]) -> String {
    hashes.sort_unstable();
    let mut h = Sha256::new();
    h.update(format!("dossier-rows-v1\n{table}\n{}\n", hashes.len()).as_bytes());
    for row in hashes.iter() {
        h.update(hex(row).as_bytes());
        h.update(b"\n");
    }
    hex(&h.finalize())
}

/// What an entry records of one table: how many rows, and their digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableSeal {
    pub rows: u64,
    pub sha256: String,
}

/// A row's earlier version, recorded by the entry that changed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replaced {
    pub table: &'static str,
    /// The entry that had sealed the earlier version.
    pub seq: i64,
    pub row: [u8; 32],
}

fn select(table: &TableSpec, filter: &str) -> String {
    format!(
        "SELECT rowid, sealed_by, {} FROM {} {filter}",
        table.columns.join(", "),
        table.name
    )
}

/// The hash of a row as it is now, with the entry that sealed it.
fn current(
    tx: &Connection,
    table: &TableSpec,
    rowid: i64,
) -> rusqlite::Result<Option<(Option<i64>, [u8; 32])>> {
    let mut stmt = tx.prepare_cached(&select(table, "WHERE rowid = ?1"))?;
    let mut rows = stmt.query([rowid])?;
    let Some(row) = rows.next()? else {
        return Ok(None);
    };
    let values = values(row, table)?;
    Ok(Some((row.get(1)?, row_hash(table, &values))))
}

fn values<'a>(
    row: &'a rusqlite::Row<'_>,
    table: &TableSpec,
) -> rusqlite::Result<Vec<ValueRef<'a>>> {
    (0..table.columns.len())
        .map(|i| row.get_ref(i + 2))
        .collect()
}

const REPLACED_TABLE: &str = "CREATE TEMP TABLE IF NOT EXISTS row_replaced (
    tbl TEXT NOT NULL, seq INTEGER NOT NULL, hash BLOB NOT NULL)";

/// Call before changing a row that an earlier entry sealed: records the
/// version it had, so the earlier entry stays provable, and hands the row
/// to the entry the transaction appends next.
pub(crate) fn supersede(tx: &Transaction<'_>, table: &str, rowid: i64) -> rusqlite::Result<()> {
    let Some(spec) = spec(table) else {
        return Ok(());
    };
    let Some((Some(seq), hash)) = current(tx, spec, rowid)? else {
        // Not there, or written in this transaction and not sealed yet.
        return Ok(());
    };
    tx.execute_batch(REPLACED_TABLE)?;
    tx.prepare_cached("INSERT INTO temp.row_replaced (tbl, seq, hash) VALUES (?1, ?2, ?3)")?
        .execute(params![spec.name, seq, &hash[..]])?;
    tx.prepare_cached(&format!(
        "UPDATE {} SET sealed_by = NULL WHERE rowid = ?1",
        spec.name
    ))?
    .execute([rowid])?;
    Ok(())
}

/// What one entry seals: its tables' digests and the versions it replaced.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sealed {
    pub tables: BTreeMap<&'static str, TableSeal>,
    pub replaces: Vec<Replaced>,
}

impl Sealed {
    /// The fields the entry's details gain; nothing when it wrote no row.
    pub fn add_to(&self, details: &mut serde_json::Value) {
        let Some(map) = details.as_object_mut() else {
            return;
        };
        if !self.tables.is_empty() {
            let rows: serde_json::Map<String, serde_json::Value> = self
                .tables
                .iter()
                .map(|(t, s)| {
                    (
                        (*t).to_owned(),
                        serde_json::json!({ "rows": s.rows, "sha256": s.sha256 }),
                    )
                })
                .collect();
            map.insert("rows".into(), rows.into());
        }
        if !self.replaces.is_empty() {
            let replaces: Vec<serde_json::Value> = self
                .replaces
                .iter()
                .map(|r| serde_json::json!({ "table": r.table, "seq": r.seq, "row": hex(&r.row) }))
                .collect();
            map.insert("replaces".into(), replaces.into());
        }
    }

    /// What an entry's details say it sealed (nothing for entries made
    /// before rows were sealed).
    pub fn of_details(details: &serde_json::Value) -> Sealed {
        let mut sealed = Sealed::default();
        if let Some(rows) = details["rows"].as_object() {
            for (name, seal) in rows {
                let table = spec(name).map_or("?", |s| s.name);
                sealed.tables.insert(
                    table,
                    TableSeal {
                        rows: seal["rows"].as_u64().unwrap_or(0),
                        sha256: seal["sha256"].as_str().unwrap_or("").to_owned(),
                    },
                );
            }
        }
        if let Some(replaces) = details["replaces"].as_array() {
            for r in replaces {
                let (Some(table), Some(seq), Some(row)) = (
                    r["table"].as_str().and_then(spec),
                    r["seq"].as_i64(),
                    r["row"].as_str().and_then(unhex),
                ) else {
                    continue;
                };
                sealed.replaces.push(Replaced {
                    table: table.name,
                    seq,
                    row,
                });
            }
        }
        sealed
    }
}

fn unhex(text: &str) -> Option<[u8; 32]> {
    if text.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(text.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(out)
}

/// Seals, for entry `seq`, every row this transaction wrote and has not
/// sealed yet, and returns what the entry must record. Called by
/// `audit::append` just before the entry is written.
pub(crate) fn seal(tx: &Transaction<'_>, seq: i64) -> rusqlite::Result<Sealed> {
    let mut sealed = Sealed::default();
    for table in TABLES {
        tx.prepare_cached(&format!(
            "UPDATE {} SET sealed_by = ?1 WHERE sealed_by IS NULL",
            table.name
        ))?
        .execute([seq])?;
        let mut stmt = tx.prepare_cached(&select(table, "WHERE sealed_by = ?1"))?;
        let mut rows = stmt.query([seq])?;
        let mut hashes = Vec::new();
        while let Some(row) = rows.next()? {
            hashes.push(row_hash(table, &values(row, table)?));
        }
        if !hashes.is_empty() {
            sealed.tables.insert(
                table.name,
                TableSeal {
                    rows: hashes.len() as u64,
                    sha256: table_digest(table.name, &mut hashes),
                },
            );
        }
    }
    let has_replaced: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM temp.sqlite_master WHERE name = 'row_replaced')",
        [],
        |r| r.get(0),
    )?;
    if has_replaced {
        let mut stmt =
            tx.prepare_cached("SELECT tbl, seq, hash FROM temp.row_replaced ORDER BY rowid")?;
        let found: Vec<(String, i64, Vec<u8>)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (table, seq, hash) in found {
            if let (Some(spec), Ok(row)) = (spec(&table), <[u8; 32]>::try_from(hash.as_slice())) {
                sealed.replaces.push(Replaced {
                    table: spec.name,
                    seq,
                    row,
                });
            }
        }
        tx.execute_batch("DELETE FROM temp.row_replaced")?;
    }
    Ok(sealed)
}

/// Seals every row of the case under one entry: the upgrade that brought
/// row seals to a case made before them. Returns what the entry records.
pub(crate) fn seal_all(tx: &Transaction<'_>, seq: i64) -> rusqlite::Result<Sealed> {
    for table in TABLES {
        tx.execute(&format!("UPDATE {} SET sealed_by = NULL", table.name), [])?;
    }
    seal(tx, seq)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_part_of_a_value() {
        let t = spec("contributor").expect("spec");
        let a = row_hash(t, &[ValueRef::Integer(5), ValueRef::Text(b"x")]);
        let b = row_hash(t, &[ValueRef::Text(b"5"), ValueRef::Text(b"x")]);
        let c = row_hash(t, &[ValueRef::Integer(5), ValueRef::Null]);
        assert_ne!(a, b, "the integer 5 and the text 5 must hash apart");
        assert_ne!(a, c, "NULL must differ from any text");
    }

    #[test]
    fn a_digest_does_not_depend_on_row_order_but_on_every_row() {
        let (x, y) = ([1u8; 32], [2u8; 32]);
        let d1 = table_digest("event", &mut [x, y]);
        let d2 = table_digest("event", &mut [y, x]);
        let d3 = table_digest("event", &mut [x]);
        let d4 = table_digest("party", &mut [x, y]);
        assert_eq!(d1, d2, "storage order must not matter");
        assert_ne!(d1, d3, "a missing row must change the digest");
        assert_ne!(d1, d4, "the table is part of the digest");
    }

    #[test]
    fn hex_round_trips() {
        let row = [0xabu8; 32];
        assert_eq!(unhex(&hex(&row)), Some(row));
        assert_eq!(unhex("zz"), None);
    }
}
