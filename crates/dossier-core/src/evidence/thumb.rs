//! Thumbnails: small JPEG copies of image exhibits for grids, so a view of
//! ten thousand screenshots never has the webview decode ten thousand
//! full-size originals.
//!
//! A thumbnail is derived data (design: "stored separately and marked as
//! derived"): it lives in `derived/thumbs/xx/<sha256>.jpg`, never in
//! `blobs/`, is not audited, and can be deleted at any time; it is made again
//! from the original on next use. The original is only read. Because the
//! name is the original's SHA-256, a thumbnail can never be stale. In an
//! encrypted case the name is keyed and the bytes sealed, like a blob's
//! ([`crate::case::vault`]).
//!
//! Decoding an image someone sent you is decoding hostile input: dimensions
//! and allocations are bounded ([`MAX_EDGE`], [`MAX_ALLOC`]) before any pixel
//! is decoded, so a decompression bomb ends in an error, not in memory
//! exhaustion.

use crate::case::vault::Vault;
use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use std::fs::{self, File};
use std::io::{self, BufReader, Read, Write};
use std::path::{Path, PathBuf};

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
pub use crate::case::vault::THUMBS_DIR;

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
pub fn get(vault: &Vault, sha256: &str) -> Result<Vec<u8>, ThumbError> {
    let valid = sha256.len() == 64 && sha256.bytes().all(|b| b.is_ascii_hexdigit());
    if !valid {
        return Err(ThumbError::Missing {
            sha256: sha256.to_owned(),
        });
    }
    if let Some(bytes) = vault.read_thumb(sha256) {
        return Ok(bytes);
    }
    let original = vault.blob_path(sha256);
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
    let bytes = if vault.is_encrypted() {
        // The decoder wants to seek: open the original into memory (an
        // image is bounded by MAX_ALLOC when decoded anyway).
        let mut plain = Vec::new();
        vault
            .blob_reader(file)
            .read_to_end(&mut plain)
            .map_err(|source| ThumbError::Io {
                path: original,
                source,
            })?;
        make(io::Cursor::new(plain), sha256)?
    } else {
        make(BufReader::new(file), sha256)?
    };
    let _ = keep(vault, &vault.thumb_path(sha256), &bytes);
    Ok(bytes)
}

/// A thumbnail decoded for a viewer that draws the pixels itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pixels {
    pub width: u32,
    pub height: u32,
    /// Rows of RGBA, top to bottom: `width * height * 4` bytes.
    pub rgba: Vec<u8>,
}

/// The thumbnail of this original (see [`get`]) as RGBA pixels, scaled down
/// to fit in `max_width` × `max_height` (each clamped to 1..=[`EDGE`]),
/// never up. A grid card asks for the size it shows, so the webview neither
/// decodes a JPEG nor keeps more pixels than it draws.
pub fn pixels(
    vault: &Vault,
    sha256: &str,
    max_width: u32,
    max_height: u32,
) -> Result<Pixels, ThumbError> {
    let jpeg = get(vault, sha256)?;
    let decoded = image::load_from_memory_with_format(&jpeg, ImageFormat::Jpeg).map_err(|e| {
        ThumbError::Decode {
            sha256: sha256.to_owned(),
            reason: e.to_string(),
        }
    })?;
    let (w, h) = (max_width.clamp(1, EDGE), max_height.clamp(1, EDGE));
    let fitted = if decoded.width() > w || decoded.height() > h {
        decoded.resize(w, h, image::imageops::FilterType::Triangle)
    } else {
        decoded
    };
    let rgba = fitted.to_rgba8();
    Ok(Pixels {
        width: rgba.width(),
        height: rgba.height(),
        rgba: rgba.into_raw(),
    })
}

/// Where the thumbnail of this original is kept.
pub fn thumb_path(vault: &Vault, sha256: &str) -> PathBuf {
    vault.thumb_path(sha256)
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
fn keep(vault: &Vault, path: &Path, bytes: &[u8]) -> io::Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    let (tmp, file) = crate::case::blob::create_tmp(vault.root(), "thumb")?;
    let written = vault
        .thumb_writer(file)
        .and_then(|mut w| w.write_all(bytes).map(|()| w))
        .and_then(|w| w.finish());
    let placed = written.and_then(|_| fs::rename(&tmp, path));
    if placed.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    placed
}
