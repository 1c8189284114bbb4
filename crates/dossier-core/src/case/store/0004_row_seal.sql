-- Schema 4: every row that carries meaning is sealed by the audit entry
-- that last wrote it. `sealed_by` names that entry; the entry's details
-- record, per table, the number of rows it sealed and a digest of their
-- canonical encodings (see rows.rs), so `verify` can recompute them from
-- the rows as they are now. A row whose `sealed_by` is NULL was written by
-- no audited action. The existing `audit_seq` columns keep their meaning
-- (the entry that recorded the row); `sealed_by` is the seal, not content.
ALTER TABLE case_info ADD COLUMN sealed_by INTEGER;
ALTER TABLE contributor ADD COLUMN sealed_by INTEGER;
ALTER TABLE item ADD COLUMN sealed_by INTEGER;
ALTER TABLE acquisition ADD COLUMN sealed_by INTEGER;
ALTER TABLE event ADD COLUMN sealed_by INTEGER;
ALTER TABLE party ADD COLUMN sealed_by INTEGER;
ALTER TABLE import ADD COLUMN sealed_by INTEGER;
ALTER TABLE event_source ADD COLUMN sealed_by INTEGER;
ALTER TABLE extracted ADD COLUMN sealed_by INTEGER;
ALTER TABLE event_recipient ADD COLUMN sealed_by INTEGER;
ALTER TABLE annotation ADD COLUMN sealed_by INTEGER;

CREATE INDEX contributor_sealed ON contributor (sealed_by);
CREATE INDEX item_sealed ON item (sealed_by);
CREATE INDEX acquisition_sealed ON acquisition (sealed_by);
CREATE INDEX event_sealed ON event (sealed_by);
CREATE INDEX party_sealed ON party (sealed_by);
CREATE INDEX import_sealed ON import (sealed_by);
CREATE INDEX event_source_sealed ON event_source (sealed_by);
CREATE INDEX extracted_sealed ON extracted (sealed_by);
CREATE INDEX event_recipient_sealed ON event_recipient (sealed_by);
CREATE INDEX annotation_sealed ON annotation (sealed_by);
