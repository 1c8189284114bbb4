//! manifest.json: every exhibit, event, finding and audit entry, and the
//! case's sealed rows, whose SHA-256 the dossier prints on every page.

use super::*;

/// manifest.json: the case, every exhibit with its hash, every event with
/// its sources, the findings and the audit chain. Keys sorted, so the same
/// case and clock give the same bytes.
pub(super) fn manifest(
    case: &Case,
    data: &Data,
    report: &Report,
    exhibits: &[Exhibit],
    entries: &[AuditEntry],
    sealed_rows: serde_json::Value,
    now: Timestamp,
) -> Vec<u8> {
    use serde_json::json;
    let info = case.info();
    let events: Vec<serde_json::Value> = data
        .events
        .iter()
        .map(|e| {
            json!({
                "event": e.id,
                "at": format_utc(e.at),
                "channel": e.channel.as_str(),
                "direction": e.direction.map(|d| d.as_str()),
                "party": data.party_of(e).map(|p| p.key.clone()),
                "hidden": e.hidden,
                "sources": data.sources(e).map(|(x, rec)| json!({ "exhibit": x, "record": rec })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let findings: Vec<serde_json::Value> = report
        .rules
        .iter()
        .flat_map(|r| {
            r.findings.iter().map(move |f| {
                json!({
                    "rule": r.rule.id,
                    "sentence": { "zh": f.sentence.zh, "en": f.sentence.en },
                    "events": f.events.iter().map(|&i| data.events[i as usize].id).collect::<Vec<_>>(),
                    "exhibits": f.exhibits,
                })
            })
        })
        .collect();
    let value = json!({
        "schema": "dossier.manifest/1",
        "program": format!("Dossier {}", crate::VERSION),
        "generated_at": format_utc(now),
        "case": {
            "title": info.title,
            "rules": info.rules.as_str(),
            "time_zone": info.time_zone_name,
            "created_at": format_utc(info.created_at),
        },
        "exhibits": exhibits.iter().map(|e| json!({
            "exhibit": e.exhibit,
            "file": crate::export::manifest::original_name(e),
            "sha256": e.sha256,
            "size": e.size,
            "kind": e.kind.as_str(),
            "original_name": e.original_name,
            "captured_at": format_utc(e.captured_at),
            "capture_basis": e.basis.as_str(),
            "contributor": e.contributor,
        })).collect::<Vec<_>>(),
        "events": events,
        "findings": findings,
        "rows": sealed_rows,
        "audit": entries.iter().map(|a| json!({
            "seq": a.seq,
            "at": a.at,
            "actor": a.actor,
            "action": a.action,
            "details": a.details,
            "prev_hash": a.prev_hash,
            "hash": a.hash,
        })).collect::<Vec<_>>(),
    });
    let mut bytes = serde_json::to_vec_pretty(&value).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}
