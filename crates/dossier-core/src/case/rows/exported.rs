//! The sealed rows a manifest carries (`export`), and their digests
//! computed again from the manifest (`compute_exported`), so a bundle's rows
//! are checked as a case's are.

use super::*;

/// Every sealed row of the case for a bundle's manifest: per table its
/// columns, and per row the entry that sealed it and its values, in rowid
/// order. Integers are JSON numbers, text is JSON strings, NULL is null,
/// blobs are `{"blob": hex}`; no sealed column holds a real. A copy made
/// for sharing may replace a row's values by `{"withheld": row hash}`.
pub fn export(conn: &Connection) -> rusqlite::Result<serde_json::Value> {
    let mut tables = serde_json::Map::new();
    for table in TABLES {
        let mut stmt = conn.prepare(&select(table, "ORDER BY rowid"))?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let mut values = Vec::with_capacity(table.columns.len() + 1);
            values.push(serde_json::Value::from(row.get::<_, Option<i64>>(1)?));
            for v in self::values(row, table)? {
                values.push(match v {
                    ValueRef::Null => serde_json::Value::Null,
                    ValueRef::Integer(i) => i.into(),
                    ValueRef::Real(f) => f.into(),
                    ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned().into(),
                    ValueRef::Blob(b) => serde_json::json!({ "blob": hex(b) }),
                });
            }
            out.push(serde_json::Value::Array(values));
        }
        tables.insert(
            table.name.to_owned(),
            serde_json::json!({ "columns": table.columns, "rows": out }),
        );
    }
    Ok(serde_json::json!({ "schema": "dossier.rows/1", "tables": tables }))
}

/// The seals as a manifest's rows give them (see [`export`]); an error
/// says what in the rows is malformed.
pub fn compute_exported(
    rows: &serde_json::Value,
    replaced: &BTreeMap<(i64, &'static str), Vec<[u8; 32]>>,
) -> Result<Computed, String> {
    if rows["schema"] != "dossier.rows/1" {
        return Err("the rows are not in the dossier.rows/1 form".into());
    }
    let mut out = Computed::default();
    let mut groups: BTreeMap<(i64, &'static str), Vec<[u8; 32]>> = BTreeMap::new();
    for table in TABLES {
        let t = &rows["tables"][table.name];
        let columns: Option<Vec<&str>> = t["columns"]
            .as_array()
            .map(|c| c.iter().filter_map(|c| c.as_str()).collect());
        if columns.as_deref() != Some(table.columns) {
            return Err(format!(
                "table {}: the columns are not the ones sealed",
                table.name
            ));
        }
        let list = t["rows"]
            .as_array()
            .ok_or_else(|| format!("table {}: no rows list", table.name))?;
        for (i, row) in list.iter().enumerate() {
            let bad = || format!("table {}: row {} is malformed", table.name, i + 1);
            let cells = row.as_array().ok_or_else(bad)?;
            out.rows += 1;
            let Some(seq) = cells.first().and_then(serde_json::Value::as_i64) else {
                out.unsealed.push(Unsealed {
                    table: table.name,
                    rowid: i as i64 + 1,
                    sealed_by: None,
                });
                continue;
            };
            let hash = match &cells[1..] {
                [serde_json::Value::Object(o)] if o.contains_key("withheld") => {
                    out.withheld += 1;
                    o["withheld"].as_str().and_then(unhex).ok_or_else(bad)?
                }
                values if values.len() == table.columns.len() => {
                    let blobs: Vec<Option<Vec<u8>>> = values
                        .iter()
                        .map(|v| {
                            v.get("blob").and_then(|b| b.as_str()).map(|h| {
                                (0..h.len() / 2)
                                    .filter_map(|i| {
                                        u8::from_str_radix(h.get(2 * i..2 * i + 2)?, 16).ok()
                                    })
                                    .collect()
                            })
                        })
                        .collect();
                    let mut refs = Vec::with_capacity(values.len());
                    for (v, blob) in values.iter().zip(&blobs) {
                        refs.push(match (v, blob) {
                            (_, Some(b)) => ValueRef::Blob(b),
                            (serde_json::Value::Null, _) => ValueRef::Null,
                            (serde_json::Value::String(t), _) => ValueRef::Text(t.as_bytes()),
                            (serde_json::Value::Number(n), _) => {
                                ValueRef::Integer(n.as_i64().ok_or_else(bad)?)
                            }
                            _ => return Err(bad()),
                        });
                    }
                    row_hash(table, &refs)
                }
                _ => return Err(bad()),
            };
            groups.entry((seq, table.name)).or_default().push(hash);
        }
    }
    for (key, old) in replaced {
        groups.entry(*key).or_default().extend_from_slice(old);
    }
    for ((seq, table), mut hashes) in groups {
        let seal = TableSeal {
            rows: hashes.len() as u64,
            sha256: table_digest(table, &mut hashes),
        };
        out.by_seq.entry(seq).or_default().insert(table, seal);
    }
    Ok(out)
}
