//! Typed notes: whom a relative's note reached, a note of a call the log
//! holds counted once, a visit at the workplace.

use super::*;

#[test]
fn a_relatives_note_reached_her_and_every_note_is_read() {
    use dossier_core::evidence::note::Channel as Via;
    let mut c = Case::cn();
    c.collectors()
        .label(SISTER, Role::Family, Some("王芳"), None);
    // The sister's accounts of collectors' calls at night: named as
    // reached, and (the second) by her being the contributor.
    c.note(
        "2026-03-05T22:30:00",
        Via::Call,
        Some(AGENCY_A),
        "王芳（李明的姐姐）",
        Some(SISTER),
        "对方说我弟弟李明欠钱不还，让我替他还，否则“后果自负”。",
    )
    .note(
        "2026-03-07T23:10:00",
        Via::Call,
        Some(AGENCY_B),
        "王芳",
        None,
        "又打来说李明逾期了，让我转告他。",
    )
    // The debtor's own notes: a visit at night, a call from the "legal
    // department", a note posted on the door.
    .note(
        "2026-03-06T21:40:00",
        Via::Visit,
        None,
        "李明",
        None,
        "两名男子到家门口，敲门十多分钟，在门上贴了“催收通知单”。",
    )
    .note(
        "2026-03-08T10:00:00",
        Via::Call,
        Some(AGENCY_A),
        "李明",
        None,
        "对方自称法院的，说已经对我立案，下周上门送传票。",
    )
    .note(
        "2026-03-09T10:00:00",
        Via::Other,
        None,
        "李明",
        None,
        "有人到我公司前台，说找我谈还款的事，同事都听到了。",
    )
    // Told in his words: the collector's "告诉你单位领导".
    .note(
        "2026-03-10T10:00:00",
        Via::Call,
        Some(AGENCY_B),
        "李明",
        None,
        "对方语气很凶，说要把我欠款的事告诉我单位领导和同事。",
    );
    let report = c.report();
    // Her notes are contacts with her: a third party, told of the debt.
    let third = findings(&report, "CN-THIRD-PARTY");
    assert_eq!(third.len(), 1, "{third:?}");
    assert_eq!(third[0].person.as_deref(), Some("tel:+8613800138000"));
    assert_eq!(third[0].count, 2);
    let disclosed = findings(&report, "CN-DISCLOSE");
    assert_eq!(
        disclosed.len(),
        2,
        "both of her notes say the debt was disclosed: {disclosed:?}"
    );
    assert!(
        disclosed[0].sentence.zh.contains("王芳"),
        "{}",
        disclosed[0].sentence.zh
    );
    // At night: her call (22:30) reached her, not the debtor.
    let night = findings(&report, "CN-HOURS");
    let targets: Vec<&str> = night.iter().map(|f| f.sentence.en.as_str()).collect();
    assert!(
        targets.iter().filter(|s| s.contains("王芳")).count() == 2
            && !targets.iter().any(|s| s.contains("the debtor")),
        "{targets:?}"
    );
    // Every note is read: the threat in her call, the fake court in his.
    let threats = findings(&report, "CN-THREAT");
    assert!(
        threats
            .iter()
            .any(|f| f.sentence.zh.contains("〔后果自负〕")
                && f.sentence.zh.contains("电话（据文字记录）")),
        "{threats:?}"
    );
    assert!(
        threats
            .iter()
            .any(|f| f.sentence.zh.contains("说要把我欠款的事〔告诉我单位〕领导")),
        "a note in the writer's words is read as the collector's: {threats:?}"
    );
    // A visit told as it happened is a visit, never a threat of one.
    assert!(
        !threats.iter().any(|f| f.sentence.zh.contains("公司前台")),
        "{threats:?}"
    );
    let legal = findings(&report, "CN-FAKE-LEGAL");
    assert_eq!(legal.len(), 1, "{legal:?}");
    assert!(
        legal[0].sentence.zh.contains("对方〔自称法院〕的"),
        "{}",
        legal[0].sentence.zh
    );
    // The visit and the workplace visit, and the notice on the door.
    let visits = findings(&report, "CN-VISIT");
    assert_eq!(visits.len(), 2, "{visits:?}");
    assert!(
        visits[1].sentence.zh.contains("到我公司〕前台"),
        "{}",
        visits[1].sentence.zh
    );
    let posted = findings(&report, "CN-POSTED");
    assert_eq!(posted.len(), 1, "{posted:?}");
    assert!(
        posted[0].sentence.zh.contains(
            "表明已张贴催收告示：“两名男子到家门口，敲门十多分钟，在〔门上贴了“催收通知单〕”。”"
        ),
        "{}",
        posted[0].sentence.zh
    );
}

#[test]
fn a_note_of_a_call_the_log_holds_is_read_but_counted_once() {
    let mut c = Case::cn();
    c.collectors()
        .label(SISTER, Role::Family, Some("王芳"), None)
        .calls(None, &[(AGENCY_A, "2026-03-05T22:10:37", MISSED, 0)]);
    use dossier_core::evidence::note::Channel;
    c.note(
        "2026-03-05 22:10:00",
        Channel::Call,
        Some(AGENCY_A),
        "李明",
        None,
        "对方来电说再不还钱就派人去你家。",
    )
    .note(
        "2026-03-05 23:30:00",
        Channel::Call,
        Some(AGENCY_A),
        "李明",
        None,
        "又打来，说要把欠款的事告诉我单位领导。",
    )
    // The sister's account of a call to her: not the debtor's logged call.
    .note(
        "2026-03-05 22:12:00",
        Channel::Call,
        Some(AGENCY_A),
        "王芳",
        Some(SISTER),
        "对方说我弟弟欠钱不还。",
    );
    let data = c.data();
    let retold: Vec<bool> = data
        .events
        .iter()
        .filter(|e| e.origin == analysis::Origin::Note)
        .map(|e| e.retold)
        .collect();
    assert_eq!(
        retold,
        [true, false, false],
        "the 22:10 note retells the 22:10:37 call"
    );
    let report = analysis::check(&data, &Pack::builtin(Rules::Cn));
    assert_eq!(
        counts(&report, "CN-HOURS"),
        [2, 1],
        "the debtor's night: the logged call and the 23:30 note, not the 22:10 note again; the sister's night apart"
    );
    assert_eq!(
        findings(&report, "CN-THREAT").len(),
        2,
        "both of the debtor's notes are read"
    );
    assert_eq!(report.collection_contacts, 3, "one call, two notes counted");
}

#[test]
fn a_visit_at_the_workplace_is_a_contact_with_the_colleagues_who_heard_it() {
    use dossier_core::evidence::note::Channel;
    let mut c = Case::cn();
    c.collectors().note(
        "2026-03-16 10:20:00",
        Channel::Visit,
        None,
        "李明",
        Some("公司同事"),
        "有人到我公司前台，说李明欠钱不还，前台和几位同事都听到了。",
    );
    let report = c.report();
    let third = findings(&report, "CN-THIRD-PARTY");
    assert_eq!(third.len(), 1, "{third:?}");
    assert!(
        third[0].sentence.zh.ends_with(
            "公司同事（未标注身份的人）1 次（上门1次），时间为 2026年3月16日 10:20:00。"
        ),
        "{}",
        third[0].sentence.zh
    );
    assert_eq!(
        findings(&report, "CN-DISCLOSE").len(),
        1,
        "the debt told in front of them"
    );
    assert_eq!(findings(&report, "CN-VISIT").len(), 1);
    // Rules that bind debt collectors cannot tell whose people came.
    let us = analysis::check(&c.data(), &Pack::builtin(Rules::Us));
    assert!(findings(&us, "US-3P-REPEAT").is_empty());
    assert!(findings(&us, "US-3P-DISCLOSE").is_empty());
}
