//! Reading a received bundle: its entries checked and hashed one at a
//! time, its manifest parsed into the shapes verification needs, and the
//! manifest's exhibits and events checked against its audit entries.

use super::*;

/// The parts of manifest.json that verification uses, under the names of
/// the whole [`crate::export::manifest::Manifest`]; other fields are
/// skipped as they are parsed, so memory follows what is kept, not the
/// document's size. The audit entries are the manifest's own type.
#[derive(Debug, serde::Deserialize)]
pub(crate) struct Manifest {
    pub(crate) schema: String,
    pub(crate) exhibits: Vec<ManifestExhibit>,
    pub(crate) events: Vec<ManifestEvent>,
    pub(crate) audit: Vec<ManifestAudit>,
    /// The case's sealed rows (manifests made before rows were sealed
    /// have none).
    #[serde(default)]
    pub(crate) rows: Option<serde_json::Value>,
}

#[derive(Debug, serde::Deserialize)]
pub(crate) struct ManifestExhibit {
    pub(crate) exhibit: i64,
    pub(crate) file: String,
    pub(crate) sha256: String,
    pub(crate) size: u64,
}

#[derive(Debug, serde::Deserialize)]
pub(crate) struct ManifestEvent {
    /// Only the first source counts: it is the exhibit that made the event.
    #[serde(deserialize_with = "first_source")]
    pub(crate) sources: Option<i64>,
}

#[derive(Debug, serde::Deserialize)]
pub(crate) struct ManifestSource {
    pub(crate) exhibit: i64,
}

pub(crate) fn first_source<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<i64>, D::Error> {
    let sources: Vec<ManifestSource> = serde::Deserialize::deserialize(d)?;
    Ok(sources.first().map(|s| s.exhibit))
}

pub(crate) use crate::export::manifest::ManifestAudit;

/// The details of an audit entry that concern an exhibit.
#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct Details {
    pub(crate) exhibit: Option<i64>,
    pub(crate) sha256: Option<String>,
    pub(crate) size: Option<u64>,
    pub(crate) new_events: Option<u64>,
    #[serde(default)]
    pub(crate) event: Option<serde::de::IgnoredAny>,
}

/// The archive's entries once its structure and every name passed; `None`
/// (with the problems) when the archive must not be read.
pub(crate) fn checked_entries(
    file: &mut std::fs::File,
    archive_len: u64,
    problems: &mut Vec<BundleProblem>,
) -> std::io::Result<Option<Vec<Entry>>> {
    let mut archive = zipcheck::directory(file)?;
    problems.extend(archive.faults.drain(..).map(BundleProblem::Structure));
    // Every name is checked before any content is read.
    for entry in &archive.entries {
        let name = &entry.name;
        let why = if name.starts_with('/') || name.starts_with('\\') || name.contains(':') {
            Some(Refusal::AbsolutePath(name.clone()))
        } else if name.split(['/', '\\']).any(|part| part == "..") {
            Some(Refusal::Climbs(name.clone()))
        } else if name.chars().any(char::is_control) {
            Some(Refusal::ControlCharacter(name.clone()))
        } else if entry.is_symlink {
            Some(Refusal::Symlink(name.clone()))
        } else if entry.size > MAX_ENTRY {
            Some(Refusal::TooLarge(name.clone()))
        } else if entry.size > archive_len || entry.compressed_size > archive_len {
            // Stored entries are all there: one that claims more bytes than
            // the whole archive holds is lying.
            Some(Refusal::ClaimsMore(name.clone()))
        } else if entry.method != 0 || entry.size != entry.compressed_size {
            Some(Refusal::Compressed(name.clone()))
        } else {
            None
        };
        if let Some(why) = why {
            problems.push(BundleProblem::Refused(why));
        }
    }
    if problems.is_empty() {
        zipcheck::tile(file, &mut archive)?;
        problems.extend(archive.faults.drain(..).map(BundleProblem::Structure));
    }
    Ok(problems.is_empty().then_some(archive.entries))
}

/// An entry's CRC-32 check and SHA-256, read in chunks.
pub(crate) fn hash_entry(
    file: &mut std::fs::File,
    entry: &Entry,
) -> std::io::Result<(bool, String)> {
    use sha2::Digest;
    let mut sha = sha2::Sha256::new();
    let crc_ok = read_entry(file, entry, &mut |chunk| sha.update(chunk))?;
    Ok((crc_ok, crate::hash::hex(&sha.finalize())))
}

/// Reads an entry whole (the caller bounds its size); `None` when its bytes
/// do not match their CRC-32.
pub(crate) fn read_whole(
    file: &mut std::fs::File,
    entry: &Entry,
) -> std::io::Result<Option<Vec<u8>>> {
    let mut bytes = Vec::with_capacity(usize::try_from(entry.size).unwrap_or(0));
    let crc_ok = read_entry(file, entry, &mut |chunk| bytes.extend_from_slice(chunk))?;
    Ok(crc_ok.then_some(bytes))
}

/// Streams an entry's stored bytes to `sink`; returns whether they match
/// the CRC-32 and size the directory gives.
pub(crate) fn read_entry(
    file: &mut std::fs::File,
    entry: &Entry,
    sink: &mut dyn FnMut(&[u8]),
) -> std::io::Result<bool> {
    let mut reader = zipcheck::open(file, entry)?;
    let mut crc = crc32fast::Hasher::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut total = 0u64;
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        crc.update(&buf[..n]);
        sink(&buf[..n]);
        total += n as u64;
    }
    Ok(total == entry.size && crc.finalize() == entry.crc32)
}

/// The manifest against its own audit chain: every exhibit an entry added
/// is listed with the hash and size it was added with, every listed one
/// was added, and the events from each exhibit are as many as the chain
/// records (each import's new events, one for an item that stands for an
/// event).
pub(crate) fn cross_check(
    exhibits: &[ManifestExhibit],
    events: &[ManifestEvent],
    audit: &[AuditEntry],
    report: &mut BundleReport,
) {
    let listed: BTreeMap<i64, &ManifestExhibit> = exhibits.iter().map(|e| (e.exhibit, e)).collect();
    let mut recorded: BTreeSet<i64> = BTreeSet::new();
    let mut expected_events: BTreeMap<i64, u64> = BTreeMap::new();
    for entry in audit {
        let adds = matches!(entry.action.as_str(), "item.added" | "note.added");
        let again = entry.action == "item.acquired_again";
        let import = entry.action == "import";
        if !(adds || again || import) {
            continue;
        }
        // A chain that walks was checked entry by entry; details that are
        // not JSON would have been written by no Dossier.
        let details: Details = serde_json::from_str(&entry.details).unwrap_or_default();
        let Some(exhibit) = details.exhibit else {
            continue;
        };
        if import {
            *expected_events.entry(exhibit).or_default() += details.new_events.unwrap_or(0);
            continue;
        }
        if adds {
            recorded.insert(exhibit);
            if details.event.is_some() {
                *expected_events.entry(exhibit).or_default() += 1;
            }
        }
        let Some(e) = listed.get(&exhibit) else {
            if adds {
                report.problems.push(BundleProblem::Unlisted {
                    exhibit,
                    seq: entry.seq,
                });
            }
            continue;
        };
        let mut differs = |field: &'static str, recorded: Option<String>, listed: String| {
            if let Some(recorded) = recorded
                && recorded != listed
            {
                report.problems.push(BundleProblem::ListedDifferently {
                    exhibit,
                    seq: entry.seq,
                    field,
                    recorded,
                    listed,
                });
            }
        };
        differs("SHA-256", details.sha256.clone(), e.sha256.clone());
        if adds {
            differs(
                "size",
                Some(details.size.map_or_else(|| "?".into(), |s| s.to_string())),
                e.size.to_string(),
            );
        }
    }
    for e in exhibits {
        if !recorded.contains(&e.exhibit) {
            report
                .problems
                .push(BundleProblem::Unrecorded { exhibit: e.exhibit });
        }
    }
    let mut listed_events: BTreeMap<i64, u64> = BTreeMap::new();
    for event in events {
        // An event without a source names no exhibit; it counts against
        // none, and so against the chain's total below.
        *listed_events.entry(event.sources.unwrap_or(0)).or_default() += 1;
    }
    let exhibits_with_events: BTreeSet<i64> = expected_events
        .keys()
        .chain(listed_events.keys())
        .copied()
        .collect();
    for exhibit in exhibits_with_events {
        let recorded = expected_events.get(&exhibit).copied().unwrap_or(0);
        let listed = listed_events.get(&exhibit).copied().unwrap_or(0);
        if recorded != listed {
            report.problems.push(BundleProblem::Events {
                exhibit,
                recorded,
                listed,
            });
        }
    }
}
