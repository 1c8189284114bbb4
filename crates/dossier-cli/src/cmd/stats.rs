//! `dossier stats`: contacts per day and hour, numbers, parties, people reached.

use super::check::load_analysis;
use crate::i18n::Lang;
use crate::{Exit, json};
use clap::Args;
use dossier_core::analysis;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// The case folder.
    pub case: PathBuf,
    /// Print the documented JSON schema (dossier.stats/1) instead of text.
    #[arg(long)]
    pub json: bool,
}

pub(crate) fn stats_cmd(lang: Lang, a: StatsArgs) -> Exit {
    use analysis::pack::Channel;
    use dossier_core::import::Direction;
    let (case, data, pack) = match load_analysis(lang, &a.case, None) {
        Ok(loaded) => loaded,
        Err(exit) => return exit,
    };
    let stats = analysis::stats::stats(&data, &pack);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if a.json {
        let _ = writeln!(out, "{}", json::stats(case.info(), &stats));
        return Exit::Success;
    }
    let channels: Vec<String> = stats
        .by_channel
        .iter()
        .map(|(c, n)| format!("{} {n}", analysis::render::channel_name(*c, lang)))
        .collect();
    let sep = if lang == Lang::Zh { "、" } else { ", " };
    let _ = say_to!(
        out,
        "{}",
        lang.stats_header(&stats.time_zone, stats.events, &channels.join(sep))
    );
    let when =
        |t: Option<jiff::civil::DateTime>| t.map(|t| t.strftime("%Y-%m-%d %H:%M:%S").to_string());
    let _ = say_to!(
        out,
        "{}",
        lang.stats_contacts(
            stats.collection_contacts,
            when(stats.first_contact).as_deref(),
            when(stats.last_contact).as_deref()
        )
    );
    let _ = say_to!(
        out,
        "{}",
        lang.stats_numbers(
            stats.numbers,
            stats.collection_numbers,
            stats.hidden_events,
            stats.third_parties_reached
        )
    );
    let _ = say_to!(out, "\n{}", lang.stats_days_heading());
    let mut days: std::collections::BTreeMap<jiff::civil::Date, [u64; 7]> = Default::default();
    for d in &stats.days {
        let row = days.entry(d.date).or_default();
        let slot = match (d.channel, d.direction) {
            (Channel::Call, Some(Direction::In)) => 0,
            (Channel::Call, Some(Direction::Out)) => 2,
            (Channel::Call, Some(_)) => 1,
            (c, Some(Direction::Out)) if c.is_text() => 4,
            (c, _) if c.is_text() => 3,
            _ => 5,
        };
        row[slot] += d.count;
        row[6] += d.collection;
    }
    for (date, row) in &days {
        let _ = say_to!(out, "  {}", lang.stats_day(&lang.day(*date), *row));
    }
    let _ = say_to!(out, "\n{}", lang.stats_hours_heading());
    let peak = stats
        .hours
        .iter()
        .map(|h| h.incoming)
        .max()
        .unwrap_or(0)
        .max(1);
    for h in &stats.hours {
        let bar = "█".repeat(((h.incoming * 40).div_ceil(peak)) as usize);
        let _ = say_to!(
            out,
            "  {:02} {} {bar} {} ({})",
            h.hour,
            if h.night { '*' } else { ' ' },
            h.incoming,
            h.collection
        );
    }
    if !stats.parties.is_empty() {
        let _ = say_to!(out, "\n{}", lang.stats_parties_heading());
        for p in &stats.parties {
            let who = match &p.name {
                Some(name) => format!(
                    "{} {name}",
                    dossier_core::people::party::display_key(&p.key)
                ),
                None => dossier_core::people::party::display_key(&p.key).to_owned(),
            };
            let talk = format!(
                "{}:{:02}:{:02}",
                p.talk_seconds / 3600,
                p.talk_seconds / 60 % 60,
                p.talk_seconds % 60
            );
            let _ = say_to!(
                out,
                "  {who} [{}{}]  {}/{}/{}  {}/{}  {talk}",
                lang.role_or_unlabelled(p.role),
                p.group
                    .as_ref()
                    .map(|g| format!(" · {g}"))
                    .unwrap_or_default(),
                p.calls_in,
                p.calls_unanswered,
                p.calls_out,
                p.messages_in,
                p.messages_out,
            );
        }
    }
    Exit::Success
}

/// This command's help in Chinese, by subcommand and argument id (an empty
/// id is the command's own summary); the English help is the doc comments
/// above.
pub(crate) const HELP_ZH: &[(&str, &str, &str)] = &[
    (
        "stats",
        "",
        "统计：每日和每小时的联系次数、号码、当事方、被联系的第三人",
    ),
    ("stats", "case", "案件文件夹"),
    (
        "stats",
        "json",
        "输出文档中约定的 JSON（dossier.stats/1）而不是文字",
    ),
];
