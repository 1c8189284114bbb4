//! WeChat chat exports as CSV, read with the row reader of
//! [`super::table`]. Three layouts are read:
//!
//! - MemoTrace/留痕 up to 2024: `localId, TalkerId, Type, SubType, IsSender,
//!   CreateTime, Status, StrContent, StrTime, Remark, NickName, Sender`. One
//!   file is one chat. `TalkerId` is a row number of the phone's database
//!   (it differs between backups and can collide), so it is never a party:
//!   the contact is the `wxid_…`/alias in `Sender` of the messages they
//!   sent, and `Remark`/`NickName` of those rows are the contact's names.
//!   The owner's own rows carry the owner's account in `Sender`.
//! - MemoTrace/留痕 newer (Chinese header): `消息ID, 类型, 发送人, 时间, 内容,
//!   备注, 昵称, 更多信息`. `发送人` is a display name (`我` for the owner); the
//!   contact's `wxid_…` is taken from `更多信息` or from the folder MemoTrace
//!   names after the contact (`小红(wxid_red)/小红.csv`), else the name.
//! - PyWxDump: `id, MsgSvrID, type_name, is_sender, talker, room_name, msg,
//!   src, CreateTime`. `room_name` is the chat (a `wxid_…` or a group's
//!   `…@chatroom`), `talker` the member who wrote; `MsgSvrID` is the
//!   server's id of the message, the same in every export of the account.
//!
//! Records of one export are never merged into each other (a collector who
//! sends the same text twice in a minute sent two messages). In a group
//! chat each member who writes is a party of their own, and the group is
//! named on every message as a recipient. A row whose written time
//! (`StrTime`) disagrees with its epoch time (`CreateTime`) is imported at
//! the epoch time and flagged.

use super::table::{Rows, decoded};
use super::{Direction, Flag, ImportError, Parsed, Record, Source};
use crate::model::phone::Address;
use jiff::Timestamp;

/// The MemoTrace/留痕 WeChat export header, to 2024.
const MEMOTRACE: [&str; 5] = [
    "localId",
    "TalkerId",
    "IsSender",
    "CreateTime",
    "StrContent",
];
/// The newer MemoTrace/留痕 header.
const MEMOTRACE_ZH: [&str; 5] = ["消息ID", "类型", "发送人", "时间", "内容"];
/// PyWxDump's chat export.
const PYWXDUMP: [&str; 6] = [
    "MsgSvrID",
    "type_name",
    "is_sender",
    "talker",
    "room_name",
    "CreateTime",
];

/// The names the newer MemoTrace gives the owner as sender.
const SELF_NAMES: &[&str] = &["我", "自己", "me", "Me", "self"];

/// A written time may differ from the epoch time by this much (it is
/// written to the second, in the exporting computer's zone).
const TIME_SLACK_S: i64 = 60;

/// Rows held back until the chat is known; past this they are handed on
/// with what is known by then.
const HOLD_MAX: usize = 100_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    MemoTrace,
    MemoTraceZh,
    PyWxDump,
}

fn layout(first_line: &str) -> Option<Layout> {
    let has = |cols: &[&str]| cols.iter().all(|c| first_line.contains(c));
    if has(&PYWXDUMP) {
        Some(Layout::PyWxDump)
    } else if has(&MEMOTRACE) {
        Some(Layout::MemoTrace)
    } else if has(&MEMOTRACE_ZH) {
        Some(Layout::MemoTraceZh)
    } else {
        None
    }
}

/// Whether a CSV head is a WeChat export in a layout read here.
pub(crate) fn is_wechat(head: &str) -> bool {
    let first = head
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap_or("");
    layout(first).is_some()
}

/// One message as its row gives it, before the other side is settled.
struct Message {
    position: String,
    at: Timestamp,
    /// `None` when the layout cannot tell.
    outgoing: Option<bool>,
    /// The account (or, failing that, the name) of who wrote it.
    sender: Option<String>,
    /// The contact's remark or nickname, from their own rows.
    name: Option<String>,
    /// The chat, where the export names it stably (`…@chatroom`, `wxid_…`).
    chat: Option<String>,
    /// The chat within this export (a full export holds many): its id or
    /// the database's row number for it.
    talker: String,
    body: String,
    source_id: Option<String>,
}

/// What the rows say about the chat as a whole.
#[derive(Default)]
struct Chat {
    /// The one-to-one partner: the export's chat id, the folder's wxid, or
    /// the first sender of an incoming message.
    partner: Option<String>,
    /// Distinct senders of incoming messages (two or more: a group).
    senders: Vec<String>,
    /// The group, named by the export or by the file.
    group: Option<String>,
}

impl Chat {
    fn is_group(&self) -> bool {
        self.group.is_some() || self.senders.len() > 1
    }
}

/// Reads a WeChat chat export in any of the layouts above.
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
    let Some(layout) = layout(&header.join(",")) else {
        return Err(ImportError::malformed(
            src.path,
            "line 1",
            "this is not a WeChat export layout Dossier reads (MemoTrace/留痕 or PyWxDump)",
        ));
    };
    let col = |name: &str| header.iter().position(|h| h == name);
    let stem = src
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let folder = folder_account(src.path);
    let mut chats: std::collections::BTreeMap<String, Chat> = Default::default();
    let mut held: Vec<Message> = Vec::new();
    while let Some(row) = rows.next_row() {
        let row = row.map_err(|e| e.into_import(src.path))?;
        if row.fields.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let position = format!("line {}", row.line);
        let field = |name: &str| {
            col(name)
                .and_then(|i| row.get(i))
                .map(str::trim)
                .unwrap_or("")
        };
        let opt = |name: &str| {
            Some(field(name))
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        let fail = |reason: String| ImportError::malformed(src.path, &position, reason);
        let message = match layout {
            Layout::MemoTrace => {
                let seconds: i64 = field("CreateTime").parse().map_err(|_| {
                    fail(format!(
                        "CreateTime={:?} is not Unix seconds",
                        field("CreateTime")
                    ))
                })?;
                let at = Timestamp::from_second(seconds)
                    .map_err(|_| fail(format!("CreateTime={seconds} is out of range")))?;
                if let Some(written) = opt("StrTime")
                    && let Ok(text_at) = super::decode::parse_time(&written, &src.zone, None)
                    && (text_at.as_second() - at.as_second()).abs() > TIME_SLACK_S
                {
                    src.flag(position.clone(), Flag::TimeDisagrees { written, epoch: at })?;
                }
                let kind = field("Type");
                if kind == "10000" {
                    src.skip(position, "a WeChat system notice");
                    continue;
                }
                let outgoing = field("IsSender") == "1";
                let talker = field("TalkerId");
                Message {
                    at,
                    outgoing: Some(outgoing),
                    sender: opt("Sender"),
                    name: if outgoing {
                        None
                    } else {
                        opt("Remark").or_else(|| opt("NickName"))
                    },
                    chat: stable_chat(talker),
                    talker: talker.to_owned(),
                    body: body(kind, field("StrContent")),
                    source_id: None,
                    position,
                }
            }
            Layout::MemoTraceZh => {
                let written = field("时间");
                let at = super::decode::parse_time(written, &src.zone, None).map_err(&fail)?;
                let kind = field("类型");
                if matches!(kind, "系统消息" | "系统通知" | "10000") {
                    src.skip(position, "a WeChat system notice");
                    continue;
                }
                let sender = field("发送人");
                let outgoing = SELF_NAMES.contains(&sender);
                let account = account_in(field("更多信息"));
                Message {
                    at,
                    outgoing: Some(outgoing),
                    sender: if outgoing {
                        None
                    } else {
                        // One file is one chat: the folder's account is
                        // the contact's, unless the row names another.
                        account.or_else(|| folder.clone()).or_else(|| opt("发送人"))
                    },
                    name: if outgoing {
                        None
                    } else {
                        opt("备注")
                            .or_else(|| opt("昵称"))
                            .or_else(|| opt("发送人"))
                    },
                    chat: None,
                    talker: String::new(),
                    body: body(kind, field("内容")),
                    source_id: None,
                    position,
                }
            }
            Layout::PyWxDump => {
                let at = super::decode::parse_time(field("CreateTime"), &src.zone, None)
                    .map_err(&fail)?;
                let kind = field("type_name");
                if matches!(kind, "系统通知" | "系统消息" | "10000") {
                    src.skip(position, "a WeChat system notice");
                    continue;
                }
                let outgoing = field("is_sender") == "1";
                let svr = field("MsgSvrID");
                Message {
                    at,
                    outgoing: Some(outgoing),
                    sender: if outgoing { None } else { opt("talker") },
                    name: None,
                    chat: stable_chat(field("room_name")),
                    talker: field("room_name").to_owned(),
                    body: body(kind, field("msg")),
                    source_id: (!svr.is_empty() && svr != "0").then(|| format!("wechat:{svr}")),
                    position,
                }
            }
        };
        let chat = chats.entry(message.talker.clone()).or_insert_with(|| Chat {
            partner: folder.clone(),
            ..Chat::default()
        });
        if let Some(id) = &message.chat {
            if id.ends_with("@chatroom") {
                chat.group.get_or_insert_with(|| id.clone());
            } else {
                chat.partner.get_or_insert_with(|| id.clone());
            }
        }
        if message.outgoing == Some(false)
            && let Some(sender) = &message.sender
        {
            if !chat.senders.contains(sender) && chat.senders.len() < 2 {
                chat.senders.push(sender.clone());
            }
            if chat.group.is_none() {
                chat.partner.get_or_insert_with(|| sender.clone());
            }
        }
        // Messages wait until the chat is known (one to one or a group:
        // the second member to write shows it is a group).
        held.push(message);
        if held.len() >= HOLD_MAX {
            for m in held.drain(..) {
                emit(src, &chats, &stem, m)?;
            }
        }
    }
    for m in held {
        emit(src, &chats, &stem, m)?;
    }
    Ok(Parsed::default())
}

/// Hands one message on with its other side settled.
fn emit(
    src: &mut Source<'_>,
    chats: &std::collections::BTreeMap<String, Chat>,
    stem: &str,
    m: Message,
) -> Result<(), ImportError> {
    let Some(chat) = chats.get(&m.talker) else {
        return Err(super::stopped(src.path));
    };
    // A group the export does not name is named by the file, and within a
    // file of many chats by its row there too.
    let group_label = chat.is_group().then(|| {
        chat.group.clone().unwrap_or_else(|| match chats.len() {
            1 => format!("群聊 {stem}"),
            _ => format!("群聊 {stem} #{}", m.talker),
        })
    });
    let other = match (m.outgoing, &group_label) {
        // The owner wrote to the group, or to the one partner.
        (Some(true), Some(group)) => Some(group.clone()),
        (Some(true), None) => chat.partner.clone(),
        _ => m.sender.clone().or_else(|| chat.partner.clone()),
    };
    let recipients = match (&group_label, m.outgoing) {
        (Some(group), Some(false) | None) => {
            vec![(group.clone(), Address::Other(group.clone()))]
        }
        _ => Vec::new(),
    };
    src.emit(Record {
        position: m.position,
        channel: "chat",
        direction: m
            .outgoing
            .map(|out| if out { Direction::Out } else { Direction::In }),
        at: m.at,
        address: other
            .as_deref()
            .map_or(Address::Hidden, |o| Address::Other(o.to_owned())),
        address_raw: other.unwrap_or_default(),
        contact_name: m.name,
        duration_ms: None,
        body: Some(m.body),
        recipients,
        source_id: m.source_id,
        facetime: None,
    })
}

/// A chat id that stays the same across exports: a group's `…@chatroom` or
/// an account; a database row number (`217`) is not one.
fn stable_chat(id: &str) -> Option<String> {
    (!id.is_empty() && !id.bytes().all(|b| b.is_ascii_digit())).then(|| id.to_owned())
}

/// A `wxid_…` account named in text (`更多信息`, a folder name).
fn account_in(text: &str) -> Option<String> {
    let start = text.find("wxid_")?;
    let id: String = text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .collect();
    (id.len() > "wxid_".len()).then_some(id)
}

/// The account of the folder MemoTrace names after the contact:
/// `聊天记录/小红(wxid_red)/小红.csv`.
fn folder_account(path: &std::path::Path) -> Option<String> {
    let folder = path.parent()?.file_name()?.to_string_lossy().into_owned();
    let inner = folder.rsplit_once('(')?.1.strip_suffix(')')?;
    (!inner.is_empty() && !inner.contains(['/', '\\', ' ']) && !inner.ends_with("@chatroom"))
        .then(|| inner.to_owned())
}

/// A message's text by its type: WeChat's numeric codes (`1` text, `3`
/// image, `34` voice, `43` video, `47` sticker, `49` link or file) or the
/// names exporters write (`文本`, `图片`…).
fn body(kind: &str, content: &str) -> String {
    match kind {
        "1" | "文本" | "text" => content.to_owned(),
        "34" | "语音" => format!("[语音 voice] {content}").trim().to_owned(),
        "3" | "图片" => "[图片 image]".to_owned(),
        "43" | "视频" => "[视频 video]".to_owned(),
        "47" | "表情" | "动画表情" => "[表情 sticker]".to_owned(),
        _ => content.to_owned(),
    }
}
