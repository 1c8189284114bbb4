//! Dossier's words for people, in Chinese and English: every sentence the
//! command line prints and the desktop app shows from the Rust side comes
//! from here, as methods of [`Lang`] (the app's screens have their own catalogue in `ui/`). English
//! error sentences are the core errors' own `Display` (one source for
//! them); their Chinese forms are written out variant by variant, one module per
//! part of the program (`case`, `evidence`, `import`, `people`,
//! `findings`, `export`).

mod case;
mod evidence;
mod export;
mod findings;
mod import;
mod people;

use crate::case::CaseError;
use crate::case::verify::{Problem, SchemaChange};
use crate::demo::DemoError;
use crate::evidence::capture::Basis;
use crate::evidence::ingest::IngestError;
use crate::evidence::note::NoteError;
use crate::when::TimeError;
use crate::{Kind, case::audit::ChainBreak};

pub use crate::model::lang::Lang;

impl Lang {
    /// `DOSSIER_LANG` (zh/en) if set, else the system locale
    /// (`LC_ALL`, `LC_MESSAGES`, `LANG`): Chinese for any `zh*` locale.
    pub fn from_env() -> Lang {
        let get = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        if let Some(v) = get("DOSSIER_LANG") {
            return if v.to_ascii_lowercase().starts_with("en") {
                Lang::En
            } else {
                Lang::Zh
            };
        }
        let locale = get("LC_ALL")
            .or_else(|| get("LC_MESSAGES"))
            .or_else(|| get("LANG"))
            .unwrap_or_default();
        if locale.to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    fn pick(self, zh: String, en: String) -> String {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    pub fn kind(self, kind: Kind) -> &'static str {
        kind.label(self)
    }

    pub fn basis(self, basis: Basis) -> &'static str {
        // One wording for the terminal and the dossier.
        basis.label(self)
    }

    pub fn zone_assumed(self, zone: &str) -> String {
        self.pick(
            format!("原始时间未注明时区，按案件时区 {zone} 理解"),
            format!("no zone in the source; read in the case time zone {zone}"),
        )
    }

    /// The label of a typed note by its channel.
    pub fn note_label(self, channel: &str) -> &'static str {
        match (self, channel) {
            (Lang::Zh, "call") => "文字记录（电话）",
            (Lang::Zh, "message") => "文字记录（短信/消息）",
            (Lang::Zh, "visit") => "文字记录（上门）",
            (Lang::Zh, "letter") => "文字记录（信件）",
            (Lang::Zh, "post") => "文字记录（公开发布）",
            (Lang::Zh, _) => "文字记录",
            (Lang::En, "call") => "note (call)",
            (Lang::En, "message") => "note (message)",
            (Lang::En, "visit") => "note (visit)",
            (Lang::En, "letter") => "note (letter)",
            (Lang::En, "post") => "note (public post)",
            (Lang::En, _) => "note",
        }
    }

    pub fn unknown_contributor(self) -> &'static str {
        match self {
            Lang::Zh => "（未注明）",
            Lang::En => "(not stated)",
        }
    }
}

/// Field labels of `dossier list`.
#[derive(Debug, Clone, Copy)]
pub struct ListLabels {
    pub colon: &'static str,
    pub comma: &'static str,
    pub open: &'static str,
    pub close: &'static str,
    pub party: &'static str,
    pub time: &'static str,
    pub basis: &'static str,
    pub contributor: &'static str,
    pub note: &'static str,
    pub also: &'static str,
}

/// The words of `dossier check` and `dossier stats`. Rule titles, sentences
/// and sources come from the rule pack, in both languages.
impl Lang {}
