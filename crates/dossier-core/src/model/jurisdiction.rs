//! The jurisdiction a case is judged under: which rule pack, and the time
//! zone and number region a new case gets from it.

/// The rule pack a case is judged under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rules {
    Cn,
    Us,
}

impl Rules {
    pub const ALL: [Rules; 2] = [Rules::Cn, Rules::Us];

    pub fn as_str(self) -> &'static str {
        match self {
            Rules::Cn => "cn",
            Rules::Us => "us",
        }
    }

    pub fn parse(text: &str) -> Option<Rules> {
        match text {
            "cn" => Some(Rules::Cn),
            "us" => Some(Rules::Us),
            _ => None,
        }
    }

    /// The display time zone a new case gets when none is given.
    pub fn default_time_zone(self) -> &'static str {
        match self {
            Rules::Cn => "Asia/Shanghai",
            Rules::Us => "America/New_York",
        }
    }
}

super::text_form!(Rules);
