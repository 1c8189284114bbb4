//! A first column mapping for a list no built-in mapping reads, for the
//! import wizard to show and the user to correct: which row is the header,
//! which column holds what, and what each direction value means.
//!
//! The built-in mappings' column names ([`super::PRESETS`]) are tried first,
//! exactly as an import would; where none fits, words in the header decide
//! (a column whose name contains 号码 or `phone` is the number). One table
//! of words, here, serves both: the wizard keeps no list of its own.

use super::table::{Mapping, find, preset};
use super::{Direction, PRESETS};
use serde::Serialize;
use std::collections::BTreeMap;

/// Rows looked at for the header.
const HEAD_ROWS: usize = 20;

/// Distinct values below the header given a direction guess.
const VALUES_MAX: usize = 200;

/// The wizard's first mapping: column names as the header writes them,
/// `None` where no column was found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    /// The header's index among the rows given (0 = the first).
    pub header_row: usize,
    /// `call`, `sms` or `chat`.
    pub channel: String,
    pub time: Option<String>,
    pub date: Option<String>,
    pub clock: Option<String>,
    pub number: Option<String>,
    pub direction: Option<String>,
    pub duration: Option<String>,
    pub body: Option<String>,
    /// The built-in mapping whose names were found, if one was.
    pub preset: Option<String>,
    /// Every value below the header that reads as a direction, and what
    /// it means (`主叫` → `out`): the wizard looks up the values of
    /// whichever column the user picks.
    pub directions: BTreeMap<String, String>,
}

/// Header words for each field, for lists whose names no mapping knows.
/// A header cell containing a word (case-insensitive) is that column;
/// fields are taken in this order, each column once.
const COLUMN_WORDS: &[(Field, &[&str])] = &[
    (
        Field::Number,
        &[
            "号码", "对方", "电话", "number", "phone", "address", "contact",
        ],
    ),
    (
        Field::Time,
        &[
            "起始时间",
            "开始时间",
            "时间",
            "date time",
            "datetime",
            "time",
            "timestamp",
        ],
    ),
    (Field::Date, &["日期", "date"]),
    (
        Field::Direction,
        &["类型", "方向", "主被叫", "type", "direction"],
    ),
    (Field::Duration, &["时长", "秒", "duration", "seconds"]),
    (Field::Body, &["内容", "正文", "body", "text", "message"]),
];

/// Direction words: a value containing one of the Chinese words, or equal
/// to one of the English ones (case-insensitive), means the direction.
/// Checked in order: 未接 before 接, 呼出 before 呼入.
const DIRECTION_WORDS: &[(Direction, &[&str], &[&str])] = &[
    (
        Direction::Missed,
        &["未接", "未应答", "漏接"],
        &["missed", "no answer", "unanswered"],
    ),
    (
        Direction::Rejected,
        &["拒接", "拒绝"],
        &["rejected", "declined"],
    ),
    (Direction::Blocked, &["拦截", "屏蔽"], &["blocked"]),
    (Direction::Voicemail, &["语音信箱", "留言"], &["voicemail"]),
    (
        Direction::Out,
        &["呼出", "去电", "拨出", "主叫", "发送", "已发", "上行"],
        &["out", "outgoing", "outbound", "sent", "dialed", "dialled"],
    ),
    (
        Direction::In,
        &["呼入", "来电", "被叫", "接听", "接收", "收到", "下行"],
        &["in", "incoming", "inbound", "received"],
    ),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Time,
    Date,
    Number,
    Direction,
    Duration,
    Body,
}

/// What a direction value means, from its words; `None` when it says
/// nothing about a direction.
pub fn direction_of(value: &str) -> Option<Direction> {
    let value = value.trim();
    let lower = value.to_lowercase();
    DIRECTION_WORDS.iter().find_map(|(direction, zh, en)| {
        (zh.iter().any(|w| value.contains(w)) || en.contains(&lower.as_str())).then_some(*direction)
    })
}

/// The first mapping to offer for `rows` (a list's first rows as written).
pub fn suggest(rows: &[Vec<String>]) -> Suggestion {
    let mut s = from_presets(rows).unwrap_or_else(|| from_words(rows));
    s.directions = directions(rows, s.header_row, s.preset.as_deref());
    s
}

/// The header row and preset with the most columns found by name.
fn from_presets(rows: &[Vec<String>]) -> Option<Suggestion> {
    let mut best: Option<(usize, Suggestion)> = None;
    for name in PRESETS {
        let Some(m) = preset(name) else { continue };
        for (i, header) in rows.iter().enumerate().take(HEAD_ROWS) {
            let s = named(header, i, &m, name);
            let found = [
                &s.time,
                &s.date,
                &s.clock,
                &s.number,
                &s.direction,
                &s.duration,
                &s.body,
            ]
            .iter()
            .filter(|c| c.is_some())
            .count();
            let readable = s.time.is_some() || (s.date.is_some() && s.clock.is_some());
            if found >= 2 && readable && best.as_ref().is_none_or(|(n, _)| found > *n) {
                best = Some((found, s));
            }
        }
    }
    best.map(|(_, s)| s)
}

fn named(header: &[String], header_row: usize, m: &Mapping, name: &str) -> Suggestion {
    let column = |names| find(header, names).map(|i| header[i].trim().to_owned());
    let c = &m.columns;
    let mut s = Suggestion {
        header_row,
        channel: m.channel.clone(),
        time: column(&c.time),
        date: column(&c.date),
        clock: column(&c.clock),
        number: column(&c.number),
        direction: column(&c.direction),
        duration: column(&c.duration),
        body: column(&c.body),
        preset: Some(name.to_owned()),
        directions: BTreeMap::new(),
    };
    if s.time.is_some() {
        s.date = None;
        s.clock = None;
    }
    s
}

/// For lists whose names no mapping knows: the row with the most filled
/// cells among the first eight is the header, and its words decide.
fn from_words(rows: &[Vec<String>]) -> Suggestion {
    let header_row = rows
        .iter()
        .take(8)
        .enumerate()
        .max_by_key(|(i, r)| {
            (
                r.iter().filter(|c| !c.trim().is_empty()).count(),
                std::cmp::Reverse(*i),
            )
        })
        .map_or(0, |(i, _)| i);
    let header = rows.get(header_row).map(Vec::as_slice).unwrap_or_default();
    let mut s = Suggestion {
        header_row,
        channel: "call".to_owned(),
        ..Suggestion::default()
    };
    let mut taken = Vec::new();
    for (field, words) in COLUMN_WORDS {
        let hit = header.iter().map(|h| h.trim()).find(|h| {
            !h.is_empty()
                && !taken.contains(h)
                && words.iter().any(|w| h.to_lowercase().contains(w))
        });
        if let Some(h) = hit {
            taken.push(h);
            let slot = match field {
                Field::Time => &mut s.time,
                Field::Date => &mut s.date,
                Field::Number => &mut s.number,
                Field::Direction => &mut s.direction,
                Field::Duration => &mut s.duration,
                Field::Body => &mut s.body,
            };
            *slot = Some(h.to_owned());
        }
    }
    if s.time.is_some() {
        s.date = None;
    } else if s.date.is_some() {
        // A date column alone holds date and time: read it as the time.
        s.time = s.date.take();
    }
    if s.body.is_some() && s.duration.is_none() {
        s.channel = "sms".to_owned();
    }
    s
}

/// Every distinct short value below the header that means a direction:
/// the preset's own values first, then the words.
fn directions(
    rows: &[Vec<String>],
    header_row: usize,
    preset_name: Option<&str>,
) -> BTreeMap<String, String> {
    let known = preset_name
        .and_then(preset)
        .map(|m| m.directions)
        .unwrap_or_default();
    let mut out = BTreeMap::new();
    for value in rows.iter().skip(header_row + 1).flatten() {
        if out.len() >= VALUES_MAX {
            break;
        }
        let value = value.trim();
        if value.is_empty() || value.chars().count() > 16 || out.contains_key(value) {
            continue;
        }
        let meaning = known
            .get(value)
            .cloned()
            .or_else(|| direction_of(value).map(|d| d.as_str().to_owned()));
        if let Some(meaning) = meaning {
            out.insert(value.to_owned(), meaning);
        }
    }
    out
}
