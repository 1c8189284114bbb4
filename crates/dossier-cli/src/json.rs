//! The `--json` output: the only place the command line knows JSON. The
//! shapes are documented in docs/json.md and versioned by their `schema`
//! field; a change that removes or renames a field needs a new version.

use dossier_core::CaseInfo;
use dossier_core::case::verify::VerifyReport;
use dossier_core::clock::format_utc;
use dossier_core::import::ImportReport;
use dossier_core::people::party::PartyRow;
use dossier_core::query::list::Exhibit;
use dossier_core::query::timeline::Entry;
use dossier_core::when::format_offset;
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
        "rows": report.rows,
        "head": report.head.as_ref().map(|(seq, hash)| json!({ "seq": seq, "hash": hash })),
        "heads_confirmed": report.heads_confirmed.iter().map(|h| json!({ "seq": h.seq, "hash": h.hash, "from": h.from })).collect::<Vec<_>>(),
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
        "rows": 0,
        "head": null,
        "heads_confirmed": [],
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
        "masked": report.masked,
        "complete": !report.incomplete(),
        "gaps": report.gaps.iter().map(gap).collect::<Vec<_>>(),
        "flags": report.flags.iter().map(|(record, flag)| match flag {
            dossier_core::import::Flag::TimeDisagrees { written, epoch } => json!({
                "record": record, "kind": "time_disagrees", "written": written,
                "epoch": dossier_core::clock::format_utc(*epoch),
            }),
        }).collect::<Vec<_>>(),
    })
}

/// One loss of an incomplete export.
fn gap(gap: &dossier_core::import::Gap) -> Value {
    use dossier_core::import::Gap;
    match gap {
        Gap::Truncated {
            at_byte,
            inside,
            declared,
        } => {
            json!({ "kind": "truncated", "at_byte": at_byte, "record": inside, "declared": declared })
        }
        Gap::Part { position, at_byte } => {
            json!({ "kind": "part", "at_byte": at_byte, "record": position, "declared": null })
        }
        Gap::Missing { position } => {
            json!({ "kind": "missing", "at_byte": null, "record": position, "declared": null })
        }
    }
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
                "masked": e.masked,
                "owner": e.owner,
                "body": e.body,
                "duration_ms": e.duration_ms,
                "facetime": e.facetime.map(|f| f.as_str()),
                "attachments": e.attachments,
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
                "basis": p.basis.as_ref().map_or("user", |b| b.basis.as_str()),
                "basis_source": p.basis.as_ref().and_then(|b| b.source.as_deref()),
                "events": p.events,
                "events_on_its_phone": p.owned_events,
            })
        })
        .collect();
    json!({ "schema": "dossier.parties/1", "parties": rows })
}

/// Both languages of a pack or analysis text.
fn text(t: &dossier_core::analysis::pack::Text) -> Value {
    json!({ "zh": t.zh, "en": t.en })
}

/// A local wall-clock time as `2026-03-05T22:05:11`.
fn civil(t: jiff::civil::DateTime) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%S").to_string()
}

/// `dossier check --json`: schema `dossier.check/1`. Written as it goes: a
/// case of a million events can cite hundreds of thousands of them, too many
/// to hold as one JSON value.
pub fn write_check(
    out: &mut dyn std::io::Write,
    info: &CaseInfo,
    data: &dossier_core::analysis::Data,
    report: &dossier_core::analysis::Report,
) -> std::io::Result<()> {
    use dossier_core::analysis::Lang;
    let head = json!({
        "schema": "dossier.check/1",
        "pack": report.pack,
        "time_zone": report.time_zone,
        "events": report.events,
        "collection_contacts": report.collection_contacts,
    });
    let head = head.to_string();
    // The head without its closing brace, then the long arrays.
    write!(out, "{},\"rules\":[", &head[..head.len() - 1])?;
    for (n, r) in report.rules.iter().enumerate() {
        let rule = json!({
            "id": r.rule.id,
            "check": r.rule.check.name(),
            "title": text(&r.rule.title),
            "explanation": text(&r.rule.explanation),
            "confidence": r.rule.confidence.mark(),
            "sources": r.rule.sources.iter().map(|s| json!({ "zh": s.cite.zh, "en": s.cite.en, "confidence": s.confidence.mark() })).collect::<Vec<_>>(),
            "summary": r.summary.as_ref().map(text),
            "events": r.events(),
        })
        .to_string();
        write!(
            out,
            "{}{},\"findings\":[",
            if n > 0 { "," } else { "" },
            &rule[..rule.len() - 1]
        )?;
        for (k, f) in r.findings.iter().enumerate() {
            let finding = json!({
                "sentence": text(&f.sentence),
                "count": f.count,
                "at": format_utc(f.at),
                "person": f.person,
                "exhibits": f.exhibits,
                "quotes": f.quotes.iter().map(|q| json!({ "event": q.event, "category": q.category, "words": q.words, "context": q.context })).collect::<Vec<_>>(),
            })
            .to_string();
            write!(
                out,
                "{}{},\"events\":[",
                if k > 0 { "," } else { "" },
                &finding[..finding.len() - 1]
            )?;
            for (m, &i) in f.events.iter().enumerate() {
                let e = &data.events[i as usize];
                let event = json!({
                    "event": e.id,
                    "at": format_utc(e.at),
                    "local": e.at.to_zoned_datetime(info.time_zone.clone()).strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(),
                    "channel": e.channel.as_str(),
                    "sources": data.sources(e).map(|(exhibit, record)| json!({ "exhibit": exhibit, "record": record })).collect::<Vec<_>>(),
                });
                write!(out, "{}{event}", if m > 0 { "," } else { "" })?;
            }
            write!(out, "]}}")?;
        }
        write!(out, "]}}")?;
    }
    let suspects: Vec<Value> = report
        .suspects
        .iter()
        .map(|s| {
            json!({
                "party": s.key,
                "hidden": s.key.is_none(),
                "calls": s.calls,
                "messages": s.messages,
                "first": civil(s.first),
                "last": civil(s.last),
                "reasons": s.reasons.iter().map(|r| json!({ "code": r.code(), "zh": r.describe(Lang::Zh), "en": r.describe(Lang::En) })).collect::<Vec<_>>(),
                "events": s.events,
            })
        })
        .collect();
    let p = &report.patterns;
    let days = |d: &dossier_core::analysis::patterns::Paydays| {
        json!({
            "days": d.days,
            "contacts": d.contacts,
            "on_paydays": d.on_paydays,
            "period_days": d.period_days,
            "payday_dates": d.payday_dates,
        })
    };
    let patterns = json!({
        "paydays": p.paydays.as_ref().map(days),
        "playbook_days": days(&p.playbook),
        "weeks": p.weeks.iter().map(|w| json!({
            "start": w.start.to_string(),
            "days": w.days,
            "contacts": w.contacts,
            "numbers": w.numbers,
            "new_numbers": w.new_numbers,
        })).collect::<Vec<_>>(),
        "trend_per_week": (p.trend * 1000.0).round() / 1000.0,
        "first_7_days": p.first_7.map(|(from, n)| json!({ "from": from.to_string(), "contacts": n })),
        "last_7_days": p.last_7.map(|(from, n)| json!({ "from": from.to_string(), "contacts": n })),
        "escalating": p.escalating,
        "hidden_calls": p.hidden_calls,
        "legal_notices": p.legal_notices,
        "incoming_calls": p.incoming_calls,
        "sentences": p.sentences().iter().map(text).collect::<Vec<_>>(),
    });
    let contradictions: Vec<Value> = report
        .contradictions
        .iter()
        .map(|c| {
            json!({
                "party": data.party(c.party).key,
                "label": c.label,
                "basis": c.basis.as_str(),
                "basis_source": c.basis_source,
                "claimed": c.claimed,
                "claim": match c.claim {
                    dossier_core::analysis::labels::Claim::Signature => "signature",
                    dossier_core::analysis::labels::Claim::SelfNamed => "self_named",
                },
                "first": civil(c.first_at),
                "quote": c.quote,
                "events": data.event_ids(&c.events),
                "exhibits": c.exhibits,
                "sentence": text(&c.sentence(data)),
            })
        })
        .collect();
    writeln!(
        out,
        "],\"suspects\":{},\"patterns\":{patterns},\"contradictions\":{}}}",
        Value::Array(suspects),
        Value::Array(contradictions)
    )
}

/// `dossier stats --json`: schema `dossier.stats/1`.
pub fn stats(_info: &CaseInfo, s: &dossier_core::analysis::stats::Stats) -> Value {
    let opt = |t: Option<jiff::civil::DateTime>| t.map(civil);
    json!({
        "schema": "dossier.stats/1",
        "time_zone": s.time_zone,
        "night": s.night.map(|(a, b)| json!({ "start": a.strftime("%H:%M").to_string(), "end": b.strftime("%H:%M").to_string() })),
        "events": s.events,
        "by_channel": s.by_channel.iter().map(|(c, n)| json!({ "channel": c.as_str(), "count": n })).collect::<Vec<_>>(),
        "collection_contacts": s.collection_contacts,
        "first_event": opt(s.first_event),
        "last_event": opt(s.last_event),
        "first_contact": opt(s.first_contact),
        "last_contact": opt(s.last_contact),
        "numbers": s.numbers,
        "collection_numbers": s.collection_numbers,
        "hidden_events": s.hidden_events,
        "third_parties_reached": s.third_parties_reached,
        "days": s.days.iter().map(|d| json!({
            "date": d.date.to_string(),
            "channel": d.channel.as_str(),
            "direction": d.direction.map(|x| x.as_str()),
            "count": d.count,
            "collection": d.collection,
        })).collect::<Vec<_>>(),
        "hours": s.hours.iter().map(|h| json!({
            "hour": h.hour,
            "incoming": h.incoming,
            "collection": h.collection,
            "night": h.night,
        })).collect::<Vec<_>>(),
        "parties": s.parties.iter().map(|p| json!({
            "party": p.key,
            "name": p.name,
            "role": p.role.map(|r| r.as_str()),
            "group": p.group,
            "calls_answered": p.calls_in,
            "calls_unanswered": p.calls_unanswered,
            "calls_made": p.calls_out,
            "messages_received": p.messages_in,
            "messages_sent": p.messages_out,
            "other": p.other,
            "talk_seconds": p.talk_seconds,
            "first": civil(p.first),
            "last": civil(p.last),
        })).collect::<Vec<_>>(),
    })
}

/// `dossier verify BUNDLE.zip --json`: schema `dossier.verify-bundle/1`.
pub fn verify_bundle(report: &dossier_core::export::bundle::BundleReport) -> Value {
    use dossier_core::export::bundle::BundleProblem as B;
    let problems: Vec<Value> = report
        .problems
        .iter()
        .map(|p| {
            let code = match p {
                B::Structure(f) if f.is_damage() => "damaged_archive",
                B::Structure(_) => "forged_archive",
                B::Refused(_) => "refused",
                B::Damaged(_) => "damaged_entry",
                B::Missing(_) => "missing",
                B::Unexpected(_) => "unexpected",
                B::Altered { .. } => "altered",
                B::ManifestMismatch { .. } => "manifest_mismatch",
                B::PdfUnreadable(_) => "pdf_unreadable",
                B::PdfPage { .. } => "pdf_page_mismatch",
                B::Chain(_) | B::ChainEmpty => "audit_chain",
                B::Unlisted { .. } => "exhibit_unlisted",
                B::ListedDifferently { .. } => "exhibit_listed_differently",
                B::Unrecorded { .. } => "exhibit_unrecorded",
                B::Misfiled { .. } => "exhibit_misfiled",
                B::Events { .. } => "events_mismatch",
                B::Rows(problem) => problem.code(),
                B::RowsUnreadable(_) => "rows_unreadable",
            };
            json!({ "code": code, "message": p.to_string() })
        })
        .collect();
    json!({
        "schema": "dossier.verify-bundle/1",
        "intact": report.problems.is_empty(),
        "originals": report.originals,
        "audit_entries": report.audit_entries,
        "damaged": report.is_damage_only(),
        "manifest_sha256": report.manifest_sha256,
        "chain_head": report.chain_head.as_ref().map(|(seq, hash)| json!({ "seq": seq, "hash": hash })),
        "pages": report.pages,
        "rows": report.rows,
        "rows_withheld": report.rows_withheld,
        "problems": problems,
    })
}
