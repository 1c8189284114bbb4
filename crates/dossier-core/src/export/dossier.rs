//! The dossier's contents, in their order: cover, summary with two
//! charts, findings, the exhibit list (证据目录), the timeline, one section
//! per exhibit, the chain of custody, and how to verify. Also the manifest
//! (manifest.json) whose SHA-256 the PDF prints on every page.

use crate::analysis::render::{channel_name, date, role_name};
use crate::analysis::{self, Data, Lang, Pack, Report};
use crate::case::Case;
use crate::case::audit::{self, AuditEntry};
use crate::clock::{Clock, format_utc};
use crate::evidence::capture::Basis;
use crate::export::layout::{ACCENT, Column, GREY, Layout, MARGIN, RULE, SHADE, WIDTH};
use crate::export::manifest::running_hash;
use crate::export::pdf::{Document, Font, Rgb3};
use crate::export::picture::{self, Inspected, Unshowable};
use crate::export::words::{self as w, W};
use crate::model::kind::Kind;
use crate::query::list::{self, Exhibit};
use jiff::Timestamp;
use std::collections::{BTreeMap, BTreeSet};

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

/// Masks third parties' numbers and names in everything the PDF prints.
#[derive(Debug, Default)]
struct Redactor {
    /// What to find and what to print instead, longest first.
    pairs: Vec<(String, String)>,
}

impl Redactor {
    fn new(data: &Data, redact: bool) -> Redactor {
        let mut pairs = Vec::new();
        if redact {
            for p in &data.parties {
                if !p.is_third_party() {
                    continue;
                }
                if let Some(number) = p.key.strip_prefix("tel:") {
                    let masked = mask_number(number);
                    let national = number.strip_prefix("+86").unwrap_or(number);
                    for form in number_forms(number) {
                        pairs.push((form, masked.clone()));
                    }
                    if national != number {
                        for form in number_forms(national) {
                            pairs.push((form, masked.clone()));
                        }
                    }
                } else if let Some(account) = p.key.strip_prefix("id:") {
                    pairs.push((account.to_owned(), mask_name(account)));
                }
                if let Some(name) = &p.name {
                    pairs.push((name.clone(), mask_name(name)));
                }
            }
        }
        pairs.sort_by(|a, b| {
            b.0.chars()
                .count()
                .cmp(&a.0.chars().count())
                .then(a.0.cmp(&b.0))
        });
        pairs.dedup();
        Redactor { pairs }
    }

    fn apply(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for (find, mask) in &self.pairs {
            if !find.is_empty() && out.contains(find.as_str()) {
                out = out.replace(find.as_str(), mask);
            }
        }
        out
    }
}

/// `13800138000` → `138****8000`.
pub fn mask_number(number: &str) -> String {
    let digits: String = number
        .strip_prefix("+86")
        .unwrap_or(number)
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    if digits.len() <= 7 {
        return "*".repeat(digits.len());
    }
    format!("{}****{}", &digits[..3], &digits[digits.len() - 4..])
}

/// `王芳` → `王*`, `李建国` → `李**`, `Ann Lee` → `A******`; a name of one
/// character is masked whole.
pub fn mask_name(name: &str) -> String {
    let mut chars = name.chars();
    match (chars.next(), chars.count()) {
        (None, _) => String::new(),
        (Some(_), 0) => "*".into(),
        (Some(first), rest) => format!("{first}{}", "*".repeat(rest)),
    }
}

/// The ways a number is commonly written: as is, and in 3-4-4 groups.
fn number_forms(number: &str) -> Vec<String> {
    let mut forms = vec![number.to_owned()];
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    if digits.len() == 11 {
        forms.push(format!(
            "{} {} {}",
            &digits[..3],
            &digits[3..7],
            &digits[7..]
        ));
        forms.push(format!(
            "{}-{}-{}",
            &digits[..3],
            &digits[3..7],
            &digits[7..]
        ));
    }
    forms
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
    let r = |t: &str| redactor.apply(t);

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
    let mut l = Layout::new(doc);
    let zone = &info.time_zone;
    let local = |t: Timestamp| {
        t.to_zoned_datetime(zone.clone())
            .strftime("%Y-%m-%d %H:%M:%S")
            .to_string()
    };

    // 1. Cover.
    l.space(90.0);
    let y = l.y;
    l.page().text(MARGIN, y, 28.0, ACCENT, w::DOSSIER.get(lang));
    l.space(34.0);
    l.paragraph(w::SUBTITLE.get(lang), 12.0, GREY, 0.0);
    l.space(24.0);
    l.paragraph(&r(&info.title), 18.0, Rgb3::BLACK, 0.0);
    l.space(18.0);
    let field = |l: &mut Layout, label: W, value: &str| {
        l.paragraph(label.get(lang), 9.0, GREY, 0.0);
        l.paragraph(value, 11.0, Rgb3::BLACK, 12.0);
        l.space(4.0);
    };
    let period = match (data.events.first(), data.events.last()) {
        (Some(a), Some(b)) => format!("{} — {}", date(a.date(), lang), date(b.date(), lang)),
        _ => "—".into(),
    };
    field(&mut l, w::PERIOD, &period);
    let mut collection: BTreeSet<String> = BTreeSet::new();
    let mut third: BTreeSet<String> = BTreeSet::new();
    for p in &data.parties {
        if p.is_collection() {
            collection.insert(p.lender());
        } else if p.is_third_party() && p.role.is_some() {
            third.insert(format!("{} ({})", r(&p.label()), role_name(p.role, lang)));
        }
    }
    let sep = if lang == Lang::Zh { "、" } else { "; " };
    field(&mut l, w::COLLECTION_SIDE, &join_or_dash(&collection, sep));
    field(&mut l, w::THIRD_PARTIES, &join_or_dash(&third, sep));
    field(&mut l, w::PREPARER, &r(&options.preparer));
    field(
        &mut l,
        w::GENERATED,
        &format!(
            "{} UTC · {} {}",
            format_utc(now),
            local(now),
            info.time_zone_name
        ),
    );
    field(&mut l, w::PROGRAM, &format!("Dossier {}", crate::VERSION));
    field(&mut l, w::MANIFEST, &manifest_sha256);
    l.space(10.0);
    let note = if options.redact {
        w::REDACTED_NOTE
    } else {
        w::UNREDACTED_NOTE
    };
    l.paragraph(note.get(lang), 9.0, GREY, 0.0);

    // 2. Summary.
    l.new_page();
    l.heading(w::SUMMARY.get(lang), 16.0);
    let counts = [
        (w::EVENTS, stats.events),
        (w::COLLECTION_CONTACTS, stats.collection_contacts),
        (w::EXHIBITS_COUNT, exhibits.len() as u64),
        (w::NUMBERS, stats.numbers),
        (w::COLLECTION_NUMBERS, stats.collection_numbers),
        (w::PEOPLE_REACHED, stats.third_parties_reached),
    ];
    let cell = WIDTH / 3.0;
    for (i, (label, n)) in counts.iter().enumerate() {
        if i % 3 == 0 {
            l.ensure(44.0);
            if i > 0 {
                l.space(42.0);
            }
        }
        let x = MARGIN + (i % 3) as f32 * cell;
        let y = l.y;
        l.page().text(x, y - 20.0, 20.0, ACCENT, &n.to_string());
        l.page().text(x, y - 34.0, 9.0, GREY, label.get(lang));
    }
    l.space(50.0);
    l.paragraph(w::HEADLINES.get(lang), 11.0, ACCENT, 0.0);
    for result in &report.rules {
        if result.findings.is_empty() {
            continue;
        }
        let line = match &result.summary {
            Some(s) => format!(
                "{} {}{}{}",
                result.rule.id,
                result.rule.title.get(lang),
                colon(lang),
                s.get(lang)
            ),
            None => format!(
                "{} {}{}{}",
                result.rule.id,
                result.rule.title.get(lang),
                colon(lang),
                match lang {
                    Lang::Zh => format!(
                        "{} 项，涉及 {} 个事件",
                        result.findings.len(),
                        result.events()
                    ),
                    Lang::En => format!(
                        "{} findings, {} events",
                        result.findings.len(),
                        result.events()
                    ),
                }
            ),
        };
        l.paragraph(&format!("• {}", r(&line)), 9.5, Rgb3::BLACK, 6.0);
    }
    let patterns = report.patterns.sentences();
    if !patterns.is_empty() {
        l.space(6.0);
        l.paragraph(w::PATTERNS.get(lang), 11.0, ACCENT, 0.0);
        for s in &patterns {
            l.paragraph(&format!("• {}", s.get(lang)), 9.5, Rgb3::BLACK, 6.0);
        }
    }
    // Charts.
    let mut per_day: BTreeMap<jiff::civil::Date, u64> = BTreeMap::new();
    for d in &stats.days {
        *per_day.entry(d.date).or_default() += d.collection;
    }
    let days: Vec<(String, u64)> = per_day
        .iter()
        .map(|(d, n)| (d.strftime("%m-%d").to_string(), *n))
        .collect();
    chart(&mut l, w::CALLS_PER_DAY.get(lang), &days, &|_| false);
    let hours: Vec<(String, u64)> = stats
        .hours
        .iter()
        .map(|h| (format!("{:02}", h.hour), h.collection))
        .collect();
    let night: Vec<bool> = stats.hours.iter().map(|h| h.night).collect();
    chart(&mut l, w::BY_HOUR.get(lang), &hours, &|i| {
        night.get(i).copied().unwrap_or(false)
    });

    // 3. Findings.
    l.new_page();
    l.heading(w::FINDINGS.get(lang), 16.0);
    let found: Vec<_> = report
        .rules
        .iter()
        .filter(|r| !r.findings.is_empty())
        .collect();
    if found.is_empty() {
        l.paragraph(w::NOTHING_FOUND.get(lang), 10.0, Rgb3::BLACK, 0.0);
    } else {
        let columns = table_columns(
            lang,
            &[
                (130.0, w::RULE),
                (215.0, w::SOURCE),
                (50.0, w::COUNT),
                (WIDTH - 395.0, w::CITED),
            ],
        );
        let rows: Vec<Vec<String>> = found
            .iter()
            .map(|res| {
                let exhibits: BTreeSet<i64> = res
                    .findings
                    .iter()
                    .flat_map(|f| f.exhibits.iter().copied())
                    .collect();
                vec![
                    format!(
                        "{} {} [{}]",
                        res.rule.id,
                        res.rule.title.get(lang),
                        res.rule.confidence.mark()
                    ),
                    res.rule
                        .sources
                        .iter()
                        .map(|s| format!("{} [{}]", s.cite.get(lang), s.confidence.mark()))
                        .collect::<Vec<_>>()
                        .join("\n"),
                    res.findings.len().to_string(),
                    exhibits
                        .iter()
                        .map(i64::to_string)
                        .collect::<Vec<_>>()
                        .join(", "),
                ]
            })
            .collect();
        l.table(&columns, &rows, 8.5);
        l.paragraph(w::MARKS.get(lang), 8.0, GREY, 0.0);
        l.space(4.0);
        for res in &found {
            l.paragraph(
                &format!("{} {}", res.rule.id, res.rule.title.get(lang)),
                11.0,
                ACCENT,
                0.0,
            );
            l.paragraph(res.rule.explanation.get(lang), 8.5, GREY, 0.0);
            for f in &res.findings {
                l.paragraph(
                    &format!("• {}", r(f.sentence.get(lang))),
                    9.0,
                    Rgb3::BLACK,
                    6.0,
                );
                let cited = cited(&data, f);
                l.paragraph(
                    &format!("{}{}{cited}", w::EVIDENCE.get(lang), colon(lang)),
                    8.0,
                    GREY,
                    14.0,
                );
            }
            l.space(6.0);
        }
    }
    if !report.contradictions.is_empty() {
        l.space(6.0);
        l.paragraph(w::CONTRADICTIONS.get(lang), 11.0, ACCENT, 0.0);
        for c in &report.contradictions {
            l.paragraph(
                &format!("• {}", r(c.sentence(&data).get(lang))),
                9.0,
                Rgb3::BLACK,
                6.0,
            );
            let cited = cited_events(&data, &c.events);
            l.paragraph(
                &format!("{}{}{cited}", w::EVIDENCE.get(lang), colon(lang)),
                8.0,
                GREY,
                14.0,
            );
        }
    }

    // 4. Exhibit list (证据目录).
    l.new_page();
    l.heading(w::EXHIBIT_LIST.get(lang), 16.0);
    l.paragraph(w::EXHIBIT_LIST_NOTE.get(lang), 8.5, GREY, 0.0);
    l.space(4.0);
    let mut cited_by: BTreeMap<i64, BTreeSet<&str>> = BTreeMap::new();
    for res in &report.rules {
        for f in &res.findings {
            for &e in &f.exhibits {
                cited_by.entry(e).or_default().insert(&res.rule.id);
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
    let columns = table_columns(
        lang,
        &[
            (32.0, w::NUMBER),
            (100.0, w::NAME),
            (45.0, w::TYPE),
            (85.0, w::ORIGIN),
            (130.0, w::PROVES),
            (WIDTH - 392.0, w::SHA256),
        ],
    );
    let rows: Vec<Vec<String>> = exhibits
        .iter()
        .map(|e| {
            vec![
                e.exhibit.to_string(),
                r(&exhibit_name(e, lang)),
                kind_name(e.kind, lang).into(),
                r(&origin(e, lang)),
                proves(
                    e,
                    events_of.get(&e.exhibit).copied(),
                    cited_by.get(&e.exhibit),
                    &local(e.captured_at)[..16],
                    lang,
                ),
                e.sha256.clone(),
            ]
        })
        .collect();
    l.table(&columns, &rows, 7.5);

    // 5. Timeline.
    l.new_page();
    l.heading(w::TIMELINE.get(lang), 16.0);
    let columns = table_columns(
        lang,
        &[
            (78.0, w::TIME),
            (58.0, w::CHANNEL),
            (90.0, w::OTHER_SIDE),
            (WIDTH - 296.0, w::CONTENT),
            (70.0, w::RECORD),
        ],
    );
    let rows: Vec<Vec<String>> = data
        .events
        .iter()
        .map(|e| {
            let other = match data.party_of(e) {
                Some(p) => r(&match &p.name {
                    Some(name) => format!("{name} {}", crate::people::party::display_key(&p.key)),
                    None => crate::people::party::display_key(&p.key).to_owned(),
                }),
                None if e.hidden => match lang {
                    Lang::Zh => "隐藏号码".into(),
                    Lang::En => "hidden number".into(),
                },
                None if e.masked => match lang {
                    Lang::Zh => "号码被导出文件遮盖".into(),
                    Lang::En => "number masked in the export".into(),
                },
                None => String::new(),
            };
            let direction = e.direction.map(|d| direction_name(d, lang)).unwrap_or("");
            let mut content = match (&e.body, e.duration_ms) {
                (Some(body), _) => r(&truncate(body, 120)),
                (None, Some(ms)) if ms > 0 && e.channel == analysis::pack::Channel::Call => {
                    duration(ms, lang)
                }
                _ => String::new(),
            };
            if let Some(&kind) = data.facetime.get(&e.id) {
                let via = facetime_name(kind, lang);
                content = format!("{via} {content}").trim().to_owned();
            }
            if let Some(taken) = data.attachments.get(&e.id) {
                let list: Vec<String> = taken.iter().map(|x| format!("#{x}")).collect();
                let note = match lang {
                    Lang::Zh => format!("附件：证据 {}", list.join("、")),
                    Lang::En => format!("attachment: exhibit {}", list.join(", ")),
                };
                content = if content.is_empty() {
                    note
                } else {
                    format!("{content}\n{note}")
                };
            }
            let sources: Vec<String> = data
                .sources(e)
                .map(|(x, rec)| format!("#{x} {rec}"))
                .collect();
            vec![
                e.local.strftime("%Y-%m-%d %H:%M:%S").to_string(),
                format!("{} {direction}", channel_name(e.channel, lang))
                    .trim()
                    .to_owned(),
                other,
                content,
                sources.join("\n"),
            ]
        })
        .collect();
    l.table(&columns, &rows, 7.0);

    // 6. Exhibits.
    l.new_page();
    l.heading(w::EXHIBITS.get(lang), 16.0);
    for e in &exhibits {
        // An exhibit's heading, facts and picture stay on one page.
        let picture_height = pictures.get(&e.exhibit).map_or(
            if unshown.contains_key(&e.exhibit) {
                40.0
            } else {
                0.0
            },
            |&(_, width, height)| {
                height as f32 * (WIDTH / width as f32).min(330.0 / height as f32).min(1.0)
            },
        );
        l.ensure(130.0 + picture_height);
        l.paragraph(
            &format!(
                "{} {} — {}",
                w::EVIDENCE.get(lang),
                e.exhibit,
                r(&exhibit_name(e, lang))
            ),
            11.0,
            ACCENT,
            0.0,
        );
        let mut facts = vec![
            (w::SHA256, e.sha256.clone()),
            (
                w::TYPE,
                format!(
                    "{} · {}",
                    kind_name(e.kind, lang),
                    e.media_type.clone().unwrap_or_default()
                ),
            ),
            (w::SIZE, format!("{} B", e.size)),
            (
                w::CAPTURED,
                r(&format!("{} ({})", local(e.captured_at), e.capture_raw)),
            ),
            (w::BASIS, basis_name(e.basis, lang).into()),
            (w::CONTRIBUTOR, r(e.contributor.as_deref().unwrap_or("—"))),
            (w::ADDED, local(e.added_at)),
        ];
        if let Some(name) = &e.original_name {
            facts.insert(0, (w::ORIGINAL_NAME, r(name)));
        }
        if let Some(ms) = e.duration_ms {
            facts.push((w::DURATION, duration(ms, lang)));
        }
        if let Some(n) = events_of.get(&e.exhibit).filter(|_| e.origin == "import") {
            facts.push((w::EXPORT_RECORDS, n.0.to_string()));
        }
        for (label, value) in facts {
            l.paragraph(
                &format!("{}{}{value}", label.get(lang), colon(lang)),
                8.5,
                Rgb3::BLACK,
                6.0,
            );
        }
        // An export imported only in part says so where it is listed.
        for gap in &e.gaps {
            l.paragraph(
                &gap.describe(e.imported_records.unwrap_or(0), lang),
                8.5,
                Rgb3(0.62, 0.09, 0.09),
                6.0,
            );
        }
        if let Some(note) = &e.note_text {
            l.paragraph(
                &format!("{}{}{}", w::TEXT.get(lang), colon(lang), r(&note.text)),
                9.0,
                Rgb3::BLACK,
                6.0,
            );
        }
        if let Some(&(picture, width, height)) = pictures.get(&e.exhibit) {
            // Scaled to fit the text width and at most half a page.
            let max_h = 330.0;
            let scale = (WIDTH / width as f32).min(max_h / height as f32).min(1.0);
            let (pw, ph) = (width as f32 * scale, height as f32 * scale);
            l.ensure(ph + 8.0);
            let y = l.y - ph;
            l.page()
                .image(picture, MARGIN + 6.0, y, pw, ph, (width, height));
            l.page()
                .line((MARGIN + 6.0, y), (MARGIN + 6.0 + pw, y), 0.3, RULE);
            l.space(ph + 6.0);
        }
        if let Some(why) = unshown.get(&e.exhibit) {
            l.space(4.0);
            l.paragraph(
                &w::PICTURE_NOT_SHOWN
                    .get(lang)
                    .replace("{exhibit}", &e.exhibit.to_string())
                    .replace("{reason}", &why.reason(lang)),
                9.5,
                Rgb3(0.55, 0.08, 0.1),
                6.0,
            );
        }
        l.space(10.0);
    }

    // 7. Chain of custody.
    l.new_page();
    l.heading(w::CUSTODY.get(lang), 16.0);
    let columns = table_columns(
        lang,
        &[
            (32.0, w::SEQ),
            (100.0, w::TIME),
            (80.0, w::ACTOR),
            (90.0, w::ACTION),
            (WIDTH - 302.0, w::ENTRY_HASH),
        ],
    );
    let rows: Vec<Vec<String>> = entries
        .iter()
        .map(|a: &AuditEntry| {
            vec![
                a.seq.to_string(),
                a.at.clone(),
                r(&a.actor),
                a.action.clone(),
                a.hash.clone(),
            ]
        })
        .collect();
    l.table(&columns, &rows, 7.5);

    // 8. How to verify.
    l.heading(w::VERIFY.get(lang), 16.0);
    l.paragraph(w::HOW_TO_VERIFY.get(lang), 9.5, Rgb3::BLACK, 0.0);
    l.space(6.0);
    l.paragraph(
        &format!("{}{}{manifest_sha256}", w::MANIFEST.get(lang), colon(lang)),
        9.5,
        Rgb3::BLACK,
        0.0,
    );

    let pages = l.page_number();
    let short = running_hash(lang, &manifest_sha256);
    let header = r(&info.title);
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

/// A bar chart: bars in `ACCENT`, or dark red where `dark(i)`.
fn chart(l: &mut Layout, title: &str, bars: &[(String, u64)], dark: &dyn Fn(usize) -> bool) {
    let height = 120.0;
    l.ensure(height + 50.0);
    l.space(10.0);
    l.paragraph(title, 10.0, ACCENT, 0.0);
    let top = l.y - 4.0;
    let base = top - height;
    let max = bars.iter().map(|b| b.1).max().unwrap_or(0).max(1);
    let n = bars.len().max(1) as f32;
    let slot = WIDTH / n;
    let bar = (slot * 0.75).max(0.5);
    l.page()
        .line((MARGIN, base), (MARGIN + WIDTH, base), 0.5, GREY);
    let label_every = ((n / 16.0).ceil() as usize).max(1);
    for (i, (label, value)) in bars.iter().enumerate() {
        let h = *value as f32 / max as f32 * (height - 10.0);
        let x = MARGIN + i as f32 * slot + (slot - bar) / 2.0;
        let color = if dark(i) {
            Rgb3(0.55, 0.08, 0.1)
        } else {
            ACCENT
        };
        if h > 0.0 {
            l.page().rect(x, base, bar, h, color);
        }
        if i % label_every == 0 {
            l.page().text(x, base - 9.0, 6.0, GREY, label);
        }
    }
    l.page().text(
        MARGIN + WIDTH - Font::get().width(&max.to_string(), 7.0),
        top,
        7.0,
        GREY,
        &max.to_string(),
    );
    l.page().line(
        (MARGIN, base + height - 10.0),
        (MARGIN + WIDTH, base + height - 10.0),
        0.2,
        SHADE,
    );
    l.y = base - 18.0;
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

fn direction_name(d: crate::model::direction::Direction, lang: Lang) -> &'static str {
    use crate::model::direction::Direction as D;
    match (lang, d) {
        (Lang::Zh, D::In) => "呼入",
        (Lang::Zh, D::Out) => "呼出/发出",
        (Lang::Zh, D::Missed) => "未接",
        (Lang::Zh, D::Rejected) => "拒接",
        (Lang::Zh, D::Blocked) => "拦截",
        (Lang::Zh, D::Voicemail) => "语音信箱",
        (Lang::En, D::In) => "in",
        (Lang::En, D::Out) => "out",
        (Lang::En, D::Missed) => "missed",
        (Lang::En, D::Rejected) => "rejected",
        (Lang::En, D::Blocked) => "blocked",
        (Lang::En, D::Voicemail) => "voicemail",
    }
}

fn kind_name(kind: Kind, lang: Lang) -> &'static str {
    match (lang, kind) {
        (Lang::Zh, Kind::Image) => "图片",
        (Lang::Zh, Kind::Audio) => "录音",
        (Lang::Zh, Kind::Video) => "视频",
        (Lang::Zh, Kind::Document) => "文档",
        (Lang::Zh, Kind::Text) => "文本",
        (Lang::Zh, Kind::Other) => "其他",
        (Lang::En, Kind::Image) => "image",
        (Lang::En, Kind::Audio) => "recording",
        (Lang::En, Kind::Video) => "video",
        (Lang::En, Kind::Document) => "document",
        (Lang::En, Kind::Text) => "text",
        (Lang::En, Kind::Other) => "other",
    }
}

/// How an exhibit's time is known, in words.
pub fn basis_name(basis: Basis, lang: Lang) -> &'static str {
    match (lang, basis) {
        (Lang::Zh, Basis::Exif) => "照片 EXIF 拍摄时间",
        (Lang::Zh, Basis::Media) => "录音/视频文件内记录的时间",
        (Lang::Zh, Basis::FileModified) => "文件修改时间",
        (Lang::Zh, Basis::ImportTime) => "导入时间（未找到更早的时间）",
        (Lang::Zh, Basis::Stated) => "提供人陈述的时间",
        (Lang::Zh, Basis::Message) => "所属消息的时间",
        (Lang::En, Basis::Exif) => "EXIF DateTimeOriginal",
        (Lang::En, Basis::Media) => "recording date in the file",
        (Lang::En, Basis::FileModified) => "file modification time",
        (Lang::En, Basis::ImportTime) => "time of import (no earlier time found)",
        (Lang::En, Basis::Stated) => "stated by the contributor",
        (Lang::En, Basis::Message) => "time of the message it came in",
    }
}

/// A FaceTime call, in words.
pub fn facetime_name(kind: crate::model::direction::FaceTime, lang: Lang) -> &'static str {
    use crate::model::direction::FaceTime;
    match (lang, kind) {
        (Lang::Zh, FaceTime::Audio) => "FaceTime 语音",
        (Lang::Zh, FaceTime::Video) => "FaceTime 视频",
        (Lang::En, FaceTime::Audio) => "FaceTime audio",
        (Lang::En, FaceTime::Video) => "FaceTime video",
    }
}

fn exhibit_name(e: &Exhibit, lang: Lang) -> String {
    match (&e.original_name, &e.note_text) {
        (Some(name), _) => name.clone(),
        (None, Some(note)) => match lang {
            Lang::Zh => format!("文字记录（{}）", note.channel),
            Lang::En => format!("typed note ({})", note.channel),
        },
        (None, None) => kind_name(e.kind, lang).to_owned(),
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

/// What an exhibit proves, for the 证据目录: what it holds, when it was
/// made and how that is known, and the rules it supports.
fn proves(
    e: &Exhibit,
    events: Option<(usize, jiff::civil::Date, jiff::civil::Date)>,
    rules: Option<&BTreeSet<&str>>,
    made: &str,
    lang: Lang,
) -> String {
    let basis = basis_name(e.basis, lang);
    // An export proves what its records cover, over the period they span,
    // not the day the file was written.
    let (count, period) = match events {
        Some((n, first, last)) => {
            let period = match lang {
                Lang::Zh if first == last => format!("{}的", date(first, lang)),
                Lang::Zh => format!("{}至{}的", date(first, lang), date(last, lang)),
                Lang::En if first == last => format!(" of {}", date(first, lang)),
                Lang::En => format!(" from {} to {}", date(first, lang), date(last, lang)),
            };
            (n, period)
        }
        None => (0, String::new()),
    };
    let what = match (lang, e.origin.as_str(), e.kind) {
        (Lang::Zh, "import", _) if !e.gaps.is_empty() => {
            format!("{period}{count} 条通话/消息记录（导出文件不完整，见证据说明）")
        }
        (Lang::En, "import", _) if !e.gaps.is_empty() => {
            format!(
                "{count} call or message records{period} (an incomplete export: see the exhibit)"
            )
        }
        (Lang::Zh, "import", _) => format!("{period}{count} 条通话/消息记录"),
        (Lang::En, "import", _) => format!("{count} call or message records{period}"),
        (Lang::Zh, "note", _) => format!("提供人记录的经过（{made}）"),
        (Lang::En, "note", _) => format!("events as the contributor recorded them ({made})"),
        (Lang::Zh, _, Kind::Image) => format!("拍摄/截屏所示内容，形成于 {made}（{basis}）"),
        (Lang::En, _, Kind::Image) => format!("what the picture shows, made {made} ({basis})"),
        (Lang::Zh, _, Kind::Audio | Kind::Video) => {
            let length = e
                .duration_ms
                .map(|ms| format!("，时长 {}分{:02}秒", ms / 60_000, ms / 1000 % 60))
                .unwrap_or_default();
            format!("录音/录像内容{length}，形成于 {made}（{basis}）")
        }
        (Lang::En, _, Kind::Audio | Kind::Video) => {
            let length = e
                .duration_ms
                .map(|ms| format!(", {}:{:02} long", ms / 60_000, ms / 1000 % 60))
                .unwrap_or_default();
            format!("the recording{length}, made {made} ({basis})")
        }
        (Lang::Zh, _, _) => format!(
            "{}所示内容，形成于 {made}（{basis}）",
            kind_name(e.kind, lang)
        ),
        (Lang::En, _, _) => format!(
            "what the {} shows, made {made} ({basis})",
            kind_name(e.kind, lang)
        ),
    };
    match rules {
        Some(rules) if !rules.is_empty() => {
            let list: Vec<&str> = rules.iter().copied().collect();
            match lang {
                Lang::Zh => format!("{what}；支持 {}", list.join("、")),
                Lang::En => format!("{what}; supports {}", list.join(", ")),
            }
        }
        _ => what,
    }
}

/// manifest.json: the case, every exhibit with its hash, every event with
/// its sources, the findings and the audit chain. Keys sorted, so the same
/// case and clock give the same bytes.
fn manifest(
    case: &Case,
    data: &Data,
    report: &Report,
    exhibits: &[Exhibit],
    entries: &[AuditEntry],
    sealed_rows: serde_json::Value,
    now: Timestamp,
) -> Vec<u8> {
    use serde_json::json;
    let info = case.info();
    let events: Vec<serde_json::Value> = data
        .events
        .iter()
        .map(|e| {
            json!({
                "event": e.id,
                "at": format_utc(e.at),
                "channel": e.channel.as_str(),
                "direction": e.direction.map(|d| d.as_str()),
                "party": data.party_of(e).map(|p| p.key.clone()),
                "hidden": e.hidden,
                "sources": data.sources(e).map(|(x, rec)| json!({ "exhibit": x, "record": rec })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let findings: Vec<serde_json::Value> = report
        .rules
        .iter()
        .flat_map(|r| {
            r.findings.iter().map(move |f| {
                json!({
                    "rule": r.rule.id,
                    "sentence": { "zh": f.sentence.zh, "en": f.sentence.en },
                    "events": f.events.iter().map(|&i| data.events[i as usize].id).collect::<Vec<_>>(),
                    "exhibits": f.exhibits,
                })
            })
        })
        .collect();
    let value = json!({
        "schema": "dossier.manifest/1",
        "program": format!("Dossier {}", crate::VERSION),
        "generated_at": format_utc(now),
        "case": {
            "title": info.title,
            "rules": info.rules.as_str(),
            "time_zone": info.time_zone_name,
            "created_at": format_utc(info.created_at),
        },
        "exhibits": exhibits.iter().map(|e| json!({
            "exhibit": e.exhibit,
            "file": crate::export::manifest::original_name(e),
            "sha256": e.sha256,
            "size": e.size,
            "kind": e.kind.as_str(),
            "original_name": e.original_name,
            "captured_at": format_utc(e.captured_at),
            "capture_basis": e.basis.as_str(),
            "contributor": e.contributor,
        })).collect::<Vec<_>>(),
        "events": events,
        "findings": findings,
        "rows": sealed_rows,
        "audit": entries.iter().map(|a| json!({
            "seq": a.seq,
            "at": a.at,
            "actor": a.actor,
            "action": a.action,
            "details": a.details,
            "prev_hash": a.prev_hash,
            "hash": a.hash,
        })).collect::<Vec<_>>(),
    });
    let mut bytes = serde_json::to_vec_pretty(&value).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}
