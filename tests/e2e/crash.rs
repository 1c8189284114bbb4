//! Power-cut safety: `dossier add`, `import` and `export` are SIGKILLed at
//! many points of their work, 200 kills landing mid-run in all, and
//! `encrypt`/`decrypt` 30 more. After every kill, `verify` must pass and no
//! batch may be half present:
//! - add: each file of the batch fully stored and referenced, or absent;
//! - import: the export and all its events, or neither;
//! - export: each file under its final name whole (byte-identical to an
//!   uninterrupted export), the PDF never without its bundle;
//! - encrypt and decrypt: the whole case, plain or encrypted, every exhibit
//!   in it;
//! - an iOS sms.db (with its `-wal`) imported into an encrypted case: the
//!   whole import or none of it, and no plaintext copy of the database in
//!   `/dev/shm` or anywhere else (20 more kills);
//!
//! and what the killed process left in `tmp/` must be gone once the case is
//! opened again.

use crate::support::{World, blob, bytes, dossier};
use std::collections::HashSet;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};

/// Kills that must land while the process is still running, per test (four
/// tests: 200 in all).
const KILLS: usize = 50;
/// Attempts at most; some kills land after the process has finished.
const MAX_ATTEMPTS: u64 = 150;

/// A batch of fresh files (new content each attempt): one larger than the
/// copy chunk, so the pipelined path is killed too, and many small ones.
fn batch(w: &World, attempt: u64) -> Vec<(PathBuf, String)> {
    (0..20u64)
        .map(|i| {
            let size = if i == 7 {
                (1 << 20) + 300_000
            } else {
                8_000 + (i as usize * 3_001)
            };
            let content = bytes(attempt * 1_000 + i, size);
            let path = w.file(&format!("attempt-{attempt}/f{i:02}.bin"), &content);
            (path, dossier_core::hash::sha256_hex(&content))
        })
        .collect()
}

fn add(w: &World, files: &[(PathBuf, String)], fsync: Fsync) -> std::process::Child {
    let mut cmd = dossier();
    if fsync == Fsync::PerFile {
        cmd.env("DOSSIER_FSYNC", "per-file");
    }
    cmd.arg("add")
        .arg(w.case())
        .args(files.iter().map(|(p, _)| p))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn add")
}

/// The two ways `add` makes files durable (see `blob::Syncer`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fsync {
    /// One `syncfs` per group (the default on Linux).
    WholeFs,
    /// One fsync per file (elsewhere, or with `DOSSIER_FSYNC=per-file`).
    PerFile,
}

#[test]
fn killing_add_at_any_point_leaves_every_file_whole_or_absent() {
    kill_repeatedly(Fsync::WholeFs);
}

#[test]
fn killing_add_with_one_fsync_per_file_leaves_every_file_whole_or_absent() {
    kill_repeatedly(Fsync::PerFile);
}

fn kill_repeatedly(fsync: Fsync) {
    let w = World::new();
    let first = batch(&w, 0);
    kill_at_many_points(
        "add",
        |attempt| {
            let files = if attempt == 0 {
                first.clone()
            } else {
                batch(&w, attempt)
            };
            (add(&w, &files, fsync), files)
        },
        |attempt, files| {
            verify_passes(&w, attempt);
            let list = w.list();
            let referenced: HashSet<&str> = list["exhibits"]
                .as_array()
                .expect("exhibits")
                .iter()
                .map(|e| e["sha256"].as_str().expect("sha"))
                .collect();
            for (path, sha) in files {
                let on_disk = blob(&w.case(), sha).exists();
                assert_eq!(
                    on_disk,
                    referenced.contains(sha.as_str()),
                    "attempt {attempt}: {} must be stored and referenced, or absent",
                    path.display()
                );
            }
            tmp_is_clean(&w, attempt);
        },
    );
}

/// Runs `start(attempt)` once to the end (attempt 0, to time it), then again
/// and again, each time SIGKILLing it at a point spread from its very start
/// to just past its typical end and calling `check` after the kill, until
/// [`KILLS`] kills have landed mid-run.
fn kill_at_many_points<T>(
    what: &str,
    start: impl FnMut(u64) -> (std::process::Child, T),
    check: impl FnMut(u64, &T),
) {
    kill_n_times(what, KILLS, start, check);
}

/// [`kill_at_many_points`], until `kills` kills have landed.
fn kill_n_times<T>(
    what: &str,
    kills: usize,
    mut start: impl FnMut(u64) -> (std::process::Child, T),
    mut check: impl FnMut(u64, &T),
) {
    let begun = Instant::now();
    let (mut child, _) = start(0);
    let status = child.wait().expect("wait");
    let first = begun.elapsed().max(Duration::from_millis(5));
    assert!(status.success(), "{what} runs to the end when left alone");
    // How long a run takes, learned as we go: the machine's load changes
    // (other tests run alongside), so a kill that came too late shortens
    // the estimate and one that landed lengthens it a little.
    let mut full = first;

    let mut interrupted = 0;
    let mut attempt = 0;
    while interrupted < kills && attempt < MAX_ATTEMPTS {
        attempt += 1;
        let (mut child, state) = start(attempt);
        // Not a wait for a result: this picks the instant of the kill.
        let fraction = (attempt % 24) as f64 / 22.0;
        std::thread::sleep(full.mul_f64(fraction));
        if child.try_wait().expect("try_wait").is_none() {
            interrupted += 1;
            full = full.mul_f64(1.05);
        } else {
            full = full.mul_f64(0.8).max(Duration::from_millis(5));
        }
        child.kill().expect("SIGKILL"); // no effect if it already exited
        child.wait().expect("reap");
        check(attempt, &state);
    }
    eprintln!(
        "crash test ({what}): {interrupted} kills mid-run in {attempt} attempts; an uninterrupted run took {first:?}, {full:?} at the end"
    );
    assert!(
        interrupted >= kills,
        "only {interrupted} of {attempt} kills landed mid-{what} (a run takes {full:?})"
    );
}

fn verify_passes(w: &World, attempt: u64) {
    let v = w.run("verify", &["--json"]);
    assert_eq!(
        v.code, 0,
        "attempt {attempt}: verify after the kill: {}",
        v.stdout
    );
}

/// Opening the case (as `verify` just did) cleared what the kill left.
fn tmp_is_clean(w: &World, attempt: u64) {
    let tmp: Vec<String> = std::fs::read_dir(w.case().join("tmp"))
        .expect("tmp")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        tmp,
        [".lock"],
        "attempt {attempt}: leftovers are cleared when the case is next opened"
    );
}

/// Calls in one imported log; each attempt's calls are an hour apart and
/// later than every earlier attempt's, so no two imports share an event.
const CALLS: u64 = 4_000;

fn calls_xml(attempt: u64) -> String {
    const HOUR: u64 = 3_600_000;
    crate::support::calls_xml(CALLS, 1_772_715_791_000 + attempt * CALLS * HOUR, HOUR)
}

#[test]
fn killing_import_at_any_point_leaves_the_whole_import_or_none_of_it() {
    let w = World::new();
    kill_at_many_points(
        "import",
        |attempt| {
            let file = w.file(
                &format!("calls-{attempt}.xml"),
                calls_xml(attempt).as_bytes(),
            );
            let child = dossier()
                .arg("import")
                .arg(w.case())
                .arg(&file)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("spawn import");
            (child, ())
        },
        |attempt, ()| {
            verify_passes(&w, attempt);
            let imports = w.count("import");
            let items = w.count("item");
            let events = w.count("event");
            assert_eq!(
                items, imports,
                "attempt {attempt}: every stored export has its import, and no import lacks its export"
            );
            assert_eq!(
                events,
                imports * CALLS as i64,
                "attempt {attempt}: {imports} whole imports hold all their calls, nothing of a killed one"
            );
            tmp_is_clean(&w, attempt);
        },
    );
}

#[test]
fn killing_export_at_any_point_leaves_whole_files_or_none() {
    let w = World::new();
    add_screenshots(&w, 11, 12);
    let log = w.file("calls.xml", calls_xml(0).as_bytes());
    assert_eq!(w.run("import", &[&log.display().to_string()]).code, 0);

    let out = w.dir.path().join("out");
    let export = |dir: &std::path::Path| {
        std::fs::create_dir_all(dir).expect("out dir");
        dossier()
            .arg("export")
            .arg(w.case())
            .arg("--pdf")
            .arg(dir.join("dossier.pdf"))
            .arg("--bundle")
            .arg(dir.join("dossier.zip"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn export")
    };
    // The clock is fixed, so every whole export is byte-identical to this one.
    let reference = out.join("reference");
    assert!(export(&reference).wait().expect("export").success());
    let pdf = std::fs::read(reference.join("dossier.pdf")).expect("pdf");
    let zip = std::fs::read(reference.join("dossier.zip")).expect("zip");

    kill_at_many_points(
        "export",
        |attempt| {
            let dir = out.join(format!("attempt-{attempt}"));
            (export(&dir), dir)
        },
        |attempt, dir| {
            verify_passes(&w, attempt);
            let (p, z) = (dir.join("dossier.pdf"), dir.join("dossier.zip"));
            if let Ok(bytes) = std::fs::read(&p) {
                assert!(bytes == pdf, "attempt {attempt}: the PDF is whole");
                assert!(
                    z.exists(),
                    "attempt {attempt}: the PDF is never without its bundle"
                );
            }
            if let Ok(bytes) = std::fs::read(&z) {
                assert!(bytes == zip, "attempt {attempt}: the bundle is whole");
            }
            // Every few attempts, export again to the same names: it works,
            // and it leaves no `.partial` of the killed run behind.
            if attempt % 10 == 0 {
                assert!(export(dir).wait().expect("export").success());
                assert!(std::fs::read(&p).expect("pdf") == pdf);
                let left: Vec<String> = std::fs::read_dir(dir)
                    .expect("out")
                    .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
                    .filter(|n| n.ends_with(".partial"))
                    .collect();
                assert!(left.is_empty(), "attempt {attempt}: {left:?}");
            }
        },
    );
}

#[test]
fn killing_a_conversion_leaves_the_whole_case_plain_or_encrypted() {
    const PASS: &str = "crash test passphrase";
    let w = World::new();
    add_screenshots(&w, 23, 24);
    let exhibits = w.count("item");
    let encrypted = || w.case().join("key.json").exists();
    // Each attempt turns the case the other way: encrypt a plain case,
    // decrypt an encrypted one.
    let convert = |_attempt: u64| {
        let verb = if encrypted() { "decrypt" } else { "encrypt" };
        let child = dossier()
            .arg(verb)
            .arg(w.case())
            .env("DOSSIER_PASSPHRASE", PASS)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn conversion");
        (child, ())
    };
    kill_n_times("encrypt/decrypt", 30, convert, |attempt, ()| {
        let pass = if encrypted() { PASS } else { "" };
        let out = dossier()
            .arg("verify")
            .arg("--json")
            .arg(w.case())
            .env("DOSSIER_PASSPHRASE", pass)
            .stdin(Stdio::null())
            .output()
            .expect("verify");
        assert_eq!(
            out.status.code(),
            Some(0),
            "attempt {attempt}: the case opens whole ({}): {}{}",
            if encrypted() { "encrypted" } else { "plain" },
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        assert_eq!(
            report["exhibits"].as_i64(),
            Some(exhibits),
            "attempt {attempt}: every exhibit is there"
        );
        // Opening the case removed what the killed conversion left beside
        // it (after an encrypt, the plaintext).
        let mut staging = w.case().into_os_string();
        staging.push(".converting");
        assert!(
            !std::path::Path::new(&staging).exists(),
            "attempt {attempt}: the leftover copy is gone once the case is opened"
        );
    });
}

/// Adds `n` synthetic screenshots (made from `seed`) to the case.
fn add_screenshots(w: &World, seed: u64, n: usize) {
    let mut rng = dossier_core::synth::Rng(seed);
    let shots: Vec<String> = (0..n)
        .map(|i| {
            let png = dossier_core::synth::screenshot(&mut rng);
            w.file(&format!("Screenshot_{i}.png"), &png)
                .display()
                .to_string()
        })
        .collect();
    let args: Vec<&str> = shots.iter().map(String::as_str).collect();
    assert_eq!(w.run("add", &args).code, 0);
}

/// Messages in each sms.db an attempt imports; the last quarter only in its
/// `-wal`, as on a phone.
const MESSAGES: i64 = 20_000;

/// Writes an sms.db (and its `-wal`) whose messages are later than every
/// earlier attempt's, and returns its path.
fn sms_db(w: &World, attempt: u64) -> PathBuf {
    let dir = w.dir.path().join(format!("sms-{attempt}"));
    let work = dir.join("work");
    std::fs::create_dir_all(&work).expect("mkdir");
    let db = work.join("sms.db");
    let conn = rusqlite::Connection::open(&db).expect("db");
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0;
         CREATE TABLE handle (ROWID INTEGER PRIMARY KEY AUTOINCREMENT UNIQUE, id TEXT NOT NULL, service TEXT NOT NULL);
         CREATE TABLE message (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE NOT NULL, text TEXT,
             handle_id INTEGER DEFAULT 0, service TEXT, date INTEGER, is_from_me INTEGER DEFAULT 0);
         INSERT INTO handle (id, service) VALUES ('+8617055511020', 'SMS'), ('+8617055511021', 'iMessage');",
    )
    .expect("schema");
    // Nanoseconds since 2001, a minute apart, each attempt after the last.
    let t0 = 800_000_000i64 + attempt as i64 * MESSAGES * 60;
    let insert = |from: i64, to: i64| {
        conn.execute_batch("BEGIN").expect("begin");
        for i in from..to {
            conn.execute(
                "INSERT INTO message (guid, text, handle_id, service, date, is_from_me) VALUES (?1, ?2, ?3, 'SMS', ?4, 0)",
                rusqlite::params![
                    format!("{attempt}-{i}"),
                    format!("第 {i} 条：今天必须还款，否则通知你的家人"),
                    1 + i % 2,
                    (t0 + i * 60) * 1_000_000_000
                ],
            )
            .expect("insert");
        }
        conn.execute_batch("COMMIT").expect("commit");
    };
    insert(0, MESSAGES * 3 / 4);
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .expect("checkpoint");
    insert(MESSAGES * 3 / 4, MESSAGES);
    // Copied while the connection is open, so the last messages stay in the -wal.
    let out = dir.join("sms.db");
    std::fs::copy(&db, &out).expect("copy db");
    std::fs::copy(work.join("sms.db-wal"), dir.join("sms.db-wal")).expect("copy wal");
    drop(conn);
    out
}

#[test]
fn killing_an_encrypted_ios_import_leaves_no_plaintext_anywhere() {
    const PASS: &str = "crash test passphrase";
    let w = World::new();
    std::fs::remove_dir_all(w.case()).expect("remove plain case");
    let init = dossier()
        .args(["init".as_ref(), w.case().as_os_str(), "--encrypt".as_ref()])
        .env("DOSSIER_PASSPHRASE", PASS)
        .stdin(Stdio::null())
        .output()
        .expect("init");
    assert!(init.status.success(), "{init:?}");
    kill_n_times(
        "encrypted iOS import",
        20,
        |attempt| {
            let file = sms_db(&w, attempt);
            let child = dossier()
                .arg("import")
                .arg(w.case())
                .arg(&file)
                .env("DOSSIER_PASSPHRASE", PASS)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("spawn import");
            let pid = child.id();
            (child, pid)
        },
        |attempt, pid| {
            let out = dossier()
                .arg("verify")
                .arg("--json")
                .arg(w.case())
                .env("DOSSIER_PASSPHRASE", PASS)
                .stdin(Stdio::null())
                .output()
                .expect("verify");
            assert_eq!(
                out.status.code(),
                Some(0),
                "attempt {attempt}: verify after the kill: {}",
                String::from_utf8_lossy(&out.stdout)
            );
            let pass = dossier_core::case::crypto::Passphrase::new(PASS.into());
            let case = dossier_core::Case::open_with(&w.case(), Some(&pass)).expect("open");
            let (exhibits, events, _) = dossier_core::query::list::counts(&case).expect("counts");
            drop(case);
            // Each whole import stores the database and its -wal.
            assert_eq!(exhibits % 2, 0, "attempt {attempt}: {exhibits} exhibits");
            assert_eq!(
                events,
                exhibits / 2 * MESSAGES as u64,
                "attempt {attempt}: whole imports only, the -wal's messages included"
            );
            tmp_is_clean(&w, attempt);
            // The killed process's scratch, if it made any, would be named
            // after it; other processes (other tests) may have their own.
            let mine = format!("dossier-{pid}-");
            let left: Vec<String> = std::fs::read_dir("/dev/shm")
                .map(|d| {
                    d.filter_map(Result::ok)
                        .map(|e| e.file_name().to_string_lossy().into_owned())
                        .filter(|n| n.starts_with(&mine))
                        .collect()
                })
                .unwrap_or_default();
            assert!(
                left.is_empty(),
                "attempt {attempt}: left in /dev/shm: {left:?}"
            );
        },
    );
    // No plaintext SQLite file anywhere in the case folder.
    let mut stack = vec![w.case()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)
            .expect("list")
            .map(|e| e.expect("entry"))
        {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let head = std::fs::read(&path)
                    .map(|b| b.starts_with(b"SQLite format 3"))
                    .unwrap_or(false);
                assert!(!head, "{} is plaintext SQLite", path.display());
            }
        }
    }
}
