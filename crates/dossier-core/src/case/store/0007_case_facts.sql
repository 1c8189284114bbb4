-- Schema 7: what the user states about the case and its parties.
--
-- `widen_checks` in store/mod.rs adds `spouse` to `party.role`'s CHECK
-- list (a third party under China's rules, the consumer under the FDCPA).
--
-- The borrower's paydays (days of the month): collectors press hardest
-- around them, so the pattern facts count contacts on them. Apart from the
-- days a rule pack's playbook names, which are the collectors' words.
CREATE TABLE case_payday (
    day       INTEGER PRIMARY KEY CHECK (day BETWEEN 1 AND 31),
    sealed_by INTEGER
);
CREATE INDEX case_payday_sealed ON case_payday (sealed_by);

-- Why a party carries its label (its role, name or company): `user` (the
-- user says so; every label without a row here), `signature` (an SMS
-- signed 【…】 by that company), `caller` (the caller's own words, in a
-- call or a note), `regulator` (a regulator's or the lender's written
-- reply). `source` says where, in the user's words: an exhibit, a date.
CREATE TABLE party_basis (
    party_id  INTEGER PRIMARY KEY REFERENCES party (id),
    basis     TEXT NOT NULL CHECK (basis IN ('user', 'signature', 'caller', 'regulator')),
    source    TEXT,
    sealed_by INTEGER
);
CREATE INDEX party_basis_sealed ON party_basis (sealed_by);
