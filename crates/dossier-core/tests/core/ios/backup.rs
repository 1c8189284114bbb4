//! iOS backup folders: databases found by their file ids, what a manifest
//! lists but the folder lacks, message attachments, and two backups of one
//! phone meeting by their messages' guids.

use super::*;

/// A backup folder under `f` holding sms.db where iOS 10+ files it.
pub(crate) fn backup_with_sms(f: &Fixture) -> std::path::PathBuf {
    let backup = f.dir.path().join("backup");
    fs::create_dir_all(backup.join("3d")).expect("mkdir");
    sms_db(
        &backup
            .join("3d")
            .join("3d0d7e5fb2ce288813306e4d4636395e047a3d28"),
    );
    backup
}

#[test]
fn a_backup_folder_is_searched_by_file_ids() {
    let f = Fixture::new();
    let backup = backup_with_sms(&f);
    let calls = call_history(&f.dir.path().join("src"));
    fs::copy(
        &calls,
        backup.join("5a4935c78a5255723f707230a451d79c540d2741"),
    )
    .expect("old flat layout");
    let found = ios_backup(&backup);
    let formats: Vec<Format> = found.found.iter().map(|(_, f)| *f).collect();
    assert_eq!(formats, [Format::IosCalls, Format::IosSms]);
    assert!(found.missing.is_empty() && !found.encrypted);
}

/// A `Manifest.db` as iTunes and Finder write it, listing `ids`.
pub(crate) fn manifest(dir: &Path, ids: &[&str]) {
    let conn = rusqlite::Connection::open(dir.join("Manifest.db")).expect("manifest");
    conn.execute_batch(
        "CREATE TABLE Files (fileID TEXT PRIMARY KEY, domain TEXT, relativePath TEXT, flags INTEGER, file BLOB);",
    )
    .expect("schema");
    for id in ids {
        conn.execute(
            "INSERT INTO Files (fileID, domain, relativePath, flags) VALUES (?1, 'HomeDomain', 'x', 1)",
            [id],
        )
        .expect("row");
    }
}

#[test]
fn a_backup_names_the_databases_its_manifest_lists_but_it_lacks() {
    let f = Fixture::new();
    let backup = backup_with_sms(&f);
    manifest(
        &backup,
        &[
            "3d0d7e5fb2ce288813306e4d4636395e047a3d28",
            "5a4935c78a5255723f707230a451d79c540d2741",
        ],
    );
    let found = ios_backup(&backup);
    assert_eq!(found.found.len(), 1);
    assert_eq!(found.missing, [Format::IosCalls]);
    // A manifest that does not list it: nothing is missing.
    let other = f.dir.path().join("other");
    fs::create_dir_all(&other).expect("mkdir");
    manifest(&other, &[]);
    assert!(ios_backup(&other).missing.is_empty());
    // An encrypted backup's manifest is no SQLite file: say so.
    let locked = f.dir.path().join("locked");
    fs::create_dir_all(&locked).expect("mkdir");
    fs::write(locked.join("Manifest.db"), [0x8a_u8; 4096]).expect("write");
    assert!(ios_backup(&locked).encrypted);
}

#[test]
fn a_backups_message_attachments_become_exhibits_of_their_message() {
    let mut f = Fixture::new();
    let backup = backup_with_sms(&f);
    let db = backup
        .join("3d")
        .join("3d0d7e5fb2ce288813306e4d4636395e047a3d28");
    let conn = Connection::open(&db).expect("sms.db");
    // Message 4: a picture alone (its text is iOS's U+FFFC placeholder);
    // message 5: a caption and two pictures, the second not in the backup.
    conn.execute_batch(
        "CREATE TABLE attachment (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE, filename TEXT,
             mime_type TEXT, transfer_name TEXT, total_bytes INTEGER);
         CREATE TABLE message_attachment_join (message_id INTEGER REFERENCES message (ROWID) ON DELETE CASCADE,
             attachment_id INTEGER REFERENCES attachment (ROWID) ON DELETE CASCADE, UNIQUE(message_id, attachment_id));
         INSERT INTO attachment VALUES
             (1, 'A1', '~/Library/SMS/Attachments/0a/10/A1/IMG_0001.jpeg', 'image/jpeg', 'IMG_0001.jpeg', 9),
             (2, 'A2', '~/Library/SMS/Attachments/0b/11/A2/door.png', 'image/png', 'door.png', 8),
             (3, 'A3', '~/Library/SMS/Attachments/0c/12/A3/gone.jpeg', 'image/jpeg', 'gone.jpeg', 8);",
    )
    .expect("attachments");
    conn.execute(
        "INSERT INTO message VALUES (4, ?1, 1, ?2, 0, 'iMessage'), (5, ?3, 1, ?4, 0, 'iMessage')",
        params![
            "\u{FFFC}",
            (T0 as i64 + 600) * 1_000_000_000,
            "看看你家门口\u{FFFC}\u{FFFC}",
            (T0 as i64 + 660) * 1_000_000_000
        ],
    )
    .expect("messages");
    conn.execute_batch("INSERT INTO message_attachment_join VALUES (4, 1), (5, 2), (5, 3);")
        .expect("join");
    drop(conn);
    let picture: &[u8] = b"\xff\xd8\xff\xe0 jpeg";
    let door: &[u8] = b"\x89PNG\r\n\x1a\n";
    let ids = [
        "1111111111111111111111111111111111111111",
        "2222222222222222222222222222222222222222",
        "3333333333333333333333333333333333333333",
    ];
    let manifest = Connection::open(backup.join("Manifest.db")).expect("manifest");
    manifest
        .execute_batch(
            "CREATE TABLE Files (fileID TEXT PRIMARY KEY, domain TEXT, relativePath TEXT, flags INTEGER, file BLOB);",
        )
        .expect("schema");
    for (id, path) in ids.iter().zip([
        "Library/SMS/Attachments/0a/10/A1/IMG_0001.jpeg",
        "Library/SMS/Attachments/0b/11/A2/door.png",
        "Library/SMS/Attachments/0c/12/A3/gone.jpeg",
    ]) {
        manifest
            .execute(
                "INSERT INTO Files VALUES (?1, 'MediaDomain', ?2, 1, NULL)",
                params![id, path],
            )
            .expect("row");
    }
    manifest
        .execute_batch("PRAGMA journal_mode = WAL;")
        .expect("wal, as iTunes writes it");
    drop(manifest);
    for (id, bytes) in [(ids[0], picture), (ids[1], door)] {
        fs::create_dir_all(backup.join(&id[..2])).expect("mkdir");
        fs::write(backup.join(&id[..2]).join(id), bytes).expect("file");
    }
    let before = crate::support::files_under(&backup);

    let report = import_path(&mut f, &db, None);
    assert_eq!(report.extracted.len(), 2, "{report:?}");
    assert_eq!(
        report.gaps,
        [import::Gap::Missing {
            position: "message ROWID 5, attachment 2 (gone.jpeg)".to_owned()
        }]
    );
    assert_eq!(
        crate::support::files_under(&backup),
        before,
        "the backup folder is read, never written (no -shm or -wal beside Manifest.db)"
    );
    let rows = dossier_core::query::list::exhibits(&f.case).expect("exhibits");
    let shown: Vec<(Option<&str>, &str, &str)> = rows
        .iter()
        .filter(|r| report.extracted.contains(&r.exhibit))
        .map(|r| {
            (
                r.original_name.as_deref(),
                r.basis.as_str(),
                r.sha256.as_str(),
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            (Some("IMG_0001.jpeg"), "message", sha256(picture).as_str()),
            (Some("door.png"), "message", sha256(door).as_str()),
        ],
        "stored byte-exact, dated by their message"
    );
    for (x, record) in report.extracted.iter().zip([
        "message ROWID 4, attachment 1 (IMG_0001.jpeg)",
        "message ROWID 5, attachment 1 (door.png)",
    ]) {
        assert_eq!(
            dossier_core::query::list::extracted_from(&f.case, *x).expect("link"),
            Some((report.exhibit, record.to_owned()))
        );
    }
    let entries = timeline::entries(&f.case, None, None).expect("timeline");
    let alone = entries
        .iter()
        .find(|e| e.sources[0].record == "message ROWID 4")
        .expect("4");
    assert_eq!(alone.body, None, "no U+FFFC placeholder as text");
    assert_eq!(
        alone.attachments,
        [report.extracted[0]],
        "it points to its picture"
    );
    let captioned = entries
        .iter()
        .find(|e| e.sources[0].record == "message ROWID 5")
        .expect("5");
    assert_eq!(captioned.body.as_deref(), Some("看看你家门口"));
    assert_eq!(captioned.attachments, [report.extracted[1]]);

    // The same database alone, without its folder: the attachments are
    // named as not in this export, and the messages still import.
    let mut g = Fixture::new();
    let alone_db = g.file("sms.db", &fs::read(&db).expect("read"));
    let report = import_path(&mut g, &alone_db, None);
    assert!(report.extracted.is_empty());
    assert_eq!(report.gaps.len(), 3);
    assert_eq!(report.new_events, 5);
}

#[test]
fn two_backups_of_one_phone_meet_by_the_messages_guids() {
    let mut f = Fixture::new();
    let write = |name: &str, rows: &[(i64, &str, &str, i64)]| {
        let path = f.dir.path().join(name);
        let conn = Connection::open(&path).expect("db");
        conn.execute_batch(
            "CREATE TABLE handle (ROWID INTEGER PRIMARY KEY, id TEXT);
             CREATE TABLE message (ROWID INTEGER PRIMARY KEY, guid TEXT UNIQUE, text TEXT, handle_id INTEGER,
                 date INTEGER, is_from_me INTEGER, service TEXT);
             INSERT INTO handle VALUES (1, '+8617055511020');",
        )
        .expect("schema");
        for (rowid, guid, text, minute) in rows {
            conn.execute(
                "INSERT INTO message VALUES (?1, ?2, ?3, 1, ?4, 0, 'iMessage')",
                params![rowid, guid, text, (T0 as i64 + minute * 60) * 1_000_000_000],
            )
            .expect("message");
        }
        path
    };
    let first = write(
        "first.db",
        &[
            (1, "G-1", "还钱", 0),
            (2, "G-2", "还钱", 0),
            (3, "G-3", "最后通牒", 5),
        ],
    );
    // A later backup: the rows renumbered, one message edited since (iOS
    // keeps its guid), one message more.
    let later = write(
        "later.db",
        &[
            (10, "G-1", "还钱", 0),
            (11, "G-2", "还钱", 0),
            (12, "G-3", "最后通牒，明天上门", 5),
            (13, "G-4", "还钱", 0),
        ],
    );
    let a = import_path(&mut f, &first, None);
    assert_eq!(a.new_events, 3, "one export's records are never merged");
    let b = import_path(&mut f, &later, None);
    assert_eq!(
        (b.new_events, b.known_events),
        (1, 3),
        "the same guid is the same message, edited or not; a new guid with the same text and second is a new one"
    );
}
