//! WeChat chat exports as CSV: the MemoTrace/留痕 layout, read with the
//! row reader of [`super::table`].

use super::table::{Rows, decoded};
use super::{Direction, ImportError, Parsed, Record, Source};
use crate::phone::Address;

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
    let mut rows = Rows::new(decoded(src)?, b',');
    let header: Vec<String> = match rows.next_row() {
        Some(Ok(row)) => row
            .fields
            .iter()
            .map(|h| h.trim().trim_start_matches('\u{feff}').to_owned())
            .collect(),
        Some(Err(e)) => return Err(e.into_import(src.path)),
        None => {
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
    while let Some(row) = rows.next_row() {
        let row = row.map_err(|e| e.into_import(src.path))?;
        let line = row.line;
        if row.fields.iter().all(|f| f.trim().is_empty()) {
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
            source_id: None,
        })?;
    }
    Ok(parsed)
}
