//! The first column mapping the import wizard offers (`import::suggest`):
//! the built-in mappings' names first, then header words, and what each
//! direction value means.

use crate::support::Fixture;
use dossier_core::import::{self, Direction, ImportOptions, direction_of, suggest};

fn rows(lines: &[&[&str]]) -> Vec<Vec<String>> {
    lines
        .iter()
        .map(|l| l.iter().map(|c| (*c).to_owned()).collect())
        .collect()
}

#[test]
fn a_carrier_list_gets_the_presets_columns_below_its_title_rows() {
    // The same rows as ui/src/features/import/import.test.ts.
    let list = rows(&[
        &["中国移动 通话详单", "", "", ""],
        &["起始时间", "对方号码", "呼叫类型", "通话时长"],
        &["2026-03-05 21:03:11", "13800000000", "被叫", "65"],
        &["2026-03-05 22:10:00", "13900000000", "主叫", "12"],
        &["2026-03-06 08:00:00", "13800000000", "未接", "0"],
    ]);
    let s = suggest(&list);
    assert_eq!(s.header_row, 1);
    assert_eq!(s.preset.as_deref(), Some("cn-carrier-calls"));
    assert_eq!(
        (
            s.channel.as_str(),
            s.time.as_deref(),
            s.number.as_deref(),
            s.direction.as_deref(),
            s.duration.as_deref(),
            s.body.as_deref()
        ),
        (
            "call",
            Some("起始时间"),
            Some("对方号码"),
            Some("呼叫类型"),
            Some("通话时长"),
            None
        )
    );
    let dirs: Vec<_> = s
        .directions
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(dirs, [("主叫", "out"), ("未接", "missed"), ("被叫", "in")]);
}

#[test]
fn a_date_and_a_clock_column_are_offered_split() {
    let s = suggest(&rows(&[
        &["通话日期", "起始时刻", "对方号码", "主被叫"],
        &["2026-03-05", "21:03:11", "13800000000", "被叫"],
    ]));
    assert_eq!(
        (s.time, s.date.as_deref(), s.clock.as_deref()),
        (None, Some("通话日期"), Some("起始时刻"))
    );
}

#[test]
fn headers_no_mapping_knows_are_read_by_their_words() {
    let s = suggest(&rows(&[
        &["Bank export"],
        &["Sender phone", "Received time", "Message text", "Type"],
        &["10659000", "2026-03-05 21:03", "逾期通知", "Incoming"],
    ]));
    assert_eq!(s.preset, None);
    assert_eq!(s.header_row, 1, "the row with the most cells");
    assert_eq!(
        (
            s.number.as_deref(),
            s.time.as_deref(),
            s.body.as_deref(),
            s.direction.as_deref(),
            s.channel.as_str()
        ),
        (
            Some("Sender phone"),
            Some("Received time"),
            Some("Message text"),
            Some("Type"),
            "sms"
        )
    );
    assert_eq!(s.directions.get("Incoming").map(String::as_str), Some("in"));
    assert!(
        !s.directions.contains_key("逾期通知"),
        "a message is not a direction"
    );
}

#[test]
fn direction_words_are_read_whole_in_english_and_by_word_in_chinese() {
    for (value, want) in [
        ("未接", Some(Direction::Missed)),
        ("未接来电", Some(Direction::Missed)),
        ("主叫", Some(Direction::Out)),
        ("被叫", Some(Direction::In)),
        ("拒接", Some(Direction::Rejected)),
        ("Outgoing", Some(Direction::Out)),
        ("IN", Some(Direction::In)),
        // "in" inside a word is no direction: a place, a name.
        ("Beijing", None),
        ("本地", None),
    ] {
        assert_eq!(direction_of(value), want, "{value}");
    }
}

#[test]
fn a_preview_of_a_list_carries_the_suggestion() {
    let f = Fixture::new();
    let path = f.file(
        "export.csv",
        "Sender phone,Received time,Message text\n10659000,2026-03-05 21:03,逾期通知\n".as_bytes(),
    );
    let preview = import::preview(&f.case, &path, &ImportOptions::default(), 5).expect("preview");
    assert!(preview.needs_mapping);
    let s = preview.suggested.expect("a suggestion");
    assert_eq!(s.number.as_deref(), Some("Sender phone"));
    assert_eq!(s.time.as_deref(), Some("Received time"));
}
