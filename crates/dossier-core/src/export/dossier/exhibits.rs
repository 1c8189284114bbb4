//! One section per exhibit: its facts, an export's gaps, a note's text,
//! the picture (or why it is not shown).

use super::*;

pub(super) fn exhibits(l: &mut Layout, d: &Dossier<'_>) {
    let lang = d.lang;
    let exhibits = d.exhibits;
    let pictures = d.pictures;
    let unshown = d.unshown;
    let events_of = d.events_of;
    let r = |t: &str| d.redactor.apply(t);
    let local = |t: Timestamp| d.local(t);
    // 6. Exhibits.
    l.new_page();
    l.heading(w::EXHIBITS.get(lang), 16.0);
    for e in exhibits {
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
                    e.kind.label(lang),
                    e.media_type.clone().unwrap_or_default()
                ),
            ),
            (w::SIZE, format!("{} B", e.size)),
            (
                w::CAPTURED,
                r(&format!("{} ({})", local(e.captured_at), e.capture_raw)),
            ),
            (w::BASIS, e.basis.label(lang).into()),
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
}
