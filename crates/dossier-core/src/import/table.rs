//! CSV and TSV lists: WeChat chat exports in the MemoTrace/留痕 layout, and
//! any call or message list — carrier 详单 included — through a column
//! [`Mapping`]: a built-in preset or a JSON file the user writes once.
//!
//! The file's encoding is detected ([`super::decode::decode`]); the header row
//! is found among the first rows (carrier lists often start with title
//! lines); each record's position is its line in the file.

use super::decode::{decode, parse_duration, parse_time};
use super::{Direction, ImportError, Parsed, Record, Source};
use crate::phone::{self, Address};
use jiff::tz::TimeZone;
use serde::Deserialize;
use std::collections::BTreeMap;

/// One column name, or several a column may be called in different exports.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Names {
    One(String),
    Many(Vec<String>),
}

impl Names {
    fn list(&self) -> Vec<&str> {
        match self {
            Names::One(name) => vec![name.as_str()],
            Names::Many(names) => names.iter().map(String::as_str).collect(),
        }
    }
}

/// Which column holds what. `time` is a full date and time; a list that
/// splits them gives `date` and `clock` instead.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Columns {
    pub time: Option<Names>,
    pub date: Option<Names>,
    pub clock: Option<Names>,
    pub number: Option<Names>,
    pub direction: Option<Names>,
    pub duration: Option<Names>,
    pub body: Option<Names>,
}

/// How to read one CSV layout. Written as JSON:
///
/// ```json
/// { "channel": "call",
///   "columns": { "time": "起始时间", "number": "对方号码", "direction": "呼叫类型", "duration": "通话时长" },
///   "directions": { "主叫": "out", "被叫": "in" },
///   "year": 2026, "time_zone": "Asia/Shanghai" }
/// ```
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    #[serde(default)]
    pub name: Option<String>,
    /// `call`, `sms` or `chat`.
    #[serde(default = "default_channel")]
    pub channel: String,
    pub columns: Columns,
    /// Values of the direction column and what they mean (`in`, `out`,
    /// `missed`, `rejected`, `blocked`, `voicemail`).
    #[serde(default)]
    pub directions: BTreeMap<String, String>,
    /// The year of times written without one (`03-05 21:03`).
    #[serde(default)]
    pub year: Option<i16>,
    /// The zone the list's times are in; the case's when left out.
    #[serde(default)]
    pub time_zone: Option<String>,
    /// The field separator; `,` or a tab, guessed from the header when left out.
    #[serde(default)]
    pub delimiter: Option<char>,
}

fn default_channel() -> String {
    "call".to_owned()
}

fn names(list: &[&str]) -> Option<Names> {
    Some(Names::Many(list.iter().map(|s| (*s).to_owned()).collect()))
}

fn directions(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

const CN_TIME: &[&str] = &[
    "起始时间",
    "通话起始时间",
    "开始时间",
    "通话时间",
    "呼叫时间",
    "通信时间",
    "发送时间",
    "时间",
];
const CN_NUMBER: &[&str] = &["对方号码", "对端号码", "通话号码", "对方号码/地址", "号码"];

/// The built-in mappings, by name. Documented in docs/import.md.
pub fn preset(name: &str) -> Option<Mapping> {
    let base = |channel: &str, columns: Columns, dirs: &[(&str, &str)]| Mapping {
        name: Some(name.to_owned()),
        channel: channel.to_owned(),
        columns,
        directions: directions(dirs),
        year: None,
        time_zone: None,
        delimiter: None,
    };
    Some(match name {
        "cn-carrier-calls" => base(
            "call",
            Columns {
                time: names(CN_TIME),
                date: names(&["通话日期", "日期"]),
                clock: names(&["起始时刻", "开始时刻"]),
                number: names(CN_NUMBER),
                direction: names(&["呼叫类型", "通话类型", "主被叫", "呼叫方式", "通信方式"]),
                duration: names(&["通话时长", "时长", "通话时长(秒)", "通话时长（秒）"]),
                body: None,
            },
            &[
                ("主叫", "out"),
                ("被叫", "in"),
                ("呼出", "out"),
                ("呼入", "in"),
                ("未接", "missed"),
                ("未接听", "missed"),
            ],
        ),
        "cn-carrier-sms" => base(
            "sms",
            Columns {
                time: names(CN_TIME),
                number: names(CN_NUMBER),
                direction: names(&["收发类型", "发送类型", "通信方式", "类型"]),
                body: names(&["内容", "短信内容"]),
                ..Columns::default()
            },
            &[
                ("发送", "out"),
                ("接收", "in"),
                ("上行", "out"),
                ("下行", "in"),
                ("发", "out"),
                ("收", "in"),
            ],
        ),
        "generic-calls" => base(
            "call",
            Columns {
                time: names(&[
                    "time",
                    "date",
                    "datetime",
                    "start time",
                    "call time",
                    "timestamp",
                ]),
                number: names(&["number", "phone", "phone number", "from/to", "contact"]),
                direction: names(&["direction", "type", "call type"]),
                duration: names(&["duration", "duration (s)", "seconds"]),
                ..Columns::default()
            },
            &[
                ("incoming", "in"),
                ("in", "in"),
                ("outgoing", "out"),
                ("out", "out"),
                ("missed", "missed"),
                ("rejected", "rejected"),
                ("blocked", "blocked"),
                ("voicemail", "voicemail"),
            ],
        ),
        "generic-messages" => base(
            "sms",
            Columns {
                time: names(&["time", "date", "datetime", "timestamp"]),
                number: names(&["number", "phone", "phone number", "from/to", "address"]),
                direction: names(&["direction", "type"]),
                body: names(&["body", "text", "message", "content"]),
                ..Columns::default()
            },
            &[
                ("received", "in"),
                ("in", "in"),
                ("incoming", "in"),
                ("sent", "out"),
                ("out", "out"),
                ("outgoing", "out"),
            ],
        ),
        _ => return None,
    })
}

/// The names of the built-in mappings.
pub const PRESETS: [&str; 4] = [
    "cn-carrier-calls",
    "cn-carrier-sms",
    "generic-calls",
    "generic-messages",
];

impl Mapping {
    /// Reads a mapping file's JSON.
    pub fn from_json(text: &str) -> Result<Mapping, String> {
        let mapping: Mapping = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if !["call", "sms", "chat"].contains(&mapping.channel.as_str()) {
            return Err(format!(
                "channel {:?} is not call, sms or chat",
                mapping.channel
            ));
        }
        if mapping.columns.number.is_none() {
            return Err(
                "columns.number is missing: say which column holds the other side's number"
                    .to_owned(),
            );
        }
        if mapping.columns.time.is_none()
            && (mapping.columns.date.is_none() || mapping.columns.clock.is_none())
        {
            return Err("columns.time (or columns.date and columns.clock) is missing".to_owned());
        }
        for meaning in mapping.directions.values() {
            if Direction::parse(meaning).is_none() {
                return Err(format!(
                    "directions: {meaning:?} is not in, out, missed, rejected, blocked or voicemail"
                ));
            }
        }
        Ok(mapping)
    }
}

/// The decoded text of the stored copy.
fn text(src: &mut Source<'_>) -> Result<String, ImportError> {
    let mut bytes = Vec::new();
    src.open_copy()
        .and_then(|mut f| std::io::Read::read_to_end(&mut f, &mut bytes))
        .map_err(|e| ImportError::malformed(src.path, "the start", e.to_string()))?;
    decode(&bytes)
        .map(|(_, text)| text)
        .map_err(|reason| ImportError::malformed(src.path, "the whole file", reason))
}

/// Line numbers of records by their byte offsets (the csv crate's own line
/// count lags behind on `\r\n` files). Offsets must come in order.
struct Lines<'t> {
    text: &'t str,
    byte: usize,
    line: u64,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Lines<'t> {
        Lines {
            text,
            byte: 0,
            line: 1,
        }
    }

    fn at(&mut self, record: &csv::StringRecord) -> u64 {
        let mut byte = record
            .position()
            .map_or(self.byte, |p| p.byte() as usize)
            .min(self.text.len());
        // The offset can point at line ends before the record (the `\n` of
        // a `\r\n`, blank lines the reader skipped): a record starts with
        // neither.
        while matches!(self.text.as_bytes().get(byte), Some(b'\n' | b'\r')) {
            byte += 1;
        }
        if byte > self.byte {
            self.line += self.text.as_bytes()[self.byte..byte]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64;
            self.byte = byte;
        }
        self.line
    }
}

fn reader(text: &str, delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes())
}

fn guess_delimiter(text: &str) -> u8 {
    let first = text
        .lines()
        .take(20)
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    if first.matches('\t').count() > first.matches(',').count() {
        b'\t'
    } else {
        b','
    }
}

/// Where each mapped column is, once the header row is found.
struct Layout {
    header_line: u64,
    time: Option<usize>,
    date: Option<usize>,
    clock: Option<usize>,
    number: usize,
    direction: Option<usize>,
    duration: Option<usize>,
    body: Option<usize>,
}

fn find(header: &[String], names: &Option<Names>) -> Option<usize> {
    let names = names.as_ref()?;
    names.list().iter().find_map(|want| {
        let want = want.trim().to_lowercase();
        header
            .iter()
            .position(|h| h.trim().trim_start_matches('\u{feff}').to_lowercase() == want)
    })
}

/// Finds the header row among the first rows: the first that has the
/// number column and a time.
fn layout(rows: &[(u64, Vec<String>)], m: &Mapping) -> Option<Layout> {
    rows.iter().find_map(|(line, header)| {
        let number = find(header, &m.columns.number)?;
        let time = find(header, &m.columns.time);
        let (date, clock) = (
            find(header, &m.columns.date),
            find(header, &m.columns.clock),
        );
        if time.is_none() && (date.is_none() || clock.is_none()) {
            return None;
        }
        Some(Layout {
            header_line: *line,
            time,
            date,
            clock,
            number,
            direction: find(header, &m.columns.direction),
            duration: find(header, &m.columns.duration),
            body: find(header, &m.columns.body),
        })
    })
}

/// The first rows of a CSV text, with their line numbers.
fn first_rows(text: &str, delimiter: u8, n: usize) -> Vec<(u64, Vec<String>)> {
    let mut rows = Vec::new();
    let mut lines = Lines::new(text);
    for row in reader(text, delimiter).records().take(n) {
        let Ok(row) = row else { break };
        let line = lines.at(&row);
        rows.push((line, row.iter().map(str::to_owned).collect()));
    }
    rows
}

/// The first `n` rows of a list as written, for the user to map columns.
pub(crate) fn head_rows(text: &str, n: usize) -> Vec<Vec<String>> {
    first_rows(text, guess_delimiter(text), n)
        .into_iter()
        .map(|(_, row)| row)
        .collect()
}

/// Whether a CSV's header matches a mapping (used to detect presets).
pub(crate) fn matches(head: &str, mapping: &Mapping) -> bool {
    layout(&first_rows(head, guess_delimiter(head), 20), mapping).is_some()
}

/// Reads a CSV list through a mapping.
pub(super) fn mapped(src: &mut Source<'_>, m: &Mapping) -> Result<Parsed, ImportError> {
    let text = text(src)?;
    let zone = match &m.time_zone {
        Some(name) => TimeZone::get(name).map_err(|_| {
            ImportError::malformed(
                src.path,
                "the mapping",
                format!("unknown time zone {name:?}"),
            )
        })?,
        None => src.zone.clone(),
    };
    let region = src.region;
    let delimiter = m
        .delimiter
        .map_or_else(|| guess_delimiter(&text), |c| c as u8);
    let layout = layout(&first_rows(&text, delimiter, 20), m).ok_or_else(|| {
        ImportError::malformed(
            src.path,
            "the header",
            format!(
                "no row among the first 20 has the mapping's columns ({}) — check the column names in the mapping",
                m.columns.number.as_ref().map(|n| n.list().join("/")).unwrap_or_default()
            ),
        )
    })?;
    let channel: &'static str = match m.channel.as_str() {
        "sms" => "sms",
        "chat" => "chat",
        _ => "call",
    };
    let parsed = Parsed::default();
    let mut lines = Lines::new(&text);
    for row in reader(&text, delimiter).records() {
        let row = row.map_err(|e| ImportError::malformed(src.path, "a row", e.to_string()))?;
        let line = lines.at(&row);
        if line <= layout.header_line || row.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let at_line = format!("line {line}");
        let field = |i: Option<usize>| i.and_then(|i| row.get(i)).map(str::trim).unwrap_or("");
        let fail = |what: &str, reason: String| {
            ImportError::malformed(src.path, &at_line, format!("{what}: {reason}"))
        };
        let time_text = match layout.time {
            Some(i) => field(Some(i)).to_owned(),
            None => format!("{} {}", field(layout.date), field(layout.clock)),
        };
        let at = parse_time(&time_text, &zone, m.year).map_err(|r| fail("the time", r))?;
        let direction = match layout.direction.map(|i| field(Some(i))) {
            None | Some("") => None,
            Some(value) => {
                let meaning = m
                    .directions
                    .iter()
                    .find(|(k, _)| k.trim().eq_ignore_ascii_case(value))
                    .map(|(_, v)| v.as_str())
                    .or_else(|| Direction::parse(&value.to_lowercase()).map(Direction::as_str))
                    .ok_or_else(|| {
                        fail(
                            "the direction",
                            format!("{value:?} is not in the mapping's \"directions\""),
                        )
                    })?;
                Direction::parse(meaning)
            }
        };
        let duration_ms = match layout.duration {
            Some(i) => Some(parse_duration(field(Some(i))).map_err(|r| fail("the duration", r))?),
            None if channel == "call" => Some(0),
            None => None,
        };
        let raw = field(Some(layout.number)).to_owned();
        src.emit(Record {
            position: at_line,
            channel,
            direction,
            at,
            address: phone::normalize(&raw, region),
            address_raw: raw,
            contact_name: None,
            duration_ms,
            body: layout
                .body
                .map(|i| field(Some(i)).to_owned())
                .filter(|b| !b.is_empty()),
            recipients: Vec::new(),
        })?;
    }
    Ok(parsed)
}

/// The MemoTrace/留痕 WeChat export header.
const WECHAT: [&str; 12] = [
    "localId",
    "TalkerId",
    "Type",
    "SubType",
    "IsSender",
    "CreateTime",
    "Status",
    "StrContent",
    "StrTime",
    "Remark",
    "NickName",
    "Sender",
];

/// Whether a CSV head is a MemoTrace/留痕 WeChat export.
pub(crate) fn is_wechat(head: &str) -> bool {
    let first = head
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap_or("");
    [
        "localId",
        "TalkerId",
        "IsSender",
        "CreateTime",
        "StrContent",
    ]
    .iter()
    .all(|c| first.contains(c))
}

/// Reads a MemoTrace/留痕 WeChat chat export: `CreateTime` in Unix seconds,
/// `IsSender` 1 for what the phone's owner sent, `Type` 1 text, 34 voice,
/// 3 image, 43 video, 47 sticker, 49 link or file, 10000 system notice.
pub(super) fn wechat(src: &mut Source<'_>) -> Result<Parsed, ImportError> {
    let text = text(src)?;
    let mut lines = Lines::new(&text);
    let mut rows = reader(&text, b',').into_records();
    let header: Vec<String> = match rows.next() {
        Some(Ok(row)) => row
            .iter()
            .map(|h| h.trim().trim_start_matches('\u{feff}').to_owned())
            .collect(),
        _ => {
            return Err(ImportError::malformed(
                src.path,
                "line 1",
                "there is no header row",
            ));
        }
    };
    let col = |name: &str| header.iter().position(|h| h == name);
    let missing: Vec<&str> = WECHAT
        .iter()
        .copied()
        .filter(|c| {
            matches!(
                *c,
                "TalkerId" | "Type" | "IsSender" | "CreateTime" | "StrContent"
            ) && col(c).is_none()
        })
        .collect();
    if !missing.is_empty() {
        return Err(ImportError::malformed(
            src.path,
            "line 1",
            format!("the WeChat columns {} are missing", missing.join(", ")),
        ));
    }
    let [talker, kind, is_sender, created, content] =
        ["TalkerId", "Type", "IsSender", "CreateTime", "StrContent"].map(|c| col(c).unwrap_or(0));
    let (remark, nick, sender) = (col("Remark"), col("NickName"), col("Sender"));
    let parsed = Parsed::default();
    for row in rows {
        let row = row.map_err(|e| ImportError::malformed(src.path, "a row", e.to_string()))?;
        let line = lines.at(&row);
        if row.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let at_line = format!("line {line}");
        let field = |i: usize| row.get(i).map(str::trim).unwrap_or("");
        let opt = |i: Option<usize>| i.map(&field).filter(|v| !v.is_empty());
        let fail = |reason: String| ImportError::malformed(src.path, &at_line, reason);
        let seconds: i64 = field(created).parse().map_err(|_| {
            fail(format!(
                "CreateTime={:?} is not Unix seconds",
                field(created)
            ))
        })?;
        let at = jiff::Timestamp::from_second(seconds)
            .map_err(|_| fail(format!("CreateTime={seconds} is out of range")))?;
        let message_type = field(kind);
        if message_type == "10000" {
            src.skip(at_line, "a WeChat system notice");
            continue;
        }
        let outgoing = field(is_sender) == "1";
        let chat = field(talker);
        let group = chat.ends_with("@chatroom");
        // In a group the other side is the member who wrote; one to one, the chat partner.
        let other = if group && !outgoing {
            opt(sender).unwrap_or(chat)
        } else {
            chat
        };
        let body = match message_type {
            "1" => field(content).to_owned(),
            "34" => format!("[语音 voice] {}", field(content)).trim().to_owned(),
            "3" => "[图片 image]".to_owned(),
            "43" => "[视频 video]".to_owned(),
            "47" => "[表情 sticker]".to_owned(),
            _ => field(content).to_owned(),
        };
        src.emit(Record {
            position: at_line,
            channel: "chat",
            direction: Some(if outgoing {
                Direction::Out
            } else {
                Direction::In
            }),
            at,
            address: if other.is_empty() {
                Address::Hidden
            } else {
                Address::Other(other.to_owned())
            },
            address_raw: other.to_owned(),
            contact_name: if group {
                None
            } else {
                opt(remark).or(opt(nick)).map(str::to_owned)
            },
            duration_ms: None,
            body: Some(body),
            recipients: if group && other != chat {
                vec![(chat.to_owned(), Address::Other(chat.to_owned()))]
            } else {
                Vec::new()
            },
        })?;
    }
    Ok(parsed)
}
