//! Analysis: which events are collection contacts, the findings of a rule
//! pack, suspected collectors, the collector's playbook as pattern facts, and
//! statistics. Everything here reads the case and changes nothing.
//!
//! The case's events are read once into [`Data`] (compact, in time order,
//! with local times in the case's zone); every check works on that.

pub mod engine;
mod found;
pub mod labels;
pub mod pack;
pub mod patterns;
pub mod quote;
pub mod render;
pub mod stats;
pub mod suspect;
pub mod text;

use crate::case::Case;
use crate::clock::parse_utc;
use crate::model::direction::Direction;
use crate::people::party::{Role, SELF_KEY, display_key};
use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use pack::Channel;
use std::collections::HashMap;

pub use engine::{Finding, Report, RuleResult, check};
pub use pack::{Lang, Pack, PackError};
pub use quote::Quote;

/// Where an event came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A record of an imported export (call log, messages, chat).
    Import,
    /// A typed note.
    Note,
    /// A whole file (photo, screenshot, recording).
    File,
}

/// One party as the analysis sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Party {
    pub id: i64,
    pub key: String,
    pub role: Option<Role>,
    pub name: Option<String>,
    pub group: Option<String>,
    /// Why its label is true, where the user recorded it.
    pub basis: Option<crate::people::party::LabelBasis>,
}

impl Party {
    /// A lender, an agency or a collector: its contacts are collection
    /// contacts.
    pub fn is_collection(&self) -> bool {
        matches!(
            self.role,
            Some(Role::Lender | Role::Agency | Role::Collector)
        )
    }

    /// The debtor: the borrower's own phone (`self`) or a party labelled so.
    pub fn is_debtor(&self) -> bool {
        self.key == SELF_KEY || self.role == Some(Role::Debtor)
    }

    /// Anyone collectors may not address: not the debtor, the guarantor or
    /// a collector.
    pub fn is_third_party(&self) -> bool {
        !self.is_debtor() && !self.is_collection() && self.role != Some(Role::Guarantor)
    }

    /// Whether the user has said this party is not a collector.
    pub fn is_known_other(&self) -> bool {
        self.role.is_some() && !self.is_collection()
    }

    /// The name, else the number or account.
    pub fn label(&self) -> String {
        match (&self.name, &self.group) {
            (Some(name), _) if self.key.starts_with("tel:") => {
                format!("{name} ({})", display_key(&self.key))
            }
            (Some(name), _) => name.clone(),
            (None, Some(group)) => format!("{} ({group})", display_key(&self.key)),
            (None, None) => display_key(&self.key).to_owned(),
        }
    }

    /// The lender a collection party works for: its group, else a lender's
    /// own name, else the party itself. Limits that apply "per lender and
    /// all its agencies" sum over this.
    pub fn lender(&self) -> String {
        match (&self.group, &self.name, self.role) {
            (Some(group), _, _) => group.clone(),
            (None, Some(name), Some(Role::Lender)) => name.clone(),
            _ => self.label(),
        }
    }
}

/// One event, as compact as the checks need it.
#[derive(Debug, Clone)]
pub struct Event {
    pub id: i64,
    pub at: Timestamp,
    /// Wall-clock time in the case's zone.
    pub local: DateTime,
    pub channel: Channel,
    pub direction: Option<Direction>,
    pub origin: Origin,
    /// Index into [`Data::parties`] of the other side.
    pub party: Option<u32>,
    /// Index into [`Data::parties`] of whom it reached: whose phone
    /// recorded it, or for a typed note the person it happened to (`None`:
    /// the debtor).
    pub owner: Option<u32>,
    /// Withheld by the caller (`presentation` 2, 隐藏号码).
    pub hidden: bool,
    /// Masked by the export (a carrier list's `***`): not the caller's
    /// doing, and never one party.
    pub masked: bool,
    pub duration_ms: Option<u64>,
    pub exhibit: i64,
    /// Where the record's name (`call #12`) is in [`Data::records`]: one
    /// string for all, not a million small ones.
    record: (u32, u32),
    /// Words of messages and of typed notes of every kind (a call or a
    /// visit described from memory); `None` for calls and files.
    pub body: Option<Box<str>>,
    /// A typed note of a call or a message that an imported record of the
    /// same party already holds (within [`RETOLD_WITHIN`]): its words are
    /// read, but the contact is counted once, as the record.
    pub retold: bool,
}

/// How far apart a typed note of a call or message and an imported record
/// of the same party may be and still be one contact: a note's time is
/// typed from memory, to the minute at best.
pub const RETOLD_WITHIN: jiff::SignedDuration = jiff::SignedDuration::from_mins(10);

impl Event {
    /// Came from the other side: a call or message the phone received, or a
    /// note (which records what was done to the contributor).
    pub fn is_inbound(&self) -> bool {
        match self.direction {
            Some(d) => d != Direction::Out,
            None => self.origin == Origin::Note,
        }
    }

    /// A call the phone received that was answered (a telephone
    /// conversation).
    pub fn is_connected_call(&self) -> bool {
        self.channel == Channel::Call
            && self.origin == Origin::Import
            && self.direction == Some(Direction::In)
            && self.duration_ms != Some(0)
    }

    /// A call made by either side that was answered.
    pub fn is_conversation(&self) -> bool {
        self.channel == Channel::Call
            && self.origin == Origin::Import
            && matches!(self.direction, Some(Direction::In | Direction::Out))
            && self.duration_ms.is_some_and(|d| d > 0)
    }

    /// A call the other side placed, answered or not (a dial attempt).
    pub fn is_call_attempt(&self) -> bool {
        self.channel == Channel::Call
            && self.origin == Origin::Import
            && self.direction.is_some_and(|d| d != Direction::Out)
    }

    pub fn date(&self) -> Date {
        self.local.date()
    }
}

/// A case's events and parties, read for analysis.
#[derive(Debug, Clone)]
pub struct Data {
    pub zone: TimeZone,
    pub zone_name: String,
    pub parties: Vec<Party>,
    /// In time order, then by id.
    pub events: Vec<Event>,
    /// Sources beyond an event's first, by event id (overlapping exports).
    pub more_sources: HashMap<i64, Vec<(i64, String)>>,
    /// The debtor's own party (`self`), if the case has one.
    pub debtor: Option<u32>,
    /// Calls that went over FaceTime, by event id.
    pub facetime: HashMap<i64, crate::model::direction::FaceTime>,
    /// Exhibits taken from an event's record (pictures of an MMS or an
    /// iMessage), by event id.
    pub attachments: HashMap<i64, Vec<i64>>,
    /// The borrower's paydays, as the case records them (none: not given).
    pub paydays: Vec<i8>,
    /// The written requests to stop contacting, by collector.
    pub cease: Vec<crate::people::cease::CeaseRequest>,
    /// The names of every event's record, end to end.
    records: String,
}

/// Marks the typed notes of calls and messages that an imported record of
/// the same party and channel kind, on the phone of the person the note
/// says it reached, holds within [`RETOLD_WITHIN`]. Events are in time
/// order.
fn mark_retold(events: &mut [Event], debtors: &[bool]) {
    // The debtor is one person however the case names them.
    let whom =
        |owner: Option<u32>| owner.filter(|&o| !debtors.get(o as usize).copied().unwrap_or(false));
    let kind = |c: Channel| match c {
        Channel::Call => Some(0),
        Channel::Sms | Channel::Mms | Channel::Chat | Channel::Message => Some(1),
        _ => None,
    };
    // Imported records by party and kind, in time order.
    let mut records: HashMap<(u32, u8, Option<u32>), Vec<Timestamp>> = HashMap::new();
    for e in events.iter() {
        if let (Origin::Import, Some(p), Some(k)) = (e.origin, e.party, kind(e.channel))
            && e.direction != Some(Direction::Out)
        {
            records.entry((p, k, whom(e.owner))).or_default().push(e.at);
        }
    }
    for e in events.iter_mut() {
        let (Origin::Note, Some(p), Some(k)) = (e.origin, e.party, kind(e.channel)) else {
            continue;
        };
        let Some(times) = records.get(&(p, k, whom(e.owner))) else {
            continue;
        };
        let from = e.at.checked_sub(RETOLD_WITHIN).unwrap_or(e.at);
        let i = times.partition_point(|t| *t < from);
        e.retold = times
            .get(i)
            .is_some_and(|t| t.duration_since(e.at).abs() <= RETOLD_WITHIN);
    }
}

impl Data {
    /// Reads the case's events and parties.
    pub fn load(case: &Case) -> rusqlite::Result<Data> {
        // One snapshot: a writer committing meanwhile is wholly seen or not.
        // A caller that already holds one (an export reading the manifest
        // from the same snapshot) shares it.
        let _snapshot = if case.conn().is_autocommit() {
            Some(case.conn().unchecked_transaction()?)
        } else {
            None
        };
        let conn: &rusqlite::Connection = case.conn();
        let mut parties = Vec::new();
        // Party ids are small and dense: an index by id, not a hash map.
        let mut index: Vec<Option<u32>> = Vec::new();
        let mut bases = crate::people::party::bases(conn)?;
        let mut stmt =
            conn.prepare("SELECT id, key, role, name, group_name FROM party ORDER BY id")?;
        let rows = stmt.query_map([], |r| {
            let role: Option<String> = r.get(2)?;
            let id: i64 = r.get(0)?;
            Ok(Party {
                id,
                key: r.get(1)?,
                role: role.as_deref().and_then(Role::parse),
                name: r.get(3)?,
                group: r.get(4)?,
                basis: bases.remove(&id),
            })
        })?;
        for party in rows {
            let party = party?;
            if let Ok(id) = usize::try_from(party.id) {
                if index.len() <= id {
                    index.resize(id + 1, None);
                }
                index[id] = Some(parties.len() as u32);
            }
            parties.push(party);
        }
        let zone = case.info().time_zone.clone();
        let capacity: i64 =
            conn.query_row("SELECT COALESCE(MAX(id), 0) FROM event", [], |r| r.get(0))?;
        let mut events = Vec::with_capacity(capacity.max(0) as usize);
        let mut records = String::with_capacity(events.capacity() * 12);
        // A scan in table order, sorted here: cheaper than walking the time
        // index over every row.
        let mut stmt = conn.prepare(
            "SELECT id, occurred_at, channel, direction, party_id, owner_party,
                    CASE WHEN hidden = 0 THEN 0
                         WHEN EXISTS (SELECT 1 FROM event_mask m WHERE m.event_id = event.id) THEN 2
                         ELSE 1 END,
                    duration_ms,
                    exhibit, record, import_id IS NOT NULL,
                    CASE WHEN channel IN ('sms', 'mms', 'chat', 'message', 'letter', 'post')
                           OR (record = 'note' AND import_id IS NULL) THEN body END
             FROM event",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let at_text = r.get_ref(1)?.as_str()?;
            let Some(at) = parse_utc(at_text) else {
                continue;
            };
            let record: &str = r.get_ref(9)?.as_str()?;
            let record_at = (records.len() as u32, record.len() as u32);
            records.push_str(record);
            let origin = if r.get::<_, bool>(10)? {
                Origin::Import
            } else if record == "note" {
                Origin::Note
            } else {
                Origin::File
            };
            let direction = match r.get_ref(3)?.as_str_or_null()? {
                Some(d) => Direction::parse(d),
                None => None,
            };
            let party_of = |id: Option<i64>| {
                id.and_then(|id| index.get(usize::try_from(id).ok()?).copied().flatten())
            };
            events.push(Event {
                id: r.get(0)?,
                at,
                local: zone.to_datetime(at),
                channel: Channel::of_event(r.get_ref(2)?.as_str()?),
                direction,
                origin,
                party: party_of(r.get(4)?),
                owner: party_of(r.get(5)?),
                hidden: r.get::<_, i64>(6)? == 1,
                masked: r.get::<_, i64>(6)? == 2,
                duration_ms: r.get::<_, Option<i64>>(7)?.map(|d| d.max(0) as u64),
                exhibit: r.get(8)?,
                record: record_at,
                body: r
                    .get_ref(11)?
                    .as_str_or_null()?
                    .filter(|b| !b.trim().is_empty())
                    .map(Into::into),
                retold: false,
            });
        }
        events.sort_unstable_by_key(|e| (e.at, e.id));
        let mut more_sources: HashMap<i64, Vec<(i64, String)>> = HashMap::new();
        let mut stmt = conn.prepare(
            "SELECT event_id, exhibit, record FROM event_source ORDER BY event_id, exhibit, record",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        for row in rows {
            let (event, exhibit, record): (i64, i64, String) = row?;
            more_sources
                .entry(event)
                .or_default()
                .push((exhibit, record));
        }
        let debtor = parties
            .iter()
            .position(|p| p.key == SELF_KEY)
            .map(|i| i as u32);
        let debtors: Vec<bool> = parties.iter().map(Party::is_debtor).collect();
        mark_retold(&mut events, &debtors);
        let taken = crate::query::timeline::taken(conn)?;
        let mut attachments = HashMap::new();
        if !taken.is_empty() {
            for e in &events {
                let record = &records[e.record.0 as usize..(e.record.0 + e.record.1) as usize];
                if let Some(found) = taken.get(&(e.exhibit, record.to_owned())) {
                    attachments.insert(e.id, found.clone());
                }
            }
        }
        Ok(Data {
            paydays: crate::people::payday::get(conn)?,
            cease: crate::people::cease::list(conn)?,
            facetime: crate::query::timeline::facetime(conn)?,
            attachments,
            records,
            debtor,
            zone,
            zone_name: case.info().time_zone_name.clone(),
            parties,
            events,
            more_sources,
        })
    }

    pub fn party(&self, index: u32) -> &Party {
        &self.parties[index as usize]
    }

    /// The stored ids of the events at these indices, as findings cite them.
    pub fn event_ids(&self, indices: &[u32]) -> Vec<i64> {
        indices
            .iter()
            .map(|&i| self.events[i as usize].id)
            .collect()
    }

    /// The other side of an event, if it is a known party.
    pub fn party_of(&self, event: &Event) -> Option<&Party> {
        event.party.map(|p| self.party(p))
    }

    /// Whom an event reached: whose phone recorded it, or the person a
    /// note happened to; `None` for files and for notes about the debtor.
    pub fn owner_of(&self, event: &Event) -> Option<&Party> {
        event.owner.map(|p| self.party(p))
    }

    /// A contact by a lender, agency or collector: something they did to
    /// the phone's owner or the contributor (never the owner's own calls).
    /// A retold note (see [`Event::retold`]) is not a contact of its own.
    pub fn is_collection_contact(&self, event: &Event) -> bool {
        !event.retold && self.is_from_collection(event)
    }

    /// Came from a lender, agency or collector, counted or not: whose words
    /// a retold note holds too.
    pub fn is_from_collection(&self, event: &Event) -> bool {
        event.is_inbound() && self.party_of(event).is_some_and(Party::is_collection)
    }

    /// Whether the event reached the debtor: recorded on the debtor's own
    /// phone, or a note that happened to the debtor (every note that names
    /// no one else).
    pub fn reached_debtor(&self, event: &Event) -> bool {
        self.owner_of(event).is_none_or(Party::is_debtor)
    }

    /// The third party an event reached, if its phone is someone else's or
    /// a note says it happened to someone else.
    pub fn third_party_reached(&self, event: &Event) -> Option<u32> {
        event.owner.filter(|&o| self.party(o).is_third_party())
    }

    /// Whether the event reached the consumer as a rule binding `by` reads
    /// it: the debtor, and for rules that bind debt collectors (the FDCPA
    /// and Regulation F) also a spouse (15 U.S.C. 1692c(d)).
    pub fn reached_consumer(&self, event: &Event, by: pack::By) -> bool {
        self.reached_debtor(event)
            || (by == pack::By::DebtCollector
                && self
                    .owner_of(event)
                    .is_some_and(|p| p.role == Some(Role::Spouse)))
    }

    /// The third party an event reached, as a rule binding `by` reads it:
    /// a spouse is the consumer for rules that bind debt collectors.
    pub fn third_party_for(&self, event: &Event, by: pack::By) -> Option<u32> {
        self.third_party_reached(event).filter(|&o| {
            !(by == pack::By::DebtCollector && self.party(o).role == Some(Role::Spouse))
        })
    }

    /// The record inside its exhibit an event came from (`call #12`).
    pub fn record(&self, event: &Event) -> &str {
        let (at, len) = event.record;
        &self.records[at as usize..(at + len) as usize]
    }

    /// Every record that shows an event: the exhibit and record it came
    /// from, then any others.
    pub fn sources<'d>(&'d self, event: &'d Event) -> impl Iterator<Item = (i64, &'d str)> + 'd {
        std::iter::once((event.exhibit, self.record(event))).chain(
            self.more_sources
                .get(&event.id)
                .into_iter()
                .flatten()
                .map(|(exhibit, record)| (*exhibit, record.as_str())),
        )
    }

    /// Every exhibit that shows an event: its own, then any others.
    pub fn exhibits_of(&self, event: &Event) -> impl Iterator<Item = i64> + '_ {
        std::iter::once(event.exhibit).chain(
            self.more_sources
                .get(&event.id)
                .into_iter()
                .flatten()
                .map(|(exhibit, _)| *exhibit),
        )
    }
}

/// Whether a time of day falls in the night from `start` to `end`
/// (`start` included, `end` not; the night may run past midnight).
pub fn in_night(t: jiff::civil::Time, start: jiff::civil::Time, end: jiff::civil::Time) -> bool {
    if start > end {
        t >= start || t < end
    } else {
        start <= t && t < end
    }
}

/// A day's number since 1970-01-01: consecutive days differ by one, in any
/// time zone and across daylight saving changes.
pub fn day_number(date: Date) -> i32 {
    let days = crate::clock::days_from_civil(
        i64::from(date.year()),
        i64::from(date.month()),
        i64::from(date.day()),
    );
    // jiff's dates span years -9999..=9999: the count fits.
    days as i32
}
