//! Reading a case back: the exhibits with their provenance, and the events
//! in time order. Read-only; takes `&Case`.

use crate::case::Case;
use crate::clock::parse_utc;
use crate::evidence::capture::Basis;
use crate::model::kind::Kind;
use crate::when::parse_stored_offset;
use jiff::Timestamp;
use jiff::tz::Offset;
use rusqlite::Row;

/// One exhibit as `dossier list` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exhibit {
    pub exhibit: i64,
    pub kind: Kind,
    pub media_type: Option<String>,
    pub origin: String,
    pub original_name: Option<String>,
    pub size: u64,
    pub sha256: String,
    pub captured_at: Timestamp,
    pub captured_offset: Option<Offset>,
    pub basis: Basis,
    pub capture_raw: String,
    pub zone_assumed: bool,
    pub duration_ms: Option<u64>,
    pub contributor: Option<String>,
    pub note: Option<String>,
    pub added_at: Timestamp,
    /// Contributors who later supplied the same bytes.
    pub also_from: Vec<Option<String>>,
    /// For a typed note: what it says, with its channel and party.
    pub note_text: Option<NoteText>,
    /// For an export imported only in part: what was lost, and how many
    /// complete records its import read.
    pub gaps: Vec<crate::import::Gap>,
    pub imported_records: Option<u64>,
}

/// The account a typed note gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteText {
    pub channel: String,
    pub party: Option<String>,
    pub text: String,
}

/// Every exhibit, by number.
pub fn exhibits(case: &Case) -> rusqlite::Result<Vec<Exhibit>> {
    read(case, None)
}

/// One exhibit, or `None` when the case has no exhibit of that number.
pub fn exhibit(case: &Case, exhibit: i64) -> rusqlite::Result<Option<Exhibit>> {
    Ok(read(case, Some(exhibit))?.pop())
}

/// The exhibits, or only the one numbered `only`.
fn read(case: &Case, only: Option<i64>) -> rusqlite::Result<Vec<Exhibit>> {
    let conn = case.conn();
    let mut stmt = conn.prepare(
        "SELECT i.exhibit, i.kind, i.media_type, i.origin, a.original_name, i.size, i.sha256, i.captured_at,
                i.captured_offset, i.capture_basis, i.capture_raw, i.capture_zone_assumed, i.duration_ms,
                c.name, a.note, i.added_at, e.channel, e.party, e.body
         FROM item i
         LEFT JOIN event e ON e.exhibit = i.exhibit AND e.record = 'note'
         JOIN acquisition a ON a.id = (SELECT MIN(id) FROM acquisition WHERE exhibit = i.exhibit)
         LEFT JOIN contributor c ON c.id = a.contributor_id
         WHERE ?1 IS NULL OR i.exhibit = ?1
         ORDER BY i.exhibit",
    )?;
    let mut rows: Vec<Exhibit> = stmt
        .query_map([only], exhibit_row)?
        .collect::<rusqlite::Result<_>>()?;
    let mut again = conn.prepare(
        "SELECT c.name FROM acquisition a LEFT JOIN contributor c ON c.id = a.contributor_id
         WHERE a.exhibit = ?1 ORDER BY a.id LIMIT -1 OFFSET 1",
    )?;
    let mut gaps = conn.prepare(
        "SELECT g.kind, g.record, g.at_byte, g.declared, i.records FROM import_gap g
         JOIN import i ON i.id = g.import_id WHERE i.exhibit = ?1 ORDER BY g.id",
    )?;
    for row in &mut rows {
        row.also_from = again
            .query_map([row.exhibit], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for gap in gaps.query_map([row.exhibit], |r| {
            let kind: String = r.get(0)?;
            let record: Option<String> = r.get(1)?;
            let at_byte = r.get::<_, Option<i64>>(2)?.map(|b| b.max(0) as u64);
            let declared = r.get::<_, Option<i64>>(3)?.map(|d| d.max(0) as u64);
            let gap = match kind.as_str() {
                "truncated" => crate::import::Gap::Truncated {
                    at_byte: at_byte.unwrap_or(0),
                    inside: record,
                    declared,
                },
                "missing" => crate::import::Gap::Missing {
                    position: record.unwrap_or_default(),
                },
                _ => crate::import::Gap::Part {
                    position: record.unwrap_or_default(),
                    at_byte,
                },
            };
            Ok((gap, r.get::<_, i64>(4)?.max(0) as u64))
        })? {
            let (gap, records) = gap?;
            row.gaps.push(gap);
            row.imported_records = Some(records);
        }
    }
    Ok(rows)
}

fn bad(column: usize, what: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        column,
        rusqlite::types::Type::Text,
        what.to_owned().into(),
    )
}

fn exhibit_row(r: &Row<'_>) -> rusqlite::Result<Exhibit> {
    let kind: String = r.get(1)?;
    let captured: String = r.get(7)?;
    let offset: Option<String> = r.get(8)?;
    let basis: String = r.get(9)?;
    let added: String = r.get(15)?;
    Ok(Exhibit {
        exhibit: r.get(0)?,
        kind: Kind::parse(&kind).ok_or_else(|| bad(1, "unknown kind"))?,
        media_type: r.get(2)?,
        origin: r.get(3)?,
        original_name: r.get(4)?,
        size: r.get::<_, i64>(5)? as u64,
        sha256: r.get(6)?,
        captured_at: parse_utc(&captured).ok_or_else(|| bad(7, "unreadable capture time"))?,
        captured_offset: offset.as_deref().and_then(parse_stored_offset),
        basis: Basis::parse(&basis).ok_or_else(|| bad(9, "unknown capture basis"))?,
        capture_raw: r.get(10)?,
        zone_assumed: r.get(11)?,
        duration_ms: r.get::<_, Option<i64>>(12)?.map(|d| d as u64),
        contributor: r.get(13)?,
        note: r.get(14)?,
        added_at: parse_utc(&added).ok_or_else(|| bad(15, "unreadable time"))?,
        also_from: Vec::new(),
        gaps: Vec::new(),
        imported_records: None,
        note_text: match (
            r.get::<_, Option<String>>(16)?,
            r.get::<_, Option<String>>(18)?,
        ) {
            (Some(channel), Some(text)) => Some(NoteText {
                channel,
                party: r.get(17)?,
                text,
            }),
            _ => None,
        },
    })
}

/// One event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub id: i64,
    pub exhibit: i64,
    pub record: String,
    pub occurred_at: Timestamp,
    pub offset: Option<Offset>,
    pub channel: String,
    pub party: Option<String>,
    pub body: Option<String>,
    pub duration_ms: Option<u64>,
}

/// Every event, in time order.
pub fn events(case: &Case) -> rusqlite::Result<Vec<Event>> {
    let mut stmt = case.conn().prepare(
        "SELECT id, exhibit, record, occurred_at, occurred_offset, channel, party, body, duration_ms
         FROM event ORDER BY occurred_at, id",
    )?;
    stmt.query_map([], |r| {
        let at: String = r.get(3)?;
        let offset: Option<String> = r.get(4)?;
        Ok(Event {
            id: r.get(0)?,
            exhibit: r.get(1)?,
            record: r.get(2)?,
            occurred_at: parse_utc(&at).ok_or_else(|| bad(3, "unreadable event time"))?,
            offset: offset.as_deref().and_then(parse_stored_offset),
            channel: r.get(5)?,
            party: r.get(6)?,
            body: r.get(7)?,
            duration_ms: r.get::<_, Option<i64>>(8)?.map(|d| d as u64),
        })
    })?
    .collect()
}

/// How many events each exhibit is the first source of, by exhibit.
pub fn event_counts(case: &Case) -> rusqlite::Result<std::collections::HashMap<i64, u64>> {
    let mut stmt = case
        .conn()
        .prepare("SELECT exhibit, COUNT(*) FROM event GROUP BY exhibit")?;
    stmt.query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64)))?
        .collect()
}

/// Exhibits that are imported exports (call logs, message lists).
pub fn imports(case: &Case) -> rusqlite::Result<std::collections::HashSet<i64>> {
    let mut stmt = case.conn().prepare("SELECT DISTINCT exhibit FROM import")?;
    stmt.query_map([], |r| r.get(0))?.collect()
}

/// The export an exhibit was taken out of (an MMS picture), and where in it.
pub fn extracted_from(case: &Case, exhibit: i64) -> rusqlite::Result<Option<(i64, String)>> {
    use rusqlite::OptionalExtension;
    case.conn()
        .query_row(
            "SELECT source_exhibit, record FROM extracted WHERE exhibit = ?1 ORDER BY source_exhibit LIMIT 1",
            [exhibit],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
}

/// How many exhibits, events and parties the case holds.
pub fn counts(case: &Case) -> rusqlite::Result<(u64, u64, u64)> {
    case.conn().query_row(
        "SELECT (SELECT COUNT(*) FROM item), (SELECT COUNT(*) FROM event), (SELECT COUNT(*) FROM party)",
        [],
        |r| {
            Ok((
                r.get::<_, i64>(0)? as u64,
                r.get::<_, i64>(1)? as u64,
                r.get::<_, i64>(2)? as u64,
            ))
        },
    )
}
