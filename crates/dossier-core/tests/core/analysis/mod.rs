//! The analysis: every rule of both packs at its edges, collection contacts
//! and suspected collectors, text rules quoting their words, pattern facts,
//! statistics, pack validation, and the lexicons measured on a corpus.
//!
//! Cases are built the way a user builds them: exports imported through the
//! importers, parties labelled with `party::set`.

mod cn;
mod notes;
mod packs;
mod patterns;
mod text;
mod us;

use crate::import::{Call, calls_xml, escape};
use crate::support::{CLOCK, Fixture};
use dossier_core::analysis::{self, Data, Finding, Lang, Pack, PackError, Report};
use dossier_core::evidence::ingest::Silent;
use dossier_core::import::{self, ImportOptions, Owner};
use dossier_core::people::party::{self, PartyUpdate, Role};
use dossier_core::{InitOptions, Rules};
use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use std::fmt::Write as _;

/// Android call types.
const IN: u8 = 1;
const OUT: u8 = 2;
const MISSED: u8 = 3;

const AGENCY_A: &str = "17055511020";
const AGENCY_B: &str = "17055512030";
const OTHER_LENDER: &str = "17055513040";
const SISTER: &str = "13800138000";
const US_COLLECTOR: &str = "+1 212 555 0100";
const US_SISTER: &str = "+1 917 555 0111";

/// A case being built: a fixture and its zone.
struct Case {
    f: Fixture,
    zone: TimeZone,
    imports: usize,
}

impl Case {
    fn cn() -> Case {
        Case::new(Rules::Cn)
    }

    fn us() -> Case {
        Case::new(Rules::Us)
    }

    fn new(rules: Rules) -> Case {
        let f = Fixture::with(&InitOptions {
            rules,
            ..InitOptions::default()
        });
        let zone = f.case.info().time_zone.clone();
        Case {
            f,
            zone,
            imports: 0,
        }
    }

    /// Milliseconds of a local wall-clock time in the case's zone.
    fn ms(&self, local: &str) -> i64 {
        let dt: DateTime = local
            .parse()
            .expect("a local time like 2026-03-05T21:59:59");
        dt.to_zoned_datetime(self.zone.clone())
            .expect("a time that exists")
            .timestamp()
            .as_millisecond()
    }

    /// Imports calls `(number, local time, type, seconds)` recorded on the
    /// phone of `owner` (`None`: the debtor).
    fn calls(&mut self, owner: Option<&str>, calls: &[(&str, &str, u8, u64)]) -> &mut Case {
        let calls: Vec<Call> = calls
            .iter()
            .map(|&(number, at, kind, seconds)| Call::new(number, self.ms(at), seconds, kind))
            .collect();
        self.import(owner, "calls", &calls_xml(&calls));
        self
    }

    /// Imports messages `(number, local time, type, body)`; type 1 is
    /// received, 2 sent.
    fn messages(&mut self, owner: Option<&str>, messages: &[(&str, &str, u8, &str)]) -> &mut Case {
        let mut xml = format!(
            "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"{}\">\n",
            messages.len()
        );
        for &(number, at, kind, body) in messages {
            let _ = writeln!(
                xml,
                "  <sms protocol=\"0\" address=\"{}\" date=\"{}\" type=\"{kind}\" body=\"{}\" read=\"1\" contact_name=\"(Unknown)\" />",
                escape(number),
                self.ms(at),
                escape(body)
            );
        }
        xml.push_str("</smses>\n");
        self.import(owner, "sms", &xml);
        self
    }

    fn import(&mut self, owner: Option<&str>, kind: &str, xml: &str) {
        self.imports += 1;
        let path = self
            .f
            .file(&format!("{kind}-{}.xml", self.imports), xml.as_bytes());
        let options = ImportOptions {
            owner: owner.map_or(Owner::Debtor, |o| Owner::Party(o.to_owned())),
            ..ImportOptions::default()
        };
        import::import(
            &mut self.f.case,
            &path,
            &options,
            &CLOCK,
            "tester",
            &mut Silent,
        )
        .expect("import");
    }

    /// Adds a typed note: `(local time, channel, party, contributor,
    /// reached, text)`.
    fn note(
        &mut self,
        at: &str,
        channel: dossier_core::evidence::note::Channel,
        party: Option<&str>,
        contributor: &str,
        reached: Option<&str>,
        text: &str,
    ) -> &mut Case {
        let zone = self.zone.clone();
        let input = dossier_core::evidence::note::NoteInput {
            text: text.into(),
            at: dossier_core::when::parse(&at.replace('T', " "), &zone, "Asia/Shanghai")
                .expect("time"),
            channel,
            party: party.map(Into::into),
            contributor: Some(contributor.into()),
            reached: reached.map(Into::into),
        };
        dossier_core::evidence::note::add_note(&mut self.f.case, &input, &CLOCK, "tester")
            .expect("note");
        self
    }

    fn label(
        &mut self,
        who: &str,
        role: Role,
        name: Option<&str>,
        group: Option<&str>,
    ) -> &mut Case {
        let update = PartyUpdate {
            role: Some(role),
            name: name.map(str::to_owned),
            group: group.map(str::to_owned),
            ..PartyUpdate::default()
        };
        party::set(&mut self.f.case, who, &update, &CLOCK, "tester").expect("label");
        self
    }

    /// Two agencies of one lender, and another lender's collector.
    fn collectors(&mut self) -> &mut Case {
        self.label(AGENCY_A, Role::Agency, None, Some("青禾借款"))
            .label(AGENCY_B, Role::Agency, None, Some("青禾借款"))
            .label(OTHER_LENDER, Role::Collector, None, Some("易速花"))
    }

    fn data(&self) -> Data {
        Data::load(&self.f.case).expect("load")
    }

    fn report(&self) -> Report {
        let pack = Pack::builtin(self.f.case.info().rules);
        analysis::check(&self.data(), &pack)
    }
}

fn findings<'r>(report: &'r Report, rule: &str) -> &'r [Finding] {
    &report
        .rules
        .iter()
        .find(|r| r.rule.id == rule)
        .unwrap_or_else(|| panic!("the pack has {rule}"))
        .findings
}

/// Asserts that a rule made one finding of `events` events, or none.
#[track_caller]
fn assert_fires(report: &Report, rule: &str, events: Option<u64>, why: impl std::fmt::Display) {
    assert_eq!(
        counts(report, rule),
        events.into_iter().collect::<Vec<_>>(),
        "{rule}: {why}"
    );
}

/// How many events each finding of a rule cites.
fn counts(report: &Report, rule: &str) -> Vec<u64> {
    findings(report, rule).iter().map(|f| f.count).collect()
}
