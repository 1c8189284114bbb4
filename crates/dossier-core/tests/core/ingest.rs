//! Adding files: byte-exact blobs, duplicates, provenance, batches that
//! partly fail, and every bad input named without storing anything.

use crate::support::{Fixture, assert_tmp_clean, blob, bytes, sha256};
use dossier_core::Kind;
use dossier_core::evidence::capture::Basis;
use dossier_core::evidence::ingest::{AddOptions, IngestError, Outcome, Recursion};
use dossier_core::query::list;
use std::fs;

fn exhibit_count(f: &Fixture) -> i64 {
    f.case
        .conn()
        .query_row("SELECT COUNT(*) FROM item", [], |r| r.get(0))
        .expect("count")
}

#[test]
fn a_file_is_stored_byte_exact_read_only_and_audited() {
    let mut f = Fixture::new();
    let content = bytes(7, 3 << 20); // larger than a chunk: the pipelined path
    let input = f.file("recording.bin", &content);
    let report = f.add(std::slice::from_ref(&input), &AddOptions::default());
    let added: Vec<_> = report.added().cloned().collect();
    assert_eq!(added.len(), 1, "{:?}", report.outcomes);
    let item = &added[0];
    assert_eq!(item.exhibit, 1, "the first exhibit is number 1");
    assert_eq!(item.sha256, sha256(&content));
    assert_eq!(item.size, content.len() as u64);
    let stored = blob(&f.root(), &item.sha256);
    assert_eq!(
        fs::read(&stored).expect("blob"),
        content,
        "the blob is the original, byte for byte"
    );
    assert!(
        fs::metadata(&stored)
            .expect("meta")
            .permissions()
            .readonly(),
        "blobs are read-only"
    );
    assert_eq!(
        fs::read(&input).expect("input"),
        content,
        "the source is untouched"
    );

    let entries = dossier_core::case::audit::entries(f.case.conn()).expect("audit");
    let last = entries.last().expect("an entry");
    assert_eq!(last.action, "item.added");
    let details = last.details_json().expect("json");
    assert_eq!(
        details["sha256"],
        item.sha256.as_str(),
        "the audit entry records the hash"
    );
    assert_eq!(details["exhibit"], 1);
    assert_tmp_clean(&f.root());
}

#[test]
fn small_and_large_files_hash_the_same_as_sha256sum_would() {
    let mut f = Fixture::new();
    let sizes = [1usize, 1 << 20, (1 << 20) + 1, (5 << 20) + 3];
    let inputs: Vec<_> = sizes
        .iter()
        .enumerate()
        .map(|(i, &n)| f.file(&format!("f{i}"), &bytes(i as u64 + 100, n)))
        .collect();
    let report = f.add(&inputs, &AddOptions::default());
    for (added, &n) in report.added().zip(&sizes) {
        assert_eq!(
            added.sha256,
            sha256(&bytes(added.exhibit as u64 + 99, n)),
            "size {n}"
        );
    }
    assert_eq!(report.added().count(), sizes.len());
}

#[test]
fn the_same_bytes_twice_are_one_exhibit_and_the_message_names_it() {
    let mut f = Fixture::new();
    let a = f.file("a.png", &dossier_core::synth::png(2, 2, &[0; 14]));
    let copy = f.file("copy-of-a.png", &fs::read(&a).expect("read"));
    f.add(std::slice::from_ref(&a), &AddOptions::default());
    let report = f.add(&[copy.clone(), a.clone()], &AddOptions::default());
    for outcome in &report.outcomes {
        assert!(
            matches!(
                outcome,
                Outcome::Duplicate {
                    exhibit: 1,
                    recorded: false,
                    ..
                }
            ),
            "same bytes from the same contributor: {outcome:?}"
        );
    }
    assert_eq!(exhibit_count(&f), 1);
    let blobs: usize = fs::read_dir(f.root().join("blobs"))
        .expect("ls")
        .map(|d| fs::read_dir(d.expect("d").path()).expect("ls").count())
        .sum();
    assert_eq!(blobs, 1, "one blob for the same bytes");
}

#[test]
fn the_same_bytes_from_another_contributor_are_recorded_as_a_further_acquisition() {
    let mut f = Fixture::new();
    let shot = f.file("shot.png", &dossier_core::synth::png(1, 1, &[0, 9, 9, 9]));
    let mine = AddOptions {
        contributor: Some("李明".into()),
        ..AddOptions::default()
    };
    let sisters = AddOptions {
        contributor: Some("王芳".into()),
        ..AddOptions::default()
    };
    f.add(std::slice::from_ref(&shot), &mine);
    let report = f.add(std::slice::from_ref(&shot), &sisters);
    assert!(
        matches!(
            report.outcomes[0],
            Outcome::Duplicate {
                exhibit: 1,
                recorded: true,
                ..
            }
        ),
        "{:?}",
        report.outcomes
    );
    let again = f.add(&[shot], &sisters);
    assert!(
        matches!(
            again.outcomes[0],
            Outcome::Duplicate {
                recorded: false,
                ..
            }
        ),
        "recorded once per contributor"
    );
    let rows = list::exhibits(&f.case).expect("list");
    assert_eq!(
        rows[0].contributor.as_deref(),
        Some("李明"),
        "the first contributor stays the exhibit's"
    );
    assert_eq!(rows[0].also_from, vec![Some("王芳".to_owned())]);
    let actions: Vec<String> = dossier_core::case::audit::entries(f.case.conn())
        .expect("audit")
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(
        actions,
        ["case.created", "item.added", "item.acquired_again"]
    );
}

#[test]
fn exhibit_numbers_follow_input_order_and_are_never_reused() {
    let mut f = Fixture::new();
    let inputs: Vec<_> = (0..5)
        .map(|i| f.file(&format!("n{i}.txt"), format!("note {i}").as_bytes()))
        .collect();
    let report = f.add(&inputs, &AddOptions::default());
    let numbers: Vec<i64> = report.added().map(|a| a.exhibit).collect();
    assert_eq!(numbers, [1, 2, 3, 4, 5]);
    // Even if a row vanished (only possible by tampering), AUTOINCREMENT never hands its number out again.
    f.case.conn().execute_batch("DROP TRIGGER item_no_delete; PRAGMA foreign_keys = OFF; DELETE FROM event WHERE exhibit = 5; DELETE FROM acquisition WHERE exhibit = 5; DELETE FROM item WHERE exhibit = 5; PRAGMA foreign_keys = ON;").expect("tamper");
    let next = f.file("next.txt", b"after");
    let report = f.add(&[next], &AddOptions::default());
    assert_eq!(
        report.added().next().map(|a| a.exhibit),
        Some(6),
        "number 5 is not reused"
    );
}

#[test]
fn the_kind_comes_from_the_bytes_not_the_name() {
    let mut f = Fixture::new();
    let disguised = f.file(
        "innocent.txt",
        &dossier_core::synth::png(1, 1, &[0, 1, 1, 1]),
    );
    let text = f.file("photo.jpg", "这不是照片".as_bytes());
    let report = f.add(&[disguised, text], &AddOptions::default());
    let kinds: Vec<Kind> = report.added().map(|a| a.kind).collect();
    assert_eq!(kinds, [Kind::Image, Kind::Text]);
}

#[test]
fn a_batch_stores_the_good_files_and_names_each_bad_one() {
    let mut f = Fixture::new();
    let good1 = f.file("good1.txt", b"first");
    let empty = f.file("empty.txt", b"");
    let good2 = f.file("good2.txt", b"second");
    let missing = f.dir.path().join("inputs/does-not-exist.jpg");
    let folder = f.dir.path().join("inputs");
    let report = f.add(
        &[good1, empty.clone(), missing.clone(), good2, folder.clone()],
        &AddOptions::default(),
    );
    assert_eq!(report.added().count(), 2, "{:?}", report.outcomes);
    let failures: Vec<&IngestError> = report.failures().collect();
    assert_eq!(failures.len(), 3);
    assert!(
        failures
            .iter()
            .any(|e| matches!(e, IngestError::Empty { path } if *path == empty))
    );
    assert!(
        failures
            .iter()
            .any(|e| matches!(e, IngestError::NotFound { path } if *path == missing))
    );
    assert!(
        failures
            .iter()
            .any(|e| matches!(e, IngestError::IsDirectory { path } if *path == folder))
    );
    for e in failures {
        let message = e.to_string();
        assert!(
            message.contains(&e.path().display().to_string()),
            "the message names the file: {message}"
        );
        assert!(
            message.contains(" — "),
            "the message says what to do: {message}"
        );
    }
    assert_eq!(exhibit_count(&f), 2);
}

#[test]
fn folders_are_walked_with_recursive_and_hidden_files_skipped() {
    let mut f = Fixture::new();
    f.file("phone/DCIM/a.txt", b"a");
    f.file("phone/DCIM/sub/b.txt", b"b");
    f.file("phone/.nomedia", b"");
    f.file("phone/.thumbnails/t.txt", b"thumb");
    let report = f.add(
        &[f.dir.path().join("inputs/phone")],
        &AddOptions {
            recursive: Recursion::Yes,
            ..AddOptions::default()
        },
    );
    let names: Vec<String> = report
        .added()
        .map(|a| {
            a.path
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(
        names,
        ["a.txt", "b.txt"],
        "sorted walk, hidden entries skipped"
    );
    assert_eq!(
        report.skipped_hidden.len(),
        2,
        "{:?}",
        report.skipped_hidden
    );
    assert_eq!(report.failures().count(), 0);
}

#[test]
fn a_stated_time_overrides_what_the_file_says() {
    let mut f = Fixture::new();
    let jpeg = dossier_core::synth::photo(
        &mut dossier_core::synth::Rng(3),
        "2026:03:05 21:03:11",
        Some("+08:00"),
    );
    let input = f.file("door.jpg", &jpeg);
    let zone = f.case.info().time_zone.clone();
    let at = dossier_core::when::parse("2026-03-01 09:00", &zone, "Asia/Shanghai").expect("time");
    let report = f.add(
        &[input],
        &AddOptions {
            at: Some(at),
            note: Some("拍于门口".into()),
            ..AddOptions::default()
        },
    );
    assert_eq!(report.added().next().map(|a| a.basis), Some(Basis::Stated));
    let row = &list::exhibits(&f.case).expect("list")[0];
    assert_eq!(row.captured_at.to_string(), "2026-03-01T01:00:00Z");
    assert_eq!(row.note.as_deref(), Some("拍于门口"));
}

#[test]
fn when_one_file_cannot_be_placed_the_rest_of_its_group_is_still_stored() {
    let mut f = Fixture::new();
    let blocked = bytes(41, 500);
    let fine = bytes(42, 600);
    // A plain file where the blocked original's folder should go.
    let prefix = &sha256(&blocked)[..2];
    assert_ne!(
        prefix,
        &sha256(&fine)[..2],
        "the fixture needs two different folders"
    );
    fs::write(f.root().join("blobs").join(prefix), b"in the way").expect("obstruct");
    let inputs = [f.file("blocked.bin", &blocked), f.file("fine.bin", &fine)];
    let report = f.add(&inputs, &AddOptions::default());
    assert!(
        matches!(&report.outcomes[0], Outcome::Failed(IngestError::Write { path, .. }) if path.ends_with("blocked.bin")),
        "{:?}",
        report.outcomes
    );
    assert!(
        matches!(&report.outcomes[1], Outcome::Added(a) if a.sha256 == sha256(&fine)),
        "{:?}",
        report.outcomes
    );
    assert_eq!(exhibit_count(&f), 1);
    assert_tmp_clean(&f.root());
}
