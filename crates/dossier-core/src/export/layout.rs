//! A small layout engine for the dossier: paragraphs broken into lines by
//! UAX #14 (so Chinese breaks between characters and English between
//! words) measured with the font's real advances, long unbreakable runs
//! such as hashes cut to fit, headings kept with what follows them, tables
//! whose header row repeats on every page, and the running header and footer
//! ("第 3 页 / 共 41 页") added once the page count is known.

use crate::export::pdf::{Document, Font, PAGE_HEIGHT, PAGE_WIDTH, Page, Rgb3};
use unicode_linebreak::{BreakOpportunity, linebreaks};

pub const MARGIN: f32 = 50.0;
pub const TOP: f32 = PAGE_HEIGHT - 64.0;
pub const BOTTOM: f32 = 56.0;
pub const WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;

pub const GREY: Rgb3 = Rgb3(0.42, 0.42, 0.42);
pub const RULE: Rgb3 = Rgb3(0.75, 0.75, 0.75);
pub const SHADE: Rgb3 = Rgb3(0.93, 0.94, 0.96);
pub const ACCENT: Rgb3 = Rgb3(0.12, 0.27, 0.52);

/// Lines of `text` no wider than `width` points at `size`.
pub fn wrap(text: &str, width: f32, size: f32) -> Vec<String> {
    let font = Font::get();
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut line_width = 0.0;
        let mut start = 0;
        for (end, opportunity) in linebreaks(paragraph) {
            let segment = &paragraph[start..end];
            start = end;
            let seg_width = font.width(segment, size);
            let trimmed_width = font.width(segment.trim_end(), size);
            if line_width + trimmed_width > width && !line.is_empty() {
                lines.push(line.trim_end().to_owned());
                line.clear();
                line_width = 0.0;
            }
            if trimmed_width > width {
                // A run with no break inside (a hash, a long number): cut it
                // where it reaches the edge.
                for c in segment.chars() {
                    let w = font.advance(c) * size;
                    if line_width + w > width && !line.is_empty() {
                        lines.push(std::mem::take(&mut line));
                        line_width = 0.0;
                    }
                    line.push(c);
                    line_width += w;
                }
            } else {
                line.push_str(segment);
                line_width += seg_width;
            }
            if opportunity == BreakOpportunity::Mandatory && end < paragraph.len() {
                lines.push(line.trim_end().to_owned());
                line.clear();
                line_width = 0.0;
            }
        }
        lines.push(line.trim_end().to_owned());
    }
    lines
}

/// A table column: its width in points and its header.
#[derive(Debug, Clone)]
pub struct Column {
    pub width: f32,
    pub title: String,
}

/// Pages being filled from the top down.
#[derive(Debug)]
pub struct Layout {
    pub doc: Document,
    pages: Vec<Page>,
    /// The baseline position of the next line.
    pub y: f32,
}

impl Layout {
    pub fn new(doc: Document) -> Layout {
        Layout {
            doc,
            pages: vec![Page::default()],
            y: TOP,
        }
    }

    pub fn page(&mut self) -> &mut Page {
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// The number of the current page, from 1.
    pub fn page_number(&self) -> usize {
        self.pages.len()
    }

    pub fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = TOP;
    }

    /// Starts a new page unless `height` points still fit on this one.
    pub fn ensure(&mut self, height: f32) {
        if self.y - height < BOTTOM {
            self.new_page();
        }
    }

    pub fn space(&mut self, height: f32) {
        self.y -= height;
    }

    /// A paragraph, broken into lines and across pages.
    pub fn paragraph(&mut self, text: &str, size: f32, color: Rgb3, indent: f32) {
        let leading = size * 1.45;
        for line in wrap(text, WIDTH - indent, size) {
            self.ensure(leading);
            let y = self.y - size;
            self.page().text(MARGIN + indent, y, size, color, &line);
            self.y -= leading;
        }
    }

    /// A heading, never left alone at the foot of a page.
    pub fn heading(&mut self, text: &str, size: f32) {
        // The heading and at least three lines of what follows.
        self.ensure(size * 1.6 + 3.0 * 14.0);
        self.space(size * 0.4);
        let y = self.y - size;
        self.page().text(MARGIN, y, size, ACCENT, text);
        self.y -= size * 1.5;
        let y = self.y + size * 0.2;
        self.page()
            .line((MARGIN, y), (MARGIN + WIDTH, y), 0.6, ACCENT);
        self.y -= 4.0;
    }

    /// A table: the header row is repeated on every page the table spans,
    /// and a row is never split from its header.
    pub fn table(&mut self, columns: &[Column], rows: &[Vec<String>], size: f32) {
        let leading = size * 1.35;
        let pad = 3.0;
        let header: Vec<Vec<String>> = columns
            .iter()
            .map(|c| wrap(&c.title, c.width - 2.0 * pad, size))
            .collect();
        let header_height =
            header.iter().map(Vec::len).max().unwrap_or(1) as f32 * leading + 2.0 * pad;
        let draw_header = |layout: &mut Layout| {
            let top = layout.y;
            layout
                .page()
                .rect(MARGIN, top - header_height, WIDTH, header_height, SHADE);
            let mut x = MARGIN;
            for (column, lines) in columns.iter().zip(&header) {
                for (i, line) in lines.iter().enumerate() {
                    let y = top - pad - size - i as f32 * leading;
                    layout.page().text(x + pad, y, size, Rgb3::BLACK, line);
                }
                x += column.width;
            }
            layout.y -= header_height;
        };
        self.ensure(header_height + leading + 2.0 * pad);
        draw_header(self);
        for row in rows {
            let cells: Vec<Vec<String>> = columns
                .iter()
                .zip(row)
                .map(|(c, text)| wrap(text, c.width - 2.0 * pad, size))
                .collect();
            let lines = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
            let max_lines = ((TOP - BOTTOM - header_height - 2.0 * pad) / leading).floor() as usize;
            // A row taller than a page is split across pages.
            let mut done = 0;
            while done < lines {
                let available = ((self.y - BOTTOM - 2.0 * pad) / leading).floor().max(0.0) as usize;
                if available == 0 || (done == 0 && available < lines.min(max_lines)) {
                    self.new_page();
                    draw_header(self);
                    continue;
                }
                let take = available.min(lines - done);
                let top = self.y;
                let mut x = MARGIN;
                for (column, cell) in columns.iter().zip(&cells) {
                    for (i, line) in cell.iter().skip(done).take(take).enumerate() {
                        let y = top - pad - size - i as f32 * leading;
                        self.page().text(x + pad, y, size, Rgb3::BLACK, line);
                    }
                    x += column.width;
                }
                let height = take as f32 * leading + 2.0 * pad;
                self.y -= height;
                let y = self.y;
                self.page()
                    .line((MARGIN, y), (MARGIN + WIDTH, y), 0.3, RULE);
                done += take;
            }
        }
        self.space(8.0);
    }

    /// Adds the running header and footer to every page and returns the
    /// document: `header` at the top left, `hash` at the top right, and the
    /// page number (`footer(page, pages)`) at the bottom.
    pub fn finish(
        mut self,
        header: &str,
        hash: &str,
        footer: &dyn Fn(usize, usize) -> String,
    ) -> Document {
        let pages = self.pages.len();
        let font = Font::get();
        for (i, mut page) in std::mem::take(&mut self.pages).into_iter().enumerate() {
            if i > 0 {
                let title = wrap(header, WIDTH * 0.7, 8.0)
                    .into_iter()
                    .next()
                    .unwrap_or_default();
                page.text(MARGIN, PAGE_HEIGHT - 36.0, 8.0, GREY, &title);
                let w = font.width(hash, 8.0);
                page.text(MARGIN + WIDTH - w, PAGE_HEIGHT - 36.0, 8.0, GREY, hash);
                page.line(
                    (MARGIN, PAGE_HEIGHT - 42.0),
                    (MARGIN + WIDTH, PAGE_HEIGHT - 42.0),
                    0.3,
                    RULE,
                );
            }
            let text = footer(i + 1, pages);
            let w = font.width(&text, 8.0);
            page.text(MARGIN + (WIDTH - w) / 2.0, 30.0, 8.0, GREY, &text);
            self.doc.add_page(page);
        }
        self.doc
    }
}
