//! `dossier import`, `timeline` and `party` through the program.

use crate::support::World;

const T0: i64 = 1_772_715_791_000; // 2026-03-05T13:03:11Z, 21:03:11 in Shanghai

fn calls_xml(n: i64, offset: i64) -> String {
    let mut xml = String::from(
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<calls count=\"0\">\n",
    );
    for i in 0..n {
        xml.push_str(&format!(
            "  <call number=\"170 5551 1020\" duration=\"{}\" date=\"{}\" type=\"1\" presentation=\"1\" readable_date=\"x\" contact_name=\"(Unknown)\" />\n",
            (i + offset) * 5,
            T0 + (i + offset) * 3_600_000
        ));
    }
    xml.push_str("</calls>\n");
    xml
}

#[test]
fn import_detects_the_format_and_reports_in_json() {
    let w = World::new();
    let file = w.file("calls-2026.xml", calls_xml(10, 0).as_bytes());
    let r = w.run("import", &[&file.display().to_string(), "--json"]);
    assert_eq!(r.code, 0, "{r:?}");
    let report: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(report["schema"], "dossier.import/1");
    assert_eq!(report["format"], "android-calls");
    assert_eq!(report["records"], 10);
    assert_eq!(report["new_events"], 10);

    let overlap = w.file("calls-later.xml", calls_xml(10, 5).as_bytes());
    let r = w.run("import", &[&overlap.display().to_string()]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stdout
            .contains("10 records, 5 new events, 5 already known"),
        "{}",
        r.stdout
    );

    let t = w.run(
        "timeline",
        &["--json", "--from", "2026-03-05", "--to", "2026-03-06"],
    );
    assert_eq!(t.code, 0, "{t:?}");
    let timeline: serde_json::Value = serde_json::from_str(&t.stdout).expect("json");
    assert_eq!(timeline["schema"], "dossier.timeline/1");
    let events = timeline["events"].as_array().expect("events");
    assert_eq!(
        events.len(),
        3,
        "21:03, 22:03 and 23:03 on 5 March, Shanghai time"
    );
    assert_eq!(events[0]["local"], "2026-03-05T21:03:11+08:00");
    assert_eq!(events[0]["party"], "tel:+8617055511020");
    assert_eq!(events[0]["sources"][0]["record"], "call #1");

    let text = w.run("timeline", &[]);
    assert!(
        text.stdout
            .contains("21:03:11  call incoming  +8617055511020")
            && text.stdout.contains("[exhibit 1: call #1]"),
        "{}",
        text.stdout
    );
    let both = text
        .stdout
        .lines()
        .filter(|l| l.contains("exhibit 1: call #") && l.contains("exhibit 2: call #"))
        .count();
    assert_eq!(
        both, 5,
        "the overlapping calls show both exports: {}",
        text.stdout
    );
}

#[test]
fn a_malformed_export_is_bad_input_and_stores_nothing() {
    let w = World::new();
    let full = calls_xml(30, 0);
    // Broken markup in the middle is refused whole.
    let file = w.file(
        "calls-tangled.xml",
        full.replacen("</calls>", "</call></calls>", 1).as_bytes(),
    );
    let r = w.run("import", &[&file.display().to_string()]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("calls-tangled.xml") && r.stderr.contains("byte"),
        "{}",
        r.stderr
    );
    assert_eq!(w.count("item"), 0);
    // A file cut short keeps what is complete: a partial import, exit 1.
    let file = w.file("calls-cut.xml", &full.as_bytes()[..full.len() / 2]);
    let r = w.run("import", &[&file.display().to_string()]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(
        r.stdout
            .contains("Incomplete export: the file ends at byte"),
        "{}",
        r.stdout
    );
    assert_eq!(w.count("item"), 1);
    assert_eq!(w.count("import_gap"), 1);
    let hostile =
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("hostile/calls-truncated.xml");
    let r = w.run("import", &[&hostile.display().to_string()]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(
        r.stdout.contains("2 complete records imported"),
        "{}",
        r.stdout
    );
    let odd = w.file("notes.txt", "只是一些文字".as_bytes());
    let r = w.run("import", &[&odd.display().to_string()]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--format"), "{}", r.stderr);
}

#[test]
fn parties_are_labelled_and_listed() {
    let w = World::new();
    let file = w.file("calls.xml", calls_xml(4, 0).as_bytes());
    assert_eq!(w.run("import", &[&file.display().to_string()]).code, 0);
    let r = w.run(
        "party",
        &[
            "set",
            "0086-170-5551-1020",
            "--role",
            "collector",
            "--name",
            "张经理",
            "--group",
            "鼎信资产",
        ],
    );
    assert_eq!(r.code, 0, "{r:?}");
    let r = w.run("party", &["list", "--json"]);
    let list: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(list["schema"], "dossier.parties/1");
    let collector = list["parties"]
        .as_array()
        .expect("parties")
        .iter()
        .find(|p| p["party"] == "tel:+8617055511020")
        .expect("party");
    assert_eq!(collector["role"], "collector");
    assert_eq!(collector["group"], "鼎信资产");
    assert_eq!(collector["events"], 4);
    let r = w.run("party", &["set", "-2", "--role", "collector"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("hidden"), "{}", r.stderr);
    let r = w.run("party", &["set", "17055511020"]);
    assert_eq!(r.code, 2, "nothing to set is a usage error");
}

#[test]
fn an_ios_backup_folder_imports_each_database_it_holds() {
    let w = World::new();
    let backup = w.dir.path().join("backup");
    std::fs::create_dir_all(backup.join("3d")).expect("mkdir");
    let db = rusqlite::Connection::open(
        backup
            .join("3d")
            .join("3d0d7e5fb2ce288813306e4d4636395e047a3d28"),
    )
    .expect("db");
    db.execute_batch(
        "CREATE TABLE handle (ROWID INTEGER PRIMARY KEY, id TEXT);
         CREATE TABLE message (ROWID INTEGER PRIMARY KEY, text TEXT, handle_id INTEGER, date INTEGER, is_from_me INTEGER, service TEXT);
         INSERT INTO handle VALUES (1, '+8617055511020');
         INSERT INTO message VALUES (1, '明天上门', 1, 794408591000000000, 0, 'SMS');",
    )
    .expect("fixture");
    drop(db);
    let r = w.run("import", &[&backup.display().to_string(), "--json"]);
    assert_eq!(r.code, 0, "{r:?}");
    let reports: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(reports[0]["format"], "ios-sms");
    assert_eq!(reports[0]["new_events"], 1);
    let t = w.run("timeline", &["--json"]);
    let timeline: serde_json::Value = serde_json::from_str(&t.stdout).expect("json");
    assert_eq!(timeline["events"][0]["local"], "2026-03-05T21:03:11+08:00");
    assert_eq!(timeline["events"][0]["body"], "明天上门");

    let empty = w.dir.path().join("not-a-backup");
    std::fs::create_dir_all(&empty).expect("mkdir");
    let r = w.run("import", &[&empty.display().to_string()]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("backup file IDs"), "{}", r.stderr);

    // The manifest lists a call history the folder lacks: the messages
    // are imported, the missing file is named, and the import is partial.
    let m = rusqlite::Connection::open(backup.join("Manifest.db")).expect("manifest");
    m.execute_batch(
        "CREATE TABLE Files (fileID TEXT PRIMARY KEY, domain TEXT, relativePath TEXT, flags INTEGER, file BLOB);
         INSERT INTO Files VALUES ('5a4935c78a5255723f707230a451d79c540d2741', 'HomeDomain', 'Library/CallHistoryDB/CallHistory.storedata', 1, NULL);",
    )
    .expect("manifest rows");
    drop(m);
    let r = w.run("import", &[&backup.display().to_string()]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(
        r.stderr.contains("CallHistory.storedata") && r.stderr.contains("lacks the file"),
        "{}",
        r.stderr
    );
    // An encrypted backup is named as one, not read as damage.
    let locked = w.dir.path().join("locked");
    std::fs::create_dir_all(&locked).expect("mkdir");
    std::fs::write(locked.join("Manifest.db"), [0x5c_u8; 4096]).expect("write");
    let r = w.run("import", &[&locked.display().to_string()]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("encrypted iOS backup"), "{}", r.stderr);
}
