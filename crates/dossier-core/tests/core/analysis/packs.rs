//! The rule packs: the built-in rules, bad packs refused, the same report
//! from the same case.

use super::*;

#[test]
fn the_same_case_gives_the_same_report() {
    let mut c = Case::cn();
    c.collectors().calls(
        None,
        &[
            (AGENCY_A, "2026-03-05T22:30:00", MISSED, 0),
            (AGENCY_B, "2026-03-05T22:30:00", MISSED, 0),
            (OTHER_LENDER, "2026-03-05T22:30:00", MISSED, 0),
        ],
    );
    let a = format!("{:?}", c.report());
    let b = format!("{:?}", c.report());
    assert_eq!(a, b, "deterministic and stably ordered");
}

#[test]
fn the_built_in_packs_hold_exactly_the_rules_of_the_design() {
    let expect = |rules: Rules, ids: &[(&str, &str)]| {
        let pack = Pack::builtin(rules);
        let got: Vec<(&str, &str)> = pack
            .rules
            .iter()
            .map(|r| (r.id.as_str(), r.confidence.mark()))
            .collect();
        assert_eq!(got, ids, "{} pack", rules.as_str());
        for rule in &pack.rules {
            assert!(!rule.sources.is_empty(), "{} has a source", rule.id);
            for lang in Lang::ALL {
                assert!(
                    !rule.title.get(lang).is_empty() && !rule.explanation.get(lang).is_empty(),
                    "{} in {lang:?}",
                    rule.id
                );
            }
        }
    };
    expect(
        Rules::Cn,
        &[
            ("CN-HOURS", "S"),
            ("CN-CONNECTED-3", "S"),
            ("CN-ATTEMPTS-6", "S"),
            ("CN-THIRD-PARTY", "S"),
            ("CN-DISCLOSE", "S"),
            ("CN-FAKE-LEGAL", "S"),
            ("CN-MISLEAD", "S"),
            ("CN-VISIT", "S"),
            ("CN-POSTED", "S"),
            ("CN-THREAT", "S"),
        ],
    );
    expect(
        Rules::Us,
        &[
            ("US-HOURS", "P"),
            ("US-7IN7", "P"),
            ("US-7AFTER", "P"),
            ("US-3P-REPEAT", "P"),
            ("US-FALSE-LEGAL", "S"),
            ("US-3P-DISCLOSE", "S"),
            ("US-ABUSE", "S"),
            ("US-CEASE", "S"),
        ],
    );
}

/// Loads a pack's text and returns the error message.
pub(crate) fn refused(text: &str) -> String {
    match Pack::parse("my-pack.toml", text) {
        Ok(_) => panic!("a bad pack was accepted:\n{text}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn a_bad_pack_is_refused_with_the_rule_and_field_named() {
    let cn = include_str!("../../../rules/cn.toml");
    let without_sources = {
        // Drop every source of CN-THREAT (the last rule of the pack).
        let at = cn.find("id = \"CN-THREAT\"").expect("rule");
        let (head, tail) = cn.split_at(at);
        let cut = tail.find("[[rule.source]]").expect("source");
        let end = tail.find("[suspect]").expect("suspect");
        format!("{head}{}{}", &tail[..cut], &tail[end..])
    };
    assert!(
        refused(&without_sources).contains("rule CN-THREAT: the rule has no source"),
        "{}",
        refused(&without_sources)
    );
    let bad_param = cn.replace("max = 3 }", "max = \"three\" }");
    assert_eq!(
        refused(&bad_param),
        "rule pack my-pack.toml: rule CN-CONNECTED-3: params.max must be a whole number, 0 or more"
    );
    let bad_placeholder = cn.replace("超过每日 {max} 次的上限，时间为 {times}。\"\nsentence.en = \"On {date}, {group} and its collectors had", "超过每日 {limit} 次的上限，时间为 {times}。\"\nsentence.en = \"On {date}, {group} and its collectors had");
    assert!(
        refused(&bad_placeholder).contains("rule CN-CONNECTED-3: sentence.zh uses {limit}"),
        "{}",
        refused(&bad_placeholder)
    );
    let bad_check = cn.replacen("check = \"hours\"", "check = \"curfew\"", 1);
    assert!(refused(&bad_check).contains("rule CN-HOURS: check \"curfew\" is not one of"));
    let bad_mark = cn.replacen("confidence = \"S\"", "confidence = \"probably\"", 1);
    assert!(refused(&bad_mark).contains("neither P nor S"));
    let bad_time = cn.replace("night_start = \"22:00\"", "night_start = \"10pm\"");
    assert!(refused(&bad_time).contains("params.night_start \"10pm\" is not a time of day"));
    let bad_category = cn.replace(
        "categories = [\"fake_legal\"]",
        "categories = [\"fake_law\"]",
    );
    assert!(
        refused(&bad_category).contains("category \"fake_law\" is in none of the pack's lexicons")
    );
    let broken = cn.replacen("[[rule]]", "[[rule]\n", 1);
    assert!(
        refused(&broken).starts_with("rule pack my-pack.toml: line 21:"),
        "{}",
        refused(&broken)
    );
    assert!(matches!(Pack::load("uk"), Err(PackError::Unknown { .. })));
}
