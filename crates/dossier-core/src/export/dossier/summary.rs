//! The summary: the counts, one line per rule with findings, the pattern
//! facts, and the two charts (contacts per day, by hour).

use super::*;

pub(super) fn summary(l: &mut Layout, d: &Dossier<'_>) {
    let lang = d.lang;
    let report = d.report;
    let stats = d.stats;
    let exhibits = d.exhibits;
    let r = |t: &str| d.redactor.apply(t);
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
    chart(&mut *l, w::CALLS_PER_DAY.get(lang), &days, &|_| false);
    let hours: Vec<(String, u64)> = stats
        .hours
        .iter()
        .map(|h| (format!("{:02}", h.hour), h.collection))
        .collect();
    let night: Vec<bool> = stats.hours.iter().map(|h| h.night).collect();
    chart(&mut *l, w::BY_HOUR.get(lang), &hours, &|i| {
        night.get(i).copied().unwrap_or(false)
    });
}

/// A bar chart: bars in `ACCENT`, or dark red where `dark(i)`.
pub(super) fn chart(
    l: &mut Layout,
    title: &str,
    bars: &[(String, u64)],
    dark: &dyn Fn(usize) -> bool,
) {
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
