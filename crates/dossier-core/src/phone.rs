//! Phone numbers as they appear in exports — `+86 170-5551-1020`,
//! `0086 17055511020`, `17055511020`, `010-6552 1234`, `95555`, `-2` — brought
//! to one form so that the same line is one party: E.164 (`+8617055511020`)
//! where the number is a full national or international one, the digits as
//! they are for short service numbers (95555, 10086, 12378) and national
//! non-geographic ones (400…/800…), and [`Address::Hidden`] for withheld or
//! unknown callers, which are never merged with anything.

use crate::case::Rules;

/// What an address in an export stands for.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Address {
    /// A phone number: E.164 (`+86…`) or a short/service number as dialled.
    Number(String),
    /// Something that is not a phone number: an alphanumeric sender, an
    /// e-mail address or chat account, kept as written.
    Other(String),
    /// A withheld, private or unknown number.
    Hidden,
}

impl Address {
    /// The party key this address maps to; `None` for hidden numbers.
    pub fn party_key(&self) -> Option<String> {
        match self {
            Address::Number(n) => Some(format!("tel:{n}")),
            Address::Other(o) => Some(format!("id:{o}")),
            Address::Hidden => None,
        }
    }
}

/// Values exports use for "no number".
const HIDDEN: &[&str] = &[
    "",
    "-1",
    "-2",
    "-3",
    "-4",
    "unknown",
    "(unknown)",
    "private",
    "private number",
    "withheld",
    "anonymous",
    "restricted",
    "blocked",
    "no caller id",
    "未知",
    "未知号码",
    "隐藏号码",
    "私人号码",
    "无号码",
    "保密号码",
];

/// Normalises an address as written in an export, for a case whose rule
/// pack sets the default region (`cn`: +86, `us`: +1).
pub fn normalize(raw: &str, region: Rules) -> Address {
    let trimmed = raw.trim();
    // Most numbers in an export are plain digits: no cleaning needed.
    if !trimmed.is_empty()
        && trimmed.len() < 20
        && trimmed.bytes().all(|b| b.is_ascii_digit())
        && !trimmed.bytes().all(|b| b == b'0')
    {
        return match region {
            Rules::Cn => cn(trimmed),
            Rules::Us => us(trimmed),
        };
    }
    if HIDDEN.contains(&trimmed.to_lowercase().as_str()) {
        return Address::Hidden;
    }
    let compact: String = trimmed
        .chars()
        .filter(|c| {
            !c.is_whitespace() && !matches!(c, '-' | '(' | ')' | '.' | '\u{2010}'..='\u{2015}')
        })
        .collect();
    let (plus, digits) = match compact.strip_prefix('+') {
        Some(rest) => (true, rest.to_owned()),
        None => match compact.strip_prefix("00") {
            Some(rest) if rest.len() >= 8 => (true, rest.to_owned()),
            _ => (false, compact.clone()),
        },
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Address::Other(trimmed.to_owned());
    }
    if digits.bytes().all(|b| b == b'0') {
        return Address::Hidden;
    }
    if plus {
        // International form: drop a national trunk 0 written after +86.
        if let Some(national) = digits.strip_prefix("860") {
            return Address::Number(format!("+86{national}"));
        }
        return Address::Number(format!("+{digits}"));
    }
    match region {
        Rules::Cn => cn(&digits),
        Rules::Us => us(&digits),
    }
}

fn cn(digits: &str) -> Address {
    let n = digits.len();
    let number = |national: &str| Address::Number(format!("+86{national}"));
    // Mobile: 1 followed by ten digits, with or without the 86 country code.
    if n == 11 && digits.starts_with('1') {
        return number(digits);
    }
    if n == 13 && digits.starts_with("861") {
        return number(&digits[2..]);
    }
    // Service and non-geographic numbers are dialled as they are.
    if n <= 8 || (n == 10 && (digits.starts_with("400") || digits.starts_with("800"))) {
        return Address::Number(digits.to_owned());
    }
    // Landline with its trunk 0 and area code (010…, 0755…).
    if digits.starts_with('0') && (10..=12).contains(&n) {
        return number(&digits[1..]);
    }
    if digits.starts_with("86") && (11..=13).contains(&n) {
        return number(&digits[2..]);
    }
    Address::Number(digits.to_owned())
}

fn us(digits: &str) -> Address {
    match digits.len() {
        10 => Address::Number(format!("+1{digits}")),
        11 if digits.starts_with('1') => Address::Number(format!("+{digits}")),
        _ => Address::Number(digits.to_owned()),
    }
}
