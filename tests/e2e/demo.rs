//! `dossier demo`: one command builds a realistic case that verifies.

use crate::support::run;

#[test]
fn the_demo_builds_a_case_of_a_few_hundred_events_that_verifies() {
    let dir = tempfile::tempdir().expect("tmp");
    let target = dir.path().join("demo");
    let r = run(["demo", &target.display().to_string()]);
    assert_eq!(r.code, 0, "{r:?}");
    let case = target.join("demo.dossier");
    assert!(r.stdout.contains("Demo case built"), "{}", r.stdout);

    let db = rusqlite::Connection::open(case.join("case.sqlite")).expect("db");
    let count = |sql: &str| -> i64 { db.query_row(sql, [], |r| r.get(0)).expect(sql) };
    assert!(
        count("SELECT COUNT(*) FROM event") >= 200,
        "a few hundred events"
    );
    assert!(
        count("SELECT COUNT(*) FROM item WHERE capture_basis = 'exif'") >= 5,
        "photos carry EXIF times"
    );
    assert!(
        count("SELECT COUNT(*) FROM item WHERE kind = 'audio' AND duration_ms > 0") >= 3,
        "recordings with durations"
    );
    assert!(
        count("SELECT COUNT(*) FROM event WHERE channel = 'visit'") >= 2,
        "doorstep visits"
    );
    assert!(
        count("SELECT COUNT(DISTINCT contributor_id) FROM acquisition") >= 2,
        "the sister contributes too"
    );
    let days = count("SELECT COUNT(DISTINCT substr(occurred_at, 1, 10)) FROM event");
    assert!(days >= 21, "spread over weeks, not one day: {days}");

    let v = run(["verify", &case.display().to_string()]);
    assert_eq!(v.code, 0, "{v:?}");
    // README.md: `dossier demo` "makes the demo case with its dossier and bundle".
    assert!(target.join("dossier.pdf").is_file(), "{}", r.stdout);
    let b = run(["verify", &target.join("bundle.zip").display().to_string()]);
    assert_eq!(b.code, 0, "the demo's bundle verifies: {b:?}");
    let again = run(["demo", &target.display().to_string()]);
    assert_eq!(again.code, 2, "the demo refuses a folder that is not empty");
}
