//! Phone numbers as they appear in exports — `+86 170-5551-1020`,
//! `0086 17055511020`, `17055511020`, `010-6552 1234`, `95555`, `-2` — brought
//! to one form so that the same line is one party: E.164 (`+8617055511020`)
//! where the number is a full national or international one, the digits as
//! they are for short service numbers (95555, 10086, 12378) and national
//! non-geographic ones (400…/800…), and [`Address::Hidden`] for withheld or
//! unknown callers, which are never merged with anything.

use crate::model::jurisdiction::Rules;

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
    /// A number the export itself masks (carrier lists print `138****1234`,
    /// `***` or the column's own name in place of the number). `Some` keeps
    /// what is left of a partly masked number (`+86138****1234`), a key of
    /// its own that never meets a real number: several lines may share it.
    /// `None` is a fully masked one: like a hidden number, never one party.
    Masked(Option<String>),
}

impl Address {
    /// The party key this address maps to; `None` for hidden numbers.
    pub fn party_key(&self) -> Option<String> {
        match self {
            Address::Number(n) => Some(format!("tel:{n}")),
            Address::Other(o) => Some(format!("id:{o}")),
            Address::Masked(Some(m)) => Some(format!("mask:{m}")),
            Address::Hidden | Address::Masked(None) => None,
        }
    }

    /// Whether an event with this address has no other side: withheld by
    /// the caller, or wholly masked by the export.
    pub fn is_no_one(&self) -> bool {
        matches!(self, Address::Hidden | Address::Masked(None))
    }

    /// Whether the export masked this number, wholly or in part.
    pub fn is_masked(&self) -> bool {
        matches!(self, Address::Masked(_))
    }
}

/// Values carrier lists print where they mask the whole number.
const MASKED: &[&str] = &["对方号码", "对端号码", "号码已屏蔽", "已屏蔽", "保密"];

/// Characters exports mask digits with.
fn is_mask_char(c: char) -> bool {
    matches!(c, '*' | '＊' | '×' | 'x' | 'X' | '#')
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
        && trimmed.len() < 24
        && trimmed.bytes().all(|b| b.is_ascii_digit())
        && !trimmed.bytes().all(|b| b == b'0')
    {
        return digits(trimmed, region);
    }
    let lower = trimmed.to_lowercase();
    if HIDDEN.contains(&lower.as_str()) {
        return Address::Hidden;
    }
    if MASKED.contains(&trimmed) {
        return Address::Masked(None);
    }
    let compact: String = trimmed
        .chars()
        .filter(|c| {
            !c.is_whitespace() && !matches!(c, '-' | '(' | ')' | '.' | '\u{2010}'..='\u{2015}')
        })
        .collect();
    if let Some(masked) = masked(&compact, region) {
        return masked;
    }
    let (plus, digits_part) = match compact.strip_prefix('+') {
        Some(rest) => (true, rest.to_owned()),
        None => (false, compact.clone()),
    };
    if digits_part.is_empty() || !digits_part.bytes().all(|b| b.is_ascii_digit()) {
        return Address::Other(trimmed.to_owned());
    }
    if digits_part.bytes().all(|b| b == b'0') {
        return Address::Hidden;
    }
    if plus {
        return international(&digits_part);
    }
    digits(&digits_part, region)
}

/// A number written in digits only: an international prefix (`00`, and
/// `011` from the United States) makes it international; otherwise it is
/// read by its shape in the case's region.
fn digits(digits: &str, region: Rules) -> Address {
    if let Some(rest) = digits.strip_prefix("00")
        && rest.len() >= 8
    {
        return international(rest);
    }
    if region == Rules::Us
        && let Some(rest) = digits.strip_prefix("011")
        && rest.len() >= 8
    {
        return international(rest);
    }
    match region {
        Rules::Cn => cn(digits),
        Rules::Us => us(digits),
    }
}

/// Digits after `+` or an international prefix.
fn international(digits: &str) -> Address {
    // Drop a national trunk 0 written after +86.
    if let Some(national) = digits.strip_prefix("860") {
        return Address::Number(format!("+86{national}"));
    }
    Address::Number(format!("+{digits}"))
}

/// A Chinese mobile number's national form: 1, then 3 to 9, then nine
/// digits.
fn cn_mobile(national: &str) -> bool {
    let b = national.as_bytes();
    b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1])
}

/// A North American number without its country code: area code and
/// exchange each start with 2 to 9.
fn nanp(national: &str) -> bool {
    let b = national.as_bytes();
    b.len() == 10 && (b'2'..=b'9').contains(&b[0]) && (b'2'..=b'9').contains(&b[3])
}

/// A number partly or wholly masked by the export (`138****1234`, `***`),
/// in compact form; `None` when nothing is masked.
fn masked(compact: &str, region: Rules) -> Option<Address> {
    let body = compact.strip_prefix('+').unwrap_or(compact);
    let masks = body.chars().filter(|&c| is_mask_char(c)).count();
    // A mask is a run of mask characters among digits; letters and words
    // (an account named "xxx_loan") are not.
    if masks == 0 || !body.chars().all(|c| c.is_ascii_digit() || is_mask_char(c)) {
        return None;
    }
    let has_star = body.chars().any(|c| matches!(c, '*' | '＊' | '×' | '#'));
    let digit_count = body.len()
        - body
            .chars()
            .filter(|&c| is_mask_char(c))
            .map(char::len_utf8)
            .sum::<usize>();
    if !has_star && digit_count == 0 {
        // "xxx" alone is a name, not a mask.
        return None;
    }
    if digit_count == 0 {
        return Some(Address::Masked(None));
    }
    let pattern: String = body
        .chars()
        .map(|c| if is_mask_char(c) { '*' } else { c })
        .collect();
    let plus = compact.starts_with('+') || pattern.starts_with("00");
    let pattern = pattern.strip_prefix("00").unwrap_or(&pattern).to_owned();
    let national = if plus {
        match pattern.strip_prefix("86") {
            Some(rest) => rest.to_owned(),
            None => return Some(Address::Masked(Some(format!("+{pattern}")))),
        }
    } else if region == Rules::Cn && pattern.len() == 13 && pattern.starts_with("861") {
        pattern[2..].to_owned()
    } else {
        pattern
    };
    let cn_shape = national.len() == 11 && national.starts_with('1');
    Some(Address::Masked(Some(
        if plus || (region == Rules::Cn && cn_shape) {
            format!("+86{national}")
        } else {
            national
        },
    )))
}

fn cn(digits: &str) -> Address {
    let n = digits.len();
    let number = |national: &str| Address::Number(format!("+86{national}"));
    // Mobile, with or without the 86 country code.
    if cn_mobile(digits) {
        return number(digits);
    }
    if n == 13 && digits.starts_with("86") && cn_mobile(&digits[2..]) {
        return number(&digits[2..]);
    }
    // Service and non-geographic numbers are dialled as they are: short
    // numbers (95555, 10086, 12378), 400/800 lines, and the 106 gateways
    // that send bulk SMS (up to 20 digits).
    if n <= 8
        || (n == 10 && (digits.starts_with("400") || digits.starts_with("800")))
        || digits.starts_with("106")
    {
        return Address::Number(digits.to_owned());
    }
    // Landline with its trunk 0 and area code (010…, 0755…).
    if digits.starts_with('0') && (10..=12).contains(&n) {
        return number(&digits[1..]);
    }
    // Landline with the country code in front of the area code.
    if digits.starts_with("86") && (11..=12).contains(&n) && !digits[2..].starts_with('0') {
        return number(&digits[2..]);
    }
    // A North American number, as a US phone stores it.
    if nanp(digits) {
        return Address::Number(format!("+1{digits}"));
    }
    if n == 11 && digits.starts_with('1') && nanp(&digits[1..]) {
        return Address::Number(format!("+{digits}"));
    }
    Address::Number(digits.to_owned())
}

fn us(digits: &str) -> Address {
    match digits.len() {
        10 => Address::Number(format!("+1{digits}")),
        11 if digits.starts_with('1') => Address::Number(format!("+{digits}")),
        13 if digits.starts_with("86") && cn_mobile(&digits[2..]) => {
            Address::Number(format!("+{digits}"))
        }
        _ => Address::Number(digits.to_owned()),
    }
}
