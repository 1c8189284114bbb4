//! Any bytes, read as a picture: its capture time from EXIF, its media
//! information, and its thumbnail (decoding bounded by size and memory).
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn dir() -> &'static tempfile::TempDir {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("temp dir"))
}

fuzz_target!(|data: &[u8]| {
    let path = dir().path().join("picture");
    std::fs::write(&path, data).expect("write input");
    let zone = jiff::tz::TimeZone::UTC;
    let _ = dossier_core::capture::exif_time(&path, &zone);
    let _ = dossier_core::capture::media_info(&path, None);
    let _ = dossier_core::thumb::make(std::io::Cursor::new(data), "fuzz");
});
