-- Schema 6: media a message carried, and calls carried by FaceTime.
--
-- Two CHECK lists are widened by `widen_checks` in store/mod.rs (SQLite
-- cannot alter a CHECK, and rebuilding `item` would touch every evidence
-- row): `item.capture_basis` gains `message` (a picture or recording
-- taken from an MMS or iMessage is dated by its message, not by anything
-- in its own bytes) and `import_gap.kind` gains `missing` (a message names
-- an attachment the export does not hold: an sms.db without its backup
-- folder, or a backup that lacks the file).

-- A call the export says went over FaceTime rather than the phone network
-- (iPhone call history, `ZCALLTYPE` 8 video, 16 audio). Other calls have
-- no row.
CREATE TABLE event_facetime (
    event_id  INTEGER PRIMARY KEY REFERENCES event (id),
    video     INTEGER NOT NULL CHECK (video IN (0, 1)),
    sealed_by INTEGER
);
CREATE INDEX event_facetime_sealed ON event_facetime (sealed_by);
