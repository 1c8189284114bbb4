//! The dossier's contents, in their order: cover, summary with two
//! charts, findings, the exhibit list (证据目录), the timeline, one section
//! per exhibit, the chain of custody, and how to verify. Also the manifest
//! (manifest.json) whose SHA-256 the PDF prints on every page.

use crate::analysis::render::{channel_name, date, role_name};
use crate::analysis::stats::Stats;
use crate::analysis::{self, Data, Lang, Pack, Report};
use crate::case::audit::{self, AuditEntry};
use crate::case::{Case, CaseInfo};
use crate::clock::{Clock, format_utc};
use crate::export::layout::{ACCENT, Column, GREY, Layout, MARGIN, RULE, SHADE, WIDTH};
use crate::export::manifest::running_hash;
use crate::export::pdf::{Document, Font, Rgb3};
use crate::export::picture::{self, Inspected, Unshowable};
use crate::export::words::{self as w, W};
use crate::model::kind::Kind;
use crate::query::list::{self, Exhibit};
use jiff::Timestamp;
use std::collections::{BTreeMap, BTreeSet};

mod cover;
mod custody;
mod exhibit_list;
mod exhibits;
mod findings;
mod manifest;
mod redact;
mod summary;
mod timeline;

use manifest::manifest;
use redact::Redactor;
pub use redact::{mask_name, mask_number};

/// What `dossier export` asks for.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    pub lang: Lang,
    /// Mask third parties' numbers and names (the default).
    pub redact: bool,
    /// Who made the dossier, as printed on the cover.
    pub preparer: String,
}

/// Why a dossier could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot read the case: {0}")]
    Read(#[from] rusqlite::Error),
    #[error("cannot write the PDF: {0}")]
    Write(std::io::Error),
    #[error("cannot read exhibit {exhibit} ({path}): {source} — run dossier verify")]
    Blob {
        exhibit: i64,
        path: String,
        source: std::io::Error,
    },
}

/// A finished dossier.
#[derive(Debug, Clone)]
pub struct Exported {
    /// The exhibits, as the bundle lists them.
    pub exhibits: Vec<Exhibit>,
    /// Bytes of PDF written.
    pub pdf_bytes: u64,
    /// manifest.json, whose hash the PDF prints.
    pub manifest: Vec<u8>,
    pub manifest_sha256: String,
    pub pages: usize,
    /// Image exhibits the PDF could not show, and why; their sections say
    /// so and their originals are in the bundle as they are.
    pub unshown: Vec<(i64, Unshowable)>,
}

/// What every section of one dossier reads: the case's data, findings and
/// statistics, its exhibits and audit entries, read in one snapshot, with
/// the pictures inspected and the redaction to apply.
struct Dossier<'a> {
    lang: Lang,
    info: &'a CaseInfo,
    options: &'a ExportOptions,
    data: &'a Data,
    report: &'a Report,
    stats: &'a Stats,
    exhibits: &'a [Exhibit],
    entries: &'a [AuditEntry],
    manifest_sha256: &'a str,
    redactor: &'a Redactor,
    /// Exhibit → (picture index in the document, width, height).
    pictures: &'a BTreeMap<i64, (usize, u32, u32)>,
    unshown: &'a BTreeMap<i64, Unshowable>,
    /// Exhibit → (its events, the first day, the last day).
    events_of: &'a BTreeMap<i64, (usize, jiff::civil::Date, jiff::civil::Date)>,
    now: Timestamp,
}

impl Dossier<'_> {
    /// `2026-03-05 21:03:11` in the case's zone.
    fn local(&self, t: Timestamp) -> String {
        t.to_zoned_datetime(self.info.time_zone.clone())
            .strftime("%Y-%m-%d %H:%M:%S")
            .to_string()
    }
}

/// Builds the dossier of a case and writes the PDF to `out`.
pub fn export(
    case: &Case,
    options: &ExportOptions,
    clock: &dyn Clock,
    out: &mut dyn std::io::Write,
) -> Result<Exported, ExportError> {
    let lang = options.lang;
    let info = case.info();
    // One snapshot for everything the dossier and its manifest say: the
    // rows the manifest carries must be the ones its audit entries seal.
    let snapshot = case.conn().unchecked_transaction()?;
    let data = Data::load(case)?;
    let pack = Pack::builtin(info.rules);
    let report = analysis::check(&data, &pack);
    let stats = analysis::stats::stats(&data, &pack);
    let exhibits = list::exhibits(case)?;
    let entries = audit::entries(case.conn())?;
    let sealed_rows = crate::case::rows::export(case.conn())?;
    drop(snapshot);
    let now = clock.now();
    let manifest = manifest(case, &data, &report, &exhibits, &entries, sealed_rows, now);
    let manifest_sha256 = crate::hash::sha256_hex(&manifest);
    let redactor = Redactor::new(&data, options.redact);

    // The pictures: only their headers are read now; their bytes are
    // copied into the PDF as it is written.
    let mut doc = Document::new(&format!("{} — {}", info.title, w::DOSSIER.get(lang)));
    doc.identifier = format!("manifest-sha256:{manifest_sha256}");
    let mut pictures: BTreeMap<i64, (usize, u32, u32)> = BTreeMap::new();
    // Pictures the PDF cannot show (damaged, too large, a format a PDF
    // cannot hold): their sections say so, and the export goes on.
    let mut unshown: BTreeMap<i64, Unshowable> = BTreeMap::new();
    for e in exhibits.iter().filter(|e| e.kind == Kind::Image) {
        let path = case.blob_path(&e.sha256);
        let blob_error = |source| ExportError::Blob {
            exhibit: e.exhibit,
            path: path.display().to_string(),
            source,
        };
        match picture::inspect(case.vault(), &e.sha256).map_err(blob_error)? {
            Inspected::Shown(picture) => {
                let (width, height) = picture.size();
                pictures.insert(e.exhibit, (doc.add_picture(picture), width, height));
            }
            Inspected::NotShown(why) => {
                unshown.insert(e.exhibit, why);
            }
        }
    }
    // Each exhibit's events, and the days from the first to the last.
    let mut events_of: BTreeMap<i64, (usize, jiff::civil::Date, jiff::civil::Date)> =
        BTreeMap::new();
    for e in &data.events {
        let day = e.date();
        let entry = events_of.entry(e.exhibit).or_insert((0, day, day));
        entry.0 += 1;
        entry.1 = entry.1.min(day);
        entry.2 = entry.2.max(day);
    }
    let mut l = Layout::new(doc);
    let d = Dossier {
        lang,
        info,
        options,
        data: &data,
        report: &report,
        stats: &stats,
        exhibits: &exhibits,
        entries: &entries,
        manifest_sha256: &manifest_sha256,
        redactor: &redactor,
        pictures: &pictures,
        unshown: &unshown,
        events_of: &events_of,
        now,
    };
    cover::cover(&mut l, &d);
    summary::summary(&mut l, &d);
    findings::findings(&mut l, &d);
    exhibit_list::exhibit_list(&mut l, &d);
    timeline::timeline(&mut l, &d);
    exhibits::exhibits(&mut l, &d);
    custody::custody(&mut l, &d);
    custody::how_to_verify(&mut l, &d);

    let pages = l.page_number();
    let short = running_hash(lang, &manifest_sha256);
    let header = redactor.apply(&info.title);
    let doc = l.finish(&header, &short, &|page, pages| {
        w::PAGE
            .get(lang)
            .replace("{page}", &page.to_string())
            .replace("{pages}", &pages.to_string())
    });
    let pdf_bytes = doc.write(now, out).map_err(ExportError::Write)?;
    Ok(Exported {
        exhibits,
        pdf_bytes,
        manifest,
        manifest_sha256,
        pages,
        unshown: unshown.into_iter().collect(),
    })
}

/// Table columns from their widths and catalog titles.
fn table_columns(lang: Lang, spec: &[(f32, W)]) -> Vec<Column> {
    spec.iter()
        .map(|&(width, title)| Column {
            width,
            title: title.get(lang).into(),
        })
        .collect()
}

/// The colon after a label: full-width in Chinese.
fn colon(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "：",
        Lang::En => ": ",
    }
}

fn join_or_dash(items: &BTreeSet<String>, sep: &str) -> String {
    if items.is_empty() {
        "—".into()
    } else {
        items.iter().cloned().collect::<Vec<_>>().join(sep)
    }
}

/// Exhibits and records a finding cites: `#31 call #15, call #16; #36 note`.
fn cited(data: &Data, f: &analysis::Finding) -> String {
    cited_events(data, &f.events)
}

/// The exhibits and records that show `events` (indices into the data).
fn cited_events(data: &Data, events: &[u32]) -> String {
    let mut by: BTreeMap<i64, Vec<&str>> = BTreeMap::new();
    for &i in events {
        for (x, rec) in data.sources(&data.events[i as usize]) {
            by.entry(x).or_default().push(rec);
        }
    }
    by.iter()
        .map(|(x, recs)| {
            let shown: Vec<&str> = recs.iter().take(8).copied().collect();
            let more = recs.len().saturating_sub(8);
            let tail = if more > 0 {
                format!(" … +{more}")
            } else {
                String::new()
            };
            format!("#{x} {}{tail}", shown.join(", "))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn truncate(text: &str, max: usize) -> String {
    let flat = text.replace('\n', " ");
    if flat.chars().count() <= max {
        flat
    } else {
        format!("{}…", flat.chars().take(max).collect::<String>())
    }
}

fn duration(ms: u64, lang: Lang) -> String {
    let s = ms / 1000;
    match lang {
        Lang::Zh => format!("通话 {}分{:02}秒", s / 60, s % 60),
        Lang::En => format!("{}:{:02} talk", s / 60, s % 60),
    }
}

fn exhibit_name(e: &Exhibit, lang: Lang) -> String {
    match (&e.original_name, &e.note_text) {
        (Some(name), _) => name.clone(),
        (None, Some(note)) => match lang {
            Lang::Zh => format!("文字记录（{}）", note.channel),
            Lang::En => format!("typed note ({})", note.channel),
        },
        (None, None) => e.kind.label(lang).to_owned(),
    }
}

fn origin(e: &Exhibit, lang: Lang) -> String {
    let how = match (lang, e.origin.as_str()) {
        (Lang::Zh, "import") => "导出文件",
        (Lang::Zh, "note") => "文字记录",
        (Lang::Zh, "extracted") => "从消息中提取（彩信、iMessage）",
        (Lang::Zh, _) => "文件",
        (Lang::En, "import") => "export file",
        (Lang::En, "note") => "typed note",
        (Lang::En, "extracted") => "taken from a message (MMS, iMessage)",
        (Lang::En, _) => "file",
    };
    match &e.contributor {
        Some(c) => format!("{how} · {c}"),
        None => how.to_owned(),
    }
}
