//! Import benchmark: `dossier import` of a 100,000-call `calls.xml` (short
//! records, and the real app's full attribute set of about 300 bytes a
//! record), and of a ~200 MB `sms.xml` whose MMS carry images, with the
//! records per second and the peak memory of each. Targets (issue 3): at least 200,000 call records
//! per second, and under 100 MB peak memory for the 200 MB file.
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
