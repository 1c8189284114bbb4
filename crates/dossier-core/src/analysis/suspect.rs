//! Suspected collectors: numbers nobody has labelled that behave like
//! collectors — many calls, short or unanswered, at night, several numbers
//! from one prefix block, hidden numbers, hostile words. They are offered
//! to the user with the reasons and never counted until labelled.

use crate::analysis::found::Texts;
use crate::analysis::in_night;
use crate::analysis::pack::{Lang, Pack};
use crate::analysis::render::{category_name, date};
use crate::analysis::text::TextMatch;
use crate::analysis::{Data, Event};
use crate::people::party::display_key;
use jiff::civil::{Date, DateTime, Time};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Why a number looks like a collector.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    /// Many calls in all.
    ManyCalls { calls: u64 },
    /// Many calls on one day.
    BusyDay { date: Date, calls: u64 },
    /// Most calls unanswered, rejected or only seconds long.
    Unanswered { unanswered: u64, calls: u64 },
    /// Contacts in the night.
    Night { contacts: u64 },
    /// Several numbers from one prefix block call.
    Block { block: String, numbers: u64 },
    /// Words of a text rule's lexicon in a message.
    Words { category: String, words: String },
    /// The caller hid the number.
    Hidden,
}

impl Reason {
    /// A stable code for the reason, for JSON and the app.
    pub fn code(&self) -> &'static str {
        match self {
            Reason::ManyCalls { .. } => "many_calls",
            Reason::BusyDay { .. } => "busy_day",
            Reason::Unanswered { .. } => "unanswered",
            Reason::Night { .. } => "night",
            Reason::Block { .. } => "number_block",
            Reason::Words { .. } => "words",
            Reason::Hidden => "hidden",
        }
    }

    pub fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (Reason::ManyCalls { calls }, Lang::Zh) => format!("共来电 {calls} 次"),
            (Reason::ManyCalls { calls }, Lang::En) => format!("{calls} calls in all"),
            (Reason::BusyDay { date: d, calls }, Lang::Zh) => {
                format!("{} 一天来电 {calls} 次", date(*d, lang))
            }
            (Reason::BusyDay { date: d, calls }, Lang::En) => {
                format!("{calls} calls on {}", date(*d, lang))
            }
            (Reason::Unanswered { unanswered, calls }, Lang::Zh) => {
                format!("{calls} 次来电中 {unanswered} 次未接通、被拒接或很短")
            }
            (Reason::Unanswered { unanswered, calls }, Lang::En) => {
                format!("{unanswered} of {calls} calls unanswered, rejected or very short")
            }
            (Reason::Night { contacts }, Lang::Zh) => format!("夜间联系 {contacts} 次"),
            (Reason::Night { contacts }, Lang::En) => format!("{contacts} contacts at night"),
            (Reason::Block { block, numbers }, Lang::Zh) => {
                format!("号段 {block}… 共有 {numbers} 个号码来电")
            }
            (Reason::Block { block, numbers }, Lang::En) => {
                format!("{numbers} numbers from the block {block}… called")
            }
            (Reason::Words { category, words }, Lang::Zh) => {
                format!(
                    "短信/消息含有{}的内容：“{words}”",
                    category_name(category, lang)
                )
            }
            (Reason::Words { category, words }, Lang::En) => {
                format!(
                    "a message contained {}: “{words}”",
                    category_name(category, lang)
                )
            }
            (Reason::Hidden, Lang::Zh) => "隐藏号码来电，无法确认身份".into(),
            (Reason::Hidden, Lang::En) => "the caller hid the number".into(),
        }
    }
}

/// A number (or all hidden numbers) that looks like a collector's.
#[derive(Debug, Clone, PartialEq)]
pub struct Suspect {
    /// The party key; `None` stands for hidden numbers, which cannot be
    /// labelled because they are never one party.
    pub key: Option<String>,
    pub calls: u64,
    pub messages: u64,
    pub first: DateTime,
    pub last: DateTime,
    pub reasons: Vec<Reason>,
    /// The events that show it, in time order.
    pub events: Vec<i64>,
}

impl Suspect {
    /// How the number reads.
    pub fn label(&self, lang: Lang) -> String {
        match (&self.key, lang) {
            (Some(key), _) => display_key(key).to_owned(),
            (None, Lang::Zh) => "隐藏号码".into(),
            (None, Lang::En) => "hidden numbers".into(),
        }
    }
}

/// What one candidate did.
#[derive(Default)]
struct Tally {
    events: Vec<usize>,
    calls: u64,
    messages: u64,
    unanswered: u64,
    night: u64,
    outgoing: u64,
    per_day: BTreeMap<Date, u64>,
    words: Option<(String, String)>,
}

/// The number's prefix block: an E.164 number without its last digits.
fn block(key: &str, digits: u32) -> Option<String> {
    let number = key.strip_prefix("tel:+")?;
    let keep = number.len().checked_sub(digits as usize)?;
    (keep >= 6 && number.bytes().all(|b| b.is_ascii_digit()))
        .then(|| format!("+{}", &number[..keep]))
}

/// Suspected collectors, most reasons first.
pub(crate) fn find(
    data: &Data,
    pack: &Pack,
    night: Option<(Time, Time)>,
    texts: &Texts,
) -> Vec<Suspect> {
    let params = &pack.suspect;
    const HOSTILE: [&str; 4] = ["threat", "insult", "exposure", "fake_legal"];
    let hostile: HashMap<usize, &TextMatch> = texts
        .matching(&HOSTILE)
        .filter_map(|(i, found)| found.first().map(|m| (i, *m)))
        .collect();
    let owners: HashSet<u32> = data.events.iter().filter_map(|e| e.owner).collect();
    let candidate = |p: u32| {
        let party = data.party(p);
        party.role.is_none() && !party.is_debtor() && !owners.contains(&p)
    };
    let short_ms = u64::from(params.short_call_seconds) * 1000;
    let mut tallies: BTreeMap<Option<u32>, Tally> = BTreeMap::new();
    for (i, e) in data.events.iter().enumerate() {
        let key = match e.party {
            Some(p) if candidate(p) => Some(p),
            None if e.hidden => None,
            _ => continue,
        };
        let tally = tallies.entry(key).or_default();
        if !e.is_inbound() {
            tally.outgoing += 1;
            continue;
        }
        tally.events.push(i);
        if e.is_call_attempt() {
            tally.calls += 1;
            *tally.per_day.entry(e.date()).or_default() += 1;
            if !e.is_connected_call() || e.duration_ms.is_some_and(|d| d < short_ms) {
                tally.unanswered += 1;
            }
        } else if e.body.is_some() {
            tally.messages += 1;
            if tally.words.is_none()
                && let Some(m) = hostile.get(&i)
            {
                tally.words = Some((m.category.clone(), m.words.clone()));
            }
        }
        if night.is_some_and(|(start, end)| in_night(e.local.time(), start, end)) {
            tally.night += 1;
        }
    }
    // Numbers per prefix block, among collectors and callers not labelled.
    let mut blocks: BTreeMap<String, BTreeSet<u32>> = BTreeMap::new();
    let callers = tallies
        .iter()
        .filter(|(_, t)| t.calls > 0)
        .filter_map(|(k, _)| *k)
        .chain((0..data.parties.len() as u32).filter(|&p| data.party(p).is_collection()));
    for p in callers {
        if let Some(b) = block(&data.party(p).key, params.block_digits) {
            blocks.entry(b).or_default().insert(p);
        }
    }
    let mut suspects = Vec::new();
    for (key, tally) in tallies {
        if tally.events.is_empty() || tally.outgoing > tally.events.len() as u64 {
            continue;
        }
        let mut reasons = Vec::new();
        if key.is_none() {
            reasons.push(Reason::Hidden);
        }
        if tally.calls >= u64::from(params.min_calls) {
            reasons.push(Reason::ManyCalls { calls: tally.calls });
        }
        if let Some((&date, &calls)) = tally
            .per_day
            .iter()
            .max_by_key(|(d, n)| (**n, std::cmp::Reverse(**d)))
            && calls >= u64::from(params.busy_day_calls)
        {
            reasons.push(Reason::BusyDay { date, calls });
        }
        if tally.calls >= 2
            && tally.unanswered as f64 >= params.unanswered_share * tally.calls as f64
        {
            reasons.push(Reason::Unanswered {
                unanswered: tally.unanswered,
                calls: tally.calls,
            });
        }
        if tally.night > 0 {
            reasons.push(Reason::Night {
                contacts: tally.night,
            });
        }
        if let Some(p) = key
            && let Some(b) = block(&data.party(p).key, params.block_digits)
            && let Some(numbers) = blocks.get(&b)
            && numbers.len() as u64 >= u64::from(params.block_numbers)
        {
            reasons.push(Reason::Block {
                block: b,
                numbers: numbers.len() as u64,
            });
        }
        let words = tally.words.is_some();
        if let Some((category, words)) = tally.words {
            reasons.push(Reason::Words { category, words });
        }
        if reasons.len() < params.min_reasons as usize && !words {
            continue;
        }
        let first: &Event = &data.events[tally.events[0]];
        let last: &Event = &data.events[tally.events[tally.events.len() - 1]];
        suspects.push(Suspect {
            key: key.map(|p| data.party(p).key.clone()),
            calls: tally.calls,
            messages: tally.messages,
            first: first.local,
            last: last.local,
            reasons,
            events: tally.events.iter().map(|&i| data.events[i].id).collect(),
        });
    }
    suspects.sort_by(|a, b| {
        (b.reasons.len(), b.calls + b.messages, &a.key).cmp(&(
            a.reasons.len(),
            a.calls + a.messages,
            &b.key,
        ))
    });
    suspects
}
