//! Snapshots of what the program prints and writes for one small fixed case:
//! every command's human output in Chinese and in English, every `--json`
//! schema, and the text layer of the dossier PDF in both languages. A change
//! to any of them shows as a diff against `snapshots/`; when the change is
//! meant, `UPDATE_EXPECT=1 cargo test -p dossier-e2e --test e2e snapshot`
//! writes the new output, and the diff is reviewed with the commit.
//!
//! The case is built with a fixed clock, a fixed user and relative paths, so
//! its output is the same on every machine.

use crate::support::dossier;
use expect_test::{ExpectFile, expect_file};
use std::path::Path;

/// Runs `dossier ARGS…` in `dir` in `lang`, and returns what it printed
/// (stdout, then stderr when there is any) with its exit code.
fn run(dir: &Path, lang: &str, args: &[&str]) -> String {
    let out = dossier()
        .current_dir(dir)
        .env("DOSSIER_LANG", lang)
        .env("USER", "tester")
        .args(args)
        .output()
        .expect("run dossier");
    let mut text = format!("$ dossier {}\n", args.join(" "));
    text.push_str(&String::from_utf8_lossy(&out.stdout));
    if !out.stderr.is_empty() {
        text.push_str("[stderr]\n");
        text.push_str(&String::from_utf8_lossy(&out.stderr));
    }
    text.push_str(&format!("[exit {}]\n\n", out.status.code().unwrap_or(-1)));
    text
}

/// 2026-03-05 22:00 +08:00, in epoch milliseconds.
const NIGHT: i64 = 1_772_719_200_000;
const MINUTE: i64 = 60_000;

fn calls() -> String {
    let mut xml = String::from(
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<calls count=\"7\">\n",
    );
    // The collector at night (answered, missed, rejected), the sister once,
    // and one the debtor made.
    let calls = [
        ("170 5551 1020", 0, 45, 1),
        ("170 5551 1020", 30, 0, 3),
        ("170 5551 1020", 65, 0, 5),
        ("+86 170 5551 1021", 120, 12, 1),
        ("170 5551 1020", 150, 0, 3),
        ("139 0000 5678", 600, 300, 1),
        ("139 0000 5678", 660, 60, 2),
    ];
    for (number, minutes, duration, kind) in calls {
        xml.push_str(&format!(
            "  <call number=\"{number}\" duration=\"{duration}\" date=\"{}\" type=\"{kind}\" presentation=\"1\" contact_name=\"(Unknown)\" />\n",
            NIGHT + minutes * MINUTE
        ));
    }
    xml.push_str("</calls>\n");
    xml
}

fn messages() -> String {
    let mut xml = String::from(
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"3\">\n",
    );
    let texts = [
        (
            10,
            "【鼎信资产】法院传票已下发，明天上午派人到你单位送达，通知你全家。",
        ),
        (40, "再不还款就去你单位闹，让你同事都知道你欠钱不还。"),
        (900, "您本月账单已出，请按时还款。"),
    ];
    for (minutes, body) in texts {
        xml.push_str(&format!(
            "  <sms protocol=\"0\" address=\"1705551 1020\" date=\"{}\" type=\"1\" subject=\"null\" body=\"{body}\" read=\"1\" status=\"-1\" />\n",
            NIGHT + minutes * MINUTE
        ));
    }
    xml.push_str("</smses>\n");
    xml
}

/// Builds the case in `dir` in `lang`, returning everything the commands
/// printed on the way.
fn build(dir: &Path, lang: &str) -> String {
    std::fs::create_dir_all(dir.join("in")).expect("mkdir");
    std::fs::write(dir.join("in/calls.xml"), calls()).expect("write");
    std::fs::write(dir.join("in/sms.xml"), messages()).expect("write");
    let photo = dossier_core::synth::photo(
        &mut dossier_core::synth::Rng(3),
        "2026:03:06 09:15:00",
        Some("+08:00"),
    );
    std::fs::write(dir.join("in/door.jpg"), photo).expect("write");
    // A file's time is its capture time when nothing inside it says one.
    let written = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_772_776_800);
    for name in ["calls.xml", "sms.xml", "door.jpg"] {
        std::fs::File::options()
            .write(true)
            .open(dir.join("in").join(name))
            .and_then(|f| f.set_modified(written))
            .expect("set the file's time");
    }
    let mut out = String::new();
    for args in [
        &[
            "init",
            "c.dossier",
            "--title",
            "快照案件",
            "--paydays",
            "15",
        ][..],
        &[
            "import",
            "c.dossier",
            "in/calls.xml",
            "--contributor",
            "李明",
        ],
        &["import", "c.dossier", "in/sms.xml", "--contributor", "李明"],
        &[
            "add",
            "c.dossier",
            "in/door.jpg",
            "--contributor",
            "李明",
            "--note",
            "门上被喷的字",
        ],
        &[
            "party",
            "c.dossier",
            "set",
            "17055511020",
            "--role",
            "collector",
            "--name",
            "鼎信资产",
            "--basis",
            "signature",
            "--source",
            "SMS of 5 March",
        ],
        &[
            "party",
            "c.dossier",
            "set",
            "17055511021",
            "--role",
            "family",
            "--name",
            "李娟",
        ],
        &[
            "note",
            "c.dossier",
            "--text",
            "两个人到我单位前台，说我欠钱不还，让前台转告领导。",
            "--at",
            "2026-03-06 10:30",
            "--channel",
            "visit",
            "--contributor",
            "李明",
        ],
    ] {
        out.push_str(&run(dir, lang, args));
    }
    out
}

/// The human output of every reading command.
fn readings(dir: &Path, lang: &str) -> String {
    let mut out = String::new();
    for args in [
        &["list", "c.dossier"][..],
        &["party", "c.dossier", "list"],
        &["timeline", "c.dossier"],
        &["check", "c.dossier"],
        &["check", "c.dossier", "--rules", "us"],
        &["stats", "c.dossier"],
        &["verify", "c.dossier"],
    ] {
        out.push_str(&run(dir, lang, args));
    }
    out
}

/// Every `--json` schema of the case.
fn json(dir: &Path, lang: &str) -> String {
    let mut out = String::new();
    for args in [
        &["list", "c.dossier", "--json"][..],
        &["party", "c.dossier", "list", "--json"],
        &["timeline", "c.dossier", "--json"],
        &["check", "c.dossier", "--json"],
        &["stats", "c.dossier", "--json"],
        &["verify", "c.dossier", "--json"],
        &["import", "c.dossier", "in/calls.xml", "--json"],
    ] {
        out.push_str(&run(dir, lang, args));
    }
    out
}

/// The text of every page of a PDF, as a reader extracts it.
fn pdf_text(path: &Path) -> String {
    let doc = lopdf::Document::load(path).expect("the dossier is a PDF");
    let mut out = String::new();
    for (number, _) in doc.get_pages() {
        out.push_str(&format!("--- page {number}\n"));
        out.push_str(&doc.extract_text(&[number]).expect("page text"));
        out.push('\n');
    }
    out
}

/// Every case begins its audit chain with a random case id, so the chain's
/// hashes (and the manifest's, which covers them) differ from one build to
/// the next: they are shown as `<chain>`. Originals' SHA-256 (in `keep`)
/// are the same on every build and stay.
fn stable(text: &str, keep: &[String]) -> String {
    let mut out = String::with_capacity(text.len());
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        let run = bytes[i..]
            .iter()
            .take_while(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(b))
            .count();
        let starts_word = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        // A hash the PDF's table wrapped over two lines.
        let wrapped = bytes[i + run..].strip_prefix(b"\n").map_or(0, |rest| {
            rest.iter()
                .take_while(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(b))
                .count()
        });
        if starts_word && (8..64).contains(&run) && run + wrapped == 64 {
            let hex: String = text[i..i + run + 1 + wrapped].replace('\n', "");
            if keep.contains(&hex) {
                out.push_str(&text[i..i + run + 1 + wrapped]);
            } else {
                out.push_str("<chain>\n");
            }
            i += run + 1 + wrapped;
            continue;
        }
        if starts_word && run >= 16 {
            let hex = &text[i..i + run];
            if run == 64 && keep.iter().any(|k| k == hex) {
                out.push_str(hex);
            } else if run == 64 || (run == 16 && text[i + run..].starts_with('…')) {
                out.push_str("<chain>");
            } else {
                out.push_str(hex);
            }
            i += run;
            continue;
        }
        let c = text[i..].chars().next().expect("a character");
        out.push(c);
        i += c.len_utf8();
    }
    out
}

/// The SHA-256 of every original of the case in `dir`.
fn originals(dir: &Path) -> Vec<String> {
    let out = dossier()
        .current_dir(dir)
        .args(["list", "c.dossier", "--json"])
        .output()
        .expect("run dossier");
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).expect("list json");
    list["exhibits"]
        .as_array()
        .expect("exhibits")
        .iter()
        .map(|e| e["sha256"].as_str().expect("sha256").to_owned())
        .collect()
}

fn check(actual: &str, keep: &[String], expected: ExpectFile) {
    expected.assert_eq(&stable(actual, keep));
}

#[test]
fn the_output_of_a_small_case_is_as_recorded() {
    let zh = tempfile::tempdir().expect("tmp");
    let en = tempfile::tempdir().expect("tmp");
    let built_zh = build(zh.path(), "zh");
    let built_en = build(en.path(), "en");
    let keep = originals(zh.path());
    assert_eq!(keep, originals(en.path()), "the same originals");
    check(&built_zh, &keep, expect_file!["snapshots/build-zh.txt"]);
    check(&built_en, &keep, expect_file!["snapshots/build-en.txt"]);
    check(
        &readings(zh.path(), "zh"),
        &keep,
        expect_file!["snapshots/readings-zh.txt"],
    );
    check(
        &readings(en.path(), "en"),
        &keep,
        expect_file!["snapshots/readings-en.txt"],
    );
    let schemas = stable(&json(en.path(), "en"), &keep);
    check(&schemas, &keep, expect_file!["snapshots/json.txt"]);
    assert_eq!(
        stable(&json(zh.path(), "zh"), &keep),
        schemas,
        "JSON does not depend on the user's language"
    );
    for (lang, expected) in [
        ("zh", expect_file!["snapshots/dossier-zh.txt"]),
        ("en", expect_file!["snapshots/dossier-en.txt"]),
    ] {
        let pdf = format!("dossier-{lang}.pdf");
        let r = run(
            zh.path(),
            "en",
            &[
                "export",
                "c.dossier",
                "--pdf",
                &pdf,
                "--lang",
                lang,
                "--preparer",
                "李明",
            ],
        );
        assert!(r.ends_with("[exit 0]\n\n"), "{r}");
        check(&pdf_text(&zh.path().join(&pdf)), &keep, expected);
    }
}
