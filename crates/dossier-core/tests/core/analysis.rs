//! The analysis: every rule of both packs at its edges, collection contacts
//! and suspected collectors, text rules quoting their words, pattern facts,
//! statistics, pack validation, and the lexicons measured on a corpus.
//!
//! Cases are built the way a user builds them: exports imported through the
//! importers, parties labelled with `party::set`.

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

#[test]
fn cn_night_runs_from_22_00_to_08_00() {
    for (time, night) in [
        ("2026-03-05T21:59:59", false),
        ("2026-03-05T22:00:00", true),
        ("2026-03-06T07:59:59", true),
        ("2026-03-06T08:00:00", false),
        ("2026-03-06T00:00:00", true),
        ("2026-03-06T12:00:00", false),
    ] {
        let mut c = Case::cn();
        c.collectors().calls(None, &[(AGENCY_A, time, MISSED, 0)]);
        let report = c.report();
        assert_fires(&report, "CN-HOURS", night.then_some(1), "a call at {time}");
    }
}

#[test]
fn a_night_is_one_finding_across_midnight_with_the_calls_cited() {
    let mut c = Case::cn();
    c.collectors().calls(
        None,
        &[
            (AGENCY_A, "2026-03-05T22:10:00", MISSED, 0),
            (AGENCY_B, "2026-03-06T01:20:00", IN, 30),
            (AGENCY_A, "2026-03-06T09:00:00", IN, 30),
            (AGENCY_A, "2026-03-06T23:30:00", MISSED, 0),
        ],
    );
    let data = c.data();
    let report = analysis::check(&data, &Pack::builtin(Rules::Cn));
    let nights = findings(&report, "CN-HOURS");
    assert_eq!(nights.len(), 2, "the nights of 5 and 6 March");
    assert_eq!(
        nights[0].count, 2,
        "22:10 and 01:20 the next morning are one night"
    );
    assert_eq!(
        nights[0].sentence.zh,
        "2026年3月5日夜间（22:00 至次日 08:00），催收方联系债务人 2 次（电话2次），时间为 22:10:00、次日01:20:00。"
    );
    assert_eq!(
        nights[0].sentence.en,
        "In the night of 5 March 2026 (22:00 to 08:00), collectors contacted the debtor twice (2 calls), at 22:10:00, 01:20:00 (next day)."
    );
    let records: Vec<&str> = nights[0]
        .events
        .iter()
        .flat_map(|&i| data.sources(&data.events[i as usize]))
        .map(|(_, record)| record)
        .collect();
    assert_eq!(
        records,
        ["call #1", "call #2"],
        "the finding cites the exact records"
    );
    assert_eq!(nights[0].exhibits.len(), 1, "one export shows them");
}

#[test]
fn a_night_all_after_midnight_still_says_next_day() {
    let mut c = Case::cn();
    c.collectors().calls(
        None,
        &[
            (AGENCY_A, "2026-03-06T00:40:00", MISSED, 0),
            (AGENCY_B, "2026-03-06T01:20:00", MISSED, 0),
        ],
    );
    let report = c.report();
    let nights = findings(&report, "CN-HOURS");
    assert_eq!(nights.len(), 1);
    assert_eq!(
        nights[0].sentence.zh,
        "2026年3月5日夜间（22:00 至次日 08:00），催收方联系债务人 2 次（电话2次），时间为 次日00:40:00、次日01:20:00。"
    );
    assert!(
        nights[0]
            .sentence
            .en
            .ends_with("at 00:40:00 (next day), 01:20:00 (next day)."),
        "{}",
        nights[0].sentence.en
    );
}

#[test]
fn the_debtors_own_calls_and_unlabelled_numbers_are_not_collection_contacts() {
    let mut c = Case::cn();
    c.collectors().calls(
        None,
        &[
            (AGENCY_A, "2026-03-05T23:00:00", OUT, 60),
            ("13912345678", "2026-03-05T23:10:00", IN, 60),
        ],
    );
    let report = c.report();
    assert_eq!(
        counts(&report, "CN-HOURS"),
        Vec::<u64>::new(),
        "calling a collector back, or a friend calling, is not collection"
    );
    assert_eq!(report.collection_contacts, 0);
}

#[test]
fn cn_attempts_fire_at_7_a_day_not_6() {
    for (calls, fires) in [(6, false), (7, true)] {
        let mut c = Case::cn();
        let times: Vec<String> = (0..calls)
            .map(|i| format!("2026-03-05T{:02}:15:00", 9 + i))
            .collect();
        let rows: Vec<(&str, &str, u8, u64)> = times
            .iter()
            .map(|t| (AGENCY_A, t.as_str(), MISSED, 0))
            .collect();
        c.collectors().calls(None, &rows);
        let report = c.report();
        assert_fires(
            &report,
            "CN-ATTEMPTS-6",
            fires.then_some(calls),
            "{calls} attempts",
        );
        if fires {
            let f = &findings(&report, "CN-ATTEMPTS-6")[0];
            assert!(
                f.sentence
                    .zh
                    .contains("青禾借款方面拨打债务人的号码 7 次（其中 7 次未接通）"),
                "{}",
                f.sentence.zh
            );
        }
    }
}

#[test]
fn cn_attempts_sum_a_lenders_agencies_but_not_two_lenders() {
    let mut c = Case::cn();
    let mut rows = Vec::new();
    let times: Vec<String> = (0..8)
        .map(|i| format!("2026-03-05T{:02}:15:00", 9 + i))
        .collect();
    for (i, t) in times.iter().enumerate() {
        // 4 + 4 from the two agencies of 青禾借款 on the 5th.
        rows.push((
            if i % 2 == 0 { AGENCY_A } else { AGENCY_B },
            t.as_str(),
            MISSED,
            0,
        ));
    }
    let other: Vec<String> = (0..8)
        .map(|i| format!("2026-03-06T{:02}:15:00", 9 + i))
        .collect();
    for (i, t) in other.iter().enumerate() {
        // 4 from 青禾借款 and 4 from 易速花 on the 6th.
        rows.push((
            if i % 2 == 0 { AGENCY_A } else { OTHER_LENDER },
            t.as_str(),
            MISSED,
            0,
        ));
    }
    c.collectors().calls(None, &rows);
    assert_eq!(
        counts(&c.report(), "CN-ATTEMPTS-6"),
        vec![8],
        "only the 5th: one lender, 8 attempts"
    );
}

#[test]
fn cn_connected_calls_fire_at_4_summed_over_a_lenders_agencies() {
    for (a, b, fires) in [(2, 1, false), (2, 2, true), (3, 0, false), (4, 0, true)] {
        let mut c = Case::cn();
        let mut rows = Vec::new();
        let times: Vec<String> = (0..a + b)
            .map(|i| format!("2026-03-05T{:02}:00:00", 9 + i))
            .collect();
        for (i, t) in times.iter().enumerate() {
            rows.push((if i < a { AGENCY_A } else { AGENCY_B }, t.as_str(), IN, 45));
        }
        // Unanswered calls are attempts, not connected calls.
        rows.push((AGENCY_A, "2026-03-05T20:00:00", MISSED, 0));
        c.collectors().calls(None, &rows);
        let total = (a + b) as u64;
        assert_fires(
            &c.report(),
            "CN-CONNECTED-3",
            fires.then_some(total),
            "{a} + {b} connected calls from two agencies of one lender",
        );
    }
}

#[test]
fn connected_calls_count_only_on_the_debtors_phone() {
    let mut c = Case::cn();
    let rows: Vec<(&str, &str, u8, u64)> = ["09", "10", "11", "12"]
        .iter()
        .map(|h| {
            (
                AGENCY_A,
                if *h == "09" {
                    "2026-03-05T09:00:00"
                } else if *h == "10" {
                    "2026-03-05T10:00:00"
                } else if *h == "11" {
                    "2026-03-05T11:00:00"
                } else {
                    "2026-03-05T12:00:00"
                },
                IN,
                30,
            )
        })
        .collect();
    c.collectors().calls(Some(SISTER), &rows);
    c.label(SISTER, Role::Family, Some("王芳"), None);
    let report = c.report();
    assert!(
        counts(&report, "CN-CONNECTED-3").is_empty(),
        "the sister's phone is not the debtor's"
    );
    assert_eq!(
        counts(&report, "CN-THIRD-PARTY"),
        vec![4],
        "but every call to her is third-party contact"
    );
}

#[test]
fn an_import_from_a_relatives_phone_makes_third_party_findings() {
    let mut c = Case::cn();
    c.collectors()
        .calls(Some(SISTER), &[(AGENCY_A, "2026-03-05T22:30:00", IN, 20)])
        .messages(
            Some(SISTER),
            &[(
                AGENCY_B,
                "2026-03-06T10:00:00",
                1,
                "王女士您好，您弟弟李明在青禾借款欠款8000元已逾期，请转告他尽快还款。",
            )],
        );
    c.label(SISTER, Role::Family, Some("王芳"), None);
    let report = c.report();
    let third = findings(&report, "CN-THIRD-PARTY");
    assert_eq!(third.len(), 1);
    assert_eq!(third[0].person.as_deref(), Some("tel:+8613800138000"));
    assert_eq!(
        third[0].sentence.zh,
        "催收方联系了王芳 (+8613800138000)（家人）2 次（电话1次、短信1次），从 2026年3月5日 22:30:00 到 2026年3月6日 10:00:00。"
    );
    let summary = &report
        .rules
        .iter()
        .find(|r| r.rule.id == "CN-THIRD-PARTY")
        .expect("rule")
        .summary;
    assert_eq!(
        summary.as_ref().map(|s| s.en.as_str()),
        Some("Collectors reached 1 person other than the debtor (family: 1), twice in all.")
    );
    let hours = findings(&report, "CN-HOURS");
    assert!(
        hours[0]
            .sentence
            .zh
            .contains("催收方联系王芳 (+8613800138000) 1 次"),
        "{}",
        hours[0].sentence.zh
    );
    let disclose = findings(&report, "CN-DISCLOSE");
    assert_eq!(disclose.len(), 1, "the message told her about the debt");
    let words: Vec<&str> = disclose[0]
        .quotes
        .iter()
        .map(|q| q.words.as_str())
        .collect();
    assert!(
        words.contains(&"欠款") && words.contains(&"逾期"),
        "quotes the words: {words:?}"
    );
}

#[test]
fn cn_third_party_counts_distinct_people() {
    let mut c = Case::cn();
    let mother = "13900139000";
    c.collectors()
        .calls(
            Some(SISTER),
            &[(AGENCY_A, "2026-03-05T10:00:00", MISSED, 0)],
        )
        .calls(
            Some(mother),
            &[
                (AGENCY_A, "2026-03-05T10:05:00", MISSED, 0),
                (AGENCY_B, "2026-03-06T10:05:00", IN, 10),
            ],
        );
    c.label(SISTER, Role::Family, Some("王芳"), None).label(
        mother,
        Role::Family,
        Some("母亲"),
        None,
    );
    let report = c.report();
    assert_eq!(
        counts(&report, "CN-THIRD-PARTY"),
        vec![1, 2],
        "two people, each a finding"
    );
    let summary = report
        .rules
        .iter()
        .find(|r| r.rule.id == "CN-THIRD-PARTY")
        .and_then(|r| r.summary.clone())
        .expect("summary");
    assert_eq!(
        summary.zh,
        "催收方共联系了 2 位第三人（家人 2 人），合计 3 次。"
    );
}

#[test]
fn us_night_runs_from_21_00_to_08_00_in_the_consumers_zone() {
    for (time, night) in [
        ("2026-03-05T20:59:59", false),
        ("2026-03-05T21:00:00", true),
        ("2026-03-06T07:59:59", true),
        ("2026-03-06T08:00:00", false),
        // After the switch to daylight saving time (8 March 2026).
        ("2026-03-09T20:59:59", false),
        ("2026-03-09T21:00:00", true),
    ] {
        let mut c = Case::us();
        c.label(
            US_COLLECTOR,
            Role::Collector,
            Some("Apex Recovery"),
            Some("Acme Bank"),
        )
        .calls(None, &[(US_COLLECTOR, time, MISSED, 0)]);
        assert_fires(
            &c.report(),
            "US-HOURS",
            night.then_some(1),
            "a call at {time} New York time",
        );
    }
}

#[test]
fn us_7_in_7_fires_at_8_calls_in_7_consecutive_days() {
    for (calls, fires) in [(7, false), (8, true)] {
        let mut c = Case::us();
        let times: Vec<String> = (0..calls)
            .map(|i| format!("2026-04-{:02}T1{}:00:00", 1 + i % 7, i / 7))
            .collect();
        let rows: Vec<(&str, &str, u8, u64)> = times
            .iter()
            .map(|t| (US_COLLECTOR, t.as_str(), MISSED, 0))
            .collect();
        c.label(US_COLLECTOR, Role::Collector, None, Some("Acme Bank"))
            .calls(None, &rows);
        let report = c.report();
        assert_fires(
            &report,
            "US-7IN7",
            fires.then_some(calls),
            "{calls} calls in 1–7 April",
        );
        if fires {
            assert_eq!(
                findings(&report, "US-7IN7")[0].sentence.en,
                "From 1 April 2026 to 7 April 2026, Acme Bank called the debtor 8 times about one debt; at most 8 calls in 7 consecutive days (1 April 2026 to 7 April 2026), more than the limit of 7."
            );
        }
    }
}

#[test]
fn us_7_in_7_counts_calendar_days_across_daylight_saving() {
    // 2 March 01:00 EST to 9 March 00:30 EDT is under 168 hours (the clocks
    // went forward on 8 March), but it spans 8 calendar days: no 7
    // consecutive days hold more than 7 of these 8 calls.
    let mut c = Case::us();
    let mut times = vec!["2026-03-02T01:00:00".to_owned()];
    times.extend((3..=8).map(|d| format!("2026-03-{d:02}T12:00:00")));
    times.push("2026-03-09T00:30:00".to_owned());
    let rows: Vec<(&str, &str, u8, u64)> = times
        .iter()
        .map(|t| (US_COLLECTOR, t.as_str(), MISSED, 0))
        .collect();
    c.label(US_COLLECTOR, Role::Collector, None, Some("Acme Bank"))
        .calls(None, &rows);
    assert!(
        counts(&c.report(), "US-7IN7").is_empty(),
        "8 calls over 8 days, 7 at most in any 7"
    );
    // One more call on 8 March (after the change) makes 8 in 2–8 March.
    c.calls(None, &[(US_COLLECTOR, "2026-03-08T18:00:00", MISSED, 0)]);
    let report = c.report();
    assert_eq!(
        counts(&report, "US-7IN7"),
        vec![9],
        "the whole run is cited"
    );
    assert!(
        findings(&report, "US-7IN7")[0]
            .sentence
            .en
            .contains("at most 8 calls in 7 consecutive days (2 March 2026 to 8 March 2026)")
    );
}

#[test]
fn us_7_in_7_is_per_debt() {
    let mut c = Case::us();
    let other = "+1 646 555 0199";
    let times: Vec<String> = (0..8)
        .map(|i| format!("2026-04-{:02}T1{}:00:00", 1 + i % 7, i / 7))
        .collect();
    let rows: Vec<(&str, &str, u8, u64)> = times
        .iter()
        .enumerate()
        .map(|(i, t)| {
            (
                if i % 2 == 0 { US_COLLECTOR } else { other },
                t.as_str(),
                MISSED,
                0,
            )
        })
        .collect();
    c.label(US_COLLECTOR, Role::Collector, None, Some("Acme Bank"))
        .label(other, Role::Collector, None, Some("Zenith Card"))
        .calls(None, &rows);
    assert!(
        counts(&c.report(), "US-7IN7").is_empty(),
        "4 calls for each of two debts"
    );
}

#[test]
fn us_7_after_counts_from_the_day_of_a_conversation() {
    for (day, fires) in [
        ("2026-04-01T18:00:00", true),
        ("2026-04-07T09:00:00", true),
        ("2026-04-08T09:00:00", false),
    ] {
        let mut c = Case::us();
        c.label(US_COLLECTOR, Role::Collector, None, Some("Acme Bank"))
            .calls(
                None,
                &[
                    (US_COLLECTOR, "2026-04-01T10:00:00", IN, 120),
                    (US_COLLECTOR, day, MISSED, 0),
                ],
            );
        let report = c.report();
        assert_fires(
            &report,
            "US-7AFTER",
            fires.then_some(1),
            "conversation on 1 April, call at {day}",
        );
    }
    // A conversation the consumer started counts too.
    let mut c = Case::us();
    c.label(US_COLLECTOR, Role::Collector, None, Some("Acme Bank"))
        .calls(
            None,
            &[
                (US_COLLECTOR, "2026-04-01T10:00:00", OUT, 300),
                (US_COLLECTOR, "2026-04-03T09:00:00", MISSED, 0),
            ],
        );
    let report = c.report();
    assert_eq!(
        findings(&report, "US-7AFTER")[0].sentence.en,
        "After a telephone conversation on 1 April 2026 10:00:00, Acme Bank called the debtor again once within 7 days (until 7 April 2026), at 09:00:00."
    );
}

#[test]
fn us_third_party_fires_on_the_second_contact() {
    for (contacts, fires) in [(1, false), (2, true)] {
        let mut c = Case::us();
        let rows: Vec<(&str, &str, u8, u64)> = ["2026-04-01T10:00:00", "2026-04-03T10:00:00"]
            [..contacts]
            .iter()
            .map(|t| (US_COLLECTOR, *t, IN, 30))
            .collect();
        c.label(US_COLLECTOR, Role::Collector, None, Some("Acme Bank"))
            .calls(Some(US_SISTER), &rows)
            .label(US_SISTER, Role::Family, Some("Ann"), None);
        assert_fires(
            &c.report(),
            "US-3P-REPEAT",
            fires.then_some(2),
            "{contacts} contacts",
        );
    }
}

#[test]
fn us_rules_bind_debt_collectors_and_protect_the_consumer() {
    // A creditor collecting its own debt, a debt collector, the consumer
    // and his sister.
    const CREDITOR: &str = "+1 212 555 0199";
    let mut c = Case::us();
    c.label(CREDITOR, Role::Lender, Some("Acme Bank"), Some("Acme Bank"))
        .label(
            US_COLLECTOR,
            Role::Agency,
            Some("Apex Recovery"),
            Some("Acme Bank"),
        )
        .label(US_SISTER, Role::Family, Some("Ann"), None);
    let mut mine: Vec<(&str, String, u8, u64)> = Vec::new();
    // The creditor: 10 calls in 3 days, two of them at night.
    for i in 0..10 {
        mine.push((
            CREDITOR,
            format!("2026-04-0{}T{}:00:00", 1 + i / 4, 10 + i % 4),
            MISSED,
            0,
        ));
    }
    mine.push((CREDITOR, "2026-04-02T22:30:00".into(), MISSED, 0));
    // The debt collector: one call at night to the consumer.
    mine.push((US_COLLECTOR, "2026-04-05T21:30:00".into(), MISSED, 0));
    let mine: Vec<(&str, &str, u8, u64)> = mine
        .iter()
        .map(|(n, t, k, d)| (*n, t.as_str(), *k, *d))
        .collect();
    c.calls(None, &mine);
    // The debt collector calls the sister twice, once at night.
    c.calls(
        Some(US_SISTER),
        &[
            (US_COLLECTOR, "2026-04-06T10:00:00", IN, 30),
            (US_COLLECTOR, "2026-04-07T22:00:00", IN, 30),
        ],
    );
    c.messages(
        None,
        &[
            (
                US_COLLECTOR,
                "2026-04-08T10:00:00",
                1,
                "This is Officer Grant. There is an active warrant for your arrest regarding an unpaid debt.",
            ),
            (
                CREDITOR,
                "2026-04-08T11:00:00",
                1,
                "This is Officer Grant. There is an active warrant for your arrest regarding an unpaid debt.",
            ),
        ],
    );
    let report = c.report();
    let legal = findings(&report, "US-FALSE-LEGAL");
    assert_eq!(
        legal.len(),
        1,
        "the debt collector's, not the creditor's: {legal:?}"
    );
    assert!(
        legal[0].sentence.en.contains("Apex Recovery"),
        "{}",
        legal[0].sentence.en
    );
    let hours = findings(&report, "US-HOURS");
    assert_eq!(
        hours.len(),
        1,
        "only the debt collector's night call to the consumer: {hours:?}"
    );
    assert!(
        hours[0].sentence.en.contains("the debtor"),
        "{}",
        hours[0].sentence.en
    );
    assert!(
        findings(&report, "US-7IN7").is_empty(),
        "the creditor is no debt collector"
    );
    let third = findings(&report, "US-3P-REPEAT");
    assert_eq!(third.len(), 1);
    assert_eq!(third[0].count, 2);
    // Told about the debt and insulted: the sister (1692c(b)), the consumer
    // (1692d(2)); the creditor's insult is not the FDCPA's.
    c.messages(
        Some(US_SISTER),
        &[(
            US_COLLECTOR,
            "2026-04-09T10:00:00",
            1,
            "Your brother owes $2,400 on his account. Tell him to call us.",
        )],
    )
    .messages(
        None,
        &[
            (
                US_COLLECTOR,
                "2026-04-09T11:00:00",
                1,
                "Your loan is past due, you deadbeat.",
            ),
            (CREDITOR, "2026-04-09T12:00:00", 1, "Pay up, you deadbeat."),
            (
                US_COLLECTOR,
                "2026-04-09T13:00:00",
                1,
                "Your balance due is $2,400.",
            ),
        ],
    );
    let report = c.report();
    let disclosed = findings(&report, "US-3P-DISCLOSE");
    assert_eq!(
        disclosed.len(),
        1,
        "the sister's message only: {disclosed:?}"
    );
    assert!(
        disclosed[0].sentence.en.contains("Ann"),
        "{}",
        disclosed[0].sentence.en
    );
    let abuse = findings(&report, "US-ABUSE");
    assert_eq!(
        abuse.len(),
        1,
        "the debt collector's, not the creditor's: {abuse:?}"
    );
    assert!(
        abuse[0].sentence.en.contains("〔deadbeat〕"),
        "{}",
        abuse[0].sentence.en
    );
    let sources: Vec<&str> = report
        .rules
        .iter()
        .find(|r| r.rule.id == "US-7IN7")
        .map(|r| r.rule.sources.iter().map(|s| s.cite.en.as_str()).collect())
        .unwrap_or_default();
    assert!(
        sources.iter().any(|s| s.starts_with("15 U.S.C. 1692d(5)")),
        "{sources:?}"
    );
}

#[test]
fn us_cease_counts_what_the_collector_sent_after_receiving_the_request() {
    use dossier_core::people::cease::{self, CeaseError, CeaseRequest};
    // After the calls below: the request may not lie in the future.
    let later = dossier_core::clock::FixedClock(jiff::Timestamp::constant(1_780_000_000, 0));
    const CREDITOR: &str = "+1 212 555 0199";
    const AGENT: &str = "+1 212 555 0177";
    let mut c = Case::us();
    c.label(CREDITOR, Role::Lender, Some("Acme Bank"), Some("Acme Bank"))
        .label(
            US_COLLECTOR,
            Role::Agency,
            Some("Apex Recovery"),
            Some("Acme Bank"),
        )
        .label(AGENT, Role::Collector, None, Some("Apex Recovery"))
        .label(US_SISTER, Role::Family, Some("Ann"), None);
    let request = |collector: &str, received: &str| CeaseRequest {
        collector: collector.into(),
        received: received.parse().expect("date"),
        source: Some("certified mail, return receipt".into()),
    };
    // Only a collector the case's labels name; never a day to come.
    assert!(matches!(
        cease::record(&mut c.f.case, &request("Apex", "2026-04-10"), &later, "t"),
        Err(CeaseError::UnknownCollector { .. })
    ));
    assert!(matches!(
        cease::record(
            &mut c.f.case,
            &request("Apex Recovery", "2027-01-01"),
            &later,
            "t"
        ),
        Err(CeaseError::Future { .. })
    ));
    cease::record(
        &mut c.f.case,
        &request("Apex Recovery", "2026-04-10"),
        &later,
        "t",
    )
    .expect("recorded");
    c.calls(
        None,
        &[
            // Before the receipt, and on its day: not counted.
            (US_COLLECTOR, "2026-04-09T10:00:00", IN, 60),
            (US_COLLECTOR, "2026-04-10T16:00:00", IN, 60),
            // After it: an answered call of the agency and of its agent.
            (US_COLLECTOR, "2026-04-11T10:00:00", IN, 45),
            (AGENT, "2026-04-12T10:00:00", IN, 30),
            // Unanswered: counted apart.
            (US_COLLECTOR, "2026-04-13T10:00:00", MISSED, 0),
            // The creditor is no debt collector, and was sent no request.
            (CREDITOR, "2026-04-13T11:00:00", IN, 60),
        ],
    )
    .messages(
        None,
        &[(
            US_COLLECTOR,
            "2026-04-14T09:00:00",
            1,
            "Final notice: your balance of $2,400 is due.",
        )],
    )
    // The sister is not the consumer (1692c(c) protects the consumer).
    .calls(
        Some(US_SISTER),
        &[(US_COLLECTOR, "2026-04-15T10:00:00", IN, 30)],
    );
    let report = c.report();
    let after = findings(&report, "US-CEASE");
    assert_eq!(after.len(), 1, "{after:?}");
    assert_eq!(after[0].count, 3, "two answered calls and the SMS");
    let en = &after[0].sentence.en;
    assert!(
        en.starts_with("Apex Recovery received the written request to cease on"),
        "{en}"
    );
    assert!(
        en.contains("1 more unanswered calls are not counted"),
        "{en}"
    );
    // Times over several days carry their dates: no "next day" for a day
    // that is three days later.
    assert!(
        after[0].sentence.zh.contains(
            "时间为 2026年4月11日 10:00:00、2026年4月12日 10:00:00、2026年4月14日 09:00:00"
        ),
        "{}",
        after[0].sentence.zh
    );
    assert!(
        after[0]
            .sentence
            .zh
            .contains("另有 1 次未接通的来电，未计入"),
        "{}",
        after[0].sentence.zh
    );
    // A request recorded by mistake is withdrawn, audited, and the record
    // it replaced stays provable.
    cease::withdraw(&mut c.f.case, "Apex Recovery", &later, "t").expect("withdrawn");
    assert!(findings(&c.report(), "US-CEASE").is_empty());
    assert!(matches!(
        cease::withdraw(&mut c.f.case, "Apex Recovery", &later, "t"),
        Err(CeaseError::NotRecorded { .. })
    ));
    let v = dossier_core::case::verify::verify(&c.f.case, &mut Silent);
    assert!(v.is_intact(), "{v:?}");
    let actions: Vec<String> = dossier_core::case::audit::entries(c.f.case.conn())
        .expect("entries")
        .into_iter()
        .map(|e| e.action)
        .filter(|a| a.starts_with("cease."))
        .collect();
    assert_eq!(actions, ["cease.recorded", "cease.withdrawn"]);
}

#[test]
fn us_7_after_opens_a_window_for_each_conversation() {
    let mut c = Case::us();
    c.label(US_COLLECTOR, Role::Collector, None, Some("Acme Bank"));
    // Conversations on 1 and 6 April; calls on 3, 7, 12 and 14 April.
    c.calls(
        None,
        &[
            (US_COLLECTOR, "2026-04-01T10:00:00", IN, 60),
            (US_COLLECTOR, "2026-04-03T10:00:00", MISSED, 0),
            (US_COLLECTOR, "2026-04-06T10:00:00", IN, 60),
            (US_COLLECTOR, "2026-04-07T10:00:00", MISSED, 0),
            (US_COLLECTOR, "2026-04-12T10:00:00", MISSED, 0),
            (US_COLLECTOR, "2026-04-14T10:00:00", MISSED, 0),
        ],
    );
    let report = c.report();
    let after = findings(&report, "US-7AFTER");
    let counts: Vec<u64> = after.iter().map(|f| f.count).collect();
    // 1 April: the 3rd and the 6th (itself a call); 6 April: the 7th and
    // the 12th; the 14th is past both windows.
    assert_eq!(counts, [2, 2], "{after:?}");
    assert!(
        after[0].sentence.en.contains("(until 7 April 2026)"),
        "{}",
        after[0].sentence.en
    );
    assert!(
        after[1].sentence.en.contains("(until 12 April 2026)"),
        "{}",
        after[1].sentence.en
    );
}

#[test]
fn fake_legal_and_threats_quote_their_words_and_spare_ordinary_messages() {
    let mut c = Case::cn();
    c.collectors()
        .label(SISTER, Role::Family, Some("王芳"), None)
        .messages(
            None,
            &[
                (
                    AGENCY_A,
                    "2026-03-05T10:00:00",
                    1,
                    "【法务部】你的案件已移交经侦大队，法院传票将于三日内送达。",
                ),
                (
                    AGENCY_B,
                    "2026-03-05T11:00:00",
                    1,
                    "再不还钱就把你的照片发到你们公司群里，让你同事都看看。",
                ),
                (
                    SISTER,
                    "2026-03-05T12:00:00",
                    1,
                    "法院门口的公交站见，我父母下周来。",
                ),
                (
                    AGENCY_A,
                    "2026-03-05T13:00:00",
                    2,
                    "我会起诉你们，也会告诉我的律师。",
                ),
                (
                    "16612345678",
                    "2026-03-05T14:00:00",
                    1,
                    "你就是个老赖，我们明天派人去你家。",
                ),
            ],
        );
    let report = c.report();
    let legal = findings(&report, "CN-FAKE-LEGAL");
    assert_eq!(legal.len(), 1, "{legal:?}");
    let words: Vec<&str> = legal[0].quotes.iter().map(|q| q.words.as_str()).collect();
    assert!(words.iter().any(|w| w.contains("传票")), "{words:?}");
    // The whole message is quoted, each match marked.
    assert_eq!(
        legal[0].sentence.zh,
        "2026年3月5日 10:00，+8617055511020 (青禾借款) 的短信冒用公检法或法律文书的名义：“【法务部】〔你的案件已移交经侦〕大队，〔法院传票〕将于三日内送达。”。",
    );
    let threats = findings(&report, "CN-THREAT");
    assert_eq!(
        threats.len(),
        1,
        "the agency's exposure threat; the unlabelled number is a suspect, counted by no rule: {threats:?}"
    );
    assert!(
        report
            .suspects
            .iter()
            .any(|s| s.key.as_deref() == Some("tel:+8616612345678")),
        "it is offered as a suspect: {:?}",
        report.suspects
    );
    c.label("16612345678", Role::Collector, None, None);
    let report = c.report();
    let threats = findings(&report, "CN-THREAT");
    assert_eq!(threats.len(), 2, "labelled, its words count: {threats:?}");
    assert!(
        threats[1].sentence.en.contains("+8616612345678"),
        "{}",
        threats[1].sentence.en
    );
    let categories: Vec<&str> = threats[1]
        .quotes
        .iter()
        .map(|q| q.category.as_str())
        .collect();
    assert_eq!(
        categories,
        ["insult", "threat"],
        "老赖 is an insult, 派人去你家 a threat"
    );
}

#[test]
fn a_relatives_note_reached_her_and_every_note_is_read() {
    use dossier_core::evidence::note::Channel as Via;
    let mut c = Case::cn();
    c.collectors()
        .label(SISTER, Role::Family, Some("王芳"), None);
    // The sister's accounts of collectors' calls at night: named as
    // reached, and (the second) by her being the contributor.
    c.note(
        "2026-03-05T22:30:00",
        Via::Call,
        Some(AGENCY_A),
        "王芳（李明的姐姐）",
        Some(SISTER),
        "对方说我弟弟李明欠钱不还，让我替他还，否则“后果自负”。",
    )
    .note(
        "2026-03-07T23:10:00",
        Via::Call,
        Some(AGENCY_B),
        "王芳",
        None,
        "又打来说李明逾期了，让我转告他。",
    )
    // The debtor's own notes: a visit at night, a call from the "legal
    // department", a note posted on the door.
    .note(
        "2026-03-06T21:40:00",
        Via::Visit,
        None,
        "李明",
        None,
        "两名男子到家门口，敲门十多分钟，在门上贴了“催收通知单”。",
    )
    .note(
        "2026-03-08T10:00:00",
        Via::Call,
        Some(AGENCY_A),
        "李明",
        None,
        "对方自称法院的，说已经对我立案，下周上门送传票。",
    )
    .note(
        "2026-03-09T10:00:00",
        Via::Other,
        None,
        "李明",
        None,
        "有人到我公司前台，说找我谈还款的事，同事都听到了。",
    )
    // Told in his words: the collector's "告诉你单位领导".
    .note(
        "2026-03-10T10:00:00",
        Via::Call,
        Some(AGENCY_B),
        "李明",
        None,
        "对方语气很凶，说要把我欠款的事告诉我单位领导和同事。",
    );
    let report = c.report();
    // Her notes are contacts with her: a third party, told of the debt.
    let third = findings(&report, "CN-THIRD-PARTY");
    assert_eq!(third.len(), 1, "{third:?}");
    assert_eq!(third[0].person.as_deref(), Some("tel:+8613800138000"));
    assert_eq!(third[0].count, 2);
    let disclosed = findings(&report, "CN-DISCLOSE");
    assert_eq!(
        disclosed.len(),
        2,
        "both of her notes say the debt was disclosed: {disclosed:?}"
    );
    assert!(
        disclosed[0].sentence.zh.contains("王芳"),
        "{}",
        disclosed[0].sentence.zh
    );
    // At night: her call (22:30) reached her, not the debtor.
    let night = findings(&report, "CN-HOURS");
    let targets: Vec<&str> = night.iter().map(|f| f.sentence.en.as_str()).collect();
    assert!(
        targets.iter().filter(|s| s.contains("王芳")).count() == 2
            && !targets.iter().any(|s| s.contains("the debtor")),
        "{targets:?}"
    );
    // Every note is read: the threat in her call, the fake court in his.
    let threats = findings(&report, "CN-THREAT");
    assert!(
        threats
            .iter()
            .any(|f| f.sentence.zh.contains("〔后果自负〕")
                && f.sentence.zh.contains("电话（据文字记录）")),
        "{threats:?}"
    );
    assert!(
        threats
            .iter()
            .any(|f| f.sentence.zh.contains("说要把我欠款的事〔告诉我单位〕领导")),
        "a note in the writer's words is read as the collector's: {threats:?}"
    );
    // A visit told as it happened is a visit, never a threat of one.
    assert!(
        !threats.iter().any(|f| f.sentence.zh.contains("公司前台")),
        "{threats:?}"
    );
    let legal = findings(&report, "CN-FAKE-LEGAL");
    assert_eq!(legal.len(), 1, "{legal:?}");
    assert!(
        legal[0].sentence.zh.contains("对方〔自称法院〕的"),
        "{}",
        legal[0].sentence.zh
    );
    // The visit and the workplace visit, and the notice on the door.
    let visits = findings(&report, "CN-VISIT");
    assert_eq!(visits.len(), 2, "{visits:?}");
    assert!(
        visits[1].sentence.zh.contains("到我公司〕前台"),
        "{}",
        visits[1].sentence.zh
    );
    let posted = findings(&report, "CN-POSTED");
    assert_eq!(posted.len(), 1, "{posted:?}");
    assert!(
        posted[0].sentence.zh.contains(
            "表明已张贴催收告示：“两名男子到家门口，敲门十多分钟，在〔门上贴了“催收通知单〕”。”"
        ),
        "{}",
        posted[0].sentence.zh
    );
}

#[test]
fn a_lenders_lawful_notice_is_no_fake_legal_and_a_made_up_blacklist_is_misleading() {
    let mut c = Case::cn();
    c.collectors().messages(
        None,
        &[
            (
                AGENCY_A,
                "2026-03-05T10:00:00",
                1,
                "【青禾借款】您的借款已逾期15天，逾期信息将按规定报送人民银行征信系统，并移交法务处理。",
            ),
            (
                AGENCY_B,
                "2026-03-05T11:00:00",
                1,
                "你已经上了征信黑名单，你孩子以后考公政审都过不了。",
            ),
            (
                "10086",
                "2026-03-05T12:00:00",
                1,
                "我下午要去法院办手续，晚点回你。",
            ),
        ],
    );
    let report = c.report();
    assert!(
        findings(&report, "CN-FAKE-LEGAL").is_empty(),
        "{:?}",
        findings(&report, "CN-FAKE-LEGAL")
    );
    let mislead = findings(&report, "CN-MISLEAD");
    assert_eq!(mislead.len(), 1, "{mislead:?}");
    assert!(
        mislead[0].sentence.zh.contains("你已经上了〔征信黑名单〕"),
        "{}",
        mislead[0].sentence.zh
    );
}

#[test]
fn a_long_message_is_quoted_by_the_sentence_that_matched() {
    let filler = "您好，这里是客户服务中心的例行提醒，请注意核对账户信息。".repeat(8);
    let body = format!("{filler}再不还钱就派人上门找你。{filler}");
    let mut c = Case::cn();
    c.collectors()
        .messages(None, &[(AGENCY_A, "2026-03-05T10:00:00", 1, &body)]);
    let report = c.report();
    let threats = findings(&report, "CN-THREAT");
    assert_eq!(threats.len(), 1);
    let quote = &threats[0].quotes[0].context;
    assert!(quote.starts_with("… ") && quote.ends_with(" …"), "{quote}");
    assert!(
        quote.contains("再不还钱就派人〔上门找你〕。") || quote.contains("〔"),
        "{quote}"
    );
    assert!(quote.chars().count() < 80, "only the sentence: {quote}");
}

#[test]
fn a_suspected_collector_is_offered_with_reasons_and_counted_once_labelled() {
    let mut c = Case::cn();
    let suspect = "17055511027";
    let rows: Vec<(&str, &str, u8, u64)> = vec![
        (suspect, "2026-03-05T09:00:00", MISSED, 0),
        (suspect, "2026-03-05T09:30:00", MISSED, 0),
        (suspect, "2026-03-05T10:00:00", IN, 8),
        (suspect, "2026-03-05T22:30:00", MISSED, 0),
        (suspect, "2026-03-06T09:00:00", MISSED, 0),
        // A friend who calls twice is not a suspect.
        ("13912345678", "2026-03-05T12:00:00", IN, 300),
        ("13912345678", "2026-03-06T12:00:00", OUT, 200),
    ];
    c.collectors().calls(None, &rows);
    let report = c.report();
    assert_eq!(report.suspects.len(), 1, "{:?}", report.suspects);
    let s = &report.suspects[0];
    assert_eq!(s.key.as_deref(), Some("tel:+8617055511027"));
    let codes: Vec<&str> = s.reasons.iter().map(|r| r.code()).collect();
    assert_eq!(
        codes,
        [
            "many_calls",
            "busy_day",
            "unanswered",
            "night",
            "number_block"
        ],
        "{:?}",
        s.reasons
    );
    assert!(
        counts(&report, "CN-HOURS").is_empty(),
        "a suspect is never counted silently"
    );
    assert_eq!(
        s.reasons[4].describe(Lang::Zh),
        "号段 +861705551… 共有 4 个号码来电"
    );
    c.label(suspect, Role::Collector, None, None);
    let report = c.report();
    assert!(report.suspects.is_empty(), "labelled: no longer a suspect");
    assert_eq!(counts(&report, "CN-HOURS"), vec![1], "and now counted");
}

#[test]
fn hidden_numbers_are_one_suspect_entry_and_a_share() {
    let mut c = Case::cn();
    let hidden: Vec<Call> = (0..3)
        .map(|i| {
            let mut call = Call::new(
                "",
                c.ms(&format!("2026-03-05T23:0{i}:00")),
                0,
                u32::from(MISSED) as u8,
            );
            call.presentation = 2;
            call
        })
        .collect();
    c.import(None, "calls", &calls_xml(&hidden));
    c.collectors()
        .calls(None, &[(AGENCY_A, "2026-03-05T10:00:00", MISSED, 0)]);
    let report = c.report();
    let s = report
        .suspects
        .iter()
        .find(|s| s.key.is_none())
        .expect("hidden numbers are offered");
    assert_eq!(s.calls, 3);
    assert_eq!(report.patterns.hidden_calls, 3);
    assert_eq!(report.patterns.incoming_calls, 4);
}

#[test]
fn pattern_facts_show_paydays_escalation_and_rotation() {
    let mut c = Case::cn();
    let numbers = ["17055511020", "17055511021", "17055511022", "17055511023"];
    for n in numbers {
        c.label(n, Role::Collector, None, Some("青禾借款"));
    }
    // Week of 2 March: 1 call; of 9 March: 2; of 16 March: 4 (new numbers
    // each week). Paydays: the 5th, 10th and 15th.
    c.calls(
        None,
        &[
            (numbers[0], "2026-03-05T10:00:00", MISSED, 0),
            (numbers[1], "2026-03-10T10:00:00", MISSED, 0),
            (numbers[1], "2026-03-11T10:00:00", MISSED, 0),
            (numbers[2], "2026-03-15T10:00:00", MISSED, 0),
            (numbers[3], "2026-03-16T10:00:00", MISSED, 0),
            (numbers[3], "2026-03-17T10:00:00", MISSED, 0),
            (numbers[3], "2026-03-18T10:00:00", MISSED, 0),
        ],
    );
    let p = c.report().patterns;
    assert_eq!(p.paydays, None, "the borrower gave no paydays");
    assert_eq!((p.playbook.contacts, p.playbook.on_paydays), (7, 3));
    assert_eq!(
        (p.playbook.period_days, p.playbook.payday_dates),
        (14, 3),
        "5–18 March holds the playbook's 5th, 10th and 15th"
    );
    let weekly: Vec<(u64, u64)> = p.weeks.iter().map(|w| (w.contacts, w.days)).collect();
    assert_eq!(
        weekly,
        [(1, 4), (3, 7), (3, 3)],
        "weeks from Monday 2, 9 and 16 March, cut to 5–18 March"
    );
    let new: Vec<u64> = p.weeks.iter().map(|w| w.new_numbers).collect();
    assert_eq!(new, [1, 2, 1]);
    // A 4-day first week against full weeks is no trend: the first and the
    // last 7 days (3 and 4 contacts) are.
    assert_eq!(p.first_7.map(|(_, n)| n), Some(3));
    assert_eq!(p.last_7.map(|(_, n)| n), Some(4));
    assert!(!p.escalating, "3 then 4 contacts is no escalation");
    let sentences = p.sentences();
    assert!(
        sentences
            .iter()
            .any(|s| s.zh == "每周催收联系次数依次为 1（4 天）、3、3（3 天）。"),
        "{sentences:?}"
    );
    assert!(
        !sentences.iter().any(|s| s.zh.contains("升级")),
        "{sentences:?}"
    );
    assert!(
        sentences[0].zh.starts_with(
            "催收话术资料所说的集中催收日（发工资前后，每月5日、10日、15日、28日、30日）的催收联系有 3 次，占全部 7 次的 43%"
        ),
        "{}",
        sentences[0].zh
    );
}

#[test]
fn escalation_compares_the_first_and_last_seven_days() {
    let mut c = Case::cn();
    c.label("17055511020", Role::Collector, None, Some("青禾借款"));
    // 1 contact in the first 7 days (1–7 March), 8 in the last (15–21).
    let mut rows: Vec<(&str, String, u8, u64)> =
        vec![("17055511020", "2026-03-01T10:00:00".into(), MISSED, 0)];
    for day in 15..=21 {
        rows.push(("17055511020", format!("2026-03-{day}T10:00:00"), MISSED, 0));
    }
    rows.push(("17055511020", "2026-03-21T11:00:00".into(), MISSED, 0));
    let rows: Vec<(&str, &str, u8, u64)> = rows
        .iter()
        .map(|(n, t, k, d)| (*n, t.as_str(), *k, *d))
        .collect();
    c.calls(None, &rows);
    let p = c.report().patterns;
    assert_eq!(
        (p.first_7.map(|x| x.1), p.last_7.map(|x| x.1)),
        (Some(1), Some(8))
    );
    assert!(p.escalating);
    assert!(
        p.sentences().iter().any(|s| s.zh == "催收在升级：最后 7 天（2026年3月15日起）催收联系 8 次，最初 7 天（2026年3月1日起）为 1 次。"),
        "{:?}",
        p.sentences()
    );
}

#[test]
fn statistics_count_days_hours_numbers_and_people() {
    let mut c = Case::cn();
    c.collectors()
        .calls(
            None,
            &[
                (AGENCY_A, "2026-03-05T22:30:00", MISSED, 0),
                (AGENCY_A, "2026-03-05T22:40:00", IN, 65),
                ("13912345678", "2026-03-05T12:00:00", OUT, 30),
            ],
        )
        .calls(Some(SISTER), &[(AGENCY_B, "2026-03-06T09:00:00", IN, 10)])
        .label(SISTER, Role::Family, None, None);
    let pack = Pack::builtin(Rules::Cn);
    let s = analysis::stats::stats(&c.data(), &pack);
    assert_eq!(s.events, 4);
    assert_eq!(s.collection_contacts, 3);
    assert_eq!(s.numbers, 3, "two agencies and a friend");
    assert_eq!(s.collection_numbers, 2);
    assert_eq!(s.third_parties_reached, 1);
    let h22 = &s.hours[22];
    assert_eq!((h22.incoming, h22.collection, h22.night), (2, 2, true));
    assert!(!s.hours[21].night && s.hours[7].night && !s.hours[8].night);
    let agency = s
        .parties
        .iter()
        .find(|p| p.key == "tel:+8617055511020")
        .expect("agency");
    assert_eq!(
        (
            agency.calls_in,
            agency.calls_unanswered,
            agency.talk_seconds
        ),
        (1, 1, 65)
    );
    let per_day: u64 = s
        .days
        .iter()
        .filter(|d| d.date == jiff::civil::date(2026, 3, 5))
        .map(|d| d.count)
        .sum();
    assert_eq!(per_day, 3);
}

#[test]
fn the_same_case_gives_the_same_report() {
    let mut c = Case::cn();
    c.collectors().calls(
        None,
        &[
            (AGENCY_A, "2026-03-05T22:30:00", MISSED, 0),
            (AGENCY_B, "2026-03-05T22:30:00", MISSED, 0),
            (OTHER_LENDER, "2026-03-05T22:30:00", MISSED, 0),
        ],
    );
    let a = format!("{:?}", c.report());
    let b = format!("{:?}", c.report());
    assert_eq!(a, b, "deterministic and stably ordered");
}

#[test]
fn the_built_in_packs_hold_exactly_the_rules_of_the_design() {
    let expect = |rules: Rules, ids: &[(&str, &str)]| {
        let pack = Pack::builtin(rules);
        let got: Vec<(&str, &str)> = pack
            .rules
            .iter()
            .map(|r| (r.id.as_str(), r.confidence.mark()))
            .collect();
        assert_eq!(got, ids, "{} pack", rules.as_str());
        for rule in &pack.rules {
            assert!(!rule.sources.is_empty(), "{} has a source", rule.id);
            for lang in Lang::ALL {
                assert!(
                    !rule.title.get(lang).is_empty() && !rule.explanation.get(lang).is_empty(),
                    "{} in {lang:?}",
                    rule.id
                );
            }
        }
    };
    expect(
        Rules::Cn,
        &[
            ("CN-HOURS", "S"),
            ("CN-CONNECTED-3", "S"),
            ("CN-ATTEMPTS-6", "S"),
            ("CN-THIRD-PARTY", "S"),
            ("CN-DISCLOSE", "S"),
            ("CN-FAKE-LEGAL", "S"),
            ("CN-MISLEAD", "S"),
            ("CN-VISIT", "S"),
            ("CN-POSTED", "S"),
            ("CN-THREAT", "S"),
        ],
    );
    expect(
        Rules::Us,
        &[
            ("US-HOURS", "P"),
            ("US-7IN7", "P"),
            ("US-7AFTER", "P"),
            ("US-3P-REPEAT", "P"),
            ("US-FALSE-LEGAL", "S"),
            ("US-3P-DISCLOSE", "S"),
            ("US-ABUSE", "S"),
            ("US-CEASE", "S"),
        ],
    );
}

/// Loads a pack's text and returns the error message.
fn refused(text: &str) -> String {
    match Pack::parse("my-pack.toml", text) {
        Ok(_) => panic!("a bad pack was accepted:\n{text}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn a_bad_pack_is_refused_with_the_rule_and_field_named() {
    let cn = include_str!("../../rules/cn.toml");
    let without_sources = {
        // Drop every source of CN-THREAT (the last rule of the pack).
        let at = cn.find("id = \"CN-THREAT\"").expect("rule");
        let (head, tail) = cn.split_at(at);
        let cut = tail.find("[[rule.source]]").expect("source");
        let end = tail.find("[suspect]").expect("suspect");
        format!("{head}{}{}", &tail[..cut], &tail[end..])
    };
    assert!(
        refused(&without_sources).contains("rule CN-THREAT: the rule has no source"),
        "{}",
        refused(&without_sources)
    );
    let bad_param = cn.replace("max = 3 }", "max = \"three\" }");
    assert_eq!(
        refused(&bad_param),
        "rule pack my-pack.toml: rule CN-CONNECTED-3: params.max must be a whole number, 0 or more"
    );
    let bad_placeholder = cn.replace("超过每日 {max} 次的上限，时间为 {times}。\"\nsentence.en = \"On {date}, {group} and its collectors had", "超过每日 {limit} 次的上限，时间为 {times}。\"\nsentence.en = \"On {date}, {group} and its collectors had");
    assert!(
        refused(&bad_placeholder).contains("rule CN-CONNECTED-3: sentence.zh uses {limit}"),
        "{}",
        refused(&bad_placeholder)
    );
    let bad_check = cn.replacen("check = \"hours\"", "check = \"curfew\"", 1);
    assert!(refused(&bad_check).contains("rule CN-HOURS: check \"curfew\" is not one of"));
    let bad_mark = cn.replacen("confidence = \"S\"", "confidence = \"probably\"", 1);
    assert!(refused(&bad_mark).contains("neither P nor S"));
    let bad_time = cn.replace("night_start = \"22:00\"", "night_start = \"10pm\"");
    assert!(refused(&bad_time).contains("params.night_start \"10pm\" is not a time of day"));
    let bad_category = cn.replace(
        "categories = [\"fake_legal\"]",
        "categories = [\"fake_law\"]",
    );
    assert!(
        refused(&bad_category).contains("category \"fake_law\" is in none of the pack's lexicons")
    );
    let broken = cn.replacen("[[rule]]", "[[rule]\n", 1);
    assert!(
        refused(&broken).starts_with("rule pack my-pack.toml: line 21:"),
        "{}",
        refused(&broken)
    );
    assert!(matches!(Pack::load("uk"), Err(PackError::Unknown { .. })));
}

/// Precision and recall of the built-in lexicons on a labelled corpus
/// (`label<TAB>lang<TAB>text`); prints the figures and, when `detail`, every
/// miss.
fn measure(name: &str, corpus: &str, detail: bool) -> (f64, f64, u32, u32) {
    let pack = Pack::builtin(Rules::Cn);
    let hostile = dossier_core::analysis::text::HOSTILE;
    let (mut tp, mut fp, mut fn_, mut tn) = (0u32, 0u32, 0u32, 0u32);
    let mut category_right = 0u32;
    let mut misses = Vec::new();
    for line in corpus.lines().skip(1) {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut cols = line.splitn(3, '\t');
        let (label, text) = (cols.next().expect("label"), cols.nth(1).expect("text"));
        let found = pack.lexicon.find(text, &hostile);
        // A lender's lawful notice is not hostile: finding one is an error.
        match (
            !matches!(label, "ordinary" | "legal_notice"),
            !found.is_empty(),
        ) {
            (true, true) => {
                tp += 1;
                category_right += u32::from(found.iter().any(|m| m.category == label));
            }
            (true, false) => {
                fn_ += 1;
                misses.push(format!("missed   {label}: {text}"));
            }
            (false, true) => {
                fp += 1;
                misses.push(format!(
                    "wrongly  {}: {text} [{}]",
                    found[0].category, found[0].words
                ));
            }
            (false, false) => tn += 1,
        }
    }
    let precision = f64::from(tp) / f64::from(tp + fp);
    let recall = f64::from(tp) / f64::from(tp + fn_);
    println!(
        "{name}: {} hostile, {} ordinary messages",
        tp + fn_,
        fp + tn
    );
    println!(
        "{name}: precision {precision:.3}, recall {recall:.3}; the right category for {category_right} of {tp} found"
    );
    if detail {
        for m in &misses {
            println!("  {m}");
        }
    }
    (precision, recall, tp + fn_, fp + tn)
}

#[test]
fn the_lexicons_hold_precision_and_recall_on_the_corpus() {
    let (precision, recall, hostile, ordinary) =
        measure("corpus", include_str!("../fixtures/texts/corpus.tsv"), true);
    assert!(
        hostile >= 100 && ordinary >= 100,
        "the corpus holds at least 100 of each"
    );
    assert!(precision >= 0.9, "precision {precision:.3} is below 0.9");
    assert!(recall >= 0.9, "recall {recall:.3} is below 0.9");
}

#[test]
fn no_lawful_notice_is_taken_for_fake_legal_and_every_one_is_recognised() {
    // Reporting to the credit bureau with notice, a lender's legal
    // department, a lawsuit it intends: lawful, never CN-FAKE-LEGAL.
    let pack = Pack::builtin(Rules::Cn);
    let corpus = include_str!("../fixtures/texts/corpus.tsv");
    let mut notices = 0;
    for line in corpus.lines().filter(|l| l.starts_with("legal_notice\t")) {
        let text = line.splitn(3, '\t').nth(2).expect("text");
        notices += 1;
        let fake = pack.lexicon.find(text, &["fake_legal", "mislead"]);
        assert!(
            fake.is_empty(),
            "a lawful notice flagged {:?}: {text}",
            fake[0]
        );
        assert!(
            !pack.lexicon.find(text, &["legal_notice"]).is_empty(),
            "a lawful notice not recognised as one: {text}"
        );
    }
    assert!(notices >= 20, "the corpus holds {notices} lawful notices");
}

#[test]
fn the_lexicons_generalise_to_messages_they_were_not_tuned_on() {
    // holdout.tsv was written separately and never used to tune the
    // lexicons; its misses are not printed, so that it stays unseen. Its
    // figures say how the lexicons do on new messages.
    let (precision, recall, hostile, ordinary) = measure(
        "holdout",
        include_str!("../fixtures/texts/holdout.tsv"),
        false,
    );
    assert!(
        hostile >= 100 && ordinary >= 90,
        "the held-out corpus is big enough to mean something"
    );
    assert!(
        precision >= 0.8,
        "held-out precision {precision:.3} is below 0.8"
    );
    assert!(recall >= 0.6, "held-out recall {recall:.3} is below 0.6");
}

#[test]
fn the_borrowers_paydays_are_counted_apart_from_the_playbooks() {
    let mut c = Case::cn();
    c.label(AGENCY_A, Role::Collector, None, Some("青禾借款"));
    c.calls(
        None,
        &[
            (AGENCY_A, "2026-03-05T10:00:00", MISSED, 0),
            (AGENCY_A, "2026-03-10T10:00:00", MISSED, 0),
            (AGENCY_A, "2026-03-12T10:00:00", MISSED, 0),
            (AGENCY_A, "2026-03-12T11:00:00", MISSED, 0),
        ],
    );
    let days = dossier_core::people::payday::parse("12号、25").expect("days");
    assert_eq!(days, [12, 25]);
    assert!(dossier_core::people::payday::parse("32").is_err());
    assert!(dossier_core::people::payday::parse("十五").is_err());
    dossier_core::people::payday::set(&mut c.f.case, &[25], &CLOCK, "tester").expect("set");
    dossier_core::people::payday::set(&mut c.f.case, &days, &CLOCK, "tester").expect("set again");
    let report = c.report();
    let p = &report.patterns;
    let own = p.paydays.as_ref().expect("the borrower's paydays");
    assert_eq!((own.days.as_slice(), own.on_paydays), (&[12, 25][..], 2));
    assert_eq!(
        (own.period_days, own.payday_dates),
        (8, 1),
        "5–12 March holds the 12th"
    );
    assert_eq!(p.playbook.on_paydays, 2, "the 5th and the 10th");
    let sentences = p.sentences();
    assert!(
        sentences[0]
            .zh
            .starts_with("借款人的发薪日（每月12日、25日，借款人自述）")
    );
    assert!(sentences[1].zh.starts_with("催收话术资料所说的集中催收日"));
    // Both changes are audited, and the first list stays provable.
    let v = dossier_core::case::verify::verify(&c.f.case, &mut Silent);
    assert!(v.is_intact(), "{v:?}");
    let entries = dossier_core::case::audit::entries(c.f.case.conn()).expect("entries");
    let set: Vec<&str> = entries
        .iter()
        .filter(|e| e.action == "case.paydays_set")
        .map(|e| e.details.as_str())
        .collect();
    assert_eq!(set.len(), 2);
    assert!(
        set[1].contains(r#""after":[12,25],"before":[25]"#),
        "{}",
        set[1]
    );
    assert!(
        set[1].contains(r#""table":"case_payday""#),
        "it replaces the 25th's row"
    );
}

#[test]
fn labels_the_records_contradict_are_listed_with_their_basis() {
    use dossier_core::people::party::{Basis, LabelBasis};
    let mut c = Case::cn();
    c.label(AGENCY_A, Role::Agency, None, Some("鼎信资产管理"))
        .label(OTHER_LENDER, Role::Collector, None, Some("易速花"));
    party::set(
        &mut c.f.case,
        OTHER_LENDER,
        &PartyUpdate {
            basis: Some(LabelBasis {
                basis: Basis::Caller,
                source: Some("3月2日来电".into()),
            }),
            ..PartyUpdate::default()
        },
        &CLOCK,
        "tester",
    )
    .expect("basis");
    c.messages(
        None,
        &[
            // Signed by its own label: consistent.
            (
                AGENCY_A,
                "2026-03-03T10:00:00",
                1,
                "【鼎信资产】请尽快还款。",
            ),
            // Signed by the other company: a contradiction by signature.
            (
                OTHER_LENDER,
                "2026-03-04T10:00:00",
                1,
                "【鼎信资产管理】您已逾期，请今日处理。",
            ),
            // Names the other company without claiming to be it.
            (
                OTHER_LENDER,
                "2026-03-05T10:00:00",
                1,
                "别信鼎信的人，找我们易速花协商。",
            ),
            // The borrower's own message names it: not the caller's words.
            (
                OTHER_LENDER,
                "2026-03-05T11:00:00",
                2,
                "你们是鼎信资产管理吗？",
            ),
        ],
    );
    c.note(
        "2026-03-06 21:10:00",
        dossier_core::evidence::note::Channel::Call,
        Some(OTHER_LENDER),
        "李明",
        None,
        "对方来电，自称鼎信“法务部”，说已经立案。",
    )
    .note(
        "2026-03-07 21:10:00",
        dossier_core::evidence::note::Channel::Call,
        Some(AGENCY_A),
        "李明",
        None,
        "对方说我是鼎信的，受易速花委托来催收。",
    );
    let data = c.data();
    let report = analysis::check(&data, &Pack::builtin(Rules::Cn));
    let found: Vec<(&str, &str, usize)> = report
        .contradictions
        .iter()
        .map(|x| (x.label.as_str(), x.claimed.as_str(), x.events.len()))
        .collect();
    assert_eq!(
        found,
        [("易速花", "鼎信资产管理", 2)],
        "the signed SMS and the note; not the mention, the borrower's question or the agency naming its client"
    );
    let x = &report.contradictions[0];
    assert_eq!(x.claim, analysis::labels::Claim::Signature);
    assert_eq!(
        (x.basis, x.basis_source.as_deref()),
        (Basis::Caller, Some("3月2日来电"))
    );
    let sentence = x.sentence(&data);
    assert!(
        sentence
            .zh
            .contains("标为「易速花」（依据：对方自称：3月2日来电）"),
        "{}",
        sentence.zh
    );
    assert!(
        sentence.zh.contains("【〔鼎信资产管理〕】"),
        "{}",
        sentence.zh
    );
    assert!(
        sentence
            .en
            .contains("2 of its records name it 鼎信资产管理"),
        "{}",
        sentence.en
    );
    let listed = party::list(&c.f.case).expect("list");
    let basis = listed
        .iter()
        .find(|p| p.key.ends_with(OTHER_LENDER))
        .and_then(|p| p.basis.clone());
    assert_eq!(basis.map(|b| b.basis), Some(Basis::Caller));
}

#[test]
fn a_note_of_a_call_the_log_holds_is_read_but_counted_once() {
    let mut c = Case::cn();
    c.collectors()
        .label(SISTER, Role::Family, Some("王芳"), None)
        .calls(None, &[(AGENCY_A, "2026-03-05T22:10:37", MISSED, 0)]);
    use dossier_core::evidence::note::Channel;
    c.note(
        "2026-03-05 22:10:00",
        Channel::Call,
        Some(AGENCY_A),
        "李明",
        None,
        "对方来电说再不还钱就派人去你家。",
    )
    .note(
        "2026-03-05 23:30:00",
        Channel::Call,
        Some(AGENCY_A),
        "李明",
        None,
        "又打来，说要把欠款的事告诉我单位领导。",
    )
    // The sister's account of a call to her: not the debtor's logged call.
    .note(
        "2026-03-05 22:12:00",
        Channel::Call,
        Some(AGENCY_A),
        "王芳",
        Some(SISTER),
        "对方说我弟弟欠钱不还。",
    );
    let data = c.data();
    let retold: Vec<bool> = data
        .events
        .iter()
        .filter(|e| e.origin == analysis::Origin::Note)
        .map(|e| e.retold)
        .collect();
    assert_eq!(
        retold,
        [true, false, false],
        "the 22:10 note retells the 22:10:37 call"
    );
    let report = analysis::check(&data, &Pack::builtin(Rules::Cn));
    assert_eq!(
        counts(&report, "CN-HOURS"),
        [2, 1],
        "the debtor's night: the logged call and the 23:30 note, not the 22:10 note again; the sister's night apart"
    );
    assert_eq!(
        findings(&report, "CN-THREAT").len(),
        2,
        "both of the debtor's notes are read"
    );
    assert_eq!(report.collection_contacts, 3, "one call, two notes counted");
}

#[test]
fn a_visit_at_the_workplace_is_a_contact_with_the_colleagues_who_heard_it() {
    use dossier_core::evidence::note::Channel;
    let mut c = Case::cn();
    c.collectors().note(
        "2026-03-16 10:20:00",
        Channel::Visit,
        None,
        "李明",
        Some("公司同事"),
        "有人到我公司前台，说李明欠钱不还，前台和几位同事都听到了。",
    );
    let report = c.report();
    let third = findings(&report, "CN-THIRD-PARTY");
    assert_eq!(third.len(), 1, "{third:?}");
    assert!(
        third[0].sentence.zh.ends_with(
            "公司同事（未标注身份的人）1 次（上门1次），时间为 2026年3月16日 10:20:00。"
        ),
        "{}",
        third[0].sentence.zh
    );
    assert_eq!(
        findings(&report, "CN-DISCLOSE").len(),
        1,
        "the debt told in front of them"
    );
    assert_eq!(findings(&report, "CN-VISIT").len(), 1);
    // Rules that bind debt collectors cannot tell whose people came.
    let us = analysis::check(&c.data(), &Pack::builtin(Rules::Us));
    assert!(findings(&us, "US-3P-REPEAT").is_empty());
    assert!(findings(&us, "US-3P-DISCLOSE").is_empty());
}

#[test]
fn a_spouse_is_the_consumer_under_us_rules_and_a_third_party_under_chinas() {
    const SPOUSE: &str = "+1 917 555 0122";
    let mut c = Case::us();
    c.label(US_COLLECTOR, Role::Agency, Some("Apex Recovery"), None)
        .label(SPOUSE, Role::Spouse, Some("Beth"), None)
        .calls(
            Some(SPOUSE),
            &[
                (US_COLLECTOR, "2026-04-06T10:00:00", IN, 30),
                (US_COLLECTOR, "2026-04-07T22:00:00", IN, 30),
            ],
        )
        .messages(
            Some(SPOUSE),
            &[(
                US_COLLECTOR,
                "2026-04-08T10:00:00",
                1,
                "Your husband owes $2,400 on his loan.",
            )],
        );
    let us = c.report();
    assert!(
        findings(&us, "US-3P-REPEAT").is_empty(),
        "1692c(d): a spouse is the consumer"
    );
    assert!(findings(&us, "US-3P-DISCLOSE").is_empty());
    assert_eq!(
        counts(&us, "US-HOURS"),
        [1],
        "the night call to the consumer's spouse"
    );
    let cn = analysis::check(&c.data(), &Pack::builtin(Rules::Cn));
    assert_eq!(
        counts(&cn, "CN-THIRD-PARTY"),
        [3],
        "under China's rules a spouse is someone other than the debtor"
    );
    assert_eq!(findings(&cn, "CN-DISCLOSE").len(), 1);
}
