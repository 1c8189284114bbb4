//! What kind of thing a file is, judged from its first bytes, never from its
//! name: a screenshot renamed `.txt` is still an image.

/// The broad kind of an exhibit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Image,
    Audio,
    Video,
    Document,
    Text,
    Other,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Image,
        Kind::Audio,
        Kind::Video,
        Kind::Document,
        Kind::Text,
        Kind::Other,
    ];

    /// The kind's name, as the CLI, the app and the dossier print it.
    pub fn label(self, lang: crate::model::lang::Lang) -> &'static str {
        use crate::model::lang::Lang;
        match (lang, self) {
            (Lang::Zh, Kind::Image) => "图片",
            (Lang::Zh, Kind::Audio) => "录音",
            (Lang::Zh, Kind::Video) => "视频",
            (Lang::Zh, Kind::Document) => "文档",
            (Lang::Zh, Kind::Text) => "文本",
            (Lang::Zh, Kind::Other) => "其他",
            (Lang::En, Kind::Image) => "image",
            (Lang::En, Kind::Audio) => "recording",
            (Lang::En, Kind::Video) => "video",
            (Lang::En, Kind::Document) => "document",
            (Lang::En, Kind::Text) => "text",
            (Lang::En, Kind::Other) => "other",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Image => "image",
            Kind::Audio => "audio",
            Kind::Video => "video",
            Kind::Document => "document",
            Kind::Text => "text",
            Kind::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Option<Kind> {
        Some(match text {
            "image" => Kind::Image,
            "audio" => Kind::Audio,
            "video" => Kind::Video,
            "document" => Kind::Document,
            "text" => Kind::Text,
            "other" => Kind::Other,
            _ => return None,
        })
    }
}

/// The kind and, where the magic bytes tell it, the media type of content
/// that starts with `head`.
pub fn sniff(head: &[u8]) -> (Kind, Option<String>) {
    // AMR starts with "#!", which infer would take for a shell script.
    if head.starts_with(b"#!AMR") {
        return (Kind::Audio, Some("audio/amr".to_owned()));
    }
    if let Some(t) = infer::get(head) {
        let kind = match t.matcher_type() {
            infer::MatcherType::Image => Kind::Image,
            infer::MatcherType::Audio => Kind::Audio,
            infer::MatcherType::Video => Kind::Video,
            infer::MatcherType::Doc | infer::MatcherType::Book => Kind::Document,
            infer::MatcherType::Archive if t.mime_type() == "application/pdf" => Kind::Document,
            infer::MatcherType::Text => Kind::Text,
            _ => Kind::Other,
        };
        return (kind, Some(t.mime_type().to_owned()));
    }
    if looks_like_text(head) {
        return (Kind::Text, Some("text/plain".to_owned()));
    }
    (Kind::Other, None)
}

/// Text: valid UTF-8 (a character cut off at the end of `head` is allowed) or
/// UTF-16 with a byte-order mark, and no control characters but whitespace.
fn looks_like_text(head: &[u8]) -> bool {
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return true;
    }
    let text = match std::str::from_utf8(head) {
        Ok(text) => text,
        Err(e) if e.error_len().is_none() => match std::str::from_utf8(&head[..e.valid_up_to()]) {
            Ok(text) => text,
            Err(_) => return false,
        },
        Err(_) => return false,
    };
    !text.is_empty()
        && !text
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{feff}' | '\u{c}'))
}
