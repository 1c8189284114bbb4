//! Importing Android SMS Backup & Restore exports: every record an event
//! that points back to its place in the stored export, the app's quirks
//! handled, malformed files refused whole, overlapping exports merged.

mod damaged;

use crate::support::{CLOCK, Fixture, assert_tmp_clean, blob, sha256};
use dossier_core::evidence::ingest::{IngestError, Silent};
use dossier_core::import::{
    self, Direction, Format, ImportError, ImportOptions, ImportReport, Owner,
};
use dossier_core::query::timeline;
use proptest::prelude::*;
use std::fmt::Write as _;

/// One `<call>` as the app writes it.
#[derive(Debug, Clone)]
pub struct Call {
    pub number: String,
    pub date_ms: i64,
    pub duration_s: u64,
    pub kind: u8,
    pub presentation: u8,
    pub contact: Option<String>,
}

impl Call {
    pub fn new(number: &str, date_ms: i64, duration_s: u64, kind: u8) -> Call {
        Call {
            number: number.into(),
            date_ms,
            duration_s,
            kind,
            presentation: 1,
            contact: None,
        }
    }
}

/// Escapes text as SMS Backup & Restore does: XML entities, and characters
/// beyond the BMP as two surrogate numeric references.
pub fn escape(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) > 0xFFFF => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    let _ = write!(out, "&#{unit};");
                }
            }
            c => out.push(c),
        }
    }
    out
}

pub fn calls_xml(calls: &[Call]) -> String {
    let mut xml = format!(
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<!--File Created By SMS Backup & Restore v10.20.002-->\n<calls count=\"{}\" backup_set=\"3f2a\" type=\"full\">\n",
        calls.len()
    );
    for c in calls {
        let _ = writeln!(
            xml,
            "  <call number=\"{}\" duration=\"{}\" date=\"{}\" type=\"{}\" presentation=\"{}\" subscription_id=\"1\" post_dial_digits=\"\" readable_date=\"2026年3月5日 21:03:11\" contact_name=\"{}\" />",
            escape(&c.number),
            c.duration_s,
            c.date_ms,
            c.kind,
            c.presentation,
            escape(c.contact.as_deref().unwrap_or("(Unknown)"))
        );
    }
    xml.push_str("</calls>\n");
    xml
}

fn run(
    f: &mut Fixture,
    name: &str,
    xml: &str,
    options: &ImportOptions,
) -> Result<ImportReport, ImportError> {
    let path = f.file(name, xml.as_bytes());
    import::import(&mut f.case, &path, options, &CLOCK, "tester", &mut Silent)
}

fn count(f: &Fixture, sql: &str) -> i64 {
    f.case.conn().query_row(sql, [], |r| r.get(0)).expect(sql)
}

const T0: i64 = 1_772_715_791_000; // 2026-03-05T13:03:11Z

#[test]
fn a_call_log_becomes_events_that_point_to_their_records() {
    let mut f = Fixture::new();
    let mut named = Call::new("138 0013 8000", T0 + 3_000_000, 12, 2);
    named.contact = Some("王芳".into());
    let mut hidden1 = Call::new("", T0 + 4_000_000, 0, 3);
    hidden1.presentation = 2;
    let hidden2 = Call::new("-2", T0 + 5_000_000, 0, 5);
    let calls = [
        Call::new("+86 170-5551-1020", T0, 83, 1),
        Call::new("17055511020", T0 + 1_000_000, 0, 3),
        Call::new("0086 17055511020", T0 + 2_000_000, 0, 6),
        named,
        hidden1,
        hidden2,
        Call::new("95555", T0 + 6_000_000, 30, 4),
    ];
    let report = run(
        &mut f,
        "calls-20260305.xml",
        &calls_xml(&calls),
        &ImportOptions::default(),
    )
    .expect("import");
    assert_eq!(
        (
            report.format,
            report.records,
            report.new_events,
            report.known_events
        ),
        (Format::AndroidCalls, 7, 7, 0)
    );

    let entries = timeline::entries(&f.case, None, None).expect("timeline");
    type Seen<'a> = (Option<Direction>, Option<&'a str>, Option<u64>, &'a str);
    let seen: Vec<Seen<'_>> = entries
        .iter()
        .map(|e| {
            (
                e.direction,
                e.party_key.as_deref(),
                e.duration_ms,
                e.sources[0].record.as_str(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (
                Some(Direction::In),
                Some("tel:+8617055511020"),
                Some(83_000),
                "call #1"
            ),
            (
                Some(Direction::Missed),
                Some("tel:+8617055511020"),
                Some(0),
                "call #2"
            ),
            (
                Some(Direction::Blocked),
                Some("tel:+8617055511020"),
                Some(0),
                "call #3"
            ),
            (
                Some(Direction::Out),
                Some("tel:+8613800138000"),
                Some(12_000),
                "call #4"
            ),
            (Some(Direction::Missed), None, Some(0), "call #5"),
            (Some(Direction::Rejected), None, Some(0), "call #6"),
            (
                Some(Direction::Voicemail),
                Some("tel:95555"),
                Some(30_000),
                "call #7"
            ),
        ]
    );
    assert_eq!(
        entries[0].at.to_string(),
        "2026-03-05T13:03:11Z",
        "epoch milliseconds are UTC"
    );
    assert!(
        entries[4].hidden && entries[5].hidden,
        "withheld numbers are marked hidden"
    );
    assert_eq!(
        entries[3].party_name.as_deref(),
        Some("王芳"),
        "a contact name names the party"
    );
    assert!(
        entries
            .iter()
            .all(|e| e.sources[0].exhibit == report.exhibit)
    );
    assert!(
        entries.iter().all(|e| e.owner.as_deref() == Some("self")),
        "the borrower's own phone by default"
    );
    assert_eq!(
        count(&f, "SELECT COUNT(*) FROM party WHERE key LIKE 'tel:%'"),
        3,
        "three numbers, the hidden ones none"
    );

    let log = dossier_core::case::audit::entries(f.case.conn()).expect("audit");
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        ["case.created", "item.added", "import"],
        "the file and its import, in one go"
    );
    let details = log[2].details_json().expect("json");
    assert_eq!(details["importer"], Format::AndroidCalls.importer());
    assert_eq!(details["new_events"], 7);
    assert_tmp_clean(&f.root());
    assert!(dossier_core::case::verify::verify(&f.case, &mut Silent).is_intact());
}

/// An `sms-*.xml` with a draft, an emoji, an MMS with a picture and three
/// addresses; returns the XML and the picture's bytes.
fn messages_xml() -> (String, Vec<u8>) {
    use base64::Engine as _;
    let picture = dossier_core::synth::png(2, 2, &[0, 1, 2, 3, 4, 5, 6, 0, 7, 8, 9, 10, 11, 12]);
    let data = base64::engine::general_purpose::STANDARD.encode(&picture);
    let body = escape("【青禾借款】您已逾期😰，今天不还款将通知您的紧急联系人 & 单位。");
    let xml = format!(
        r#"<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
<smses count="4" backup_set="a1" type="full">
  <sms protocol="0" address="1065912345" date="{t1}" type="1" subject="null" body="{body}" toa="null" sc_toa="null" service_center="null" read="1" status="-1" locked="0" date_sent="0" readable_date="x" contact_name="(Unknown)" />
  <sms protocol="0" address="+8617055511020" date="{t2}" type="3" body="草稿" contact_name="(Unknown)" />
  <sms protocol="0" address="+8617055511020" date="{t3}" type="2" body="我15号发工资再还" contact_name="(Unknown)" />
  <mms date="{t4}" msg_box="1" address="17055511020~13800138000~13900139000" m_type="132" contact_name="(Unknown)">
    <parts>
      <part seq="-1" ct="application/smil" name="null" text="&lt;smil&gt;&lt;/smil&gt;" />
      <part seq="0" ct="image/png" name="notice.png" cl="notice.png" data="{data}" />
      <part seq="0" ct="text/plain" name="null" text="这是律师函" />
    </parts>
    <addrs>
      <addr address="17055511020" type="137" charset="106" />
      <addr address="13800138000" type="151" charset="106" />
      <addr address="13900139000" type="151" charset="106" />
    </addrs>
  </mms>
</smses>
"#,
        t1 = T0,
        t2 = T0 + 60_000,
        t3 = T0 + 120_000,
        t4 = T0 + 180_000,
    );
    (xml, picture)
}

#[test]
fn messages_keep_their_text_emoji_and_mms_media() {
    let mut f = Fixture::new();
    let (xml, picture) = messages_xml();
    let report = run(&mut f, "sms-20260305.xml", &xml, &ImportOptions::default()).expect("import");
    assert_eq!(
        (report.records, report.new_events),
        (3, 3),
        "the draft is not an event"
    );
    assert_eq!(
        report.skipped,
        [("sms #2".to_owned(), "a draft, never sent".to_owned())]
    );
    let entries = timeline::entries(&f.case, None, None).expect("timeline");
    assert_eq!(
        entries[0].body.as_deref(),
        Some("【青禾借款】您已逾期😰，今天不还款将通知您的紧急联系人 & 单位。"),
        "surrogate-pair references become the emoji"
    );
    assert_eq!(entries[1].direction, Some(Direction::Out));
    let mms = &entries[2];
    assert_eq!(
        (mms.channel.as_str(), mms.body.as_deref()),
        ("mms", Some("这是律师函"))
    );
    assert_eq!(
        mms.party_key.as_deref(),
        Some("tel:+8617055511020"),
        "the sender of an incoming MMS"
    );

    assert_eq!(
        report.extracted.len(),
        1,
        "the picture is an exhibit of its own"
    );
    let rows = dossier_core::query::list::exhibits(&f.case).expect("list");
    let pic = rows
        .iter()
        .find(|r| r.exhibit == report.extracted[0])
        .expect("picture exhibit");
    assert_eq!(pic.sha256, sha256(&picture), "decoded byte for byte");
    assert_eq!(
        std::fs::read(blob(&f.root(), &pic.sha256)).expect("blob"),
        picture
    );
    assert_eq!(pic.kind, dossier_core::Kind::Image);
    assert_eq!(pic.original_name.as_deref(), Some("notice.png"));
    let source: (i64, String) = f
        .case
        .conn()
        .query_row(
            "SELECT source_exhibit, record FROM extracted WHERE exhibit = ?1",
            [pic.exhibit],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("extracted");
    assert_eq!(source, (report.exhibit, "mms #1, part 2".to_owned()));
    let recipients: Vec<String> = {
        let mut stmt = f
            .case
            .conn()
            .prepare("SELECT address FROM event_recipient ORDER BY address")
            .expect("stmt");
        stmt.query_map([], |r| r.get(0))
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("rows")
    };
    assert_eq!(
        recipients,
        ["13800138000", "13900139000"],
        "group recipients are kept"
    );
    assert!(dossier_core::case::verify::verify(&f.case, &mut Silent).is_intact());
}

fn assert_nothing_stored(f: &Fixture) {
    assert_eq!(count(f, "SELECT COUNT(*) FROM item"), 0, "no exhibit");
    assert_eq!(count(f, "SELECT COUNT(*) FROM event"), 0, "no event");
    assert_eq!(count(f, "SELECT COUNT(*) FROM audit"), 1, "no audit entry");
    assert_tmp_clean(&f.root());
}

fn malformed(xml: &str, options: &ImportOptions) -> String {
    let mut f = Fixture::new();
    let err = run(&mut f, "broken.xml", xml, options).expect_err("must be refused");
    assert_nothing_stored(&f);
    err.to_string()
}

#[test]
fn malformed_exports_import_nothing_and_say_where() {
    let calls: Vec<Call> = (0..50)
        .map(|i| Call::new("17055511020", T0 + i * 60_000, 10, 1))
        .collect();
    let full = calls_xml(&calls);
    // Tags that do not nest are broken markup, not a cut: refused whole.
    let tangled = full.replacen("</calls>", "</call></calls>", 1);
    let message = malformed(&tangled, &ImportOptions::default());
    assert!(
        message.contains("byte") && message.contains("nothing was imported"),
        "{message}"
    );

    let bad_date = full.replacen(
        &format!("date=\"{}\"", T0 + 60_000),
        "date=\"yesterday\"",
        1,
    );
    let message = malformed(&bad_date, &ImportOptions::default());
    assert!(
        message.contains("<call> #2") && message.contains("date=\"yesterday\""),
        "{message}"
    );

    let bad_type = full.replacen("type=\"1\"", "type=\"9\"", 1);
    let message = malformed(&bad_type, &ImportOptions::default());
    assert!(
        message.contains("<call> #1") && message.contains("type=\"9\""),
        "{message}"
    );

    let (sms, _) = messages_xml();
    let message = malformed(
        &sms,
        &ImportOptions {
            format: Some(Format::AndroidCalls),
            ..ImportOptions::default()
        },
    );
    assert!(
        message.contains("expected <calls>, found <smses>")
            && message.contains("--format android-sms"),
        "{message}"
    );

    let message = malformed(
        "<?xml version='1.0'?>\n<contacts><contact/></contacts>\n",
        &ImportOptions::default(),
    );
    assert!(
        message.contains("cannot tell what kind of export"),
        "{message}"
    );

    let message = malformed(
        "<calls><call number=\"1\" date=\"1\" type=\"1\"></calls>",
        &ImportOptions::default(),
    );
    assert!(
        message.contains("byte"),
        "an XML syntax error gives its position: {message}"
    );
}

#[test]
fn an_empty_or_unreadable_export_is_refused() {
    let mut f = Fixture::new();
    let err = run(&mut f, "empty.xml", "", &ImportOptions::default()).expect_err("empty");
    assert!(
        matches!(err, ImportError::Source(IngestError::Empty { .. })),
        "{err}"
    );
    let bytes = dossier_core::synth::bytes(3, 5000);
    let path = f.file("random.bin", &bytes);
    let err = import::import(
        &mut f.case,
        &path,
        &ImportOptions::default(),
        &CLOCK,
        "t",
        &mut Silent,
    )
    .expect_err("noise");
    assert!(matches!(err, ImportError::Undetected { .. }), "{err}");
    assert_nothing_stored(&f);
}

#[test]
fn the_same_export_twice_adds_nothing_new() {
    let mut f = Fixture::new();
    let calls: Vec<Call> = (0..20)
        .map(|i| Call::new("17055511020", T0 + i * 60_000, i as u64, 1))
        .collect();
    let xml = calls_xml(&calls);
    run(&mut f, "calls.xml", &xml, &ImportOptions::default()).expect("first");
    let again = run(&mut f, "calls-copy.xml", &xml, &ImportOptions::default()).expect("second");
    assert!(again.already_stored, "the same bytes are the same exhibit");
    assert_eq!((again.new_events, again.known_events), (0, 20));
    assert_eq!(count(&f, "SELECT COUNT(*) FROM event"), 20);
    assert_eq!(
        count(&f, "SELECT COUNT(*) FROM event_source"),
        0,
        "the same record is not its own second source"
    );
}

#[test]
fn overlapping_exports_merge_into_one_event_with_two_sources() {
    let mut f = Fixture::new();
    let all: Vec<Call> = (0..100)
        .map(|i| {
            Call::new(
                "+8617055511020",
                T0 + i * 600_000,
                (i % 7) as u64 * 10,
                1 + (i % 3) as u8,
            )
        })
        .collect();
    run(
        &mut f,
        "calls-march.xml",
        &calls_xml(&all[..60]),
        &ImportOptions::default(),
    )
    .expect("first");
    // The later backup's clock rounds to whole seconds: still the same calls.
    let mut later: Vec<Call> = all[40..].to_vec();
    for c in &mut later {
        c.date_ms = c.date_ms / 1000 * 1000 + 400;
    }
    let report = run(
        &mut f,
        "calls-april.xml",
        &calls_xml(&later),
        &ImportOptions::default(),
    )
    .expect("second");
    assert_eq!(
        (report.records, report.new_events, report.known_events),
        (60, 40, 20)
    );
    assert_eq!(count(&f, "SELECT COUNT(*) FROM event"), 100);
    let entries = timeline::entries(&f.case, None, None).expect("timeline");
    let two_sources = entries.iter().filter(|e| e.sources.len() == 2).count();
    assert_eq!(two_sources, 20, "the overlap is shown by both exports");
    let overlap = &entries[45];
    assert_eq!(overlap.sources[0].record, "call #46");
    assert_eq!(
        overlap.sources[1].record, "call #6",
        "the second export's own record"
    );
}

#[test]
fn a_relatives_phone_is_recorded_as_theirs() {
    let mut f = Fixture::new();
    let calls = [Call::new("17055511020", T0, 40, 1)];
    let options = ImportOptions {
        contributor: Some("母亲".into()),
        owner: Owner::Party("母亲".into()),
        ..ImportOptions::default()
    };
    run(&mut f, "mother-calls.xml", &calls_xml(&calls), &options).expect("import");
    let entries = timeline::entries(&f.case, None, None).expect("timeline");
    assert_eq!(
        entries[0].owner.as_deref(),
        Some("id:母亲"),
        "the collector called the mother's phone"
    );
    let owner: String = f
        .case
        .conn()
        .query_row(
            "SELECT p.key FROM import i JOIN party p ON p.id = i.owner_party",
            [],
            |r| r.get(0),
        )
        .expect("owner");
    assert_eq!(owner, "id:母亲");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Random call records → calls.xml → import → the events are the records.
    #[test]
    fn calls_round_trip(records in prop::collection::vec(
        (0usize..4, 0i64..2_000_000_000, 0u64..7_200, 1u8..=6, prop::bool::ANY),
        1..40,
    )) {
        let numbers = ["17055511020", "+86 138 0013 8000", "010-6552-1234", "95555"];
        let expected_keys = ["tel:+8617055511020", "tel:+8613800138000", "tel:+861065521234", "tel:95555"];
        let calls: Vec<Call> = records
            .iter()
            .map(|&(n, offset, duration, kind, hidden)| {
                let mut c = Call::new(numbers[n], T0 + offset, duration, kind);
                if hidden { c.presentation = 2; }
                c
            })
            .collect();
        let mut f = Fixture::new();
        let path = f.file("calls.xml", calls_xml(&calls).as_bytes());
        let report = import::import(&mut f.case, &path, &ImportOptions::default(), &CLOCK, "t", &mut Silent).expect("import");
        prop_assert_eq!(report.records as usize, calls.len());
        let mut events = timeline::entries(&f.case, None, None).expect("timeline");
        let mut sources = events.iter().map(|e| e.sources[0].record.clone()).collect::<Vec<_>>();
        sources.sort();
        sources.dedup();
        prop_assert_eq!(sources.len() as u64, report.new_events, "one record per new event");
        events.sort_by_key(|e| e.sources[0].record.trim_start_matches("call #").parse::<usize>().unwrap_or(0));
        // Every record is an event, or the same as one before it.
        for (i, call) in calls.iter().enumerate() {
            let position = format!("call #{}", i + 1);
            if let Some(e) = events.iter().find(|e| e.sources[0].record == position) {
                prop_assert_eq!(e.at.as_millisecond(), call.date_ms);
                prop_assert_eq!(e.duration_ms, Some(call.duration_s * 1000));
                prop_assert_eq!(e.hidden, call.presentation == 2);
                let key = records[i].0;
                prop_assert_eq!(e.party_key.as_deref(), (call.presentation != 2).then_some(expected_keys[key]));
            } else {
                let same_side = |j: usize| {
                    let (a, b) = (&calls[j], call);
                    if a.presentation == 2 || b.presentation == 2 {
                        a.presentation == b.presentation
                    } else {
                        records[j].0 == records[i].0
                    }
                };
                prop_assert!((0..i).any(|j| (calls[j].date_ms - call.date_ms).abs() <= 1000
                    && (calls[j].duration_s as i64 - call.duration_s as i64).abs() <= 1 && calls[j].kind == call.kind
                    && same_side(j)), "{} was merged with an earlier call of the same number", position);
            }
        }
    }
}
