-- Schema 1: the case, its exhibits, where each came from, the events they
-- prove, and the append-only audit chain. Later schemas append files; this
-- one is never edited once released.

CREATE TABLE case_info (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    title      TEXT NOT NULL,
    rules      TEXT NOT NULL CHECK (rules IN ('cn', 'us')),
    time_zone  TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE audit (
    seq       INTEGER PRIMARY KEY CHECK (seq >= 1),
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    details   TEXT NOT NULL,
    prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
    hash      TEXT NOT NULL UNIQUE CHECK (length(hash) = 64)
) STRICT;

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only: entries cannot be changed');
END;

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only: entries cannot be deleted');
END;

CREATE TABLE contributor (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
) STRICT;

-- One row per stored original. The exhibit number is the row id; AUTOINCREMENT
-- guarantees a number is never handed out twice.
CREATE TABLE item (
    exhibit              INTEGER PRIMARY KEY AUTOINCREMENT,
    sha256               TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
    size                 INTEGER NOT NULL CHECK (size > 0),
    kind                 TEXT NOT NULL
                         CHECK (kind IN ('image', 'audio', 'video', 'document', 'text', 'other')),
    media_type           TEXT,
    origin               TEXT NOT NULL CHECK (origin IN ('file', 'note')),
    captured_at          TEXT NOT NULL,
    captured_offset      TEXT,
    capture_basis        TEXT NOT NULL
                         CHECK (capture_basis IN ('exif', 'media', 'file_modified', 'import_time', 'stated')),
    capture_raw          TEXT NOT NULL,
    capture_zone_assumed INTEGER NOT NULL CHECK (capture_zone_assumed IN (0, 1)),
    duration_ms          INTEGER,
    added_at             TEXT NOT NULL,
    audit_seq            INTEGER NOT NULL REFERENCES audit (seq)
) STRICT;

CREATE TRIGGER item_no_delete BEFORE DELETE ON item
BEGIN
    SELECT RAISE(ABORT, 'exhibits are never deleted');
END;

CREATE TRIGGER item_no_rehash BEFORE UPDATE OF exhibit, sha256, size ON item
BEGIN
    SELECT RAISE(ABORT, 'an exhibit''s number, hash and size never change');
END;

-- Every time a contributor supplied an item's bytes; the first row is the
-- acquisition that created the item.
CREATE TABLE acquisition (
    id             INTEGER PRIMARY KEY,
    exhibit        INTEGER NOT NULL REFERENCES item (exhibit),
    contributor_id INTEGER REFERENCES contributor (id),
    original_name  TEXT,
    original_path  TEXT,
    modified_at    TEXT,
    note           TEXT,
    acquired_at    TEXT NOT NULL,
    audit_seq      INTEGER NOT NULL REFERENCES audit (seq)
) STRICT;

CREATE INDEX acquisition_exhibit ON acquisition (exhibit);

-- Something that happened at a time, and the exact place in an exhibit that
-- shows it ('file' for a whole file, 'note' for a typed note).
CREATE TABLE event (
    id              INTEGER PRIMARY KEY,
    exhibit         INTEGER NOT NULL REFERENCES item (exhibit),
    record          TEXT NOT NULL,
    occurred_at     TEXT NOT NULL,
    occurred_offset TEXT,
    channel         TEXT NOT NULL,
    party           TEXT,
    body            TEXT,
    duration_ms     INTEGER,
    UNIQUE (exhibit, record)
) STRICT;

CREATE INDEX event_time ON event (occurred_at);
