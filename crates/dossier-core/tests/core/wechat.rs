//! WeChat exports: stable identities (never the database's row numbers),
//! one party per member of a group, the newer MemoTrace and the PyWxDump
//! layouts, and records of one export never merged into each other.

use crate::support::{CLOCK, Fixture};
use dossier_core::evidence::ingest::Silent;
use dossier_core::import::{self, Direction, Flag, Format, ImportOptions, ImportReport};
use dossier_core::query::timeline;
use std::fmt::Write as _;
use std::path::Path;

const MEMOTRACE: &str = "\u{feff}localId,TalkerId,Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime,Remark,NickName,Sender\r\n";
const PYWXDUMP: &str = "id,MsgSvrID,type_name,is_sender,talker,room_name,msg,src,CreateTime\n";

fn import_at(f: &mut Fixture, path: &Path, text: &str) -> ImportReport {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
    import::import(
        &mut f.case,
        path,
        &ImportOptions::default(),
        &CLOCK,
        "tester",
        &mut Silent,
    )
    .expect("import")
}

fn import_text(f: &mut Fixture, name: &str, text: &str) -> ImportReport {
    let path = f.root().join("..").join("exports").join(name);
    import_at(f, &path, text)
}

fn parties(f: &Fixture) -> Vec<(String, Option<String>)> {
    let mut stmt = f
        .case
        .conn()
        .prepare("SELECT key, name FROM party WHERE key != 'self' ORDER BY key")
        .expect("prepare");
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
}

#[test]
fn the_contact_is_the_account_not_the_database_row_number() {
    let mut f = Fixture::new();
    // The owner writes first; the owner's own rows carry the owner's
    // account and names, which must not become the contact's.
    let first = format!(
        "{MEMOTRACE}\
1001,217,1,0,1,1772715700,2,在吗,2026-03-05 21:01:40,我自己,Owner,wxid_owner\r\n\
1002,217,1,0,0,1772715791,2,今天不还钱就去你单位,2026-03-05 21:03:11,催收-张,张经理,wxid_collector01\r\n"
    );
    let report = import_text(&mut f, "chat-a.csv", &first);
    assert_eq!((report.format, report.new_events), (Format::WeChatCsv, 2));
    // Another backup of the same phone numbers the chat differently.
    let second = format!(
        "{MEMOTRACE}\
77,5,1,0,0,1772715791,2,今天不还钱就去你单位,2026-03-05 21:03:11,催收-张,张经理,wxid_collector01\r\n\
78,5,1,0,0,1772719391,2,明天上门,2026-03-05 22:03:11,催收-张,张经理,wxid_collector01\r\n"
    );
    let report = import_text(&mut f, "chat-b.csv", &second);
    assert_eq!((report.new_events, report.known_events), (1, 1));
    assert_eq!(
        parties(&f),
        [("id:wxid_collector01".to_owned(), Some("催收-张".to_owned()))],
        "one party, named by the contact's own remark; no row numbers, no owner account"
    );
    let entries = timeline::entries(&f.case, None, None).expect("timeline");
    assert_eq!(entries[0].direction, Some(Direction::Out));
    assert_eq!(
        entries[0].party_key.as_deref(),
        Some("id:wxid_collector01"),
        "the owner's message went to the contact"
    );
}

#[test]
fn a_group_gives_each_member_a_party_and_names_the_group() {
    let mut f = Fixture::new();
    let text = format!(
        "{MEMOTRACE}\
1,9,1,0,0,1772715791,2,大家看看这个老赖,2026-03-05 21:03:11,,催收A,wxid_a\r\n\
2,9,1,0,0,1772715800,2,他欠钱不还,2026-03-05 21:03:20,,催收B,wxid_b\r\n\
3,9,1,0,1,1772715900,2,请不要在群里说,2026-03-05 21:05:00,,,wxid_owner\r\n"
    );
    import_text(&mut f, "同学群.csv", &text);
    let entries = timeline::entries(&f.case, None, None).expect("timeline");
    let keys: Vec<_> = entries.iter().map(|e| e.party_key.clone()).collect();
    assert_eq!(
        keys,
        [
            Some("id:wxid_a".to_owned()),
            Some("id:wxid_b".to_owned()),
            Some("id:群聊 同学群".to_owned())
        ]
    );
    let recipients: i64 = f
        .case
        .conn()
        .query_row(
            "SELECT COUNT(*) FROM event_recipient WHERE address = '群聊 同学群'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(recipients, 2, "both members' messages name the group");
    // A full export holds many chats, each by its own TalkerId.
    let mut g = Fixture::new();
    let text = format!(
        "{MEMOTRACE}\
1,12345@chatroom,1,0,0,1772715791,2,大家看看这个老赖,2026-03-05 21:03:11,,,wxid_a\r\n\
2,wxid_collector01,1,0,1,1772715851,2,我15号发工资,2026-03-05 21:04:11,,,\r\n"
    );
    import_text(&mut g, "all.csv", &text);
    let entries = timeline::entries(&g.case, None, None).expect("timeline");
    assert_eq!(entries[0].party_key.as_deref(), Some("id:wxid_a"));
    assert_eq!(
        entries[1].party_key.as_deref(),
        Some("id:wxid_collector01"),
        "a one-to-one chat in the same file is not the group"
    );
}

/// A PyWxDump list: minute-resolution times, the same text many times.
fn pywxdump(ids: std::ops::Range<u32>) -> String {
    let mut text = PYWXDUMP.to_owned();
    for i in ids {
        let minute = i / 8;
        let _ = writeln!(
            text,
            "{i},{},文本,0,wxid_collector01,wxid_collector01,还钱,,2026-03-05 21:{:02}",
            9_000_000_000u64 + u64::from(i),
            minute
        );
    }
    text
}

#[test]
fn records_of_one_export_are_never_merged_and_server_ids_decide_overlaps() {
    let mut f = Fixture::new();
    let report = import_text(&mut f, "py.csv", &pywxdump(0..96));
    assert_eq!(
        (report.records, report.new_events),
        (96, 96),
        "96 messages, though many share their minute and text"
    );
    // An overlapping later export: the server ids say which are the same.
    let report = import_text(&mut f, "py-later.csv", &pywxdump(48..120));
    assert_eq!((report.new_events, report.known_events), (24, 48));
    let keys: i64 = f
        .case
        .conn()
        .query_row("SELECT COUNT(*) FROM record_key", [], |r| r.get(0))
        .expect("count");
    assert_eq!(keys, 96 + 72);
}

#[test]
fn a_text_sent_twice_is_two_events_in_every_export() {
    let mut f = Fixture::new();
    let sms = |n: usize| {
        let mut xml = String::from("<smses count=\"3\">\n");
        for i in 0..n {
            let _ = writeln!(
                xml,
                "<sms address=\"17055511020\" date=\"{}\" type=\"1\" body=\"还钱\" contact_name=\"(Unknown)\" />",
                1_772_715_791_000i64 + i as i64 * 300
            );
        }
        xml.push_str("</smses>\n");
        xml
    };
    let report = import_text(&mut f, "sms-a.xml", &sms(2));
    assert_eq!(report.new_events, 2);
    let report = import_text(&mut f, "sms-b.xml", &sms(2));
    assert_eq!((report.new_events, report.known_events), (0, 2));
    let report = import_text(&mut f, "sms-c.xml", &sms(3));
    assert_eq!(
        (report.new_events, report.known_events),
        (1, 2),
        "the third copy in a later export is a third message"
    );
}

#[test]
fn the_newer_memotrace_layout_and_folder_accounts_are_read() {
    let mut f = Fixture::new();
    let text = "\u{feff}消息ID,类型,发送人,时间,内容,备注,昵称,更多信息\n\
1,文本,小红,2026-03-05 21:03:11,在吗,小红,小红,more\n\
2,文本,我,2026-03-05 21:04:11,在,我,我,more\n\
3,系统消息,小红,2026-03-05 21:05:11,你撤回了一条消息,,,\n";
    let path = f
        .root()
        .join("..")
        .join("聊天记录")
        .join("小红(wxid_red)")
        .join("小红.csv");
    let report = import_at(&mut f, &path, text);
    assert_eq!((report.format, report.new_events), (Format::WeChatCsv, 2));
    assert_eq!(report.skipped.len(), 1);
    let entries = timeline::entries(&f.case, None, None).expect("timeline");
    assert_eq!(
        entries
            .iter()
            .map(|e| (e.direction, e.party_key.as_deref()))
            .collect::<Vec<_>>(),
        [
            (Some(Direction::In), Some("id:wxid_red")),
            (Some(Direction::Out), Some("id:wxid_red"))
        ]
    );
    assert_eq!(entries[0].party_name.as_deref(), Some("小红"));
}

#[test]
fn a_written_time_that_disagrees_with_the_timestamp_is_flagged() {
    let mut f = Fixture::new();
    let text = format!(
        "{MEMOTRACE}\
1,217,1,0,0,1772715791,2,还钱,2026-03-05 21:03:11,,,wxid_c\r\n\
2,217,1,0,0,1772715851,2,今天,2026-03-06 09:00:00,,,wxid_c\r\n"
    );
    let report = import_text(&mut f, "t.csv", &text);
    assert_eq!(report.new_events, 2);
    assert_eq!(report.flags.len(), 1);
    assert_eq!(report.flags[0].0, "line 3");
    assert!(matches!(
        &report.flags[0].1,
        Flag::TimeDisagrees { written, .. } if written == "2026-03-06 09:00:00"
    ));
}
