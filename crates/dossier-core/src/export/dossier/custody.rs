//! The chain of custody (every audit entry) and how to verify the dossier.

use super::*;

pub(super) fn custody(l: &mut Layout, d: &Dossier<'_>) {
    let lang = d.lang;
    let entries = d.entries;
    let r = |t: &str| d.redactor.apply(t);
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
}

pub(super) fn how_to_verify(l: &mut Layout, d: &Dossier<'_>) {
    let lang = d.lang;
    let manifest_sha256 = d.manifest_sha256;
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
}
