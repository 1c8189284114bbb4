//! iOS backups: the call history with its write-ahead log, sms.db with both
//! date forms, whole backup folders, and sources left untouched.

mod backup;
mod hostile;

use crate::support::{CLOCK, Fixture, sha256};
use dossier_core::evidence::ingest::Silent;
use dossier_core::import::{self, Direction, Format, ImportOptions, ios_backup};
use dossier_core::query::timeline;
use rusqlite::{Connection, params};
use std::fs;
use std::path::{Path, PathBuf};

const APPLE_EPOCH: i64 = 978_307_200;
/// 2026-03-05T13:03:11Z in seconds since 2001.
const T0: f64 = (1_772_715_791 - APPLE_EPOCH) as f64;

/// Writes a `CallHistory.storedata` whose last calls are only in its `-wal`
/// (as on a phone), and returns its path.
fn call_history(dir: &Path) -> PathBuf {
    let work = dir.join("work");
    fs::create_dir_all(&work).expect("mkdir");
    let db = work.join("CallHistory.storedata");
    let conn = Connection::open(&db).expect("db");
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0;
         CREATE TABLE ZCALLRECORD (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, ZANSWERED INTEGER, ZCALLTYPE INTEGER,
             ZORIGINATED INTEGER, ZDATE TIMESTAMP, ZDURATION FLOAT, ZADDRESS VARCHAR);",
    )
    .expect("schema");
    let insert = |pk: i64,
                  address: &str,
                  date: f64,
                  duration: f64,
                  originated: i64,
                  answered: i64| {
        conn.execute(
            "INSERT INTO ZCALLRECORD (Z_PK, Z_ENT, ZANSWERED, ZCALLTYPE, ZORIGINATED, ZDATE, ZDURATION, ZADDRESS)
             VALUES (?1, 2, ?2, 1, ?3, ?4, ?5, ?6)",
            params![pk, answered, originated, date, duration, address],
        )
        .expect("insert");
    };
    insert(1, "+86 170 5551 1020", T0, 83.4, 0, 1);
    insert(2, "17055511020", T0 + 3600.25, 0.0, 0, 0);
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .expect("checkpoint");
    insert(3, "13800138000", T0 + 7200.0, 12.0, 1, 1);
    insert(4, "17055511020", T0 + 10800.0, 0.0, 0, 0);
    // Copy while the connection is open, so the last two calls stay in the WAL.
    let out = dir.join("CallHistory.storedata");
    fs::copy(&db, &out).expect("copy db");
    fs::copy(
        work.join("CallHistory.storedata-wal"),
        dir.join("CallHistory.storedata-wal"),
    )
    .expect("copy wal");
    drop(conn);
    out
}

fn sms_db(path: &Path) {
    let conn = Connection::open(path).expect("db");
    conn.execute_batch(
        "CREATE TABLE handle (ROWID INTEGER PRIMARY KEY, id TEXT, service TEXT);
         CREATE TABLE message (ROWID INTEGER PRIMARY KEY, text TEXT, handle_id INTEGER, date INTEGER,
             is_from_me INTEGER, service TEXT);
         INSERT INTO handle VALUES (1, '+8617055511020', 'SMS'), (2, 'collector@example.com', 'iMessage');",
    )
    .expect("schema");
    let seconds = T0 as i64;
    let nanos = (T0 as i64 + 60) * 1_000_000_000;
    conn.execute(
        "INSERT INTO message VALUES (1, '你再不还钱就通知你单位', 1, ?1, 0, 'SMS')",
        [seconds],
    )
    .expect("old iOS");
    conn.execute(
        "INSERT INTO message VALUES (2, '我下周还', 1, ?1, 1, 'SMS')",
        [nanos],
    )
    .expect("new iOS");
    conn.execute(
        "INSERT INTO message VALUES (3, '最后通牒', 2, ?1, 0, 'iMessage')",
        [nanos + 60_000_000_000],
    )
    .expect("imessage");
}

fn import_path(f: &mut Fixture, path: &Path, format: Option<Format>) -> import::ImportReport {
    let options = ImportOptions {
        format,
        ..ImportOptions::default()
    };
    import::import(&mut f.case, path, &options, &CLOCK, "t", &mut Silent).expect("import")
}

#[test]
fn the_call_history_is_read_with_its_wal_and_left_untouched() {
    let mut f = Fixture::new();
    let dir = f.dir.path().join("phone");
    fs::create_dir_all(&dir).expect("mkdir");
    let db = call_history(&dir);
    let before: Vec<(PathBuf, String)> = fs::read_dir(&dir)
        .expect("ls")
        .map(|e| e.expect("e").path())
        .filter(|p| p.is_file())
        .map(|p| (p.clone(), sha256(&fs::read(&p).expect("read"))))
        .collect();

    let report = import_path(&mut f, &db, None);
    assert_eq!(report.format, Format::IosCalls, "detected from the tables");
    assert_eq!(
        report.new_events, 4,
        "two calls are only in the -wal and are read too"
    );
    assert_eq!(
        report.companions.len(),
        1,
        "the -wal is stored as an exhibit beside the database"
    );
    let entries = timeline::entries(&f.case, None, None).expect("timeline");
    let seen: Vec<(String, Option<Direction>, Option<u64>, String)> = entries
        .iter()
        .map(|e| {
            (
                e.at.to_string(),
                e.direction,
                e.duration_ms,
                e.sources[0].record.clone(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (
                "2026-03-05T13:03:11Z".to_owned(),
                Some(Direction::In),
                Some(83_400),
                "ZCALLRECORD Z_PK 1".to_owned()
            ),
            (
                "2026-03-05T14:03:11.25Z".to_owned(),
                Some(Direction::Missed),
                Some(0),
                "ZCALLRECORD Z_PK 2".to_owned()
            ),
            (
                "2026-03-05T15:03:11Z".to_owned(),
                Some(Direction::Out),
                Some(12_000),
                "ZCALLRECORD Z_PK 3".to_owned()
            ),
            (
                "2026-03-05T16:03:11Z".to_owned(),
                Some(Direction::Missed),
                Some(0),
                "ZCALLRECORD Z_PK 4".to_owned()
            ),
        ]
    );
    let after: Vec<(PathBuf, String)> = fs::read_dir(&dir)
        .expect("ls")
        .map(|e| e.expect("e").path())
        .filter(|p| p.is_file())
        .map(|p| (p.clone(), sha256(&fs::read(&p).expect("read"))))
        .collect();
    assert_eq!(
        after, before,
        "the source files are byte-identical and nothing (no -shm) was added beside them"
    );
    crate::support::assert_tmp_clean(&f.root());
}

#[test]
fn sms_db_reads_both_date_forms_and_imessage() {
    let mut f = Fixture::new();
    let path = f.dir.path().join("sms.db");
    sms_db(&path);
    let report = import_path(&mut f, &path, None);
    assert_eq!((report.format, report.new_events), (Format::IosSms, 3));
    let entries = timeline::entries(&f.case, None, None).expect("timeline");
    let times: Vec<String> = entries.iter().map(|e| e.at.to_string()).collect();
    assert_eq!(
        times,
        [
            "2026-03-05T13:03:11Z",
            "2026-03-05T13:04:11Z",
            "2026-03-05T13:05:11Z"
        ],
        "seconds and nanoseconds since 2001"
    );
    assert_eq!(entries[0].body.as_deref(), Some("你再不还钱就通知你单位"));
    assert_eq!(entries[1].direction, Some(Direction::Out));
    assert_eq!(
        (entries[2].channel.as_str(), entries[2].party_key.as_deref()),
        ("chat", Some("id:collector@example.com"))
    );
}

#[test]
fn the_same_instant_from_ios_and_android_is_one_event() {
    let mut f = Fixture::new();
    let dir = f.dir.path().join("phone");
    fs::create_dir_all(&dir).expect("mkdir");
    let db = call_history(&dir);
    import_path(&mut f, &db, None);
    // The first call again, as an Android backup of a phone with the same SIM wrote it.
    let android = "<calls count=\"1\"><call number=\"17055511020\" duration=\"83\" date=\"1772715791400\" type=\"1\" presentation=\"1\" contact_name=\"(Unknown)\" /></calls>";
    let path = f.file("calls.xml", android.as_bytes());
    let report = import::import(
        &mut f.case,
        &path,
        &ImportOptions::default(),
        &CLOCK,
        "t",
        &mut Silent,
    )
    .expect("android");
    assert_eq!(
        (report.new_events, report.known_events),
        (0, 1),
        "2001-epoch seconds and epoch ms meet; 83.4 s and 83 s round alike"
    );
    let entries = timeline::entries(&f.case, None, None).expect("timeline");
    assert_eq!(entries[0].sources.len(), 2);
}

#[test]
fn an_encrypted_case_reads_an_ios_database_without_a_plaintext_copy_on_disk() {
    let mut f = Fixture::with(&crate::support::encrypted_options("correct horse 电池"));
    let dir = f.dir.path().join("phone");
    fs::create_dir_all(&dir).expect("mkdir");
    let db = call_history(&dir);
    let preview = import::preview(&f.case, &db, &ImportOptions::default(), 10).expect("preview");
    assert_eq!(preview.format, Format::IosCalls);
    let report = import_path(&mut f, &db, None);
    assert_eq!(report.new_events, 4, "the -wal is read too");
    crate::support::assert_tmp_clean(&f.root());
    // The scratch copies in memory are gone too.
    let mine = format!("dossier-{}-", std::process::id());
    let left: Vec<_> = fs::read_dir("/dev/shm")
        .expect("/dev/shm")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(&mine))
        .collect();
    assert!(left.is_empty(), "scratch left in /dev/shm: {left:?}");
    // No SQLite file, plain, anywhere in the case folder.
    for (path, bytes) in crate::support::files_under(&f.root()) {
        assert!(
            !bytes.starts_with(b"SQLite format 3"),
            "{} is plain",
            path.display()
        );
    }
}

/// The events a case holds, as (time, record, duration).
fn seen(f: &Fixture) -> Vec<(String, String, Option<u64>)> {
    timeline::entries(&f.case, None, None)
        .expect("timeline")
        .iter()
        .map(|e| (e.at.to_string(), e.sources[0].record.clone(), e.duration_ms))
        .collect()
}

#[test]
fn the_wal_read_in_memory_gives_what_sqlite_reads_from_files() {
    // Many transactions in the -wal, pages rewritten and the database grown,
    // then the -wal cut at several points (a torn last frame, a lost
    // commit): an encrypted case (the -wal applied in memory by Dossier)
    // must read exactly what a plain one (SQLite's own WAL code) reads.
    let dir = tempfile::tempdir().expect("tmp");
    let work = dir.path().join("work");
    fs::create_dir_all(&work).expect("mkdir");
    let db = work.join("CallHistory.storedata");
    let conn = Connection::open(&db).expect("db");
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0;
         CREATE TABLE ZCALLRECORD (Z_PK INTEGER PRIMARY KEY, ZANSWERED INTEGER, ZORIGINATED INTEGER,
             ZDATE TIMESTAMP, ZDURATION FLOAT, ZADDRESS VARCHAR, ZNAME VARCHAR);
         PRAGMA wal_checkpoint(TRUNCATE);",
    )
    .expect("schema");
    for batch in 0..40i64 {
        conn.execute_batch("BEGIN").expect("begin");
        for i in 0..50i64 {
            let pk = batch * 50 + i + 1;
            conn.execute(
                "INSERT INTO ZCALLRECORD VALUES (?1, ?2, 0, ?3, ?4, ?5, ?6)",
                params![
                    pk,
                    pk % 2,
                    T0 + pk as f64 * 60.0,
                    (pk % 90) as f64,
                    format!("1705551{:04}", pk % 300),
                    "x".repeat((pk % 7 * 40) as usize)
                ],
            )
            .expect("insert");
        }
        conn.execute(
            "UPDATE ZCALLRECORD SET ZDURATION = ZDURATION + 1 WHERE Z_PK % 13 = ?1",
            [batch % 13],
        )
        .expect("update");
        conn.execute_batch("COMMIT").expect("commit");
    }
    fs::copy(&db, dir.path().join("db")).expect("copy db");
    let wal = fs::read(work.join("CallHistory.storedata-wal")).expect("wal");
    drop(conn);
    for cut in [wal.len(), wal.len() - 100, wal.len() * 2 / 3, 40] {
        let case_dir = dir.path().join(format!("cut-{cut}"));
        fs::create_dir_all(&case_dir).expect("mkdir");
        let path = case_dir.join("CallHistory.storedata");
        fs::copy(dir.path().join("db"), &path).expect("db");
        fs::write(case_dir.join("CallHistory.storedata-wal"), &wal[..cut]).expect("wal");
        let mut plain = Fixture::new();
        import_path(&mut plain, &path, Some(Format::IosCalls));
        let mut sealed = Fixture::with(&crate::support::encrypted_options("correct horse 电池"));
        import_path(&mut sealed, &path, Some(Format::IosCalls));
        let (a, b) = (seen(&plain), seen(&sealed));
        assert!(
            cut < wal.len() || a.len() == 2_000,
            "the whole -wal has every call"
        );
        assert_eq!(a, b, "cut at {cut} of {} bytes", wal.len());
    }
}

#[test]
fn facetime_calls_are_marked_audio_or_video() {
    let mut f = Fixture::new();
    let db = f.dir.path().join("CallHistory.storedata");
    let conn = Connection::open(&db).expect("db");
    conn.execute_batch(
        "CREATE TABLE ZCALLRECORD (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, ZANSWERED INTEGER, ZCALLTYPE INTEGER,
             ZORIGINATED INTEGER, ZDATE TIMESTAMP, ZDURATION FLOAT, ZADDRESS VARCHAR);",
    )
    .expect("schema");
    for (pk, call_type) in [(1, 1), (2, 8), (3, 16)] {
        conn.execute(
            "INSERT INTO ZCALLRECORD VALUES (?1, 2, 1, ?2, 0, ?3, 30.0, '+8617055511020')",
            params![pk, call_type, T0 + pk as f64 * 60.0],
        )
        .expect("call");
    }
    drop(conn);
    let report = import_path(&mut f, &db, None);
    assert_eq!(report.new_events, 3);
    let entries = timeline::entries(&f.case, None, None).expect("timeline");
    let kinds: Vec<_> = entries
        .iter()
        .map(|e| (e.channel.as_str(), e.facetime))
        .collect();
    assert_eq!(
        kinds,
        [
            ("call", None),
            ("call", Some(import::FaceTime::Video)),
            ("call", Some(import::FaceTime::Audio)),
        ],
        "still calls, for every rule that counts calls; marked as FaceTime"
    );
}
