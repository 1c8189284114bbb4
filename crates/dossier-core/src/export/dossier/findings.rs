//! The findings: the table of rules found with their sources, then each
//! finding's sentence with the exhibits and records that prove it, and the
//! labels a party's own records contradict.

use super::*;

pub(super) fn findings(l: &mut Layout, d: &Dossier<'_>) {
    let lang = d.lang;
    let data = d.data;
    let report = d.report;
    let r = |t: &str| d.redactor.apply(t);
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
                let cited = cited(data, f);
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
                &format!("• {}", r(c.sentence(data).get(lang))),
                9.0,
                Rgb3::BLACK,
                6.0,
            );
            let cited = cited_events(data, &c.events);
            l.paragraph(
                &format!("{}{}{cited}", w::EVIDENCE.get(lang), colon(lang)),
                8.0,
                GREY,
                14.0,
            );
        }
    }
}
