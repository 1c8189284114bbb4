//! The chain of custody: an append-only log in which every change to a case
//! is one entry, each sealed with SHA-256 over its own fields and the previous
//! entry's hash, so that removing, reordering or editing any entry breaks the
//! chain at a point `verify` can name.
//!
//! # Canonical encoding (version 1)
//!
//! An entry's hash is the lowercase hex SHA-256 of these bytes, in order, each
//! field followed by a line feed (`\n`, 0x0A):
//!
//! ```text
//! dossier-audit-v1
//! <seq>                      decimal, no leading zeros
//! <at>                       the stored UTC instant text, e.g. 2026-03-05T13:03:11.000Z
//! <len>:<actor>              len = the field's length in UTF-8 bytes, decimal
//! <len>:<action>
//! <len>:<details>            the stored JSON text, byte for byte
//! <prev_hash>                64 hex digits; 64 zeros for the first entry
//! ```
//!
//! The length prefixes make the encoding unambiguous even when a field
//! contains line feeds. Details are written as compact JSON with sorted keys,
//! but the hash covers the stored text itself, so checking an entry needs no
//! JSON canonicalisation: anyone can recompute it with `sha256sum`.

use crate::clock::format_utc;
use crate::hash::sha256_hex;
use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, Transaction, params};

/// Who the audit log names for a change made on this machine: the login
/// name (`USER`, `USERNAME`, `LOGNAME`), else `unknown`.
pub fn default_actor() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
        .unwrap_or_else(|| "unknown".to_owned())
}

/// The `prev_hash` of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What a change did. The text form is what the log stores.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    CaseCreated,
    ItemAdded,
    ItemAcquiredAgain,
    NoteAdded,
    PartySet,
    PaydaysSet,
    CeaseRecorded,
    CeaseWithdrawn,
    Imported,
    Annotated,
    TagRemoved,
    PassphraseChanged,
    CaseEncrypted,
    CaseDecrypted,
    CaseUpgraded,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::CaseCreated => "case.created",
            Action::ItemAdded => "item.added",
            Action::ItemAcquiredAgain => "item.acquired_again",
            Action::NoteAdded => "note.added",
            Action::PartySet => "party.set",
            Action::PaydaysSet => "case.paydays_set",
            Action::CeaseRecorded => "cease.recorded",
            Action::CeaseWithdrawn => "cease.withdrawn",
            Action::Imported => "import",
            Action::Annotated => "annotation.added",
            Action::TagRemoved => "tag.removed",
            Action::PassphraseChanged => "case.passphrase_changed",
            Action::CaseEncrypted => "case.encrypted",
            Action::CaseDecrypted => "case.decrypted",
            Action::CaseUpgraded => "case.upgraded",
        }
    }
}

/// One stored entry; the manifest carries it with these field names.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub details: String,
    pub prev_hash: String,
    pub hash: String,
}

impl AuditEntry {
    /// The hash this entry's fields give under the canonical encoding.
    pub fn computed_hash(&self) -> String {
        entry_hash(
            self.seq,
            &self.at,
            &self.actor,
            &self.action,
            &self.details,
            &self.prev_hash,
        )
    }

    /// The details parsed as JSON, or `None` when they are not valid JSON.
    pub fn details_json(&self) -> Option<serde_json::Value> {
        serde_json::from_str(&self.details).ok()
    }
}

/// SHA-256 over the canonical encoding described in this module's docs.
pub fn entry_hash(
    seq: i64,
    at: &str,
    actor: &str,
    action: &str,
    details: &str,
    prev_hash: &str,
) -> String {
    let mut buf = Vec::with_capacity(128 + actor.len() + action.len() + details.len());
    buf.extend_from_slice(b"dossier-audit-v1\n");
    buf.extend_from_slice(format!("{seq}\n{at}\n").as_bytes());
    for field in [actor, action, details] {
        buf.extend_from_slice(format!("{}:", field.len()).as_bytes());
        buf.extend_from_slice(field.as_bytes());
        buf.push(b'\n');
    }
    buf.extend_from_slice(prev_hash.as_bytes());
    buf.push(b'\n');
    sha256_hex(&buf)
}

/// The sequence number the next entry of this transaction will get. A
/// writer that must name its entry in the rows it writes (`item.audit_seq`)
/// reserves it first, writes the rows, then appends: the rows must exist
/// before the entry, which seals them (see [`crate::case::rows`]). Foreign keys
/// to the entry are checked at commit instead of at each statement.
pub(crate) fn reserve(tx: &Transaction<'_>) -> rusqlite::Result<i64> {
    tx.pragma_update(None, "defer_foreign_keys", true)?;
    Ok(last(tx)?.map_or(1, |(seq, _)| seq + 1))
}

fn last(tx: &Transaction<'_>) -> rusqlite::Result<Option<(i64, String)>> {
    tx.query_row(
        "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
}

/// Appends an entry inside the caller's transaction and returns its sequence
/// number. The change it describes must be written in the same transaction,
/// before this call: the entry seals every row the transaction wrote and has
/// not sealed yet, recording their digests in its details (`rows`, and
/// `replaces` for earlier versions of rows it changed).
pub(crate) fn append(
    tx: &Transaction<'_>,
    at: Timestamp,
    actor: &str,
    action: Action,
    details: &serde_json::Value,
) -> rusqlite::Result<i64> {
    let (seq, prev_hash) = match last(tx)? {
        Some((seq, hash)) => (seq + 1, hash),
        None => (1, GENESIS.to_owned()),
    };
    let sealed = if action == Action::CaseUpgraded {
        crate::case::rows::seal_all(tx, seq)?
    } else {
        crate::case::rows::seal(tx, seq)?
    };
    let mut details = details.clone();
    sealed.add_to(&mut details);
    // serde_json's default map is ordered by key, so this text is canonical.
    let details = details.to_string();
    let at = format_utc(at);
    let hash = entry_hash(seq, &at, actor, action.as_str(), &details, &prev_hash);
    tx.execute(
        "INSERT INTO audit (seq, at, actor, action, details, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![seq, at, actor, action.as_str(), details, prev_hash, hash],
    )?;
    Ok(seq)
}

/// Every entry, in sequence order.
pub fn entries(conn: &Connection) -> rusqlite::Result<Vec<AuditEntry>> {
    let mut stmt = conn.prepare(
        "SELECT seq, at, actor, action, details, prev_hash, hash FROM audit ORDER BY seq",
    )?;
    stmt.query_map([], |r| {
        Ok(AuditEntry {
            seq: r.get(0)?,
            at: r.get(1)?,
            actor: r.get(2)?,
            action: r.get(3)?,
            details: r.get(4)?,
            prev_hash: r.get(5)?,
            hash: r.get(6)?,
        })
    })?
    .collect()
}

/// A way in which the stored chain is not what appending would have made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainBreak {
    /// Sequence numbers jump: entries `expected..found` are missing.
    Gap { expected: i64, found: i64 },
    /// The entry's `prev_hash` is not the hash of the entry before it.
    PrevMismatch {
        seq: i64,
        expected: String,
        found: String,
    },
    /// The entry's fields do not give its stored hash: it was edited.
    HashMismatch {
        seq: i64,
        stored: String,
        computed: String,
    },
}

/// Walks the chain from the first entry to the last.
pub fn check_chain(entries: &[AuditEntry]) -> Vec<ChainBreak> {
    let mut breaks = Vec::new();
    let mut expected_seq = 1;
    let mut expected_prev = GENESIS.to_owned();
    for entry in entries {
        if entry.seq != expected_seq {
            breaks.push(ChainBreak::Gap {
                expected: expected_seq,
                found: entry.seq,
            });
        }
        if entry.prev_hash != expected_prev {
            breaks.push(ChainBreak::PrevMismatch {
                seq: entry.seq,
                expected: expected_prev.clone(),
                found: entry.prev_hash.clone(),
            });
        }
        let computed = entry.computed_hash();
        if computed != entry.hash {
            breaks.push(ChainBreak::HashMismatch {
                seq: entry.seq,
                stored: entry.hash.clone(),
                computed,
            });
        }
        expected_seq = entry.seq + 1;
        expected_prev = entry.hash.clone();
    }
    breaks
}
