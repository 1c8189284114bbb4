//! The `--json` output: the only place the command line knows JSON. The
//! shapes are documented in docs/json.md and versioned by their `schema`
//! field; a change that removes or renames a field needs a new version.

use dossier_core::CaseInfo;
use dossier_core::capture::format_offset;
use dossier_core::clock::format_utc;
use dossier_core::import::ImportReport;
use dossier_core::list::Exhibit;
use dossier_core::party::PartyRow;
use dossier_core::timeline::Entry;
use dossier_core::verify::VerifyReport;
use serde_json::{Value, json};

/// `dossier list --json`: schema `dossier.list/1`.
pub fn list(info: &CaseInfo, exhibits: &[Exhibit]) -> Value {
    let rows: Vec<Value> = exhibits
        .iter()
        .map(|e| {
            json!({
                "exhibit": e.exhibit,
                "kind": e.kind.as_str(),
                "media_type": e.media_type,
                "origin": e.origin,
                "original_name": e.original_name,
                "size": e.size,
                "sha256": e.sha256,
                "captured_at": format_utc(e.captured_at),
                "captured_local": e.captured_at.to_zoned_datetime(info.time_zone.clone()).strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(),
                "captured_offset": e.captured_offset.map(format_offset),
                "capture_basis": e.basis.as_str(),
                "capture_raw": e.capture_raw,
                "zone_assumed": e.zone_assumed,
                "duration_ms": e.duration_ms,
                "contributor": e.contributor,
                "note": e.note,
                "added_at": format_utc(e.added_at),
                "also_supplied_by": e.also_from,
            })
        })
        .collect();
    json!({
        "schema": "dossier.list/1",
        "case": {
            "title": info.title,
            "rules": info.rules.as_str(),
            "time_zone": info.time_zone_name,
            "created_at": format_utc(info.created_at),
        },
        "exhibits": rows,
    })
}

/// `dossier verify --json`: schema `dossier.verify/1`.
pub fn verify(report: &VerifyReport) -> Value {
    let problems: Vec<Value> = report
        .problems
        .iter()
        .map(|p| json!({ "code": p.code(), "exhibit": p.exhibit(), "message": p.to_string() }))
        .collect();
    json!({
        "schema": "dossier.verify/1",
        "intact": report.is_intact(),
        "exhibits": report.exhibits,
        "blob_files": report.blob_files,
        "bytes_hashed": report.bytes_hashed,
        "audit_entries": report.audit_entries,
        "problems": problems,
    })
}

/// `dossier verify --json` when the database cannot even be opened.
pub fn verify_unopenable(message: &str) -> Value {
    json!({
        "schema": "dossier.verify/1",
        "intact": false,
        "exhibits": 0,
        "blob_files": 0,
        "bytes_hashed": 0,
        "audit_entries": 0,
        "problems": [{ "code": "database_unreadable", "exhibit": null, "message": message }],
    })
}

/// `dossier import --json`: schema `dossier.import/1`.
pub fn import(report: &ImportReport) -> Value {
    json!({
        "schema": "dossier.import/1",
        "format": report.format.as_str(),
        "importer": report.importer,
        "exhibit": report.exhibit,
        "already_stored": report.already_stored,
        "records": report.records,
        "new_events": report.new_events,
        "known_events": report.known_events,
        "extracted": report.extracted,
        "companions": report.companions,
        "skipped": report.skipped.iter().map(|(record, why)| json!({ "record": record, "why": why })).collect::<Vec<_>>(),
    })
}

/// `dossier timeline --json`: schema `dossier.timeline/1`.
pub fn timeline(info: &CaseInfo, entries: &[Entry]) -> Value {
    let rows: Vec<Value> = entries
        .iter()
        .map(|e| {
            json!({
                "event": e.id,
                "at": format_utc(e.at),
                "local": e.at.to_zoned_datetime(info.time_zone.clone()).strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(),
                "channel": e.channel,
                "direction": e.direction.map(|d| d.as_str()),
                "party": e.party_key,
                "party_as_written": e.party_raw,
                "party_name": e.party_name,
                "party_role": e.party_role.map(|r| r.as_str()),
                "hidden": e.hidden,
                "owner": e.owner,
                "body": e.body,
                "duration_ms": e.duration_ms,
                "sources": e.sources.iter().map(|s| json!({ "exhibit": s.exhibit, "record": s.record })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({ "schema": "dossier.timeline/1", "time_zone": info.time_zone_name, "events": rows })
}

/// `dossier party CASE list --json`: schema `dossier.parties/1`.
pub fn parties(rows: &[PartyRow]) -> Value {
    let rows: Vec<Value> = rows
        .iter()
        .map(|p| {
            json!({
                "party": p.key,
                "role": p.role.map(|r| r.as_str()),
                "name": p.name,
                "group": p.group,
                "events": p.events,
                "events_on_its_phone": p.owned_events,
            })
        })
        .collect();
    json!({ "schema": "dossier.parties/1", "parties": rows })
}
