//! The channel a contact came through: a call, an SMS or MMS, a chat
//! message, a message, visit, letter or posted notice described in a typed
//! note, or a file. One type for the whole program: events store its text
//! form (`event.channel`), rule packs name it, notes are typed with the
//! subset [`Channel::NOTED`].

/// The channels a contact can come through: as events store them, rules
/// name them and notes describe them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Channel {
    Call,
    Sms,
    Mms,
    Chat,
    /// A message described in a note.
    Message,
    Visit,
    Letter,
    Post,
    /// Files (images, recordings, documents) and notes of other kinds.
    #[default]
    Other,
}

impl Channel {
    /// The channel's name, as the CLI, the dossier and the findings'
    /// sentences print it.
    pub fn label(self, lang: crate::model::lang::Lang) -> &'static str {
        use crate::model::lang::Lang;
        match (lang, self) {
            (Lang::Zh, Channel::Call) => "电话",
            (Lang::Zh, Channel::Sms) => "短信",
            (Lang::Zh, Channel::Mms) => "彩信",
            (Lang::Zh, Channel::Chat) => "聊天消息",
            (Lang::Zh, Channel::Message) => "消息",
            (Lang::Zh, Channel::Visit) => "上门",
            (Lang::Zh, Channel::Letter) => "信件",
            (Lang::Zh, Channel::Post) => "帖子",
            (Lang::Zh, Channel::Other) => "其他",
            (Lang::En, Channel::Call) => "call",
            (Lang::En, Channel::Sms) => "SMS",
            (Lang::En, Channel::Mms) => "MMS",
            (Lang::En, Channel::Chat) => "chat message",
            (Lang::En, Channel::Message) => "message",
            (Lang::En, Channel::Visit) => "visit",
            (Lang::En, Channel::Letter) => "letter",
            (Lang::En, Channel::Post) => "post",
            (Lang::En, Channel::Other) => "other",
        }
    }

    pub const ALL: [Channel; 9] = [
        Channel::Call,
        Channel::Sms,
        Channel::Mms,
        Channel::Chat,
        Channel::Message,
        Channel::Visit,
        Channel::Letter,
        Channel::Post,
        Channel::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Call => "call",
            Channel::Sms => "sms",
            Channel::Mms => "mms",
            Channel::Chat => "chat",
            Channel::Message => "message",
            Channel::Visit => "visit",
            Channel::Letter => "letter",
            Channel::Post => "post",
            Channel::Other => "other",
        }
    }

    /// A channel by its stored name (`call`, `sms`, …), or `None`.
    pub fn parse(text: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.as_str() == text)
    }

    /// The channel of a stored event (`event.channel`).
    pub fn of_event(text: &str) -> Channel {
        Channel::ALL
            .into_iter()
            .find(|c| c.as_str() == text)
            .unwrap_or(Channel::Other)
    }

    /// Whether the channel carries written words the text rules read.
    pub fn is_text(self) -> bool {
        matches!(
            self,
            Channel::Sms
                | Channel::Mms
                | Channel::Chat
                | Channel::Message
                | Channel::Letter
                | Channel::Post
        )
    }

    /// The channels a typed note can describe: a message the contributor
    /// saw is a `message`; SMS, MMS and chat records come from exports.
    pub const NOTED: [Channel; 6] = [
        Channel::Call,
        Channel::Message,
        Channel::Visit,
        Channel::Letter,
        Channel::Post,
        Channel::Other,
    ];

    /// Whether a typed note can describe this channel.
    pub fn is_noted(self) -> bool {
        Channel::NOTED.contains(&self)
    }

    /// A note's channel as typed (`call`, `message`, `visit`, `letter`,
    /// `post`, `other`).
    pub fn parse_noted(text: &str) -> Option<Channel> {
        Channel::NOTED.into_iter().find(|c| c.as_str() == text)
    }
}

super::text_form!(Channel);
