//! The commands that say what the case shows and who is who: `set` (the
//! borrower's paydays and written requests to stop), `party` (labels and their basis), `check` (the
//! findings, suspects, pattern facts and contradicted labels) and `stats`.

use crate::args::{self, PartyAction, RoleArg};
use crate::i18n::Lang;
use crate::{Exit, default_actor, fail, json, open_case};
use dossier_core::clock::Clock;
use dossier_core::{Case, CaseError, analysis};
use std::io::Write;
use std::path::Path;

pub(crate) fn set_cmd(lang: Lang, clock: &dyn Clock, a: args::SetArgs) -> Exit {
    use dossier_core::people::{cease, payday};
    if a.paydays.is_none() && a.cease.is_none() {
        fail(lang.set_nothing());
        return Exit::BadInput;
    }
    // Everything typed is read before the case is touched.
    let days = match a.paydays.as_deref().map(payday::parse).transpose() {
        Ok(days) => days,
        Err(e) => {
            fail(lang.payday_error(&e));
            return Exit::BadInput;
        }
    };
    let request = match (&a.cease, &a.received, a.withdraw) {
        (Some(collector), Some(received), false) => match cease::parse_received(received) {
            Ok(received) => Some(cease::CeaseRequest {
                collector: collector.clone(),
                received,
                source: a.source.clone(),
            }),
            Err(e) => {
                fail(lang.cease_error(&e));
                return Exit::BadInput;
            }
        },
        (Some(_), None, false) => {
            fail(lang.cease_needs_received());
            return Exit::BadInput;
        }
        _ => None,
    };
    let mut case = match open_case(lang, &a.case) {
        Ok(case) => case,
        Err(exit) => return exit,
    };
    if let Some(days) = days {
        match payday::set(&mut case, &days, clock, &default_actor()) {
            Ok(days) => say!("{}", lang.paydays_set(&days)),
            Err(e) => {
                fail(lang.payday_error(&e));
                return Exit::BadInput;
            }
        }
    }
    let done = match (&a.cease, request) {
        (_, Some(request)) => cease::record(&mut case, &request, clock, &default_actor())
            .map(|r| say!("{}", lang.cease_recorded(&r))),
        (Some(collector), None) => cease::withdraw(&mut case, collector, clock, &default_actor())
            .map(|r| say!("{}", lang.cease_withdrawn(&r))),
        (None, None) => Ok(()),
    };
    match done {
        Ok(()) => Exit::Success,
        Err(e) => {
            fail(lang.cease_error(&e));
            match e {
                cease::CeaseError::Record(_) => Exit::Integrity,
                _ => Exit::BadInput,
            }
        }
    }
}

pub(crate) fn party_cmd(lang: Lang, clock: &dyn Clock, a: args::PartyArgs) -> Exit {
    use dossier_core::people::party::{self, PartyUpdate, Role};
    let mut case = match open_case(lang, &a.case) {
        Ok(case) => case,
        Err(exit) => return exit,
    };
    match a.action {
        PartyAction::Set {
            who,
            role,
            name,
            group,
            basis,
            source,
        } => {
            if role.is_none() && name.is_none() && group.is_none() && basis.is_none() {
                fail(lang.party_nothing_to_set());
                return Exit::BadInput;
            }
            let update = PartyUpdate {
                role: role.map(|r| match r {
                    RoleArg::Lender => Role::Lender,
                    RoleArg::Agency => Role::Agency,
                    RoleArg::Collector => Role::Collector,
                    RoleArg::Debtor => Role::Debtor,
                    RoleArg::Guarantor => Role::Guarantor,
                    RoleArg::Spouse => Role::Spouse,
                    RoleArg::Family => Role::Family,
                    RoleArg::Friend => Role::Friend,
                    RoleArg::Colleague => Role::Colleague,
                    RoleArg::Employer => Role::Employer,
                    RoleArg::Other => Role::Other,
                }),
                name: name.filter(|n| !n.trim().is_empty()),
                group: group.filter(|g| !g.trim().is_empty()),
                basis: basis.map(|b| party::LabelBasis {
                    basis: match b {
                        args::BasisArg::User => party::Basis::User,
                        args::BasisArg::Signature => party::Basis::Signature,
                        args::BasisArg::Caller => party::Basis::Caller,
                        args::BasisArg::Regulator => party::Basis::Regulator,
                    },
                    source: source.filter(|s| !s.trim().is_empty()),
                }),
            };
            match party::set(&mut case, &who, &update, clock, &default_actor()) {
                Ok(row) => {
                    say!("{}", lang.party_line(&row));
                    Exit::Success
                }
                Err(e) => {
                    fail(lang.party_error(&e));
                    Exit::BadInput
                }
            }
        }
        PartyAction::List { json } => {
            let rows = match party::list(&case) {
                Ok(rows) => rows,
                Err(e) => {
                    fail(lang.case_error(&CaseError::Sqlite {
                        context: "reading the parties",
                        source: e,
                    }));
                    return Exit::Integrity;
                }
            };
            if json {
                println!("{}", json::parties(&rows));
            } else if rows.is_empty() {
                say!("{}", lang.parties_empty());
            } else {
                for row in &rows {
                    say!("{}", lang.party_line(row));
                }
            }
            // The written requests to stop, which bind these parties.
            if !json {
                match dossier_core::people::cease::list(case.conn()) {
                    Ok(requests) => {
                        for r in &requests {
                            say!("{}", lang.cease_line(r));
                        }
                    }
                    Err(e) => {
                        fail(lang.case_error(&CaseError::Sqlite {
                            context: "reading the requests to stop",
                            source: e,
                        }));
                        return Exit::Integrity;
                    }
                }
            }
            Exit::Success
        }
    }
}

/// Opens a case and reads it for analysis, with the pack to judge it by.
fn load_analysis(
    lang: Lang,
    path: &Path,
    rules: Option<&str>,
) -> Result<(Case, analysis::Data, analysis::Pack), Exit> {
    let case = open_case(lang, path)?;
    let pack = match rules {
        Some(name) => analysis::Pack::load(name).map_err(|e| {
            fail(lang.pack_error(&e));
            Exit::BadInput
        })?,
        None => analysis::Pack::builtin(case.info().rules),
    };
    let data = analysis::Data::load(&case).map_err(|e| {
        fail(lang.case_error(&CaseError::Sqlite {
            context: "reading the events",
            source: e,
        }));
        Exit::Integrity
    })?;
    Ok((case, data, pack))
}

pub(crate) fn check_cmd(lang: Lang, a: args::CheckArgs) -> Exit {
    let (case, data, pack) = match load_analysis(lang, &a.case, a.rules.as_deref()) {
        Ok(loaded) => loaded,
        Err(exit) => return exit,
    };
    let report = analysis::check(&data, &pack);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if a.json {
        let _ = json::write_check(&mut out, case.info(), &data, &report);
        return Exit::Success;
    }
    let al = lang.analysis();
    let case_arg = a.case.display().to_string();
    let _ = say_to!(
        out,
        "{}",
        lang.check_header(
            report.pack_name.get(al),
            &report.pack,
            &report.time_zone,
            report.events,
            report.collection_contacts
        )
    );
    if report.collection_contacts == 0 {
        let _ = say_to!(out, "\n{}", lang.no_collection_parties(&case_arg));
    }
    let _ = say_to!(out, "{}", dossier_core::export::words::MARKS.get(al));
    for result in &report.rules {
        let rule = &result.rule;
        let _ = say_to!(
            out,
            "\n{}",
            lang.rule_heading(
                &rule.id,
                rule.title.get(al),
                rule.confidence.mark(),
                result.findings.len(),
                result.events()
            )
        );
        let sources: Vec<String> = rule
            .sources
            .iter()
            .map(|s| format!("{} [{}]", s.cite.get(al), s.confidence.mark()))
            .collect();
        let _ = say_to!(out, "  {}", lang.sources_line(&sources));
        if let Some(summary) = &result.summary {
            let _ = say_to!(out, "  {}", summary.get(al));
        }
        for f in &result.findings {
            let _ = say_to!(out, "  · {}", f.sentence.get(al));
            let _ = say_to!(out, "    {}", lang.exhibits_line(&cited_exhibits(&data, f)));
        }
    }
    if !report.suspects.is_empty() {
        let _ = say_to!(out, "\n{}", lang.suspects_heading());
        for s in &report.suspects {
            let reasons: Vec<String> = s.reasons.iter().map(|r| r.describe(al)).collect();
            let sep = if lang == Lang::Zh { "；" } else { "; " };
            let _ = say_to!(out, "  · {} — {}", s.label(al), reasons.join(sep));
            let _ = say_to!(
                out,
                "    {}",
                lang.suspect_hint(
                    &case_arg,
                    s.key
                        .as_deref()
                        .map(dossier_core::people::party::display_key)
                )
            );
        }
    }
    let sentences = report.patterns.sentences();
    if !sentences.is_empty() {
        let _ = say_to!(out, "\n{}", lang.patterns_heading());
        for s in &sentences {
            let _ = say_to!(out, "  · {}", s.get(al));
        }
    }
    if !report.contradictions.is_empty() {
        let _ = say_to!(out, "\n{}", lang.contradictions_heading());
        for c in &report.contradictions {
            let _ = say_to!(out, "  · {}", c.sentence(&data).get(al));
            let exhibits: Vec<String> = c.exhibits.iter().map(|x| format!("#{x}")).collect();
            let _ = say_to!(out, "    {}", lang.contradiction_exhibits(&exhibits));
        }
    }
    Exit::Success
}

/// The exhibits a finding cites with the first records of each.
fn cited_exhibits(data: &analysis::Data, f: &analysis::Finding) -> Vec<(i64, Vec<String>, usize)> {
    const SHOWN: usize = 4;
    let mut by_exhibit: std::collections::BTreeMap<i64, Vec<&str>> = Default::default();
    for &i in &f.events {
        for (exhibit, record) in data.sources(&data.events[i as usize]) {
            by_exhibit.entry(exhibit).or_default().push(record);
        }
    }
    by_exhibit
        .into_iter()
        .map(|(exhibit, records)| {
            let more = records.len().saturating_sub(SHOWN);
            (
                exhibit,
                records.into_iter().take(SHOWN).map(str::to_owned).collect(),
                more,
            )
        })
        .collect()
}

pub(crate) fn stats_cmd(lang: Lang, a: args::StatsArgs) -> Exit {
    use analysis::pack::Channel;
    use dossier_core::import::Direction;
    let (case, data, pack) = match load_analysis(lang, &a.case, None) {
        Ok(loaded) => loaded,
        Err(exit) => return exit,
    };
    let stats = analysis::stats::stats(&data, &pack);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if a.json {
        let _ = writeln!(out, "{}", json::stats(case.info(), &stats));
        return Exit::Success;
    }
    let al = lang.analysis();
    let channels: Vec<String> = stats
        .by_channel
        .iter()
        .map(|(c, n)| format!("{} {n}", analysis::render::channel_name(*c, al)))
        .collect();
    let sep = if lang == Lang::Zh { "、" } else { ", " };
    let _ = say_to!(
        out,
        "{}",
        lang.stats_header(&stats.time_zone, stats.events, &channels.join(sep))
    );
    let when =
        |t: Option<jiff::civil::DateTime>| t.map(|t| t.strftime("%Y-%m-%d %H:%M:%S").to_string());
    let _ = say_to!(
        out,
        "{}",
        lang.stats_contacts(
            stats.collection_contacts,
            when(stats.first_contact).as_deref(),
            when(stats.last_contact).as_deref()
        )
    );
    let _ = say_to!(
        out,
        "{}",
        lang.stats_numbers(
            stats.numbers,
            stats.collection_numbers,
            stats.hidden_events,
            stats.third_parties_reached
        )
    );
    let _ = say_to!(out, "\n{}", lang.stats_days_heading());
    let mut days: std::collections::BTreeMap<jiff::civil::Date, [u64; 7]> = Default::default();
    for d in &stats.days {
        let row = days.entry(d.date).or_default();
        let slot = match (d.channel, d.direction) {
            (Channel::Call, Some(Direction::In)) => 0,
            (Channel::Call, Some(Direction::Out)) => 2,
            (Channel::Call, Some(_)) => 1,
            (c, Some(Direction::Out)) if c.is_text() => 4,
            (c, _) if c.is_text() => 3,
            _ => 5,
        };
        row[slot] += d.count;
        row[6] += d.collection;
    }
    for (date, row) in &days {
        let _ = say_to!(out, "  {}", lang.stats_day(&lang.day(*date), *row));
    }
    let _ = say_to!(out, "\n{}", lang.stats_hours_heading());
    let peak = stats
        .hours
        .iter()
        .map(|h| h.incoming)
        .max()
        .unwrap_or(0)
        .max(1);
    for h in &stats.hours {
        let bar = "█".repeat(((h.incoming * 40).div_ceil(peak)) as usize);
        let _ = say_to!(
            out,
            "  {:02} {} {bar} {} ({})",
            h.hour,
            if h.night { '*' } else { ' ' },
            h.incoming,
            h.collection
        );
    }
    if !stats.parties.is_empty() {
        let _ = say_to!(out, "\n{}", lang.stats_parties_heading());
        for p in &stats.parties {
            let who = match &p.name {
                Some(name) => format!(
                    "{} {name}",
                    dossier_core::people::party::display_key(&p.key)
                ),
                None => dossier_core::people::party::display_key(&p.key).to_owned(),
            };
            let talk = format!(
                "{}:{:02}:{:02}",
                p.talk_seconds / 3600,
                p.talk_seconds / 60 % 60,
                p.talk_seconds % 60
            );
            let _ = say_to!(
                out,
                "  {who} [{}{}]  {}/{}/{}  {}/{}  {talk}",
                lang.role_or_unlabelled(p.role),
                p.group
                    .as_ref()
                    .map(|g| format!(" · {g}"))
                    .unwrap_or_default(),
                p.calls_in,
                p.calls_unanswered,
                p.calls_out,
                p.messages_in,
                p.messages_out,
            );
        }
    }
    Exit::Success
}
