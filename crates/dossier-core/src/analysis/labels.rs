//! Labels the records contradict: a number the user labelled as one
//! company whose own messages are signed by another (【…】), or whose
//! caller, in a message or a typed note, names themselves as another
//! ("自称鼎信资产管理", "我是易速花的"). Not a finding: a list the findings
//! page prints, so that a lawyer checks the label before relying on it.

use crate::analysis::pack::{Lang, Text};
use crate::analysis::quote::quoted;
use crate::analysis::render::date;
use crate::analysis::text::TextMatch;
use crate::analysis::{Data, Direction, Party};
use crate::people::party::{Basis, Role};
use jiff::civil::DateTime;
use std::collections::BTreeMap;

/// How a record names the other company.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Claim {
    /// An SMS signed 【…】 by it.
    Signature,
    /// The caller's own words: "自称…", "我是…", "这里是…".
    SelfNamed,
}

/// One party whose label some of its records contradict.
#[derive(Debug, Clone, PartialEq)]
pub struct Contradiction {
    /// Index into [`Data::parties`].
    pub party: u32,
    /// The company the party is labelled with.
    pub label: String,
    /// Why the label is true, as recorded (`User` when none was).
    pub basis: Basis,
    pub basis_source: Option<String>,
    /// The company the records name instead.
    pub claimed: String,
    pub claim: Claim,
    /// The events that name it, in time order, as indices into
    /// [`Data::events`].
    pub events: Vec<u32>,
    /// Every exhibit that shows one of them, ascending.
    pub exhibits: Vec<i64>,
    /// The first of them: when, and its words with the name marked 〔…〕.
    pub first_at: DateTime,
    pub quote: String,
}

/// Words that, just before a company's name, make it the speaker's own.
const SELF_CUES: [&str; 7] = [
    "自称",
    "我是",
    "我们是",
    "这里是",
    "称是",
    "我方是",
    "本公司",
];
/// How far before the name a cue may end, in bytes (a few characters:
/// "自称是", "我是你的").
const CUE_REACH: usize = 9;

/// The short form people say: "鼎信资产管理有限公司" is "鼎信".
fn short_form(name: &str) -> &str {
    const SUFFIXES: [&str; 9] = [
        "有限责任公司",
        "股份有限公司",
        "有限公司",
        "公司",
        "资产管理",
        "信息科技",
        "科技",
        "金融",
        "借款",
    ];
    let mut short = name.trim();
    loop {
        let before = short;
        for s in SUFFIXES {
            if let Some(rest) = short.strip_suffix(s)
                && rest.chars().count() >= 2
            {
                short = rest;
            }
        }
        if short == before {
            return short;
        }
    }
}

/// The company a party is labelled with: its group, or the name of a
/// lender or agency.
fn company(p: &Party) -> Option<&str> {
    p.group
        .as_deref()
        .or_else(|| {
            matches!(p.role, Some(Role::Lender | Role::Agency))
                .then_some(p.name.as_deref())
                .flatten()
        })
        .map(str::trim)
        .filter(|c| !c.is_empty())
}

/// Where in `body` the record names `name` as its own, if it does.
fn claims(body: &str, name: &str) -> Option<(Claim, usize, usize)> {
    for (start, found) in body.match_indices(name) {
        let end = start + found.len();
        let before = &body[..start];
        if before.ends_with('【') && body[end..].starts_with('】') {
            return Some((Claim::Signature, start, end));
        }
        let near = before.len().saturating_sub(CUE_REACH);
        let near = (near..=before.len())
            .find(|&i| before.is_char_boundary(i))
            .unwrap_or(before.len());
        if SELF_CUES.iter().any(|cue| before[near..].contains(cue)) {
            return Some((Claim::SelfNamed, start, end));
        }
    }
    None
}

/// Every labelled party whose records name another company of the case as
/// their own.
pub fn find(data: &Data) -> Vec<Contradiction> {
    // Every company the case knows, with the forms it is written in.
    let mut companies: Vec<(&str, Vec<&str>)> = Vec::new();
    for p in &data.parties {
        if let Some(c) = company(p)
            && !companies.iter().any(|(known, _)| *known == c)
        {
            let short = short_form(c);
            let forms = if short == c { vec![c] } else { vec![c, short] };
            companies.push((c, forms));
        }
    }
    if companies.len() < 2 {
        return Vec::new();
    }
    let mut found: BTreeMap<(u32, String), Contradiction> = BTreeMap::new();
    for (index, e) in data.events.iter().enumerate() {
        let (Some(pi), Some(body)) = (e.party, e.body.as_deref()) else {
            continue;
        };
        if e.direction == Some(Direction::Out) {
            continue;
        }
        let party = data.party(pi);
        let Some(label) = company(party) else {
            continue;
        };
        let label_short = short_form(label);
        for (other, forms) in &companies {
            let other_short = short_form(other);
            // One company written two ways is not two companies.
            if *other == label
                || other_short == label_short
                || other.contains(label_short)
                || label.contains(other_short)
            {
                continue;
            }
            // The record that also names its label is not a contradiction
            // ("鼎信受青禾借款委托").
            if body.contains(label_short) {
                continue;
            }
            let Some((claim, start, end)) = forms.iter().find_map(|f| claims(body, f)) else {
                continue;
            };
            let entry = found.entry((pi, (*other).to_owned())).or_insert_with(|| {
                let mark = TextMatch {
                    category: String::new(),
                    start,
                    end,
                    words: body[start..end].to_owned(),
                };
                let basis = party.basis.as_ref();
                Contradiction {
                    party: pi,
                    label: label.to_owned(),
                    basis: basis.map_or(Basis::User, |b| b.basis),
                    basis_source: basis.and_then(|b| b.source.clone()),
                    claimed: (*other).to_owned(),
                    claim,
                    events: Vec::new(),
                    exhibits: Vec::new(),
                    first_at: e.local,
                    quote: quoted(body, &[&mark]),
                }
            });
            entry.claim = entry.claim.min(claim);
            entry.events.push(index as u32);
            entry.exhibits.extend(data.sources(e).map(|(x, _)| x));
        }
    }
    let mut out: Vec<Contradiction> = found.into_values().collect();
    out.sort_by_key(|c| (c.first_at, c.party));
    for c in &mut out {
        c.exhibits.sort_unstable();
        c.exhibits.dedup();
    }
    out
}

impl Contradiction {
    /// What the findings page says, in both languages.
    pub fn sentence(&self, data: &Data) -> Text {
        let p = data.party(self.party);
        let number = crate::people::party::display_key(&p.key);
        let who = match &p.name {
            Some(name) => format!("{name} ({number})"),
            None => number.to_owned(),
        };
        let (basis_zh, basis_en) = self.basis.describe();
        let (source_zh, source_en) = match &self.basis_source {
            Some(s) => (format!("：{s}"), format!(": {s}")),
            None => (String::new(), String::new()),
        };
        let (claim_zh, claim_en) = match self.claim {
            Claim::Signature => ("短信签名", "by its SMS signature"),
            Claim::SelfNamed => ("对方自称", "in the caller's own words"),
        };
        let n = self.events.len();
        let time = self.first_at.strftime("%H:%M").to_string();
        Text {
            zh: format!(
                "{who} 标为「{}」（依据：{basis_zh}{source_zh}），但有 {n} 条记录显示其为「{}」（{claim_zh}），最早一条在 {} {time}：“{}”。请先核实该号码属于哪家公司，再依据此标注。",
                self.label,
                self.claimed,
                date(self.first_at.date(), Lang::Zh),
                self.quote
            ),
            en: format!(
                "{who} is labelled {} (basis: {basis_en}{source_en}), but {n} of its records name it {} ({claim_en}); the first, on {} at {time}: “{}”. Check which company the number belongs to before relying on the label.",
                self.label,
                self.claimed,
                date(self.first_at.date(), Lang::En),
                self.quote
            ),
        }
    }
}
