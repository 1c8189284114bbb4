-- Schema 5: what an import could not read, and the ids exports give their
-- own records.
--
-- An export cut short (the phone died during the backup) or with a part
-- that cannot be decoded is imported as far as it is complete; each loss is
-- a row here, so the exhibit and the dossier say the export is incomplete.
-- `kind` is `truncated` (the file ends at `at_byte`, inside `record` when it
-- is known; `declared` is the count the export's header announced) or
-- `part` (one part of `record` could not be decoded; the record was kept).
CREATE TABLE import_gap (
    id        INTEGER PRIMARY KEY,
    import_id INTEGER NOT NULL REFERENCES import (id),
    kind      TEXT NOT NULL CHECK (kind IN ('truncated', 'part')),
    record    TEXT,
    at_byte   INTEGER,
    declared  INTEGER,
    sealed_by INTEGER
);
CREATE INDEX import_gap_import ON import_gap (import_id);
CREATE INDEX import_gap_sealed ON import_gap (sealed_by);

-- Events whose other number the export masks wholly (a carrier list's
-- `***`): like a withheld number they have no party (`hidden` = 1), but
-- the caller did not hide it, so rules about hidden callers leave them out.
CREATE TABLE event_mask (
    event_id  INTEGER PRIMARY KEY REFERENCES event (id),
    sealed_by INTEGER
);
CREATE INDEX event_mask_sealed ON event_mask (sealed_by);

-- The id an export gives one of its records where it is stable across
-- exports of the same account (WeChat's MsgSvrID, iOS's message guid): two
-- records with ids are one event exactly when their ids are equal.
CREATE TABLE record_key (
    exhibit   INTEGER NOT NULL REFERENCES item (exhibit),
    record    TEXT NOT NULL,
    source_id TEXT NOT NULL,
    sealed_by INTEGER,
    PRIMARY KEY (exhibit, record)
);
CREATE INDEX record_key_source ON record_key (source_id);
CREATE INDEX record_key_sealed ON record_key (sealed_by);
