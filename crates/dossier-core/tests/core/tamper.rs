//! The tamper suite: someone with the case folder and `sqlite3` changes the
//! database behind the program's back. Every change to a row that carries
//! meaning must make `verify` fail, whether or not the protective triggers
//! were dropped first; so must a planted or dropped trigger, index, view or
//! table. The suite prints a table of attempts and catches, and every miss
//! must be one that changes no row's meaning.

use crate::support::{CLOCK, copy_tree, raw_db};
use dossier_core::case::rows::TABLES;
use dossier_core::case::verify::{VerifyReport, verify};
use dossier_core::evidence::annotate::{self, Kind};
use dossier_core::evidence::ingest::Silent;
use dossier_core::{Case, demo};
use rusqlite::types::Value;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Every trigger the migrations create, dropped before an attack that the
/// triggers would refuse.
const DROP_TRIGGERS: &str = "PRAGMA foreign_keys = OFF;
    DROP TRIGGER IF EXISTS audit_no_update; DROP TRIGGER IF EXISTS audit_no_delete;
    DROP TRIGGER IF EXISTS item_no_delete; DROP TRIGGER IF EXISTS item_no_rehash;
    DROP TRIGGER IF EXISTS annotation_no_delete;";

/// The demo case (files, notes, call and SMS imports with MMS pictures,
/// labelled parties) plus overlapping call logs, a group MMS, a FaceTime
/// call, annotations and a removed tag, made once.
fn pristine() -> &'static Path {
    static CASE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, root) = CASE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tmp");
        let report = demo::build(&dir.path().join("demo"), &CLOCK, &mut Silent).expect("demo");
        let mut case = Case::open(&report.case_dir).expect("open");
        // Two overlapping call logs (a call seen twice has two sources)
        // and a group MMS (recipients), which the demo lacks.
        let inputs = dir.path().join("inputs");
        fs::create_dir_all(&inputs).expect("mkdir");
        let call = |ms: u64| {
            format!(r#"<call number="170 5551 2000" duration="30" date="{ms}" type="1" presentation="1" contact_name="催收" />"#)
        };
        let t0 = 1_772_900_000_000u64;
        let logs = [
            format!("<calls>{}{}</calls>", call(t0), call(t0 + 60_000)),
            format!("<calls>{}{}</calls>", call(t0 + 60_000), call(t0 + 120_000)),
        ];
        let mms = format!(
            r#"<smses><mms date="{t0}" msg_box="1" address="17055512000~13800138000~13900139000" m_type="132"><parts><part seq="0" ct="text/plain" name="null" text="看看你家门口" /></parts><addrs><addr address="17055512000" type="137" /><addr address="13800138000" type="151" /><addr address="13900139000" type="151" /></addrs></mms></smses>"#
        );
        for (name, text) in [("calls-a.xml", &logs[0]), ("calls-b.xml", &logs[1]), ("sms-g.xml", &mms)] {
            let path = inputs.join(name);
            fs::write(&path, text).expect("write");
            dossier_core::import::import(
                &mut case,
                &path,
                &dossier_core::import::ImportOptions::default(),
                &CLOCK,
                "t",
                &mut Silent,
            )
            .expect("import");
        }
        // A FaceTime video call from an iPhone's call history.
        let calls = inputs.join("CallHistory.storedata");
        let db = rusqlite::Connection::open(&calls).expect("call history");
        db.execute_batch(
            "CREATE TABLE ZCALLRECORD (Z_PK INTEGER PRIMARY KEY, ZANSWERED INTEGER, ZCALLTYPE INTEGER,
                 ZORIGINATED INTEGER, ZDATE TIMESTAMP, ZDURATION FLOAT, ZADDRESS VARCHAR);
             INSERT INTO ZCALLRECORD VALUES (1, 1, 8, 0, 794600000.0, 42.0, '+8617055512001');",
        )
        .expect("facetime call");
        drop(db);
        dossier_core::import::import(
            &mut case,
            &calls,
            &dossier_core::import::ImportOptions::default(),
            &CLOCK,
            "t",
            &mut Silent,
        )
        .expect("import facetime");
        annotate::add(&mut case, 1, Kind::Note, "催收员自称法务部", &CLOCK, "t").expect("note");
        annotate::add(&mut case, 2, Kind::Tag, "威胁", &CLOCK, "t").expect("tag");
        annotate::add(&mut case, 3, Kind::Tag, "夜间", &CLOCK, "t").expect("tag");
        annotate::remove_tag(&mut case, 3, "夜间", &CLOCK, "t").expect("untag");
        let verified = verify(&case, &mut Silent);
        assert!(verified.is_intact(), "the demo verifies: {:?}", verified.problems);
        drop(case);
        // Every row in case.sqlite itself, and no -wal or -shm file beside
        // it: tests copy the folder while others run, and nothing may
        // change it under them.
        raw_db(&report.case_dir)
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
            .expect("checkpoint");
        (dir, report.case_dir)
    });
    root
}

/// A fresh copy of the pristine case.
fn copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tmp");
    let root = dir.path().join("c.dossier");
    copy_tree(pristine(), &root);
    (dir, root)
}

/// Verifies the case at `root`; `None` when it no longer even opens (which
/// `dossier verify` reports as damage, exit 3).
fn check(root: &Path) -> Option<VerifyReport> {
    let case = Case::open(root).ok()?;
    Some(verify(&case, &mut Silent))
}

fn caught(root: &Path) -> bool {
    check(root).is_none_or(|r| !r.is_intact())
}

/// Values that differ from `v`, most natural first: the suite tries them in
/// turn until SQLite accepts one (a CHECK constraint allows only some).
fn others(v: &Value) -> Vec<String> {
    const WORDS: [&str; 13] = [
        "other",
        "image",
        "note",
        "file",
        "stated",
        "exif",
        "out",
        "in",
        "collector",
        "family",
        "us",
        "cn",
        "tag",
    ];
    match v {
        Value::Null => vec!["'x'".into(), "1".into()],
        Value::Integer(i) => vec![(i + 1).to_string(), (i - 1).to_string()],
        Value::Real(f) => vec![(f + 1.0).to_string()],
        Value::Text(t) => {
            let mut out = vec![format!("'{}x'", t.replace('\'', "''"))];
            if t.len() == 64 {
                out.push(format!("'{}0'", &t[1..]));
            }
            out.extend(WORDS.iter().filter(|w| **w != t).map(|w| format!("'{w}'")));
            out
        }
        Value::Blob(_) => vec!["x'00'".into()],
    }
}

/// Tries each of `sqls` on a fresh copy until SQLite accepts one.
fn attack_first(sqls: impl IntoIterator<Item = String>) -> Option<bool> {
    let sqls: Vec<String> = sqls.into_iter().collect();
    let result = sqls.iter().find_map(|sql| attack(sql));
    if result.is_none() {
        let last = sqls
            .last()
            .map_or("", |s| s.lines().last().unwrap_or(s).trim());
        println!("refused by SQLite's constraints, in every form tried: {last}");
    }
    result
}

/// One row of a table, its rowid and values.
fn some_row(
    conn: &rusqlite::Connection,
    table: &str,
    columns: &[&str],
) -> Option<(i64, Vec<Value>)> {
    let sql = format!(
        "SELECT rowid, {} FROM {table} ORDER BY rowid DESC LIMIT 1",
        columns.join(", ")
    );
    conn.query_row(&sql, [], |r| {
        let values = (0..columns.len())
            .map(|i| r.get::<_, Value>(i + 1))
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok((r.get(0)?, values))
    })
    .ok()
}

struct Tally {
    rows: BTreeMap<String, (u32, u32)>,
    misses: Vec<String>,
    /// Attempts SQLite refused by a constraint of the schema.
    refused: u32,
}

impl Tally {
    fn record(&mut self, group: &str, name: String, caught: Option<bool>) {
        let Some(caught) = caught else {
            self.refused += 1;
            return;
        };
        let e = self.rows.entry(group.to_owned()).or_default();
        e.0 += 1;
        if caught {
            e.1 += 1;
        } else {
            self.misses.push(format!("{group}: {name}"));
        }
    }

    fn print(&self, title: &str) {
        println!("\n{title}");
        println!("{:<34} {:>8} {:>8}", "attack", "attempts", "caught");
        for (group, (n, c)) in &self.rows {
            println!("{group:<34} {n:>8} {c:>8}");
        }
        println!(
            "(and {} attempts SQLite's own constraints refused)",
            self.refused
        );
    }
}

/// Runs `sql` on a fresh copy and says whether verify caught it; `None`
/// when SQLite itself refuses the change (a CHECK, NOT NULL or UNIQUE
/// constraint), so that it cannot be made without changing the schema.
fn attack(sql: &str) -> Option<bool> {
    let (_dir, root) = copy();
    match raw_db(&root).execute_batch(sql) {
        Ok(()) => Some(caught(&root)),
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) => None,
        Err(e) => panic!("{sql}: {e}"),
    }
}

#[test]
fn every_change_to_a_meaningful_row_is_caught() {
    // Probed on a copy of its own: the pristine case is never opened.
    let (_probe_dir, probe) = copy();
    let conn = raw_db(&probe);
    let mut tally = Tally {
        rows: BTreeMap::new(),
        misses: Vec::new(),
        refused: 0,
    };
    for table in TABLES {
        let Some((rowid, values)) = some_row(&conn, table.name, table.columns) else {
            panic!("the demo case has no row in {} to attack", table.name);
        };
        for (column, value) in table.columns.iter().zip(&values) {
            let sets: Vec<String> = others(value)
                .iter()
                .map(|v| {
                    format!(
                        "UPDATE {} SET {column} = {v} WHERE rowid = {rowid};",
                        table.name
                    )
                })
                .collect();
            // With the triggers in place where they allow it, and with
            // every trigger dropped first.
            let allowed: Vec<String> = sets
                .iter()
                .filter(|set| {
                    conn.execute_batch(&format!("SAVEPOINT s; {set} ROLLBACK TO s; RELEASE s;"))
                        .is_ok()
                })
                .cloned()
                .collect();
            if !allowed.is_empty() {
                tally.record(
                    "update a column",
                    format!("{}.{column}", table.name),
                    attack_first(allowed),
                );
            }
            tally.record(
                "update a column, triggers dropped",
                format!("{}.{column}", table.name),
                attack_first(sets.iter().map(|set| format!("{DROP_TRIGGERS} {set}"))),
            );
        }
        let delete = format!("DELETE FROM {} WHERE rowid = {rowid};", table.name);
        tally.record(
            "delete a row, triggers dropped",
            table.name.to_owned(),
            attack(&format!("{DROP_TRIGGERS} {delete}")),
        );
        // An inserted row: a copy of an existing one with a new key (the
        // first column), sealed as if by the same entry.
        // Text columns are changed too, so that no UNIQUE key (a party's
        // number, a hash of 64 digits) refuses the copy.
        let cols = table.columns.join(", ");
        let mut copied: Vec<String> = table
            .columns
            .iter()
            .map(|c| match *c {
                "sha256" => format!("substr({c}, 2) || '0'"),
                "key" | "name" | "record" | "address" | "text" => format!("{c} || 'x'"),
                _ => c.to_string(),
            })
            .collect();
        if matches!(values.first(), Some(Value::Integer(_)))
            && !matches!(table.name, "event_source" | "event_recipient")
        {
            copied[0] = format!(
                "(SELECT MAX({0}) + 1000 FROM {1})",
                table.columns[0], table.name
            );
        }
        let insert = format!(
            "INSERT INTO {0} ({cols}, sealed_by) SELECT {1}, sealed_by FROM {0} WHERE rowid = {rowid};",
            table.name,
            copied.join(", ")
        );
        if table.name != "case_info" {
            tally.record(
                "insert a row, triggers dropped",
                table.name.to_owned(),
                attack(&format!("{DROP_TRIGGERS} {insert}")),
            );
        }
        for (what, seal) in [
            ("unseal a row", "NULL"),
            ("reseal a row under another entry", "sealed_by + 1"),
        ] {
            tally.record(
                what,
                table.name.to_owned(),
                attack(&format!(
                    "UPDATE {} SET sealed_by = {seal} WHERE rowid = {rowid};",
                    table.name
                )),
            );
        }
    }

    // The chain itself, and the schema.
    let last: i64 = conn
        .query_row("SELECT MAX(seq) FROM audit", [], |r| r.get(0))
        .expect("seq");
    let chain = [
        (
            "edit an entry's details",
            format!(
                "UPDATE audit SET details = details || ' ' WHERE seq = {};",
                last / 2
            ),
        ),
        (
            "edit an entry's time",
            format!(
                "UPDATE audit SET at = '2020-01-01T00:00:00.000Z' WHERE seq = {};",
                last / 3
            ),
        ),
        (
            "delete a middle entry",
            format!("DELETE FROM audit WHERE seq = {};", last / 2),
        ),
        (
            "swap two entries",
            "UPDATE audit SET seq = 1000000 WHERE seq = 3; UPDATE audit SET seq = 3 WHERE seq = 4; \
             UPDATE audit SET seq = 4 WHERE seq = 1000000;"
                .to_owned(),
        ),
        (
            "rewrite an entry's hash",
            format!(
                "UPDATE audit SET hash = '{}' WHERE seq = 2;",
                "ab".repeat(32)
            ),
        ),
    ];
    for (name, sql) in chain {
        tally.record(
            "audit chain, triggers dropped",
            name.to_owned(),
            attack(&format!("{DROP_TRIGGERS} {sql}")),
        );
    }
    let schema = [
        (
            "plant a trigger that rewrites imports",
            "CREATE TRIGGER evil AFTER INSERT ON event BEGIN UPDATE event SET body = 'nothing' WHERE id = NEW.id; END;",
        ),
        ("drop the audit trigger", "DROP TRIGGER audit_no_delete;"),
        ("drop the exhibit trigger", "DROP TRIGGER item_no_rehash;"),
        ("add an index", "CREATE INDEX evil_idx ON event (body);"),
        ("drop an index", "DROP INDEX event_time;"),
        (
            "add a view",
            "CREATE VIEW evil_view AS SELECT * FROM event;",
        ),
        ("add a table", "CREATE TABLE evil_table (x);"),
    ];
    for (name, sql) in schema {
        tally.record("schema", name.to_owned(), attack(sql));
    }

    tally.print("Tampering with case.sqlite (demo case)");
    assert!(
        tally.misses.is_empty(),
        "every change to a meaningful row must be caught; missed: {:#?}",
        tally.misses
    );
}

/// A logical dump of the whole database: every row of every table
/// (including SQLite's own), and the schema. Two databases with the same
/// dump mean the same thing.
fn dump(root: &Path) -> Option<Vec<String>> {
    let conn = rusqlite::Connection::open_with_flags(
        root.join("case.sqlite"),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .ok()?;
    let mut out = Vec::new();
    let tables: Vec<(String, String)> = conn
        .prepare("SELECT type || ' ' || name || ' ' || COALESCE(sql, ''), name FROM sqlite_master ORDER BY name")
        .ok()?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .ok()?
        .collect::<rusqlite::Result<_>>()
        .ok()?;
    for (entry, name) in tables {
        out.push(entry.clone());
        if !entry.starts_with("table ") {
            continue;
        }
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{name}\" ORDER BY rowid"))
            .ok()?;
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                (0..n)
                    .map(|i| r.get::<_, Value>(i).map(|v| format!("{v:?}")))
                    .collect::<rusqlite::Result<Vec<_>>>()
                    .map(|v| v.join("|"))
            })
            .ok()?
            .collect::<rusqlite::Result<Vec<_>>>()
            .ok()?;
        out.extend(rows.into_iter().map(|r| format!("{name}: {r}")));
    }
    for pragma in ["user_version", "application_id"] {
        let v: i64 = conn
            .query_row(&format!("PRAGMA {pragma}"), [], |r| r.get(0))
            .ok()?;
        out.push(format!("{pragma} {v}"));
    }
    Some(out)
}

#[test]
fn random_bit_flips_that_change_a_row_are_caught() {
    let original = fs::read(pristine().join("case.sqlite")).expect("read");
    let (_reference_dir, reference_copy) = copy();
    let reference = dump(&reference_copy).expect("dump");
    let mut rng = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = || {
        // xorshift64*: a fixed sequence, so a failure can be replayed.
        rng ^= rng >> 12;
        rng ^= rng << 25;
        rng ^= rng >> 27;
        rng.wrapping_mul(0x2545_f491_4f6c_dd1d)
    };
    let (mut attempts, mut caught_n, mut harmless) = (0, 0, BTreeMap::<&str, u32>::new());
    let mut misses = Vec::new();
    for _ in 0..300 {
        let offset = (next() % original.len() as u64) as usize;
        let bit = (next() % 8) as u8;
        let (_dir, root) = copy();
        raw_db(&root)
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
            .expect("checkpoint");
        let _ = fs::remove_file(root.join("case.sqlite-wal"));
        let _ = fs::remove_file(root.join("case.sqlite-shm"));
        let mut bytes = original.clone();
        bytes[offset] ^= 1 << bit;
        fs::write(root.join("case.sqlite"), &bytes).expect("write");
        attempts += 1;
        // What the flip did, read before the program opens (and perhaps
        // upgrades or recovers) the case.
        let after = dump(&root);
        if caught(&root) {
            caught_n += 1;
            continue;
        }
        match after {
            Some(rows) if rows == reference => {
                *harmless
                    .entry("no row, schema or setting changed (free space, page headers, counters)")
                    .or_default() += 1;
            }
            Some(rows) => {
                let changed: Vec<&String> =
                    rows.iter().filter(|r| !reference.contains(r)).collect();
                if changed.iter().all(|r| r.starts_with("sqlite_sequence:")) {
                    *harmless
                        .entry("only sqlite_sequence (the next exhibit number; never reuses one)")
                        .or_default() += 1;
                } else {
                    misses.push(format!("byte {offset} bit {bit}: {changed:?}"));
                }
            }
            None => misses.push(format!(
                "byte {offset} bit {bit}: unreadable, yet verify passed"
            )),
        }
    }
    println!("\nRandom bit flips of case.sqlite (demo case)");
    println!("attempts {attempts}, caught {caught_n}");
    for (why, n) in &harmless {
        println!("  not caught, {n}: {why}");
    }
    assert!(
        misses.is_empty(),
        "flips that changed a row went unnoticed: {misses:#?}"
    );
}
