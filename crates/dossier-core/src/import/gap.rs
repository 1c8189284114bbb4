//! What an import could not read ([`Gap`]) or wants checked ([`Flag`]),
//! and the words for them, written once for the command line, the app and
//! the dossier.

use crate::model::lang::Lang;
use jiff::Timestamp;

/// A part of an export that could not be read, though the rest was: the
/// import keeps every complete record and records what was lost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gap {
    /// The file ends at `at_byte`, inside the record `inside` when it is
    /// known (a backup cut short): the records after that point are not in
    /// the file. `declared` is how many records the export's header said
    /// it holds.
    Truncated {
        at_byte: u64,
        inside: Option<String>,
        declared: Option<u64>,
    },
    /// One part of a record (`mms #5, part 2`) could not be decoded: the
    /// record was kept without it.
    Part {
        position: String,
        at_byte: Option<u64>,
    },
    /// A record names an attachment the export does not hold
    /// (`message ROWID 12, attachment 1 (IMG_0001.jpeg)`): an sms.db read
    /// without its backup folder, or a backup that lacks the file. The
    /// record was kept without it.
    Missing { position: String },
}

/// Something about a record the user should check, though it was imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Flag {
    /// The time the export writes out (`StrTime`) disagrees with the epoch
    /// time it stores (`CreateTime`); the record is at the epoch time.
    TimeDisagrees { written: String, epoch: Timestamp },
}

impl Gap {
    /// The `kind` stored in `import_gap`.
    pub fn kind(&self) -> &'static str {
        match self {
            Gap::Truncated { .. } => "truncated",
            Gap::Part { .. } => "part",
            Gap::Missing { .. } => "missing",
        }
    }
}

impl Gap {
    /// What was lost and what it means, for the user or the reader of the
    /// dossier; `records` is how many complete records the import read.
    pub fn describe(&self, records: u64, lang: Lang) -> String {
        match self {
            Gap::Truncated {
                at_byte,
                inside,
                declared,
            } => {
                let (at, n) = (group_digits(*at_byte), group_digits(records));
                match lang {
                    Lang::Zh => format!(
                        "导出文件不完整：文件在第 {at} 字节处中断{}；已导入 {n} 条完整记录{}；此后的记录不在这个文件里。",
                        inside
                            .as_deref()
                            .map(|r| format!("，位于{}之中", record_words(r, lang)))
                            .unwrap_or_default(),
                        declared
                            .map(|d| format!("（文件开头写明共 {} 条）", group_digits(d)))
                            .unwrap_or_default(),
                    ),
                    Lang::En => format!(
                        "Incomplete export: the file ends at byte {at}{}; {n} complete records imported{}; records after that point are not in this file.",
                        inside
                            .as_deref()
                            .map(|r| format!(" inside {r}"))
                            .unwrap_or_default(),
                        declared
                            .map(|d| format!(" (its header says it holds {})", group_digits(d)))
                            .unwrap_or_default(),
                    ),
                }
            }
            Gap::Part { position, at_byte } => match lang {
                Lang::Zh => format!(
                    "{}的数据已损坏{}，无法还原，未能保存为证据；这条消息本身已导入。",
                    record_words(position, lang),
                    at_byte
                        .map(|b| format!("（第 {} 字节）", group_digits(b)))
                        .unwrap_or_default()
                ),
                Lang::En => format!(
                    "{position}: its data is damaged{} and cannot be decoded, so it is not stored as an exhibit; the message itself is imported.",
                    at_byte
                        .map(|b| format!(" (byte {})", group_digits(b)))
                        .unwrap_or_default()
                ),
            },
            Gap::Missing { position } => match lang {
                Lang::Zh => format!(
                    "{}：这条消息带有附件，但导出中没有这个文件，未能保存为证据；这条消息本身已导入。",
                    record_words(position, lang)
                ),
                Lang::En => format!(
                    "{position}: the message carried this attachment but the export does not hold the file, so it is not stored as an exhibit; the message itself is imported."
                ),
            },
        }
    }
}

impl Flag {
    /// What to check, for the user.
    pub fn describe(&self, position: &str, lang: Lang) -> String {
        match self {
            Flag::TimeDisagrees { written, epoch } => {
                let epoch = crate::clock::format_utc(*epoch);
                match lang {
                    Lang::Zh => format!(
                        "{}：文件写出的时间 {written} 与它记录的时间戳 {epoch} 不一致——已按时间戳导入，请核对",
                        record_words(position, lang)
                    ),
                    Lang::En => format!(
                        "{position}: the time the file writes out, {written}, disagrees with its timestamp {epoch} — imported at the timestamp; check it"
                    ),
                }
            }
        }
    }
}

/// A number with thousands separators: 26,798.
pub fn group_digits(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A record's position (`mms #5, part 2`, `line 48`, `call #12`) in the
/// reader's language.
pub fn record_words(position: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return position.to_owned();
    }
    let mut out = Vec::new();
    for piece in position.split(", ") {
        let zh = if let Some(n) = piece.strip_prefix("line ") {
            format!("第 {n} 行")
        } else if let Some(n) = piece.strip_prefix("part ") {
            format!("第 {n} 部分")
        } else if let Some(rest) = piece.strip_prefix("attachment ") {
            match rest.split_once(' ') {
                Some((n, name)) => format!(
                    "第 {n} 个附件（{}）",
                    name.trim_start_matches('(').trim_end_matches(')')
                ),
                None => format!("第 {rest} 个附件"),
            }
        } else if let Some(n) = piece.strip_prefix("message ROWID ") {
            format!("消息（ROWID {n}）")
        } else if let Some((what, n)) = piece.split_once(" #") {
            let what = match what {
                "call" => "通话",
                "sms" => "短信",
                "mms" => "彩信",
                "chat" => "聊天消息",
                "message" => "消息",
                other => other,
            };
            format!("{what}第 {n} 条")
        } else {
            piece.to_owned()
        };
        out.push(zh);
    }
    out.join("，")
}
