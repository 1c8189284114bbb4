//! Redaction: third parties' numbers (in the forms people write them) and
//! names masked in everything the PDF prints.

use super::*;

/// Masks third parties' numbers and names in everything the PDF prints.
#[derive(Debug, Default)]
pub(super) struct Redactor {
    /// What to find and what to print instead, longest first.
    pairs: Vec<(String, String)>,
}

impl Redactor {
    pub(super) fn new(data: &Data, redact: bool) -> Redactor {
        let mut pairs = Vec::new();
        if redact {
            for p in &data.parties {
                if !p.is_third_party() {
                    continue;
                }
                if let Some(number) = p.key.strip_prefix("tel:") {
                    let masked = mask_number(number);
                    let national = number.strip_prefix("+86").unwrap_or(number);
                    for form in number_forms(number) {
                        pairs.push((form, masked.clone()));
                    }
                    if national != number {
                        for form in number_forms(national) {
                            pairs.push((form, masked.clone()));
                        }
                    }
                } else if let Some(account) = p.key.strip_prefix("id:") {
                    pairs.push((account.to_owned(), mask_name(account)));
                }
                if let Some(name) = &p.name {
                    pairs.push((name.clone(), mask_name(name)));
                }
            }
        }
        pairs.sort_by(|a, b| {
            b.0.chars()
                .count()
                .cmp(&a.0.chars().count())
                .then(a.0.cmp(&b.0))
        });
        pairs.dedup();
        Redactor { pairs }
    }

    pub(super) fn apply(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for (find, mask) in &self.pairs {
            if !find.is_empty() && out.contains(find.as_str()) {
                out = out.replace(find.as_str(), mask);
            }
        }
        out
    }
}

/// `13800138000` → `138****8000`.
pub fn mask_number(number: &str) -> String {
    let digits: String = number
        .strip_prefix("+86")
        .unwrap_or(number)
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    if digits.len() <= 7 {
        return "*".repeat(digits.len());
    }
    format!("{}****{}", &digits[..3], &digits[digits.len() - 4..])
}

/// `王芳` → `王*`, `李建国` → `李**`, `Ann Lee` → `A******`; a name of one
/// character is masked whole.
pub fn mask_name(name: &str) -> String {
    let mut chars = name.chars();
    match (chars.next(), chars.count()) {
        (None, _) => String::new(),
        (Some(_), 0) => "*".into(),
        (Some(first), rest) => format!("{first}{}", "*".repeat(rest)),
    }
}

/// The ways a number is commonly written: as is, and in 3-4-4 groups.
pub(super) fn number_forms(number: &str) -> Vec<String> {
    let mut forms = vec![number.to_owned()];
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    if digits.len() == 11 {
        forms.push(format!(
            "{} {} {}",
            &digits[..3],
            &digits[3..7],
            &digits[7..]
        ));
        forms.push(format!(
            "{}-{}-{}",
            &digits[..3],
            &digits[3..7],
            &digits[7..]
        ));
    }
    forms
}
