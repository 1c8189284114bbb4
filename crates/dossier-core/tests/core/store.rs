//! The case folder: creation, settings, refusal of newer and damaged
//! databases, and opening things that are not cases.

use crate::support::{CLOCK, Fixture, copy_tree, raw_db};
use dossier_core::{Case, CaseError, InitOptions, Rules};
use std::fs;

#[test]
fn init_lays_out_the_folder_and_records_the_creation() {
    let f = Fixture::new();
    let root = f.root();
    assert!(root.join("case.sqlite").is_file());
    assert!(root.join("blobs").is_dir());
    assert!(root.join("tmp").is_dir());
    let info = f.case.info();
    assert_eq!(
        info.title, "case",
        "the title defaults to the folder name without .dossier"
    );
    assert_eq!(info.rules, Rules::Cn);
    assert_eq!(
        info.time_zone_name, "Asia/Shanghai",
        "CN cases default to Shanghai time"
    );
    let entries = dossier_core::case::audit::entries(f.case.conn()).expect("audit");
    assert_eq!(
        entries.len(),
        1,
        "creating a case is itself an audited change"
    );
    assert_eq!(entries[0].action, "case.created");
}

#[test]
fn connection_settings_are_the_durable_ones() {
    let f = Fixture::new();
    let conn = f.case.conn();
    let pragma = |name: &str| -> String {
        conn.query_row(&format!("PRAGMA {name}"), [], |r| {
            r.get::<_, rusqlite::types::Value>(0)
        })
        .map(|v| match v {
            rusqlite::types::Value::Integer(i) => i.to_string(),
            rusqlite::types::Value::Text(t) => t,
            other => format!("{other:?}"),
        })
        .expect("pragma")
    };
    assert_eq!(pragma("journal_mode"), "wal");
    assert_eq!(pragma("synchronous"), "2", "synchronous=FULL is 2");
    assert_eq!(pragma("foreign_keys"), "1");
    assert_eq!(pragma("application_id"), (0x444F_5353).to_string());
    assert_eq!(pragma("user_version"), "8");
}

#[test]
fn us_cases_default_to_new_york_and_titles_are_kept() {
    let dir = tempfile::tempdir().expect("tmp");
    let options = InitOptions {
        title: Some("Smith v. Collector".into()),
        rules: Rules::Us,
        time_zone: None,
        ..InitOptions::default()
    };
    let case = Case::init(&dir.path().join("smith"), &options, &CLOCK, "t").expect("init");
    assert_eq!(case.info().time_zone_name, "America/New_York");
    assert_eq!(case.info().title, "Smith v. Collector");
}

#[test]
fn init_refuses_a_non_empty_folder_and_an_unknown_zone() {
    let dir = tempfile::tempdir().expect("tmp");
    fs::write(dir.path().join("keep.txt"), b"mine").expect("write");
    let err =
        Case::init(dir.path(), &InitOptions::default(), &CLOCK, "t").expect_err("non-empty folder");
    assert!(matches!(err, CaseError::AlreadyExists { .. }), "{err}");
    assert_eq!(
        fs::read(dir.path().join("keep.txt")).expect("read"),
        b"mine",
        "the user's file is untouched"
    );
    assert_eq!(
        fs::read_dir(dir.path()).expect("ls").count(),
        1,
        "nothing was added to the folder"
    );

    let options = InitOptions {
        time_zone: Some("Mars/Olympus".into()),
        ..InitOptions::default()
    };
    let target = dir.path().join("new.dossier");
    let err = Case::init(&target, &options, &CLOCK, "t").expect_err("bad zone");
    assert!(matches!(err, CaseError::UnknownTimeZone { .. }), "{err}");
    assert!(!target.exists(), "a failed init leaves no folder behind");
}

#[test]
fn opening_something_that_is_not_a_case_says_so() {
    let dir = tempfile::tempdir().expect("tmp");
    for path in [dir.path().join("missing"), dir.path().to_path_buf()] {
        let err = Case::open(&path).expect_err("not a case");
        assert!(
            matches!(err, CaseError::NotACase { .. }),
            "{}: {err}",
            path.display()
        );
    }
    let file = dir.path().join("file");
    fs::write(&file, b"x").expect("write");
    assert!(matches!(Case::open(&file), Err(CaseError::NotACase { .. })));

    // An SQLite database of some other program is not a case either.
    let other = dir.path().join("other");
    fs::create_dir_all(other.join("blobs")).expect("mkdir");
    rusqlite::Connection::open(other.join("case.sqlite"))
        .and_then(|c| c.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);"))
        .expect("other db");
    let err = Case::open(&other).expect_err("foreign db");
    assert!(matches!(err, CaseError::NotACase { .. }), "{err}");
}

#[test]
fn a_newer_schema_is_refused_and_left_alone() {
    let f = Fixture::new();
    let root = f.root();
    drop(f.case);
    raw_db(&root)
        .pragma_update(None, "user_version", 99)
        .expect("bump");
    let before = fs::read(root.join("case.sqlite")).expect("read");
    let err = Case::open(&root).expect_err("newer schema");
    match &err {
        CaseError::NewerSchema {
            found, supported, ..
        } => {
            assert_eq!((*found, *supported), (99, 8));
        }
        other => panic!("expected NewerSchema, got {other}"),
    }
    assert!(
        err.to_string().contains("newer version of Dossier"),
        "{err}"
    );
    assert_eq!(
        fs::read(root.join("case.sqlite")).expect("read"),
        before,
        "a refused case is not modified"
    );
}

#[test]
fn a_damaged_database_is_reported_and_never_deleted() {
    let f = Fixture::new();
    let root = f.root();
    drop(f.case);
    let db = root.join("case.sqlite");
    let mut bytes = fs::read(&db).expect("read");
    // Overwrite the header and the first pages with garbage.
    for (i, b) in bytes.iter_mut().take(8192).enumerate() {
        *b = (i * 7 % 251) as u8;
    }
    fs::write(&db, &bytes).expect("write");
    let err = Case::open(&root).expect_err("damaged");
    assert!(
        matches!(err, CaseError::Damaged { .. }),
        "expected Damaged, got {err}"
    );
    assert!(err.to_string().contains("left exactly as it is"), "{err}");
    assert_eq!(
        fs::read(&db).expect("still there"),
        bytes,
        "the damaged file is kept byte for byte"
    );
}

#[test]
fn a_missing_blobs_folder_is_damage_not_an_empty_case() {
    let f = Fixture::new();
    let root = f.root();
    drop(f.case);
    fs::remove_dir(root.join("blobs")).expect("rmdir");
    assert!(matches!(Case::open(&root), Err(CaseError::Damaged { .. })));
}

#[test]
fn a_schema_1_case_is_upgraded_and_everything_in_it_survives() {
    // tests/fixtures/v1.dossier was written by the schema-1 program: two
    // files and a typed note. It is never edited.
    let dir = tempfile::tempdir().expect("tmp");
    let root = dir.path().join("v1.dossier");
    copy_tree(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v1.dossier"),
        &root,
    );
    let before: Vec<String> = dossier_core::case::audit::entries(&raw_db(&root))
        .expect("entries")
        .into_iter()
        .map(|e| e.hash)
        .collect();

    let case = Case::open(&root).expect("open and upgrade");
    let version: i32 = case
        .conn()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .expect("version");
    assert_eq!(version, 8);
    // Schema 6 widened two CHECK lists in place (verify, below, finds the
    // schema a new case gets); the wider lists hold.
    let refused = |sql: &str| case.conn().execute_batch(sql).is_err();
    assert!(refused(
        "UPDATE item SET capture_basis = 'guessed' WHERE exhibit = 1"
    ));
    let item_sql: String = case
        .conn()
        .query_row(
            "SELECT sql FROM sqlite_master WHERE name = 'item'",
            [],
            |r| r.get(0),
        )
        .expect("item");
    assert!(item_sql.contains("'stated', 'message')"), "{item_sql}");
    let rows = dossier_core::query::list::exhibits(&case).expect("exhibits");
    let names: Vec<Option<&str>> = rows.iter().map(|r| r.original_name.as_deref()).collect();
    assert_eq!(
        names,
        [Some("shot.png"), Some("sms.txt"), None],
        "the exhibits survive"
    );
    assert_eq!(rows[0].contributor.as_deref(), Some("李明"));
    let events = dossier_core::query::list::events(&case).expect("events");
    assert_eq!(events.len(), 3, "so do their events");
    assert!(
        events
            .iter()
            .any(|e| e.body.as_deref() == Some("两名男子到家门口"))
    );
    let after: Vec<String> = dossier_core::case::audit::entries(case.conn())
        .expect("entries")
        .into_iter()
        .map(|e| e.hash)
        .collect();
    assert_eq!(
        after[..before.len()],
        before[..],
        "the entries made before the upgrade are untouched"
    );
    assert_eq!(
        after.len(),
        before.len() + 1,
        "the upgrade appends one entry"
    );
    let upgrade = dossier_core::case::audit::entries(case.conn())
        .expect("entries")
        .pop()
        .expect("last");
    assert_eq!(upgrade.action, "case.upgraded");
    let details = upgrade.details_json().expect("json");
    assert_eq!(details["from_schema"], 1);
    assert!(
        details["vouches_for"]
            .as_str()
            .is_some_and(|t| t.contains("cannot be proven")),
        "the entry says it cannot vouch for what came before: {details}"
    );
    assert_eq!(
        details["rows"]["item"]["rows"], 3,
        "the upgrade seals every row as it is: {details}"
    );
    let report =
        dossier_core::case::verify::verify(&case, &mut dossier_core::evidence::ingest::Silent);
    assert!(report.is_intact(), "{:?}", report.problems);
    assert!(report.rows >= 9, "rows are checked: {}", report.rows);
    drop(case);

    // From the upgrade on, a changed row is caught like in any new case.
    raw_db(&root)
        .execute(
            "UPDATE event SET body = '没有人来过' WHERE body = '两名男子到家门口'",
            [],
        )
        .expect("tamper");
    let case = Case::open(&root).expect("open");
    let report =
        dossier_core::case::verify::verify(&case, &mut dossier_core::evidence::ingest::Silent);
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.code() == "rows_changed" && p.to_string().contains("table event")),
        "{:?}",
        report.problems
    );
}
