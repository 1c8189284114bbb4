//! How a text rule quotes what it found: the whole message, or the
//! sentences with a match when it is long, every match marked 〔…〕; and how
//! a sentence names the channel of a typed note (its words are the
//! contributor's account).

use crate::analysis::Event;
use crate::analysis::Origin;
use crate::analysis::pack::{Channel, Text};
use crate::analysis::render::Fact;
use crate::analysis::text::TextMatch;

/// Words of a message that matched a text rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    pub event: i64,
    pub category: String,
    /// The words that matched.
    pub words: String,
    /// What a reader is shown: the whole message when it is short, else
    /// the sentences with a match; every match marked 〔…〕.
    pub context: String,
}

/// A message up to this many characters is quoted whole.
pub const QUOTE_WHOLE: usize = 200;

/// Marks the matches of `body` 〔…〕 and returns the whole message when it
/// is at most [`QUOTE_WHOLE`] characters, else each sentence holding a
/// match, joined with " … ". Line breaks read as spaces.
pub fn quoted(body: &str, matches: &[&TextMatch]) -> String {
    // Matches of two categories may overlap: marked as one.
    let mut spans: Vec<(usize, usize)> = matches.iter().map(|m| (m.start, m.end)).collect();
    spans.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (start, end) in spans {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    if merged.is_empty() && body.chars().count() > QUOTE_WHOLE {
        let head: String = body.chars().take(QUOTE_WHOLE).collect();
        return format!(
            "{} …",
            head.split_whitespace().collect::<Vec<_>>().join(" ")
        );
    }
    let is_end = |c: char| matches!(c, '。' | '！' | '？' | '!' | '?' | '；' | ';' | '\n');
    let ranges: Vec<(usize, usize)> = if body.chars().count() <= QUOTE_WHOLE {
        vec![(0, body.len())]
    } else {
        let mut ranges: Vec<(usize, usize)> = Vec::new();
        for &(start, end) in &merged {
            let from = body[..start]
                .char_indices()
                .rev()
                .find(|&(_, c)| is_end(c))
                .map_or(0, |(i, c)| i + c.len_utf8());
            let to = body[end..]
                .char_indices()
                .find(|&(_, c)| is_end(c))
                .map_or(body.len(), |(i, c)| end + i + c.len_utf8());
            match ranges.last_mut() {
                Some(last) if from <= last.1 => last.1 = last.1.max(to),
                _ => ranges.push((from, to)),
            }
        }
        ranges
    };
    let (first, last) = (
        ranges.first().map_or(0, |r| r.0),
        ranges.last().map_or(body.len(), |r| r.1),
    );
    let mut parts = Vec::new();
    for &(from, to) in &ranges {
        let mut part = String::new();
        let mut at = from;
        for &(start, end) in merged.iter().filter(|(s, _)| *s >= from && *s < to) {
            part.push_str(&body[at..start]);
            part.push('〔');
            part.push_str(&body[start..end.min(to)]);
            part.push('〕');
            at = end.min(to);
        }
        part.push_str(&body[at..to]);
        parts.push(part.split_whitespace().collect::<Vec<_>>().join(" "));
    }
    let mut out = parts.join(" … ");
    if first > 0 {
        out.insert_str(0, "… ");
    }
    if last < body.len() {
        out.push_str(" …");
    }
    out
}

/// The quotes of an event's matches, and the words a sentence shows: the
/// message (or its sentences) with every match marked.
pub(crate) fn quotes_of(e: &Event, matches: &[&TextMatch]) -> (Vec<Quote>, String) {
    let context = quoted(e.body.as_deref().unwrap_or(""), matches);
    let quotes: Vec<Quote> = matches
        .iter()
        .map(|m| Quote {
            event: e.id,
            category: m.category.clone(),
            words: m.words.clone(),
            context: context.clone(),
        })
        .collect();
    (quotes, context)
}

/// The channel as a sentence names it; a typed note says so, since its
/// words are the contributor's account, not the collector's own.
pub(crate) fn channel_fact(e: &Event) -> Fact {
    if e.origin != Origin::Note {
        return Fact::Channel(e.channel);
    }
    let (zh, en) = match e.channel {
        Channel::Call => ("电话（据文字记录）", "a call (as recorded in a typed note)"),
        Channel::Visit => (
            "上门催收（据文字记录）",
            "a visit (as recorded in a typed note)",
        ),
        Channel::Letter => (
            "信件（据文字记录）",
            "a letter (as recorded in a typed note)",
        ),
        Channel::Post => ("帖子（据文字记录）", "a post (as recorded in a typed note)"),
        Channel::Message | Channel::Sms | Channel::Mms | Channel::Chat => (
            "消息（据文字记录）",
            "a message (as recorded in a typed note)",
        ),
        Channel::Other => (
            "联系（据文字记录）",
            "a contact (as recorded in a typed note)",
        ),
    };
    Fact::Localized(Text {
        zh: zh.into(),
        en: en.into(),
    })
}
