//! The timeline: every event in time order with its other side, content
//! and source records.

use super::*;

pub(super) fn timeline(l: &mut Layout, d: &Dossier<'_>) {
    let lang = d.lang;
    let data = d.data;
    let r = |t: &str| d.redactor.apply(t);
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
            let direction = e.direction.map(|d| d.label(lang)).unwrap_or("");
            let mut content = match (&e.body, e.duration_ms) {
                (Some(body), _) => r(&truncate(body, 120)),
                (None, Some(ms)) if ms > 0 && e.channel == analysis::pack::Channel::Call => {
                    duration(ms, lang)
                }
                _ => String::new(),
            };
            if let Some(&kind) = data.facetime.get(&e.id) {
                let via = kind.label(lang);
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
}
