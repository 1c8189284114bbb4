//! The cover: title, period, the collection side and the third parties,
//! who prepared it and when, the program and the manifest's hash.

use super::*;

pub(super) fn cover(l: &mut Layout, d: &Dossier<'_>) {
    let lang = d.lang;
    let info = d.info;
    let options = d.options;
    let data = d.data;
    let manifest_sha256 = d.manifest_sha256;
    let now = d.now;
    let r = |t: &str| d.redactor.apply(t);
    let local = |t: Timestamp| d.local(t);
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
    field(&mut *l, w::PERIOD, &period);
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
    field(&mut *l, w::COLLECTION_SIDE, &join_or_dash(&collection, sep));
    field(&mut *l, w::THIRD_PARTIES, &join_or_dash(&third, sep));
    field(&mut *l, w::PREPARER, &r(&options.preparer));
    field(
        &mut *l,
        w::GENERATED,
        &format!(
            "{} UTC · {} {}",
            format_utc(now),
            local(now),
            info.time_zone_name
        ),
    );
    field(&mut *l, w::PROGRAM, &format!("Dossier {}", crate::VERSION));
    field(&mut *l, w::MANIFEST, manifest_sha256);
    l.space(10.0);
    let note = if options.redact {
        w::REDACTED_NOTE
    } else {
        w::UNREDACTED_NOTE
    };
    l.paragraph(note.get(lang), 9.0, GREY, 0.0);
}
