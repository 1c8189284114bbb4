//! Lexicon benchmark: precision and recall of the text rules' phrase
//! lexicons on the labelled corpus (`label<TAB>lang<TAB>text`, the
//! look-alikes included) and on the held-out corpus that was never used to
//! tune them, overall and per category, and how many of a lender's lawful
//! notices (征信 reporting, 法务部, a lawsuit it intends) are taken for fake
//! legal ones. Targets (issue 17): precision at least 0.95 and recall at
//! least 0.9 on the corpus, and no lawful notice flagged as fake legal.
//!
//! Run with `cargo bench -p dossier-cli --bench lexicon`. It prints figures;
//! it asserts nothing.

use dossier_core::Rules;
use dossier_core::analysis::Pack;
use dossier_core::analysis::text::HOSTILE;
use std::collections::BTreeMap;

fn main() {
    let pack = Pack::builtin(Rules::Cn);
    for (name, corpus) in [
        (
            "corpus",
            include_str!("../../dossier-core/tests/fixtures/texts/corpus.tsv"),
        ),
        (
            "holdout",
            include_str!("../../dossier-core/tests/fixtures/texts/holdout.tsv"),
        ),
    ] {
        let (mut tp, mut fp, mut fn_) = (0u32, 0u32, 0u32);
        // Per category: found with the right category, labelled, flagged.
        let mut per: BTreeMap<&str, (u32, u32, u32)> = BTreeMap::new();
        let (mut notices, mut notices_fake) = (0u32, 0u32);
        for line in corpus.lines().skip(1) {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut cols = line.splitn(3, '\t');
            let (Some(label), Some(_), Some(text)) = (cols.next(), cols.next(), cols.next()) else {
                continue;
            };
            let found = pack.lexicon.find(text, &HOSTILE);
            let hostile = !matches!(label, "ordinary" | "legal_notice");
            match (hostile, !found.is_empty()) {
                (true, true) => tp += 1,
                (true, false) => fn_ += 1,
                (false, true) => fp += 1,
                (false, false) => {}
            }
            if label == "legal_notice" {
                notices += 1;
                notices_fake += u32::from(found.iter().any(|m| m.category == "fake_legal"));
            }
            for category in HOSTILE {
                let flagged = found.iter().any(|m| m.category == category);
                let entry = per.entry(category).or_default();
                if label == category {
                    entry.1 += 1;
                    entry.0 += u32::from(flagged);
                }
                entry.2 += u32::from(flagged);
            }
        }
        let ratio = |a: u32, b: u32| {
            if b == 0 {
                f64::NAN
            } else {
                f64::from(a) / f64::from(b)
            }
        };
        println!(
            "{name}: precision {:.3}, recall {:.3} (hostile or not: {tp} found, {fp} wrongly, {fn_} missed)",
            ratio(tp, tp + fp),
            ratio(tp, tp + fn_)
        );
        for (category, (right, labelled, flagged)) in &per {
            println!(
                "  {category:<11} {labelled:>3} labelled, recall {:.3}; {flagged:>3} flagged, of them {right} so labelled",
                ratio(*right, *labelled)
            );
        }
        println!("  lawful notices: {notices}, flagged as fake legal: {notices_fake}");
    }
}
