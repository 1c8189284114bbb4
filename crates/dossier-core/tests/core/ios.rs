//! iOS backups: the call history with its write-ahead log, sms.db with both
//! date forms, whole backup folders, and sources left untouched.

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

/// A backup folder under `f` holding sms.db where iOS 10+ files it.
fn backup_with_sms(f: &Fixture) -> std::path::PathBuf {
    let backup = f.dir.path().join("backup");
    fs::create_dir_all(backup.join("3d")).expect("mkdir");
    sms_db(
        &backup
            .join("3d")
            .join("3d0d7e5fb2ce288813306e4d4636395e047a3d28"),
    );
    backup
}

#[test]
fn a_backup_folder_is_searched_by_file_ids() {
    let f = Fixture::new();
    let backup = backup_with_sms(&f);
    let calls = call_history(&f.dir.path().join("src"));
    fs::copy(
        &calls,
        backup.join("5a4935c78a5255723f707230a451d79c540d2741"),
    )
    .expect("old flat layout");
    let found = ios_backup(&backup);
    let formats: Vec<Format> = found.found.iter().map(|(_, f)| *f).collect();
    assert_eq!(formats, [Format::IosCalls, Format::IosSms]);
    assert!(found.missing.is_empty() && !found.encrypted);
}

/// A `Manifest.db` as iTunes and Finder write it, listing `ids`.
fn manifest(dir: &Path, ids: &[&str]) {
    let conn = rusqlite::Connection::open(dir.join("Manifest.db")).expect("manifest");
    conn.execute_batch(
        "CREATE TABLE Files (fileID TEXT PRIMARY KEY, domain TEXT, relativePath TEXT, flags INTEGER, file BLOB);",
    )
    .expect("schema");
    for id in ids {
        conn.execute(
            "INSERT INTO Files (fileID, domain, relativePath, flags) VALUES (?1, 'HomeDomain', 'x', 1)",
            [id],
        )
        .expect("row");
    }
}

#[test]
fn a_backup_names_the_databases_its_manifest_lists_but_it_lacks() {
    let f = Fixture::new();
    let backup = backup_with_sms(&f);
    manifest(
        &backup,
        &[
            "3d0d7e5fb2ce288813306e4d4636395e047a3d28",
            "5a4935c78a5255723f707230a451d79c540d2741",
        ],
    );
    let found = ios_backup(&backup);
    assert_eq!(found.found.len(), 1);
    assert_eq!(found.missing, [Format::IosCalls]);
    // A manifest that does not list it: nothing is missing.
    let other = f.dir.path().join("other");
    fs::create_dir_all(&other).expect("mkdir");
    manifest(&other, &[]);
    assert!(ios_backup(&other).missing.is_empty());
    // An encrypted backup's manifest is no SQLite file: say so.
    let locked = f.dir.path().join("locked");
    fs::create_dir_all(&locked).expect("mkdir");
    fs::write(locked.join("Manifest.db"), [0x8a_u8; 4096]).expect("write");
    assert!(ios_backup(&locked).encrypted);
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

/// A database made by `schema` (SQL run on a fresh file), as bytes on disk.
fn made_db(dir: &Path, name: &str, schema: &str) -> PathBuf {
    let path = dir.join(name);
    let conn = Connection::open(&path).expect("db");
    conn.execute_batch(schema).expect("schema");
    drop(conn);
    path
}

/// The size of every file under the case folder, summed.
fn folder_size(root: &Path) -> u64 {
    crate::support::files_under(root)
        .values()
        .map(|b| b.len() as u64)
        .sum()
}

/// Imports `path` into a plain and into an encrypted case, expects the
/// error `check` accepts in both, and the case unchanged and verifying.
fn refused_in_both(path: &Path, check: impl Fn(&import::ImportError) -> bool) {
    for encrypted in [false, true] {
        let mut f = if encrypted {
            Fixture::with(&crate::support::encrypted_options("correct horse 电池"))
        } else {
            Fixture::new()
        };
        let before = folder_size(&f.root());
        let err = import::import(
            &mut f.case,
            path,
            &ImportOptions::default(),
            &CLOCK,
            "t",
            &mut Silent,
        )
        .expect_err("refused");
        assert!(
            check(&err),
            "encrypted={encrypted}: unexpected error: {err}"
        );
        assert!(
            err.to_string().contains("nothing was imported"),
            "the message says nothing was imported: {err}"
        );
        let (items, events, _) = dossier_core::query::list::counts(&f.case).expect("counts");
        assert_eq!((items, events), (0, 0), "nothing stored");
        crate::support::assert_tmp_clean(&f.root());
        // WAL and page cache may settle, but not by the hundreds of MB a
        // spilled sort or scratch copy would take.
        let after = folder_size(&f.root());
        assert!(
            after < before + (1 << 20),
            "the case folder did not grow: {before} → {after} bytes"
        );
        assert!(
            dossier_core::case::verify::verify(&f.case, &mut Silent).is_intact(),
            "the case still verifies"
        );
    }
}

fn schema_problem(
    table: &str,
    want: dossier_core::import::SchemaProblem,
) -> impl Fn(&import::ImportError) -> bool {
    let table = table.to_owned();
    move |err| {
        matches!(err, import::ImportError::Schema { table: t, problem, .. }
            if *t == table && **problem == want)
    }
}

/// sms.db's message and handle tables as iOS 10–17 declare them (columns
/// this importer does not read left out), with the triggers every real
/// one has.
const REAL_SMS_SCHEMA: &str = "
    CREATE TABLE handle (ROWID INTEGER PRIMARY KEY AUTOINCREMENT UNIQUE, id TEXT NOT NULL,
        country TEXT, service TEXT NOT NULL, uncanonicalized_id TEXT,
        person_centric_id TEXT DEFAULT NULL, UNIQUE (id, service));
    CREATE TABLE message (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE NOT NULL,
        text TEXT, replace INTEGER DEFAULT 0, service_center TEXT, handle_id INTEGER DEFAULT 0,
        subject TEXT, country TEXT, attributedBody BLOB, version INTEGER DEFAULT 0,
        type INTEGER DEFAULT 0, service TEXT, account TEXT, account_guid TEXT,
        error INTEGER DEFAULT 0, date INTEGER, date_read INTEGER, date_delivered INTEGER,
        is_delivered INTEGER DEFAULT 0, is_finished INTEGER DEFAULT 0,
        is_from_me INTEGER DEFAULT 0, is_read INTEGER DEFAULT 0, cache_roomnames TEXT,
        balloon_bundle_id TEXT, expressive_send_style_id TEXT, associated_message_guid TEXT,
        associated_message_type INTEGER DEFAULT 0, thread_originator_guid TEXT,
        destination_caller_id TEXT, is_spam INTEGER DEFAULT 0);
    CREATE TABLE chat_message_join (chat_id INTEGER REFERENCES chat (ROWID) ON DELETE CASCADE,
        message_id INTEGER REFERENCES message (ROWID) ON DELETE CASCADE, message_date INTEGER DEFAULT 0,
        PRIMARY KEY (chat_id, message_id));
    CREATE TABLE deleted_messages (ROWID INTEGER PRIMARY KEY AUTOINCREMENT UNIQUE, guid TEXT NOT NULL);
    CREATE INDEX message_idx_handle ON message(handle_id, date);
    CREATE TRIGGER add_to_deleted_messages AFTER DELETE ON message BEGIN
        INSERT INTO deleted_messages (guid) VALUES (OLD.guid); END;
    CREATE TRIGGER after_delete_on_message AFTER DELETE ON message BEGIN
        DELETE FROM chat_message_join WHERE message_id = OLD.ROWID; END;
    INSERT INTO handle (ROWID, id, service) VALUES (1, '+8617055511020', 'SMS');
";

#[test]
fn a_real_sms_db_schema_with_triggers_and_long_messages_imports() {
    let mut f = Fixture::new();
    let path = made_db(f.dir.path(), "sms.db", REAL_SMS_SCHEMA);
    let conn = Connection::open(&path).expect("db");
    let nanos = (T0 as i64) * 1_000_000_000;
    // Tens of thousands of messages, some long (a pasted contract: 200 KB).
    conn.execute_batch("BEGIN").expect("begin");
    for i in 0..20_000i64 {
        let text = if i % 5_000 == 0 {
            "合同条款".repeat(200_000 / 12)
        } else {
            format!("第 {i} 次催收：今天必须还款")
        };
        conn.execute(
            "INSERT INTO message (guid, text, handle_id, date, is_from_me, service) VALUES (?1, ?2, 1, ?3, 0, 'SMS')",
            params![format!("g{i}"), text, nanos + i * 60_000_000_000],
        )
        .expect("insert");
    }
    conn.execute_batch("COMMIT").expect("commit");
    drop(conn);
    let report = import_path(&mut f, &path, Some(Format::IosSms));
    assert_eq!(report.new_events, 20_000, "every message is read");
    let entries = timeline::entries(&f.case, None, None).expect("timeline");
    assert_eq!(
        entries[0].body.as_ref().map(String::len),
        Some("合同条款".repeat(200_000 / 12).len()),
        "a 200 KB message is read whole"
    );
}

#[test]
fn a_generated_message_text_is_refused_before_a_row_is_read() {
    let f = Fixture::new();
    // 12 KB on disk; each row's text would be 100 MB once computed.
    let path = made_db(
        f.dir.path(),
        "sms.db",
        "CREATE TABLE handle (ROWID INTEGER PRIMARY KEY, id TEXT);
         CREATE TABLE message (ROWID INTEGER PRIMARY KEY, handle_id INTEGER, date INTEGER,
             is_from_me INTEGER, service TEXT,
             text TEXT GENERATED ALWAYS AS (printf('%.*c', 100000000, 'x')) VIRTUAL NOT NULL);
         INSERT INTO handle VALUES (1, '+8617055511020');
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 26)
         INSERT INTO message (handle_id, date, is_from_me, service) SELECT 1, i, 0, 'SMS' FROM n;",
    );
    refused_in_both(
        &path,
        schema_problem(
            "message",
            dossier_core::import::SchemaProblem::Generated {
                column: "text".into(),
            },
        ),
    );
}

#[test]
fn a_rowid_named_column_that_multiplies_the_join_is_refused() {
    let f = Fixture::new();
    // Every handle row claims ROWID 1: joined, each message would match
    // all 2,000 of them.
    let path = made_db(
        f.dir.path(),
        "sms.db",
        "CREATE TABLE handle (ROWID INTEGER, id TEXT);
         CREATE TABLE message (ROWID INTEGER PRIMARY KEY, text TEXT, handle_id INTEGER,
             date INTEGER, is_from_me INTEGER, service TEXT);
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
         INSERT INTO handle SELECT 1, '+86170555' || i FROM n;
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
         INSERT INTO message (text, handle_id, date, is_from_me, service) SELECT 'x', 1, i, 0, 'SMS' FROM n;",
    );
    refused_in_both(
        &path,
        schema_problem(
            "handle",
            dossier_core::import::SchemaProblem::ShadowedRowid {
                column: "ROWID".into(),
            },
        ),
    );
}

#[test]
fn views_computed_defaults_and_wrong_types_are_refused_by_name() {
    use dossier_core::import::SchemaProblem;
    let f = Fixture::new();
    let handle = "CREATE TABLE handle (ROWID INTEGER PRIMARY KEY, id TEXT);";
    let message = "CREATE TABLE message (ROWID INTEGER PRIMARY KEY, text TEXT, handle_id INTEGER, \
                   date INTEGER, is_from_me INTEGER, service TEXT);";
    let cases: [(&str, String, &str, SchemaProblem); 4] = [
        (
            "view.db",
            format!(
                "{message} CREATE TABLE h (ROWID INTEGER PRIMARY KEY, id TEXT);
                 CREATE VIEW handle AS SELECT a.ROWID, a.id FROM h a, h b, h c;"
            ),
            "handle",
            SchemaProblem::NotATable {
                kind: "view".into(),
            },
        ),
        (
            "default.db",
            format!(
                "{handle} CREATE TABLE message (ROWID INTEGER PRIMARY KEY, \
                 text TEXT DEFAULT (printf('%.*c', 100000000, 'x')), handle_id INTEGER, \
                 date INTEGER, is_from_me INTEGER, service TEXT);"
            ),
            "message",
            SchemaProblem::ComputedDefault {
                column: "text".into(),
                default: "printf('%.*c', 100000000, 'x')".into(),
            },
        ),
        (
            "affinity.db",
            format!(
                "{handle} CREATE TABLE message (ROWID INTEGER PRIMARY KEY, text TEXT, \
                 handle_id TEXT, date INTEGER, is_from_me INTEGER, service TEXT);"
            ),
            "message",
            SchemaProblem::Affinity {
                column: "handle_id".into(),
                declared: "TEXT".into(),
                expected: "INTEGER",
            },
        ),
        (
            "missing.db",
            format!("{handle} CREATE TABLE message (ROWID INTEGER PRIMARY KEY, text TEXT);"),
            "message",
            SchemaProblem::MissingColumn {
                column: "handle_id".into(),
            },
        ),
    ];
    for (name, schema, table, problem) in cases {
        let path = made_db(f.dir.path(), name, &schema);
        let options = ImportOptions {
            format: Some(Format::IosSms),
            ..ImportOptions::default()
        };
        let mut g = Fixture::new();
        let err =
            import::import(&mut g.case, &path, &options, &CLOCK, "t", &mut Silent).expect_err(name);
        assert!(
            schema_problem(table, problem.clone())(&err),
            "{name}: expected {problem:?} on {table}, got {err}"
        );
        assert!(
            err.to_string()
                .contains("this does not look like an iPhone's sms.db"),
            "{name}: {err}"
        );
    }
}

#[test]
fn a_message_text_over_1_mib_is_refused_naming_the_message() {
    let mut f = Fixture::new();
    let path = f.dir.path().join("sms.db");
    sms_db(&path);
    let conn = Connection::open(&path).expect("db");
    conn.execute(
        "INSERT INTO message VALUES (9, ?1, 1, ?2, 0, 'SMS')",
        params![
            "x".repeat(dossier_core::import::TEXT_MAX + 1),
            T0 as i64 + 5
        ],
    )
    .expect("long");
    drop(conn);
    let err = import::import(
        &mut f.case,
        &path,
        &ImportOptions::default(),
        &CLOCK,
        "t",
        &mut Silent,
    )
    .expect_err("too long");
    assert!(
        matches!(&err, import::ImportError::TooLong { at, .. } if at == "message ROWID 9"),
        "{err}"
    );
    assert!(
        err.to_string().contains("text is longer than 1 MiB"),
        "{err}"
    );
}

#[test]
fn a_call_history_with_a_generated_address_is_refused() {
    let f = Fixture::new();
    let path = made_db(
        f.dir.path(),
        "CallHistory.storedata",
        "CREATE TABLE ZCALLRECORD (Z_PK INTEGER PRIMARY KEY, ZANSWERED INTEGER, ZORIGINATED INTEGER,
             ZDATE TIMESTAMP, ZDURATION FLOAT,
             ZADDRESS VARCHAR GENERATED ALWAYS AS (printf('%.*c', 100000000, '1')) VIRTUAL);
         INSERT INTO ZCALLRECORD (Z_PK, ZANSWERED, ZORIGINATED, ZDATE, ZDURATION) VALUES (1, 1, 0, 800000000, 5);",
    );
    refused_in_both(
        &path,
        schema_problem(
            "ZCALLRECORD",
            dossier_core::import::SchemaProblem::Generated {
                column: "ZADDRESS".into(),
            },
        ),
    );
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
fn a_backups_message_attachments_become_exhibits_of_their_message() {
    let mut f = Fixture::new();
    let backup = backup_with_sms(&f);
    let db = backup
        .join("3d")
        .join("3d0d7e5fb2ce288813306e4d4636395e047a3d28");
    let conn = Connection::open(&db).expect("sms.db");
    // Message 4: a picture alone (its text is iOS's U+FFFC placeholder);
    // message 5: a caption and two pictures, the second not in the backup.
    conn.execute_batch(
        "CREATE TABLE attachment (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE, filename TEXT,
             mime_type TEXT, transfer_name TEXT, total_bytes INTEGER);
         CREATE TABLE message_attachment_join (message_id INTEGER REFERENCES message (ROWID) ON DELETE CASCADE,
             attachment_id INTEGER REFERENCES attachment (ROWID) ON DELETE CASCADE, UNIQUE(message_id, attachment_id));
         INSERT INTO attachment VALUES
             (1, 'A1', '~/Library/SMS/Attachments/0a/10/A1/IMG_0001.jpeg', 'image/jpeg', 'IMG_0001.jpeg', 9),
             (2, 'A2', '~/Library/SMS/Attachments/0b/11/A2/door.png', 'image/png', 'door.png', 8),
             (3, 'A3', '~/Library/SMS/Attachments/0c/12/A3/gone.jpeg', 'image/jpeg', 'gone.jpeg', 8);",
    )
    .expect("attachments");
    conn.execute(
        "INSERT INTO message VALUES (4, ?1, 1, ?2, 0, 'iMessage'), (5, ?3, 1, ?4, 0, 'iMessage')",
        params![
            "\u{FFFC}",
            (T0 as i64 + 600) * 1_000_000_000,
            "看看你家门口\u{FFFC}\u{FFFC}",
            (T0 as i64 + 660) * 1_000_000_000
        ],
    )
    .expect("messages");
    conn.execute_batch("INSERT INTO message_attachment_join VALUES (4, 1), (5, 2), (5, 3);")
        .expect("join");
    drop(conn);
    let picture: &[u8] = b"\xff\xd8\xff\xe0 jpeg";
    let door: &[u8] = b"\x89PNG\r\n\x1a\n";
    let ids = [
        "1111111111111111111111111111111111111111",
        "2222222222222222222222222222222222222222",
        "3333333333333333333333333333333333333333",
    ];
    let manifest = Connection::open(backup.join("Manifest.db")).expect("manifest");
    manifest
        .execute_batch(
            "CREATE TABLE Files (fileID TEXT PRIMARY KEY, domain TEXT, relativePath TEXT, flags INTEGER, file BLOB);",
        )
        .expect("schema");
    for (id, path) in ids.iter().zip([
        "Library/SMS/Attachments/0a/10/A1/IMG_0001.jpeg",
        "Library/SMS/Attachments/0b/11/A2/door.png",
        "Library/SMS/Attachments/0c/12/A3/gone.jpeg",
    ]) {
        manifest
            .execute(
                "INSERT INTO Files VALUES (?1, 'MediaDomain', ?2, 1, NULL)",
                params![id, path],
            )
            .expect("row");
    }
    manifest
        .execute_batch("PRAGMA journal_mode = WAL;")
        .expect("wal, as iTunes writes it");
    drop(manifest);
    for (id, bytes) in [(ids[0], picture), (ids[1], door)] {
        fs::create_dir_all(backup.join(&id[..2])).expect("mkdir");
        fs::write(backup.join(&id[..2]).join(id), bytes).expect("file");
    }
    let before = crate::support::files_under(&backup);

    let report = import_path(&mut f, &db, None);
    assert_eq!(report.extracted.len(), 2, "{report:?}");
    assert_eq!(
        report.gaps,
        [import::Gap::Missing {
            position: "message ROWID 5, attachment 2 (gone.jpeg)".to_owned()
        }]
    );
    assert_eq!(
        crate::support::files_under(&backup),
        before,
        "the backup folder is read, never written (no -shm or -wal beside Manifest.db)"
    );
    let rows = dossier_core::query::list::exhibits(&f.case).expect("exhibits");
    let shown: Vec<(Option<&str>, &str, &str)> = rows
        .iter()
        .filter(|r| report.extracted.contains(&r.exhibit))
        .map(|r| {
            (
                r.original_name.as_deref(),
                r.basis.as_str(),
                r.sha256.as_str(),
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            (Some("IMG_0001.jpeg"), "message", sha256(picture).as_str()),
            (Some("door.png"), "message", sha256(door).as_str()),
        ],
        "stored byte-exact, dated by their message"
    );
    for (x, record) in report.extracted.iter().zip([
        "message ROWID 4, attachment 1 (IMG_0001.jpeg)",
        "message ROWID 5, attachment 1 (door.png)",
    ]) {
        assert_eq!(
            dossier_core::query::list::extracted_from(&f.case, *x).expect("link"),
            Some((report.exhibit, record.to_owned()))
        );
    }
    let entries = timeline::entries(&f.case, None, None).expect("timeline");
    let alone = entries
        .iter()
        .find(|e| e.sources[0].record == "message ROWID 4")
        .expect("4");
    assert_eq!(alone.body, None, "no U+FFFC placeholder as text");
    assert_eq!(
        alone.attachments,
        [report.extracted[0]],
        "it points to its picture"
    );
    let captioned = entries
        .iter()
        .find(|e| e.sources[0].record == "message ROWID 5")
        .expect("5");
    assert_eq!(captioned.body.as_deref(), Some("看看你家门口"));
    assert_eq!(captioned.attachments, [report.extracted[1]]);

    // The same database alone, without its folder: the attachments are
    // named as not in this export, and the messages still import.
    let mut g = Fixture::new();
    let alone_db = g.file("sms.db", &fs::read(&db).expect("read"));
    let report = import_path(&mut g, &alone_db, None);
    assert!(report.extracted.is_empty());
    assert_eq!(report.gaps.len(), 3);
    assert_eq!(report.new_events, 5);
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

#[test]
fn two_backups_of_one_phone_meet_by_the_messages_guids() {
    let mut f = Fixture::new();
    let write = |name: &str, rows: &[(i64, &str, &str, i64)]| {
        let path = f.dir.path().join(name);
        let conn = Connection::open(&path).expect("db");
        conn.execute_batch(
            "CREATE TABLE handle (ROWID INTEGER PRIMARY KEY, id TEXT);
             CREATE TABLE message (ROWID INTEGER PRIMARY KEY, guid TEXT UNIQUE, text TEXT, handle_id INTEGER,
                 date INTEGER, is_from_me INTEGER, service TEXT);
             INSERT INTO handle VALUES (1, '+8617055511020');",
        )
        .expect("schema");
        for (rowid, guid, text, minute) in rows {
            conn.execute(
                "INSERT INTO message VALUES (?1, ?2, ?3, 1, ?4, 0, 'iMessage')",
                params![rowid, guid, text, (T0 as i64 + minute * 60) * 1_000_000_000],
            )
            .expect("message");
        }
        path
    };
    let first = write(
        "first.db",
        &[
            (1, "G-1", "还钱", 0),
            (2, "G-2", "还钱", 0),
            (3, "G-3", "最后通牒", 5),
        ],
    );
    // A later backup: the rows renumbered, one message edited since (iOS
    // keeps its guid), one message more.
    let later = write(
        "later.db",
        &[
            (10, "G-1", "还钱", 0),
            (11, "G-2", "还钱", 0),
            (12, "G-3", "最后通牒，明天上门", 5),
            (13, "G-4", "还钱", 0),
        ],
    );
    let a = import_path(&mut f, &first, None);
    assert_eq!(a.new_events, 3, "one export's records are never merged");
    let b = import_path(&mut f, &later, None);
    assert_eq!(
        (b.new_events, b.known_events),
        (1, 3),
        "the same guid is the same message, edited or not; a new guid with the same text and second is a new one"
    );
}
