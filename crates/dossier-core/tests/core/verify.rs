//! Verification names each kind of tampering precisely, and passes an
//! untouched case.

use crate::support::{Fixture, blob, bytes, raw_db};
use dossier_core::case::audit::ChainBreak;
use dossier_core::case::verify::{Problem, VerifyReport, verify};
use dossier_core::evidence::ingest::{AddOptions, Silent};
use std::fs;
use std::os::unix::fs::PermissionsExt;

/// A case with three exhibits; returns it and their hashes.
fn case_with_three() -> (Fixture, Vec<String>) {
    let mut f = Fixture::new();
    let inputs: Vec<_> = (0..3)
        .map(|i| f.file(&format!("{i}.bin"), &bytes(i + 10, 2000 + i as usize)))
        .collect();
    let report = f.add(&inputs, &AddOptions::default());
    let shas = report.added().map(|a| a.sha256.clone()).collect();
    (f, shas)
}

fn run(f: &Fixture) -> VerifyReport {
    verify(&f.case, &mut Silent)
}

#[test]
fn an_untouched_case_is_intact() {
    let (f, _) = case_with_three();
    let report = run(&f);
    assert!(report.is_intact(), "{:?}", report.problems);
    assert_eq!(
        (report.exhibits, report.blob_files, report.audit_entries),
        (3, 3, 4)
    );
    assert_eq!(report.bytes_hashed, 2000 + 2001 + 2002);
}

#[test]
fn a_flipped_byte_names_the_exhibit_and_both_hashes() {
    let (f, shas) = case_with_three();
    let path = blob(&f.root(), &shas[1]);
    let mut content = fs::read(&path).expect("read");
    content[1000] ^= 0x01;
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).expect("chmod");
    fs::write(&path, &content).expect("write");
    let report = run(&f);
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    match &report.problems[0] {
        Problem::BlobAltered {
            exhibit,
            expected,
            actual,
        } => {
            assert_eq!(*exhibit, 2);
            assert_eq!(expected, &shas[1]);
            assert_eq!(actual, &crate::support::sha256(&content));
        }
        other => panic!("expected BlobAltered, got {other}"),
    }
    assert!(
        report.problems[0]
            .to_string()
            .starts_with("exhibit 2: the original was altered")
    );
}

#[test]
fn a_deleted_blob_is_named() {
    let (f, shas) = case_with_three();
    fs::remove_file(blob(&f.root(), &shas[0])).expect("rm");
    let report = run(&f);
    assert_eq!(
        report.problems,
        [Problem::BlobMissing {
            exhibit: 1,
            sha256: shas[0].clone()
        }]
    );
}

#[test]
fn a_stray_file_under_blobs_is_named() {
    let (f, _) = case_with_three();
    let planted = "ee".to_owned() + &"0".repeat(62);
    fs::create_dir_all(f.root().join("blobs/ee")).expect("mkdir");
    fs::write(f.root().join("blobs/ee").join(&planted), b"planted").expect("write");
    fs::write(f.root().join("blobs/notes.txt"), b"?").expect("write");
    let report = run(&f);
    let codes: Vec<&str> = report.problems.iter().map(Problem::code).collect();
    assert_eq!(
        codes,
        ["blob_unreferenced", "stray_file"],
        "{:?}",
        report.problems
    );
    assert!(report.problems[0].to_string().contains(&planted));
    assert!(report.problems[1].to_string().contains("notes.txt"));
}

#[test]
fn a_hash_changed_with_sql_is_caught_by_the_audit_cross_check() {
    let (f, shas) = case_with_three();
    let forged = "ab".repeat(32);
    raw_db(&f.root())
        .execute_batch(&format!(
            "DROP TRIGGER item_no_rehash; UPDATE item SET sha256 = '{forged}' WHERE exhibit = 3;"
        ))
        .expect("tamper");
    let report = run(&f);
    assert!(
        report.problems.contains(&Problem::ExhibitAuditMismatch {
            exhibit: 3,
            seq: 4,
            field: "SHA-256",
            recorded: shas[2].clone(),
            current: forged.clone(),
        }),
        "{:?}",
        report.problems
    );
    assert!(report.problems.contains(&Problem::BlobMissing {
        exhibit: 3,
        sha256: forged
    }));
    assert!(
        report
            .problems
            .iter()
            .any(|p| matches!(p, Problem::BlobUnreferenced { .. })),
        "the real original is now orphaned"
    );
}

#[test]
fn a_deleted_audit_row_breaks_the_chain_where_it_was() {
    let (f, _) = case_with_three();
    raw_db(&f.root())
        .execute_batch("PRAGMA foreign_keys = OFF; DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq = 3;")
        .expect("tamper");
    let report = run(&f);
    assert!(
        report.problems.contains(&Problem::Audit(ChainBreak::Gap {
            expected: 3,
            found: 4
        })),
        "{:?}",
        report.problems
    );
    assert!(
        report
            .problems
            .iter()
            .any(|p| matches!(p, Problem::Audit(ChainBreak::PrevMismatch { seq: 4, .. })))
    );
    assert!(
        report
            .problems
            .contains(&Problem::ExhibitAuditMissing { exhibit: 2, seq: 3 })
    );
}

#[test]
fn deleting_the_last_audit_row_is_caught_through_its_exhibit() {
    let (f, _) = case_with_three();
    raw_db(&f.root())
        .execute_batch("PRAGMA foreign_keys = OFF; DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq = 4;")
        .expect("tamper");
    let report = run(&f);
    let codes: Vec<&str> = report.problems.iter().map(Problem::code).collect();
    assert_eq!(
        codes,
        [
            "database",
            "database",
            "schema",
            "rows_orphaned",
            "rows_orphaned",
            "rows_orphaned",
            "exhibit_audit_missing"
        ],
        "the dropped trigger, and the exhibit's rows whose sealing entry is gone, show too: {:?}",
        report.problems
    );
    assert!(
        report
            .problems
            .contains(&Problem::ExhibitAuditMissing { exhibit: 3, seq: 4 }),
        "a truncated tail still shows through the exhibit that pointed at it"
    );
    assert!(
        report.problems[0]
            .to_string()
            .contains("refers to a missing row of audit"),
        "{}",
        report.problems[0]
    );
}

#[test]
fn an_edited_audit_entry_is_named() {
    let (f, _) = case_with_three();
    raw_db(&f.root())
        .execute_batch(
            "DROP TRIGGER audit_no_update; UPDATE audit SET actor = 'nobody' WHERE seq = 2;",
        )
        .expect("tamper");
    let report = run(&f);
    assert!(
        matches!(
            report.problems.as_slice(),
            [
                Problem::Schema { name, .. },
                Problem::Audit(ChainBreak::HashMismatch { seq: 2, .. })
            ] if name == "audit_no_update"
        ),
        "{:?}",
        report.problems
    );
}

#[test]
fn a_deleted_exhibit_row_is_named_from_its_audit_entry() {
    let (f, _) = case_with_three();
    raw_db(&f.root())
        .execute_batch(
            "PRAGMA foreign_keys = OFF; DROP TRIGGER item_no_delete;
             DELETE FROM event WHERE exhibit = 2; DELETE FROM acquisition WHERE exhibit = 2; DELETE FROM item WHERE exhibit = 2;",
        )
        .expect("tamper");
    let report = run(&f);
    assert!(
        report
            .problems
            .contains(&Problem::ExhibitMissing { exhibit: 2, seq: 3 }),
        "{:?}",
        report.problems
    );
    assert!(
        report
            .problems
            .iter()
            .any(|p| matches!(p, Problem::BlobUnreferenced { .. }))
    );
}
