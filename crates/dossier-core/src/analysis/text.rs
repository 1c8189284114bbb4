//! The text rules' matcher: lexicons of phrase patterns per language
//! (`rules/lexicon-*.toml`), grouped into categories (threat, insult,
//! exposure, fake_legal, debt). A match keeps the exact words that matched,
//! so a finding can quote them.

use regex::Regex;
use serde::Deserialize;
use std::collections::BTreeMap;

/// Why a lexicon could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error("unknown lexicon {0:?}: the built-in lexicons are zh and en")]
    Unknown(String),
    #[error("lexicon-{lang}.toml: {message}")]
    Syntax { lang: String, message: String },
    #[error("lexicon-{lang}.toml: category {category}: pattern {pattern:?}: {message}")]
    Pattern {
        lang: String,
        category: String,
        pattern: String,
        message: String,
    },
}

/// The categories that make a message hostile (found by a rule of its own
/// or CN-THREAT): not `legal_notice` (lawful), `visit` (a fact of a note)
/// or `debt` (only of note when told to a third party).
pub const HOSTILE: [&str; 6] = [
    "threat",
    "insult",
    "exposure",
    "fake_legal",
    "mislead",
    "posted",
];

const ZH: &str = include_str!("../../rules/lexicon-zh.toml");
const EN: &str = include_str!("../../rules/lexicon-en.toml");

/// One category's patterns in one language.
#[derive(Debug, Clone)]
struct Patterns {
    any: Regex,
    unless: Option<Regex>,
}

/// The categories of one or more lexicons.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    categories: BTreeMap<String, Vec<Patterns>>,
}

/// Words of a text that matched a category.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextMatch {
    pub category: String,
    /// Byte offsets into the text.
    pub start: usize,
    pub end: usize,
    pub words: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLexicon {
    lang: String,
    gap: String,
    /// `\b` means an ASCII word boundary.
    #[serde(default)]
    ascii_words: bool,
    category: BTreeMap<String, RawCategory>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCategory {
    patterns: Vec<String>,
    #[serde(default)]
    unless: Vec<String>,
}

impl Lexicon {
    /// The built-in lexicons named, merged.
    pub fn builtin(names: &[String]) -> Result<Lexicon, LexiconError> {
        let mut lexicon = Lexicon::default();
        for name in names {
            let text = match name.as_str() {
                "zh" => ZH,
                "en" => EN,
                other => return Err(LexiconError::Unknown(other.to_owned())),
            };
            lexicon.add(name, text)?;
        }
        Ok(lexicon)
    }

    /// Adds a lexicon file's categories.
    pub fn add(&mut self, name: &str, text: &str) -> Result<(), LexiconError> {
        let raw: RawLexicon = toml::from_str(text).map_err(|e| LexiconError::Syntax {
            lang: name.to_owned(),
            message: e.to_string(),
        })?;
        // English is matched without regard to case; Chinese has none.
        let flags = if raw.lang == "en" { "(?i)" } else { "" };
        for (category, patterns) in raw.category {
            let build = |list: &[String]| -> Result<Option<Regex>, LexiconError> {
                if list.is_empty() {
                    return Ok(None);
                }
                let mut alternatives = Vec::new();
                for pattern in list {
                    let mut expanded = pattern.replace('…', &raw.gap);
                    if raw.ascii_words {
                        // Unicode word boundaries stop the fast matcher at
                        // the first Chinese character; English words are ASCII.
                        expanded = expanded.replace("\\b", "(?-u:\\b)");
                    }
                    // Each pattern alone first, so an error names it.
                    Regex::new(&expanded).map_err(|e| LexiconError::Pattern {
                        lang: name.to_owned(),
                        category: category.clone(),
                        pattern: pattern.clone(),
                        message: e.to_string(),
                    })?;
                    alternatives.push(format!("(?:{expanded})"));
                }
                let joined = format!("{flags}{}", alternatives.join("|"));
                // A lexicon is one large alternation with bounded gaps: give
                // the lazy DFA room, or it falls back to a much slower engine.
                regex::RegexBuilder::new(&joined)
                    .size_limit(64 << 20)
                    .dfa_size_limit(64 << 20)
                    .build()
                    .map(Some)
                    .map_err(|e| LexiconError::Pattern {
                        lang: name.to_owned(),
                        category: category.clone(),
                        pattern: "(all patterns together)".into(),
                        message: e.to_string(),
                    })
            };
            let Some(any) = build(&patterns.patterns)? else {
                continue;
            };
            let unless = build(&patterns.unless)?;
            self.categories
                .entry(category)
                .or_default()
                .push(Patterns { any, unless });
        }
        Ok(())
    }

    /// Whether any lexicon has the category.
    pub fn has(&self, category: &str) -> bool {
        self.categories.contains_key(category)
    }

    /// The category names.
    pub fn categories(&self) -> impl Iterator<Item = &str> {
        self.categories.keys().map(String::as_str)
    }

    /// Every match of the categories in `text`, in text order; a category's
    /// overlapping matches from two languages are kept once.
    pub fn find(&self, text: &str, categories: &[&str]) -> Vec<TextMatch> {
        let mut found = Vec::new();
        for &category in categories {
            let Some(list) = self.categories.get(category) else {
                continue;
            };
            let before = found.len();
            for patterns in list {
                let excluded: Vec<(usize, usize)> = patterns
                    .unless
                    .as_ref()
                    .map(|u| u.find_iter(text).map(|m| (m.start(), m.end())).collect())
                    .unwrap_or_default();
                for m in patterns.any.find_iter(text) {
                    let excused = excluded.iter().any(|&(s, e)| s < m.end() && m.start() < e);
                    let overlaps = found[before..]
                        .iter()
                        .any(|f: &TextMatch| f.start < m.end() && m.start() < f.end);
                    if !excused && !overlaps && !m.as_str().trim().is_empty() {
                        found.push(TextMatch {
                            category: category.to_owned(),
                            start: m.start(),
                            end: m.end(),
                            words: m.as_str().to_owned(),
                        });
                    }
                }
            }
        }
        found.sort_by(|a, b| (a.start, &a.category).cmp(&(b.start, &b.category)));
        found
    }
}
