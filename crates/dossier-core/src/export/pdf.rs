//! The one module that knows the PDF library (printpdf). Everything else
//! lays out pages in points with [`Page`] and hands them here: text runs in
//! the embedded CJK font (subset on save), lines, filled rectangles, and
//! images (JPEG bytes passed through untouched, PNG kept lossless).
//!
//! printpdf names fonts and images with a process-wide counter and writes a
//! trailer `/ID` from it; this module names them itself and rewrites the
//! `/ID` from the document's own content, so the same dossier gives the
//! same bytes.

use crate::export::picture::Picture;
use printpdf::{
    Color, DictItem, ExternalStream, ExternalXObject, FontId, Line, LinePoint, Mm, Op, ParsedFont,
    PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Polygon, PolygonRing, Pt, Px, Rgb,
    TextItem, WindingOrder, XObjectId, XObjectTransform,
};
use std::collections::BTreeMap;
use std::io::Write;
use std::sync::OnceLock;

/// Noto Sans CJK SC Regular (SIL Open Font License 1.1; fonts/LICENSE-OFL.txt),
/// face 2 of Debian's fonts-noto-cjk NotoSansCJK-Regular.ttc.
const FONT: &[u8] = include_bytes!("../../fonts/NotoSansCJKsc-Regular.otf");

/// A4 in points.
pub const PAGE_WIDTH: f32 = 595.28;
pub const PAGE_HEIGHT: f32 = 841.89;

/// The font, parsed once per process (it is large).
pub struct Font {
    parsed: ParsedFont,
    units_per_em: f32,
}

impl std::fmt::Debug for Font {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Font(Noto Sans CJK SC)")
    }
}

impl Font {
    pub fn get() -> &'static Font {
        static FONT_CELL: OnceLock<Font> = OnceLock::new();
        FONT_CELL.get_or_init(|| {
            let parsed = match ParsedFont::from_bytes(FONT, 0, &mut Vec::new()) {
                Some(parsed) => parsed,
                // The font is compiled in and tested; this is a build error.
                None => panic!("the embedded font cannot be parsed"),
            };
            let units_per_em = f32::from(parsed.font_metrics.units_per_em.max(1));
            Font {
                parsed,
                units_per_em,
            }
        })
    }

    /// The advance of `text` at `size` points.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.advance(c)).sum::<f32>() * size
    }

    /// One character's advance per point of size.
    pub fn advance(&self, c: char) -> f32 {
        let units = self
            .parsed
            .lookup_glyph_index(c as u32)
            .map(|g| self.parsed.get_horizontal_advance(g))
            .filter(|&units| units > 0)
            .unwrap_or(if c.is_ascii() { 500 } else { 1000 });
        f32::from(units) / self.units_per_em
    }

    /// Whether the font has a glyph for `c`.
    pub fn has(&self, c: char) -> bool {
        self.parsed
            .lookup_glyph_index(c as u32)
            .is_some_and(|g| g != 0)
    }
}

/// A colour as 0–1 RGB.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgb3(pub f32, pub f32, pub f32);

impl Rgb3 {
    pub const BLACK: Rgb3 = Rgb3(0.0, 0.0, 0.0);

    fn color(self) -> Color {
        Color::Rgb(Rgb {
            r: self.0,
            g: self.1,
            b: self.2,
            icc_profile: None,
        })
    }
}

/// What one page shows, in points from the bottom left.
#[derive(Debug, Default)]
pub struct Page {
    ops: Vec<Op>,
    images: Vec<usize>,
    /// Every character shown, for the font subset's name.
    used: std::collections::BTreeSet<char>,
}

/// A document being drawn.
#[derive(Debug)]
pub struct Document {
    title: String,
    /// Written into the document information (`/Identifier`), where
    /// `dossier verify` reads the manifest's hash.
    pub identifier: String,
    pages: Vec<Page>,
    pictures: Vec<Picture>,
}

/// The font's name in content streams until the document is finished,
/// when it becomes the subset's tag.
const FONT_NAME: &str = "FONT";

impl Page {
    /// A run of text with its baseline starting at (`x`, `y`).
    pub fn text(&mut self, x: f32, y: f32, size: f32, color: Rgb3, text: &str) {
        if text.is_empty() {
            return;
        }
        self.used.extend(text.chars());
        self.ops.extend([
            Op::StartTextSection,
            Op::SetFillColor { col: color.color() },
            Op::SetFont {
                font: PdfFontHandle::External(FontId(FONT_NAME.into())),
                size: Pt(size),
            },
            Op::SetTextCursor {
                pos: Point { x: Pt(x), y: Pt(y) },
            },
            Op::ShowText {
                items: vec![TextItem::Text(text.to_owned())],
            },
            Op::EndTextSection,
        ]);
    }

    /// A straight line.
    pub fn line(&mut self, from: (f32, f32), to: (f32, f32), width: f32, color: Rgb3) {
        self.ops.extend([
            Op::SetOutlineColor { col: color.color() },
            Op::SetOutlineThickness { pt: Pt(width) },
            Op::DrawLine {
                line: Line {
                    points: [from, to]
                        .into_iter()
                        .map(|(x, y)| LinePoint {
                            p: Point { x: Pt(x), y: Pt(y) },
                            bezier: false,
                        })
                        .collect(),
                    is_closed: false,
                },
            },
        ]);
    }

    /// A filled rectangle with its lower left corner at (`x`, `y`).
    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, color: Rgb3) {
        let corner = |x: f32, y: f32| LinePoint {
            p: Point { x: Pt(x), y: Pt(y) },
            bezier: false,
        };
        self.ops.extend([
            Op::SetFillColor { col: color.color() },
            Op::DrawPolygon {
                polygon: Polygon {
                    rings: vec![PolygonRing {
                        points: vec![
                            corner(x, y),
                            corner(x + w, y),
                            corner(x + w, y + h),
                            corner(x, y + h),
                        ],
                    }],
                    mode: printpdf::PaintMode::Fill,
                    winding_order: WindingOrder::NonZero,
                },
            },
        ]);
    }

    /// A picture of the document, scaled into the box with its lower left at
    /// (`x`, `y`).
    pub fn image(&mut self, picture: usize, x: f32, y: f32, w: f32, h: f32, pixels: (u32, u32)) {
        self.images.push(picture);
        // printpdf scales an image to its size at `dpi`; choose the dpi that
        // makes its width `w` points, and scale the height to match.
        let dpi = pixels.0 as f32 * 72.0 / w.max(0.01);
        let natural_h = pixels.1 as f32 * 72.0 / dpi;
        self.ops.push(Op::UseXobject {
            id: XObjectId(format!("Im{picture}")),
            transform: XObjectTransform {
                translate_x: Some(Pt(x)),
                translate_y: Some(Pt(y)),
                rotate: None,
                scale_x: None,
                scale_y: Some(h / natural_h.max(0.01)),
                dpi: Some(dpi),
                no_auto_scale: false,
            },
        });
    }
}

impl Document {
    pub fn new(title: &str) -> Document {
        Document {
            title: title.to_owned(),
            identifier: String::new(),
            pages: Vec::new(),
            pictures: Vec::new(),
        }
    }

    pub fn add_page(&mut self, page: Page) {
        self.pages.push(page);
    }

    /// Registers a picture; pages refer to it by the number returned.
    pub fn add_picture(&mut self, picture: Picture) -> usize {
        self.pictures.push(picture);
        self.pictures.len() - 1
    }

    /// Writes the PDF: fonts subset, the same input giving the same bytes.
    /// Pictures are read from their files one at a time as they are written,
    /// so a dossier of hundreds of photos is never whole in memory.
    pub fn write(self, created: jiff::Timestamp, out: &mut dyn Write) -> std::io::Result<u64> {
        let mut doc = PdfDocument::new(&self.title);
        let when = printpdf::OffsetDateTime::from_unix_timestamp(created.as_second())
            .or_else(|_| printpdf::OffsetDateTime::from_unix_timestamp(0))
            .unwrap_or_else(|_| unreachable!("the epoch is a valid instant"));
        doc.metadata.info.creation_date = when;
        doc.metadata.info.modification_date = when;
        doc.metadata.info.metadata_date = when;
        doc.metadata.info.producer = format!("Dossier {}", crate::VERSION);
        doc.metadata.info.creator = format!("Dossier {}", crate::VERSION);
        doc.metadata.info.identifier = self.identifier.clone();
        // A subset font's name starts with six capital letters and "+"
        // (ISO 32000-1, 9.6.4); printpdf prefixes the font's resource name,
        // so that is the tag, drawn from the characters the subset holds.
        let used: std::collections::BTreeSet<char> = self
            .pages
            .iter()
            .flat_map(|p| p.used.iter().copied())
            .collect();
        let tag = subset_tag(&used);
        doc.resources.fonts.map.insert(
            FontId(tag.clone()),
            printpdf::PdfFont::new(Font::get().parsed.clone()),
        );
        for (i, picture) in self.pictures.iter().enumerate() {
            doc.resources.xobjects.map.insert(
                XObjectId(format!("Im{i}")),
                printpdf::XObject::External(image_xobject(i, picture)),
            );
        }
        let pages: Vec<PdfPage> = self
            .pages
            .into_iter()
            .map(|p| {
                let ops = p
                    .ops
                    .into_iter()
                    .map(|op| match op {
                        Op::SetFont { size, .. } => Op::SetFont {
                            font: PdfFontHandle::External(FontId(tag.clone())),
                            size,
                        },
                        other => other,
                    })
                    .collect();
                PdfPage::new(Mm::from(Pt(PAGE_WIDTH)), Mm::from(Pt(PAGE_HEIGHT)), ops)
            })
            .collect();
        let options = PdfSaveOptions {
            subset_fonts: true,
            ..PdfSaveOptions::default()
        };
        let mut bytes = doc.with_pages(pages).save(&options, &mut Vec::new());
        stable_id(&mut bytes);
        fill_pictures(&bytes, &self.pictures, out)
    }
}

/// Six capital letters from the subset's characters.
fn subset_tag(used: &std::collections::BTreeSet<char>) -> String {
    let text: String = used.iter().collect();
    let digest = crate::hash::sha256_hex(text.as_bytes());
    digest
        .bytes()
        .take(6)
        .map(|b| char::from(b'A' + b % 26))
        .collect()
}

/// The placeholder an image stream holds until the PDF is written.
fn marker(index: usize, picture: &Picture) -> String {
    format!("%DOSSIER-PICTURE-{index:08}-{}%", picture.key())
}

/// An image XObject whose stream is, for now, a placeholder.
fn image_xobject(index: usize, picture: &Picture) -> ExternalXObject {
    let (width, height, filter, colors) = match picture {
        Picture::Jpeg {
            width,
            height,
            components,
            ..
        } => (*width, *height, "DCTDecode", *components),
        Picture::Png { width, height, .. } => (*width, *height, "FlateDecode", 3),
    };
    let mut dict = BTreeMap::new();
    dict.insert("Type".into(), DictItem::Name("XObject".into()));
    dict.insert("Subtype".into(), DictItem::Name("Image".into()));
    dict.insert("Width".into(), DictItem::Int(i64::from(width)));
    dict.insert("Height".into(), DictItem::Int(i64::from(height)));
    dict.insert("BitsPerComponent".into(), DictItem::Int(8));
    dict.insert(
        "ColorSpace".into(),
        DictItem::Name(match colors {
            1 => "DeviceGray".into(),
            4 => "DeviceCMYK".into(),
            _ => "DeviceRGB".into(),
        }),
    );
    dict.insert("Filter".into(), DictItem::Name(filter.into()));
    ExternalXObject {
        stream: ExternalStream {
            dict,
            content: marker(index, picture).into_bytes(),
            compress: false,
        },
        width: Some(Px(width as usize)),
        height: Some(Px(height as usize)),
        dpi: None,
    }
}

/// Copies the PDF printpdf wrote (`small`) to `out`, putting each
/// picture's real stream where its placeholder is, and writes a new
/// cross-reference table for the moved objects.
fn fill_pictures(small: &[u8], pictures: &[Picture], out: &mut dyn Write) -> std::io::Result<u64> {
    let broken =
        |what: &str| std::io::Error::other(format!("unexpected PDF from the writer: {what}"));
    let startxref = find_last(small, b"startxref").ok_or_else(|| broken("no startxref"))?;
    let xref_at: usize = std::str::from_utf8(&small[startxref + 9..])
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .ok_or_else(|| broken("startxref"))?;
    let table = std::str::from_utf8(&small[xref_at..startxref]).map_err(|_| broken("xref"))?;
    let trailer_at = table.find("trailer").ok_or_else(|| broken("no trailer"))?;
    let mut lines = table[..trailer_at].lines();
    if lines.next() != Some("xref") {
        return Err(broken("xref keyword"));
    }
    let count: usize = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        .ok_or_else(|| broken("xref subsection"))?;
    let mut objects: Vec<(usize, usize)> = Vec::new();
    for (number, line) in lines.enumerate().take(count) {
        if line.ends_with('n') || line.trim_end().ends_with(" n") {
            let offset: usize = line[..10].parse().map_err(|_| broken("xref entry"))?;
            objects.push((offset, number));
        }
    }
    objects.sort_unstable();
    let mut w = Counting { out, written: 0 };
    let first = objects.first().map_or(xref_at, |o| o.0);
    w.write_all(&small[..first])?;
    let mut offsets = vec![0u64; count];
    let tag = b"%DOSSIER-PICTURE-";
    for (k, &(offset, number)) in objects.iter().enumerate() {
        let end = objects.get(k + 1).map_or(xref_at, |o| o.0);
        let object = &small[offset..end];
        offsets[number] = w.written;
        let Some(m) = find_last(object, tag) else {
            w.write_all(object)?;
            continue;
        };
        let index: usize = std::str::from_utf8(&object[m + tag.len()..m + tag.len() + 8])
            .ok()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| broken("picture marker"))?;
        let picture = pictures
            .get(index)
            .ok_or_else(|| broken("picture number"))?;
        let placeholder = marker(index, picture);
        let stream = find_last(&object[..m], b"stream").ok_or_else(|| broken("image stream"))?;
        let length =
            find_last(&object[..stream], b"/Length").ok_or_else(|| broken("image length"))?;
        let digits = object[length + 7..]
            .iter()
            .skip_while(|b| **b == b' ')
            .take_while(|b| b.is_ascii_digit())
            .count();
        let spaces = object[length + 7..]
            .iter()
            .take_while(|b| **b == b' ')
            .count();
        let content = picture.content()?;
        w.write_all(&object[..length + 7])?;
        write!(w, " {}", content.len())?;
        w.write_all(&object[length + 7 + spaces + digits..m])?;
        w.write_all(&content)?;
        w.write_all(&object[m + placeholder.len()..])?;
    }
    let xref = w.written;
    write!(w, "xref\n0 {count}\n0000000000 65535 f \n")?;
    for offset in offsets.iter().skip(1) {
        writeln!(w, "{offset:010} 00000 n ")?;
    }
    w.write_all(&table.as_bytes()[trailer_at..])?;
    write!(w, "startxref\n{xref}\n%%EOF\n")?;
    Ok(w.written)
}

/// A writer that counts what passes through it (the new offsets).
struct Counting<'w> {
    out: &'w mut dyn Write,
    written: u64,
}

impl Write for Counting<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.out.write(buf)?;
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// Replaces the trailer's `/ID` strings (printpdf draws them from a
/// process-wide counter) with ones derived from the file's own bytes, in
/// place and at the same length, so offsets stay valid.
fn stable_id(bytes: &mut [u8]) {
    let Some(at) = find_last(bytes, b"/ID[(") else {
        return;
    };
    let start = at + 5;
    let Some(len) = bytes[start..].iter().position(|&b| b == b')') else {
        return;
    };
    let hex = crate::hash::sha256_hex(&bytes[..at]);
    let fill = |bytes: &mut [u8], from: usize, len: usize| {
        for (i, b) in bytes[from..from + len].iter_mut().enumerate() {
            *b = hex.as_bytes()[i % hex.len()];
        }
    };
    fill(bytes, start, len);
    let second = start + len + 2;
    if bytes.get(start + len..second) == Some(b"((".as_slice())
        || bytes.get(start + len + 1) == Some(&b'(')
    {
        let from = start + len + 2;
        if let Some(len2) = bytes[from..].iter().position(|&b| b == b')') {
            fill(bytes, from, len2);
        }
    }
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}
