//! `dossier timeline`: the events in time order with their sources.

use crate::*;
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct TimelineArgs {
    /// The case folder.
    pub case: PathBuf,
    /// From this day or time (case time zone), inclusive.
    #[arg(long)]
    pub from: Option<String>,
    /// Up to this day or time (case time zone), exclusive.
    #[arg(long)]
    pub to: Option<String>,
    /// Print the documented JSON schema (dossier.timeline/1) instead of text.
    #[arg(long)]
    pub json: bool,
}

pub(crate) fn timeline_cmd(lang: Lang, a: TimelineArgs) -> Exit {
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

/// This command's help in Chinese, by subcommand and argument id (an empty
/// id is the command's own summary); the English help is the doc comments
/// above.
pub(crate) const HELP_ZH: &[(&str, &str, &str)] = &[
    ("timeline", "", "按时间顺序列出案件中的事件及其来源"),
    ("timeline", "case", "案件文件夹"),
    ("timeline", "from", "起始日期或时间（按案件时区，含）"),
    ("timeline", "to", "截止日期或时间（按案件时区，不含）"),
    (
        "timeline",
        "json",
        "输出文档化的 JSON（dossier.timeline/1）而不是文字",
    ),
];
