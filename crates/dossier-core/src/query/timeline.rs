//! The merged timeline: every event of the case in time order, with the other
//! side, whose phone recorded it, and every source that shows it (the
//! exhibit and the exact record inside it).

use crate::case::Case;
use crate::clock::{format_utc, parse_utc};
use crate::model::direction::{Direction, FaceTime};
use crate::people::party::Role;
use jiff::Timestamp;
use rusqlite::params;
use std::collections::HashMap;

/// Where an event is shown: an exhibit and the record inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub exhibit: i64,
    pub record: String,
}

/// One event of the timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub id: i64,
    pub at: Timestamp,
    pub channel: String,
    pub direction: Option<Direction>,
    /// The other side as the source wrote it.
    pub party_raw: Option<String>,
    /// The party it maps to: key, name and role.
    pub party_key: Option<String>,
    pub party_name: Option<String>,
    pub party_role: Option<Role>,
    /// Withheld by the caller.
    pub hidden: bool,
    /// Masked by the export (`***`), never one party.
    pub masked: bool,
    /// Whose phone recorded it (a party key), for imported events.
    pub owner: Option<String>,
    pub body: Option<String>,
    pub duration_ms: Option<u64>,
    /// A call the export says went over FaceTime.
    pub facetime: Option<FaceTime>,
    /// Exhibits taken from this record of its first source (an MMS's
    /// pictures, an iMessage's attachments), in exhibit order.
    pub attachments: Vec<i64>,
    /// The first source, then any others that show the same event.
    pub sources: Vec<Source>,
}

/// Events from `from` (inclusive) to `to` (exclusive), in time order.
pub fn entries(
    case: &Case,
    from: Option<Timestamp>,
    to: Option<Timestamp>,
) -> rusqlite::Result<Vec<Entry>> {
    let from = from.map(format_utc).unwrap_or_default();
    let to = to.map(format_utc).unwrap_or_else(|| "~".to_owned());
    query(
        case,
        "e.occurred_at >= ?1 AND e.occurred_at < ?2",
        params![from, to],
    )
}

/// Every event an exhibit shows: those it is the first source of and those
/// it shows too (an overlapping export), in time order.
pub fn of_exhibit(case: &Case, exhibit: i64) -> rusqlite::Result<Vec<Entry>> {
    query(
        case,
        "e.exhibit = ?1 OR e.id IN (SELECT event_id FROM event_source WHERE exhibit = ?1)",
        params![exhibit],
    )
}

fn query(
    case: &Case,
    filter: &str,
    params: &[&dyn rusqlite::ToSql],
) -> rusqlite::Result<Vec<Entry>> {
    let conn = case.conn();
    let mut stmt = conn.prepare(&format!(
        "SELECT e.id, e.occurred_at, e.channel, e.direction, e.party, p.key, p.name, p.role,
                CASE WHEN e.hidden = 0 THEN 0
                     WHEN EXISTS (SELECT 1 FROM event_mask m WHERE m.event_id = e.id) THEN 2
                     ELSE 1 END,
                o.key,
                e.body, e.duration_ms, e.exhibit, e.record, f.video
         FROM event e
         LEFT JOIN party p ON p.id = e.party_id
         LEFT JOIN party o ON o.id = e.owner_party
         LEFT JOIN event_facetime f ON f.event_id = e.id
         WHERE {filter}
         ORDER BY e.occurred_at, e.id"
    ))?;
    let mut entries: Vec<Entry> = stmt
        .query_map(params, |r| {
            let at: String = r.get(1)?;
            let direction: Option<String> = r.get(3)?;
            let role: Option<String> = r.get(7)?;
            Ok(Entry {
                id: r.get(0)?,
                at: parse_utc(&at).unwrap_or(Timestamp::UNIX_EPOCH),
                channel: r.get(2)?,
                direction: direction.as_deref().and_then(Direction::parse),
                party_raw: r.get(4)?,
                party_key: r.get(5)?,
                party_name: r.get(6)?,
                party_role: role.as_deref().and_then(Role::parse),
                hidden: r.get::<_, i64>(8)? == 1,
                masked: r.get::<_, i64>(8)? == 2,
                owner: r.get(9)?,
                body: r.get(10)?,
                duration_ms: r.get::<_, Option<i64>>(11)?.map(|d| d as u64),
                facetime: r.get::<_, Option<i64>>(14)?.map(|video| {
                    if video == 1 {
                        FaceTime::Video
                    } else {
                        FaceTime::Audio
                    }
                }),
                attachments: Vec::new(),
                sources: vec![Source {
                    exhibit: r.get(12)?,
                    record: r.get(13)?,
                }],
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let taken = taken(conn)?;
    let mut more = conn.prepare(
        "SELECT exhibit, record FROM event_source WHERE event_id = ?1 ORDER BY exhibit, record",
    )?;
    for entry in &mut entries {
        let first = &entry.sources[0];
        if let Some(found) = taken.get(&(first.exhibit, first.record.clone())) {
            entry.attachments = found.clone();
        }
        let extra = more.query_map([entry.id], |r| {
            Ok(Source {
                exhibit: r.get(0)?,
                record: r.get(1)?,
            })
        })?;
        for source in extra {
            entry.sources.push(source?);
        }
    }
    Ok(entries)
}

/// The exhibits taken from each record, by (source exhibit, record), read
/// once: `mms #5, part 2` and `message ROWID 9, attachment 1 (IMG_0001.jpeg)`
/// belong to the record before the first comma.
pub(crate) fn taken(
    conn: &rusqlite::Connection,
) -> rusqlite::Result<HashMap<(i64, String), Vec<i64>>> {
    let mut taken: HashMap<(i64, String), Vec<i64>> = HashMap::new();
    let mut stmt =
        conn.prepare("SELECT source_exhibit, record, exhibit FROM extracted ORDER BY exhibit")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let record: String = r.get(1)?;
        let base = record.split(", ").next().unwrap_or_default().to_owned();
        taken.entry((r.get(0)?, base)).or_default().push(r.get(2)?);
    }
    Ok(taken)
}

/// FaceTime calls by event id.
pub(crate) fn facetime(conn: &rusqlite::Connection) -> rusqlite::Result<HashMap<i64, FaceTime>> {
    let mut stmt = conn.prepare("SELECT event_id, video FROM event_facetime")?;
    let rows = stmt.query_map([], |r| {
        let video: i64 = r.get(1)?;
        Ok((
            r.get(0)?,
            if video == 1 {
                FaceTime::Video
            } else {
                FaceTime::Audio
            },
        ))
    })?;
    rows.collect()
}
