//! China's rules: night hours, attempts and connected calls a day, third
//! parties reached.

use super::*;

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
