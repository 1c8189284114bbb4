//! One exhibit as a reader opens it: its facts, the notes and tags added
//! to it, its text (a typed note, or a small text file), the export it was
//! taken from, and a window of the events it records or confirms, around
//! one event when the reader came from it. The CLI and the app show the
//! same detail from here.

use crate::case::Case;
use crate::evidence::annotate::{self, Annotation, Kind as NoteKind};
use crate::model::kind::Kind;
use crate::query::list::{self, Exhibit};
use crate::query::timeline::{self, Entry};

/// How many of an exhibit's events one detail carries (an export may
/// record hundreds of thousands).
pub const WINDOW: usize = 500;

/// A text file larger than this is not read into the detail.
pub const TEXT_MAX: u64 = 256 * 1024;

/// What the detail of one exhibit holds.
#[derive(Debug, Clone)]
pub struct Detail {
    pub exhibit: Exhibit,
    /// Whether the exhibit is an export that was imported.
    pub imported: bool,
    /// Up to [`WINDOW`] of its events, in time order, around `focus`.
    pub events: Vec<Entry>,
    /// How many events it records or confirms in all.
    pub events_total: usize,
    /// The event the window is centred on, when it is one of the exhibit's.
    pub focus: Option<i64>,
    pub notes: Vec<Annotation>,
    pub tags: Vec<Annotation>,
    /// A typed note's text, or a text file's (up to [`TEXT_MAX`]).
    pub text: Option<String>,
    /// The exhibit an extracted attachment was taken from.
    pub extracted_from: Option<i64>,
}

/// Why a detail could not be read.
#[derive(Debug, thiserror::Error)]
pub enum DetailError {
    #[error("cannot read the case: {0}")]
    Read(#[from] rusqlite::Error),
    #[error("cannot read the original of exhibit {exhibit}: {source} — run dossier verify")]
    Original {
        exhibit: i64,
        source: std::io::Error,
    },
}

/// The detail of exhibit `number`, its events centred on `focus` when
/// given; `None` when the case has no such exhibit.
pub fn detail(case: &Case, number: i64, focus: Option<i64>) -> Result<Option<Detail>, DetailError> {
    let Some(exhibit) = list::exhibit(case, number)? else {
        return Ok(None);
    };
    let imported = list::imports(case)?.contains(&number);
    let entries = timeline::of_exhibit(case, number)?;
    let focus_at = focus.and_then(|id| entries.iter().position(|x| x.id == id));
    let start = focus_at.map_or(0, |i| i.saturating_sub(WINDOW / 2));
    let events_total = entries.len();
    let events: Vec<Entry> = entries
        .into_iter()
        .skip(start.min(events_total))
        .take(WINDOW)
        .collect();
    let (tags, notes): (Vec<_>, Vec<_>) = annotate::of(case, number)?
        .into_iter()
        .partition(|a| a.kind == NoteKind::Tag);
    let text = match (&exhibit.note_text, exhibit.kind) {
        (Some(note), _) => Some(note.text.clone()),
        (None, Kind::Text) if exhibit.size <= TEXT_MAX => {
            let bytes = case.vault().read_blob(&exhibit.sha256).map_err(|source| {
                DetailError::Original {
                    exhibit: number,
                    source,
                }
            })?;
            Some(String::from_utf8_lossy(&bytes).into_owned())
        }
        _ => None,
    };
    let extracted_from = list::extracted_from(case, number)?.map(|(x, _)| x);
    Ok(Some(Detail {
        exhibit,
        imported,
        events,
        events_total,
        focus: focus.filter(|_| focus_at.is_some()),
        notes,
        tags,
        text,
        extracted_from,
    }))
}
