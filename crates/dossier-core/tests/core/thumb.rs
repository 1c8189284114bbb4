//! Thumbnails: small, upright, kept outside `blobs/`, made without touching
//! the original, and refused (not attempted) for bombs and non-images.

use crate::support::{Fixture, assert_tmp_clean, sha256};
use dossier_core::case::verify;
use dossier_core::evidence::ingest::{AddOptions, Silent};
use dossier_core::evidence::thumb::{self, EDGE, ThumbError};
use dossier_core::synth;
use std::fs;

/// Width and height of a JPEG thumbnail.
fn size(jpeg: &[u8]) -> (u32, u32) {
    let image = image::load_from_memory_with_format(jpeg, image::ImageFormat::Jpeg)
        .expect("the thumbnail is a JPEG");
    (image.width(), image.height())
}

/// A phone-sized screenshot: 1080 × 2400, a dark status bar over grey.
fn phone_screenshot() -> Vec<u8> {
    let (w, h) = (1080u32, 2400u32);
    let mut raw = Vec::with_capacity(((w * 3 + 1) * h) as usize);
    for y in 0..h {
        raw.push(0);
        for _ in 0..w {
            raw.extend_from_slice(if y < 80 {
                &[40, 40, 40]
            } else {
                &[236, 236, 236]
            });
        }
    }
    synth::png(w, h, &raw)
}

#[test]
fn a_screenshot_gets_a_small_thumbnail_kept_apart_from_the_original() {
    let mut f = Fixture::new();
    let shot = phone_screenshot();
    let input = f.file("Screenshot_20260301.png", &shot);
    let report = f.add(&[input], &AddOptions::default());
    let sha = report.added().next().expect("added").sha256.clone();

    let made =
        thumb::get(&dossier_core::case::vault::Vault::plain(&f.root()), &sha).expect("a thumbnail");
    let (w, h) = size(&made);
    assert_eq!(h, EDGE, "the long side fits the box");
    assert!((114..=116).contains(&w), "the aspect ratio is kept: {w}");
    assert!(made.len() < 40_000, "small: {} bytes", made.len());

    let kept = thumb::thumb_path(&dossier_core::case::vault::Vault::plain(&f.root()), &sha);
    assert!(
        kept.starts_with(f.root().join("derived")),
        "not under blobs/"
    );
    assert_eq!(fs::read(&kept).expect("kept"), made);
    assert_eq!(
        thumb::get(&dossier_core::case::vault::Vault::plain(&f.root()), &sha).expect("again"),
        made,
        "served from where it was kept"
    );

    let original = fs::read(f.root().join("blobs").join(&sha[..2]).join(&sha)).expect("blob");
    assert_eq!(sha256(&original), sha, "the original is untouched");
    assert!(verify::verify(&f.case, &mut Silent).is_intact());
    assert_tmp_clean(&f.root());
}

#[test]
fn a_grid_card_gets_pixels_of_the_size_it_shows() {
    let mut f = Fixture::new();
    let input = f.file("Screenshot_20260302.png", &phone_screenshot());
    let sha = f
        .add(&[input], &AddOptions::default())
        .added()
        .next()
        .expect("added")
        .sha256
        .clone();
    let vault = dossier_core::case::vault::Vault::plain(&f.root());

    // A card 150 × 120 pixels: the 115 × 256 thumbnail is fitted to its height.
    let fitted = thumb::pixels(&vault, &sha, 150, 120).expect("pixels");
    assert_eq!(fitted.height, 120);
    assert!(
        (53..=55).contains(&fitted.width),
        "the aspect ratio is kept: {}",
        fitted.width
    );
    assert_eq!(
        fitted.rgba.len(),
        (fitted.width * fitted.height * 4) as usize
    );
    // The status bar is dark and the rest grey, as in the original.
    assert!(
        fitted.rgba[..3].iter().all(|&c| c < 90),
        "{:?}",
        &fitted.rgba[..4]
    );
    let last = fitted.rgba.len() - 4;
    assert!(fitted.rgba[last..last + 3].iter().all(|&c| c > 200));
    assert_eq!(fitted.rgba[3], 255, "opaque");

    // Never scaled up, and a box larger than a thumbnail is a thumbnail.
    let whole = thumb::pixels(&vault, &sha, 10_000, 10_000).expect("pixels");
    assert_eq!(whole.height, EDGE);
    assert!((114..=116).contains(&whole.width));
    let tiny = thumb::pixels(&vault, &sha, 0, 0).expect("pixels");
    assert_eq!(
        (tiny.width, tiny.height),
        (1, 1),
        "a zero box is one pixel, not an error"
    );

    let missing = thumb::pixels(&vault, &"0".repeat(64), 150, 120);
    assert!(
        matches!(missing, Err(ThumbError::Missing { .. })),
        "{missing:?}"
    );
}

#[test]
fn a_photo_is_turned_upright_by_its_exif_orientation() {
    // 320 × 240 pixels, stored sideways: Orientation 6 says "rotate 90° clockwise to view".
    let mut pixels = Vec::new();
    for _y in 0..240u32 {
        for x in 0..320u32 {
            pixels.extend_from_slice(&[(x % 256) as u8, 90, 90]);
        }
    }
    let mut tiff = b"II\x2a\x00\x08\x00\x00\x00\x01\x00".to_vec();
    tiff.extend_from_slice(&[0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0]);
    tiff.extend_from_slice(&[0, 0, 0, 0]);
    let mut jpeg = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut jpeg, 85);
    encoder.add_exif_metadata(&tiff).expect("exif");
    encoder
        .encode(&pixels, 320, 240, jpeg_encoder::ColorType::Rgb)
        .expect("encode");

    let made = thumb::make(std::io::Cursor::new(&jpeg), "photo").expect("a thumbnail");
    assert_eq!(size(&made), (192, 256), "portrait, as the phone showed it");
}

#[test]
fn transparency_is_shown_on_white() {
    let mut rgba = image::RgbaImage::new(40, 40);
    for p in rgba.pixels_mut() {
        *p = image::Rgba([0, 0, 0, 0]);
    }
    let mut png = Vec::new();
    image::DynamicImage::ImageRgba8(rgba)
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .expect("png");
    let made = thumb::make(std::io::Cursor::new(&png), "clear").expect("a thumbnail");
    let image = image::load_from_memory(&made).expect("jpeg").to_rgb8();
    assert!(
        image.pixels().all(|p| p.0.iter().all(|&c| c > 245)),
        "white, not black"
    );
}

#[test]
fn a_decompression_bomb_is_refused_before_it_is_decoded() {
    // A valid PNG header claiming 100,000 × 100,000 pixels (30 GB decoded).
    let mut bomb = synth::png(1, 1, &[0, 1, 2, 3]);
    bomb[16..20].copy_from_slice(&100_000u32.to_be_bytes());
    bomb[20..24].copy_from_slice(&100_000u32.to_be_bytes());
    let crc = synth::crc32(&bomb[12..29]);
    bomb[29..33].copy_from_slice(&crc.to_be_bytes());
    match thumb::make(std::io::Cursor::new(&bomb), "bomb") {
        Err(ThumbError::Decode { reason, .. }) => assert!(!reason.is_empty()),
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[test]
fn non_images_and_unknown_originals_get_no_thumbnail_and_nothing_is_kept() {
    let mut f = Fixture::new();
    let input = f.file("notes.txt", "催收员说明天上门".as_bytes());
    let report = f.add(&[input], &AddOptions::default());
    let sha = report.added().next().expect("added").sha256.clone();
    assert!(matches!(
        thumb::get(&dossier_core::case::vault::Vault::plain(&f.root()), &sha),
        Err(ThumbError::Unsupported { .. })
    ));
    assert!(matches!(
        thumb::get(
            &dossier_core::case::vault::Vault::plain(&f.root()),
            &"0".repeat(64)
        ),
        Err(ThumbError::Missing { .. })
    ));
    assert!(matches!(
        thumb::get(
            &dossier_core::case::vault::Vault::plain(&f.root()),
            "../case.sqlite"
        ),
        Err(ThumbError::Missing { .. })
    ));
    assert!(!f.root().join("derived").exists());
    assert_tmp_clean(&f.root());
}
