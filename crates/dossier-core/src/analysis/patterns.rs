//! The collector's playbook as pattern facts: not violations, but what a
//! lawyer points at — calls bunched around paydays, weekly counts rising,
//! new numbers every week, and the share of hidden numbers.

use crate::analysis::Data;
use crate::analysis::pack::{Lang, Pack, Text};
use crate::analysis::render::date;
use jiff::civil::Date;
use std::collections::{BTreeMap, BTreeSet};

/// Collection contacts on the pack's paydays.
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
    pub contacts: u64,
    /// Distinct collection numbers heard from that week, and how many of
    /// them had not been heard from before.
    pub numbers: u64,
    pub new_numbers: u64,
}

/// The pattern facts of a case.
#[derive(Debug, Clone, PartialEq)]
pub struct PatternFacts {
    pub paydays: Paydays,
    pub weeks: Vec<Week>,
    /// Least-squares trend of weekly contacts, in contacts per week.
    pub trend: f64,
    /// Three weeks or more, a rising trend, and more contacts in the last
    /// week than in the first.
    pub escalating: bool,
    /// Incoming calls from hidden numbers, of all incoming calls.
    pub hidden_calls: u64,
    pub incoming_calls: u64,
}

pub fn find(data: &Data, pack: &Pack) -> PatternFacts {
    let paydays_of_month: BTreeSet<i8> = pack.patterns.paydays.iter().copied().collect();
    let mut contacts = 0;
    let mut on_paydays = 0;
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
        on_paydays += u64::from(paydays_of_month.contains(&d.day()));
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
    let (mut period_days, mut payday_dates) = (0, 0);
    if let Some((first, last)) = span {
        let mut d = first;
        while d <= last {
            period_days += 1;
            payday_dates += u64::from(paydays_of_month.contains(&d.day()));
            match d.tomorrow() {
                Ok(next) => d = next,
                Err(_) => break,
            }
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
    let trend = slope(&series.iter().map(|w| w.contacts as f64).collect::<Vec<_>>());
    let escalating = series.len() >= 3
        && trend > 0.0
        && series.last().map(|w| w.contacts) > series.first().map(|w| w.contacts);
    PatternFacts {
        paydays: Paydays {
            days: pack.patterns.paydays.clone(),
            contacts,
            on_paydays,
            period_days,
            payday_dates,
        },
        weeks: series,
        trend,
        escalating,
        hidden_calls,
        incoming_calls,
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

impl PatternFacts {
    /// The facts as sentences, in both languages; facts without data are
    /// left out.
    pub fn sentences(&self) -> Vec<Text> {
        let mut out = Vec::new();
        let p = &self.paydays;
        if p.contacts > 0 {
            let days_zh: Vec<String> = p.days.iter().map(|d| format!("{d}日")).collect();
            let days_en: Vec<String> = p.days.iter().map(i8::to_string).collect();
            out.push(Text {
                zh: format!(
                    "发薪日（每月 {}）的催收联系有 {} 次，占全部 {} 次的 {}；这些日子只占期间 {} 天中的 {} 天（{}）。",
                    days_zh.join("、"),
                    p.on_paydays,
                    p.contacts,
                    percent(p.on_paydays, p.contacts),
                    p.period_days,
                    p.payday_dates,
                    percent(p.payday_dates, p.period_days)
                ),
                en: format!(
                    "{} of {} collection contacts ({}) fell on paydays (days {} of the month), which are {} of the {} days in the period ({}).",
                    p.on_paydays,
                    p.contacts,
                    percent(p.on_paydays, p.contacts),
                    days_en.join(", "),
                    p.payday_dates,
                    p.period_days,
                    percent(p.payday_dates, p.period_days)
                ),
            });
        }
        if let (Some(first), Some(last)) = (self.weeks.first(), self.weeks.last()) {
            let counts: Vec<String> = self.weeks.iter().map(|w| w.contacts.to_string()).collect();
            out.push(if self.escalating {
                Text {
                    zh: format!(
                        "催收在升级：每周联系次数从 {} 当周的 {} 次增至 {} 当周的 {} 次（各周依次为 {}）。",
                        date(first.start, Lang::Zh),
                        first.contacts,
                        date(last.start, Lang::Zh),
                        last.contacts,
                        counts.join("、")
                    ),
                    en: format!(
                        "Collection is escalating: weekly contacts rose from {} in the week of {} to {} in the week of {} (week by week: {}).",
                        first.contacts,
                        date(first.start, Lang::En),
                        last.contacts,
                        date(last.start, Lang::En),
                        counts.join(", ")
                    ),
                }
            } else {
                Text {
                    zh: format!("每周催收联系次数依次为 {}。", counts.join("、")),
                    en: format!("Collection contacts per week: {}.", counts.join(", ")),
                }
            });
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
        out
    }
}
