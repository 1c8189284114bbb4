//! The writer: the export, its extracted media, its new events (a hundred
//! to a statement, `EventBatch`), their sources, parties and gaps, and the
//! audit entry, in the one transaction of an import.

use super::*;

/// New events, written a hundred rows to a statement (an import writes
/// hundreds of thousands). Ids are given here, so that an event can be
/// matched by later records before its batch is written.
pub(crate) struct EventBatch<'r> {
    pub(crate) next_id: i64,
    pub(crate) values: Vec<ToSqlOutput<'r>>,
    pub(crate) recipients: Vec<(i64, Option<i64>, String)>,
    /// Events whose number the export wholly masks (`event_mask`).
    pub(crate) masks: Vec<i64>,
    /// FaceTime calls and whether each was video (`event_facetime`).
    pub(crate) facetime: Vec<(i64, bool)>,
    pub(crate) rows: usize,
    pub(crate) seal: i64,
}

impl<'r> EventBatch<'r> {
    const ROWS: usize = 100;
    const COLUMNS: &'static str = "id, exhibit, record, occurred_at, channel, party, body, duration_ms, direction, \
                                   party_id, hidden, owner_party, import_id, sealed_by";

    /// `seal` is the import's audit entry, which seals these rows.
    pub(crate) fn new(tx: &Transaction<'_>, seal: i64) -> rusqlite::Result<EventBatch<'r>> {
        let next_id = tx.query_row("SELECT COALESCE(MAX(id), 0) + 1 FROM event", [], |r| {
            r.get(0)
        })?;
        Ok(EventBatch {
            next_id,
            values: Vec::with_capacity(Self::ROWS * 14),
            seal,
            recipients: Vec::new(),
            masks: Vec::new(),
            facetime: Vec::new(),
            rows: 0,
        })
    }

    pub(crate) fn sql(rows: usize) -> String {
        let row = format!("({})", vec!["?"; 14].join(", "));
        format!(
            "INSERT INTO event ({}) VALUES {}",
            Self::COLUMNS,
            vec![row; rows].join(", ")
        )
    }

    /// Queues an event (12 values, without the id) and returns its id.
    pub(crate) fn push(
        &mut self,
        tx: &Transaction<'_>,
        values: [ToSqlOutput<'r>; 12],
        recipients: Vec<(Option<i64>, String)>,
        masked: bool,
        facetime: Option<FaceTime>,
    ) -> rusqlite::Result<i64> {
        let id = self.next_id;
        if masked {
            self.masks.push(id);
        }
        if let Some(kind) = facetime {
            self.facetime.push((id, kind == FaceTime::Video));
        }
        self.next_id += 1;
        self.values.push(ToSqlOutput::Owned(Value::Integer(id)));
        self.values.extend(values);
        self.values
            .push(ToSqlOutput::Owned(Value::Integer(self.seal)));
        self.recipients.extend(
            recipients
                .into_iter()
                .map(|(party, address)| (id, party, address)),
        );
        self.rows += 1;
        if self.rows == Self::ROWS {
            self.flush(tx)?;
        }
        Ok(id)
    }

    pub(crate) fn flush(&mut self, tx: &Transaction<'_>) -> rusqlite::Result<()> {
        if self.rows == 0 {
            return Ok(());
        }
        tx.prepare_cached(&Self::sql(self.rows))?
            .execute(rusqlite::params_from_iter(self.values.drain(..)))?;
        self.rows = 0;
        let mut recipient =
            tx.prepare_cached("INSERT OR IGNORE INTO event_recipient (event_id, party_id, address) VALUES (?1, ?2, ?3)")?;
        for (event, party, address) in self.recipients.drain(..) {
            recipient.execute(params![event, party, address])?;
        }
        let mut mask = tx.prepare_cached("INSERT INTO event_mask (event_id) VALUES (?1)")?;
        for event in self.masks.drain(..) {
            mask.execute([event])?;
        }
        let mut facetime =
            tx.prepare_cached("INSERT INTO event_facetime (event_id, video) VALUES (?1, ?2)")?;
        for (event, video) in self.facetime.drain(..) {
            facetime.execute(params![event, video])?;
        }
        Ok(())
    }
}

/// Which importer read an export, and through which mapping.
pub(crate) struct How {
    pub(crate) format: Format,
    pub(crate) mapping: Option<String>,
}

impl How {
    pub(crate) fn importer(&self) -> String {
        match &self.mapping {
            Some(mapping) => format!("{}, mapping {mapping}", self.format.importer()),
            None => self.format.importer(),
        }
    }
}

/// What a collecting parser passed over and lost, handed to the writer.
#[derive(Debug, Default)]
pub(crate) struct Passed {
    pub(crate) skipped: Vec<(String, String)>,
    pub(crate) gaps: Vec<Gap>,
    pub(crate) flags: Vec<(String, Flag)>,
}

/// Stores the export, its attachments and its events in one transaction.
#[allow(clippy::too_many_arguments)]
pub(crate) fn store(
    case: &mut Case,
    path: &Path,
    source: Prepared,
    parsed: Parsed,
    records: Records,
    how: How,
    owner_key: Option<String>,
    passed: Passed,
    options: &ImportOptions,
    clock: &dyn Clock,
    actor: &str,
    stop: &dyn Fn() -> bool,
) -> Result<ImportReport, ImportError> {
    let Parsed {
        attachments,
        companions,
    } = parsed;
    let mut syncer = Syncer::new(case.root(), 4);
    let mut group = vec![source];
    let mut positions = Vec::with_capacity(attachments.len());
    for (i, a) in attachments.into_iter().enumerate() {
        let (kind, media_type) = sniff(&a.staged.head);
        positions.push(a.position.clone());
        group.push(Prepared {
            index: i + 1,
            path: path.to_path_buf(),
            staged: a.staged,
            kind,
            media_type,
            capture: Capture {
                at: a.at,
                offset: None,
                basis: Basis::Message,
                raw: format!("{} ({})", a.position, format_utc(a.at)),
                zone_assumed: false,
            },
            duration_ms: None,
            origin: Origin::File,
            original_name: a.name.clone().or_else(|| Some(a.position.clone())),
            original_path: None,
            modified_at: None,
            note: None,
            event: None,
        });
    }
    let first_companion = group.len();
    for (i, mut companion) in companions.into_iter().enumerate() {
        companion.index = first_companion + i;
        group.push(companion);
    }
    let ids: Vec<usize> = (0..group.len()).collect();
    let durable = group
        .iter()
        .try_for_each(|p| syncer.submit(p.index, &p.staged))
        .and_then(|()| {
            syncer
                .wait_all(&ids)
                .into_iter()
                .collect::<std::io::Result<()>>()
        });
    if let Err(source) = durable {
        for p in &group {
            p.staged.discard();
        }
        return Err(IngestError::Write {
            path: path.to_path_buf(),
            source,
        }
        .into());
    }

    let format = how.format;
    let importer = how.importer();
    let mut report = ImportReport {
        format,
        importer: importer.clone(),
        exhibit: 0,
        already_stored: false,
        records: 0,
        new_events: 0,
        known_events: 0,
        extracted: Vec::new(),
        companions: Vec::new(),
        skipped: Vec::new(),
        masked: 0,
        gaps: Vec::new(),
        flags: Vec::new(),
    };
    let now = clock.now();
    let contributor = options.contributor.as_deref();
    let mut records = Some(records);
    let Passed {
        mut skipped,
        mut gaps,
        mut flags,
    } = passed;
    let mut parse_error: Option<ImportError> = None;
    let mut hook = |tx: &Transaction<'_>, done: &[(usize, Outcome)]| -> rusqlite::Result<()> {
        let exhibit_of = |outcome: &Outcome| match outcome {
            Outcome::Added(a) => Some(a.exhibit),
            Outcome::Duplicate { exhibit, .. } => Some(*exhibit),
            Outcome::Failed(_) => None,
        };
        let exhibit = done
            .first()
            .and_then(|(_, o)| exhibit_of(o))
            .ok_or(rusqlite::Error::QueryReturnedNoRows)?;
        report.exhibit = exhibit;
        report.already_stored = matches!(done.first(), Some((_, Outcome::Duplicate { .. })));
        report.extracted.clear();
        report.companions = done
            .iter()
            .skip(first_companion)
            .filter_map(|(_, o)| exhibit_of(o))
            .collect();
        for ((_, outcome), position) in done.iter().skip(1).zip(&positions) {
            if let Some(extracted) = exhibit_of(outcome) {
                report.extracted.push(extracted);
                tx.execute(
                    "INSERT OR IGNORE INTO extracted (exhibit, source_exhibit, record) VALUES (?1, ?2, ?3)",
                    params![extracted, exhibit, position],
                )?;
            }
        }
        let owner = match &owner_key {
            None => party::ensure_self(tx)?,
            Some(key) => party::ensure(tx, key)?,
        };
        let contributor_id: Option<i64> = match contributor {
            Some(name) => Some(ingest::ensure_contributor(tx, name)?),
            None => None,
        };
        // The import's own entry comes last, once the counts are known; its
        // number goes into its rows now, and it seals them when appended.
        let seq = audit::reserve(tx)?;
        tx.execute(
            "INSERT INTO import (exhibit, format, importer, owner_party, contributor_id, records, new_events,
                                 known_events, imported_at, audit_seq)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, 0, ?7, ?8)",
            params![exhibit, format.as_str(), importer, owner, contributor_id, 0, format_utc(now), seq],
        )?;
        let import_id = tx.last_insert_rowid();

        let mut known = KnownEvents::default();
        // Party ids and keys by address, looked up once per address.
        let mut parties: FastMap<Address, Option<i64>> = FastMap::default();
        let mut party_of =
            |tx: &Transaction<'_>, address: &Address| -> rusqlite::Result<Option<i64>> {
                if let Some(found) = parties.get(address) {
                    return Ok(*found);
                }
                let found = match address.party_key() {
                    Some(key) => Some(party::ensure(tx, &key)?),
                    None => None,
                };
                parties.insert(address.clone(), found);
                Ok(found)
            };
        let mut insert_source = tx.prepare(
            "INSERT OR IGNORE INTO event_source (event_id, exhibit, record, import_id) VALUES (?1, ?2, ?3, ?4)",
        )?;
        let mut unnamed = tx.prepare("SELECT 1 FROM party WHERE id = ?1 AND name IS NULL")?;
        let mut name_party = tx.prepare("UPDATE party SET name = ?2 WHERE id = ?1")?;
        let mut insert_key = tx.prepare(
            "INSERT OR IGNORE INTO record_key (exhibit, record, source_id) VALUES (?1, ?2, ?3)",
        )?;
        let mut named = HashSet::new();
        // Events of earlier imports a record of this one has matched.
        let mut claimed: FastSet<i64> = FastSet::default();
        let (mut new_events, mut known_events, mut record_count) = (0u64, 0u64, 0u64);
        let mut masked = 0u64;
        let mut chunks = records.take().map(Chunks::new).into_iter().flatten();
        loop {
            let chunk = match chunks.next() {
                None => break,
                Some(Ok(chunk)) => chunk,
                Some(Err(Received::Skipped(position, why))) => {
                    skipped.push((position, why));
                    continue;
                }
                Some(Err(Received::Lost(gap))) => {
                    gaps.push(gap);
                    continue;
                }
                Some(Err(Received::Flagged(position, flag))) => {
                    flags.push((position, flag));
                    continue;
                }
                Some(Err(Received::Failed(e))) => {
                    parse_error = Some(e);
                    return Err(rusqlite::Error::InvalidQuery);
                }
            };
            if stop() {
                parse_error = Some(ImportError::Cancelled {
                    path: path.to_path_buf(),
                });
                return Err(rusqlite::Error::InvalidQuery);
            }
            record_count += chunk.len() as u64;
            known.load_for(tx, &chunk, import_id)?;
            let mut events = EventBatch::new(tx, seq)?;
            for record in &chunk {
                let pid = party_of(tx, &record.address)?;
                if let (Some(pid), Some(name)) = (pid, &record.contact_name)
                    && named.insert(pid)
                    && unnamed.exists([pid])?
                {
                    // The party may have been sealed by an earlier entry.
                    crate::case::rows::supersede(tx, "party", pid)?;
                    name_party.execute(params![pid, name])?;
                }
                masked += u64::from(record.address.is_masked());
                if let Some(id) = &record.source_id {
                    insert_key.execute(params![exhibit, record.position, id])?;
                }
                if let Some(k) = known.find(record, pid, exhibit, &claimed) {
                    // The same event seen before: one more source, unless it
                    // is this very record of this very file imported again.
                    let same_record = k.exhibit == exhibit
                        && k.record.as_deref() == Some(record.position.as_str());
                    let event_id = k.id;
                    claimed.insert(event_id);
                    // A full number names the party a carrier list masked:
                    // the event gets it (its earlier version stays provable).
                    let masked_before = k.masked
                        || k.party_key
                            .as_deref()
                            .is_some_and(|p| p.starts_with("mask:"));
                    if masked_before
                        && pid.is_some()
                        && matches!(record.address, Address::Number(_))
                    {
                        events.flush(tx)?;
                        crate::case::rows::supersede(tx, "event", event_id)?;
                        tx.execute(
                            "UPDATE event SET party_id = ?2, hidden = 0 WHERE id = ?1",
                            params![event_id, pid],
                        )?;
                    }
                    if !same_record {
                        events.flush(tx)?;
                        insert_source.execute(params![
                            event_id,
                            exhibit,
                            record.position,
                            import_id
                        ])?;
                    }
                    known_events += 1;
                    continue;
                }
                let mut recipients = Vec::with_capacity(record.recipients.len());
                for (raw, address) in &record.recipients {
                    let rid = party_of(tx, address)?;
                    recipients.push((rid, raw.clone()));
                }
                fn text(t: &str) -> ToSqlOutput<'_> {
                    ToSqlOutput::Borrowed(ValueRef::Text(t.as_bytes()))
                }
                let int = |i: i64| ToSqlOutput::Owned(Value::Integer(i));
                let null = || ToSqlOutput::Owned(Value::Null);
                events.push(
                    tx,
                    [
                        int(exhibit),
                        text(&record.position),
                        ToSqlOutput::Owned(Value::Text(format_utc(record.at))),
                        text(record.channel),
                        text(&record.address_raw),
                        record.body.as_deref().map_or_else(null, text),
                        record.duration_ms.map_or_else(null, |d| int(d as i64)),
                        record.direction.map_or_else(null, |d| text(d.as_str())),
                        pid.map_or_else(null, int),
                        int(i64::from(record.address.is_no_one())),
                        int(owner),
                        int(import_id),
                    ],
                    recipients,
                    record.address == Address::Masked(None),
                    record.facetime,
                )?;
                new_events += 1;
            }
            events.flush(tx)?;
        }
        let mut insert_gap = tx.prepare(
            "INSERT INTO import_gap (import_id, kind, record, at_byte, declared) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for gap in &gaps {
            let (record, at_byte, declared) = match gap {
                Gap::Truncated {
                    at_byte,
                    inside,
                    declared,
                } => (
                    inside.clone(),
                    Some(*at_byte as i64),
                    declared.map(|d| d as i64),
                ),
                Gap::Part { position, at_byte } => {
                    (Some(position.clone()), at_byte.map(|b| b as i64), None)
                }
                Gap::Missing { position } => (Some(position.clone()), None, None),
            };
            insert_gap.execute(params![import_id, gap.kind(), record, at_byte, declared])?;
        }
        report.records = record_count;
        report.masked = masked;
        report.gaps = gaps.clone();
        report.flags = flags.clone();
        report.skipped = skipped.clone();
        report.new_events = new_events;
        report.known_events = known_events;
        tx.execute(
            "UPDATE import SET records = ?5, new_events = ?2, known_events = ?3, audit_seq = ?4 WHERE id = ?1",
            params![import_id, new_events as i64, known_events as i64, seq, record_count as i64],
        )?;
        let appended = audit::append(
            tx,
            now,
            contributor.unwrap_or(actor),
            Action::Imported,
            &serde_json::json!({
                "import": import_id,
                "exhibit": exhibit,
                "format": format.as_str(),
                "importer": importer,
                "owner": owner_key.as_deref().unwrap_or(party::SELF_KEY),
                "contributor": contributor,
                "records": record_count,
                "new_events": new_events,
                "known_events": known_events,
                "extracted": report.extracted,
                "companions": report.companions,
                "skipped": skipped.len(),
                "masked": masked,
                "gaps": gaps.len(),
                "flagged": flags.len(),
            }),
        )?;
        debug_assert_eq!(
            appended, seq,
            "the import's entry gets the number reserved for it"
        );
        Ok(())
    };
    let result = ingest::commit_group(
        case,
        &group,
        contributor,
        clock,
        actor,
        &mut syncer,
        &mut hook,
    );
    for p in &group {
        p.staged.discard();
    }
    if let Some(e) = parse_error {
        return Err(e);
    }
    match result {
        Ok(_) => Ok(report),
        Err((_, IngestError::Record { source, .. })) => Err(ImportError::Record {
            path: path.to_path_buf(),
            source,
        }),
        Err((_, e)) => Err(ImportError::Source(e)),
    }
}
