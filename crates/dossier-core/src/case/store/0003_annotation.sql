-- Schema 3: what the user says about an exhibit after adding it: notes
-- (append-only) and tags (which can be taken off again; the row stays, with
-- the time it was removed, and both changes are in the audit log).
CREATE TABLE annotation (
    id         INTEGER PRIMARY KEY,
    exhibit    INTEGER NOT NULL REFERENCES item (exhibit),
    kind       TEXT NOT NULL CHECK (kind IN ('note', 'tag')),
    text       TEXT NOT NULL CHECK (length(text) > 0),
    added_at   TEXT NOT NULL,
    removed_at TEXT,
    audit_seq  INTEGER NOT NULL,
    CHECK (kind = 'tag' OR removed_at IS NULL)
) STRICT;

CREATE INDEX annotation_exhibit ON annotation (exhibit);

-- A tag is on an exhibit at most once at a time.
CREATE UNIQUE INDEX annotation_tag ON annotation (exhibit, text)
    WHERE kind = 'tag' AND removed_at IS NULL;

CREATE TRIGGER annotation_no_delete BEFORE DELETE ON annotation
BEGIN
    SELECT RAISE(ABORT, 'annotations are never deleted');
END;
