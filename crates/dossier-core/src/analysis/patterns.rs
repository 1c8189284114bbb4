//! The collector's playbook as pattern facts: not violations, but what a
//! lawyer points at — calls bunched around paydays, weekly counts rising,
//! new numbers every week, and the share of hidden numbers.

use crate::analysis::Data;
use crate::analysis::found::Texts;
use crate::analysis::pack::{Lang, Pack, Text};
use crate::analysis::render::date;
use jiff::civil::Date;
use std::collections::{BTreeMap, BTreeSet};

/// Collection contacts on some days of the month: the borrower's paydays,
/// or the days the collectors' playbook names.
#[derive(Debug, Clone, PartialEq)]
pub struct Paydays {
    pub days: Vec<i8>,
    pub contacts: u64,
    pub on_paydays: u64,
    /// Days from the first to the last collection contact, and how many of
    /// them are paydays: what an even spread would put on paydays.
    pub period_days: u64,
    pub payday_dates: u64,
}

/// One week (Monday to Sunday) of collection contacts.
#[derive(Debug, Clone, PartialEq)]
pub struct Week {
    pub start: Date,
    /// Days of the week inside the period from the first to the last
    /// collection contact: 7 but for the first and the last week.
    pub days: u64,
    pub contacts: u64,
    /// Distinct collection numbers heard from that week, and how many of
    /// them had not been heard from before.
    pub numbers: u64,
    pub new_numbers: u64,
}

/// The pattern facts of a case.
#[derive(Debug, Clone, PartialEq)]
pub struct PatternFacts {
    /// On the borrower's own paydays, when the case records them.
    pub paydays: Option<Paydays>,
    /// On the days the pack's playbook names (the collectors' training
    /// texts: "在发工资时间点前后集中催收"), a separate fact.
    pub playbook: Paydays,
    pub weeks: Vec<Week>,
    /// Least-squares trend of the weeks' contacts per day (each week over
    /// the days it has in the period), in contacts per day per week.
    pub trend: f64,
    /// Contacts in the first and in the last 7 days of the period, when it
    /// spans 14 days or more: two periods of the same length.
    pub first_7: Option<(Date, u64)>,
    pub last_7: Option<(Date, u64)>,
    /// The last 7 days hold at least twice the contacts of the first 7, and
    /// at least 3 more, with a rising trend: otherwise no trend is claimed.
    pub escalating: bool,
    /// Incoming calls from hidden numbers, of all incoming calls.
    pub hidden_calls: u64,
    pub incoming_calls: u64,
    /// Collection contacts that give notice of a lawful step — reporting to
    /// the credit bureau, the lender's legal department, a lawsuit it
    /// intends (the lexicon's `legal_notice`): lawful with notice, so a
    /// fact of the pattern and never a finding.
    pub legal_notices: u64,
}

pub(crate) fn find(data: &Data, pack: &Pack, texts: &Texts) -> PatternFacts {
    let legal_notices = texts
        .matching(&["legal_notice"])
        .filter(|(i, _)| data.is_from_collection(&data.events[*i]))
        .count() as u64;
    let mut contacts = 0;
    let mut span: Option<(Date, Date)> = None;
    let mut weeks: BTreeMap<Date, (u64, BTreeSet<u32>)> = BTreeMap::new();
    let (mut hidden_calls, mut incoming_calls) = (0, 0);
    for e in &data.events {
        if e.is_call_attempt() {
            incoming_calls += 1;
            hidden_calls += u64::from(e.hidden);
        }
        if !data.is_collection_contact(e) {
            continue;
        }
        let d = e.date();
        contacts += 1;
        span = Some(match span {
            None => (d, d),
            Some((a, b)) => (a.min(d), b.max(d)),
        });
        let monday = d
            .checked_sub(jiff::Span::new().days(i64::from(d.weekday().to_monday_zero_offset())))
            .unwrap_or(d);
        let week = weeks.entry(monday).or_default();
        week.0 += 1;
        if let Some(p) = e.party {
            week.1.insert(p);
        }
    }
    // Every week from the first to the last, empty ones included.
    let mut series = Vec::new();
    let mut seen: BTreeSet<u32> = BTreeSet::new();
    if let (Some((&first, _)), Some((&last, _))) = (weeks.first_key_value(), weeks.last_key_value())
    {
        let mut monday = first;
        while monday <= last {
            let (count, numbers) = weeks.get(&monday).cloned().unwrap_or_default();
            let new = numbers.iter().filter(|p| !seen.contains(p)).count() as u64;
            seen.extend(numbers.iter().copied());
            series.push(Week {
                start: monday,
                days: 7,
                contacts: count,
                numbers: numbers.len() as u64,
                new_numbers: new,
            });
            match monday.checked_add(jiff::Span::new().days(7)) {
                Ok(next) => monday = next,
                Err(_) => break,
            }
        }
    }
    // Partial weeks are compared by their rate per day, never by count.
    if let Some((first, last)) = span {
        for w in &mut series {
            let end = w
                .start
                .checked_add(jiff::Span::new().days(6))
                .unwrap_or(w.start);
            let (from, to) = (w.start.max(first), end.min(last));
            w.days = u64::try_from((to - from).get_days() + 1)
                .unwrap_or(0)
                .max(1);
        }
    }
    let rates: Vec<f64> = series
        .iter()
        .map(|w| w.contacts as f64 / w.days.max(1) as f64)
        .collect();
    let trend = slope(&rates);
    let mut days: BTreeMap<Date, u64> = BTreeMap::new();
    for e in data.events.iter().filter(|e| data.is_collection_contact(e)) {
        *days.entry(e.date()).or_default() += 1;
    }
    let on = |of_month: &[i8]| on_days(of_month, &days, span, contacts);
    let (mut first_7, mut last_7) = (None, None);
    if let Some((first, last)) = span
        && (last - first).get_days() >= 13
    {
        let week = jiff::Span::new().days(6);
        let first_end = first.checked_add(week).unwrap_or(first);
        let last_start = last.checked_sub(week).unwrap_or(last);
        let sum = |from: Date, to: Date| days.range(from..=to).map(|(_, n)| n).sum::<u64>();
        first_7 = Some((first, sum(first, first_end)));
        last_7 = Some((last_start, sum(last_start, last)));
    }
    let escalating = match (first_7, last_7) {
        (Some((_, a)), Some((_, b))) => trend > 0.0 && b >= 2 * a && b >= a + 3,
        _ => false,
    };
    PatternFacts {
        paydays: (!data.paydays.is_empty()).then(|| on(&data.paydays)),
        playbook: on(&pack.patterns.playbook_days),
        weeks: series,
        trend,
        first_7,
        last_7,
        escalating,
        hidden_calls,
        incoming_calls,
        legal_notices,
    }
}

/// The collection contacts on `of_month`'s days, of `contacts` over the
/// period `span`, with how many of its dates are such days.
fn on_days(
    of_month: &[i8],
    by_date: &BTreeMap<Date, u64>,
    span: Option<(Date, Date)>,
    contacts: u64,
) -> Paydays {
    let set: BTreeSet<i8> = of_month.iter().copied().collect();
    let on_paydays = by_date
        .iter()
        .filter(|(d, _)| set.contains(&d.day()))
        .map(|(_, n)| n)
        .sum();
    let (mut period_days, mut payday_dates) = (0, 0);
    if let Some((first, last)) = span {
        let mut d = first;
        while d <= last {
            period_days += 1;
            payday_dates += u64::from(set.contains(&d.day()));
            match d.tomorrow() {
                Ok(next) => d = next,
                Err(_) => break,
            }
        }
    }
    Paydays {
        days: set.into_iter().collect(),
        contacts,
        on_paydays,
        period_days,
        payday_dates,
    }
}

/// The least-squares slope of `ys` over 0, 1, 2, …
fn slope(ys: &[f64]) -> f64 {
    let n = ys.len() as f64;
    if ys.len() < 2 {
        return 0.0;
    }
    let mean_x = (n - 1.0) / 2.0;
    let mean_y = ys.iter().sum::<f64>() / n;
    let (mut num, mut den) = (0.0, 0.0);
    for (x, y) in ys.iter().enumerate() {
        let dx = x as f64 - mean_x;
        num += dx * (y - mean_y);
        den += dx * dx;
    }
    num / den
}

fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "0%".into();
    }
    format!("{:.0}%", part as f64 * 100.0 / whole as f64)
}

/// Whose days a [`Paydays`] counts.
#[derive(Debug, Clone, Copy)]
enum Whose {
    Borrower,
    Playbook,
}

impl Paydays {
    fn sentence(&self, whose: Whose) -> Option<Text> {
        if self.contacts == 0 || self.days.is_empty() {
            return None;
        }
        let days_zh: Vec<String> = self.days.iter().map(|d| format!("{d}日")).collect();
        // "每月15日", no space: Chinese runs numbers into the text.
        let days_en: Vec<String> = self.days.iter().map(i8::to_string).collect();
        let (days_zh, days_en) = (days_zh.join("、"), days_en.join(", "));
        let (what_zh, what_en) = match whose {
            Whose::Borrower => (
                format!("借款人的发薪日（每月{days_zh}，借款人自述）"),
                format!(
                    "the borrower's paydays (day {days_en} of the month, as the borrower states)"
                ),
            ),
            Whose::Playbook => (
                format!("催收话术资料所说的集中催收日（发工资前后，每月{days_zh}）"),
                format!(
                    "the days collectors' own training texts name for pressing borrowers (around paydays: day {days_en} of the month)"
                ),
            ),
        };
        Some(Text {
            zh: format!(
                "{what_zh}的催收联系有 {} 次，占全部 {} 次的 {}；这些日子只占期间 {} 天中的 {} 天（{}）。",
                self.on_paydays,
                self.contacts,
                percent(self.on_paydays, self.contacts),
                self.period_days,
                self.payday_dates,
                percent(self.payday_dates, self.period_days)
            ),
            en: format!(
                "{} of {} collection contacts ({}) fell on {what_en}, which are {} of the {} days in the period ({}).",
                self.on_paydays,
                self.contacts,
                percent(self.on_paydays, self.contacts),
                self.payday_dates,
                self.period_days,
                percent(self.payday_dates, self.period_days)
            ),
        })
    }
}

impl PatternFacts {
    /// The facts as sentences, in both languages; facts without data are
    /// left out.
    pub fn sentences(&self) -> Vec<Text> {
        let mut out = Vec::new();
        if let Some(p) = &self.paydays {
            out.extend(p.sentence(Whose::Borrower));
        }
        out.extend(self.playbook.sentence(Whose::Playbook));
        if !self.weeks.is_empty() {
            // A week the period cuts short says how many days it has.
            let counts = |lang: Lang| -> Vec<String> {
                self.weeks
                    .iter()
                    .map(|w| match (w.days, lang) {
                        (7, _) => w.contacts.to_string(),
                        (d, Lang::Zh) => format!("{}（{d} 天）", w.contacts),
                        (1, Lang::En) => format!("{} (1 day)", w.contacts),
                        (d, Lang::En) => format!("{} ({d} days)", w.contacts),
                    })
                    .collect()
            };
            out.push(Text {
                zh: format!("每周催收联系次数依次为 {}。", counts(Lang::Zh).join("、")),
                en: format!(
                    "Collection contacts per week: {}.",
                    counts(Lang::En).join(", ")
                ),
            });
            if let (true, Some((from_a, a)), Some((from_b, b))) =
                (self.escalating, self.first_7, self.last_7)
            {
                out.push(Text {
                    zh: format!(
                        "催收在升级：最后 7 天（{}起）催收联系 {b} 次，最初 7 天（{}起）为 {a} 次。",
                        date(from_b, Lang::Zh),
                        date(from_a, Lang::Zh)
                    ),
                    en: format!(
                        "Collection is escalating: {b} contacts in the last 7 days (from {}) against {a} in the first 7 (from {}).",
                        date(from_b, Lang::En),
                        date(from_a, Lang::En)
                    ),
                });
            }
            let numbers: u64 = self.weeks.iter().map(|w| w.new_numbers).sum();
            let later: u64 = self.weeks.iter().skip(1).map(|w| w.new_numbers).sum();
            let new: Vec<String> = self
                .weeks
                .iter()
                .map(|w| w.new_numbers.to_string())
                .collect();
            if numbers > 1 {
                out.push(Text {
                    zh: format!(
                        "催收方共使用 {numbers} 个号码，第一周之后又出现 {later} 个新号码（每周新号码依次为 {}）。",
                        new.join("、")
                    ),
                    en: format!(
                        "Collectors used {numbers} numbers; {later} new numbers appeared after the first week (new numbers week by week: {}).",
                        new.join(", ")
                    ),
                });
            }
        }
        if self.hidden_calls > 0 {
            out.push(Text {
                zh: format!(
                    "{} 次来电中有 {} 次隐藏号码（{}）。",
                    self.incoming_calls,
                    self.hidden_calls,
                    percent(self.hidden_calls, self.incoming_calls)
                ),
                en: format!(
                    "{} of {} incoming calls ({}) came from hidden numbers.",
                    self.hidden_calls,
                    self.incoming_calls,
                    percent(self.hidden_calls, self.incoming_calls)
                ),
            });
        }
        if self.legal_notices > 0 {
            out.push(Text {
                zh: format!(
                    "催收方有 {} 次以上报征信、移交法务或起诉相告；依法告知本身并不违规，列出供参考，不计为违规。",
                    self.legal_notices
                ),
                en: format!(
                    "{} collection contacts gave notice of credit reporting, the legal department or a lawsuit; lawful notice is not itself a violation, so this is listed for reference and not counted as one.",
                    self.legal_notices
                ),
            });
        }
        out
    }
}
