//! CSV lists and WeChat exports: encodings, title lines, Chinese date and
//! duration forms, mapping files, and errors that name the line.

use crate::support::{CLOCK, Fixture, assert_tmp_clean};
use dossier_core::evidence::ingest::Silent;
use dossier_core::import::{self, Direction, Format, ImportError, ImportOptions, Mapping, preset};
use dossier_core::query::timeline;

fn import_bytes(
    f: &mut Fixture,
    name: &str,
    bytes: &[u8],
    options: &ImportOptions,
) -> Result<import::ImportReport, ImportError> {
    let path = f.file(name, bytes);
    import::import(&mut f.case, &path, options, &CLOCK, "tester", &mut Silent)
}

fn gbk(text: &str) -> Vec<u8> {
    encoding_rs::GB18030.encode(text).0.into_owned()
}

const CARRIER: &str = "中国移动 通话详单\r\n查询时间段：2026年03月01日-2026年03月31日\r\n\
起始时间,通信地点,通信方式,对方号码,通话时长,通信类型\r\n\
2026年3月5日 21:03:11,北京,被叫,170 5551 1020,1分23秒,本地\r\n\
2026/03/05 22:00,北京,主叫,010-65521234,00:00:12,本地\r\n\
\r\n\
2026-03-06 23:10:00,北京,未接,17055511020,0,本地\r\n";

#[test]
fn a_gbk_carrier_list_with_title_lines_reads_through_the_preset() {
    let mut f = Fixture::new();
    let report =
        import_bytes(&mut f, "详单.csv", &gbk(CARRIER), &ImportOptions::default()).expect("import");
    assert_eq!(report.format, Format::Csv);
    assert!(
        report.importer.ends_with("mapping cn-carrier-calls"),
        "{}",
        report.importer
    );
    let entries = timeline::entries(&f.case, None, None).expect("timeline");
    type Seen<'a> = (
        String,
        Option<Direction>,
        Option<&'a str>,
        Option<u64>,
        &'a str,
    );
    let seen: Vec<Seen<'_>> = entries
        .iter()
        .map(|e| {
            (
                e.at.to_string(),
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
                "2026-03-05T13:03:11Z".to_owned(),
                Some(Direction::In),
                Some("tel:+8617055511020"),
                Some(83_000),
                "line 4"
            ),
            (
                "2026-03-05T14:00:00Z".to_owned(),
                Some(Direction::Out),
                Some("tel:+861065521234"),
                Some(12_000),
                "line 5"
            ),
            (
                "2026-03-06T15:10:00Z".to_owned(),
                Some(Direction::Missed),
                Some("tel:+8617055511020"),
                Some(0),
                "line 7"
            ),
        ],
        "Shanghai times, physical line numbers (the blank line 6 is passed over)"
    );
}

#[test]
fn utf16_and_bom_files_read_the_same() {
    let mut f = Fixture::new();
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(CARRIER.encode_utf16().flat_map(u16::to_le_bytes));
    let a = import_bytes(&mut f, "utf16.csv", &utf16, &ImportOptions::default()).expect("utf-16");
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(CARRIER.as_bytes());
    let b = import_bytes(&mut f, "bom.csv", &bom, &ImportOptions::default()).expect("bom");
    assert_eq!(
        (a.new_events, b.new_events, b.known_events),
        (3, 0, 3),
        "the same calls in another encoding"
    );
}

#[test]
fn a_mapping_file_reads_a_layout_no_preset_knows() {
    let mut f = Fixture::new();
    let mapping = Mapping::from_json(
        r#"{ "name": "my-bank-export", "channel": "sms",
             "columns": { "date": "日期", "clock": "时刻", "number": "发信人", "body": "短信", "direction": "方向" },
             "directions": { "收": "in", "发": "out" }, "year": 2026 }"#,
    )
    .expect("mapping");
    let text = "日期\t时刻\t发信人\t方向\t短信\n03-05\t21:03\t95555\t收\t您的账户已逾期，请尽快还款\n03-06\t09:00\t95555\t发\t好的\n";
    let options = ImportOptions {
        mapping: Some(mapping),
        ..ImportOptions::default()
    };
    let report = import_bytes(&mut f, "bank.tsv", text.as_bytes(), &options).expect("import");
    assert_eq!(report.new_events, 2);
    let entries = timeline::entries(&f.case, None, None).expect("timeline");
    assert_eq!(
        entries[0].at.to_string(),
        "2026-03-05T13:03:00Z",
        "the mapping's year completes 03-05"
    );
    assert_eq!(
        entries[0].body.as_deref(),
        Some("您的账户已逾期，请尽快还款")
    );
    assert_eq!(
        (entries[0].channel.as_str(), entries[1].direction),
        ("sms", Some(Direction::Out))
    );
}

#[test]
fn mapping_files_are_checked() {
    for (json, why) in [
        (r#"{ "columns": { "time": "t" } }"#, "columns.number"),
        (r#"{ "columns": { "number": "n" } }"#, "columns.time"),
        (
            r#"{ "channel": "fax", "columns": { "number": "n", "time": "t" } }"#,
            "fax",
        ),
        (
            r#"{ "columns": { "number": "n", "time": "t" }, "directions": { "x": "sideways" } }"#,
            "sideways",
        ),
        (
            r#"{ "columns": { "number": "n", "time": "t", "colour": "c" } }"#,
            "colour",
        ),
    ] {
        let err = Mapping::from_json(json).expect_err(json);
        assert!(err.contains(why), "{json}: {err}");
    }
    assert!(preset("cn-carrier-calls").is_some() && preset("nope").is_none());
}

#[test]
fn a_bad_row_names_its_line_and_imports_nothing() {
    let mut f = Fixture::new();
    let broken = CARRIER.replace("00:00:12", "twelve");
    let err = import_bytes(&mut f, "详单.csv", &gbk(&broken), &ImportOptions::default())
        .expect_err("bad duration");
    let message = err.to_string();
    assert!(
        message.contains("line 5")
            && message.contains("the duration")
            && message.contains("twelve"),
        "{message}"
    );
    let unknown = CARRIER.replace("主叫", "转接");
    let err = import_bytes(
        &mut f,
        "详单2.csv",
        &gbk(&unknown),
        &ImportOptions::default(),
    )
    .expect_err("bad direction");
    assert!(
        err.to_string().contains("line 5") && err.to_string().contains("转接"),
        "{err}"
    );
    assert_eq!(
        f.case
            .conn()
            .query_row("SELECT COUNT(*) FROM item", [], |r| r.get::<_, i64>(0))
            .expect("count"),
        0
    );
    assert_tmp_clean(&f.root());
}

#[test]
fn an_unknown_layout_or_encoding_is_explained() {
    let mut f = Fixture::new();
    let err = import_bytes(
        &mut f,
        "odd.csv",
        b"a,b,c\n1,2,3\n",
        &ImportOptions::default(),
    )
    .expect_err("no mapping fits");
    assert!(matches!(err, ImportError::NeedsMapping { .. }), "{err}");
    let garbage: Vec<u8> = (0..400u32)
        .map(|i| [0x81, 0x30, 0xFF, 0x2C][(i % 4) as usize])
        .collect();
    let options = ImportOptions {
        format: Some(Format::Csv),
        mapping: preset("generic-calls"),
        ..ImportOptions::default()
    };
    let err = import_bytes(&mut f, "garbage.csv", &garbage, &options).expect_err("encoding");
    assert!(
        err.to_string().contains("encoding cannot be recognised"),
        "{err}"
    );
}

#[test]
fn a_wechat_export_becomes_chat_events() {
    let mut f = Fixture::new();
    let csv = "\u{feff}localId,TalkerId,Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime,Remark,NickName,Sender\r\n\
1,wxid_collector01,1,0,0,1772715791,2,\"你再不还钱，我们就去你单位找你领导, 听到没\",2026-03-05 21:03:11,催收-张,张经理,wxid_collector01\r\n\
2,wxid_collector01,1,0,1,1772715851,2,我15号发工资,2026-03-05 21:04:11,催收-张,张经理,\r\n\
3,12345@chatroom,1,0,0,1772716000,2,大家看看这个老赖,2026-03-05 21:06:40,,,wxid_collector02\r\n\
4,wxid_collector01,10000,0,0,1772716100,2,对方撤回了一条消息,,,,\r\n\
5,wxid_collector01,34,0,0,1772716200,2,,2026-03-05 21:10:00,催收-张,张经理,wxid_collector01\r\n";
    let report = import_bytes(
        &mut f,
        "wechat.csv",
        csv.as_bytes(),
        &ImportOptions::default(),
    )
    .expect("import");
    assert_eq!((report.format, report.new_events), (Format::WeChatCsv, 4));
    assert_eq!(
        report.skipped,
        [("line 5".to_owned(), "a WeChat system notice".to_owned())]
    );
    let entries = timeline::entries(&f.case, None, None).expect("timeline");
    assert_eq!(
        entries[0].body.as_deref(),
        Some("你再不还钱，我们就去你单位找你领导, 听到没")
    );
    assert_eq!(entries[0].party_key.as_deref(), Some("id:wxid_collector01"));
    assert_eq!(
        entries[0].party_name.as_deref(),
        Some("催收-张"),
        "the remark names the contact"
    );
    assert_eq!(entries[1].direction, Some(Direction::Out));
    assert_eq!(
        entries[2].party_key.as_deref(),
        Some("id:wxid_collector02"),
        "in a group, the member who wrote"
    );
    assert_eq!(entries[3].body.as_deref(), Some("[语音 voice]"));
    assert_eq!(entries[0].sources[0].record, "line 2");
}

#[test]
fn the_same_instant_from_android_and_a_shanghai_csv_is_one_event() {
    let mut f = Fixture::new();
    let android = "<calls count=\"1\"><call number=\"17055511020\" duration=\"83\" date=\"1772715791000\" type=\"1\" presentation=\"1\" contact_name=\"(Unknown)\" /></calls>";
    import_bytes(
        &mut f,
        "calls.xml",
        android.as_bytes(),
        &ImportOptions::default(),
    )
    .expect("android");
    let report =
        import_bytes(&mut f, "详单.csv", &gbk(CARRIER), &ImportOptions::default()).expect("csv");
    assert_eq!(
        report.known_events, 1,
        "21:03:11 in Shanghai is 13:03:11 UTC: the same call"
    );
    let entries = timeline::entries(&f.case, None, None).expect("timeline");
    assert_eq!(entries[0].at.to_string(), "2026-03-05T13:03:11Z");
    assert_eq!(entries[0].sources.len(), 2);
}

fn calls_options() -> ImportOptions {
    ImportOptions {
        format: Some(Format::Csv),
        mapping: preset("generic-calls"),
        ..ImportOptions::default()
    }
}

const HEAD: &str = "time,number,direction,duration\n2026-03-05 21:03:11,17055511020,in,5\n";

#[test]
fn an_unterminated_quote_is_refused_naming_the_line_it_opened_on() {
    let mut f = Fixture::new();
    let text = format!(
        "{HEAD}2026-03-05 21:04:00,\"17055511020,in,5\n2026-03-05 21:05:00,17055511021,in,5\n"
    );
    let err = import_bytes(&mut f, "open.csv", text.as_bytes(), &calls_options())
        .expect_err("unterminated");
    assert!(
        matches!(err, ImportError::Unterminated { line: 3, .. }),
        "the quote opens on line 3: {err}"
    );
    assert!(err.to_string().contains("never closed"), "{err}");
    // The same quote running on for megabytes is refused once the field
    // passes 64 KiB, still naming the line it opened on.
    let mut long = format!("{HEAD}2026-03-05 21:04:00,\"17055511020,in,5\n");
    for i in 0..200_000 {
        long.push_str(&format!("2026-03-05 21:05:00,170555{i:05},in,5\n"));
    }
    let err = import_bytes(&mut f, "runaway.csv", long.as_bytes(), &calls_options())
        .expect_err("runaway");
    assert!(
        matches!(
            &err,
            ImportError::TooLong { at, what: import::Limit::Field { quoted: true, .. }, .. } if at == "line 3"
        ),
        "{err}"
    );
    assert!(err.to_string().contains("probably never closed"), "{err}");
    assert_eq!(
        dossier_core::query::list::counts(&f.case)
            .expect("counts")
            .0,
        0,
        "nothing stored"
    );
    assert_tmp_clean(&f.root());
}

#[test]
fn over_long_fields_lines_and_numbers_are_refused_naming_the_line() {
    let mut f = Fixture::new();
    let number = "1".repeat(import::NUMBER_MAX + 1);
    let field = "x".repeat(import::FIELD_MAX + 1);
    // A line of 3 MiB in fields each under 64 KiB: the record bound.
    let wide = vec!["y".repeat(60_000); 50].join(",");
    let cases: [(&str, String, &str); 3] = [
        (
            "number.csv",
            format!("{HEAD}2026-03-05 21:04:00,{number},in,5\n"),
            "more than 64 characters",
        ),
        (
            "field.csv",
            format!("{HEAD}2026-03-05 21:04:00,1705551,in,5,{field}\n"),
            "a field is longer than 64 KiB",
        ),
        (
            "line.csv",
            format!("{HEAD}2026-03-05 21:04:00,1705551,in,5,{wide}\n"),
            "a line is longer than 1 MiB",
        ),
    ];
    for (name, text, expect) in cases {
        let err = import_bytes(&mut f, name, text.as_bytes(), &calls_options()).expect_err(name);
        let message = err.to_string();
        assert!(
            matches!(&err, ImportError::TooLong { at, .. } if at == "line 3"),
            "{name}: {message}"
        );
        assert!(message.contains(expect), "{name}: {message}");
    }
    // Just inside every bound, and in GBK: read as before.
    let body_ok = "长".repeat(import::FIELD_MAX / 3 - 10);
    let mapping = Mapping::from_json(
        r#"{ "channel": "sms", "columns": { "time": "time", "number": "number", "body": "body" } }"#,
    )
    .expect("mapping");
    let text = format!("time,number,body\n2026-03-05 21:03:11,+86 170 5551 1020,\"{body_ok}\"\n");
    let options = ImportOptions {
        format: Some(Format::Csv),
        mapping: Some(mapping),
        ..ImportOptions::default()
    };
    let report = import_bytes(&mut f, "ok.csv", &gbk(&text), &options).expect("within bounds");
    assert_eq!(report.new_events, 1);
    assert_eq!(
        dossier_core::query::list::counts(&f.case)
            .expect("counts")
            .0,
        1,
        "only the good list is stored"
    );
}

#[test]
fn quoted_fields_span_lines_and_keep_their_quotes() {
    let mut f = Fixture::new();
    let mapping = Mapping::from_json(
        r#"{ "channel": "sms", "columns": { "time": "time", "number": "number", "body": "body" } }"#,
    )
    .expect("mapping");
    let text = "time,number,body\r\n2026-03-05 21:03:11,17055511020,\"第一行\r\n第二行，\"\"引号\"\"\"\r\n\r\n2026-03-05 21:04:11,17055511020,plain\r\n";
    let options = ImportOptions {
        format: Some(Format::Csv),
        mapping: Some(mapping),
        ..ImportOptions::default()
    };
    import_bytes(&mut f, "multi.csv", text.as_bytes(), &options).expect("import");
    let entries = timeline::entries(&f.case, None, None).expect("timeline");
    let seen: Vec<(Option<&str>, &str)> = entries
        .iter()
        .map(|e| (e.body.as_deref(), e.sources[0].record.as_str()))
        .collect();
    assert_eq!(
        seen,
        [
            (Some("第一行\r\n第二行，\"引号\""), "line 2"),
            (Some("plain"), "line 5"),
        ],
        "a quoted field keeps its line break and doubled quotes; lines count physical lines"
    );
}

#[test]
fn masked_numbers_in_a_carrier_list_are_never_one_party_and_never_hidden_callers() {
    let mut f = Fixture::new();
    let csv = "对方号码,起始时间,通话类型,通话时长\n\
***,2026-03-05 21:03:11,被叫,1分2秒\n\
***,2026-03-05 21:13:11,被叫,0秒\n\
138****1234,2026-03-05 21:23:11,被叫,5秒\n\
138****1234,2026-03-05 21:33:11,主叫,7秒\n\
13800001234,2026-03-05 21:43:11,被叫,9秒\n";
    let report = import_bytes(
        &mut f,
        "详单.csv",
        csv.as_bytes(),
        &ImportOptions::default(),
    )
    .expect("import");
    assert_eq!((report.new_events, report.masked), (5, 4));
    let entries = timeline::entries(&f.case, None, None).expect("timeline");
    let keys: Vec<_> = entries.iter().map(|e| e.party_key.as_deref()).collect();
    assert_eq!(
        keys,
        [
            None,
            None,
            Some("mask:+86138****1234"),
            Some("mask:+86138****1234"),
            Some("tel:+8613800001234")
        ],
        "a full mask is no one; a partial mask is its own key, apart from the full number"
    );
    assert!(entries[0].masked && !entries[0].hidden);
    let data = dossier_core::analysis::Data::load(&f.case).expect("load");
    let pack = dossier_core::analysis::Pack::load("cn").expect("pack");
    let patterns = dossier_core::analysis::check(&data, &pack).patterns;
    assert_eq!(
        patterns.hidden_calls, 0,
        "the carrier masked these numbers; the callers did not hide them"
    );
}

#[test]
fn a_call_in_the_phone_and_masked_in_the_carrier_list_is_one_event_either_way() {
    // 2026-03-05 21:03:11 and 21:13:11 in Shanghai.
    let android = "<calls count=\"2\">\
<call number=\"13812341234\" duration=\"62\" date=\"1772715791000\" type=\"1\" presentation=\"1\" />\
<call number=\"13900009999\" duration=\"5\" date=\"1772716391000\" type=\"1\" presentation=\"1\" />\
</calls>";
    let carrier = "对方号码,起始时间,通话类型,通话时长\n\
138****1234,2026-03-05 21:03:11,被叫,1分2秒\n\
***,2026-03-05 21:13:11,被叫,5秒\n\
***,2026-03-05 22:00:00,被叫,9秒\n";
    for phone_first in [true, false] {
        let mut f = Fixture::new();
        let steps: [(&str, &str); 2] = if phone_first {
            [("calls.xml", android), ("详单.csv", carrier)]
        } else {
            [("详单.csv", carrier), ("calls.xml", android)]
        };
        for (name, text) in steps {
            import_bytes(&mut f, name, text.as_bytes(), &ImportOptions::default()).expect(name);
        }
        let entries = timeline::entries(&f.case, None, None).expect("timeline");
        let keys: Vec<_> = entries.iter().map(|e| e.party_key.as_deref()).collect();
        assert_eq!(
            keys,
            [Some("tel:+8613812341234"), Some("tel:+8613900009999"), None],
            "phone first: {phone_first}; the phone's number names the call either way"
        );
        assert_eq!(
            entries.iter().map(|e| e.sources.len()).collect::<Vec<_>>(),
            [2, 2, 1]
        );
        assert!(entries[2].masked && !entries[0].masked && !entries[1].masked);
        let v = dossier_core::case::verify::verify(&f.case, &mut Silent);
        assert!(v.is_intact(), "{v:?}");
    }
}

/// A minimal `.xlsx` written by hand: one sheet of inline strings and
/// numbers; a number given style 1 is a date (format 22, `m/d/yy h:mm`).
fn xlsx(rows: &[Vec<(&str, bool)>]) -> Vec<u8> {
    use std::io::Write as _;
    let mut sheet = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
    );
    for (r, row) in rows.iter().enumerate() {
        sheet.push_str(&format!(r#"<row r="{}">"#, r + 1));
        for (c, (value, date)) in row.iter().enumerate() {
            let cell = format!("{}{}", (b'A' + c as u8) as char, r + 1);
            if *date {
                sheet.push_str(&format!(r#"<c r="{cell}" s="1"><v>{value}</v></c>"#));
            } else if value.parse::<f64>().is_ok() {
                sheet.push_str(&format!(r#"<c r="{cell}"><v>{value}</v></c>"#));
            } else {
                sheet.push_str(&format!(
                    r#"<c r="{cell}" t="inlineStr"><is><t>{value}</t></is></c>"#
                ));
            }
        }
        sheet.push_str("</row>");
    }
    sheet.push_str("</sheetData></worksheet>");
    let parts = [
        ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"#.to_owned()),
        ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_owned()),
        ("xl/workbook.xml", r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="说明" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_owned()),
        ("xl/_rels/workbook.xml.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#.to_owned()),
        ("xl/styles.xml", r#"<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="22" applyNumberFormat="1"/></cellXfs></styleSheet>"#.to_owned()),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, text) in parts {
        zip.start_file(name, options).expect("start");
        zip.write_all(text.as_bytes()).expect("write");
    }
    zip.finish().expect("finish").into_inner()
}

#[test]
fn an_excel_carrier_list_is_read_through_the_same_presets() {
    let t = |v: &'static str| (v, false);
    // 46086.877222… is 2026-03-05 21:03:12 (days since 1899-12-30).
    let rows = vec![
        vec![t("中国移动 通话详单 2026年03月")],
        vec![t("客户：李明")],
        vec![
            t("对方号码"),
            t("通话起始时间"),
            t("呼叫类型"),
            t("通话时长"),
        ],
        vec![
            t("138****1234"),
            ("46086.877222222", true),
            t("被叫"),
            t("2分32秒"),
        ],
        vec![t("***"), t("2026-03-05 21:13:11"), t("主叫"), t("35")],
        vec![
            t("13800001234"),
            t("2026/03/05 21:23:11"),
            t("被叫"),
            t("00:01:05"),
        ],
    ];
    let mut f = Fixture::new();
    let report =
        import_bytes(&mut f, "详单.xlsx", &xlsx(&rows), &ImportOptions::default()).expect("xlsx");
    assert_eq!(
        (report.format, report.new_events, report.masked),
        (Format::Excel, 3, 2)
    );
    let entries = timeline::entries(&f.case, None, None).expect("timeline");
    assert_eq!(
        entries
            .iter()
            .map(|e| dossier_core::clock::format_utc(e.at))
            .collect::<Vec<_>>(),
        [
            "2026-03-05T13:03:12.000Z",
            "2026-03-05T13:13:11.000Z",
            "2026-03-05T13:23:11.000Z"
        ],
        "a date serial, in the case's zone"
    );
    assert_eq!(
        entries.iter().map(|e| e.duration_ms).collect::<Vec<_>>(),
        [Some(152_000), Some(35_000), Some(65_000)]
    );
    assert_eq!(entries[0].party_key.as_deref(), Some("mask:+86138****1234"));
    assert_eq!(
        entries[0].sources[0].record, "row 4",
        "the sheet's own row number"
    );
    assert!(entries[1].masked);
    // A workbook with no list a preset knows asks for a mapping, not --format.
    let other = xlsx(&[vec![t("a"), t("b")], vec![t("1"), t("2")]]);
    let err = import_bytes(&mut f, "other.xlsx", &other, &ImportOptions::default())
        .expect_err("no preset fits");
    assert!(matches!(err, ImportError::NeedsMapping { .. }), "{err}");
}

#[test]
fn an_xlsx_that_would_unpack_beyond_the_bound_is_refused_before_it_is_expanded() {
    let t = |v: &'static str| (v, false);
    let mut bytes = xlsx(&[
        vec![t("对方号码"), t("通话起始时间")],
        vec![t("13800001234"), t("2026-03-05 21:13:11")],
    ]);
    // Each central-directory entry now claims 1 GiB unpacked: the sizes a
    // zip bomb declares (its deflated data is what would expand to them).
    let mut at = 0;
    while let Some(i) = bytes[at..].windows(4).position(|w| w == b"PK\x01\x02") {
        let entry = at + i;
        bytes[entry + 24..entry + 28].copy_from_slice(&(1u32 << 30).to_le_bytes());
        at = entry + 4;
    }
    let mut f = Fixture::new();
    let err = import_bytes(&mut f, "bomb.xlsx", &bytes, &ImportOptions::default())
        .expect_err("a bomb is refused");
    assert!(err.to_string().contains("512 MiB"), "{err}");
    assert_eq!(
        f.case
            .conn()
            .query_row("SELECT COUNT(*) FROM item", [], |r| r.get::<_, i64>(0))
            .expect("count"),
        0,
        "nothing stored"
    );
    assert_tmp_clean(&f.root());
}
