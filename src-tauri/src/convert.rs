//! Core types → transfer types. Each conversion only reshapes: times into
//! the case's local wall clock, enums into their names, counts into the
//! widths JSON carries.

use crate::dto::*;
use dossier_core::analysis::{self, Data, Pack};
use dossier_core::export::manifest::Manifest;
use dossier_core::query::list::Exhibit;
use dossier_core::query::timeline::Entry;
use dossier_core::words::Lang;
use jiff::Timestamp;
use jiff::tz::TimeZone;

/// `2026-03-05 21:03:11` in the case's zone.
pub fn local(t: Timestamp, zone: &TimeZone) -> String {
    t.to_zoned_datetime(zone.clone())
        .strftime("%Y-%m-%d %H:%M:%S")
        .to_string()
}

pub fn seconds(ms: Option<u64>) -> Option<u32> {
    ms.map(|ms| u32::try_from(ms / 1000).unwrap_or(u32::MAX))
}

fn count(n: impl TryInto<u32>) -> u32 {
    n.try_into().unwrap_or(u32::MAX)
}

/// Media types the webview can show, by kind.
pub fn viewable(e: &Exhibit) -> Option<String> {
    let media = e.media_type.clone()?;
    let shown = match e.kind {
        dossier_core::Kind::Image => matches!(
            media.as_str(),
            "image/jpeg" | "image/png" | "image/gif" | "image/webp" | "image/bmp"
        ),
        dossier_core::Kind::Audio | dossier_core::Kind::Video => true,
        _ => false,
    };
    shown.then_some(media)
}

pub fn exhibit_row(e: &Exhibit, zone: &TimeZone, events: u64, imported: bool) -> ExhibitRow {
    let kind = if e.note_text.is_some() {
        "note"
    } else if imported {
        "export"
    } else {
        e.kind.as_str()
    };
    ExhibitRow {
        exhibit: e.exhibit,
        kind: kind.to_owned(),
        media_type: e.media_type.clone(),
        name: e
            .original_name
            .clone()
            .unwrap_or_else(|| format!("#{}", e.exhibit)),
        size: e.size as f64,
        sha256: e.sha256.clone(),
        captured_at: local(e.captured_at, zone),
        basis: e.basis.as_str().to_owned(),
        contributor: e.contributor.clone(),
        viewable: viewable(e).is_some(),
        events: count(events),
    }
}

pub fn linked(e: &Entry, zone: &TimeZone) -> LinkedEvent {
    LinkedEvent {
        id: e.id,
        at: local(e.at, zone),
        channel: e.channel.clone(),
        direction: e.direction.map(|d| d.as_str().to_owned()),
        party: e
            .party_name
            .clone()
            .or_else(|| {
                e.party_key
                    .as_deref()
                    .map(|k| dossier_core::people::party::display_key(k).to_owned())
            })
            .or_else(|| e.party_raw.clone()),
        duration_s: seconds(e.duration_ms),
        body: e.body.clone(),
        record: e
            .sources
            .first()
            .map(|s| s.record.clone())
            .unwrap_or_default(),
    }
}

pub fn preview_record(r: &dossier_core::import::Record, zone: &TimeZone) -> PreviewRecord {
    PreviewRecord {
        position: r.position.clone(),
        channel: r.channel.to_owned(),
        direction: r.direction.map(|d| d.as_str().to_owned()),
        at: local(r.at, zone),
        number: r.address_raw.clone(),
        name: r.contact_name.clone(),
        duration_s: seconds(r.duration_ms),
        body: r.body.clone(),
    }
}

pub fn import_result(r: &dossier_core::import::ImportReport, lang: Lang) -> ImportResult {
    // The same words the command line prints, without its indent.
    let said = |s: String| s.trim_start().to_owned();
    ImportResult {
        masked: count(r.masked),
        complete: !r.incomplete(),
        losses: r
            .gaps
            .iter()
            .map(|g| said(lang.import_gap(g, r.records)))
            .collect(),
        masked_note: (r.masked > 0).then(|| said(lang.masked_records(r.masked))),
        flags: r
            .flags
            .iter()
            .map(|(position, flag)| lang.import_flag(position, flag))
            .collect(),
        format: r.format.as_str().to_owned(),
        exhibit: r.exhibit,
        already_stored: r.already_stored,
        records: count(r.records),
        new_events: count(r.new_events),
        known_events: count(r.known_events),
        extracted: r.extracted.clone(),
        skipped: r
            .skipped
            .iter()
            .map(|(position, why)| Skipped {
                position: position.clone(),
                why: lang.skip_reason(why),
            })
            .collect(),
    }
}

/// The timeline: every event with its party by index, and the events each
/// rule cites.
pub fn timeline(data: &Data, pack: &Pack, report: &analysis::Report, lang: Lang) -> TimelineData {
    let night = pack.night();
    let parties = data
        .parties
        .iter()
        .map(|p| PartyRef {
            key: p.key.clone(),
            label: p.label(),
            role: p.role.map(|r| r.as_str().to_owned()),
        })
        .collect();
    let events = data
        .events
        .iter()
        .map(|e| {
            let time = e.local.time();
            TimelineEvent {
                id: e.id,
                day: e.local.date().to_string(),
                time: time.strftime("%H:%M:%S").to_string(),
                hour: u8::try_from(time.hour()).unwrap_or(0),
                channel: e.channel.as_str().to_owned(),
                direction: e.direction.map(|d| d.as_str().to_owned()),
                party: e.party,
                hidden: e.hidden,
                masked: e.masked,
                duration_s: seconds(e.duration_ms),
                exhibit: e.exhibit,
                record: data.record(e).to_owned(),
                body: e.body.as_deref().map(|b| b.chars().take(200).collect()),
                night: night.is_some_and(|(start, end)| analysis::in_night(time, start, end)),
                collection: data.is_collection_contact(e),
                facetime: data.facetime.get(&e.id).map(|f| f.as_str().to_owned()),
                attachments: data.attachments.get(&e.id).cloned(),
            }
        })
        .collect();
    let rules = report
        .rules
        .iter()
        .filter(|r| !r.findings.is_empty())
        .map(|r| {
            let mut ids: Vec<i64> = r
                .findings
                .iter()
                .flat_map(|f| data.event_ids(&f.events))
                .collect();
            ids.sort_unstable();
            ids.dedup();
            RuleRef {
                id: r.rule.id.clone(),
                title: r.rule.title.get(lang).to_owned(),
                events: ids,
            }
        })
        .collect();
    TimelineData {
        time_zone: data.zone_name.clone(),
        parties,
        events,
        rules,
    }
}

pub fn findings(data: &Data, report: &analysis::Report, lang: Lang) -> FindingsData {
    let zone = &data.zone;
    FindingsData {
        legend: dossier_core::export::words::MARKS.get(lang).to_owned(),
        pack: report.pack.clone(),
        pack_name: report.pack_name.get(lang).to_owned(),
        events: count(report.events),
        collection_contacts: count(report.collection_contacts),
        rules: report
            .rules
            .iter()
            .map(|r| RuleDto {
                id: r.rule.id.clone(),
                title: r.rule.title.get(lang).to_owned(),
                explanation: r.rule.explanation.get(lang).to_owned(),
                confidence: r.rule.confidence.mark().to_owned(),
                sources: r
                    .rule
                    .sources
                    .iter()
                    .map(|s| s.cite.get(lang).to_owned())
                    .collect(),
                summary: r.summary.as_ref().map(|s| s.get(lang).to_owned()),
                findings: r
                    .findings
                    .iter()
                    .map(|f| FindingDto {
                        sentence: f.sentence.get(lang).to_owned(),
                        at: local(f.at, zone),
                        count: count(f.count),
                        events: data.event_ids(&f.events),
                        exhibits: f.exhibits.clone(),
                        quotes: f
                            .quotes
                            .iter()
                            .map(|q| QuoteDto {
                                event: q.event,
                                category: q.category.clone(),
                                category_name: analysis::render::category_name(&q.category, lang)
                                    .to_owned(),
                                words: q.words.clone(),
                                context: q.context.clone(),
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect(),
        patterns: report
            .patterns
            .sentences()
            .iter()
            .map(|s| s.get(lang).to_owned())
            .collect(),
        paydays: data.paydays.clone(),
        contradictions: report
            .contradictions
            .iter()
            .map(|c| ContradictionDto {
                sentence: c.sentence(data).get(lang).to_owned(),
                events: c
                    .events
                    .iter()
                    .map(|&i| data.events[i as usize].id)
                    .collect(),
                exhibits: c.exhibits.clone(),
            })
            .collect(),
        cease: data.cease.iter().map(cease).collect(),
        cease_rule: report
            .rules
            .iter()
            .any(|r| matches!(r.rule.check, analysis::pack::Check::AfterCease { .. })),
        // The command fills them in from the case.
        cease_collectors: Vec::new(),
        suspects: count(report.suspects.len()),
    }
}

pub fn cease(r: &dossier_core::people::cease::CeaseRequest) -> CeaseDto {
    CeaseDto {
        collector: r.collector.clone(),
        received: r.received.to_string(),
        source: r.source.clone(),
    }
}

pub fn suspect(s: &analysis::suspect::Suspect, lang: Lang) -> SuspectDto {
    SuspectDto {
        key: s.key.clone(),
        label: s.label(lang),
        calls: count(s.calls),
        messages: count(s.messages),
        first: s.first.strftime("%Y-%m-%d %H:%M").to_string(),
        last: s.last.strftime("%Y-%m-%d %H:%M").to_string(),
        reasons: s.reasons.iter().map(|r| r.describe(lang)).collect(),
    }
}

pub fn party(p: &dossier_core::people::party::PartyRow) -> PartyDto {
    PartyDto {
        key: p.key.clone(),
        display: dossier_core::people::party::display_key(&p.key).to_owned(),
        name: p.name.clone(),
        role: p.role,
        group: p.group.clone(),
        basis: p.basis.as_ref().map(|b| b.basis),
        basis_source: p.basis.as_ref().and_then(|b| b.source.clone()),
        events: count(p.events),
        owned_events: count(p.owned_events),
    }
}

pub fn verify(r: &dossier_core::case::verify::VerifyReport, lang: Lang) -> VerifyResult {
    VerifyResult {
        intact: r.is_intact(),
        stopped: r.stopped,
        exhibits: count(r.exhibits),
        bytes: r.bytes_hashed as f64,
        audit_entries: count(r.audit_entries),
        rows: count(r.rows),
        head_seq: r.head.as_ref().map(|(seq, _)| *seq),
        head_hash: r.head.as_ref().map(|(_, hash)| hash.clone()),
        problems: r
            .problems
            .iter()
            .map(|p| ProblemDto {
                code: p.code().to_owned(),
                exhibit: p.exhibit(),
                message: lang.problem(p),
            })
            .collect(),
    }
}

/// A received bundle: what verification found and what the manifest lists.
pub fn bundle(
    path: &std::path::Path,
    report: &dossier_core::export::bundle::BundleReport,
    manifest: Option<&Manifest>,
    lang: Lang,
) -> BundleView {
    let exhibits = manifest
        .map(|m| {
            m.exhibits
                .iter()
                .map(|e| BundleExhibit {
                    exhibit: e.exhibit,
                    file: e.file.clone(),
                    sha256: e.sha256.clone(),
                    size: e.size as f64,
                    kind: e.kind.clone(),
                    captured_at: Some(e.captured_at.clone()),
                    contributor: e.contributor.clone(),
                })
                .collect()
        })
        .unwrap_or_default();
    let findings = manifest
        .map(|m| {
            m.findings
                .iter()
                .map(|f| f.sentence.get(lang).to_owned())
                .collect()
        })
        .unwrap_or_default();
    BundleView {
        path: path.display().to_string(),
        intact: report.problems.is_empty(),
        problems: report
            .problems
            .iter()
            .map(|p| lang.bundle_problem(p))
            .collect(),
        originals: count(report.originals),
        audit_entries: count(report.audit_entries),
        title: manifest.map(|m| m.case.title.clone()),
        // Shown in the zone of the case the bundle was made from.
        generated_at: manifest.map(|m| {
            let zone = TimeZone::get(&m.case.time_zone).ok();
            match (dossier_core::clock::parse_utc(&m.generated_at), zone) {
                (Some(t), Some(zone)) => local(t, &zone),
                _ => m.generated_at.clone(),
            }
        }),
        exhibits,
        findings,
    }
}
