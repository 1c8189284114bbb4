//! Times people type, read in the case's zone unless they carry an offset.

use dossier_core::when::parse;
use jiff::tz::TimeZone;

fn check(input: &str, utc: &str, offset_seconds: i32) {
    let zone = TimeZone::get("Asia/Shanghai").expect("zone");
    let stated = parse(input, &zone, "Asia/Shanghai").unwrap_or_else(|e| panic!("{input}: {e}"));
    assert_eq!(stated.at.to_string(), utc, "{input}");
    assert_eq!(stated.offset.seconds(), offset_seconds, "{input}");
}

#[test]
fn forms_people_write() {
    check("2026-03-05 21:30", "2026-03-05T13:30:00Z", 8 * 3600);
    check("2026-03-05 21:30:15", "2026-03-05T13:30:15Z", 8 * 3600);
    check("2026-03-05T21:30", "2026-03-05T13:30:00Z", 8 * 3600);
    check("2026/03/05 21:30", "2026-03-05T13:30:00Z", 8 * 3600);
    check("2026年3月5日 21:30", "2026-03-05T13:30:00Z", 8 * 3600);
    check("2026年3月5日 21点30分", "2026-03-05T13:30:00Z", 8 * 3600);
    check(
        "2026-03-05T21:30:00+08:00",
        "2026-03-05T13:30:00Z",
        8 * 3600,
    );
    check(
        "2026-03-05T08:30:00-05:00",
        "2026-03-05T13:30:00Z",
        -5 * 3600,
    );
    check("2026-03-05T13:30:00Z", "2026-03-05T13:30:00Z", 0);
}

#[test]
fn nonsense_is_refused_with_the_forms_that_work() {
    let zone = TimeZone::get("Asia/Shanghai").expect("zone");
    for bad in ["", "yesterday", "2026-13-05 21:30", "2026-03-05", "21:30"] {
        let err = parse(bad, &zone, "Asia/Shanghai").expect_err(bad);
        assert!(
            err.to_string().contains("2026-03-05 21:30"),
            "the message shows a form that works: {err}"
        );
    }
}
