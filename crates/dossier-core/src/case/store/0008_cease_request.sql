-- Schema 8: the borrower's written requests that a collector stop
-- contacting them, one per collector (the company as the case's labels
-- name it: a collection party's name or group). `received` is the day the
-- collector received it (a mail notice is complete on receipt), as
-- YYYY-MM-DD; `source` says how that is known, in the user's words (a
-- return receipt, an email's reply).
CREATE TABLE cease_request (
    collector TEXT PRIMARY KEY CHECK (length(collector) > 0),
    received  TEXT NOT NULL CHECK (received GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    source    TEXT,
    sealed_by INTEGER
);
CREATE INDEX cease_request_sealed ON cease_request (sealed_by);
