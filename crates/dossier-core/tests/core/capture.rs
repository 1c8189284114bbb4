//! Capture times and their basis: EXIF with and without an offset, the
//! containers' recording dates and durations, the file time, the import time.

use crate::support::Fixture;
use dossier_core::evidence::capture::Basis;
use dossier_core::evidence::ingest::AddOptions;
use dossier_core::query::list::{self, Exhibit};
use dossier_core::synth::{Rng, photo, wav};
use std::fs;
use std::time::{Duration, UNIX_EPOCH};

fn add_one(f: &mut Fixture, name: &str, bytes: &[u8], mtime: Option<u64>) -> Exhibit {
    let path = f.file(name, bytes);
    if let Some(secs) = mtime {
        let file = fs::OpenOptions::new()
            .write(true)
            .open(&path)
            .expect("open");
        file.set_modified(UNIX_EPOCH + Duration::from_secs(secs))
            .expect("set mtime");
    }
    let report = f.add(&[path], &AddOptions::default());
    let exhibit = report
        .added()
        .next()
        .unwrap_or_else(|| panic!("{name} not added: {:?}", report.outcomes))
        .exhibit;
    list::exhibits(&f.case)
        .expect("list")
        .into_iter()
        .find(|e| e.exhibit == exhibit)
        .expect("row")
}

#[test]
fn exif_with_an_offset_is_taken_as_written() {
    let mut f = Fixture::new();
    let e = add_one(
        &mut f,
        "a.jpg",
        &photo(&mut Rng(1), "2026:03:05 21:03:11", Some("+08:00")),
        Some(1),
    );
    assert_eq!(e.basis, Basis::Exif);
    assert_eq!(e.captured_at.to_string(), "2026-03-05T13:03:11Z");
    assert_eq!(e.captured_offset.map(|o| o.seconds()), Some(8 * 3600));
    assert!(!e.zone_assumed);
    assert_eq!(e.capture_raw, "2026:03:05 21:03:11 +08:00");
}

#[test]
fn exif_without_an_offset_is_read_in_the_case_zone_and_says_so() {
    let mut f = Fixture::new();
    let e = add_one(
        &mut f,
        "b.jpg",
        &photo(&mut Rng(2), "2026:03:05 23:59:00", None),
        Some(1),
    );
    assert_eq!(e.basis, Basis::Exif);
    assert_eq!(
        e.captured_at.to_string(),
        "2026-03-05T15:59:00Z",
        "read as Shanghai time"
    );
    assert!(e.zone_assumed, "the assumption is recorded");
    assert_eq!(e.captured_offset, None);
}

#[test]
fn a_screenshot_without_exif_falls_back_to_the_file_time() {
    let mut f = Fixture::new();
    let png = dossier_core::synth::screenshot(&mut Rng(4));
    let e = add_one(&mut f, "Screenshot.png", &png, Some(1_772_700_000));
    assert_eq!(e.basis, Basis::FileModified);
    assert_eq!(e.captured_at.as_second(), 1_772_700_000);
}

/// A minimal MP4 audio file: `ftyp`, then `moov` holding a version-0 `mvhd`.
fn m4a(created_1904: u32, timescale: u32, duration: u32) -> Vec<u8> {
    let mut mvhd = Vec::new();
    mvhd.extend_from_slice(&[0, 0, 0, 0]);
    mvhd.extend_from_slice(&created_1904.to_be_bytes());
    mvhd.extend_from_slice(&created_1904.to_be_bytes());
    mvhd.extend_from_slice(&timescale.to_be_bytes());
    mvhd.extend_from_slice(&duration.to_be_bytes());
    mvhd.extend_from_slice(&[0; 80]);
    let boxed = |kind: &[u8], body: &[u8]| {
        let mut b = ((body.len() + 8) as u32).to_be_bytes().to_vec();
        b.extend_from_slice(kind);
        b.extend_from_slice(body);
        b
    };
    let mut out = boxed(b"ftyp", b"M4A \x00\x00\x00\x00M4A isom");
    out.extend_from_slice(&boxed(b"free", &[0; 16]));
    out.extend_from_slice(&boxed(b"moov", &boxed(b"mvhd", &mvhd)));
    out.extend_from_slice(&boxed(b"mdat", &[7; 64]));
    out
}

#[test]
fn an_m4a_recording_gives_its_container_date_and_duration() {
    let mut f = Fixture::new();
    // 2026-03-05T13:03:11Z in seconds since 1904.
    let created = (1_772_715_791u64 + 2_082_844_800) as u32;
    let e = add_one(&mut f, "call.m4a", &m4a(created, 1000, 83_500), Some(1));
    assert_eq!(e.basis, Basis::Media);
    assert_eq!(e.captured_at.to_string(), "2026-03-05T13:03:11Z");
    assert_eq!(e.duration_ms, Some(83_500));
}

#[test]
fn an_m4a_without_a_date_keeps_its_duration_and_uses_the_file_time() {
    let mut f = Fixture::new();
    let e = add_one(
        &mut f,
        "nodate.m4a",
        &m4a(0, 44_100, 44_100 * 3),
        Some(1_772_000_123),
    );
    assert_eq!(e.basis, Basis::FileModified);
    assert_eq!(e.duration_ms, Some(3000));
}

#[test]
fn wav_and_amr_durations() {
    let mut f = Fixture::new();
    let e = add_one(&mut f, "rec.wav", &wav(&mut Rng(5), 7), Some(1));
    assert_eq!(e.duration_ms, Some(7000));
    // AMR-NB: 12.2 kbit/s frames (type 7) are 32 bytes; 150 frames = 3 s.
    let mut amr = b"#!AMR\n".to_vec();
    for _ in 0..150 {
        amr.push(7 << 3 | 0x04);
        amr.extend_from_slice(&[0x55; 31]);
    }
    let e = add_one(&mut f, "rec.amr", &amr, Some(1));
    assert_eq!(e.duration_ms, Some(3000));
}

#[test]
fn truncated_containers_do_not_fail_the_ingest() {
    let mut f = Fixture::new();
    let mut broken = m4a(5, 1000, 1000);
    broken.truncate(40);
    let e = add_one(&mut f, "broken.m4a", &broken, Some(1_772_000_000));
    assert_eq!(e.basis, Basis::FileModified, "no usable container date");
    assert_eq!(e.duration_ms, None);
}
