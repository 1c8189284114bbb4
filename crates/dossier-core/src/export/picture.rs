//! Which image exhibits the PDF can show, decided before anything is laid
//! out or allocated. Every picture was sent by someone, possibly hostile or
//! just broken: a truncated PNG, a PNG whose header claims 30,000 × 30,000
//! pixels over a few bytes of data, a JPEG cut short. Each is inspected here
//! with the thumbnails' limits ([`thumb::MAX_EDGE`], [`thumb::MAX_ALLOC`]):
//!
//! - a PNG is decoded once, row by row (one row in memory, whatever its
//!   size), so a truncated or corrupt stream is found now and not halfway
//!   through writing the PDF; when the PDF is written it is decoded again
//!   the same way, straight into its deflated stream ([`png_stream`]);
//! - a JPEG is passed through to the PDF as it is (DCTDecode), so its
//!   marker structure is walked to its end: a supported frame type, 8-bit
//!   samples, 1, 3 or 4 components, dimensions within the limits, and an
//!   end-of-image marker after the scans (what a viewer needs to draw it).
//!
//! A picture that fails becomes an [`Unshowable`] with the reason; the
//! dossier prints that reason where the picture would be, and the original
//! goes into the bundle unchanged. Only a failure to read the original at
//! all (a missing or unreadable blob) is an error of the export.

use crate::analysis::Lang;
use crate::case::vault::Vault;
use crate::evidence::thumb::{MAX_ALLOC, MAX_EDGE};
use std::io::{self, BufRead, BufReader, Read, Seek, Write};

/// An original image of the case, read only when the PDF is written: JPEG
/// is embedded as is; PNG is decoded to pixels and stored losslessly
/// (Flate). `key` (the original's SHA-256) ties the placeholder to the bytes,
/// read through the case's [`Vault`].
#[derive(Debug, Clone)]
pub enum Picture {
    Jpeg {
        vault: Vault,
        key: String,
        width: u32,
        height: u32,
        components: u8,
    },
    Png {
        vault: Vault,
        key: String,
        width: u32,
        height: u32,
    },
}

impl Picture {
    /// Width and height in pixels.
    pub fn size(&self) -> (u32, u32) {
        match self {
            Picture::Jpeg { width, height, .. } | Picture::Png { width, height, .. } => {
                (*width, *height)
            }
        }
    }

    pub(crate) fn key(&self) -> &str {
        match self {
            Picture::Jpeg { key, .. } | Picture::Png { key, .. } => key,
        }
    }

    /// The image stream's content: the JPEG file, or the PNG's pixels
    /// deflated (decoded a row at a time, within the thumbnails' limits:
    /// [`inspect`] checked it before it was laid out).
    pub(crate) fn content(&self) -> std::io::Result<Vec<u8>> {
        match self {
            Picture::Jpeg { vault, key, .. } => vault.read_blob(key),
            Picture::Png { vault, key, .. } => png_stream(vault, key),
        }
    }
}

/// Why a picture is not drawn in the PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unshowable {
    /// More pixels than a decode may hold.
    TooLarge { width: u64, height: u64 },
    /// The file is damaged or cut short; `detail` is the decoder's words.
    Damaged { detail: String },
    /// A valid picture a PDF cannot hold as is (`what`: the format).
    Unsupported { what: String },
}

impl Unshowable {
    /// The reason, in words for the dossier.
    pub fn reason(&self, lang: Lang) -> String {
        match (lang, self) {
            (Lang::Zh, Unshowable::TooLarge { width, height }) => format!(
                "图片为 {width}×{height} 像素，超过可显示的上限（每边 {MAX_EDGE} 像素、解码后 {} MiB）",
                MAX_ALLOC >> 20
            ),
            (Lang::En, Unshowable::TooLarge { width, height }) => format!(
                "it is {width} × {height} pixels, more than can be shown ({MAX_EDGE} px a side, {} MiB decoded)",
                MAX_ALLOC >> 20
            ),
            (Lang::Zh, Unshowable::Damaged { detail }) => {
                format!("文件已损坏或不完整（{detail}）")
            }
            (Lang::En, Unshowable::Damaged { detail }) => {
                format!("the file is damaged or cut short ({detail})")
            }
            (Lang::Zh, Unshowable::Unsupported { what }) => {
                format!("PDF 无法直接显示这种图片（{what}）")
            }
            (Lang::En, Unshowable::Unsupported { what }) => {
                format!("a PDF cannot show this kind of picture ({what})")
            }
        }
    }
}

/// What the PDF can do with one image exhibit.
#[derive(Debug)]
pub enum Inspected {
    Shown(Picture),
    NotShown(Unshowable),
}

/// Inspects the image original with this SHA-256 (see the module's words).
/// `Err` only when the original cannot be read.
pub fn inspect(vault: &Vault, sha256: &str) -> io::Result<Inspected> {
    let mut head = Vec::with_capacity(16);
    vault.open_blob(sha256)?.take(16).read_to_end(&mut head)?;
    let found = if head.starts_with(&[0xFF, 0xD8]) {
        let mut source = BufReader::new(vault.open_blob(sha256)?);
        jpeg(&mut source)?.map(|j| Picture::Jpeg {
            vault: vault.clone(),
            key: sha256.to_owned(),
            width: j.width,
            height: j.height,
            components: j.components,
        })
    } else if head.starts_with(PNG_SIGNATURE) {
        let mut source = Source::open(vault, sha256)?;
        png_check(&mut source)?.map(|(width, height)| Picture::Png {
            vault: vault.clone(),
            key: sha256.to_owned(),
            width,
            height,
        })
    } else {
        Err(Unshowable::Unsupported {
            what: match crate::model::kind::sniff(&head).1 {
                Some(media_type) => media_type,
                None => "?".into(),
            },
        })
    };
    Ok(match found {
        Ok(picture) => Inspected::Shown(picture),
        Err(why) => Inspected::NotShown(why),
    })
}

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// Whether `width` × `height` pixels of `bytes_per_pixel` may be decoded.
fn within_limits(width: u64, height: u64, bytes_per_pixel: u64) -> Result<(), Unshowable> {
    let fits = width <= u64::from(MAX_EDGE)
        && height <= u64::from(MAX_EDGE)
        && width.saturating_mul(height).saturating_mul(bytes_per_pixel) <= MAX_ALLOC;
    if fits {
        Ok(())
    } else {
        Err(Unshowable::TooLarge { width, height })
    }
}

/// The frame of a JPEG a PDF can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Jpeg {
    width: u32,
    height: u32,
    components: u8,
}

/// Walks a JPEG's markers from SOI to EOI. The outer `Err` is a read
/// failure of the original; the inner one why it cannot be shown.
fn jpeg(r: &mut impl BufRead) -> io::Result<Result<Jpeg, Unshowable>> {
    let cut = || Unshowable::Damaged {
        detail: "JPEG: the file ends before its end-of-image marker".into(),
    };
    let bad = |what: &str| Unshowable::Damaged {
        detail: format!("JPEG: {what}"),
    };
    let Some([0xFF, 0xD8]) = read_array::<2>(r)? else {
        return Ok(Err(bad("no start-of-image marker")));
    };
    let mut frame: Option<Jpeg> = None;
    let mut scanned = false;
    // The marker to handle next, when a scan's data ended on one.
    let mut pending: Option<u8> = None;
    loop {
        let marker = match pending.take() {
            Some(m) => m,
            None => {
                // Stray bytes before a marker are passed over, as libjpeg
                // does (with a warning) when it draws such a file.
                loop {
                    match read_array::<1>(r)? {
                        None => return Ok(Err(cut())),
                        Some([0xFF]) => break,
                        Some(_) => {}
                    }
                }
                // Any number of 0xFF fill bytes may precede a marker.
                loop {
                    match read_array::<1>(r)? {
                        None => return Ok(Err(cut())),
                        Some([0xFF]) => {}
                        Some([m]) => break m,
                    }
                }
            }
        };
        match marker {
            0xD9 => {
                return Ok(match frame {
                    Some(frame) if scanned => Ok(frame),
                    _ => Err(bad("no image data before the end-of-image marker")),
                });
            }
            // Standalone markers: no length, nothing to read.
            0x01 | 0xD0..=0xD7 => continue,
            _ => {}
        }
        let Some(len) = read_array::<2>(r)? else {
            return Ok(Err(cut()));
        };
        let len = u64::from(u16::from_be_bytes(len));
        if len < 2 {
            return Ok(Err(bad("a segment shorter than its own length field")));
        }
        let body = len - 2;
        match marker {
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                let mut header = vec![0u8; body as usize];
                if read_full(r, &mut header)? < header.len() {
                    return Ok(Err(cut()));
                }
                if header.len() < 6 {
                    return Ok(Err(bad("a frame header too short")));
                }
                if !matches!(marker, 0xC0..=0xC2) {
                    let what = match marker {
                        0xC3 | 0xC7 | 0xCB | 0xCF => "lossless JPEG",
                        0xC9..=0xCF => "arithmetic-coded JPEG",
                        _ => "hierarchical JPEG",
                    };
                    return Ok(Err(Unshowable::Unsupported { what: what.into() }));
                }
                let precision = header[0];
                let height = u16::from_be_bytes([header[1], header[2]]);
                let width = u16::from_be_bytes([header[3], header[4]]);
                let components = header[5];
                if precision != 8 {
                    return Ok(Err(Unshowable::Unsupported {
                        what: format!("{precision}-bit JPEG"),
                    }));
                }
                if !matches!(components, 1 | 3 | 4) {
                    return Ok(Err(Unshowable::Unsupported {
                        what: format!("JPEG with {components} colour components"),
                    }));
                }
                if width == 0 || height == 0 {
                    return Ok(Err(bad("a frame of zero width or height")));
                }
                if let Err(e) =
                    within_limits(u64::from(width), u64::from(height), u64::from(components))
                {
                    return Ok(Err(e));
                }
                if frame.is_none() {
                    frame = Some(Jpeg {
                        width: u32::from(width),
                        height: u32::from(height),
                        components,
                    });
                }
            }
            0xDA => {
                if frame.is_none() {
                    return Ok(Err(bad("image data before the frame header")));
                }
                if skip(r, body)? < body {
                    return Ok(Err(cut()));
                }
                scanned = true;
                // Entropy-coded data runs to the next marker that is not a
                // stuffed 0xFF00 or a restart marker.
                pending = match scan(r)? {
                    Some(m) => Some(m),
                    None => return Ok(Err(cut())),
                };
            }
            _ => {
                if skip(r, body)? < body {
                    return Ok(Err(cut()));
                }
            }
        }
    }
}

/// Reads a scan's entropy-coded bytes up to the marker that ends them, and
/// returns that marker (`None` at the end of the file).
fn scan(r: &mut impl BufRead) -> io::Result<Option<u8>> {
    let mut after_ff = false;
    loop {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            return Ok(None);
        }
        let mut used = 0;
        for &b in buf {
            used += 1;
            if after_ff {
                match b {
                    0x00 | 0xD0..=0xD7 => after_ff = false,
                    0xFF => {}
                    m => {
                        r.consume(used);
                        return Ok(Some(m));
                    }
                }
            } else if b == 0xFF {
                after_ff = true;
            }
        }
        r.consume(used);
    }
}

fn read_array<const N: usize>(r: &mut impl Read) -> io::Result<Option<[u8; N]>> {
    let mut buf = [0u8; N];
    Ok((read_full(r, &mut buf)? == N).then_some(buf))
}

/// Reads until `buf` is full or the file ends; the bytes read.
fn read_full(r: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match r.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

fn skip(r: &mut impl Read, n: u64) -> io::Result<u64> {
    io::copy(&mut r.take(n), &mut io::sink())
}

/// An original to decode from: the file itself in a plain case; in an
/// encrypted one its plaintext in memory (the PNG decoder wants to seek),
/// refused beyond [`MAX_ALLOC`] before it is read.
enum Source {
    File(BufReader<std::fs::File>),
    Memory(io::Cursor<Vec<u8>>),
}

impl Source {
    fn open(vault: &Vault, sha256: &str) -> io::Result<Source> {
        let file = std::fs::File::open(vault.blob_path(sha256))?;
        if !vault.is_encrypted() {
            return Ok(Source::File(BufReader::new(file)));
        }
        if file.metadata()?.len() > MAX_ALLOC {
            return Err(io::Error::other(TooBig));
        }
        let mut plain = Vec::new();
        vault.blob_reader(file).read_to_end(&mut plain)?;
        Ok(Source::Memory(io::Cursor::new(plain)))
    }
}

/// An encrypted PNG too large to open in memory.
#[derive(Debug)]
struct TooBig;

impl std::fmt::Display for TooBig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the file is larger than {} MiB", MAX_ALLOC >> 20)
    }
}

impl std::error::Error for TooBig {}

impl Read for Source {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Source::File(f) => f.read(buf),
            Source::Memory(m) => m.read(buf),
        }
    }
}

impl BufRead for Source {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        match self {
            Source::File(f) => f.fill_buf(),
            Source::Memory(m) => m.fill_buf(),
        }
    }

    fn consume(&mut self, amount: usize) {
        match self {
            Source::File(f) => f.consume(amount),
            Source::Memory(m) => m.consume(amount),
        }
    }
}

impl Seek for Source {
    fn seek(&mut self, pos: io::SeekFrom) -> io::Result<u64> {
        match self {
            Source::File(f) => f.seek(pos),
            Source::Memory(m) => m.seek(pos),
        }
    }
}

/// A PNG's decode failure: a read error of the original stays an error,
/// anything else (the file ending early included) is damage.
fn png_failure(e: png::DecodingError) -> io::Result<Unshowable> {
    match e {
        png::DecodingError::IoError(e) if e.kind() != io::ErrorKind::UnexpectedEof => Err(e),
        png::DecodingError::LimitsExceeded => Ok(Unshowable::Damaged {
            detail: "PNG: it needs more memory to decode than allowed".into(),
        }),
        png::DecodingError::IoError(_) => Ok(Unshowable::Damaged {
            detail: "PNG: the file ends before the picture does".into(),
        }),
        e => Ok(Unshowable::Damaged {
            detail: format!("PNG: {e}"),
        }),
    }
}

/// Decodes a PNG row by row as 8-bit RGB (alpha laid onto white, as a
/// viewer shows it), handing each row to `row`. The size is checked against
/// the limits before any pixel buffer is made; only an interlaced PNG is
/// decoded whole (its rows come in seven passes), within [`MAX_ALLOC`].
/// Returns the width and height, or why the PNG cannot be shown.
fn png_rows<R: BufRead + Seek>(
    source: R,
    row: &mut dyn FnMut(&[u8]) -> io::Result<()>,
) -> io::Result<Result<(u32, u32), Unshowable>> {
    let limits = png::Limits {
        bytes: usize::try_from(MAX_ALLOC).unwrap_or(usize::MAX),
    };
    let mut decoder = png::Decoder::new_with_limits(source, limits);
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let header = match decoder.read_header_info() {
        Ok(info) => (info.width, info.height),
        Err(e) => return png_failure(e).map(Err),
    };
    // Checked before the decoder allocates anything for the pixels: the
    // header alone may claim billions of them.
    if let Err(e) = within_limits(u64::from(header.0), u64::from(header.1), 4) {
        return Ok(Err(e));
    }
    let mut reader = match decoder.read_info() {
        Ok(reader) => reader,
        Err(e) => return png_failure(e).map(Err),
    };
    let (width, height) = (reader.info().width, reader.info().height);
    let interlaced = reader.info().interlaced;
    let (color, _) = reader.output_color_type();
    let mut rgb = Vec::with_capacity(width as usize * 3);
    let mut convert = |raw: &[u8]| -> io::Result<()> {
        rgb.clear();
        to_rgb(color, raw, &mut rgb);
        row(&rgb)
    };
    if interlaced {
        let Some(size) = reader.output_buffer_size() else {
            return Ok(Err(Unshowable::TooLarge {
                width: width.into(),
                height: height.into(),
            }));
        };
        let mut buf = vec![0u8; size];
        let frame = match reader.next_frame(&mut buf) {
            Ok(frame) => frame,
            Err(e) => return png_failure(e).map(Err),
        };
        for line in buf[..frame.buffer_size()].chunks_exact(frame.line_size) {
            convert(line)?;
        }
    } else {
        for _ in 0..height {
            match reader.next_row() {
                Ok(Some(line)) => convert(line.data())?,
                Ok(None) => {
                    return Ok(Err(Unshowable::Damaged {
                        detail: "PNG: fewer rows than its header says".into(),
                    }));
                }
                Err(e) => return png_failure(e).map(Err),
            }
        }
    }
    Ok(Ok((width, height)))
}

/// One row of 8-bit samples in `color` as RGB on white.
fn to_rgb(color: png::ColorType, raw: &[u8], out: &mut Vec<u8>) {
    let over =
        |c: u8, a: u8| ((u16::from(c) * u16::from(a) + 255 * (255 - u16::from(a))) / 255) as u8;
    match color {
        png::ColorType::Rgb => out.extend_from_slice(raw),
        png::ColorType::Rgba => out.extend(
            raw.chunks_exact(4)
                .flat_map(|p| [over(p[0], p[3]), over(p[1], p[3]), over(p[2], p[3])]),
        ),
        // EXPAND turns a palette into RGB(A) and widens grey to 8 bits, so
        // these are 8-bit grey samples.
        png::ColorType::Grayscale | png::ColorType::Indexed => {
            out.extend(raw.iter().flat_map(|&g| [g, g, g]));
        }
        png::ColorType::GrayscaleAlpha => out.extend(raw.chunks_exact(2).flat_map(|p| {
            let g = over(p[0], p[1]);
            [g, g, g]
        })),
    }
}

/// Decodes the whole PNG, keeping nothing, to learn whether it can be shown.
fn png_check<R: BufRead + Seek>(source: R) -> io::Result<Result<(u32, u32), Unshowable>> {
    png_rows(source, &mut |_| Ok(()))
}

/// The PDF image stream of a PNG original: its RGB rows deflated, made a
/// row at a time. An error here (after [`inspect`] passed) is a failure to
/// read the original.
pub fn png_stream(vault: &Vault, sha256: &str) -> io::Result<Vec<u8>> {
    let source = Source::open(vault, sha256)?;
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    match png_rows(source, &mut |row| z.write_all(row))? {
        Ok(_) => z.finish(),
        Err(why) => Err(io::Error::new(
            io::ErrorKind::InvalidData,
            why.reason(Lang::En),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_jpeg(bytes: &[u8]) -> Result<Jpeg, Unshowable> {
        jpeg(&mut io::Cursor::new(bytes)).expect("in memory")
    }

    /// A minimal baseline JPEG's markers: SOI, SOF0, SOS, data, EOI.
    fn jpeg_bytes(width: u16, height: u16, sof: u8) -> Vec<u8> {
        let mut b = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0xAA, 0xBB];
        b.extend([0xFF, sof, 0x00, 0x0B, 8]);
        b.extend(height.to_be_bytes());
        b.extend(width.to_be_bytes());
        b.extend([1, 1, 0x11, 0]);
        b.extend([0xFF, 0xDA, 0x00, 0x08, 1, 1, 0, 0, 63, 0]);
        b.extend([0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD3, 0x56]);
        b.extend([0xFF, 0xD9]);
        b
    }

    #[test]
    fn a_whole_jpeg_is_shown_and_a_cut_one_is_not() {
        let whole = jpeg_bytes(640, 480, 0xC0);
        assert_eq!(
            check_jpeg(&whole),
            Ok(Jpeg {
                width: 640,
                height: 480,
                components: 1
            })
        );
        for cut in [4, 12, whole.len() - 2, whole.len() - 1] {
            assert!(
                matches!(check_jpeg(&whole[..cut]), Err(Unshowable::Damaged { .. })),
                "cut at {cut}"
            );
        }
        let mut trailer = whole.clone();
        trailer.extend(b"camera maker's trailer");
        assert!(check_jpeg(&trailer).is_ok(), "bytes after EOI are allowed");
    }

    #[test]
    fn jpegs_a_pdf_cannot_draw_are_named() {
        assert_eq!(
            check_jpeg(&jpeg_bytes(65_000, 65_000, 0xC0)),
            Err(Unshowable::TooLarge {
                width: 65_000,
                height: 65_000
            })
        );
        assert!(matches!(
            check_jpeg(&jpeg_bytes(10, 10, 0xC9)),
            Err(Unshowable::Unsupported { .. })
        ));
    }

    #[test]
    fn a_png_bomb_is_refused_before_any_pixel_buffer() {
        let bomb = crate::synth::png_bomb(30_000, 30_000);
        let mut rows = 0;
        let got = png_rows(io::Cursor::new(bomb), &mut |_| {
            rows += 1;
            Ok(())
        })
        .expect("in memory");
        assert!(matches!(got, Err(Unshowable::TooLarge { .. })), "{got:?}");
        assert_eq!(rows, 0);
    }
}
