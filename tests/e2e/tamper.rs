//! Tampering with a case behind the program's back: `verify` names each
//! change and exits 3.

use crate::support::{World, blob, bytes};
use std::fs;
use std::os::unix::fs::PermissionsExt;

#[test]
fn verify_names_every_kind_of_tampering_and_exits_three() {
    let w = World::new();
    let files: Vec<String> = (0..5)
        .map(|i| {
            w.file(&format!("{i}.bin"), &bytes(i, 5000))
                .display()
                .to_string()
        })
        .collect();
    let args: Vec<&str> = files.iter().map(String::as_str).collect();
    assert_eq!(w.run("add", &args).code, 0);
    let list = w.list();
    let sha = |n: usize| {
        list["exhibits"][n]["sha256"]
            .as_str()
            .expect("sha")
            .to_owned()
    };
    let case = w.case();

    // 1. Flip one byte of exhibit 1's original.
    let p1 = blob(&case, &sha(0));
    let mut content = fs::read(&p1).expect("read");
    content[2500] ^= 0xff;
    fs::set_permissions(&p1, fs::Permissions::from_mode(0o644)).expect("chmod");
    fs::write(&p1, &content).expect("write");
    // 2. Change exhibit 2's hash with SQL.
    let forged = "cd".repeat(32);
    // 3. Drop the trigger and delete an audit row (exhibit 4's entry, #5).
    w.db()
        .execute_batch(&format!(
            "PRAGMA foreign_keys = OFF;
             DROP TRIGGER item_no_rehash; UPDATE item SET sha256 = '{forged}' WHERE exhibit = 2;
             DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq = 5;"
        ))
        .expect("tamper");
    // 4. Delete exhibit 3's original.
    fs::remove_file(blob(&case, &sha(2))).expect("rm");
    // 5. Add a stray file under blobs/.
    fs::write(
        case.join("blobs").join(&sha(4)[..2]).join("evil.exe"),
        b"MZ",
    )
    .expect("stray");

    let r = w.run("verify", &[]);
    assert_eq!(r.code, 3, "{r:?}");
    let out = &r.stdout;
    assert!(out.contains("problems found"), "{out}");
    assert!(
        out.contains(&format!(
            "exhibit 1: the original was altered — recorded SHA-256 {}",
            sha(0)
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "exhibit 2: its SHA-256 is {forged} in the database, but audit entry #3 recorded {}",
            sha(1)
        )),
        "{out}"
    );
    assert!(
        out.contains("audit log: entries #5 to #5 are missing"),
        "{out}"
    );
    assert!(
        out.contains("audit entry #6: the chain is broken here"),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "exhibit 3: its original blobs/{}/{} is missing",
            &sha(2)[..2],
            sha(2)
        )),
        "{out}"
    );
    assert!(
        out.contains("evil.exe: does not belong under blobs/"),
        "{out}"
    );

    let r = w.run("verify", &["--json"]);
    assert_eq!(r.code, 3);
    let report: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(report["intact"], false);
    let codes: Vec<&str> = report["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .map(|p| p["code"].as_str().expect("code"))
        .collect();
    for code in [
        "blob_altered",
        "exhibit_audit_mismatch",
        "audit_gap",
        "audit_prev_mismatch",
        "blob_missing",
        "stray_file",
        "exhibit_audit_missing",
        "blob_unreferenced",
    ] {
        assert!(codes.contains(&code), "{code} in {codes:?}");
    }
}

#[test]
fn a_damaged_database_is_an_integrity_failure() {
    let w = World::new();
    let db = w.case().join("case.sqlite");
    let mut raw = fs::read(&db).expect("read");
    raw[..100].fill(0x42);
    fs::write(&db, &raw).expect("write");
    let r = w.run("verify", &["--json"]);
    assert_eq!(r.code, 3, "{r:?}");
    assert!(
        r.stderr.contains("is damaged") && r.stderr.contains("left exactly as it is"),
        "{}",
        r.stderr
    );
    let report: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(report["problems"][0]["code"], "database_unreadable");
    assert_eq!(
        fs::read(&db).expect("read"),
        raw,
        "the damaged database is kept as it was"
    );
}

/// A case with a labelled collector's calls: what a tamperer would want to
/// erase to make `check` find nothing.
fn case_with_collector_calls() -> World {
    let w = World::new();
    let calls = w.file(
        "calls.xml",
        crate::support::calls_xml(40, 1_772_000_000_000, 600_000).as_bytes(),
    );
    assert_eq!(w.run("import", &[&calls.display().to_string()]).code, 0);
    let r = w.run("party", &["set", "170 5551 1003", "--role", "collector"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(w.run("verify", &[]).code, 0, "the untouched case verifies");
    w
}

#[test]
fn deleting_imported_events_and_roles_is_caught() {
    // The attack from the issue: with sqlite3 and no trigger to drop, every
    // imported event is deleted and every party's role cleared.
    let w = case_with_collector_calls();
    w.db()
        .execute_batch("DELETE FROM event_source; DELETE FROM event; UPDATE party SET role = NULL;")
        .expect("tamper");
    let r = w.run("verify", &[]);
    assert_eq!(r.code, 3, "{r:?}");
    assert!(
        r.stdout
            .contains("table event: rows written by audit entry")
            && r.stdout
                .contains("the entry sealed 40 rows, the database now holds 0"),
        "names the table, the entry and the counts: {}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("table party: rows written by audit entry"),
        "the cleared role is named too: {}",
        r.stdout
    );
    // And an export of the tampered case does not verify as intact either.
    let dir = tempfile::tempdir().expect("tmp");
    let (pdf, zip) = (dir.path().join("d.pdf"), dir.path().join("b.zip"));
    let e = w.run(
        "export",
        &[
            "--pdf",
            &pdf.display().to_string(),
            "--bundle",
            &zip.display().to_string(),
        ],
    );
    assert_eq!(e.code, 0, "{e:?}");
    let v = crate::support::run(["verify".as_ref(), zip.as_os_str()]);
    assert_eq!(
        v.code, 3,
        "a bundle of a tampered case is not intact: {v:?}"
    );
    assert!(
        v.stdout.contains("manifest.json: table event"),
        "the bundle names the tampered rows: {}",
        v.stdout
    );
}

#[test]
fn a_fake_call_a_changed_time_and_a_planted_trigger_are_caught() {
    let cases: [(&str, &str, &str); 4] = [
        (
            "an inserted fake call",
            "INSERT INTO event (exhibit, record, occurred_at, channel, party, direction, hidden, owner_party, import_id, sealed_by)
             SELECT exhibit, 'call #999', '2026-03-01T15:00:00.000Z', channel, party, 'in', 0, owner_party, import_id, sealed_by
             FROM event LIMIT 1;",
            "table event",
        ),
        (
            "a moved call time",
            "UPDATE event SET occurred_at = '2026-03-01T15:00:00.000Z' WHERE id = 3;",
            "table event",
        ),
        (
            "a changed capture basis",
            "UPDATE item SET capture_basis = 'stated' WHERE exhibit = 1;",
            "table item",
        ),
        (
            "a planted trigger",
            "CREATE TRIGGER rewrite AFTER INSERT ON event BEGIN UPDATE event SET body = NULL WHERE id = NEW.id; END;",
            "trigger rewrite was added",
        ),
    ];
    for (what, sql, named) in cases {
        let w = case_with_collector_calls();
        w.db().execute_batch(sql).expect("tamper");
        let r = w.run("verify", &[]);
        assert_eq!(r.code, 3, "{what}: {r:?}");
        assert!(r.stdout.contains(named), "{what}: {}", r.stdout);
    }
}

#[test]
fn a_cut_tail_shows_against_an_earlier_bundle_or_head() {
    let w = World::new();
    let files: Vec<String> = (0..4)
        .map(|i| {
            w.file(&format!("{i}.bin"), &bytes(i + 40, 3000))
                .display()
                .to_string()
        })
        .collect();
    assert_eq!(w.run("add", &[&files[0], &files[1]]).code, 0);
    let dir = tempfile::tempdir().expect("tmp");
    let (pdf, zip) = (dir.path().join("d.pdf"), dir.path().join("b.zip"));
    let e = w.run(
        "export",
        &[
            "--pdf",
            &pdf.display().to_string(),
            "--bundle",
            &zip.display().to_string(),
        ],
    );
    assert_eq!(e.code, 0, "{e:?}");
    assert_eq!(w.run("add", &[&files[2], &files[3]]).code, 0);

    // Intact: the output says up to which entry, and that a tail can only
    // be seen against a head kept elsewhere.
    let r = w.run("verify", &[]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stdout.contains("Proven intact up to entry #5, head "),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("compare this head"), "{}", r.stdout);
    let head = r
        .stdout
        .split("head ")
        .nth(1)
        .and_then(|t| t.get(..64))
        .expect("the head is printed")
        .to_owned();
    let ok = w.run("verify", &["--against", &zip.display().to_string()]);
    assert_eq!(ok.code, 0, "{ok:?}");
    assert!(
        ok.stdout.contains("Head confirmed: entry #3"),
        "{}",
        ok.stdout
    );

    // Cut the tail: the last two exhibits, their rows, blobs and entries.
    let list = w.list();
    for n in [2, 3] {
        let sha = list["exhibits"][n]["sha256"]
            .as_str()
            .expect("sha")
            .to_owned();
        let path = blob(&w.case(), &sha);
        fs::remove_file(&path).expect("rm");
    }
    // The triggers are dropped for the cut and put back exactly as they
    // were, so that the schema check has nothing to see either.
    let db = w.db();
    let triggers: Vec<String> = db
        .prepare(
            "SELECT sql FROM sqlite_master WHERE name IN ('item_no_delete', 'audit_no_delete')",
        )
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .expect("triggers");
    db.execute_batch(
        "PRAGMA foreign_keys = OFF;
         DROP TRIGGER item_no_delete; DROP TRIGGER audit_no_delete;
         DELETE FROM event WHERE exhibit IN (3, 4); DELETE FROM acquisition WHERE exhibit IN (3, 4);
         DELETE FROM item WHERE exhibit IN (3, 4); DELETE FROM audit WHERE seq IN (4, 5);",
    )
    .expect("cut");
    for sql in triggers {
        db.execute_batch(&sql).expect("trigger back");
    }
    drop(db);
    let alone = w.run("verify", &[]);
    assert_eq!(
        alone.code, 0,
        "nothing inside the folder can prove a tail existed — SECURITY.md says so: {alone:?}"
    );
    assert!(
        alone.stdout.contains("Proven intact up to entry #3"),
        "{}",
        alone.stdout
    );
    // The earlier bundle still confirms (its head is entry 3), but the head
    // noted after the later adds does not.
    let cut = w.run("verify", &["--head", &head]);
    assert_eq!(cut.code, 3, "{cut:?}");
    assert!(
        cut.stdout
            .contains(&format!("no entry has the hash {head}")),
        "{}",
        cut.stdout
    );
    let zh = crate::support::dossier()
        .env("DOSSIER_LANG", "zh")
        .args([
            "verify".as_ref(),
            w.case().as_os_str(),
            "--head".as_ref(),
            head.as_ref(),
        ])
        .output()
        .expect("run");
    assert_eq!(zh.status.code(), Some(3));
    assert!(
        String::from_utf8_lossy(&zh.stdout).contains("已不在链中")
            || String::from_utf8_lossy(&zh.stdout).contains("没有哈希为"),
        "{}",
        String::from_utf8_lossy(&zh.stdout)
    );
    let bad = w.run("verify", &["--head", "not-a-hash"]);
    assert_eq!(bad.code, 2, "a malformed head is bad input: {bad:?}");
    let junk = w.file("junk.json", b"{}");
    let bad = w.run("verify", &["--against", &junk.display().to_string()]);
    assert_eq!(
        bad.code, 2,
        "a file that is no manifest is bad input: {bad:?}"
    );
    assert!(
        bad.stderr.contains("neither a dossier manifest.json"),
        "{}",
        bad.stderr
    );
}
