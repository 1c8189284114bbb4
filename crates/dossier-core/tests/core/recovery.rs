//! What an interrupted write leaves behind is cleared the next time the case
//! is opened by a process that has it to itself — and nothing referenced is
//! ever touched.

use crate::support::{Fixture, assert_tmp_clean, blob, bytes, sha256};
use dossier_core::Case;
use dossier_core::ingest::{AddOptions, Silent};
use dossier_core::verify::verify;
use std::fs;

#[test]
fn leftovers_of_a_crash_are_cleared_on_open_and_referenced_blobs_kept() {
    let mut f = Fixture::new();
    let kept = bytes(1, 5000);
    let input = f.file("kept.bin", &kept);
    f.add(&[input], &AddOptions::default());
    let root = f.root();
    drop(f.case);

    // A crash between placing a blob and committing: the blob is in place,
    // named in a journal, and not referenced. Plus a half-written temp file.
    let orphan = bytes(2, 3000);
    let orphan_sha = sha256(&orphan);
    let orphan_path = blob(&root, &orphan_sha);
    fs::create_dir_all(orphan_path.parent().expect("dir")).expect("mkdir");
    fs::write(&orphan_path, &orphan).expect("orphan");
    fs::write(
        root.join("tmp/999-1.pending"),
        format!("{orphan_sha}\n{}\n", sha256(&kept)),
    )
    .expect("journal");
    fs::write(root.join("tmp/999-2.part"), b"half a file").expect("part");

    let case = Case::open(&root).expect("open");
    assert!(
        !orphan_path.exists(),
        "the unreferenced blob named in the journal is removed"
    );
    assert_eq!(
        fs::read(blob(&root, &sha256(&kept))).expect("kept"),
        kept,
        "a referenced blob is never removed"
    );
    assert_tmp_clean(&root);
    assert!(verify(&case, &mut Silent).is_intact());
}

#[test]
fn a_second_process_does_not_clear_a_writer_s_temp_files() {
    let f = Fixture::new();
    let root = f.root();
    let part = root.join("tmp/12345-0.part");
    fs::write(&part, b"being written").expect("part");
    // The fixture's case is still open, as a writer would be.
    let second = Case::open(&root).expect("second opener");
    assert!(
        part.exists(),
        "another process has the case open, so its tmp/ files are left alone"
    );
    drop(second);
    drop(f.case);
    let _third = Case::open(&root).expect("open alone");
    assert!(!part.exists(), "alone with the case, the opener clears it");
}
