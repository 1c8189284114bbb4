//! What an interrupted write leaves behind is cleared the next time the case
//! is opened by a process that has it to itself — and nothing referenced is
//! ever touched.

use crate::support::{Fixture, assert_tmp_clean, blob, bytes, sha256};
use dossier_core::Case;
use dossier_core::case::verify::verify;
use dossier_core::evidence::ingest::{AddOptions, Silent};
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

#[test]
fn scratch_folders_of_dead_processes_are_removed_on_open() {
    let f = Fixture::new();
    let root = f.root();
    drop(f.case);
    // What a killed iOS import and a killed preview leave in tmp/.
    for dir in ["999-0.scratch", "preview-999"] {
        fs::create_dir_all(root.join("tmp").join(dir).join("tmp")).expect("mkdir");
        fs::write(root.join("tmp").join(dir).join("db"), b"SQLite format 3\0").expect("db");
        fs::write(root.join("tmp").join(dir).join("db-wal"), b"wal").expect("wal");
    }
    // What earlier versions left in memory for an encrypted case: a folder
    // of a process that is gone, and one of a process still running (this one).
    let memory = std::path::Path::new("/dev/shm");
    let mut dead = None;
    let mut alive = None;
    if memory.is_dir() {
        let mut child = std::process::Command::new("true").spawn().expect("spawn");
        let pid = child.id();
        child.wait().expect("reap");
        let d = memory.join(format!("dossier-{pid}-0.scratch"));
        let a = memory.join(format!("dossier-{}-77.scratch", std::process::id()));
        for dir in [&d, &a] {
            fs::create_dir_all(dir).expect("mkdir");
            fs::write(dir.join("db"), b"plaintext").expect("db");
        }
        (dead, alive) = (Some(d), Some(a));
    }
    let _case = Case::open(&root).expect("open");
    assert_tmp_clean(&root);
    if let (Some(dead), Some(alive)) = (dead, alive) {
        assert!(!dead.exists(), "the dead process's plaintext is removed");
        assert!(alive.exists(), "a running process's scratch is left alone");
        fs::remove_dir_all(alive).expect("clean up");
    }
}
