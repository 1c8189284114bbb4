//! Suspects, pattern facts, statistics and contradicted labels.

use super::*;

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
