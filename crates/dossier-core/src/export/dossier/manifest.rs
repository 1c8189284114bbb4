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
    use crate::export::manifest::*;
    let info = case.info();
    let events = data
        .events
        .iter()
        .map(|e| ManifestEvent {
            event: e.id,
            at: format_utc(e.at),
            channel: e.channel.as_str().to_owned(),
            direction: e.direction.map(|d| d.as_str().to_owned()),
            party: data.party_of(e).map(|p| p.key.clone()),
            hidden: e.hidden,
            sources: data
                .sources(e)
                .map(|(exhibit, record)| ManifestSource {
                    exhibit,
                    record: record.to_owned(),
                })
                .collect(),
        })
        .collect();
    let findings = report
        .rules
        .iter()
        .flat_map(|r| {
            r.findings.iter().map(move |f| ManifestFinding {
                rule: r.rule.id.clone(),
                sentence: f.sentence.clone(),
                events: data.event_ids(&f.events),
                exhibits: f.exhibits.clone(),
            })
        })
        .collect();
    let exhibits = exhibits
        .iter()
        .map(|e| ManifestExhibit {
            exhibit: e.exhibit,
            file: original_name(e),
            sha256: e.sha256.clone(),
            size: e.size,
            kind: e.kind.as_str().to_owned(),
            original_name: e.original_name.clone(),
            captured_at: format_utc(e.captured_at),
            capture_basis: e.basis.as_str().to_owned(),
            contributor: e.contributor.clone(),
        })
        .collect();
    let audit = entries.to_vec();
    Manifest {
        schema: SCHEMA.to_owned(),
        program: format!("Dossier {}", crate::VERSION),
        generated_at: format_utc(now),
        case: ManifestCase {
            title: info.title.clone(),
            rules: info.rules.as_str().to_owned(),
            time_zone: info.time_zone_name.clone(),
            created_at: format_utc(info.created_at),
        },
        exhibits,
        events,
        findings,
        rows: sealed_rows,
        audit,
    }
    .to_bytes()
}
