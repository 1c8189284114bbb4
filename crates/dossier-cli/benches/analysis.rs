//! Analysis benchmark: `dossier check` (under the cn and the us pack) and
//! `dossier stats` on a case of 1,000,000 events — 900,000 calls from 300
//! numbers over two years, 100,000 SMS with text for the text rules — with
//! the wall time and peak memory of each command. Targets (issue 4): under
//! 2 s and under 500 MB per pack.
//!
//! Run with `cargo bench -p dossier-cli --bench analysis`. It prints figures;
//! it asserts nothing about time.

mod common;

use common::{measured, run};
use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::Path;
use std::process::Command;

const DOSSIER: &str = env!("CARGO_BIN_EXE_dossier");
/// 2025-01-01T00:00:00Z.
const T0: i64 = 1_735_689_600_000;
const CALLS: i64 = 900_000;
const MESSAGES: i64 = 100_000;
/// Two years, in milliseconds.
const SPAN: i64 = 730 * 86_400_000;

fn main() {
    if common::is_measuring_child() {
        return;
    }
    let base = common::fresh_dir("dossier-analysis-bench");
    let case = base.join("million.dossier");
    let case_arg = case.display().to_string();
    run(Command::new(DOSSIER).arg("init").arg(&case));
    let calls = base.join("calls.xml");
    let sms = base.join("sms.xml");
    write_calls(&calls);
    write_messages(&sms);
    for file in [&calls, &sms] {
        run(Command::new(DOSSIER).arg("import").arg(&case).arg(file));
    }
    // 200 of the 300 numbers belong to three lenders' collectors.
    for n in 0..200 {
        let group = ["青禾借款", "易速花", "鼎信资产"][n % 3];
        run(Command::new(DOSSIER).args([
            "party",
            &case_arg,
            "set",
            &number(n),
            "--role",
            "collector",
            "--group",
            group,
        ]));
    }
    println!(
        "case: {CALLS} calls and {MESSAGES} SMS, 1,000,000 events, 200 of 300 numbers labelled collectors"
    );
    for (what, argv) in [
        (
            "check --rules cn",
            vec![DOSSIER, "check", &case_arg, "--rules", "cn"],
        ),
        (
            "check --rules us",
            vec![DOSSIER, "check", &case_arg, "--rules", "us"],
        ),
        ("check --json", vec![DOSSIER, "check", &case_arg, "--json"]),
        ("stats", vec![DOSSIER, "stats", &case_arg]),
    ] {
        let mut times = Vec::new();
        let mut peak = 0;
        for _ in 0..3 {
            let (elapsed, rss) = measured(&argv);
            times.push(elapsed.as_secs_f64());
            peak = peak.max(rss);
        }
        times.sort_by(f64::total_cmp);
        println!(
            "  {what}: median {:.2} s (best {:.2} s), peak RSS {:.0} MiB",
            times[1],
            times[0],
            peak as f64 / 1024.0
        );
    }
    let _ = fs::remove_dir_all(&base);
}

/// The `n`th of 300 numbers, in blocks of a hundred.
fn number(n: usize) -> String {
    format!("+86 170 555{} {:04}", n / 100, 1000 + n % 100)
}

/// A pseudo-random sequence, the same every run.
fn next(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

fn write_calls(path: &Path) {
    let mut file = std::io::BufWriter::new(fs::File::create(path).expect("create"));
    writeln!(file, "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<calls count=\"{CALLS}\" type=\"full\">")
        .expect("write");
    let mut rng = 0x2545_F491_4F6C_DD1D_u64;
    let mut line = String::new();
    for i in 0..CALLS {
        line.clear();
        let r = next(&mut rng);
        let kind = [1, 1, 2, 3, 3, 3, 5][(r % 7) as usize];
        let duration = if kind == 1 || kind == 2 {
            5 + (r >> 8) % 300
        } else {
            0
        };
        let hidden = r.is_multiple_of(50);
        let _ = writeln!(
            line,
            "  <call number=\"{}\" duration=\"{duration}\" date=\"{}\" type=\"{kind}\" presentation=\"{}\" contact_name=\"(Unknown)\" />",
            if hidden {
                String::new()
            } else {
                number(((r >> 20) % 300) as usize)
            },
            T0 + i * (SPAN / CALLS) + ((r >> 32) % 60_000) as i64,
            if hidden { 2 } else { 1 },
        );
        file.write_all(line.as_bytes()).expect("write");
    }
    writeln!(file, "</calls>").expect("write");
    file.flush().expect("flush");
}

fn write_messages(path: &Path) {
    let texts = [
        "【青禾借款】您本期账单已出，还款日为每月15日。",
        "再不还钱我们就联系你的父母和单位领导，让你同事都知道你是老赖。",
        "法务部通知：你的案件已移交经侦，法院传票三日内送达。",
        "明天我们的人去你家楼下等你，你自己看着办。",
        "你好，晚上一起吃饭吗？",
    ];
    let mut file = std::io::BufWriter::new(fs::File::create(path).expect("create"));
    writeln!(file, "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"{MESSAGES}\" type=\"full\">")
        .expect("write");
    let mut rng = 0x9E37_79B9_7F4A_7C15_u64;
    for i in 0..MESSAGES {
        let r = next(&mut rng);
        writeln!(
            file,
            "  <sms protocol=\"0\" address=\"{}\" date=\"{}\" type=\"1\" body=\"{} #{i}\" read=\"1\" contact_name=\"(Unknown)\" />",
            number((r % 300) as usize),
            T0 + i * (SPAN / MESSAGES) + 7_000,
            texts[((r >> 16) % 5) as usize],
        )
        .expect("write");
    }
    writeln!(file, "</smses>").expect("write");
    file.flush().expect("flush");
}
