//! Statistics for the dossier and the app: counts per day by channel and
//! direction, the hour-of-day histogram with night marked, distinct
//! numbers, third parties reached, first and last contact, and per-party
//! totals. Local days and hours are the case's time zone.

use crate::analysis::Data;
use crate::analysis::in_night;
use crate::analysis::pack::{Channel, Pack};
use crate::model::direction::Direction;
use crate::people::party::Role;
use jiff::civil::{Date, DateTime, Time};
use std::collections::{BTreeMap, BTreeSet};

/// Events of one local day through one channel in one direction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayCount {
    pub date: Date,
    pub channel: Channel,
    pub direction: Option<Direction>,
    pub count: u64,
    /// Of those, collection contacts.
    pub collection: u64,
}

/// One hour of the day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HourCount {
    pub hour: u8,
    /// Incoming contacts (calls, messages, visits) in that hour.
    pub incoming: u64,
    pub collection: u64,
    /// Whether the hour is in the pack's night.
    pub night: bool,
}

/// What one party did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartyTotal {
    pub key: String,
    pub name: Option<String>,
    pub role: Option<Role>,
    pub group: Option<String>,
    pub calls_in: u64,
    pub calls_unanswered: u64,
    pub calls_out: u64,
    pub messages_in: u64,
    pub messages_out: u64,
    pub other: u64,
    pub talk_seconds: u64,
    pub first: DateTime,
    pub last: DateTime,
}

impl PartyTotal {
    pub fn total(&self) -> u64 {
        self.calls_in
            + self.calls_unanswered
            + self.calls_out
            + self.messages_in
            + self.messages_out
            + self.other
    }
}

/// The statistics of a case.
#[derive(Debug, Clone, PartialEq)]
pub struct Stats {
    pub time_zone: String,
    pub night: Option<(Time, Time)>,
    pub events: u64,
    pub by_channel: Vec<(Channel, u64)>,
    pub collection_contacts: u64,
    pub first_event: Option<DateTime>,
    pub last_event: Option<DateTime>,
    pub first_contact: Option<DateTime>,
    pub last_contact: Option<DateTime>,
    pub days: Vec<DayCount>,
    pub hours: Vec<HourCount>,
    /// Distinct phone numbers on the other side of events.
    pub numbers: u64,
    /// Distinct numbers of lenders, agencies and collectors.
    pub collection_numbers: u64,
    pub hidden_events: u64,
    /// Distinct people other than the debtor that collectors reached.
    pub third_parties_reached: u64,
    /// Every party with events, most events first.
    pub parties: Vec<PartyTotal>,
}

pub fn stats(data: &Data, pack: &Pack) -> Stats {
    let night = pack.night();
    let mut by_channel: BTreeMap<Channel, u64> = BTreeMap::new();
    let mut days: BTreeMap<(Date, Channel, Option<Direction>), (u64, u64)> = BTreeMap::new();
    let mut hours = [(0u64, 0u64); 24];
    let mut numbers = BTreeSet::new();
    let mut collection_numbers = BTreeSet::new();
    let mut reached = BTreeSet::new();
    let mut parties: BTreeMap<u32, PartyTotal> = BTreeMap::new();
    let (mut hidden_events, mut collection_contacts) = (0, 0);
    let (mut first_contact, mut last_contact) = (None, None);
    for e in &data.events {
        *by_channel.entry(e.channel).or_default() += 1;
        let collection = data.is_collection_contact(e);
        let day = days.entry((e.date(), e.channel, e.direction)).or_default();
        day.0 += 1;
        day.1 += u64::from(collection);
        if e.is_inbound() {
            let h = &mut hours[e.local.hour() as usize];
            h.0 += 1;
            h.1 += u64::from(collection);
        }
        hidden_events += u64::from(e.hidden);
        if collection {
            collection_contacts += 1;
            first_contact.get_or_insert(e.local);
            last_contact = Some(e.local);
            if let Some(owner) = data.third_party_reached(e) {
                reached.insert(owner);
            }
        }
        let Some(p) = e.party else { continue };
        let party = data.party(p);
        if party.key.starts_with("tel:") {
            numbers.insert(p);
            if party.is_collection() {
                collection_numbers.insert(p);
            }
        }
        let total = parties.entry(p).or_insert_with(|| PartyTotal {
            key: party.key.clone(),
            name: party.name.clone(),
            role: party.role,
            group: party.group.clone(),
            calls_in: 0,
            calls_unanswered: 0,
            calls_out: 0,
            messages_in: 0,
            messages_out: 0,
            other: 0,
            talk_seconds: 0,
            first: e.local,
            last: e.local,
        });
        total.last = e.local;
        let out = e.direction == Some(Direction::Out);
        match (e.channel, out) {
            (Channel::Call, true) => total.calls_out += 1,
            (Channel::Call, false) if e.is_connected_call() => total.calls_in += 1,
            (Channel::Call, false) if e.is_call_attempt() => total.calls_unanswered += 1,
            (c, true) if c.is_text() => total.messages_out += 1,
            (c, false) if c.is_text() => total.messages_in += 1,
            _ => total.other += 1,
        }
        if e.channel == Channel::Call {
            total.talk_seconds += e.duration_ms.unwrap_or(0) / 1000;
        }
    }
    let mut parties: Vec<PartyTotal> = parties.into_values().collect();
    parties.sort_by(|a, b| (b.total(), &a.key).cmp(&(a.total(), &b.key)));
    Stats {
        time_zone: data.zone_name.clone(),
        night,
        events: data.events.len() as u64,
        by_channel: by_channel.into_iter().collect(),
        collection_contacts,
        first_event: data.events.first().map(|e| e.local),
        last_event: data.events.last().map(|e| e.local),
        first_contact,
        last_contact,
        days: days
            .into_iter()
            .map(
                |((date, channel, direction), (count, collection))| DayCount {
                    date,
                    channel,
                    direction,
                    count,
                    collection,
                },
            )
            .collect(),
        hours: hours
            .iter()
            .enumerate()
            .map(|(h, &(incoming, collection))| HourCount {
                hour: h as u8,
                incoming,
                collection,
                night: night.is_some_and(|(start, end)| {
                    // An hour is night when its start is.
                    in_night(Time::constant(h as i8, 0, 0, 0), start, end)
                }),
            })
            .collect(),
        numbers: numbers.len() as u64,
        collection_numbers: collection_numbers.len() as u64,
        hidden_events,
        third_parties_reached: reached.len() as u64,
        parties,
    }
}
