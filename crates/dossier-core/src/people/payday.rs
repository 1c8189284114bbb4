//! The borrower's paydays: the days of the month their pay arrives.
//!
//! Collectors press hardest around paydays, and the borrower knows theirs,
//! so the case holds them (`dossier init/set --paydays 15`, or the app's
//! Findings screen) and the pattern facts count the collection contacts on
//! them. The days a rule pack's playbook names are a separate fact: they
//! come from the collectors' own training texts, not from this borrower.

use crate::case::Case;
use crate::case::audit::{self, Action};
use crate::clock::Clock;
use rusqlite::{Connection, TransactionBehavior};

/// Why a list of paydays was refused.
#[derive(Debug, thiserror::Error)]
pub enum PaydayError {
    #[error("{text:?} is not a day of the month: give days from 1 to 31, such as 15 or 10,25")]
    NotADay { text: String },
    #[error("cannot record the paydays in the case database: {0}")]
    Record(#[from] rusqlite::Error),
}

/// Reads days of the month written as a person would: `15`, `10,25`,
/// `10、25`, `5 20`, `15日`, `15号`. An empty text is no paydays.
pub fn parse(text: &str) -> Result<Vec<i8>, PaydayError> {
    let mut days = Vec::new();
    for part in text.split([',', '，', '、', ' ', ';', '；']) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let digits = part
            .strip_suffix('日')
            .or_else(|| part.strip_suffix('号'))
            .unwrap_or(part);
        match digits.parse::<i8>() {
            Ok(day) if (1..=31).contains(&day) => days.push(day),
            _ => {
                return Err(PaydayError::NotADay {
                    text: part.to_owned(),
                });
            }
        }
    }
    days.sort_unstable();
    days.dedup();
    Ok(days)
}

/// The case's paydays, in order; empty when the user has given none.
pub fn get(conn: &Connection) -> rusqlite::Result<Vec<i8>> {
    let mut stmt = conn.prepare_cached("SELECT day FROM case_payday ORDER BY day")?;
    stmt.query_map([], |r| r.get(0))?.collect()
}

/// Replaces the case's paydays with `days` (none clears them), with its
/// audit entry; returns the days as stored.
pub fn set(
    case: &mut Case,
    days: &[i8],
    clock: &dyn Clock,
    actor: &str,
) -> Result<Vec<i8>, PaydayError> {
    let mut days = days.to_vec();
    if let Some(bad) = days.iter().find(|d| !(1..=31).contains(*d)) {
        return Err(PaydayError::NotADay {
            text: bad.to_string(),
        });
    }
    days.sort_unstable();
    days.dedup();
    let tx = case
        .conn_mut()
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    let before = get(&tx)?;
    crate::case::write_paydays(&tx, &days)?;
    audit::append(
        &tx,
        clock.now(),
        actor,
        Action::PaydaysSet,
        &serde_json::json!({ "before": before, "after": days }),
    )?;
    tx.commit()?;
    Ok(days)
}
