//! The engine: runs every rule of a pack over a case's events and returns
//! findings, each with a plain-language sentence in Chinese and English
//! built from its facts and the exact events and exhibits that prove it.
//! Output is deterministic: rules in pack order, findings by time, then by
//! the person or lender they concern.

mod sequence;

use crate::analysis::found::Texts;
use crate::analysis::labels::{self, Contradiction};
use crate::analysis::pack::{By, Channel, Check, Counted, Pack, Rule, Target, Text};
use crate::analysis::patterns::{self, PatternFacts};
use crate::analysis::quote::{Quote, channel_fact, quoted, quotes_of};
use crate::analysis::render::{Fact, Facts, sentence};
use crate::analysis::suspect::{self, Suspect};
use crate::analysis::text::TextMatch;
use crate::analysis::{Data, Event, Origin, in_night};
use crate::people::party::Role;
use jiff::Timestamp;
use jiff::civil::{Date, Time};
use std::collections::{BTreeMap, BTreeSet};

/// A rule matched on a set of events.
#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: String,
    /// When the first event happened.
    pub at: Timestamp,
    pub sentence: Text,
    /// How many events (contacts, calls, messages) the finding counts.
    pub count: u64,
    /// The events that prove it, in time order, as indices into
    /// [`Data::events`] (see [`Data::sources`] for their records).
    pub events: Vec<u32>,
    /// Every exhibit that shows one of those events, ascending.
    pub exhibits: Vec<i64>,
    pub quotes: Vec<Quote>,
    /// The third party the finding concerns (a party key), for rules about
    /// people other than the debtor.
    pub person: Option<String>,
}

/// A rule and what it found.
#[derive(Debug, Clone)]
pub struct RuleResult {
    pub rule: Rule,
    pub findings: Vec<Finding>,
    /// A sentence over all findings, for rules that have one.
    pub summary: Option<Text>,
}

impl RuleResult {
    /// Distinct events cited by the rule's findings.
    pub fn events(&self) -> usize {
        self.findings
            .iter()
            .flat_map(|f| f.events.iter())
            .collect::<BTreeSet<_>>()
            .len()
    }
}

/// Everything `dossier check` reports.
#[derive(Debug, Clone)]
pub struct Report {
    pub pack: String,
    pub pack_name: Text,
    pub time_zone: String,
    /// Every rule of the pack, in pack order, found or not.
    pub rules: Vec<RuleResult>,
    /// Numbers that look like collectors but are not labelled: offered to
    /// the user, never counted.
    pub suspects: Vec<Suspect>,
    pub patterns: PatternFacts,
    /// Labels some of the party's own records contradict (another company
    /// named as the caller's own): for the user to check, never a finding.
    pub contradictions: Vec<Contradiction>,
    /// Events of the case, and how many are collection contacts.
    pub events: u64,
    pub collection_contacts: u64,
}

/// Runs a pack over a case's events.
pub fn check(data: &Data, pack: &Pack) -> Report {
    let texts = Texts::find(data, pack);
    // Rules are independent: two workers take them in turn.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(rule) = pack.rules.get(i) else {
                return done;
            };
            done.push((i, evaluate(data, &texts, rule)));
        }
    };
    let mut results: Vec<(usize, RuleResult)> = std::thread::scope(|scope| {
        let other = scope.spawn(work);
        let mut mine = work();
        // A worker that panicked is a bug; its rules are evaluated again here
        // so that the panic surfaces on this thread.
        match other.join() {
            Ok(theirs) => mine.extend(theirs),
            Err(panic) => std::panic::resume_unwind(panic),
        }
        mine
    });
    results.sort_by_key(|(i, _)| *i);
    let night = pack.night();
    Report {
        pack: pack.id.clone(),
        pack_name: pack.name.clone(),
        time_zone: data.zone_name.clone(),
        rules: results.into_iter().map(|(_, r)| r).collect(),
        suspects: suspect::find(data, pack, night, &texts),
        patterns: patterns::find(data, pack, &texts),
        contradictions: labels::find(data),
        events: data.events.len() as u64,
        collection_contacts: data
            .events
            .iter()
            .filter(|e| data.is_collection_contact(e))
            .count() as u64,
    }
}

/// One rule over the events.
fn evaluate(data: &Data, texts: &Texts, rule: &Rule) -> RuleResult {
    let mut findings = match &rule.check {
        Check::Hours {
            night_start,
            night_end,
            channels,
            to,
        } => hours(data, rule, (*night_start, *night_end), channels, *to),
        Check::DailyCount { count, to, max } => daily_count(data, rule, *count, *to, *max),
        Check::ThirdParty { max_contacts } => third_party(data, rule, *max_contacts),
        Check::Disclose { categories } => disclose(data, texts, rule, categories),
        Check::Text { categories } => text(data, texts, rule, categories),
        Check::Visit { categories } => visit(data, texts, rule, categories),
        Check::RollingCount { days, max } => sequence::rolling_count(data, rule, *days, *max),
        Check::AfterConversation { days } => sequence::after_conversation(data, rule, *days),
        Check::AfterCease { channels } => sequence::after_cease(data, rule, channels),
    };
    findings.sort_by(|a, b| {
        (a.at, a.events.first(), &a.person).cmp(&(b.at, b.events.first(), &b.person))
    });
    let summary = rule.summary.as_ref().map(|template| {
        let mut roles: BTreeMap<Option<Role>, u64> = BTreeMap::new();
        for f in &findings {
            if let Some(p) = f
                .person
                .as_deref()
                .and_then(|k| data.parties.iter().find(|p| p.key == k))
            {
                *roles.entry(p.role).or_default() += 1;
            }
        }
        let facts: Facts = vec![
            (
                "people",
                Fact::People(findings.iter().filter(|f| f.person.is_some()).count() as u64),
            ),
            ("roles", Fact::Roles(roles.into_iter().collect())),
            (
                "count",
                Fact::Occurrences(findings.iter().map(|f| f.count).sum()),
            ),
        ];
        sentence(template, &facts)
    });
    RuleResult {
        rule: rule.clone(),
        summary: summary.filter(|_| !findings.is_empty()),
        findings,
    }
}

/// Builds a finding from event indices (any order) and its facts.
pub(super) fn finding(
    data: &Data,
    rule: &Rule,
    mut idx: Vec<usize>,
    facts: Facts,
    quotes: Vec<Quote>,
) -> Finding {
    idx.sort_unstable();
    idx.dedup();
    let exhibits: BTreeSet<i64> = idx
        .iter()
        .flat_map(|&i| data.exhibits_of(&data.events[i]))
        .collect();
    Finding {
        rule: rule.id.clone(),
        at: idx
            .first()
            .map_or(Timestamp::UNIX_EPOCH, |&i| data.events[i].at),
        sentence: sentence(&rule.sentence, &facts),
        count: idx.len() as u64,
        events: idx.into_iter().map(|i| i as u32).collect(),
        exhibits: exhibits.into_iter().collect(),
        quotes,
        person: None,
    }
}

/// Counts per channel, in channel order.
pub(super) fn channels(data: &Data, idx: &[usize]) -> Fact {
    let mut counts: BTreeMap<Channel, u64> = BTreeMap::new();
    for &i in idx {
        *counts.entry(data.events[i].channel).or_default() += 1;
    }
    Fact::Channels(counts.into_iter().collect())
}

pub(super) fn times(data: &Data, idx: &[usize]) -> Fact {
    Fact::Times(idx.iter().map(|&i| data.events[i].local).collect())
}

/// Who an event reached: `None` for the debtor, else the person's label.
pub(super) fn target(data: &Data, e: &Event) -> Option<String> {
    match data.owner_of(e) {
        Some(owner) if !owner.is_debtor() => Some(owner.label()),
        _ => None,
    }
}

/// The person an event reached, for grouping: its phone's owner, or the
/// debtor for notes (`u32::MAX` when the case has no debtor party yet).
pub(super) fn person(data: &Data, e: &Event) -> u32 {
    e.owner.or(data.debtor).unwrap_or(u32::MAX)
}

/// A contact by one of the parties the rule binds: something they did to
/// the person reached (never the phone owner's own calls).
/// A contact the rule counts: inbound from a party it binds, and not a
/// typed note retelling a record the case already counts.
pub(super) fn contact_by(data: &Data, e: &Event, by: By) -> bool {
    e.is_inbound() && !e.retold && data.party_of(e).is_some_and(|p| by.counts(p))
}

fn hours(
    data: &Data,
    rule: &Rule,
    (start, end): (Time, Time),
    channels_: &[Channel],
    to: Target,
) -> Vec<Finding> {
    // By night (the date the night began) and the person reached.
    let mut nights: BTreeMap<(Date, u32), Vec<usize>> = BTreeMap::new();
    for (i, e) in data.events.iter().enumerate() {
        if !channels_.contains(&e.channel) || !contact_by(data, e, rule.by) {
            continue;
        }
        if to == Target::Debtor && !data.reached_consumer(e, rule.by) {
            continue;
        }
        let t = e.local.time();
        if !in_night(t, start, end) {
            continue;
        }
        let night = if start > end && t < end {
            e.date().yesterday().unwrap_or(e.date())
        } else {
            e.date()
        };
        nights.entry((night, person(data, e))).or_default().push(i);
    }
    nights
        .into_iter()
        .map(|((night, _), idx)| {
            let facts: Facts = vec![
                ("night", Fact::Date(night)),
                ("night_start", Fact::Time(start)),
                ("night_end", Fact::Time(end)),
                ("target", Fact::Target(target(data, &data.events[idx[0]]))),
                ("count", Fact::Occurrences(idx.len() as u64)),
                ("channels", channels(data, &idx)),
                (
                    "times",
                    Fact::NightTimes(night, idx.iter().map(|&i| data.events[i].local).collect()),
                ),
            ];
            finding(data, rule, idx, facts, Vec::new())
        })
        .collect()
}

fn daily_count(data: &Data, rule: &Rule, counted: Counted, to: Target, max: u32) -> Vec<Finding> {
    let mut days: BTreeMap<(Date, String, u32), Vec<usize>> = BTreeMap::new();
    for (i, e) in data.events.iter().enumerate() {
        let Some(party) = data.party_of(e).filter(|p| rule.by.counts(p)) else {
            continue;
        };
        let counts = match counted {
            Counted::Connected => e.is_connected_call(),
            Counted::Attempts => e.is_call_attempt(),
        };
        if !counts || (to == Target::Debtor && !data.reached_consumer(e, rule.by)) {
            continue;
        }
        days.entry((e.date(), party.lender(), person(data, e)))
            .or_default()
            .push(i);
    }
    days.into_iter()
        .filter(|(_, idx)| idx.len() as u64 > u64::from(max))
        .map(|((date, lender, _), idx)| {
            let unanswered = idx
                .iter()
                .filter(|&&i| !data.events[i].is_connected_call())
                .count();
            let facts: Facts = vec![
                ("date", Fact::Date(date)),
                ("group", Fact::Name(lender)),
                ("target", Fact::Target(target(data, &data.events[idx[0]]))),
                ("count", Fact::Occurrences(idx.len() as u64)),
                ("unanswered", Fact::Count(unanswered as u64)),
                ("max", Fact::Count(u64::from(max))),
                ("times", times(data, &idx)),
            ];
            finding(data, rule, idx, facts, Vec::new())
        })
        .collect()
}

/// A typed note of a visit that names no number: the user's account of
/// collectors who came in person (at the door, at the workplace). Rules
/// that count every collection party count it; rules that bind debt
/// collectors only cannot tell whose people they were.
fn visit_by(e: &Event, by: By) -> bool {
    by == By::Collection
        && e.origin == Origin::Note
        && e.channel == Channel::Visit
        && e.party.is_none()
}

fn third_party(data: &Data, rule: &Rule, max_contacts: u32) -> Vec<Finding> {
    let mut people: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    for (i, e) in data.events.iter().enumerate() {
        if !contact_by(data, e, rule.by) && !visit_by(e, rule.by) {
            continue;
        }
        if let Some(owner) = data.third_party_for(e, rule.by) {
            people.entry(owner).or_default().push(i);
        }
    }
    people
        .into_iter()
        .filter(|(_, idx)| idx.len() as u64 > u64::from(max_contacts))
        .map(|(owner, idx)| {
            let party = data.party(owner);
            let (first, last) = (&data.events[idx[0]], &data.events[idx[idx.len() - 1]]);
            let facts: Facts = vec![
                ("person", Fact::Name(party.label())),
                ("role", Fact::Role(party.role)),
                ("count", Fact::Occurrences(idx.len() as u64)),
                ("channels", channels(data, &idx)),
                ("first", Fact::DateTime(first.local)),
                ("last", Fact::DateTime(last.local)),
                ("span", Fact::Span(first.local, last.local)),
            ];
            let mut f = finding(data, rule, idx, facts, Vec::new());
            f.person = Some(party.key.clone());
            f
        })
        .collect()
}

/// The sender of a message as a sentence names it.
fn sender(data: &Data, e: &Event) -> Fact {
    match data.party_of(e) {
        Some(p) => Fact::Name(p.label()),
        None if e.hidden => Fact::Localized(Text {
            zh: "隐藏号码".into(),
            en: "a hidden number".into(),
        }),
        None if e.masked => Fact::Localized(Text {
            zh: "被遮盖的号码".into(),
            en: "a masked number".into(),
        }),
        None if e.origin == Origin::Note => Fact::Localized(Text {
            zh: "对方".into(),
            en: "the other side".into(),
        }),
        None => Fact::Localized(Text {
            zh: "未知发送方".into(),
            en: "an unknown sender".into(),
        }),
    }
}

fn disclose(data: &Data, texts: &Texts, rule: &Rule, categories: &[String]) -> Vec<Finding> {
    let categories: Vec<&str> = categories.iter().map(String::as_str).collect();
    let mut found = Vec::new();
    for (i, matches) in texts.matching(&categories) {
        let e = &data.events[i];
        let Some(owner) = data.third_party_for(e, rule.by) else {
            continue;
        };
        // A retold note counts here: its words are the disclosure.
        let from_collection = e.is_inbound() && data.party_of(e).is_some_and(|p| rule.by.counts(p));
        if !from_collection && !visit_by(e, rule.by) {
            continue;
        }
        let (quotes, words) = quotes_of(e, &matches);
        let party = data.party(owner);
        let facts: Facts = vec![
            ("date", Fact::Date(e.date())),
            ("time", Fact::Time(e.local.time())),
            ("person", Fact::Name(party.label())),
            ("role", Fact::Role(party.role)),
            ("quote", Fact::Quote(words)),
            ("channel", channel_fact(e)),
            ("sender", sender(data, e)),
        ];
        let mut f = finding(data, rule, vec![i], facts, quotes);
        f.person = Some(party.key.clone());
        found.push(f);
    }
    found
}

fn text(data: &Data, texts: &Texts, rule: &Rule, categories: &[String]) -> Vec<Finding> {
    let categories: Vec<&str> = categories.iter().map(String::as_str).collect();
    let mut found = Vec::new();
    for (i, matches) in texts.matching(&categories) {
        let e = &data.events[i];
        // What the phone's owner wrote is never a collector's threat. Words
        // count against a party the user labelled a collector (one the rule
        // binds: not a creditor, for rules that bind debt collectors); a
        // number nobody labelled is a suspect, counted by no rule until it
        // is, and a hidden number's message is no one's. A typed note that
        // names no number is the user's own account of who it was.
        let counted = match data.party_of(e) {
            Some(p) => rule.by.counts(p),
            None => e.origin == Origin::Note,
        };
        if !e.is_inbound() || !counted {
            continue;
        }
        let (quotes, words) = quotes_of(e, &matches);
        let mut matched: Vec<String> = matches.iter().map(|m| m.category.clone()).collect();
        matched.sort();
        matched.dedup();
        let facts: Facts = vec![
            ("date", Fact::Date(e.date())),
            ("time", Fact::Time(e.local.time())),
            ("sender", sender(data, e)),
            ("channel", channel_fact(e)),
            ("category", Fact::Categories(matched)),
            ("quote", Fact::Quote(words)),
            ("target", Fact::Target(target(data, e))),
        ];
        found.push(finding(data, rule, vec![i], facts, quotes));
    }
    found
}

/// Visits described in typed notes: every note of a visit, and every note
/// of no stated kind whose words match `categories`; quoted with the words
/// that matched.
fn visit(data: &Data, texts: &Texts, rule: &Rule, categories: &[String]) -> Vec<Finding> {
    let categories: Vec<&str> = categories.iter().map(String::as_str).collect();
    let mut matched: BTreeMap<usize, Vec<&TextMatch>> = texts.matching(&categories).collect();
    let mut found = Vec::new();
    for (i, e) in data.events.iter().enumerate() {
        if e.origin != Origin::Note || data.party_of(e).is_some_and(|p| p.is_known_other()) {
            continue;
        }
        // A note of a call or a message that speaks of a visit tells of a
        // threat, not of a visit.
        let hits = matched.remove(&i).unwrap_or_default();
        let described = match e.channel {
            Channel::Visit => true,
            Channel::Other => !hits.is_empty(),
            _ => false,
        };
        if !described {
            continue;
        }
        let (quotes, words) = if hits.is_empty() {
            let body = e.body.as_deref().unwrap_or("");
            (Vec::new(), quoted(body, &[]))
        } else {
            quotes_of(e, &hits)
        };
        let facts: Facts = vec![
            ("date", Fact::Date(e.date())),
            ("time", Fact::Time(e.local.time())),
            ("sender", sender(data, e)),
            ("quote", Fact::Quote(words)),
            ("target", Fact::Target(target(data, e))),
        ];
        found.push(finding(data, rule, vec![i], facts, quotes));
    }
    found
}
