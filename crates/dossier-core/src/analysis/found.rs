//! What the pack's lexicons found in the case's messages and notes, found
//! once and shared by the rules, the suspects and the pattern facts.

use crate::analysis::pack::Pack;
use crate::analysis::text::TextMatch;
use crate::analysis::{Data, Origin};

/// What the lexicon found in each message, found once for all rules.
#[derive(Debug, Default)]
pub(crate) struct Texts {
    /// Event index and its matches, for events whose words matched.
    found: Vec<(u32, Vec<TextMatch>)>,
}

impl Texts {
    /// Every category of the pack's lexicon over every event with words,
    /// split over two threads.
    pub(crate) fn find(data: &Data, pack: &Pack) -> Texts {
        let categories: Vec<&str> = pack.lexicon.categories().collect();
        let with_words: Vec<u32> = (0..data.events.len() as u32)
            .filter(|&i| data.events[i as usize].body.is_some())
            .collect();
        let scan = |part: &[u32]| -> Vec<(u32, Vec<TextMatch>)> {
            part.iter()
                .filter_map(|&i| {
                    let e = &data.events[i as usize];
                    let body = e.body.as_deref()?;
                    let mut found = pack.lexicon.find(body, &categories);
                    if e.origin == Origin::Note {
                        found = with_reported_speech(found, body, pack, &categories);
                    }
                    (!found.is_empty()).then_some((i, found))
                })
                .collect()
        };
        let (a, b) = with_words.split_at(with_words.len() / 2);
        let found = std::thread::scope(|scope| {
            let second = scope.spawn(|| scan(b));
            let mut first = scan(a);
            match second.join() {
                Ok(rest) => first.extend(rest),
                Err(panic) => std::panic::resume_unwind(panic),
            }
            first
        });
        Texts { found }
    }

    /// Events with matches in any of `categories`, with those matches.
    pub(crate) fn matching<'t>(
        &'t self,
        categories: &'t [&'t str],
    ) -> impl Iterator<Item = (usize, Vec<&'t TextMatch>)> + 't {
        self.found.iter().filter_map(move |(i, found)| {
            let hits: Vec<&TextMatch> = found
                .iter()
                .filter(|m| categories.contains(&m.category.as_str()))
                .collect();
            (!hits.is_empty()).then_some((*i as usize, hits))
        })
    }
}

/// A typed note tells what the collector said in the writer's words: "说要
/// 把我欠款的事告诉我单位领导" is the collector's "告诉你单位领导". The
/// lexicon, written for the collector's own words, also reads the note with
/// 我 as 你 (both three bytes in UTF-8, so every match keeps its place in
/// the note as written); matches found only so are added when they are
/// reported speech, after 说, 称, 威胁… in their sentence. What the note
/// tells as having happened ("有人到我公司前台") stays a fact, not a threat.
fn with_reported_speech(
    mut found: Vec<TextMatch>,
    body: &str,
    pack: &Pack,
    categories: &[&str],
) -> Vec<TextMatch> {
    if !body.contains('我') {
        return found;
    }
    let addressed = body.replace('我', "你");
    debug_assert_eq!(addressed.len(), body.len());
    for m in pack.lexicon.find(&addressed, categories) {
        if !reported(&body[..m.start]) {
            continue;
        }
        let overlaps = found
            .iter()
            .any(|f| f.category == m.category && f.start < m.end && m.start < f.end);
        if !overlaps {
            found.push(TextMatch {
                words: body[m.start..m.end].to_owned(),
                ..m
            });
        }
    }
    found.sort_by(|a, b| (a.start, &a.category).cmp(&(b.start, &b.category)));
    found
}

/// Whether the sentence that ends at the end of `before` has said who
/// speaks: a verb of speech before the match, in the same sentence.
fn reported(before: &str) -> bool {
    let sentence = before
        .rfind(['。', '！', '？', '!', '?', '\n'])
        .map_or(before, |at| &before[at..]);
    [
        "说",
        "称",
        "讲",
        "表示",
        "威胁",
        "扬言",
        "要求",
        "骂",
        "喊",
        "告诉我",
        "通知我",
        "警告",
    ]
    .iter()
    .any(|verb| sentence.contains(verb))
}
