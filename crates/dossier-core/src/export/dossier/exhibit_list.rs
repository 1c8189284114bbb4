//! The exhibit list (证据目录): every exhibit with its type, origin, what it
//! proves and its SHA-256.

use super::*;

pub(super) fn exhibit_list(l: &mut Layout, d: &Dossier<'_>) {
    let lang = d.lang;
    let report = d.report;
    let exhibits = d.exhibits;
    let events_of = d.events_of;
    let r = |t: &str| d.redactor.apply(t);
    let local = |t: Timestamp| d.local(t);
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
                e.kind.label(lang).into(),
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
}

/// What an exhibit proves, for the 证据目录: what it holds, when it was
/// made and how that is known, and the rules it supports.
pub(super) fn proves(
    e: &Exhibit,
    events: Option<(usize, jiff::civil::Date, jiff::civil::Date)>,
    rules: Option<&BTreeSet<&str>>,
    made: &str,
    lang: Lang,
) -> String {
    let basis = e.basis.label(lang);
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
        (Lang::Zh, _, _) => format!("{}所示内容，形成于 {made}（{basis}）", e.kind.label(lang)),
        (Lang::En, _, _) => format!(
            "what the {} shows, made {made} ({basis})",
            e.kind.label(lang)
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
