//! Which way a call or message went, as the phone recorded it, and whether
//! a call went over FaceTime rather than the phone network.

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

    pub fn parse(text: &str) -> Option<Direction> {
        [
            Direction::In,
            Direction::Out,
            Direction::Missed,
            Direction::Rejected,
            Direction::Blocked,
            Direction::Voicemail,
        ]
        .into_iter()
        .find(|d| d.as_str() == text)
    }
}

/// A FaceTime call, as an iPhone's call history types it (`ZCALLTYPE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaceTime {
    Audio,
    Video,
}

impl FaceTime {
    /// `audio` or `video`, as JSON and the app's timeline write it.
    pub fn as_str(self) -> &'static str {
        match self {
            FaceTime::Audio => "audio",
            FaceTime::Video => "video",
        }
    }
}
