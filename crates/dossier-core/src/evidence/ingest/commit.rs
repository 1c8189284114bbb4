//! Committing staged files: a group in one transaction, each item with its
//! exhibit, acquisition, contributor, capture time and audit entry, and the
//! hook an import adds its events through.

use super::*;

/// The error of a failed group commit, and the position in the group of the
/// file it belongs to (`None`: the whole group, such as a full disk or a
/// failed commit).
pub(crate) type GroupFailure = (Option<usize>, IngestError);

/// Work done inside a group's transaction once its items are recorded (an
/// import's events); its failure rolls the whole group back.
pub(crate) type Hook<'h> =
    &'h mut dyn FnMut(&Transaction<'_>, &[(usize, Outcome)]) -> rusqlite::Result<()>;

/// Places and records a group of prepared, durable items in one transaction,
/// pushing one outcome per item. On failure nothing of the group stays
/// referenced; when the failure is one file's, that file is named and the
/// rest of the group is committed without it.
pub(crate) fn commit(
    case: &mut Case,
    group: Vec<Prepared>,
    contributor: Option<&str>,
    clock: &dyn Clock,
    actor: &str,
    outcomes: &mut Vec<(usize, Outcome)>,
    syncer: &mut blob::Syncer,
) {
    if group.is_empty() {
        return;
    }
    match commit_group(
        case,
        &group,
        contributor,
        clock,
        actor,
        syncer,
        &mut |_, _| Ok(()),
    ) {
        Ok(done) => {
            for p in &group {
                p.staged.discard();
            }
            outcomes.extend(done);
        }
        Err((Some(culprit), error)) => {
            // One file's failure: name it, and commit the others without it.
            let mut rest = group;
            let failed = rest.remove(culprit);
            failed.staged.discard();
            outcomes.push((failed.index, Outcome::Failed(error)));
            commit(case, rest, contributor, clock, actor, outcomes, syncer);
        }
        Err((None, error)) => {
            let message = error.to_string();
            let mut error = Some(error);
            for p in &group {
                p.staged.discard();
                // The first file carries the error; the others say why they
                // were not stored either.
                let e = error.take().unwrap_or_else(|| IngestError::Write {
                    path: p.path.clone(),
                    source: io::Error::other(format!(
                        "not stored because storing its batch failed: {message}"
                    )),
                });
                outcomes.push((p.index, Outcome::Failed(e)));
            }
        }
    }
}

/// The transaction of [`commit`]: journal, place, make durable, record each
/// item with its audit entry, run `hook`, commit. On failure the placements
/// are undone; the temporary files are left to the caller either way.
pub(crate) fn commit_group(
    case: &mut Case,
    group: &[Prepared],
    contributor: Option<&str>,
    clock: &dyn Clock,
    actor: &str,
    syncer: &mut blob::Syncer,
    hook: Hook<'_>,
) -> Result<Vec<(usize, Outcome)>, GroupFailure> {
    let Some(first) = group.first() else {
        return Ok(Vec::new());
    };
    let vault = case.vault().clone();
    let root = vault.root().to_path_buf();
    let conn = case.conn_mut();
    let mut journal = None;
    let whole = |e: IngestError| (None, e);
    let result = (|| -> Result<Vec<(usize, Outcome)>, GroupFailure> {
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| whole(IngestError::record(&first.path, e)))?;
        // Which hashes are new to the case, each once, in input order.
        let mut new_shas: Vec<&str> = Vec::new();
        let mut seen = HashSet::new();
        for (i, p) in group.iter().enumerate() {
            let known = exhibit_for(&tx, &p.staged.sha256)
                .map_err(|e| (Some(i), IngestError::record(&p.path, e)))?;
            if known.is_none() && seen.insert(p.staged.sha256.as_str()) {
                new_shas.push(&p.staged.sha256);
            }
        }
        if !new_shas.is_empty() {
            let path = blob::write_journal(&vault, &new_shas)
                .map_err(|e| whole(IngestError::write(&first.path, e)))?;
            journal = Some(path);
        }
        let mut touched = BTreeSet::new();
        let mut known_dirs = BTreeSet::new();
        let mut new_dirs = BTreeSet::new();
        let mut placed = HashSet::new();
        for (i, p) in group.iter().enumerate() {
            if new_shas.contains(&p.staged.sha256.as_str())
                && placed.insert(p.staged.sha256.as_str())
            {
                let result: io::Result<Placed> =
                    blob::place(&vault, &p.staged, &mut known_dirs, &mut new_dirs);
                result.map_err(|e| (Some(i), IngestError::write(&p.path, e)))?;
                touched.insert(case_blob_dir(&vault, &p.staged.sha256));
            }
        }
        syncer
            .sync_placed(&root, &touched, &new_dirs)
            .map_err(|e| whole(IngestError::write(&first.path, e)))?;

        let now = clock.now();
        let actor = contributor.unwrap_or(actor);
        let mut done = Vec::with_capacity(group.len());
        for (i, p) in group.iter().enumerate() {
            let outcome = record(&tx, p, contributor, now, actor)
                .map_err(|e| (Some(i), IngestError::record(&p.path, e)))?;
            done.push((p.index, outcome));
        }
        hook(&tx, &done).map_err(|e| whole(IngestError::record(&first.path, e)))?;
        tx.commit()
            .map_err(|e| whole(IngestError::record(&first.path, e)))?;
        Ok(done)
    })();
    if let Some(journal) = &journal {
        match &result {
            Ok(_) => {
                let _ = fs::remove_file(journal);
            }
            // The transaction rolled back, so nothing placed is referenced.
            Err(_) => {
                let _ = blob::undo_placements(&vault, conn, journal);
            }
        }
    }
    result
}

pub(crate) fn case_blob_dir(vault: &crate::case::vault::Vault, sha256: &str) -> PathBuf {
    let path = vault.blob_path(sha256);
    path.parent().unwrap_or(vault.root()).to_path_buf()
}

pub(crate) fn exhibit_for(tx: &Transaction<'_>, sha256: &str) -> rusqlite::Result<Option<i64>> {
    tx.query_row(
        "SELECT exhibit FROM item WHERE sha256 = ?1",
        [sha256],
        |r| r.get(0),
    )
    .optional()
}

/// The contributor's id, created if new. Called only by a change that
/// also appends its entry, which seals the new row.
pub(crate) fn ensure_contributor(tx: &Transaction<'_>, name: &str) -> rusqlite::Result<i64> {
    tx.execute(
        "INSERT OR IGNORE INTO contributor (name) VALUES (?1)",
        [name],
    )?;
    tx.query_row("SELECT id FROM contributor WHERE name = ?1", [name], |r| {
        r.get(0)
    })
}

/// Records one prepared item (or a further acquisition of a known one) with
/// its audit entry.
pub(crate) fn record(
    tx: &Transaction<'_>,
    p: &Prepared,
    contributor: Option<&str>,
    now: Timestamp,
    actor: &str,
) -> rusqlite::Result<Outcome> {
    let acquired_at = format_utc(now);
    let modified_at = p.modified_at.map(format_utc);
    // Looked up, not created: a batch of duplicates writes no row at all.
    let known_contributor: Option<Option<i64>> = match contributor {
        None => Some(None),
        Some(name) => tx
            .query_row("SELECT id FROM contributor WHERE name = ?1", [name], |r| {
                r.get(0)
            })
            .optional()?
            .map(Some),
    };
    if let Some(exhibit) = exhibit_for(tx, &p.staged.sha256)? {
        let known_source: bool = match known_contributor {
            None => false,
            Some(contributor_id) => tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM acquisition WHERE exhibit = ?1 AND contributor_id IS ?2)",
                params![exhibit, contributor_id],
                |r| r.get(0),
            )?,
        };
        if known_source {
            return Ok(Outcome::Duplicate {
                path: p.path.clone(),
                exhibit,
                recorded: false,
            });
        }
        let contributor_id = match contributor {
            Some(name) => Some(ensure_contributor(tx, name)?),
            None => None,
        };
        let seq = audit::reserve(tx)?;
        tx.execute(
            "INSERT INTO acquisition (exhibit, contributor_id, original_name, original_path, modified_at, note, acquired_at, audit_seq)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![exhibit, contributor_id, p.original_name, p.original_path, modified_at, p.note, acquired_at, seq],
        )?;
        audit::append(
            tx,
            now,
            actor,
            Action::ItemAcquiredAgain,
            &serde_json::json!({
                "exhibit": exhibit,
                "sha256": p.staged.sha256,
                "contributor": contributor,
                "original_name": p.original_name,
                "original_path": p.original_path,
                "modified_at": modified_at,
                "note": p.note,
            }),
        )?;
        return Ok(Outcome::Duplicate {
            path: p.path.clone(),
            exhibit,
            recorded: true,
        });
    }

    let exhibit: i64 = tx.query_row(
        "SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'item'), 0) + 1",
        [],
        |r| r.get(0),
    )?;
    let c = &p.capture;
    let captured_at = format_utc(c.at);
    let captured_offset = c.offset.map(format_offset);
    let duration_ms = p.duration_ms.and_then(|d| i64::try_from(d).ok());
    let action = match p.origin {
        Origin::File => Action::ItemAdded,
        Origin::Note => Action::NoteAdded,
    };
    let contributor_id = match contributor {
        Some(name) => Some(ensure_contributor(tx, name)?),
        None => None,
    };
    let seq = audit::reserve(tx)?;
    tx.execute(
        "INSERT INTO item (exhibit, sha256, size, kind, media_type, origin, captured_at, captured_offset,
                           capture_basis, capture_raw, capture_zone_assumed, duration_ms, added_at, audit_seq)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        params![
            exhibit,
            p.staged.sha256,
            p.staged.size as i64,
            p.kind.as_str(),
            p.media_type,
            p.origin.as_str(),
            captured_at,
            captured_offset,
            c.basis.as_str(),
            c.raw,
            c.zone_assumed,
            duration_ms,
            acquired_at,
            seq
        ],
    )?;
    tx.execute(
        "INSERT INTO acquisition (exhibit, contributor_id, original_name, original_path, modified_at, note, acquired_at, audit_seq)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![exhibit, contributor_id, p.original_name, p.original_path, modified_at, p.note, acquired_at, seq],
    )?;
    if let Some(event) = &p.event {
        let party_id = match &event.party_key {
            Some(key) => Some(crate::people::party::ensure(tx, key)?),
            None => None,
        };
        let reached = match event.reached_key.as_deref() {
            Some(crate::people::party::SELF_KEY) => Some(crate::people::party::ensure_self(tx)?),
            Some(key) => Some(crate::people::party::ensure(tx, key)?),
            None => None,
        };
        tx.execute(
            "INSERT INTO event (exhibit, record, occurred_at, occurred_offset, channel, party, body, duration_ms, party_id, owner_party)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![exhibit, event.record, captured_at, captured_offset, event.channel, event.party, event.body, duration_ms, party_id, reached],
        )?;
    }
    let appended = audit::append(
        tx,
        now,
        actor,
        action,
        &serde_json::json!({
            "exhibit": exhibit,
            "sha256": p.staged.sha256,
            "size": p.staged.size,
            "kind": p.kind.as_str(),
            "media_type": p.media_type,
            "origin": p.origin.as_str(),
            "contributor": contributor,
            "original_name": p.original_name,
            "original_path": p.original_path,
            "modified_at": modified_at,
            "note": p.note,
            "capture": {
                "at": captured_at,
                "offset": captured_offset,
                "basis": c.basis.as_str(),
                "raw": c.raw,
                "zone_assumed": c.zone_assumed,
            },
            "duration_ms": duration_ms,
            "event": p.event.as_ref().map(|e| {
                let mut event = serde_json::json!({
                    "record": e.record,
                    "channel": e.channel,
                    "party": e.party,
                });
                if let Some(reached) = &e.reached_key {
                    event["reached"] = serde_json::Value::String(reached.clone());
                }
                event
            }),
        }),
    )?;
    debug_assert_eq!(appended, seq, "the entry gets the number reserved for it");
    Ok(Outcome::Added(Added {
        path: p.path.clone(),
        exhibit,
        sha256: p.staged.sha256.clone(),
        size: p.staged.size,
        kind: p.kind,
        basis: c.basis,
    }))
}
