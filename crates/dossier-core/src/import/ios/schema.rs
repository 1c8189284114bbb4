//! The schema check an iOS database passes before any row is read: the
//! tables and columns the importer reads, as the phone declares them.

use crate::import::{ImportError, SchemaProblem};
use rusqlite::Connection;
use std::path::Path;

/// Which database is read, for messages and for the schema it must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Database {
    Calls,
    Messages,
}

impl Database {
    pub(super) fn name(self) -> &'static str {
        match self {
            Database::Calls => "CallHistory.storedata",
            Database::Messages => "sms.db",
        }
    }

    /// The tables read, each with its key and the columns read.
    pub(super) fn tables(self) -> &'static [Table] {
        match self {
            Database::Calls => &CALL_TABLES,
            Database::Messages => &MESSAGE_TABLES,
        }
    }
}

/// A column's type affinity, by SQLite's rules (section 3.1 of "Datatypes
/// In SQLite").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Affinity {
    Integer,
    Text,
    Blob,
    Real,
    Numeric,
}

impl Affinity {
    fn of(declared: &str) -> Affinity {
        let t = declared.to_ascii_uppercase();
        if t.contains("INT") {
            Affinity::Integer
        } else if t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT") {
            Affinity::Text
        } else if t.contains("BLOB") || t.trim().is_empty() {
            Affinity::Blob
        } else if t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB") {
            Affinity::Real
        } else {
            Affinity::Numeric
        }
    }
}

/// Numbers: what iOS declares `INTEGER`, `TIMESTAMP` or `FLOAT`.
const NUMBER: &[Affinity] = &[Affinity::Integer, Affinity::Real, Affinity::Numeric];
/// Whole numbers (keys, flags).
const WHOLE: &[Affinity] = &[Affinity::Integer, Affinity::Numeric];
const TEXT: &[Affinity] = &[Affinity::Text];
/// `ZADDRESS` is `VARCHAR` on some iOS versions and `BLOB` on others.
const TEXT_OR_BLOB: &[Affinity] = &[Affinity::Text, Affinity::Blob];

/// A table the importer reads.
pub(super) struct Table {
    pub(super) name: &'static str,
    /// The key rows are found by: `ROWID` (the row id, or a column that is
    /// its `INTEGER PRIMARY KEY` alias, as iOS declares it) or `Z_PK`.
    key: &'static str,
    /// The columns read and the affinities they may have.
    columns: &'static [(&'static str, &'static [Affinity], &'static str)],
    /// Read when it is there (attachments): a database without it is read
    /// without what it holds.
    pub(super) optional: bool,
}

const MESSAGE_TABLES: [Table; 4] = [
    Table {
        name: "message",
        key: "ROWID",
        columns: &[
            ("handle_id", WHOLE, "INTEGER"),
            ("date", NUMBER, "INTEGER"),
            ("is_from_me", WHOLE, "INTEGER"),
            ("text", TEXT, "TEXT"),
            ("service", TEXT, "TEXT"),
            ("guid", TEXT, "TEXT"),
        ],
        optional: false,
    },
    Table {
        name: "handle",
        key: "ROWID",
        columns: &[("id", TEXT, "TEXT")],
        optional: false,
    },
    Table {
        name: "attachment",
        key: "ROWID",
        columns: &[
            ("filename", TEXT, "TEXT"),
            ("mime_type", TEXT, "TEXT"),
            ("transfer_name", TEXT, "TEXT"),
        ],
        optional: true,
    },
    Table {
        name: "message_attachment_join",
        key: "ROWID",
        columns: &[
            ("message_id", WHOLE, "INTEGER"),
            ("attachment_id", WHOLE, "INTEGER"),
        ],
        optional: true,
    },
];

const CALL_TABLES: [Table; 1] = [Table {
    name: "ZCALLRECORD",
    key: "Z_PK",
    columns: &[
        ("ZADDRESS", TEXT_OR_BLOB, "VARCHAR or BLOB"),
        ("ZDATE", NUMBER, "TIMESTAMP"),
        ("ZDURATION", NUMBER, "FLOAT"),
        ("ZORIGINATED", WHOLE, "INTEGER"),
        ("ZANSWERED", WHOLE, "INTEGER"),
        ("ZCALLTYPE", WHOLE, "INTEGER"),
    ],
    optional: false,
}];

/// Columns read when they are there: `message.service` (SMS or iMessage)
/// is missing from the oldest databases and from some tools' copies; those
/// messages read as SMS. Without `guid` a message has no id of its own
/// (it is matched like any record). Without `ZCALLTYPE` no call reads as FaceTime;
/// an attachment's type and name only label it.
const OPTIONAL: &[&str] = &["service", "guid", "ZCALLTYPE", "mime_type", "transfer_name"];

/// Names SQLite gives the row id; a column of that name hides it.
fn names_the_rowid(column: &str) -> bool {
    ["rowid", "_rowid_", "oid"]
        .iter()
        .any(|n| column.eq_ignore_ascii_case(n))
}

/// A default value that is a literal: a number, a string or blob literal,
/// NULL, TRUE/FALSE or a CURRENT_* keyword. Anything else is an expression
/// SQLite runs for each row that lacks the column.
fn is_literal(default: &str) -> bool {
    let d = default.trim();
    let number = d
        .trim_start_matches(['-', '+'])
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
        && !d.is_empty();
    let quoted = d.len() >= 2 && d.starts_with('\'') && d.ends_with('\'');
    let blob = (d.starts_with("X'") || d.starts_with("x'")) && d.ends_with('\'');
    let keyword = [
        "NULL",
        "TRUE",
        "FALSE",
        "CURRENT_TIME",
        "CURRENT_DATE",
        "CURRENT_TIMESTAMP",
    ]
    .iter()
    .any(|k| d.eq_ignore_ascii_case(k));
    number || quoted || blob || keyword
}

/// One column as `PRAGMA table_xinfo` lists it.
struct Column {
    name: String,
    declared: String,
    default: Option<String>,
    pk: i64,
    hidden: i64,
}

/// Checks, before any row is read (and before `quick_check`, which reads
/// every row), that the tables read are ordinary tables laid out as the
/// phone writes them: no generated or hidden column and no computed
/// default (either runs an expression the file chose for every row), the
/// columns read present with the affinity the importer reads, and the key
/// the real row id. Triggers are allowed: every real sms.db has dozens, and
/// the connection is made query-only, so none can ever run.
pub(super) fn check_schema(
    conn: &Connection,
    path: &Path,
    database: Database,
) -> Result<(), ImportError> {
    for table in database.tables() {
        let refuse = |problem: SchemaProblem| ImportError::Schema {
            path: path.to_path_buf(),
            database: database.name(),
            table: table.name.to_owned(),
            problem: Box::new(problem),
        };
        let damaged = |e: rusqlite::Error| {
            ImportError::malformed(
                path,
                format!("table {}", table.name),
                crate::import::Reason::both(
                    format!("{e} — the database is damaged; copy it from the backup again"),
                    format!(
                        "{}——请从备份中重新复制这个文件",
                        match e.sqlite_error_code() {
                            Some(rusqlite::ErrorCode::NotADatabase) => "这不是 SQLite 数据库文件",
                            _ => "数据库已损坏",
                        }
                    ),
                ),
            )
        };
        // (type, wr): `table`, `view`, `virtual` or `shadow`; WITHOUT ROWID.
        let listed: Option<(String, i64)> = conn
            .prepare("SELECT type, wr FROM pragma_table_list WHERE schema = 'main' AND name = ?1 COLLATE NOCASE")
            .and_then(|mut stmt| {
                let mut rows = stmt.query([table.name])?;
                rows.next()?
                    .map(|r| Ok((r.get(0)?, r.get(1)?)))
                    .transpose()
            })
            .map_err(damaged)?;
        let Some((kind, without_rowid)) = listed else {
            if table.optional {
                continue;
            }
            return Err(refuse(SchemaProblem::Missing));
        };
        if kind != "table" {
            return Err(refuse(SchemaProblem::NotATable { kind }));
        }
        if without_rowid != 0 {
            return Err(refuse(SchemaProblem::WithoutRowid));
        }
        let columns: Vec<Column> = conn
            .prepare(
                "SELECT name, type, dflt_value, pk, hidden FROM pragma_table_xinfo(?1, 'main')",
            )
            .and_then(|mut stmt| {
                stmt.query_map([table.name], |r| {
                    Ok(Column {
                        name: r.get(0)?,
                        declared: r.get(1)?,
                        default: r.get(2)?,
                        pk: r.get(3)?,
                        hidden: r.get(4)?,
                    })
                })?
                .collect()
            })
            .map_err(damaged)?;
        // Every column, not only those read: `quick_check` reads them all.
        for c in &columns {
            if c.hidden != 0 {
                return Err(refuse(SchemaProblem::Generated {
                    column: c.name.clone(),
                }));
            }
            if let Some(default) = c.default.as_deref().filter(|d| !is_literal(d)) {
                return Err(refuse(SchemaProblem::ComputedDefault {
                    column: c.name.clone(),
                    default: default.chars().take(80).collect(),
                }));
            }
        }
        for (name, affinities, expected) in table.columns {
            let Some(c) = columns.iter().find(|c| c.name.eq_ignore_ascii_case(name)) else {
                if OPTIONAL.contains(name) {
                    continue;
                }
                return Err(refuse(SchemaProblem::MissingColumn {
                    column: (*name).to_owned(),
                }));
            };
            if !affinities.contains(&Affinity::of(&c.declared)) {
                return Err(refuse(SchemaProblem::Affinity {
                    column: c.name.clone(),
                    declared: c.declared.chars().take(80).collect(),
                    expected,
                }));
            }
        }
        // The key is the row id itself: `INTEGER PRIMARY KEY`, the table's
        // only key column. A column named like the row id that is anything
        // else hides the real row id, and a join on it can match any number
        // of rows.
        let keys = columns.iter().filter(|c| c.pk != 0).count();
        let is_rowid_alias = |c: &Column| {
            c.pk == 1 && keys == 1 && c.declared.trim().eq_ignore_ascii_case("INTEGER")
        };
        for c in &columns {
            if names_the_rowid(&c.name) && !is_rowid_alias(c) {
                return Err(refuse(SchemaProblem::ShadowedRowid {
                    column: c.name.clone(),
                }));
            }
        }
        if !names_the_rowid(table.key) {
            match columns
                .iter()
                .find(|c| c.name.eq_ignore_ascii_case(table.key))
            {
                Some(c) if is_rowid_alias(c) => {}
                Some(c) => {
                    return Err(refuse(SchemaProblem::Affinity {
                        column: c.name.clone(),
                        declared: c.declared.chars().take(80).collect(),
                        expected: "INTEGER PRIMARY KEY",
                    }));
                }
                None => {
                    return Err(refuse(SchemaProblem::MissingColumn {
                        column: table.key.to_owned(),
                    }));
                }
            }
        }
    }
    Ok(())
}
