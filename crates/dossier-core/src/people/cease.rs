//! The borrower's written requests that a collector stop contacting them.
//!
//! Under the FDCPA (15 U.S.C. 1692c(c)) a debt collector that has received
//! a consumer's written notice to cease, or a refusal to pay, may not
//! communicate further with the consumer about the debt, save to say its
//! efforts end or to notify a specific remedy. The case records each such
//! request per collector (the company as the case's labels name it) with
//! the day it was received, so the US rule `US-CEASE` can count what came
//! after. The record is the user's statement; its proof (the letter, the
//! return receipt) is an exhibit like any other.

use crate::case::Case;
use crate::case::audit::{self, Action};
use crate::clock::Clock;
use jiff::civil::Date;
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};

/// A written request to stop, as the case records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CeaseRequest {
    /// The collector: a name or group of the case's collection parties.
    pub collector: String,
    /// The day the collector received it.
    pub received: Date,
    /// How that is known, in the user's words.
    pub source: Option<String>,
}

/// Why a request was refused.
#[derive(Debug, thiserror::Error)]
pub enum CeaseError {
    #[error(
        "{name:?} is not a collector of this case: no number or account labelled lender, agency or collector \
         has that name, and no collector has it as group{} — label the collector's numbers first \
         (dossier party set NUMBER --role agency --name NAME)",
        if known.is_empty() { String::new() } else { format!(" (the case knows {})", known.join(", ")) }
    )]
    UnknownCollector { name: String, known: Vec<String> },
    #[error(
        "{text:?} is not a date: give the day the collector received the request, such as 2026-04-02 or 2026年4月2日"
    )]
    NotADate { text: String },
    #[error(
        "{date} is later than today ({today}): give the day the collector received the request"
    )]
    Future { date: Date, today: Date },
    #[error("no written request to {name:?} is recorded, so none was withdrawn")]
    NotRecorded { name: String },
    #[error("cannot record the request in the case database: {0}")]
    Record(#[from] rusqlite::Error),
}

/// Every recorded request, by collector.
pub fn list(conn: &Connection) -> rusqlite::Result<Vec<CeaseRequest>> {
    let mut stmt = conn.prepare_cached(
        "SELECT collector, received, source FROM cease_request ORDER BY collector",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (collector, received, source) = row?;
        // The schema's CHECK holds the shape; a day that does not exist
        // (2026-02-30) was never written by this program.
        if let Ok(received) = received.parse::<Date>() {
            out.push(CeaseRequest {
                collector,
                received,
                source,
            });
        }
    }
    Ok(out)
}

/// The collectors a request can name: the name of every party labelled
/// lender, agency or collector, and the group of every individual
/// collector (the company they call for), in order. A request binds the
/// party of that name and the individual collectors grouped under it.
pub fn collectors(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT name FROM party WHERE role IN ('lender', 'agency', 'collector') AND name IS NOT NULL
         UNION SELECT group_name FROM party WHERE role = 'collector' AND group_name IS NOT NULL
         ORDER BY 1",
    )?;
    stmt.query_map([], |r| r.get(0))?.collect()
}

/// Reads the day a request was received as the user typed it.
pub fn parse_received(text: &str) -> Result<Date, CeaseError> {
    crate::when::parse_date(text).ok_or_else(|| CeaseError::NotADate {
        text: text.to_owned(),
    })
}

fn current(tx: &Transaction<'_>, collector: &str) -> rusqlite::Result<Option<(i64, CeaseRequest)>> {
    tx.query_row(
        "SELECT rowid, received, source FROM cease_request WHERE collector = ?1",
        [collector],
        |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get(2)?)),
    )
    .optional()
    .map(|found| {
        found.and_then(|(rowid, received, source)| {
            Some((
                rowid,
                CeaseRequest {
                    collector: collector.to_owned(),
                    received: received.parse().ok()?,
                    source,
                },
            ))
        })
    })
}

fn json(r: &Option<CeaseRequest>) -> serde_json::Value {
    r.as_ref().map_or(
        serde_json::Value::Null,
        |r| serde_json::json!({ "received": r.received.to_string(), "source": r.source }),
    )
}

/// Records (or corrects) the request to `request.collector`, with its audit
/// entry; the collector must be one the case's labels name.
pub fn record(
    case: &mut Case,
    request: &CeaseRequest,
    clock: &dyn Clock,
    actor: &str,
) -> Result<CeaseRequest, CeaseError> {
    let collector = request.collector.trim().to_owned();
    let known = collectors(case.conn())?;
    if !known.contains(&collector) {
        return Err(CeaseError::UnknownCollector {
            name: collector,
            known,
        });
    }
    let today = case.info().time_zone.to_datetime(clock.now()).date();
    if request.received > today {
        return Err(CeaseError::Future {
            date: request.received,
            today,
        });
    }
    store(
        case,
        CeaseRequest {
            collector,
            received: request.received,
            source: request.source.clone(),
        },
        clock,
        actor,
    )
}

/// Writes a request already checked (or the demo's, whose clock may run
/// before its story), with its audit entry.
pub(crate) fn store(
    case: &mut Case,
    request: CeaseRequest,
    clock: &dyn Clock,
    actor: &str,
) -> Result<CeaseRequest, CeaseError> {
    let collector = request.collector;
    let source = request
        .source
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned);
    let stored = CeaseRequest {
        collector: collector.clone(),
        received: request.received,
        source,
    };
    let tx = case
        .conn_mut()
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    let before = current(&tx, &collector)?;
    if let Some((rowid, _)) = &before {
        // The earlier record stays provable: the entry records its hash.
        crate::case::rows::supersede(&tx, "cease_request", *rowid)?;
        tx.execute("DELETE FROM cease_request WHERE rowid = ?1", [rowid])?;
    }
    tx.execute(
        "INSERT INTO cease_request (collector, received, source) VALUES (?1, ?2, ?3)",
        params![collector, stored.received.to_string(), stored.source],
    )?;
    audit::append(
        &tx,
        clock.now(),
        actor,
        Action::CeaseRecorded,
        &serde_json::json!({
            "collector": collector,
            "before": json(&before.map(|b| b.1)),
            "after": json(&Some(stored.clone())),
        }),
    )?;
    tx.commit()?;
    Ok(stored)
}

/// Takes back a request recorded by mistake, with its audit entry (the
/// record stays provable through the entry that sealed it).
pub fn withdraw(
    case: &mut Case,
    collector: &str,
    clock: &dyn Clock,
    actor: &str,
) -> Result<CeaseRequest, CeaseError> {
    let collector = collector.trim();
    let tx = case
        .conn_mut()
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    let Some((rowid, before)) = current(&tx, collector)? else {
        return Err(CeaseError::NotRecorded {
            name: collector.to_owned(),
        });
    };
    crate::case::rows::supersede(&tx, "cease_request", rowid)?;
    tx.execute("DELETE FROM cease_request WHERE rowid = ?1", [rowid])?;
    audit::append(
        &tx,
        clock.now(),
        actor,
        Action::CeaseWithdrawn,
        &serde_json::json!({
            "collector": collector,
            "before": json(&Some(before.clone())),
            "after": serde_json::Value::Null,
        }),
    )?;
    tx.commit()?;
    Ok(before)
}
