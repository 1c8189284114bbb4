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
