//! Real exports other projects keep as test data, read from
//! `../shared/realworld/` beside the repository (never copied into it; see
//! that folder's README for where each file comes from). The expected
//! values were worked out from the files themselves (Python's `xml`,
//! `csv` and `sqlite3`, and a plain dump of the spreadsheets' cells), not
//! with Dossier. In CI the folder must be there: a missing file fails.

use crate::support::{CLOCK, Fixture};
use dossier_core::evidence::ingest::Silent;
use dossier_core::import::{self, Direction, Format, Gap, ImportOptions, ImportReport};
use dossier_core::query::timeline;
use std::path::PathBuf;

/// A file of the shared folder; `None` (with a notice) outside CI when the
/// folder is not there.
fn realworld(rel: &str) -> Option<PathBuf> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/realworld")
        .join(rel);
    if path.exists() {
        return Some(path);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{} is missing: CI must have ../shared/realworld/",
        path.display()
    );
    eprintln!("skipped: {} is not here", path.display());
    None
}

fn import_file(
    f: &mut Fixture,
    path: &std::path::Path,
) -> Result<ImportReport, import::ImportError> {
    import::import(
        &mut f.case,
        path,
        &ImportOptions::default(),
        &CLOCK,
        "tester",
        &mut Silent,
    )
}

fn query(f: &Fixture, sql: &str) -> i64 {
    f.case.conn().query_row(sql, [], |r| r.get(0)).expect(sql)
}

fn directions(f: &Fixture, channel: &str) -> (i64, i64) {
    (
        query(
            f,
            &format!("SELECT COUNT(*) FROM event WHERE channel = '{channel}' AND direction = 'in'"),
        ),
        query(
            f,
            &format!(
                "SELECT COUNT(*) FROM event WHERE channel = '{channel}' AND direction = 'out'"
            ),
        ),
    )
}

#[test]
fn android_message_backups_import_every_complete_record() {
    // file, records, extracted media, gaps
    let cases: [(&str, u64, usize, usize); 11] = [
        ("devadvance__sms_small.xml", 12, 0, 0),
        ("devadvance__sample_small.xml", 7, 0, 0),
        ("devadvance__sample_mms.xml", 4, 4, 0),
        ("devadvance__corrupt_attachments.xml", 2, 0, 2),
        ("devadvance__empty.xml", 0, 0, 0),
        ("devadvance__sms_and_mms.xml", 49, 2, 1),
        ("shruggietech__edge_cases.xml", 4, 0, 0),
        ("shruggietech__minimal_sms.xml", 1, 0, 0),
        ("shruggietech__minimal_mms.xml", 1, 1, 0),
        ("shruggietech__mixed.xml", 3, 0, 0),
        ("mobilecombackup__sms-test.xml", 15, 1, 0),
    ];
    for (name, records, extracted, gaps) in cases {
        let Some(path) = realworld(&format!("android-sms/{name}")) else {
            return;
        };
        let mut f = Fixture::new();
        let report = import_file(&mut f, &path).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(report.format, Format::AndroidSms, "{name}");
        assert_eq!(
            (
                report.records,
                report.new_events,
                report.extracted.len(),
                report.gaps.len()
            ),
            (records, records, extracted, gaps),
            "{name}"
        );
    }
}

#[test]
fn a_backup_cut_short_keeps_its_49_complete_records() {
    let Some(path) = realworld("android-sms/devadvance__sms_and_mms.xml") else {
        return;
    };
    let mut f = Fixture::new();
    let report = import_file(&mut f, &path).expect("partial");
    assert_eq!(
        report.gaps,
        [Gap::Truncated {
            at_byte: 26_798,
            inside: Some("mms #9".into()),
            declared: Some(58)
        }]
    );
    assert_eq!(
        (
            query(&f, "SELECT COUNT(*) FROM event WHERE channel = 'sms'"),
            query(&f, "SELECT COUNT(*) FROM event WHERE channel = 'mms'")
        ),
        (41, 8)
    );
    let listed = dossier_core::query::list::exhibits(&f.case).expect("list");
    assert_eq!(
        listed[0].gaps, report.gaps,
        "the exhibit says it is incomplete"
    );
}

#[test]
fn broken_markup_is_refused_naming_the_byte() {
    let Some(path) = realworld("android-sms/shruggietech__malformed.xml") else {
        return;
    };
    let mut f = Fixture::new();
    let err = import_file(&mut f, &path).expect_err("refused");
    assert!(err.to_string().contains("byte 182"), "{err}");
    assert_eq!(query(&f, "SELECT COUNT(*) FROM event"), 0);
}

#[test]
fn overlapping_call_logs_are_22_distinct_calls() {
    let mut f = Fixture::new();
    let mut records = 0;
    for name in [
        "mobilecombackup__00_calls-test.xml",
        "mobilecombackup__01_calls-test.xml",
        "mobilecombackup__archive_calls.xml",
    ] {
        let Some(path) = realworld(&format!("android-calls/{name}")) else {
            return;
        };
        records += import_file(&mut f, &path).expect(name).records;
    }
    assert_eq!(records, 40);
    assert_eq!(query(&f, "SELECT COUNT(*) FROM event"), 22);
    let Some(path) = realworld("android-calls/shruggietech__minimal_calls.xml") else {
        return;
    };
    let mut g = Fixture::new();
    assert_eq!(import_file(&mut g, &path).expect("minimal").new_events, 1);
}

#[test]
fn an_iphone_sms_database_and_a_backup_folder_import() {
    let Some(path) = realworld("ios/amandawills__sms.db") else {
        return;
    };
    let mut f = Fixture::new();
    let report = import_file(&mut f, &path).expect("sms.db");
    assert_eq!((report.format, report.new_events), (Format::IosSms, 105));
    // 56 SMS and 49 iMessages; 51 sent from the phone.
    assert_eq!(
        query(&f, "SELECT COUNT(*) FROM event WHERE channel = 'chat'"),
        49
    );
    assert_eq!(
        query(&f, "SELECT COUNT(*) FROM event WHERE direction = 'out'"),
        51
    );
    // Seven attachments in six messages, none of them in a lone sms.db: each
    // is named as missing, and iOS's U+FFFC placeholder is never a text.
    let missing: Vec<&str> = report
        .gaps
        .iter()
        .filter_map(|g| match g {
            import::Gap::Missing { position } => Some(position.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(missing.len(), 7, "{missing:?}");
    assert!(missing.contains(&"message ROWID 34, attachment 1 (IMG_0066.HEIC)"));
    assert!(report.extracted.is_empty());
    assert_eq!(
        query(
            &f,
            "SELECT COUNT(*) FROM event WHERE instr(body, char(65532)) > 0"
        ),
        0
    );
    assert_eq!(
        query(
            &f,
            "SELECT COUNT(*) FROM event WHERE body IS NULL AND record IN \
             ('message ROWID 34', 'message ROWID 127', 'message ROWID 129', 'message ROWID 157', 'message ROWID 209')"
        ),
        5,
        "image-only messages have no text"
    );
    let Some(folder) = realworld("ios/mvt_ios_backup") else {
        return;
    };
    let backup = import::ios_backup(&folder);
    let found = backup.found;
    assert_eq!(found.len(), 1, "the backup holds sms.db only: {found:?}");
    assert_eq!(
        (backup.missing, backup.encrypted),
        (vec![import::Format::IosCalls], false),
        "its Manifest.db lists CallHistory.storedata, which the folder lacks"
    );
    let mut g = Fixture::new();
    let report = import_file(&mut g, &found[0].0).expect("backup sms.db");
    assert_eq!(report.new_events, 1);
}

#[test]
fn a_memotrace_chat_names_the_contact_by_account() {
    let Some(path) = realworld("wechat/socialclaw__21-新传-宋悦.csv") else {
        return;
    };
    let mut f = Fixture::new();
    let report = import_file(&mut f, &path).expect("wechat");
    assert_eq!((report.format, report.new_events), (Format::WeChatCsv, 3));
    let entries = timeline::entries(&f.case, None, None).expect("timeline");
    assert!(
        entries
            .iter()
            .all(|e| e.party_key.as_deref() == Some("id:wxid_h6cbjnu4re9722")),
        "never the row number 217, never the owner's account"
    );
    assert_eq!(entries[0].party_name.as_deref(), Some("21-新传-宋悦"));
    assert_eq!(
        entries.iter().map(|e| e.direction).collect::<Vec<_>>(),
        [
            Some(Direction::In),
            Some(Direction::Out),
            Some(Direction::Out)
        ]
    );
    assert_eq!(entries[2].body.as_deref(), Some("[表情 sticker]"));
}

#[test]
fn carrier_spreadsheets_import_with_their_numbers_masked() {
    // file, calls, (in, out), seconds in all, first call (UTC)
    let cases = [
        (
            "Jaccorot_src.xls",
            106,
            (66, 40),
            12_861,
            "2015-01-01T02:29:58.000Z",
        ),
        (
            "Lyndon1994_2017年03月语音通信.xls",
            5,
            (2, 3),
            686,
            "2017-03-04T06:30:15.000Z",
        ),
        (
            "llluiop_2015年05月语音通信.xls",
            74,
            (52, 22),
            8_169,
            "2015-05-01T09:31:32.000Z",
        ),
    ];
    for (name, calls, dirs, seconds, first) in cases {
        let Some(path) = realworld(&format!("carrier-xls/{name}")) else {
            return;
        };
        let mut f = Fixture::new();
        let report = import_file(&mut f, &path).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(report.format, Format::Excel, "{name}");
        assert_eq!((report.new_events, report.masked), (calls, calls), "{name}");
        assert_eq!(directions(&f, "call"), dirs, "{name}");
        assert_eq!(
            query(&f, "SELECT SUM(duration_ms) / 1000 FROM event"),
            seconds,
            "{name}"
        );
        assert_eq!(
            f.case
                .conn()
                .query_row("SELECT MIN(occurred_at) FROM event", [], |r| r
                    .get::<_, String>(0))
                .expect("first"),
            first,
            "{name}"
        );
        assert_eq!(
            query(&f, "SELECT COUNT(*) FROM party WHERE key != 'self'"),
            0,
            "{name}: a masked number is no one"
        );
    }
}

#[test]
fn a_mixed_list_of_calls_and_texts_is_read_by_its_type_column() {
    let Some(path) = realworld("csv/bandicoot__demo_ego.csv") else {
        return;
    };
    let mut f = Fixture::new();
    let report = import_file(&mut f, &path).expect("bandicoot");
    assert_eq!((report.format, report.new_events), (Format::Csv, 314));
    assert_eq!(directions(&f, "call"), (44, 31));
    assert_eq!(directions(&f, "sms"), (166, 73));
    assert_eq!(
        query(&f, "SELECT SUM(duration_ms) / 1000 FROM event"),
        266_797
    );
    assert_eq!(
        query(&f, "SELECT COUNT(*) FROM party WHERE key != 'self'"),
        7
    );
}
