//! Import benchmark: `dossier import` of a 100,000-call `calls.xml` (short
//! records, and the real app's full attribute set of about 300 bytes a
//! record), and of a ~200 MB `sms.xml` whose MMS carry images, with the
//! records per second and the peak memory of each, and of a 100,000-row
//! `.xlsx` 详单 as a carrier's portal writes it (title rows, Excel date
//! serials, `2分32秒`, deflated). Targets: at least 200,000 call records
//! per second (issue 3), under 100 MB peak memory for the 200 MB file, and
//! 100,000 rows per second for the 详单 (issue 16).
//!
//! Run with `cargo bench -p dossier-cli --bench import`. It prints figures;
//! it asserts nothing about time.

mod common;

use common::{measured, run};
use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::Path;
use std::process::Command;

const DOSSIER: &str = env!("CARGO_BIN_EXE_dossier");
const T0: i64 = 1_772_715_791_000;

fn main() {
    if common::is_measuring_child() {
        return;
    }
    let base = common::fresh_dir("dossier-import-bench");

    let calls = base.join("calls-100k.xml");
    write_calls(&calls, 100_000, false);
    let full = base.join("calls-100k-full.xml");
    write_calls(&full, 100_000, true);
    let xlsx = base.join("detail-100k.xlsx");
    write_xlsx(&xlsx, 100_000);
    let sms = base.join("sms-200mb.xml");
    let (messages, images) = write_messages(&sms, 200 << 20);
    // Let the inputs reach the disk first, so their writeback does not
    // compete with the imports.
    run(&mut Command::new("sync"));
    let size = |p: &Path| fs::metadata(p).map(|m| m.len()).unwrap_or(0) as f64 / (1 << 20) as f64;

    for (path, what) in [
        (&calls, "calls.xml"),
        (&full, "calls.xml with the real app's full attribute set"),
    ] {
        println!("{what}: 100,000 calls, {:.1} MiB", size(path));
        let mut rates = Vec::new();
        for round in 1..=5 {
            let case = base.join(format!("calls-{round}.dossier"));
            run(Command::new(DOSSIER).arg("init").arg(&case));
            let (elapsed, rss) = measured(&[
                DOSSIER,
                "import",
                &case.display().to_string(),
                &path.display().to_string(),
            ]);
            println!(
                "  round {round}: {:.2} s, {:.0} records/s, peak RSS {:.1} MiB",
                elapsed.as_secs_f64(),
                100_000.0 / elapsed.as_secs_f64(),
                rss as f64 / 1024.0
            );
            rates.push(100_000.0 / elapsed.as_secs_f64());
            let _ = fs::remove_dir_all(&case);
            run(&mut Command::new("sync"));
        }
        rates.sort_by(f64::total_cmp);
        println!(
            "  median {:.0} records/s, best {:.0} (the whole `dossier import` command: start, open, store, commit)",
            rates[rates.len() / 2],
            rates[rates.len() - 1]
        );
    }

    println!(
        "carrier .xlsx 详单: 100,000 rows, {:.1} MiB (deflated)",
        size(&xlsx)
    );
    let mut rates = Vec::new();
    for round in 1..=3 {
        let case = base.join(format!("xlsx-{round}.dossier"));
        run(Command::new(DOSSIER).arg("init").arg(&case));
        let (elapsed, rss) = measured(&[
            DOSSIER,
            "import",
            &case.display().to_string(),
            &xlsx.display().to_string(),
        ]);
        println!(
            "  round {round}: {:.2} s, {:.0} rows/s, peak RSS {:.1} MiB",
            elapsed.as_secs_f64(),
            100_000.0 / elapsed.as_secs_f64(),
            rss as f64 / 1024.0
        );
        rates.push(100_000.0 / elapsed.as_secs_f64());
        let _ = fs::remove_dir_all(&case);
    }
    rates.sort_by(f64::total_cmp);
    println!("  median {:.0} rows/s", rates[rates.len() / 2]);

    println!(
        "sms.xml: {messages} SMS and MMS, {images} MMS images, {:.1} MiB",
        size(&sms)
    );
    for round in 1..=2 {
        let case = base.join(format!("sms-{round}.dossier"));
        run(Command::new(DOSSIER).arg("init").arg(&case));
        let (elapsed, rss) = measured(&[
            DOSSIER,
            "import",
            &case.display().to_string(),
            &sms.display().to_string(),
        ]);
        println!(
            "  round {round}: {:.2} s, {:.0} MiB/s, peak RSS {:.1} MiB",
            elapsed.as_secs_f64(),
            size(&sms) / elapsed.as_secs_f64(),
            rss as f64 / 1024.0
        );
        let _ = fs::remove_dir_all(&case);
    }
    let _ = fs::remove_dir_all(&base);
}

/// A call log of `n` calls from a few dozen numbers over three months;
/// `full`: every attribute the app writes, about 300 bytes a record, with
/// contacts' names.
fn write_calls(path: &Path, n: i64, full: bool) {
    let mut file = std::io::BufWriter::new(fs::File::create(path).expect("create"));
    writeln!(file, "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<calls count=\"{n}\" type=\"full\">")
        .expect("write");
    let mut line = String::new();
    for i in 0..n {
        line.clear();
        let (number, duration, date, kind) = (1000 + i % 40, i % 300, T0 + i * 77_000, 1 + i % 3);
        let _ = if full {
            writeln!(
                line,
                "  <call number=\"+8617055{number:04}\" duration=\"{duration}\" date=\"{date}\" type=\"{kind}\" presentation=\"1\" subscription_id=\"89860318760212345678\" post_dial_digits=\"\" subscription_component_name=\"com.android.phone/com.android.services.telephony.TelephonyConnectionService\" readable_date=\"2026年3月5日 下午9:03:11\" contact_name=\"催收{}号\" />",
                i % 40
            )
        } else {
            writeln!(
                line,
                "  <call number=\"+86 170 5551 {number:04}\" duration=\"{duration}\" date=\"{date}\" type=\"{kind}\" presentation=\"1\" subscription_id=\"1\" post_dial_digits=\"\" readable_date=\"2026年3月5日 21:03:11\" contact_name=\"(Unknown)\" />"
            )
        };
        file.write_all(line.as_bytes()).expect("write");
    }
    writeln!(file, "</calls>").expect("write");
    file.flush().expect("flush");
}

/// An SMS export of about `target` bytes: SMS with text, and every tenth
/// message an MMS with a distinct ~256 KB image as base64.
fn write_messages(path: &Path, target: u64) -> (u64, u64) {
    use base64::Engine as _;
    let mut file = std::io::BufWriter::new(fs::File::create(path).expect("create"));
    writeln!(file, "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"0\" type=\"full\">")
        .expect("write");
    let (mut written, mut messages, mut images) = (0u64, 0u64, 0u64);
    let body = "【青禾借款】您已逾期&#55357;&#56880;，今天不还款将通知您的紧急联系人和单位领导。";
    while written < target {
        let at = T0 + messages as i64 * 60_000;
        let line = if messages % 10 == 9 {
            images += 1;
            let image = dossier_core::synth::bytes(images, 192 * 1024);
            let data = base64::engine::general_purpose::STANDARD.encode(image);
            format!(
                "  <mms date=\"{at}\" msg_box=\"1\" address=\"17055511020\" m_type=\"132\" contact_name=\"(Unknown)\">\n    <parts>\n      <part seq=\"0\" ct=\"image/jpeg\" name=\"img{images}.jpg\" cl=\"img{images}.jpg\" data=\"{data}\" />\n      <part seq=\"0\" ct=\"text/plain\" text=\"再不还钱就上门\" />\n    </parts>\n    <addrs><addr address=\"17055511020\" type=\"137\" charset=\"106\" /></addrs>\n  </mms>\n"
            )
        } else {
            format!(
                "  <sms protocol=\"0\" address=\"1065912{:03}\" date=\"{at}\" type=\"1\" body=\"{body} #{messages}\" read=\"1\" readable_date=\"x\" contact_name=\"(Unknown)\" />\n",
                messages % 1000
            )
        };
        file.write_all(line.as_bytes()).expect("write");
        written += line.len() as u64;
        messages += 1;
    }
    writeln!(file, "</smses>").expect("write");
    file.flush().expect("flush");
    (messages, images)
}

/// A carrier's `.xlsx` 详单 of `n` calls: two title rows, the header
/// (`对方号码, 通话起始时间, 呼叫类型, 通话时长`), numbers as text (every
/// fifth masked), start times as Excel date serials, durations `2分32秒`.
fn write_xlsx(path: &Path, n: i64) {
    let mut sheet = String::with_capacity(n as usize * 220);
    sheet.push_str(r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#);
    let text = |sheet: &mut String, cell: String, value: &str| {
        let _ = write!(
            sheet,
            r#"<c r="{cell}" t="inlineStr"><is><t>{value}</t></is></c>"#
        );
    };
    sheet.push_str("<row r=\"1\">");
    text(&mut sheet, "A1".into(), "中国移动 通话详单");
    sheet.push_str("</row><row r=\"2\">");
    text(&mut sheet, "A2".into(), "客户：李明 查询月份：2026年03月");
    sheet.push_str("</row><row r=\"3\">");
    for (c, h) in ["对方号码", "通话起始时间", "呼叫类型", "通话时长"]
        .iter()
        .enumerate()
    {
        text(&mut sheet, format!("{}3", (b'A' + c as u8) as char), h);
    }
    sheet.push_str("</row>");
    // 2026-03-01 00:00 in Excel's days since 1899-12-30.
    let day0 = 46_082.0_f64;
    for i in 0..n {
        let r = i + 4;
        let _ = write!(sheet, r#"<row r="{r}">"#);
        let number = if i % 5 == 0 {
            format!("138****{:04}", i % 10_000)
        } else {
            format!("1705551{:04}", 1000 + i % 40)
        };
        text(&mut sheet, format!("A{r}"), &number);
        let _ = write!(
            sheet,
            r#"<c r="B{r}" s="1"><v>{:.8}</v></c>"#,
            day0 + (i as f64 * 77.0) / 86_400.0
        );
        text(
            &mut sheet,
            format!("C{r}"),
            if i % 3 == 0 { "主叫" } else { "被叫" },
        );
        text(
            &mut sheet,
            format!("D{r}"),
            &format!("{}分{:02}秒", (i % 300) / 60, i % 60),
        );
        sheet.push_str("</row>");
    }
    sheet.push_str("</sheetData></worksheet>");
    let parts = [
        ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"#.to_owned()),
        ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_owned()),
        ("xl/workbook.xml", r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="通话详单" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_owned()),
        ("xl/_rels/workbook.xml.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#.to_owned()),
        ("xl/styles.xml", r#"<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="22" applyNumberFormat="1"/></cellXfs></styleSheet>"#.to_owned()),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(
        fs::File::create(path).expect("create"),
    ));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, body) in parts {
        zip.start_file(name, options).expect("start");
        zip.write_all(body.as_bytes()).expect("write");
    }
    zip.finish().expect("finish");
}
