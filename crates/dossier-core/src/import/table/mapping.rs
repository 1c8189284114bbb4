//! Column mappings: which columns of a table hold the time, number,
//! direction, duration and text, and the presets for the call lists
//! carriers and phones hand out.

use super::*;

/// One column name, or several a column may be called in different exports.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Names {
    One(String),
    Many(Vec<String>),
}

impl Names {
    pub(super) fn list(&self) -> Vec<&str> {
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
    /// A column that says per row whether it is a call or a message (a
    /// mixed list); its values are read through [`Mapping::kinds`].
    pub kind: Option<Names>,
    /// The other side's name as the list gives it.
    pub name: Option<Names>,
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
    /// Values of the kind column and the channel each means (`call`,
    /// `sms`, `chat`); a value not listed is the mapping's `channel`.
    #[serde(default)]
    pub kinds: BTreeMap<String, String>,
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

pub(crate) fn default_channel() -> String {
    "call".to_owned()
}

pub(crate) fn names(list: &[&str]) -> Option<Names> {
    Some(Names::Many(list.iter().map(|s| (*s).to_owned()).collect()))
}

pub(crate) fn directions(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

pub(crate) const CN_TIME: &[&str] = &[
    "起始时间",
    "通话起始时间",
    "开始时间",
    "通话时间",
    "呼叫时间",
    "通信时间",
    "发送时间",
    "时间",
];

pub(crate) const CN_NUMBER: &[&str] =
    &["对方号码", "对端号码", "通话号码", "对方号码/地址", "号码"];

/// The built-in mappings, by name. Documented in docs/import.md.
pub fn preset(name: &str) -> Option<Mapping> {
    let base = |channel: &str, columns: Columns, dirs: &[(&str, &str)]| Mapping {
        name: Some(name.to_owned()),
        channel: channel.to_owned(),
        columns,
        directions: directions(dirs),
        kinds: directions(&[
            ("call", "call"),
            ("calls", "call"),
            ("voice", "call"),
            ("text", "sms"),
            ("sms", "sms"),
            ("message", "sms"),
            ("通话", "call"),
            ("语音", "call"),
            ("语音电话", "call"),
            ("短信", "sms"),
        ]),
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
                name: names(&["对方姓名", "联系人", "姓名"]),
                ..Columns::default()
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
                    "call timestamp",
                    "date/time",
                ]),
                number: names(&[
                    "number",
                    "phone",
                    "phone number",
                    "from/to",
                    "contact",
                    "correspondent_id",
                    "correspondent",
                    "other party",
                    "remote number",
                ]),
                direction: names(&["direction", "call direction", "type", "call type"]),
                duration: names(&[
                    "duration",
                    "duration (s)",
                    "seconds",
                    "call_duration",
                    "call duration",
                ]),
                kind: names(&["interaction", "kind", "record type"]),
                name: names(&["contact_name", "contact name", "name"]),
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
                ("inbound", "in"),
                ("outbound", "out"),
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
