//! Rule packs: the rules of one jurisdiction as data (`rules/cn.toml`,
//! `rules/us.toml`), with the lexicons their text rules use
//! (`rules/lexicon-*.toml`). Loading checks everything the engine relies on —
//! every rule has a source and a confidence mark, parameters of the right
//! type, and sentences that only use the facts its check provides — so a bad
//! pack is refused with the rule and field named, before any case is read.

pub use crate::model::lang::Lang;

mod params;

use crate::analysis::pack::params::{Params, TARGETS};
use crate::analysis::text::{Lexicon, LexiconError};
use jiff::civil::Time;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// A text in both languages of the program.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl Text {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// How sure we are of a rule's source: the primary text was read (`P`), or
/// secondary sources agree on it (`S`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confidence {
    Primary,
    Secondary,
}

impl Confidence {
    pub fn mark(self) -> &'static str {
        match self {
            Confidence::Primary => "P",
            Confidence::Secondary => "S",
        }
    }

    fn parse(text: &str) -> Option<Confidence> {
        match text {
            "P" => Some(Confidence::Primary),
            "S" => Some(Confidence::Secondary),
            _ => None,
        }
    }
}

/// Where a rule comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub cite: Text,
    pub confidence: Confidence,
}

pub use crate::model::channel::Channel;

/// What a daily count counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counted {
    /// Calls from the collector that were answered.
    Connected,
    /// Every call from the collector, answered or not.
    Attempts,
}

/// Whose phone a count looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Debtor,
    Anyone,
}

/// Whose contacts a rule counts (`params.by`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum By {
    /// Lenders, their agencies and collectors (`collection`, the default):
    /// China's guidelines bind the lender itself.
    #[default]
    Collection,
    /// Agencies and collectors only (`debt_collector`): the FDCPA and
    /// Regulation F bind debt collectors, not a creditor collecting its
    /// own debt.
    DebtCollector,
}

impl By {
    pub fn counts(self, party: &crate::analysis::Party) -> bool {
        match self {
            By::Collection => party.is_collection(),
            By::DebtCollector => matches!(
                party.role,
                Some(crate::people::party::Role::Agency | crate::people::party::Role::Collector)
            ),
        }
    }
}

/// The engine's check a rule runs, with its parameters.
#[derive(Debug, Clone, PartialEq)]
pub enum Check {
    /// Contacts in the night, grouped by night.
    Hours {
        night_start: Time,
        night_end: Time,
        channels: Vec<Channel>,
        /// Whom the hours protect: anyone reached, or (Regulation F's
        /// "consumer") only the debtor.
        to: Target,
    },
    /// More than `max` calls to one person in one local day, per lender.
    DailyCount {
        count: Counted,
        to: Target,
        max: u32,
    },
    /// Collection contacts with people other than the debtor and guarantor;
    /// a person is a finding when contacted more than `max_contacts` times.
    ThirdParty { max_contacts: u32 },
    /// Collectors' messages to third parties that mention a debt.
    Disclose { categories: Vec<String> },
    /// Messages, and typed notes, whose words match the lexicon's
    /// categories.
    Text { categories: Vec<String> },
    /// Visits described in typed notes: a note of a visit, or a note whose
    /// words match the categories (两名男子到家门口).
    Visit { categories: Vec<String> },
    /// More than `max` calls to one person about one debt in any `days`
    /// consecutive local days.
    RollingCount { days: u32, max: u32 },
    /// Calls within `days` days after a telephone conversation, the day of
    /// the conversation being the first.
    AfterConversation { days: u32 },
    /// Communications in `channels` that reached the consumer from a
    /// collector after the day it received the consumer's written request
    /// to stop (15 U.S.C. 1692c(c)); calls count when answered.
    AfterCease { channels: Vec<Channel> },
}

impl Check {
    pub fn name(&self) -> &'static str {
        match self {
            Check::Hours { .. } => "hours",
            Check::DailyCount { .. } => "daily_count",
            Check::ThirdParty { .. } => "third_party",
            Check::Disclose { .. } => "disclose",
            Check::Text { .. } => "text",
            Check::Visit { .. } => "visit",
            Check::RollingCount { .. } => "rolling_count",
            Check::AfterConversation { .. } => "after_conversation",
            Check::AfterCease { .. } => "after_cease",
        }
    }

    /// The placeholders the check's sentences may use.
    pub fn placeholders(name: &str) -> Option<&'static [&'static str]> {
        Some(match name {
            "hours" => &[
                "night",
                "night_start",
                "night_end",
                "target",
                "count",
                "channels",
                "times",
            ],
            "daily_count" => &[
                "date",
                "group",
                "target",
                "count",
                "unanswered",
                "max",
                "times",
            ],
            "third_party" => &[
                "person", "role", "count", "channels", "first", "last", "span", "people", "roles",
            ],
            "disclose" => &[
                "date", "time", "person", "role", "quote", "channel", "sender",
            ],
            "text" => &[
                "date", "time", "sender", "channel", "category", "quote", "target",
            ],
            "visit" => &["date", "time", "sender", "quote", "target"],
            "rolling_count" => &[
                "from",
                "to",
                "group",
                "target",
                "count",
                "peak",
                "peak_from",
                "peak_to",
                "max",
            ],
            "after_conversation" => &["conversation", "until", "group", "target", "count", "times"],
            "after_cease" => &[
                "collector",
                "received",
                "target",
                "count",
                "channels",
                "times",
                "span",
                "unanswered",
            ],
            _ => return None,
        })
    }
}

/// One rule of a pack.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub check: Check,
    pub confidence: Confidence,
    pub title: Text,
    pub explanation: Text,
    pub sources: Vec<Source>,
    /// One finding's sentence.
    pub sentence: Text,
    /// A sentence over all the rule's findings, for checks that have one.
    pub summary: Option<Text>,
    /// Whose contacts it counts.
    pub by: By,
}

/// How numbers are picked as suspected collectors. Heuristics for a
/// suggestion, never legal thresholds.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SuspectParams {
    pub min_calls: u32,
    pub busy_day_calls: u32,
    pub short_call_seconds: u32,
    pub unanswered_share: f64,
    pub block_digits: u32,
    pub block_numbers: u32,
    pub min_reasons: u32,
}

/// Parameters of the playbook's pattern facts.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatternParams {
    /// The days of the month the collectors' playbook says to press
    /// borrowers on (around paydays in general, not this borrower's: those
    /// the case records). `paydays` is the name packs before 0.x used.
    #[serde(alias = "paydays")]
    pub playbook_days: Vec<i8>,
}

/// A jurisdiction's rules.
#[derive(Debug, Clone)]
pub struct Pack {
    pub id: String,
    pub name: Text,
    pub time_zone: String,
    pub rules: Vec<Rule>,
    pub lexicon: Lexicon,
    pub suspect: SuspectParams,
    pub patterns: PatternParams,
}

impl Pack {
    /// The night of the pack's hours rule (start included, end not).
    pub fn night(&self) -> Option<(Time, Time)> {
        self.rules.iter().find_map(|r| match r.check {
            Check::Hours {
                night_start,
                night_end,
                ..
            } => Some((night_start, night_end)),
            _ => None,
        })
    }
}

/// Why a pack could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum PackError {
    #[error("{name}: unknown rule pack — use cn or us, or the path of a pack file")]
    Unknown { name: String },
    #[error("cannot read the rule pack {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("rule pack {file}: line {line}: {message}")]
    Syntax {
        file: String,
        line: usize,
        message: String,
    },
    #[error("rule pack {file}: {place}: {message}")]
    Invalid {
        file: String,
        place: String,
        message: String,
    },
    #[error("rule pack {file}: {source}")]
    Lexicon { file: String, source: LexiconError },
}

const CN: &str = include_str!("../../../rules/cn.toml");
const US: &str = include_str!("../../../rules/us.toml");

impl Pack {
    /// A built-in pack (`cn`, `us`) or a pack file.
    pub fn load(name_or_path: &str) -> Result<Pack, PackError> {
        match name_or_path {
            "cn" => Pack::parse("cn.toml", CN),
            "us" => Pack::parse("us.toml", US),
            other => {
                let path = Path::new(other);
                if !other.ends_with(".toml") && !path.exists() {
                    return Err(PackError::Unknown {
                        name: other.to_owned(),
                    });
                }
                let text = std::fs::read_to_string(path).map_err(|source| PackError::Read {
                    path: other.to_owned(),
                    source,
                })?;
                Pack::parse(other, &text)
            }
        }
    }

    /// A built-in pack by its id.
    pub fn builtin(rules: crate::model::jurisdiction::Rules) -> Pack {
        let (file, text) = match rules {
            crate::case::Rules::Cn => ("cn.toml", CN),
            crate::case::Rules::Us => ("us.toml", US),
        };
        match Pack::parse(file, text) {
            Ok(pack) => pack,
            // The built-in packs are tested; reaching this is a build error.
            Err(e) => panic!("built-in rule pack is invalid: {e}"),
        }
    }

    /// Parses and checks a pack's text; `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<Pack, PackError> {
        let raw: RawPack = toml::from_str(text).map_err(|e| PackError::Syntax {
            file: file.to_owned(),
            line: e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1)
                .unwrap_or(1),
            message: e.message().to_owned(),
        })?;
        let invalid = |place: &str, message: String| PackError::Invalid {
            file: file.to_owned(),
            place: place.to_owned(),
            message,
        };
        if jiff::tz::TimeZone::get(&raw.time_zone).is_err() {
            return Err(invalid(
                "time_zone",
                format!("{:?} is not a known time zone", raw.time_zone),
            ));
        }
        let lexicon = Lexicon::builtin(&raw.lexicons).map_err(|source| PackError::Lexicon {
            file: file.to_owned(),
            source,
        })?;
        let mut rules: Vec<Rule> = Vec::new();
        for rule in raw.rule {
            let place = format!("rule {}", rule.id);
            if rule.id.trim().is_empty() {
                return Err(invalid("rule", "a rule has an empty id".into()));
            }
            if rules.iter().any(|r| r.id == rule.id) {
                return Err(invalid(&place, "the id is used by two rules".into()));
            }
            if rule.source.is_empty() {
                return Err(invalid(
                    &place,
                    "the rule has no source: every rule needs [[rule.source]] with its citation"
                        .into(),
                ));
            }
            let confidence = Confidence::parse(&rule.confidence).ok_or_else(|| {
                invalid(
                    &place,
                    format!("confidence {:?} is neither P nor S", rule.confidence),
                )
            })?;
            let mut sources = Vec::new();
            for source in rule.source {
                let confidence = Confidence::parse(&source.confidence).ok_or_else(|| {
                    invalid(
                        &place,
                        format!(
                            "a source's confidence {:?} is neither P nor S",
                            source.confidence
                        ),
                    )
                })?;
                if source.cite.zh.trim().is_empty() || source.cite.en.trim().is_empty() {
                    return Err(invalid(&place, "a source has an empty citation".into()));
                }
                sources.push(Source {
                    cite: source.cite,
                    confidence,
                });
            }
            let allowed = Check::placeholders(&rule.check).ok_or_else(|| {
                invalid(
                    &place,
                    format!(
                        "check {:?} is not one of hours, daily_count, third_party, disclose, text, visit, rolling_count, after_conversation, after_cease",
                        rule.check
                    ),
                )
            })?;
            for (what, text) in std::iter::once(("sentence", &rule.sentence))
                .chain(rule.summary.as_ref().map(|s| ("summary", s)))
            {
                for (lang, t) in [("zh", &text.zh), ("en", &text.en)] {
                    for name in placeholders(t) {
                        if !allowed.contains(&name) {
                            return Err(invalid(
                                &place,
                                format!(
                                    "{what}.{lang} uses {{{name}}}, which check {} does not provide (it provides {})",
                                    rule.check,
                                    allowed.join(", ")
                                ),
                            ));
                        }
                    }
                }
            }
            let params = Params {
                table: &rule.params,
                place: &place,
                file,
            };
            let check = match rule.check.as_str() {
                "hours" => Check::Hours {
                    night_start: params.time("night_start")?,
                    night_end: params.time("night_end")?,
                    channels: params.channels("channels")?,
                    to: params.choice("to", TARGETS, Some(Target::Anyone))?,
                },
                "daily_count" => Check::DailyCount {
                    count: params.choice(
                        "count",
                        &[
                            ("connected", Counted::Connected),
                            ("attempts", Counted::Attempts),
                        ],
                        None,
                    )?,
                    to: params.choice("to", TARGETS, None)?,
                    max: params.count("max")?,
                },
                "third_party" => Check::ThirdParty {
                    max_contacts: params.count("max_contacts")?,
                },
                "disclose" | "text" | "visit" => {
                    let categories = params.strings("categories")?;
                    for c in &categories {
                        if !lexicon.has(c) {
                            return Err(invalid(
                                &place,
                                format!("category {c:?} is in none of the pack's lexicons"),
                            ));
                        }
                    }
                    match rule.check.as_str() {
                        "text" => Check::Text { categories },
                        "visit" => Check::Visit { categories },
                        _ => Check::Disclose { categories },
                    }
                }
                "rolling_count" => Check::RollingCount {
                    days: params.positive("days")?,
                    max: params.count("max")?,
                },
                "after_conversation" => Check::AfterConversation {
                    days: params.positive("days")?,
                },
                "after_cease" => Check::AfterCease {
                    channels: params.channels("channels")?,
                },
                _ => unreachable!("placeholders() accepted the check name"),
            };
            let by = params.choice(
                "by",
                &[
                    ("collection", By::Collection),
                    ("debt_collector", By::DebtCollector),
                ],
                Some(By::Collection),
            )?;
            rules.push(Rule {
                by,
                id: rule.id,
                check,
                confidence,
                title: rule.title,
                explanation: rule.explanation,
                sources,
                sentence: rule.sentence,
                summary: rule.summary,
            });
        }
        if rules.is_empty() {
            return Err(invalid("rule", "the pack has no rules".into()));
        }
        if raw
            .patterns
            .playbook_days
            .iter()
            .any(|d| !(1..=31).contains(d))
        {
            return Err(invalid(
                "patterns.playbook_days",
                "days of the month run from 1 to 31".into(),
            ));
        }
        Ok(Pack {
            id: raw.id,
            name: raw.name,
            time_zone: raw.time_zone,
            rules,
            lexicon,
            suspect: raw.suspect,
            patterns: raw.patterns,
        })
    }
}

/// The `{name}`s of a sentence template.
pub(crate) fn placeholders(template: &str) -> impl Iterator<Item = &str> {
    template
        .split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|(name, _)| name))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPack {
    id: String,
    name: Text,
    time_zone: String,
    lexicons: Vec<String>,
    #[serde(default)]
    rule: Vec<RawRule>,
    suspect: SuspectParams,
    patterns: PatternParams,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: String,
    check: String,
    confidence: String,
    title: Text,
    explanation: Text,
    #[serde(default)]
    params: toml::Table,
    sentence: Text,
    summary: Option<Text>,
    #[serde(default)]
    source: Vec<RawSource>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    cite: Text,
    confidence: String,
}

/// The rules of a pack by id, for lookups.
pub fn by_id(pack: &Pack) -> BTreeMap<&str, &Rule> {
    pack.rules.iter().map(|r| (r.id.as_str(), r)).collect()
}
