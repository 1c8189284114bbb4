//! `dossier timeline`: the events in time order with their sources.

use crate::*;

pub(crate) fn timeline_cmd(lang: Lang, a: args::TimelineArgs) -> Exit {
    let case = match open_case(lang, &a.case) {
        Ok(case) => case,
        Err(exit) => return exit,
    };
    let info = case.info();
    let bound = |text: &Option<String>| match text {
        Some(text) => dossier_core::when::parse_bound(text, &info.time_zone, &info.time_zone_name)
            .map(|t| Some(t.at)),
        None => Ok(None),
    };
    let (from, to) = match (bound(&a.from), bound(&a.to)) {
        (Ok(from), Ok(to)) => (from, to),
        (Err(e), _) | (_, Err(e)) => {
            fail(lang.time_error(&e));
            return Exit::BadInput;
        }
    };
    let entries = match dossier_core::query::timeline::entries(&case, from, to) {
        Ok(entries) => entries,
        Err(e) => {
            fail(lang.case_error(&CaseError::Sqlite {
                context: "reading the timeline",
                source: e,
            }));
            return Exit::Integrity;
        }
    };
    let mut out = std::io::stdout().lock();
    if a.json {
        let _ = writeln!(out, "{}", json::timeline(info, &entries));
        return Exit::Success;
    }
    if entries.is_empty() {
        let _ = say_to!(out, "{}", lang.timeline_empty());
        return Exit::Success;
    }
    let mut day = String::new();
    for e in &entries {
        let local = e.at.to_zoned_datetime(info.time_zone.clone());
        let this_day = lang.day(local.date());
        if this_day != day {
            let _ = say_to!(out, "\n{this_day}");
            day = this_day;
        }
        let _ = say_to!(
            out,
            "{}",
            lang.timeline_line(&local.strftime("%H:%M:%S").to_string(), e)
        );
    }
    Exit::Success
}
