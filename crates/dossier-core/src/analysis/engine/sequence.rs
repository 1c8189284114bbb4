//! The checks over a person's contacts in time order: more calls about one
//! debt in any run of days than a rule allows (`rolling_count`), calls
//! within days after a telephone conversation (`after_conversation`), and
//! what a collector sent after receiving a written request to stop
//! (`after_cease`). The rest of the checks are in `engine.rs`.

use crate::analysis::engine::{Finding, channels, contact_by, finding, person, target, times};
use crate::analysis::pack::{By, Channel, Rule, Text};
use crate::analysis::render::{Fact, Facts};
use crate::analysis::{Data, Event, Origin, day_number};
use crate::people::party::Role;
use std::collections::BTreeMap;

/// Collectors' calls to each person about each debt (lender), in time order.
fn calls_by_debt(data: &Data, by: By) -> BTreeMap<(u32, String), Vec<usize>> {
    let mut calls: BTreeMap<(u32, String), Vec<usize>> = BTreeMap::new();
    for (i, e) in data.events.iter().enumerate() {
        if let Some(p) = data.party_of(e).filter(|p| by.counts(p))
            && (e.is_call_attempt() || e.is_conversation())
        {
            calls
                .entry((person(data, e), p.lender()))
                .or_default()
                .push(i);
        }
    }
    calls
}

pub(super) fn rolling_count(data: &Data, rule: &Rule, days: u32, max: u32) -> Vec<Finding> {
    let span = days as i32;
    let mut found = Vec::new();
    for ((_, lender), all) in calls_by_debt(data, rule.by) {
        let calls: Vec<usize> = all
            .into_iter()
            .filter(|&i| data.events[i].is_call_attempt())
            .collect();
        let day: Vec<i32> = calls
            .iter()
            .map(|&i| day_number(data.events[i].date()))
            .collect();
        // Every window of `days` consecutive days that starts on a day with
        // a call; windows over the limit are merged into periods.
        let mut periods: Vec<(usize, usize, usize, usize)> = Vec::new(); // first, last, peak start, peak len
        let mut end = 0;
        for start in 0..calls.len() {
            if start > 0 && day[start] == day[start - 1] {
                continue;
            }
            while end < calls.len() && day[end] < day[start] + span {
                end += 1;
            }
            let n = end - start;
            if n as u64 <= u64::from(max) {
                continue;
            }
            match periods.last_mut() {
                Some(p) if start <= p.1 => {
                    p.1 = end - 1;
                    if n > p.3 {
                        (p.2, p.3) = (start, n);
                    }
                }
                _ => periods.push((start, end - 1, start, n)),
            }
        }
        for (first, last, peak_start, peak) in periods {
            let idx: Vec<usize> = calls[first..=last].to_vec();
            let peak_from = data.events[calls[peak_start]].date();
            let peak_to = peak_from
                .checked_add(jiff::Span::new().days(i64::from(span - 1)))
                .unwrap_or(peak_from);
            let facts: Facts = vec![
                ("from", Fact::Date(data.events[calls[first]].date())),
                ("to", Fact::Date(data.events[calls[last]].date())),
                ("group", Fact::Name(lender.clone())),
                (
                    "target",
                    Fact::Target(target(data, &data.events[calls[first]])),
                ),
                ("count", Fact::Occurrences(idx.len() as u64)),
                ("peak", Fact::Count(peak as u64)),
                ("peak_from", Fact::Date(peak_from)),
                ("peak_to", Fact::Date(peak_to)),
                ("max", Fact::Count(u64::from(max))),
            ];
            found.push(finding(data, rule, idx, facts, Vec::new()));
        }
    }
    found
}

pub(super) fn after_conversation(data: &Data, rule: &Rule, days: u32) -> Vec<Finding> {
    let span = days as i32;
    let mut found = Vec::new();
    for ((_, lender), calls) in calls_by_debt(data, rule.by) {
        // Each conversation opens its own window of `days` days, the day of
        // the conversation the first, as the rule reads; a call counts for
        // the latest conversation before it whose window holds it.
        let mut open: Option<(usize, i32, Vec<usize>)> = None; // conversation, last day, calls
        let mut flush = |open: &mut Option<(usize, i32, Vec<usize>)>| {
            if let Some((conversation, last_day, later)) = open.take()
                && !later.is_empty()
            {
                let c = &data.events[conversation];
                let until = c
                    .date()
                    .checked_add(jiff::Span::new().days(i64::from(last_day - day_number(c.date()))))
                    .unwrap_or(c.date());
                let facts: Facts = vec![
                    ("conversation", Fact::DateTime(c.local)),
                    ("until", Fact::Date(until)),
                    ("group", Fact::Name(lender.clone())),
                    ("target", Fact::Target(target(data, c))),
                    ("count", Fact::Occurrences(later.len() as u64)),
                    (
                        "times",
                        Fact::Times(later.iter().map(|&i| data.events[i].local).collect()),
                    ),
                ];
                let mut idx = later;
                idx.push(conversation);
                let mut f = finding(data, rule, idx, facts, Vec::new());
                // The count is of the calls after the conversation.
                f.count -= 1;
                found.push(f);
            }
        };
        for &i in &calls {
            let e = &data.events[i];
            let day = day_number(e.date());
            if let Some((_, last_day, later)) = &mut open {
                if day <= *last_day {
                    if e.is_call_attempt() {
                        later.push(i);
                    }
                } else {
                    flush(&mut open);
                }
            }
            if e.is_conversation() {
                flush(&mut open);
                open = Some((i, day + span - 1, Vec::new()));
            }
        }
        flush(&mut open);
    }
    found
}

/// What a collector sent or said after the day it received the consumer's
/// written request to stop: answered calls and voicemails, messages, visits
/// and typed notes of them, from the collector's own numbers, one finding
/// per request and person. Unanswered calls are counted
/// apart and not in the finding: the statute speaks of communication.
pub(super) fn after_cease(data: &Data, rule: &Rule, channels_: &[Channel]) -> Vec<Finding> {
    let mut found = Vec::new();
    for request in &data.cease {
        // The collector's own numbers: the party of that name, and the
        // individual collectors grouped under it (an agency's group is the
        // lender it works for, which a request to the lender does not bind).
        let covered = |e: &Event| {
            data.party_of(e).is_some_and(|p| {
                p.name.as_deref() == Some(&request.collector)
                    || (p.role == Some(Role::Collector)
                        && p.group.as_deref() == Some(&request.collector))
            })
        };
        // By person reached: (communications, unanswered calls).
        let mut by_person: BTreeMap<u32, (Vec<usize>, u64)> = BTreeMap::new();
        for (i, e) in data.events.iter().enumerate() {
            if e.date() <= request.received
                || !channels_.contains(&e.channel)
                || !contact_by(data, e, rule.by)
                || !data.reached_consumer(e, rule.by)
                || !covered(e)
            {
                continue;
            }
            let entry = by_person.entry(person(data, e)).or_default();
            let answered = e.channel != Channel::Call
                || e.origin == Origin::Note
                || e.is_conversation()
                || e.direction == Some(crate::model::direction::Direction::Voicemail);
            if answered {
                entry.0.push(i);
            } else {
                entry.1 += 1;
            }
        }
        for (_, (idx, unanswered)) in by_person {
            let (Some(&first), Some(&last)) = (idx.first(), idx.last()) else {
                continue;
            };
            let unanswered = if unanswered == 0 {
                Fact::Localized(Text {
                    zh: String::new(),
                    en: String::new(),
                })
            } else {
                Fact::Localized(Text {
                    zh: format!("；另有 {unanswered} 次未接通的来电，未计入"),
                    en: format!("; {unanswered} more unanswered calls are not counted"),
                })
            };
            let facts: Facts = vec![
                ("collector", Fact::Name(request.collector.clone())),
                ("received", Fact::Date(request.received)),
                ("target", Fact::Target(target(data, &data.events[first]))),
                ("count", Fact::Occurrences(idx.len() as u64)),
                ("channels", channels(data, &idx)),
                ("times", times(data, &idx)),
                (
                    "span",
                    Fact::Span(data.events[first].local, data.events[last].local),
                ),
                ("unanswered", unanswered),
            ];
            found.push(finding(data, rule, idx, facts, Vec::new()));
        }
    }
    found
}
