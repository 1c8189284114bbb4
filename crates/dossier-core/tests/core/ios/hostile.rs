//! iOS databases not as Apple writes them — generated columns, shadowed
//! row ids, views, computed defaults, over-long text — refused by name
//! before a row is read, and a real schema with triggers read as it is.

use super::*;

/// A database made by `schema` (SQL run on a fresh file), as bytes on disk.
pub(crate) fn made_db(dir: &Path, name: &str, schema: &str) -> PathBuf {
    let path = dir.join(name);
    let conn = Connection::open(&path).expect("db");
    conn.execute_batch(schema).expect("schema");
    drop(conn);
    path
}

/// The size of every file under the case folder, summed.
pub(crate) fn folder_size(root: &Path) -> u64 {
    crate::support::files_under(root)
        .values()
        .map(|b| b.len() as u64)
        .sum()
}

/// Imports `path` into a plain and into an encrypted case, expects the
/// error `check` accepts in both, and the case unchanged and verifying.
pub(crate) fn refused_in_both(path: &Path, check: impl Fn(&import::ImportError) -> bool) {
    for encrypted in [false, true] {
        let mut f = if encrypted {
            Fixture::with(&crate::support::encrypted_options("correct horse 电池"))
        } else {
            Fixture::new()
        };
        let before = folder_size(&f.root());
        let err = import::import(
            &mut f.case,
            path,
            &ImportOptions::default(),
            &CLOCK,
            "t",
            &mut Silent,
        )
        .expect_err("refused");
        assert!(
            check(&err),
            "encrypted={encrypted}: unexpected error: {err}"
        );
        assert!(
            err.to_string().contains("nothing was imported"),
            "the message says nothing was imported: {err}"
        );
        let (items, events, _) = dossier_core::query::list::counts(&f.case).expect("counts");
        assert_eq!((items, events), (0, 0), "nothing stored");
        crate::support::assert_tmp_clean(&f.root());
        // WAL and page cache may settle, but not by the hundreds of MB a
        // spilled sort or scratch copy would take.
        let after = folder_size(&f.root());
        assert!(
            after < before + (1 << 20),
            "the case folder did not grow: {before} → {after} bytes"
        );
        assert!(
            dossier_core::case::verify::verify(&f.case, &mut Silent).is_intact(),
            "the case still verifies"
        );
    }
}

pub(crate) fn schema_problem(
    table: &str,
    want: dossier_core::import::SchemaProblem,
) -> impl Fn(&import::ImportError) -> bool {
    let table = table.to_owned();
    move |err| {
        matches!(err, import::ImportError::Schema { table: t, problem, .. }
            if *t == table && **problem == want)
    }
}

/// sms.db's message and handle tables as iOS 10–17 declare them (columns
/// this importer does not read left out), with the triggers every real
/// one has.
pub(crate) const REAL_SMS_SCHEMA: &str = "
    CREATE TABLE handle (ROWID INTEGER PRIMARY KEY AUTOINCREMENT UNIQUE, id TEXT NOT NULL,
        country TEXT, service TEXT NOT NULL, uncanonicalized_id TEXT,
        person_centric_id TEXT DEFAULT NULL, UNIQUE (id, service));
    CREATE TABLE message (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE NOT NULL,
        text TEXT, replace INTEGER DEFAULT 0, service_center TEXT, handle_id INTEGER DEFAULT 0,
        subject TEXT, country TEXT, attributedBody BLOB, version INTEGER DEFAULT 0,
        type INTEGER DEFAULT 0, service TEXT, account TEXT, account_guid TEXT,
        error INTEGER DEFAULT 0, date INTEGER, date_read INTEGER, date_delivered INTEGER,
        is_delivered INTEGER DEFAULT 0, is_finished INTEGER DEFAULT 0,
        is_from_me INTEGER DEFAULT 0, is_read INTEGER DEFAULT 0, cache_roomnames TEXT,
        balloon_bundle_id TEXT, expressive_send_style_id TEXT, associated_message_guid TEXT,
        associated_message_type INTEGER DEFAULT 0, thread_originator_guid TEXT,
        destination_caller_id TEXT, is_spam INTEGER DEFAULT 0);
    CREATE TABLE chat_message_join (chat_id INTEGER REFERENCES chat (ROWID) ON DELETE CASCADE,
        message_id INTEGER REFERENCES message (ROWID) ON DELETE CASCADE, message_date INTEGER DEFAULT 0,
        PRIMARY KEY (chat_id, message_id));
    CREATE TABLE deleted_messages (ROWID INTEGER PRIMARY KEY AUTOINCREMENT UNIQUE, guid TEXT NOT NULL);
    CREATE INDEX message_idx_handle ON message(handle_id, date);
    CREATE TRIGGER add_to_deleted_messages AFTER DELETE ON message BEGIN
        INSERT INTO deleted_messages (guid) VALUES (OLD.guid); END;
    CREATE TRIGGER after_delete_on_message AFTER DELETE ON message BEGIN
        DELETE FROM chat_message_join WHERE message_id = OLD.ROWID; END;
    INSERT INTO handle (ROWID, id, service) VALUES (1, '+8617055511020', 'SMS');
";

#[test]
fn a_real_sms_db_schema_with_triggers_and_long_messages_imports() {
    let mut f = Fixture::new();
    let path = made_db(f.dir.path(), "sms.db", REAL_SMS_SCHEMA);
    let conn = Connection::open(&path).expect("db");
    let nanos = (T0 as i64) * 1_000_000_000;
    // Tens of thousands of messages, some long (a pasted contract: 200 KB).
    conn.execute_batch("BEGIN").expect("begin");
    for i in 0..20_000i64 {
        let text = if i % 5_000 == 0 {
            "合同条款".repeat(200_000 / 12)
        } else {
            format!("第 {i} 次催收：今天必须还款")
        };
        conn.execute(
            "INSERT INTO message (guid, text, handle_id, date, is_from_me, service) VALUES (?1, ?2, 1, ?3, 0, 'SMS')",
            params![format!("g{i}"), text, nanos + i * 60_000_000_000],
        )
        .expect("insert");
    }
    conn.execute_batch("COMMIT").expect("commit");
    drop(conn);
    let report = import_path(&mut f, &path, Some(Format::IosSms));
    assert_eq!(report.new_events, 20_000, "every message is read");
    let entries = timeline::entries(&f.case, None, None).expect("timeline");
    assert_eq!(
        entries[0].body.as_ref().map(String::len),
        Some("合同条款".repeat(200_000 / 12).len()),
        "a 200 KB message is read whole"
    );
}

#[test]
fn a_generated_message_text_is_refused_before_a_row_is_read() {
    let f = Fixture::new();
    // 12 KB on disk; each row's text would be 100 MB once computed.
    let path = made_db(
        f.dir.path(),
        "sms.db",
        "CREATE TABLE handle (ROWID INTEGER PRIMARY KEY, id TEXT);
         CREATE TABLE message (ROWID INTEGER PRIMARY KEY, handle_id INTEGER, date INTEGER,
             is_from_me INTEGER, service TEXT,
             text TEXT GENERATED ALWAYS AS (printf('%.*c', 100000000, 'x')) VIRTUAL NOT NULL);
         INSERT INTO handle VALUES (1, '+8617055511020');
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 26)
         INSERT INTO message (handle_id, date, is_from_me, service) SELECT 1, i, 0, 'SMS' FROM n;",
    );
    refused_in_both(
        &path,
        schema_problem(
            "message",
            dossier_core::import::SchemaProblem::Generated {
                column: "text".into(),
            },
        ),
    );
}

#[test]
fn a_rowid_named_column_that_multiplies_the_join_is_refused() {
    let f = Fixture::new();
    // Every handle row claims ROWID 1: joined, each message would match
    // all 2,000 of them.
    let path = made_db(
        f.dir.path(),
        "sms.db",
        "CREATE TABLE handle (ROWID INTEGER, id TEXT);
         CREATE TABLE message (ROWID INTEGER PRIMARY KEY, text TEXT, handle_id INTEGER,
             date INTEGER, is_from_me INTEGER, service TEXT);
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
         INSERT INTO handle SELECT 1, '+86170555' || i FROM n;
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
         INSERT INTO message (text, handle_id, date, is_from_me, service) SELECT 'x', 1, i, 0, 'SMS' FROM n;",
    );
    refused_in_both(
        &path,
        schema_problem(
            "handle",
            dossier_core::import::SchemaProblem::ShadowedRowid {
                column: "ROWID".into(),
            },
        ),
    );
}

#[test]
fn views_computed_defaults_and_wrong_types_are_refused_by_name() {
    use dossier_core::import::SchemaProblem;
    let f = Fixture::new();
    let handle = "CREATE TABLE handle (ROWID INTEGER PRIMARY KEY, id TEXT);";
    let message = "CREATE TABLE message (ROWID INTEGER PRIMARY KEY, text TEXT, handle_id INTEGER, \
                   date INTEGER, is_from_me INTEGER, service TEXT);";
    let cases: [(&str, String, &str, SchemaProblem); 4] = [
        (
            "view.db",
            format!(
                "{message} CREATE TABLE h (ROWID INTEGER PRIMARY KEY, id TEXT);
                 CREATE VIEW handle AS SELECT a.ROWID, a.id FROM h a, h b, h c;"
            ),
            "handle",
            SchemaProblem::NotATable {
                kind: "view".into(),
            },
        ),
        (
            "default.db",
            format!(
                "{handle} CREATE TABLE message (ROWID INTEGER PRIMARY KEY, \
                 text TEXT DEFAULT (printf('%.*c', 100000000, 'x')), handle_id INTEGER, \
                 date INTEGER, is_from_me INTEGER, service TEXT);"
            ),
            "message",
            SchemaProblem::ComputedDefault {
                column: "text".into(),
                default: "printf('%.*c', 100000000, 'x')".into(),
            },
        ),
        (
            "affinity.db",
            format!(
                "{handle} CREATE TABLE message (ROWID INTEGER PRIMARY KEY, text TEXT, \
                 handle_id TEXT, date INTEGER, is_from_me INTEGER, service TEXT);"
            ),
            "message",
            SchemaProblem::Affinity {
                column: "handle_id".into(),
                declared: "TEXT".into(),
                expected: "INTEGER",
            },
        ),
        (
            "missing.db",
            format!("{handle} CREATE TABLE message (ROWID INTEGER PRIMARY KEY, text TEXT);"),
            "message",
            SchemaProblem::MissingColumn {
                column: "handle_id".into(),
            },
        ),
    ];
    for (name, schema, table, problem) in cases {
        let path = made_db(f.dir.path(), name, &schema);
        let options = ImportOptions {
            format: Some(Format::IosSms),
            ..ImportOptions::default()
        };
        let mut g = Fixture::new();
        let err =
            import::import(&mut g.case, &path, &options, &CLOCK, "t", &mut Silent).expect_err(name);
        assert!(
            schema_problem(table, problem.clone())(&err),
            "{name}: expected {problem:?} on {table}, got {err}"
        );
        assert!(
            err.to_string()
                .contains("this does not look like an iPhone's sms.db"),
            "{name}: {err}"
        );
    }
}

#[test]
fn a_message_text_over_1_mib_is_refused_naming_the_message() {
    let mut f = Fixture::new();
    let path = f.dir.path().join("sms.db");
    sms_db(&path);
    let conn = Connection::open(&path).expect("db");
    conn.execute(
        "INSERT INTO message VALUES (9, ?1, 1, ?2, 0, 'SMS')",
        params![
            "x".repeat(dossier_core::import::TEXT_MAX + 1),
            T0 as i64 + 5
        ],
    )
    .expect("long");
    drop(conn);
    let err = import::import(
        &mut f.case,
        &path,
        &ImportOptions::default(),
        &CLOCK,
        "t",
        &mut Silent,
    )
    .expect_err("too long");
    assert!(
        matches!(&err, import::ImportError::TooLong { at, .. } if at == "message ROWID 9"),
        "{err}"
    );
    assert!(
        err.to_string().contains("text is longer than 1 MiB"),
        "{err}"
    );
}

#[test]
fn a_call_history_with_a_generated_address_is_refused() {
    let f = Fixture::new();
    let path = made_db(
        f.dir.path(),
        "CallHistory.storedata",
        "CREATE TABLE ZCALLRECORD (Z_PK INTEGER PRIMARY KEY, ZANSWERED INTEGER, ZORIGINATED INTEGER,
             ZDATE TIMESTAMP, ZDURATION FLOAT,
             ZADDRESS VARCHAR GENERATED ALWAYS AS (printf('%.*c', 100000000, '1')) VIRTUAL);
         INSERT INTO ZCALLRECORD (Z_PK, ZANSWERED, ZORIGINATED, ZDATE, ZDURATION) VALUES (1, 1, 0, 800000000, 5);",
    );
    refused_in_both(
        &path,
        schema_problem(
            "ZCALLRECORD",
            dossier_core::import::SchemaProblem::Generated {
                column: "ZADDRESS".into(),
            },
        ),
    );
}
