//! What the user says about an exhibit after adding it: notes, which are
//! kept for good, and tags, which can be taken off again. The original is
//! never touched; each change is one transaction with its audit entry.

use crate::case::Case;
use crate::case::audit::{self, Action};
use crate::clock::{Clock, format_utc};
use rusqlite::{OptionalExtension, TransactionBehavior, params};

/// Why an annotation was refused.
#[derive(Debug, thiserror::Error)]
pub enum AnnotateError {
    #[error("exhibit {exhibit} is not in this case")]
    NoSuchExhibit { exhibit: i64 },
    #[error("the text is empty — write something first")]
    Empty,
    #[error("exhibit {exhibit} has no tag {tag:?}")]
    NoSuchTag { exhibit: i64, tag: String },
    #[error("cannot update the case database: {0}")]
    Database(#[from] rusqlite::Error),
}

/// A note or a tag on an exhibit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Note,
    Tag,
}

impl Kind {
    pub const ALL: [Kind; 2] = [Kind::Note, Kind::Tag];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Note => "note",
            Kind::Tag => "tag",
        }
    }

    pub fn parse(text: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

crate::model::text_form!(Kind);

/// One annotation as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annotation {
    pub id: i64,
    pub kind: Kind,
    pub text: String,
    pub added_at: String,
}

/// Adds a note or a tag. A tag already on the exhibit is left as it is.
pub fn add(
    case: &mut Case,
    exhibit: i64,
    kind: Kind,
    text: &str,
    clock: &dyn Clock,
    actor: &str,
) -> Result<(), AnnotateError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(AnnotateError::Empty);
    }
    let tx = case
        .conn_mut()
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    exists(&tx, exhibit)?;
    if kind == Kind::Tag {
        let on: Option<i64> = tx
            .query_row(
                "SELECT id FROM annotation WHERE exhibit = ?1 AND kind = 'tag' AND text = ?2 AND removed_at IS NULL",
                params![exhibit, text],
                |r| r.get(0),
            )
            .optional()?;
        if on.is_some() {
            return Ok(());
        }
    }
    let now = clock.now();
    let seq = audit::reserve(&tx)?;
    tx.execute(
        "INSERT INTO annotation (exhibit, kind, text, added_at, audit_seq) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![exhibit, kind.as_str(), text, format_utc(now), seq],
    )?;
    audit::append(
        &tx,
        now,
        actor,
        Action::Annotated,
        &serde_json::json!({ "exhibit": exhibit, "kind": kind.as_str(), "text": text }),
    )?;
    tx.commit()?;
    Ok(())
}

/// Takes a tag off an exhibit; the row stays with the time it was removed.
pub fn remove_tag(
    case: &mut Case,
    exhibit: i64,
    tag: &str,
    clock: &dyn Clock,
    actor: &str,
) -> Result<(), AnnotateError> {
    let tx = case
        .conn_mut()
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    exists(&tx, exhibit)?;
    let now = clock.now();
    let on: Vec<i64> = tx
        .prepare(
            "SELECT id FROM annotation
             WHERE exhibit = ?1 AND kind = 'tag' AND text = ?2 AND removed_at IS NULL",
        )?
        .query_map(params![exhibit, tag], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in on {
        crate::case::rows::supersede(&tx, "annotation", id)?;
    }
    let changed = tx.execute(
        "UPDATE annotation SET removed_at = ?3
         WHERE exhibit = ?1 AND kind = 'tag' AND text = ?2 AND removed_at IS NULL",
        params![exhibit, tag, format_utc(now)],
    )?;
    if changed == 0 {
        return Err(AnnotateError::NoSuchTag {
            exhibit,
            tag: tag.to_owned(),
        });
    }
    audit::append(
        &tx,
        now,
        actor,
        Action::TagRemoved,
        &serde_json::json!({ "exhibit": exhibit, "tag": tag }),
    )?;
    tx.commit()?;
    Ok(())
}

/// An exhibit's notes (oldest first) and its current tags (by name).
pub fn of(case: &Case, exhibit: i64) -> rusqlite::Result<Vec<Annotation>> {
    let mut stmt = case.conn().prepare(
        "SELECT id, kind, text, added_at FROM annotation
         WHERE exhibit = ?1 AND removed_at IS NULL ORDER BY kind, CASE kind WHEN 'tag' THEN text END, id",
    )?;
    stmt.query_map([exhibit], |r| {
        let kind: String = r.get(1)?;
        Ok(Annotation {
            id: r.get(0)?,
            kind: if kind == "tag" { Kind::Tag } else { Kind::Note },
            text: r.get(2)?,
            added_at: r.get(3)?,
        })
    })?
    .collect()
}

/// Every tag in use, with how many exhibits carry it.
pub fn tags(case: &Case) -> rusqlite::Result<Vec<(String, u64)>> {
    let mut stmt = case.conn().prepare(
        "SELECT text, COUNT(*) FROM annotation WHERE kind = 'tag' AND removed_at IS NULL
         GROUP BY text ORDER BY text",
    )?;
    stmt.query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64)))?
        .collect()
}

fn exists(tx: &rusqlite::Transaction<'_>, exhibit: i64) -> Result<(), AnnotateError> {
    tx.query_row("SELECT 1 FROM item WHERE exhibit = ?1", [exhibit], |_| {
        Ok(())
    })
    .optional()?
    .ok_or(AnnotateError::NoSuchExhibit { exhibit })
}
