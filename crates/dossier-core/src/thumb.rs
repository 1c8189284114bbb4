//! Thumbnails: small JPEG copies of image exhibits for grids, so a view of
//! ten thousand screenshots never has the webview decode ten thousand
//! full-size originals.
//!
//! A thumbnail is derived data (design: "stored separately and marked as
//! derived"): it lives in `derived/thumbs/xx/<sha256>.jpg`, never in
//! `blobs/`, is not audited, and can be deleted at any time; it is made again
//! from the original on next use. The original is only read. Because the
//! name is the original's SHA-256, a thumbnail can never be stale.
//!
//! Decoding an image someone sent you is decoding hostile input: dimensions
//! and allocations are bounded ([`MAX_EDGE`], [`MAX_ALLOC`]) before any pixel
//! is decoded, so a decompression bomb ends in an error, not in memory
//! exhaustion.

use crate::blob::blob_path;
use crate::case::TMP_DIR;
use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use std::fs::{self, File};
use std::io::{self, BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// A thumbnail fits in a square of this many pixels: a grid card is about
/// 160 CSS pixels wide, twice that on a high-density screen is still sharp.
pub const EDGE: u32 = 256;
/// Widest or tallest image decoded (a long scrolling screenshot is about
/// 1080 × 20,000).
pub const MAX_EDGE: u32 = 32_768;
/// Most memory one decode may ask for.
pub const MAX_ALLOC: u64 = 512 << 20;
/// JPEG quality of thumbnails: text in a screenshot stays readable enough to
/// recognise it.
const QUALITY: u8 = 82;
/// Where thumbnails live inside the case folder.
pub const THUMBS_DIR: &str = "derived/thumbs";

/// Why no thumbnail could be made.
#[derive(Debug, thiserror::Error)]
pub enum ThumbError {
    #[error("no original {sha256} in this case")]
    Missing { sha256: String },
    #[error("{sha256} is not an image Dossier can make a thumbnail of (PNG, JPEG or WebP)")]
    Unsupported { sha256: String },
    #[error("could not decode the image {sha256}: {reason}")]
    Decode { sha256: String, reason: String },
    #[error("could not read {}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
}

/// The thumbnail of the original with this SHA-256: read from
/// `derived/thumbs/` when it was made before, otherwise made now and kept
/// there (when the folder can be written; a read-only case still gets its
/// thumbnail, just not kept).
pub fn get(root: &Path, sha256: &str) -> Result<Vec<u8>, ThumbError> {
    let valid = sha256.len() == 64 && sha256.bytes().all(|b| b.is_ascii_hexdigit());
    if !valid {
        return Err(ThumbError::Missing {
            sha256: sha256.to_owned(),
        });
    }
    let kept = thumb_path(root, sha256);
    if let Ok(bytes) = fs::read(&kept) {
        return Ok(bytes);
    }
    let original = blob_path(root, sha256);
    let file = match File::open(&original) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(ThumbError::Missing {
                sha256: sha256.to_owned(),
            });
        }
        Err(source) => {
            return Err(ThumbError::Io {
                path: original,
                source,
            });
        }
    };
    let bytes = make(BufReader::new(file), sha256)?;
    let _ = keep(root, &kept, &bytes);
    Ok(bytes)
}

/// Where the thumbnail of this original is kept.
pub fn thumb_path(root: &Path, sha256: &str) -> PathBuf {
    root.join(THUMBS_DIR)
        .join(&sha256[..2])
        .join(format!("{sha256}.jpg"))
}

/// A JPEG no larger than [`EDGE`] on either side, upright (EXIF orientation
/// applied), transparent pixels on white.
pub fn make<R: io::BufRead + io::Seek>(source: R, sha256: &str) -> Result<Vec<u8>, ThumbError> {
    let decode = |e: image::ImageError| ThumbError::Decode {
        sha256: sha256.to_owned(),
        reason: e.to_string(),
    };
    let mut reader = ImageReader::new(source)
        .with_guessed_format()
        .map_err(|source| ThumbError::Io {
            path: PathBuf::from(sha256),
            source,
        })?;
    match reader.format() {
        Some(ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::WebP) => {}
        _ => {
            return Err(ThumbError::Unsupported {
                sha256: sha256.to_owned(),
            });
        }
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_EDGE);
    limits.max_image_height = Some(MAX_EDGE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(decode)?;
    let orientation = decoder.orientation().map_err(decode)?;
    let mut image = DynamicImage::from_decoder(decoder).map_err(decode)?;
    image.apply_orientation(orientation);
    let small = image.thumbnail(EDGE, EDGE);
    let rgb = if small.color().has_alpha() {
        on_white(&small.to_rgba8())
    } else {
        small.to_rgb8()
    };
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, QUALITY)
        .encode_image(&rgb)
        .map_err(decode)?;
    Ok(out)
}

/// Composites an image with transparency over white, as a viewer shows it.
fn on_white(rgba: &image::RgbaImage) -> image::RgbImage {
    image::RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let [r, g, b, a] = rgba.get_pixel(x, y).0;
        let over = |c: u8| ((u16::from(c) * u16::from(a) + 255 * (255 - u16::from(a))) / 255) as u8;
        image::Rgb([over(r), over(g), over(b)])
    })
}

/// Writes a thumbnail where [`get`] finds it: through a file in `tmp/` and a
/// rename, so a reader never sees half a thumbnail. Two processes making the
/// same thumbnail at once both succeed; the bytes are the same.
fn keep(root: &Path, path: &Path, bytes: &[u8]) -> io::Result<()> {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    let tmp = root.join(TMP_DIR).join(format!(
        "thumb-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    let written = File::create(&tmp).and_then(|mut f| f.write_all(bytes));
    let placed = written.and_then(|()| fs::rename(&tmp, path));
    if placed.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    placed
}
