-- Schema 2: imports of the phone's own records (call logs, messages, chats),
-- the parties that numbers and accounts map to, and events with more than
-- one source.

-- A phone number, an account or a named person. `key` is what identifies it:
-- 'tel:+8617055511020', 'tel:95555', 'id:' and an account or name as written
-- ('id:wxid_abc', 'id:母亲'), or 'self' for the debtor. Hidden numbers have
-- no party: they are never merged.
CREATE TABLE party (
    id         INTEGER PRIMARY KEY,
    key        TEXT NOT NULL UNIQUE,
    role       TEXT CHECK (role IN ('lender', 'agency', 'collector', 'debtor', 'guarantor',
                                    'family', 'friend', 'colleague', 'employer', 'other')),
    name       TEXT,
    group_name TEXT
) STRICT;

-- One import of an export file; the file itself is exhibit `exhibit`.
CREATE TABLE import (
    id             INTEGER PRIMARY KEY,
    exhibit        INTEGER NOT NULL REFERENCES item (exhibit),
    format         TEXT NOT NULL,
    importer       TEXT NOT NULL,
    owner_party    INTEGER NOT NULL REFERENCES party (id),
    contributor_id INTEGER REFERENCES contributor (id),
    records        INTEGER NOT NULL,
    new_events     INTEGER NOT NULL,
    known_events   INTEGER NOT NULL,
    imported_at    TEXT NOT NULL,
    -- Written last in the import's transaction, once the counts are known.
    audit_seq      INTEGER NOT NULL REFERENCES audit (seq) DEFERRABLE INITIALLY DEFERRED
) STRICT;

-- What imported events add: the direction, the other side, whose phone
-- recorded it, and the import it came from. Events of files and notes keep
-- NULLs here.
ALTER TABLE event ADD COLUMN direction TEXT
    CHECK (direction IN ('in', 'out', 'missed', 'rejected', 'blocked', 'voicemail'));
ALTER TABLE event ADD COLUMN party_id INTEGER REFERENCES party (id);
ALTER TABLE event ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1));
ALTER TABLE event ADD COLUMN owner_party INTEGER REFERENCES party (id);
ALTER TABLE event ADD COLUMN import_id INTEGER REFERENCES import (id);


-- Further sources of one event: the same call seen in two overlapping exports.
CREATE TABLE event_source (
    event_id  INTEGER NOT NULL REFERENCES event (id),
    exhibit   INTEGER NOT NULL REFERENCES item (exhibit),
    record    TEXT NOT NULL,
    import_id INTEGER REFERENCES import (id),
    PRIMARY KEY (event_id, exhibit, record)
) STRICT;

-- An exhibit taken out of another one (an image inside an MMS), and where.
CREATE TABLE extracted (
    exhibit        INTEGER PRIMARY KEY REFERENCES item (exhibit),
    source_exhibit INTEGER NOT NULL REFERENCES item (exhibit),
    record         TEXT NOT NULL
) STRICT;

-- Recipients of a group message beyond its main party.
CREATE TABLE event_recipient (
    event_id INTEGER NOT NULL REFERENCES event (id),
    party_id INTEGER REFERENCES party (id),
    address  TEXT NOT NULL,
    PRIMARY KEY (event_id, address)
) STRICT;
