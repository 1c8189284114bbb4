//! Typed notes: a doorstep visit, a call described from memory, a letter that
//! was taken away. A note is stored as an item like any file — UTF-8 text,
//! hashed — and yields one event at the time the contributor states.
//!
//! The stored text carries the stated time, channel, party and the person it
//! happened to above the account itself, so the hashed original says
//! everything the event says, and two notes with the same words about
//! different moments stay distinct.
//!
//! A note *reached* someone: the person the call, message or visit it
//! describes happened to. That is the party given with `reached`, else the
//! contributor when the contributor is a party of the case (a sister who
//! labelled herself, a colleague), else the debtor. Rules count who was
//! reached: a relative's account of a collector's call is a contact with the
//! relative, not with the debtor.

use crate::case::Case;
use crate::case::blob;
use crate::clock::Clock;
use crate::evidence::ingest::{
    self, EventSpec, IngestError, Origin, Outcome, Prepared, stated_capture,
};
use crate::model::kind::Kind;
use crate::when::StatedTime;
use std::path::PathBuf;

/// What the note describes: one of [`Channel::NOTED`].
pub use crate::model::channel::Channel;

/// A note as the contributor gives it.
#[derive(Debug, Clone)]
pub struct NoteInput {
    pub text: String,
    pub at: StatedTime,
    pub channel: Channel,
    pub party: Option<String>,
    pub contributor: Option<String>,
    /// Whom it happened to: a number, an account, a party's name, or
    /// `debtor`; `None` to decide by the contributor.
    pub reached: Option<String>,
}

/// Why a note was not stored.
#[derive(Debug, thiserror::Error)]
pub enum NoteError {
    #[error("the note has no text — say what happened, e.g. --text \"两名男子到家门口要求还款\"")]
    EmptyText,
    /// SMS, MMS and chat records come from exports, not notes.
    #[error("a note cannot be of channel {}: use call, message, visit, letter, post or other", .0.as_str())]
    NotNoted(Channel),
    #[error(transparent)]
    Store(#[from] IngestError),
}

/// The stored note: exhibit number and whether it was already in the case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteStored {
    pub exhibit: i64,
    pub sha256: String,
    pub duplicate: bool,
}

/// The bytes a note is stored as.
pub fn render(input: &NoteInput) -> String {
    let stated = stated_capture(input.at);
    let mut text = String::new();
    text.push_str("Dossier note / 文字记录\n");
    text.push_str(&format!("time: {}\n", stated.raw));
    text.push_str(&format!("channel: {}\n", input.channel.as_str()));
    if let Some(party) = &input.party {
        text.push_str(&format!("party: {}\n", party.trim()));
    }
    if let Some(reached) = input
        .reached
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
    {
        text.push_str(&format!("reached: {reached}\n"));
    }
    text.push('\n');
    text.push_str(input.text.trim());
    text.push('\n');
    text
}

/// The party key a note reached: `reached` when given (a number or
/// account, `debtor`, or the exact name of one party of the case, else a
/// new party of that name), else the contributor when one party of the case
/// has that name or number, else `None` (the debtor).
pub fn reached_key(
    case: &Case,
    reached: Option<&str>,
    contributor: Option<&str>,
) -> Option<String> {
    let named = |name: &str| -> Option<String> {
        let mut stmt = case
            .conn()
            .prepare("SELECT key FROM party WHERE name = ?1 OR key = ?2 LIMIT 2")
            .ok()?;
        let keys: Vec<String> = stmt
            .query_map([name, &format!("name:{name}")], |r| r.get(0))
            .ok()?
            .filter_map(Result::ok)
            .collect();
        // Two parties of one name: the name does not say which.
        match keys.as_slice() {
            [one] => Some(one.clone()),
            _ => None,
        }
    };
    if let Some(reached) = reached.map(str::trim).filter(|r| !r.is_empty()) {
        return crate::people::party::key_for(reached, case)
            .or_else(|| named(reached))
            .or_else(|| Some(format!("name:{reached}")));
    }
    let contributor = contributor.map(str::trim).filter(|c| !c.is_empty())?;
    let key = crate::people::party::key_for(contributor, case)
        .filter(|key| {
            case.conn()
                .query_row("SELECT 1 FROM party WHERE key = ?1", [key], |_| Ok(()))
                .is_ok()
        })
        .or_else(|| named(contributor))?;
    Some(key)
}

/// Stores a note and its event, with one audit entry.
pub fn add_note(
    case: &mut Case,
    input: &NoteInput,
    clock: &dyn Clock,
    actor: &str,
) -> Result<NoteStored, NoteError> {
    if input.text.trim().is_empty() {
        return Err(NoteError::EmptyText);
    }
    if !input.channel.is_noted() {
        return Err(NoteError::NotNoted(input.channel));
    }
    let bytes = render(input);
    let label = PathBuf::from("note");
    let staged = blob::stage(
        case.vault(),
        &mut bytes.as_bytes(),
        bytes.len() as u64,
        &mut blob::Buffers::default(),
        &mut |_| {},
    )
    .map_err(|e| match e {
        blob::StageError::Read(source) | blob::StageError::Write(source) => IngestError::Write {
            path: label.clone(),
            source,
        },
    })?;
    let mut syncer = blob::Syncer::new(case.root(), 1);
    let synced = syncer
        .submit(0, &staged)
        .and_then(|()| syncer.wait_all(&[0]).pop().unwrap_or(Ok(())));
    if let Err(source) = synced {
        staged.discard();
        return Err(IngestError::Write {
            path: label,
            source,
        }
        .into());
    }
    let sha256 = staged.sha256.clone();
    let prepared = Prepared {
        index: 0,
        path: label,
        staged,
        kind: Kind::Text,
        media_type: Some("text/plain; charset=utf-8".to_owned()),
        capture: stated_capture(input.at),
        duration_ms: None,
        origin: Origin::Note,
        original_name: None,
        original_path: None,
        modified_at: None,
        note: None,
        event: Some(EventSpec {
            record: "note",
            channel: input.channel.as_str().to_owned(),
            party: input
                .party
                .as_ref()
                .map(|p| p.trim().to_owned())
                .filter(|p| !p.is_empty()),
            party_key: input
                .party
                .as_deref()
                .and_then(|p| crate::people::party::key_for(p, case)),
            reached_key: reached_key(case, input.reached.as_deref(), input.contributor.as_deref()),
            body: Some(input.text.trim().to_owned()),
        }),
    };
    let mut outcomes = Vec::new();
    ingest::commit(
        case,
        vec![prepared],
        input.contributor.as_deref(),
        clock,
        actor,
        &mut outcomes,
        &mut syncer,
    );
    match outcomes.pop().map(|(_, o)| o) {
        Some(Outcome::Added(added)) => Ok(NoteStored {
            exhibit: added.exhibit,
            sha256,
            duplicate: false,
        }),
        Some(Outcome::Duplicate { exhibit, .. }) => Ok(NoteStored {
            exhibit,
            sha256,
            duplicate: true,
        }),
        Some(Outcome::Failed(e)) => Err(e.into()),
        None => Err(IngestError::Write {
            path: PathBuf::from("note"),
            source: std::io::Error::other("nothing was recorded"),
        }
        .into()),
    }
}
