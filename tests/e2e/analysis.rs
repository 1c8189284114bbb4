//! `dossier check` and `dossier stats` as a user runs them: on the demo
//! case, in both languages and as JSON whose every citation leads to a
//! stored exhibit and record; with another pack; and with bad input.

use crate::support::{World, dossier, run};
use serde_json::Value;
use std::collections::BTreeSet;

/// Builds the demo in a temporary folder; returns it and the case path.
fn demo() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("tmp");
    let target = dir.path().join("demo");
    let r = run(["demo", &target.display().to_string()]);
    assert_eq!(r.code, 0, "{r:?}");
    let case = target.join("demo.dossier").display().to_string();
    (dir, case)
}

fn json(args: &[&str]) -> Value {
    let r = run(args);
    assert_eq!(r.code, 0, "{r:?}");
    serde_json::from_str(&r.stdout).expect("valid JSON")
}

#[test]
fn check_on_the_demo_finds_every_cn_pattern_and_cites_stored_records() {
    let (_dir, case) = demo();
    let report = json(&["check", &case, "--json"]);
    assert_eq!(report["schema"], "dossier.check/1");
    assert_eq!(report["pack"], "cn");
    let rules: Vec<&str> = report["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .map(|r| r["id"].as_str().expect("id"))
        .collect();
    assert_eq!(
        rules,
        [
            "CN-HOURS",
            "CN-CONNECTED-3",
            "CN-ATTEMPTS-6",
            "CN-THIRD-PARTY",
            "CN-DISCLOSE",
            "CN-FAKE-LEGAL",
            "CN-MISLEAD",
            "CN-VISIT",
            "CN-POSTED",
            "CN-THREAT"
        ],
        "every rule of the pack, in order"
    );
    // The demo holds night calls, busy days, calls to the sister and what
    // she was told, fake legal notices, a made-up blacklist, visits, a
    // notice on the door and threats.
    for id in [
        "CN-HOURS",
        "CN-ATTEMPTS-6",
        "CN-THIRD-PARTY",
        "CN-DISCLOSE",
        "CN-FAKE-LEGAL",
        "CN-MISLEAD",
        "CN-VISIT",
        "CN-POSTED",
        "CN-THREAT",
    ] {
        let rule = report["rules"]
            .as_array()
            .expect("rules")
            .iter()
            .find(|r| r["id"] == id)
            .expect("rule");
        assert!(
            !rule["findings"].as_array().expect("findings").is_empty(),
            "{id} finds something in the demo"
        );
        assert!(
            !rule["sources"].as_array().expect("sources").is_empty(),
            "{id} cites its source"
        );
    }
    // Every cited record is a record of a stored exhibit.
    let listed = json(&["list", &case, "--json"]);
    let exhibits: BTreeSet<i64> = listed["exhibits"]
        .as_array()
        .expect("exhibits")
        .iter()
        .map(|e| e["exhibit"].as_i64().expect("number"))
        .collect();
    let timeline = json(&["timeline", &case, "--json"]);
    let records: BTreeSet<(i64, String)> = timeline["events"]
        .as_array()
        .expect("events")
        .iter()
        .flat_map(|e| e["sources"].as_array().expect("sources").clone())
        .map(|s| {
            (
                s["exhibit"].as_i64().expect("exhibit"),
                s["record"].as_str().expect("record").to_owned(),
            )
        })
        .collect();
    let mut cited = 0;
    for rule in report["rules"].as_array().expect("rules") {
        for finding in rule["findings"].as_array().expect("findings") {
            assert!(!finding["sentence"]["zh"].as_str().expect("zh").is_empty());
            assert!(!finding["sentence"]["en"].as_str().expect("en").is_empty());
            for event in finding["events"].as_array().expect("events") {
                for source in event["sources"].as_array().expect("sources") {
                    let exhibit = source["exhibit"].as_i64().expect("exhibit");
                    let record = source["record"].as_str().expect("record").to_owned();
                    assert!(exhibits.contains(&exhibit), "exhibit {exhibit} is stored");
                    assert!(
                        records.contains(&(exhibit, record.clone())),
                        "{exhibit} {record} is in the timeline"
                    );
                    cited += 1;
                }
            }
        }
    }
    assert!(cited > 100, "the findings cite their events: {cited}");
    let suspects = report["suspects"].as_array().expect("suspects");
    assert!(
        suspects.iter().any(
            |s| s["party"].is_string() && !s["reasons"].as_array().expect("reasons").is_empty()
        ),
        "the demo's unlabelled number is offered with its reasons: {suspects:?}"
    );
    assert!(report["patterns"]["escalating"].is_boolean());

    let (first, again) = (
        run(["check", &case, "--json"]),
        run(["check", &case, "--json"]),
    );
    assert!(
        first.stdout == again.stdout,
        "the same case gives the same report, byte for byte"
    );
}

#[test]
fn check_reads_in_chinese_and_english_and_under_another_pack() {
    let (_dir, case) = demo();
    let zh = dossier()
        .env("DOSSIER_LANG", "zh")
        .args(["check", &case])
        .output()
        .expect("run");
    let zh = String::from_utf8_lossy(&zh.stdout);
    assert!(zh.contains("CN-HOURS 夜间催收 [S]"), "{zh}");
    assert!(
        zh.contains("依据：中国银行业协会《金融机构个人消费类贷款催收工作指引（试行）》（2026）"),
        "{zh}"
    );
    assert!(
        zh.contains("催收方共联系了 2 位第三人（家人 1 人、同事 1 人）"),
        "{zh}"
    );
    assert!(zh.contains("疑似催收号码"), "{zh}");
    assert!(zh.contains("证据："), "{zh}");
    let en = run(["check", &case]);
    assert!(
        en.stdout
            .contains("CN-THIRD-PARTY Collection contact with third parties"),
        "{}",
        en.stdout
    );
    assert!(
        en.stdout
            .contains("Collectors contacted 王芳 (+8613800138000) (family)"),
        "{}",
        en.stdout
    );
    assert!(en.stdout.contains("Evidence: exhibit "), "{}", en.stdout);
    let us = json(&["check", &case, "--rules", "us", "--json"]);
    assert_eq!(us["pack"], "us");
    assert_eq!(
        us["time_zone"], "Asia/Shanghai",
        "the case's zone stays the consumer's"
    );
    let ids: Vec<&str> = us["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .map(|r| r["id"].as_str().expect("id"))
        .collect();
    assert_eq!(
        ids,
        [
            "US-HOURS",
            "US-7IN7",
            "US-7AFTER",
            "US-3P-REPEAT",
            "US-FALSE-LEGAL",
            "US-3P-DISCLOSE",
            "US-ABUSE",
            "US-CEASE"
        ]
    );
}

#[test]
fn stats_count_days_hours_and_parties() {
    let (_dir, case) = demo();
    let stats = json(&["stats", &case, "--json"]);
    assert_eq!(stats["schema"], "dossier.stats/1");
    assert_eq!(stats["hours"].as_array().expect("hours").len(), 24);
    let night: Vec<u64> = stats["hours"]
        .as_array()
        .expect("hours")
        .iter()
        .filter(|h| h["night"] == true)
        .map(|h| h["hour"].as_u64().expect("hour"))
        .collect();
    assert_eq!(
        night,
        [0, 1, 2, 3, 4, 5, 6, 7, 22, 23],
        "the cn pack's night"
    );
    let events = stats["events"].as_u64().expect("events");
    let per_day: u64 = stats["days"]
        .as_array()
        .expect("days")
        .iter()
        .map(|d| d["count"].as_u64().expect("count"))
        .sum();
    assert_eq!(per_day, events, "every event is on one day");
    assert_eq!(stats["third_parties_reached"], 1, "the sister");
    assert!(stats["parties"].as_array().expect("parties").len() >= 10);
    let text = run(["stats", &case]);
    assert_eq!(text.code, 0);
    assert!(text.stdout.contains("By hour"), "{}", text.stdout);
}

#[test]
fn a_case_without_labelled_collectors_says_what_to_do() {
    let w = World::new();
    let r = w.run("check", &[]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stdout
            .contains("No number is labelled as a lender, agency or collector yet"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("CN-HOURS Collection contact at night [S] — nothing found"),
        "{}",
        r.stdout
    );
    let s = w.run("stats", &[]);
    assert_eq!(s.code, 0, "{s:?}");
}

#[test]
fn a_bad_rule_pack_is_refused_and_named() {
    let w = World::new();
    let r = w.run("check", &["--rules", "uk"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("uk: unknown rule pack — use cn or us"),
        "{}",
        r.stderr
    );
    let pack = include_str!("../../crates/dossier-core/rules/us.toml");
    let unsourced = pack.replace(
        "[[rule.source]]\ncite.zh = \"12 CFR 1006.10(c)\"\ncite.en = \"12 CFR 1006.10(c)\"\nconfidence = \"P\"\n",
        "",
    );
    assert_ne!(unsourced, pack, "the test removed a source");
    let file = w.file("my-pack.toml", unsourced.as_bytes());
    let r = w.run("check", &["--rules", &file.display().to_string()]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr
            .contains("rule US-3P-REPEAT: the rule has no source"),
        "{}",
        r.stderr
    );
    let missing = run(["check", "/nonexistent/case.dossier"]);
    assert_eq!(missing.code, 2, "{missing:?}");
}

/// What a lawyer does with the demo's dossier: takes each finding back to
/// the events it cites and checks that they say what the finding says. The
/// demo is seeded, so its findings are pinned rule by rule.
#[test]
fn every_demo_finding_traces_to_events_that_prove_it() {
    let (_dir, case) = demo();
    let report = json(&["check", &case, "--json"]);
    let timeline = json(&["timeline", &case, "--json"]);
    let events: std::collections::BTreeMap<i64, &Value> = timeline["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| (e["event"].as_i64().expect("id"), e))
        .collect();
    let mut pinned = Vec::new();
    for rule in report["rules"].as_array().expect("rules") {
        let id = rule["id"].as_str().expect("id");
        let findings = rule["findings"].as_array().expect("findings");
        let mut counted = 0;
        for f in findings {
            let cited: Vec<&Value> = f["events"]
                .as_array()
                .expect("events")
                .iter()
                .map(|e| events[&e["event"].as_i64().expect("id")])
                .collect();
            let count = f["count"].as_u64().expect("count");
            assert_eq!(cited.len() as u64, count, "{id}: a count is its events");
            counted += count;
            let hour = |e: &Value| -> u32 {
                e["local"].as_str().expect("local")[11..13]
                    .parse()
                    .expect("hour")
            };
            let day = |e: &Value| e["local"].as_str().expect("local")[..10].to_owned();
            for e in &cited {
                // Each event is a labelled collection party's doing, or a
                // typed note that names no number (a visit by people who
                // said whom they came for).
                let note_without_number =
                    e["party"].is_null() && e["sources"][0]["record"] == "note";
                assert!(
                    matches!(
                        e["party_role"].as_str(),
                        Some("lender" | "agency" | "collector")
                    ) || note_without_number,
                    "{id}: {e}"
                );
                match id {
                    "CN-HOURS" => assert!(!(8..22).contains(&hour(e)), "{id}: {e}"),
                    "CN-THIRD-PARTY" | "CN-DISCLOSE" => assert!(
                        e["owner"].is_string() && e["owner"] != "self",
                        "{id} reached someone else: {e}"
                    ),
                    "CN-CONNECTED-3" => {
                        assert!(e["duration_ms"].as_u64().is_some_and(|d| d > 0), "{e}")
                    }
                    _ => {}
                }
            }
            if matches!(id, "CN-CONNECTED-3" | "CN-ATTEMPTS-6") {
                let days: BTreeSet<String> = cited.iter().map(|e| day(e)).collect();
                assert_eq!(days.len(), 1, "{id}: one day per finding");
                assert!(count > if id == "CN-ATTEMPTS-6" { 6 } else { 3 }, "{id}");
            }
            // A quote is words of the event it names, as stored (a note's
            // reported speech is matched as "你", written as "我").
            for q in f["quotes"].as_array().expect("quotes") {
                let event = events[&q["event"].as_i64().expect("event")];
                let body = event["body"].as_str().expect("a quoted event has words");
                let words = q["words"].as_str().expect("words");
                assert!(
                    body.contains(words) || body.contains(&words.replace('你', "我")),
                    "{id}: {words:?} is in {body:?}"
                );
                assert!(
                    cited.iter().any(|e| e["event"] == q["event"]),
                    "{id}: the quoted event is cited"
                );
            }
        }
        pinned.push((id, findings.len(), counted));
    }
    assert_eq!(
        pinned,
        [
            ("CN-HOURS", 40, 177),
            ("CN-CONNECTED-3", 7, 32),
            ("CN-ATTEMPTS-6", 25, 231),
            ("CN-THIRD-PARTY", 2, 37),
            ("CN-DISCLOSE", 6, 6),
            ("CN-FAKE-LEGAL", 15, 15),
            ("CN-MISLEAD", 13, 13),
            ("CN-VISIT", 4, 4),
            ("CN-POSTED", 4, 4),
            ("CN-THREAT", 71, 71),
        ],
        "the demo's findings, rule by rule: (findings, events)"
    );
    // Labels the records contradict: each cites the party's own records,
    // which name the other company.
    let contradictions = report["contradictions"].as_array().expect("contradictions");
    assert_eq!(contradictions.len(), 5, "{contradictions:?}");
    for c in contradictions {
        let claimed = c["claimed"].as_str().expect("claimed");
        let short: String = claimed.chars().take(2).collect();
        for e in c["events"].as_array().expect("events") {
            let e = events[&e.as_i64().expect("id")];
            assert_eq!(e["party"], c["party"], "{c}");
            assert!(
                e["body"].as_str().is_some_and(|b| b.contains(&short)),
                "{claimed} in {e}"
            );
        }
    }
}

/// `dossier set`: a payday that is no day is refused and changes nothing;
/// a written request to stop is recorded only for a collector the case
/// names and a day that has come, and US-CEASE then counts what came after.
#[test]
fn set_records_paydays_and_cease_requests_or_refuses_them_unchanged() {
    let dir = tempfile::tempdir().expect("tmp");
    let case = dir.path().join("smith.dossier").display().to_string();
    let r = run(["init", &case, "--rules", "us"]);
    assert_eq!(r.code, 0, "{r:?}");
    let entries = |case: &str| -> i64 {
        rusqlite::Connection::open(std::path::Path::new(case).join("case.sqlite"))
            .expect("db")
            .query_row("SELECT COUNT(*) FROM audit", [], |r| r.get(0))
            .expect("count")
    };
    let set_cease = |more: &[&str]| {
        let mut args = vec!["set", case.as_str(), "--cease", "Apex Recovery"];
        args.extend_from_slice(more);
        run(args)
    };
    let before = entries(&case);
    let r = run(["set", &case, "--paydays", "32"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("\"32\" is not a day of the month"),
        "{r:?}"
    );
    let r = set_cease(&["--received", "2026-03-20"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("is not a collector of this case"),
        "{r:?}"
    );
    let zh = dossier()
        .env("DOSSIER_LANG", "zh")
        .args([
            "set",
            &case,
            "--cease",
            "Apex Recovery",
            "--received",
            "2026-03-20",
        ])
        .output()
        .expect("run");
    let zh = String::from_utf8_lossy(&zh.stderr);
    assert!(zh.contains("不是本案的催收方"), "{zh}");
    assert_eq!(entries(&case), before, "nothing refused is recorded");

    // A debt collector's calls at 10:00 in New York (UTC-4 in late March):
    // before, on and after the day of receipt, the last one unanswered.
    let mut xml = String::from(
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<calls count=\"4\">\n",
    );
    for (ms, kind, seconds) in [
        (1_773_928_800_000_i64, 1, 60), // 19 March
        (1_774_015_200_000, 1, 60),     // 20 March, the day of receipt
        (1_774_101_600_000, 1, 45),     // 21 March
        (1_774_188_000_000, 3, 0),      // 22 March, missed
    ] {
        xml.push_str(&format!(
            "  <call number=\"+12125550100\" duration=\"{seconds}\" date=\"{ms}\" type=\"{kind}\" presentation=\"1\" contact_name=\"(Unknown)\" />\n"
        ));
    }
    xml.push_str("</calls>\n");
    let calls = dir.path().join("calls.xml");
    std::fs::write(&calls, xml).expect("write");
    assert_eq!(run(["import", &case, &calls.display().to_string()]).code, 0);
    let r = run([
        "party",
        &case,
        "set",
        "+1 212 555 0100",
        "--role",
        "agency",
        "--name",
        "Apex Recovery",
    ]);
    assert_eq!(r.code, 0, "{r:?}");
    let r = set_cease(&[]);
    assert_eq!(r.code, 2, "without the day received: {r:?}");
    let r = set_cease(&["--received", "2026-05-01"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("is later than today"), "{r:?}");
    let r = set_cease(&["--received", "2026-03-20", "--source", "return receipt"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stdout.contains("Recorded: Apex Recovery received"),
        "{r:?}"
    );
    let r = run(["party", &case, "list"]);
    assert!(
        r.stdout.contains(
            "Written request to cease: received by Apex Recovery on 2026-03-20 (return receipt)"
        ),
        "{r:?}"
    );
    let report = json(&["check", &case, "--json"]);
    let cease = report["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .find(|r| r["id"] == "US-CEASE")
        .expect("US-CEASE");
    let findings = cease["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 1, "{cease}");
    assert_eq!(
        findings[0]["count"], 1,
        "the answered call of 21 March only"
    );
    assert_eq!(run(["verify", &case]).code, 0);
    let r = set_cease(&["--withdraw"]);
    assert_eq!(r.code, 0, "{r:?}");
    let report = json(&["check", &case, "--json"]);
    assert!(
        report["rules"]
            .as_array()
            .expect("rules")
            .iter()
            .any(|r| r["id"] == "US-CEASE" && r["findings"].as_array().is_some_and(Vec::is_empty)),
        "withdrawn"
    );
}
