//! Facts and how they read: the values a finding's sentence is built from,
//! written out in Chinese or English, and the fill-in of a pack's sentence
//! templates. The words themselves (channel and role names) are the
//! catalog below; rule sentences live in the packs.

use crate::analysis::pack::{Channel, Lang, Text, placeholders};
use crate::people::party::Role;
use jiff::civil::{Date, DateTime, Time};

/// One fact of a finding.
#[derive(Debug, Clone, PartialEq)]
pub enum Fact {
    Count(u64),
    /// How often something happened: "3 次", "3 times", "once".
    Occurrences(u64),
    /// How many people: "3 位", "3 people", "1 person".
    People(u64),
    Date(Date),
    Time(Time),
    DateTime(DateTime),
    /// From one time to another: "从 A 到 B", or "于 A" when they are one.
    Span(DateTime, DateTime),
    /// Times of day, in order; long lists are shortened.
    Times(Vec<DateTime>),
    /// Times of one night, in order: those after midnight are marked as
    /// the next day's, even when every one of them is.
    NightTimes(Date, Vec<DateTime>),
    /// Counts per channel.
    Channels(Vec<(Channel, u64)>),
    Role(Option<Role>),
    /// Counts per role.
    Roles(Vec<(Option<Role>, u64)>),
    /// Lexicon categories.
    Categories(Vec<String>),
    /// A person or organisation as the user named it (same in both
    /// languages).
    Name(String),
    /// The debtor, or another person.
    Target(Option<String>),
    /// Words quoted from a message.
    Quote(String),
    /// A channel name.
    Channel(Channel),
    /// Words of the program's own, in both languages.
    Localized(Text),
}

/// The facts of a finding by placeholder name.
pub type Facts = Vec<(&'static str, Fact)>;

/// At most this many times are listed in a sentence; the rest are counted.
const MAX_TIMES: usize = 12;

impl Fact {
    pub fn render(&self, lang: Lang) -> String {
        match self {
            Fact::Count(n) => n.to_string(),
            Fact::Occurrences(n) => match (lang, n) {
                (Lang::Zh, n) => format!("{n} 次"),
                (Lang::En, 1) => "once".into(),
                (Lang::En, 2) => "twice".into(),
                (Lang::En, n) => format!("{n} times"),
            },
            Fact::People(n) => match (lang, n) {
                (Lang::Zh, n) => format!("{n} 位"),
                (Lang::En, 1) => "1 person".into(),
                (Lang::En, n) => format!("{n} people"),
            },
            Fact::Date(d) => date(*d, lang),
            Fact::Time(t) => t.strftime("%H:%M").to_string(),
            Fact::DateTime(dt) => format!("{} {}", date(dt.date(), lang), dt.strftime("%H:%M:%S")),
            Fact::Span(a, b) => {
                let (a, b) = (
                    Fact::DateTime(*a).render(lang),
                    Fact::DateTime(*b).render(lang),
                );
                match (lang, a == b) {
                    (Lang::Zh, true) => format!("时间为 {a}"),
                    (Lang::Zh, false) => format!("从 {a} 到 {b}"),
                    (Lang::En, true) => format!("on {a}"),
                    (Lang::En, false) => format!("from {a} to {b}"),
                }
            }
            Fact::Times(times) => {
                let shown = &times[..times.len().min(MAX_TIMES)];
                let first = shown.first().map(|t| t.date());
                let next = first.and_then(|d| d.tomorrow().ok());
                if shown.iter().all(|t| Some(t.date()) == first) {
                    clock_times(times, None, lang)
                } else if shown
                    .iter()
                    .all(|t| Some(t.date()) == first || Some(t.date()) == next)
                {
                    // One night or two days: the later day's times marked.
                    clock_times(times, first, lang)
                } else {
                    dated_times(times, lang)
                }
            }
            Fact::NightTimes(night, times) => clock_times(times, Some(*night), lang),
            Fact::Channels(list) => {
                let parts: Vec<String> = list
                    .iter()
                    .map(|(c, n)| channel_count(*c, *n, lang))
                    .collect();
                join(&parts, lang)
            }
            Fact::Role(role) => role_name(*role, lang).to_owned(),
            Fact::Roles(list) => {
                let parts: Vec<String> = list
                    .iter()
                    .map(|(r, n)| match lang {
                        Lang::Zh => format!("{} {n} 人", role_name(*r, lang)),
                        Lang::En => format!("{}: {n}", role_name(*r, lang)),
                    })
                    .collect();
                join(&parts, lang)
            }
            Fact::Categories(list) => {
                let parts: Vec<String> = list
                    .iter()
                    .map(|c| category_name(c, lang).to_owned())
                    .collect();
                join(&parts, lang)
            }
            Fact::Name(name) => name.clone(),
            Fact::Target(None) => match lang {
                Lang::Zh => "债务人".into(),
                Lang::En => "the debtor".into(),
            },
            Fact::Target(Some(name)) => name.clone(),
            Fact::Quote(words) => words.clone(),
            Fact::Channel(c) => match lang {
                Lang::Zh => channel_name(*c, lang).to_owned(),
                Lang::En => {
                    let name = channel_name(*c, lang);
                    let article = if matches!(c, Channel::Sms | Channel::Mms | Channel::Other) {
                        "an"
                    } else {
                        "a"
                    };
                    format!("{article} {name}")
                }
            },
            Fact::Localized(text) => text.get(lang).to_owned(),
        }
    }
}

/// Times of day, joined; a time on another day than `day` is marked as the
/// next day's; more than [`MAX_TIMES`] are counted.
fn clock_times(times: &[DateTime], day: Option<Date>, lang: Lang) -> String {
    let parts: Vec<String> = times
        .iter()
        .take(MAX_TIMES)
        .map(|t| {
            let next = day.is_some_and(|d| t.date() != d);
            match (next, lang) {
                (true, Lang::Zh) => format!("次日{}", t.strftime("%H:%M:%S")),
                (true, Lang::En) => format!("{} (next day)", t.strftime("%H:%M:%S")),
                (false, _) => t.strftime("%H:%M:%S").to_string(),
            }
        })
        .collect();
    join_shown(parts, times.len(), lang)
}

/// The times shown, and how many more there are.
fn join_shown(mut parts: Vec<String>, all: usize, lang: Lang) -> String {
    if all > MAX_TIMES {
        let more = all - MAX_TIMES;
        parts.push(match lang {
            Lang::Zh => format!("另有 {more} 次"),
            Lang::En => format!("and {more} more"),
        });
    }
    join(&parts, lang)
}

/// Times over several days: each with its date where the date changes.
fn dated_times(times: &[DateTime], lang: Lang) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut day: Option<Date> = None;
    for t in times.iter().take(MAX_TIMES) {
        let clock = t.strftime("%H:%M:%S").to_string();
        if day == Some(t.date()) {
            parts.push(clock);
        } else {
            day = Some(t.date());
            parts.push(format!("{} {clock}", date(t.date(), lang)));
        }
    }
    join_shown(parts, times.len(), lang)
}

/// Fills a template's `{placeholders}` with the facts; a placeholder
/// without a fact is left as written (packs are checked against each
/// check's facts when they load).
pub fn fill(template: &str, facts: &Facts, lang: Lang) -> String {
    let mut out = template.to_owned();
    for name in placeholders(template).collect::<Vec<_>>() {
        if let Some((_, fact)) = facts.iter().find(|(n, _)| *n == name) {
            out = out.replace(&format!("{{{name}}}"), &fact.render(lang));
        }
    }
    out
}

/// A template filled in both languages.
pub fn sentence(template: &Text, facts: &Facts) -> Text {
    Text {
        zh: fill(&template.zh, facts, Lang::Zh),
        en: fill(&template.en, facts, Lang::En),
    }
}

pub fn date(d: Date, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
        Lang::En => d.strftime("%-d %B %Y").to_string(),
    }
}

fn join(parts: &[String], lang: Lang) -> String {
    parts.join(match lang {
        Lang::Zh => "、",
        Lang::En => ", ",
    })
}

/// A channel's name ([`Channel::label`]).
pub fn channel_name(channel: Channel, lang: Lang) -> &'static str {
    channel.label(lang)
}

fn channel_count(channel: Channel, n: u64, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{}{n}次", channel_name(channel, lang)),
        Lang::En => {
            let name = channel_name(channel, lang);
            let plural = match (n, channel) {
                (1, _) | (_, Channel::Sms | Channel::Mms) => name.to_owned(),
                _ => format!("{name}s"),
            };
            format!("{n} {plural}")
        }
    }
}

/// A role's name ([`Role::label`]), or how an unlabelled person is named.
pub fn role_name(role: Option<Role>, lang: Lang) -> &'static str {
    match (role, lang) {
        (Some(role), _) => role.label(lang),
        (None, Lang::Zh) => "未标注身份的人",
        (None, Lang::En) => "not labelled",
    }
}

pub fn category_name(category: &str, lang: Lang) -> &str {
    match (lang, category) {
        (Lang::Zh, "threat") => "威胁",
        (Lang::Zh, "insult") => "辱骂",
        (Lang::Zh, "exposure") => "以告知单位、家人或公开曝光相要挟",
        (Lang::Zh, "fake_legal") => "假冒法律文书或公检法",
        (Lang::Zh, "mislead") => "虚构黑名单或夸大法律后果",
        (Lang::Zh, "legal_notice") => "征信上报、法务处理或起诉的告知",
        (Lang::Zh, "visit") => "上门",
        (Lang::Zh, "posted") => "张贴催收告示",
        (Lang::Zh, "debt") => "债务信息",
        (Lang::En, "threat") => "threats",
        (Lang::En, "insult") => "insults",
        (Lang::En, "exposure") => "threats to tell the employer, family or public",
        (Lang::En, "fake_legal") => "fake legal notices or impersonation of authorities",
        (Lang::En, "mislead") => "a made-up blacklist or exaggerated legal consequences",
        (Lang::En, "legal_notice") => {
            "notice of credit reporting, the legal department or a lawsuit"
        }
        (Lang::En, "visit") => "a visit",
        (Lang::En, "posted") => "a notice posted in public",
        (Lang::En, "debt") => "information about the debt",
        (_, other) => other,
    }
}
