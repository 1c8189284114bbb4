//! Any bytes, verified as a received bundle: a report or an error, never a
//! panic, and nothing written outside the temporary folder.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn dir() -> &'static tempfile::TempDir {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("temp dir"))
}

fuzz_target!(|data: &[u8]| {
    let path = dir().path().join("bundle.zip");
    std::fs::write(&path, data).expect("write input");
    let _ = dossier_core::export::bundle::verify(&path);
    let _ = dossier_core::export::bundle::entry(&path, "manifest.json");
});
