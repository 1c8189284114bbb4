//! Writers at once serialize: two command-line processes, or the app's
//! long-lived handle and the command line. Every file is stored once,
//! exhibit numbers are unique, the chain unbroken, and a reader never sees
//! half of a batch.

use crate::support::{World, bytes, dossier};
use std::collections::{BTreeSet, HashSet};

#[test]
fn two_writers_at_once_serialize() {
    let w = World::new();
    let shared: Vec<String> = (0..5)
        .map(|i| {
            w.file(&format!("shared{i}.bin"), &bytes(100 + i, 300_000))
                .display()
                .to_string()
        })
        .collect();
    let batch = |tag: &str, seed: u64| -> Vec<String> {
        let mut files: Vec<String> = (0..20)
            .map(|i| {
                w.file(&format!("{tag}{i}.bin"), &bytes(seed + i, 200_000))
                    .display()
                    .to_string()
            })
            .collect();
        files.extend(shared.iter().cloned());
        files
    };
    let (a, b) = (batch("a", 1000), batch("b", 2000));
    let spawn = |files: &[String]| {
        dossier()
            .arg("add")
            .arg(w.case())
            .args(files)
            .spawn()
            .expect("spawn")
    };
    let (pa, pb) = (spawn(&a), spawn(&b));
    let (ra, rb) = (
        pa.wait_with_output().expect("a"),
        pb.wait_with_output().expect("b"),
    );
    assert!(ra.status.success() && rb.status.success(), "{ra:?} {rb:?}");

    // 40 distinct files plus 5 shared ones stored once.
    numbered_once(&w, 45);
    let v = w.run("verify", &[]);
    assert_eq!(v.code, 0, "{v:?}");
}

/// Calls in each imported log.
const CALLS: i64 = 2_000;

/// A call log whose calls are all later than those of logs with a smaller
/// `seed`, so no two logs share an event.
fn calls_xml(seed: i64) -> String {
    const MINUTE: u64 = 60_000;
    let calls = CALLS as u64;
    crate::support::calls_xml(
        calls,
        1_772_715_791_000 + seed as u64 * calls * MINUTE,
        MINUTE,
    )
}

/// What a reader saw at one instant, read in one transaction.
struct Snapshot {
    shas: HashSet<String>,
    imports: i64,
    import_events: i64,
}

fn snapshot(db: &mut rusqlite::Connection) -> Snapshot {
    let tx = db.transaction().expect("read transaction");
    let shas = {
        let mut stmt = tx.prepare("SELECT sha256 FROM item").expect("prepare");
        stmt.query_map([], |r| r.get::<_, String>(0))
            .expect("query")
            .map(|s| s.expect("sha"))
            .collect()
    };
    let imports = tx
        .query_row("SELECT COUNT(*) FROM import", [], |r| r.get(0))
        .expect("imports");
    let import_events = tx
        .query_row(
            "SELECT COUNT(*) FROM event WHERE import_id IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .expect("events");
    tx.commit().expect("end read");
    Snapshot {
        shas,
        imports,
        import_events,
    }
}

/// The desktop app (a long-lived handle on the case, through the core) and
/// the command line (separate processes) write to one case at the same time,
/// while a reader looks on. Writes serialize, and the reader never sees half
/// of a batch: an added batch is all there or not at all, an import is its
/// export with every one of its calls or nothing.
#[test]
fn the_app_and_the_command_line_write_at_once_and_readers_never_see_half_a_batch() {
    use dossier_core::evidence::ingest::{self, AddOptions, Silent};
    use dossier_core::import::{self, ImportOptions};
    use dossier_core::{Case, SystemClock};
    use std::sync::atomic::{AtomicBool, Ordering};

    let w = World::new();
    // Batches of 30 files: one batch is one commit (groups hold up to 64).
    let batch = |tag: &str, k: u64| -> (Vec<std::path::PathBuf>, Vec<String>) {
        (0..30u64)
            .map(|i| {
                let content = bytes(k * 100 + i, 20_000 + (i as usize) * 97);
                let sha = dossier_core::hash::sha256_hex(&content);
                (w.file(&format!("{tag}{k}/f{i}.bin"), &content), sha)
            })
            .unzip()
    };
    let app_batches: Vec<_> = (0..6).map(|k| batch("app", 1_000 + k)).collect();
    let cli_batches: Vec<_> = (0..6).map(|k| batch("cli", 2_000 + k)).collect();
    let logs: Vec<_> = (0..6)
        .map(|k| w.file(&format!("calls-{k}.xml"), calls_xml(k).as_bytes()))
        .collect();

    let writing = AtomicBool::new(true);
    let all_batches: Vec<&Vec<String>> = app_batches
        .iter()
        .chain(&cli_batches)
        .map(|(_, shas)| shas)
        .collect();
    let reads = std::thread::scope(|s| {
        // The app: one handle held open throughout, as the app holds its case.
        let app = s.spawn(|| {
            let mut case = Case::open(&w.case()).expect("the app opens the case");
            for (k, (files, _)) in app_batches.iter().enumerate() {
                let report = ingest::add_files(
                    &mut case,
                    files,
                    &AddOptions::default(),
                    &SystemClock,
                    "app",
                    &mut Silent,
                );
                assert_eq!(report.added().count(), files.len(), "app batch {k}");
                if let Some(log) = logs.get(k / 2).filter(|_| k % 2 == 0) {
                    import::import(
                        &mut case,
                        log,
                        &ImportOptions::default(),
                        &SystemClock,
                        "app",
                        &mut Silent,
                    )
                    .expect("the app imports");
                }
            }
        });
        // The command line: one process per batch or import.
        let cli = s.spawn(|| {
            for (k, (files, _)) in cli_batches.iter().enumerate() {
                let r = dossier()
                    .arg("add")
                    .arg(w.case())
                    .args(files)
                    .output()
                    .expect("add");
                assert!(r.status.success(), "cli batch {k}: {r:?}");
                if k % 2 == 0 {
                    let log = &logs[3 + k / 2];
                    let r = dossier()
                        .arg("import")
                        .arg(w.case())
                        .arg(log)
                        .output()
                        .expect("import");
                    assert!(r.status.success(), "cli import {k}: {r:?}");
                }
            }
        });
        // The reader: looks again and again until both are done.
        let reader = s.spawn(|| {
            let mut db = rusqlite::Connection::open(w.case().join("case.sqlite")).expect("db");
            db.busy_timeout(std::time::Duration::from_secs(60))
                .expect("busy");
            let mut reads = 0u64;
            let mut partial_views = 0u64;
            loop {
                let done = !writing.load(Ordering::SeqCst);
                let seen = snapshot(&mut db);
                reads += 1;
                for (n, shas) in all_batches.iter().enumerate() {
                    let present = shas.iter().filter(|sha| seen.shas.contains(*sha)).count();
                    assert!(
                        present == 0 || present == shas.len(),
                        "read {reads}: batch {n} is half there ({present} of {})",
                        shas.len()
                    );
                }
                assert_eq!(
                    seen.import_events,
                    seen.imports * CALLS,
                    "read {reads}: every import seen has all its calls"
                );
                if seen.shas.len() > 1 && !done {
                    partial_views += 1;
                }
                if done {
                    return (reads, partial_views);
                }
            }
        });
        app.join().expect("app writer");
        cli.join().expect("cli writer");
        writing.store(false, Ordering::SeqCst);
        reader.join().expect("reader")
    });

    // Every file and every log, once.
    numbered_once(&w, 12 * 30 + 6);
    let import_events: i64 = w
        .db()
        .query_row(
            "SELECT COUNT(*) FROM event WHERE import_id IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .expect("events");
    assert_eq!(import_events, 6 * CALLS, "all calls of all six logs");
    let v = w.run("verify", &[]);
    assert_eq!(v.code, 0, "the audit chain is whole: {v:?}");
    eprintln!(
        "concurrency: {} reads while writing, {} of them mid-way",
        reads.0, reads.1
    );
    assert!(
        reads.1 > 0,
        "the reader looked while the writers were at work"
    );
}

/// The case holds exactly `n` exhibits, numbered 1 to `n` without a gap.
fn numbered_once(w: &World, n: i64) {
    let list = w.list();
    let numbers: Vec<i64> = list["exhibits"]
        .as_array()
        .expect("exhibits")
        .iter()
        .map(|e| e["exhibit"].as_i64().expect("n"))
        .collect();
    assert_eq!(numbers.len() as i64, n, "{n} exhibits");
    let unique: BTreeSet<i64> = numbers.into_iter().collect();
    assert_eq!(
        unique,
        (1..=n).collect(),
        "exhibit numbers are unique and contiguous"
    );
}

#[test]
fn verify_beside_a_writer_reports_no_false_problem() {
    // The race: a verify that read the exhibits, then listed blobs
    // another process had just placed, called them unreferenced. A writer
    // adds 12 batches of files while verify runs again and again; every
    // verify must pass, and verify must have overlapped the writer.
    let w = World::new();
    let batches: Vec<Vec<String>> = (0..12u64)
        .map(|b| {
            (0..8u64)
                .map(|i| {
                    w.file(
                        &format!("b{b}-{i}.bin"),
                        &bytes(5000 + b * 100 + i, 400_000),
                    )
                    .display()
                    .to_string()
                })
                .collect()
        })
        .collect();
    let done = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|s| {
        s.spawn(|| {
            for files in &batches {
                let r = dossier()
                    .arg("add")
                    .arg(w.case())
                    .args(files)
                    .output()
                    .expect("add");
                assert!(r.status.success(), "{r:?}");
            }
            done.store(true, std::sync::atomic::Ordering::SeqCst);
        });
        let mut rounds = 0;
        let mut overlapped = 0;
        while !done.load(std::sync::atomic::Ordering::SeqCst) || rounds == 0 {
            let before = w.count("item");
            let v = w.run("verify", &[]);
            rounds += 1;
            assert_eq!(v.code, 0, "verify {rounds} beside a writer: {v:?}");
            if w.count("item") != before {
                overlapped += 1;
            }
        }
        println!("{rounds} verifies, {overlapped} of them while a batch was committed");
    });
    numbered_once(&w, 96);
}
