//! Typed notes: a doorstep visit, a call described from memory, a letter that
//! was taken away. A note is stored as an item like any file — UTF-8 text,
//! hashed — and yields one event at the time the contributor states.
//!
//! The stored text carries the stated time, channel and party above the
//! account itself, so the hashed original says everything the event says,
//! and two notes with the same words about different moments stay distinct.

use crate::blob;
use crate::case::Case;
use crate::clock::Clock;
use crate::ingest::{self, EventSpec, IngestError, Origin, Outcome, Prepared, stated_capture};
use crate::kind::Kind;
use crate::when::StatedTime;
use std::path::PathBuf;

/// What the note describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Channel {
    Call,
    Message,
    Visit,
    Letter,
    Post,
    #[default]
    Other,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Call => "call",
            Channel::Message => "message",
            Channel::Visit => "visit",
            Channel::Letter => "letter",
            Channel::Post => "post",
            Channel::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Option<Channel> {
        Some(match text {
            "call" => Channel::Call,
            "message" => Channel::Message,
            "visit" => Channel::Visit,
            "letter" => Channel::Letter,
            "post" => Channel::Post,
            "other" => Channel::Other,
            _ => return None,
        })
    }
}

/// A note as the contributor gives it.
#[derive(Debug, Clone)]
pub struct NoteInput {
    pub text: String,
    pub at: StatedTime,
    pub channel: Channel,
    pub party: Option<String>,
    pub contributor: Option<String>,
}

/// Why a note was not stored.
#[derive(Debug, thiserror::Error)]
pub enum NoteError {
    #[error("the note has no text — say what happened, e.g. --text \"两名男子到家门口要求还款\"")]
    EmptyText,
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
    text.push('\n');
    text.push_str(input.text.trim());
    text.push('\n');
    text
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
                .and_then(|p| crate::party::key_for(p, case)),
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
