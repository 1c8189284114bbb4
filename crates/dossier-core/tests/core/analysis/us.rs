//! The FDCPA and Regulation F: hours in the consumer's zone, 7 in 7, calls
//! after a conversation, third parties, whom the rules bind, requests to
//! cease.

use super::*;

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
