//! Shared fixtures: a fresh case in a temporary folder, a fixed clock, and
//! files written by code.

use dossier_core::evidence::ingest::{self, AddOptions, AddReport, Silent};
use dossier_core::{Case, FixedClock, InitOptions};
use std::fs;
use std::path::{Path, PathBuf};

pub const CLOCK: FixedClock = FixedClock(jiff::Timestamp::constant(1_772_000_000, 0));

/// A temporary folder holding a new case (`case.dossier`) and room for inputs.
pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub case: Case,
}

impl Fixture {
    pub fn new() -> Fixture {
        Fixture::with(&InitOptions::default())
    }

    /// A new case made with these options (a US case, another zone).
    pub fn with(options: &InitOptions) -> Fixture {
        let dir = tempfile::tempdir().expect("temp dir");
        let case = Case::init(&dir.path().join("case.dossier"), options, &CLOCK, "tester")
            .expect("init a case");
        Fixture { dir, case }
    }

    pub fn root(&self) -> PathBuf {
        self.dir.path().join("case.dossier")
    }

    /// Writes an input file outside the case and returns its path.
    pub fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.dir.path().join("inputs").join(name);
        fs::create_dir_all(path.parent().expect("parent")).expect("inputs dir");
        fs::write(&path, bytes).expect("write input");
        path
    }

    pub fn add(&mut self, paths: &[PathBuf], options: &AddOptions) -> AddReport {
        ingest::add_files(
            &mut self.case,
            paths,
            options,
            &CLOCK,
            "tester",
            &mut Silent,
        )
    }
}

pub use dossier_core::synth::bytes;

pub fn sha256(bytes: &[u8]) -> String {
    dossier_core::hash::sha256_hex(bytes)
}

pub fn blob(root: &Path, sha: &str) -> PathBuf {
    root.join("blobs").join(&sha[..2]).join(sha)
}

/// Opens the case database behind the program's back, as a tamperer would.
pub fn raw_db(root: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(root.join("case.sqlite")).expect("open raw db")
}

/// Nothing but the lock file is left in the case's `tmp/`.
pub fn assert_tmp_clean(root: &Path) {
    let left: Vec<String> = fs::read_dir(root.join("tmp"))
        .expect("tmp")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, [".lock"], "nothing is left in tmp/");
}

/// Cheap key-derivation settings: tests exercise the scheme, not its cost.
pub const QUICK: dossier_core::case::crypto::Cost = dossier_core::case::crypto::Cost {
    memory_kib: 1024,
    passes: 1,
    lanes: 1,
};

/// Options for a new case encrypted under `passphrase`, at [`QUICK`] cost.
pub fn encrypted_options(passphrase: &str) -> InitOptions {
    InitOptions {
        passphrase: Some(dossier_core::case::crypto::Passphrase::new(
            passphrase.into(),
        )),
        cost: QUICK,
        ..InitOptions::default()
    }
}

/// Every file under `root` with its bytes.
pub fn files_under(root: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).expect("list") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.insert(path.clone(), fs::read(&path).expect("read"));
            }
        }
    }
    out
}

/// Copies a folder tree (a frozen fixture, a pristine case) into place.
pub fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("mkdir");
    for entry in fs::read_dir(from).expect("ls") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy");
        }
    }
}
