//! Exports cut short or damaged: every complete record imported, what was
//! lost said exactly, and malformed XML that is not a clean cut refused.

use super::*;

/// Writes `<sms>` records as the app does.
pub(crate) fn sms_xml(messages: &[(usize, i64, u8, String)], numbers: &[&str]) -> String {
    let mut xml = String::from(
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"0\">\n",
    );
    for (n, date, kind, body) in messages {
        let _ = writeln!(
            xml,
            "  <sms protocol=\"0\" address=\"{}\" date=\"{date}\" type=\"{kind}\" subject=\"null\" body=\"{}\" read=\"1\" readable_date=\"x\" contact_name=\"(Unknown)\" />",
            escape(numbers[*n]),
            escape(body)
        );
    }
    xml.push_str("</smses>\n");
    xml
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Random messages — Chinese, emoji, XML's special characters — written
    /// as sms.xml and imported are the same messages.
    #[test]
    fn messages_round_trip(messages in prop::collection::vec(
        (0usize..3, 0i64..2_000_000_000, prop::sample::select(vec![1u8, 2]), "[a-z 还钱催收😡&<>\"'，。]{1,40}"),
        1..30,
    )) {
        let numbers = ["1065912345", "+86 170 5551 1020", "13800138000"];
        let keys = ["tel:1065912345", "tel:+8617055511020", "tel:+8613800138000"];
        let dated: Vec<(usize, i64, u8, String)> =
            messages.iter().map(|(n, offset, kind, body)| (*n, T0 + offset, *kind, body.clone())).collect();
        let mut f = Fixture::new();
        let path = f.file("sms.xml", sms_xml(&dated, &numbers).as_bytes());
        let report = import::import(&mut f.case, &path, &ImportOptions::default(), &CLOCK, "t", &mut Silent).expect("import");
        prop_assert_eq!(report.records as usize, dated.len());
        let events = timeline::entries(&f.case, None, None).expect("timeline");
        for (i, (n, date, kind, body)) in dated.iter().enumerate() {
            let position = format!("sms #{}", i + 1);
            match events.iter().find(|e| e.sources.iter().any(|s| s.record == position)) {
                Some(e) if e.sources[0].record == position => {
                    prop_assert_eq!(e.body.as_deref(), Some(body.as_str()));
                    prop_assert_eq!(e.at.as_millisecond(), *date);
                    prop_assert_eq!(e.direction, Some(if *kind == 1 { Direction::In } else { Direction::Out }));
                    prop_assert_eq!(e.party_key.as_deref(), Some(keys[*n]));
                }
                _ => prop_assert!(dated[..i].iter().any(|(m, d, k, b)| m == n && k == kind && b == body && (d - date).abs() <= 1000),
                    "{} was merged with an earlier identical message", position),
            }
        }
    }

    /// Random calls written as a Shanghai-time CSV list (with the duration
    /// forms carriers use) and imported through a preset are the same calls.
    #[test]
    fn csv_calls_round_trip(calls in prop::collection::vec(
        (0i64..100_000_000, 0u64..7_200, 0usize..3, 0usize..3),
        1..30,
    )) {
        let zone = jiff::tz::TimeZone::get("Asia/Shanghai").expect("zone");
        let mut csv = String::from("time,number,direction,duration\n");
        let mut expected = Vec::new();
        for &(offset_s, duration, dir, form) in &calls {
            let at = jiff::Timestamp::from_second(1_772_715_791 + offset_s).expect("time");
            let local = at.to_zoned_datetime(zone.clone()).strftime("%Y-%m-%d %H:%M:%S").to_string();
            let written = match form {
                0 => duration.to_string(),
                1 => format!("{}分{}秒", duration / 60, duration % 60),
                _ => format!("{:02}:{:02}:{:02}", duration / 3600, duration / 60 % 60, duration % 60),
            };
            let direction = ["incoming", "outgoing", "missed"][dir];
            let _ = writeln!(csv, "{local},+86 170 5551 1020,{direction},{written}");
            expected.push((at, duration * 1000, [Direction::In, Direction::Out, Direction::Missed][dir]));
        }
        let mut f = Fixture::new();
        let path = f.file("calls.csv", csv.as_bytes());
        let report = import::import(&mut f.case, &path, &ImportOptions::default(), &CLOCK, "t", &mut Silent).expect("import");
        prop_assert_eq!(report.format, Format::Csv);
        let events = timeline::entries(&f.case, None, None).expect("timeline");
        for (i, (at, duration, direction)) in expected.iter().enumerate() {
            let position = format!("line {}", i + 2);
            match events.iter().find(|e| e.sources[0].record == position) {
                Some(e) => {
                    prop_assert_eq!(e.at, *at);
                    prop_assert_eq!(e.duration_ms, Some(*duration));
                    prop_assert_eq!(e.direction, Some(*direction));
                }
                None => prop_assert!(expected[..i].iter().any(|(a, d, r)| r == direction
                    && (a.as_millisecond() - at.as_millisecond()).abs() <= 1000 && d.abs_diff(*duration) <= 1000),
                    "{} was merged with an earlier identical call", position),
            }
        }
    }
}

#[test]
fn an_export_cut_short_keeps_every_complete_record_and_says_what_was_lost() {
    let calls: Vec<Call> = (0..50)
        .map(|i| Call::new("17055511020", T0 + i * 60_000, 10, 1))
        .collect();
    let full = calls_xml(&calls);
    // Cut inside the 34th <call>, as a phone that died mid-backup leaves it.
    let line_end = |n: usize| {
        full.match_indices("/>\n")
            .nth(n)
            .map(|(i, _)| i + 3)
            .expect("line")
    };
    let cut = line_end(32) + 40;
    let mut f = Fixture::new();
    let report =
        run(&mut f, "calls.xml", &full[..cut], &ImportOptions::default()).expect("partial");
    assert_eq!((report.records, report.new_events), (33, 33));
    assert_eq!(
        report.gaps,
        [import::Gap::Truncated {
            at_byte: cut as u64,
            inside: Some("call #34".into()),
            declared: Some(50)
        }]
    );
    assert!(report.incomplete());
    let rows: i64 = count(
        &f,
        "SELECT COUNT(*) FROM import_gap WHERE kind = 'truncated'",
    );
    assert_eq!(rows, 1, "the exhibit records that the export is incomplete");
    let listed = dossier_core::query::list::exhibits(&f.case).expect("list");
    assert_eq!(listed[0].gaps, report.gaps);
    assert!(
        listed[0].gaps[0]
            .describe(33, dossier_core::analysis::Lang::Zh)
            .contains("已导入 33 条完整记录")
    );
    assert!(dossier_core::case::verify::verify(&f.case, &mut Silent).is_intact());

    // Cut between two records: nothing is inside the cut.
    let mut g = Fixture::new();
    let report = run(
        &mut g,
        "calls.xml",
        &full[..line_end(9)],
        &ImportOptions::default(),
    )
    .expect("partial");
    assert_eq!(report.records, 10);
    assert!(matches!(
        &report.gaps[..],
        [import::Gap::Truncated { inside: None, .. }]
    ));

    // An MMS the file ends in is not imported; its media are let go.
    let (sms, _) = messages_xml();
    let start = sms.rfind("<mms").expect("an mms");
    let mut h = Fixture::new();
    let report = run(
        &mut h,
        "sms.xml",
        &sms[..start + 200],
        &ImportOptions::default(),
    )
    .expect("partial");
    let mms_before = sms[..start].matches("<mms").count();
    assert!(matches!(
        &report.gaps[..],
        [import::Gap::Truncated { inside: Some(r), .. }] if *r == format!("mms #{}", mms_before + 1)
    ));
    assert_tmp_clean(&h.root());
}

#[test]
fn a_quote_left_open_is_malformed_not_a_cut() {
    // The quote after number= never closes: the parser reads on to the end
    // of the file, past the root's own end tag. That is a whole file, and
    // malformed: refused, the byte named, nothing imported.
    let xml = "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<calls count=\"3\">\n\
<call number=\"17055511020\" duration=\"10\" date=\"1772715791000\" type=\"1\" />\n\
<call number=\"17055511020 duration=\"10\" date=\"1772715851000\" type=\"1\" />\n\
<call number=\"17055511020\" duration=\"10\" date=\"1772715911000\" type=\"1\" />\n</calls>\n";
    let mut f = Fixture::new();
    match run(&mut f, "calls.xml", xml, &ImportOptions::default()) {
        Err(ImportError::Malformed { at, reason, .. }) => {
            assert!(at.starts_with("byte "), "{at}");
            assert!(
                reason.en.contains("is not cut short but malformed"),
                "{reason}"
            );
            assert!(
                reason
                    .zh
                    .as_deref()
                    .is_some_and(|zh| zh.contains("文件并非被截断")),
                "{reason:?}"
            );
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    let events: i64 = count(&f, "SELECT COUNT(*) FROM event");
    assert_eq!(events, 0);
    assert_tmp_clean(&f.root());
}

#[test]
fn a_part_that_cannot_be_decoded_is_lost_alone() {
    let xml = "<smses count=\"1\">\n<mms date=\"1772715791000\" msg_box=\"1\" address=\"17055511020\">\
<parts><part ct=\"image/jpeg\" name=\"door.jpg\" data=\"not-valid-base64!!\" />\
<part ct=\"text/plain\" text=\"看看你家门口\" /></parts>\
<addrs><addr address=\"17055511020\" type=\"137\" /></addrs></mms>\n</smses>\n";
    let mut f = Fixture::new();
    let report = run(&mut f, "sms.xml", xml, &ImportOptions::default()).expect("partial");
    assert_eq!((report.new_events, report.extracted.len()), (1, 0));
    assert!(matches!(
        &report.gaps[..],
        [import::Gap::Part { position, .. }] if position == "mms #1, part 1"
    ));
    let entries = timeline::entries(&f.case, None, None).expect("timeline");
    assert_eq!(entries[0].body.as_deref(), Some("看看你家门口"));
    assert_tmp_clean(&f.root());
}
