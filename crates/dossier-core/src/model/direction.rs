//! Which way a call or message went, as the phone recorded it, and whether
//! a call went over FaceTime rather than the phone network.

use crate::model::lang::Lang;

/// A call's or message's direction as the phone recorded it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Direction {
    In,
    Out,
    Missed,
    Rejected,
    Blocked,
    Voicemail,
}

impl Direction {
    /// The direction's name, as the CLI, the app and the dossier print it.
    pub fn label(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::Zh, Direction::In) => "呼入/收到",
            (Lang::Zh, Direction::Out) => "呼出/发出",
            (Lang::Zh, Direction::Missed) => "未接",
            (Lang::Zh, Direction::Rejected) => "拒接",
            (Lang::Zh, Direction::Blocked) => "已拦截",
            (Lang::Zh, Direction::Voicemail) => "语音信箱",
            (Lang::En, Direction::In) => "incoming",
            (Lang::En, Direction::Out) => "outgoing",
            (Lang::En, Direction::Missed) => "missed",
            (Lang::En, Direction::Rejected) => "rejected",
            (Lang::En, Direction::Blocked) => "blocked",
            (Lang::En, Direction::Voicemail) => "voicemail",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Direction::In => "in",
            Direction::Out => "out",
            Direction::Missed => "missed",
            Direction::Rejected => "rejected",
            Direction::Blocked => "blocked",
            Direction::Voicemail => "voicemail",
        }
    }

    pub const ALL: [Direction; 6] = [
        Direction::In,
        Direction::Out,
        Direction::Missed,
        Direction::Rejected,
        Direction::Blocked,
        Direction::Voicemail,
    ];

    pub fn parse(text: &str) -> Option<Direction> {
        Direction::ALL.into_iter().find(|d| d.as_str() == text)
    }
}

/// A FaceTime call, as an iPhone's call history types it (`ZCALLTYPE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaceTime {
    Audio,
    Video,
}

impl FaceTime {
    /// A FaceTime call, in words.
    pub fn label(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::Zh, FaceTime::Audio) => "FaceTime 语音",
            (Lang::Zh, FaceTime::Video) => "FaceTime 视频",
            (Lang::En, FaceTime::Audio) => "FaceTime audio",
            (Lang::En, FaceTime::Video) => "FaceTime video",
        }
    }

    /// `audio` or `video`, as JSON and the app's timeline write it.
    pub fn as_str(self) -> &'static str {
        match self {
            FaceTime::Audio => "audio",
            FaceTime::Video => "video",
        }
    }
}

super::text_form!(Direction);
