//! The bundle: one ZIP that anyone can check without trusting us — the PDF,
//! every original named by its exhibit number, manifest.json (every hash,
//! event, finding and the audit chain) and VERIFY.txt in Chinese and
//! English. Entries are stored, never recompressed, in a fixed order with
//! a fixed time, so the same dossier gives the same bundle.
//!
//! `verify` checks a bundle someone sent: the archive's structure, strictly
//! (`zipcheck`), every original against the manifest, the manifest against
//! the hash the PDF carries and prints on every page, the audit chain, and
//! the manifest's exhibits and events against what the chain records.
//! Hostile archives are refused before anything is read from them. What it
//! cannot prove is that this is the bundle that was sent: a whole bundle
//! made again from a changed case is consistent too. `BundleReport` gives
//! the manifest's hash and the chain's head to compare with values
//! received apart from the bundle.

use crate::analysis::Lang;
use crate::case::Case;
use crate::case::audit::{AuditEntry, ChainBreak, check_chain};
use crate::export::manifest::{MANIFEST, PDF, VERIFY, original_name, running_hash};
use crate::export::zipcheck::{self, Entry, Fault};
use crate::hash::sha256_hex;
use crate::query::list::Exhibit;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Seek, Write};
use std::path::Path;
use zip::write::SimpleFileOptions;

/// No entry of a bundle we accept expands beyond this.
const MAX_ENTRY: u64 = 8 << 30;

/// Why a bundle could not be written.
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    #[error("cannot write the bundle: {0}")]
    Write(#[from] std::io::Error),
    #[error("cannot write the bundle: {0}")]
    Zip(#[from] zip::result::ZipError),
}

/// What goes into a bundle besides the PDF and the originals.
#[derive(Debug, Clone, Copy)]
pub struct Parts<'a> {
    pub exhibits: &'a [Exhibit],
    pub manifest: &'a [u8],
    pub manifest_sha256: &'a str,
    /// The entries' modification time.
    pub when: jiff::Timestamp,
}

/// Writes the bundle into a file: the PDF (read from `pdf`), the manifest,
/// VERIFY.txt and every original.
pub fn write<W: Write + Seek>(
    case: &Case,
    parts: Parts<'_>,
    pdf: &mut dyn Read,
    out: W,
) -> Result<(), BundleError> {
    write_entries(case, parts, pdf, zip::ZipWriter::new(out))?;
    Ok(())
}

/// [`write`] into a stream that cannot seek (an age file being sealed):
/// each entry's sizes follow it in a data descriptor. Hands the stream back.
pub fn write_stream<W: Write>(
    case: &Case,
    parts: Parts<'_>,
    pdf: &mut dyn Read,
    out: W,
) -> Result<W, BundleError> {
    let stream = write_entries(case, parts, pdf, zip::ZipWriter::new_stream(out))?;
    Ok(stream.into_inner())
}

fn write_entries<W: Write + Seek>(
    case: &Case,
    parts: Parts<'_>,
    pdf: &mut dyn Read,
    mut zip: zip::ZipWriter<W>,
) -> Result<W, BundleError> {
    let Parts {
        exhibits,
        manifest,
        manifest_sha256,
        when,
    } = parts;
    let dt = when.to_zoned_datetime(jiff::tz::TimeZone::UTC);
    let time = zip::DateTime::from_date_and_time(
        dt.year().clamp(1980, 2107) as u16,
        dt.month() as u8,
        dt.day() as u8,
        dt.hour() as u8,
        dt.minute() as u8,
        dt.second() as u8,
    )
    .unwrap_or_default();
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .last_modified_time(time)
        .unix_permissions(0o644)
        .large_file(true);
    zip.start_file(VERIFY, options)?;
    zip.write_all(verify_text(exhibits, manifest_sha256).as_bytes())?;
    zip.start_file(MANIFEST, options)?;
    zip.write_all(manifest)?;
    zip.start_file(PDF, options)?;
    std::io::copy(pdf, &mut zip)?;
    for e in exhibits {
        zip.start_file(original_name(e), options)?;
        std::io::copy(&mut case.vault().open_blob(&e.sha256)?, &mut zip)?;
    }
    Ok(zip.finish()?)
}

fn verify_text(exhibits: &[Exhibit], manifest_sha256: &str) -> String {
    let mut t = String::new();
    t.push_str("如何核验本证据包 / How to verify this bundle\r\n\r\n");
    t.push_str("本证据包中的每个原件都以 SHA-256 哈希值标识，列在下表和 manifest.json 中；dossier.pdf 的“证据目录”印有同样的值。\r\n");
    t.push_str("Every original in this bundle is identified by its SHA-256, listed below and in manifest.json; the exhibit list of dossier.pdf prints the same values.\r\n\r\n");
    t.push_str("计算文件的哈希 / Compute a file's hash:\r\n");
    t.push_str("  Linux:   sha256sum FILE\r\n  macOS:   shasum -a 256 FILE\r\n  Windows: certutil -hashfile FILE SHA256\r\n\r\n");
    t.push_str(
        "或者安装 Dossier 后运行 / or, with Dossier installed: dossier verify BUNDLE.zip\r\n\r\n",
    );
    t.push_str(&format!("manifest.json SHA-256: {manifest_sha256}\r\n"));
    t.push_str("（与 dossier.pdf 封面及每页页眉所印的值相同 / the same value as on the cover and every page of dossier.pdf)\r\n\r\n");
    for e in exhibits {
        t.push_str(&format!("{}  {}\r\n", e.sha256, original_name(e)));
    }
    t
}

/// The largest manifest.json a bundle may have: 64 MiB. A case's manifest
/// takes about 300 bytes per event with its sources, so this holds some
/// 200,000 events (the 50,000-event export benchmark writes about 15 MiB).
/// A larger one is refused before it is read: parsing a huge JSON document
/// is how a small bundle could take gigabytes of memory.
pub const MAX_MANIFEST: u64 = 64 << 20;

/// How much one PDF page's content may decompress to while its text is
/// read (a page of ours is a few hundred KiB at most).
const MAX_PAGE_CONTENT: usize = 16 << 20;

/// Why a bundle is not read at all, or its manifest not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    AbsolutePath(String),
    Climbs(String),
    /// A name with a control character (NUL cuts it short for C programs).
    ControlCharacter(String),
    Symlink(String),
    /// An entry that expands beyond 8 GiB.
    TooLarge(String),
    /// An entry that claims more bytes than the whole archive holds.
    ClaimsMore(String),
    Compressed(String),
    /// manifest.json is larger than [`MAX_MANIFEST`].
    ManifestTooLarge {
        size: u64,
    },
    /// manifest.json is not a Dossier manifest (the parser's reason).
    ManifestInvalid(String),
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::AbsolutePath(name) => write!(f, "{name:?}: an absolute path"),
            Refusal::Climbs(name) => write!(f, "{name:?}: a path that climbs out with .."),
            Refusal::ControlCharacter(name) => write!(
                f,
                "{name:?}: a name with a control character (other programs cut or change it)"
            ),
            Refusal::Symlink(name) => write!(f, "{name:?}: a symbolic link"),
            Refusal::TooLarge(name) => write!(f, "{name:?}: an entry that expands beyond 8 GiB"),
            Refusal::ClaimsMore(name) => write!(
                f,
                "{name:?}: an entry that claims more bytes than the archive holds"
            ),
            Refusal::Compressed(name) => write!(
                f,
                "{name:?}: a compressed entry (Dossier stores every file as is)"
            ),
            Refusal::ManifestTooLarge { size } => write!(
                f,
                "manifest.json is {size} bytes, more than the {} MiB a bundle's manifest may have; it is not read",
                MAX_MANIFEST >> 20
            ),
            Refusal::ManifestInvalid(why) => {
                write!(f, "manifest.json is not a Dossier manifest ({why})")
            }
        }
    }
}

/// One thing wrong with a bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BundleProblem {
    /// The archive is not shaped as our writer makes one (see
    /// [`zipcheck`]); nothing in it was read.
    Structure(Fault),
    /// The archive cannot be trusted to be read at all.
    Refused(Refusal),
    /// An entry's bytes do not match their CRC-32: damaged in transit, or
    /// changed without care.
    Damaged(String),
    Missing(String),
    Unexpected(String),
    Altered {
        name: String,
        expected: String,
        actual: String,
    },
    /// The PDF's document information carries another manifest hash.
    ManifestMismatch {
        printed: String,
        actual: String,
    },
    /// dossier.pdf cannot be read as a PDF (or its text cannot).
    PdfUnreadable(String),
    /// A page of dossier.pdf does not print the manifest's hash: it prints
    /// another one, or none.
    PdfPage {
        page: usize,
        printed: Option<String>,
    },
    Chain(ChainBreak),
    /// The rows the manifest carries differ from what its audit entries
    /// sealed (a problem as a case's verify names it).
    Rows(crate::case::verify::Problem),
    /// The manifest's rows cannot be read as sealed rows.
    RowsUnreadable(String),
    /// The manifest's audit chain has no entries.
    ChainEmpty,
    /// An audit entry records an exhibit that the manifest does not list.
    Unlisted {
        exhibit: i64,
        seq: i64,
    },
    /// The manifest lists an exhibit with another SHA-256 or size than the
    /// audit entry that added it records.
    ListedDifferently {
        exhibit: i64,
        seq: i64,
        field: &'static str,
        recorded: String,
        listed: String,
    },
    /// The manifest lists an exhibit that no audit entry added.
    Unrecorded {
        exhibit: i64,
    },
    /// An exhibit's file is not the name its number gives in a bundle, or
    /// two exhibits name one file.
    Misfiled {
        exhibit: i64,
        file: String,
    },
    /// The audit entries record `recorded` events from an exhibit (its
    /// imports' new events, or the one event an item stands for); the
    /// manifest has `listed`.
    Events {
        exhibit: i64,
        recorded: u64,
        listed: u64,
    },
}

impl BundleProblem {
    /// Whether this looks like damage in transit (ask for a new copy)
    /// rather than a bundle made or changed to mislead.
    pub fn is_damage(&self) -> bool {
        match self {
            BundleProblem::Structure(fault) => fault.is_damage(),
            BundleProblem::Damaged(_) => true,
            _ => false,
        }
    }
}

impl std::fmt::Display for BundleProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BundleProblem::Structure(fault) if fault.is_damage() => {
                write!(f, "the bundle is damaged: {fault}")
            }
            BundleProblem::Structure(fault) => write!(
                f,
                "the bundle is refused: {fault} — Dossier never writes this; the archive was changed after it was made"
            ),
            BundleProblem::Refused(why) => write!(f, "the bundle is refused: {why}"),
            BundleProblem::Damaged(name) => write!(
                f,
                "damaged entry {name}: its bytes do not match their CRC-32 — ask the sender for a new copy"
            ),
            BundleProblem::Missing(name) => {
                write!(f, "{name}: listed in the manifest but not in the bundle")
            }
            BundleProblem::Unexpected(name) => {
                write!(f, "{name}: in the bundle but not in the manifest")
            }
            BundleProblem::Altered {
                name,
                expected,
                actual,
            } => {
                write!(
                    f,
                    "{name}: SHA-256 is {actual}, the manifest says {expected} — the file was changed"
                )
            }
            BundleProblem::ManifestMismatch { printed, actual } => write!(
                f,
                "manifest.json: SHA-256 is {actual}, dossier.pdf carries {printed} — the manifest was changed"
            ),
            BundleProblem::PdfUnreadable(why) => {
                write!(f, "dossier.pdf is not a readable PDF ({why})")
            }
            BundleProblem::PdfPage {
                page,
                printed: Some(printed),
            } => write!(
                f,
                "dossier.pdf page {page} prints the manifest hash {printed}, not this manifest's — the PDF belongs to another manifest"
            ),
            BundleProblem::PdfPage {
                page,
                printed: None,
            } => write!(
                f,
                "dossier.pdf page {page} does not print this manifest's SHA-256 — the PDF belongs to another manifest"
            ),
            BundleProblem::Chain(why) => write!(
                f,
                "audit chain in the manifest: {}",
                crate::case::verify::Problem::Audit(why.clone())
            ),
            BundleProblem::Rows(problem) => write!(f, "manifest.json: {problem}"),
            BundleProblem::RowsUnreadable(why) => {
                write!(f, "manifest.json: its rows cannot be checked: {why}")
            }
            BundleProblem::ChainEmpty => {
                f.write_str("the manifest's audit chain is empty — it was cut")
            }
            BundleProblem::Unlisted { exhibit, seq } => write!(
                f,
                "exhibit {exhibit}: audit entry {seq} records it, but the manifest does not list it — it was removed"
            ),
            BundleProblem::ListedDifferently {
                exhibit,
                seq,
                field,
                recorded,
                listed,
            } => write!(
                f,
                "exhibit {exhibit}: the manifest lists {field} {listed}, audit entry {seq} records {recorded} — the manifest was changed"
            ),
            BundleProblem::Unrecorded { exhibit } => write!(
                f,
                "exhibit {exhibit}: listed in the manifest, but no audit entry records that it was added — the chain was cut or the list changed"
            ),
            BundleProblem::Misfiled { exhibit, file } => write!(
                f,
                "exhibit {exhibit}: the manifest names its file {file:?}, which is not this exhibit's place in a bundle"
            ),
            BundleProblem::Events {
                exhibit,
                recorded,
                listed,
            } => write!(
                f,
                "exhibit {exhibit}: the audit chain records {recorded} events from it, the manifest has {listed} — events were removed or added"
            ),
        }
    }
}

/// What `dossier verify BUNDLE.zip` found.
#[derive(Debug, Clone, Default)]
pub struct BundleReport {
    pub originals: usize,
    pub audit_entries: usize,
    /// The SHA-256 of manifest.json as received, when it could be read: the
    /// value to compare with one received apart from the bundle.
    pub manifest_sha256: Option<String>,
    /// Rows of the case the manifest carries, checked against their seals,
    /// and how many of them it gives only by hash.
    pub rows: u64,
    pub rows_withheld: u64,
    /// The last audit entry of the manifest: its number and hash.
    pub chain_head: Option<(i64, String)>,
    /// Pages of dossier.pdf that were checked.
    pub pages: usize,
    pub problems: Vec<BundleProblem>,
}

impl BundleReport {
    /// Every problem looks like damage in transit.
    pub fn is_damage_only(&self) -> bool {
        !self.problems.is_empty() && self.problems.iter().all(BundleProblem::is_damage)
    }
}

/// The parts of manifest.json that verification uses; other fields are
/// skipped as they are parsed, so memory follows what is kept, not the
/// document's size.
#[derive(Debug, serde::Deserialize)]
struct Manifest {
    schema: String,
    exhibits: Vec<ManifestExhibit>,
    events: Vec<ManifestEvent>,
    audit: Vec<ManifestAudit>,
    /// The case's sealed rows (manifests made before rows were sealed
    /// have none).
    #[serde(default)]
    rows: Option<serde_json::Value>,
}

#[derive(Debug, serde::Deserialize)]
struct ManifestExhibit {
    exhibit: i64,
    file: String,
    sha256: String,
    size: u64,
}

#[derive(Debug, serde::Deserialize)]
struct ManifestEvent {
    /// Only the first source counts: it is the exhibit that made the event.
    #[serde(deserialize_with = "first_source")]
    sources: Option<i64>,
}

#[derive(Debug, serde::Deserialize)]
struct ManifestSource {
    exhibit: i64,
}

fn first_source<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    let sources: Vec<ManifestSource> = serde::Deserialize::deserialize(d)?;
    Ok(sources.first().map(|s| s.exhibit))
}

#[derive(Debug, serde::Deserialize)]
struct ManifestAudit {
    seq: i64,
    at: String,
    actor: String,
    action: String,
    details: String,
    prev_hash: String,
    hash: String,
}

/// The details of an audit entry that concern an exhibit.
#[derive(Debug, Default, serde::Deserialize)]
struct Details {
    exhibit: Option<i64>,
    sha256: Option<String>,
    size: Option<u64>,
    new_events: Option<u64>,
    #[serde(default)]
    event: Option<serde::de::IgnoredAny>,
}

/// Checks a bundle: its ZIP structure strictly (see [`zipcheck`]), every
/// name, then every original against the manifest, the manifest against
/// the hash the PDF carries in its information and prints on every page,
/// the audit chain, and the manifest's exhibits and events against what the
/// chain records. An `Err` is an error reading the file itself.
pub fn verify(path: &Path) -> std::io::Result<BundleReport> {
    let mut report = BundleReport::default();
    let mut file = std::fs::File::open(path)?;
    let archive_len = file.metadata()?.len();
    let Some(entries) = checked_entries(&mut file, archive_len, &mut report.problems)? else {
        return Ok(report);
    };
    let by_name: BTreeMap<&str, &Entry> = entries.iter().map(|e| (e.name.as_str(), e)).collect();

    let Some(manifest_entry) = by_name.get(MANIFEST) else {
        report
            .problems
            .push(BundleProblem::Missing(MANIFEST.into()));
        return Ok(report);
    };
    if manifest_entry.size > MAX_MANIFEST {
        report
            .problems
            .push(BundleProblem::Refused(Refusal::ManifestTooLarge {
                size: manifest_entry.size,
            }));
        return Ok(report);
    }
    let Some(manifest_bytes) = read_whole(&mut file, manifest_entry)? else {
        report
            .problems
            .push(BundleProblem::Damaged(MANIFEST.into()));
        return Ok(report);
    };
    let actual = sha256_hex(&manifest_bytes);
    report.manifest_sha256 = Some(actual.clone());
    match by_name.get(PDF) {
        None => report.problems.push(BundleProblem::Missing(PDF.into())),
        Some(pdf_entry) => match read_whole(&mut file, pdf_entry)? {
            None => report.problems.push(BundleProblem::Damaged(PDF.into())),
            Some(pdf) => check_pdf(&pdf, &actual, &mut report),
        },
    }
    let manifest: Manifest = match serde_json::from_slice(&manifest_bytes) {
        Ok(m) => m,
        Err(e) => {
            report
                .problems
                .push(BundleProblem::Refused(Refusal::ManifestInvalid(
                    e.to_string(),
                )));
            return Ok(report);
        }
    };
    drop(manifest_bytes);
    if manifest.schema != "dossier.manifest/1" {
        report
            .problems
            .push(BundleProblem::Refused(Refusal::ManifestInvalid(format!(
                "schema {:?}",
                manifest.schema
            ))));
        return Ok(report);
    }

    // Every listed original, byte for byte.
    let mut listed_files: BTreeSet<&str> = BTreeSet::new();
    for e in &manifest.exhibits {
        let place = format!("originals/{:04}-", e.exhibit);
        if !e.file.starts_with(&place) || !listed_files.insert(&e.file) {
            report.problems.push(BundleProblem::Misfiled {
                exhibit: e.exhibit,
                file: e.file.clone(),
            });
            continue;
        }
        let Some(entry) = by_name.get(e.file.as_str()) else {
            report.problems.push(BundleProblem::Missing(e.file.clone()));
            continue;
        };
        let (crc_ok, got) = hash_entry(&mut file, entry)?;
        report.originals += 1;
        if !crc_ok {
            report.problems.push(BundleProblem::Damaged(e.file.clone()));
        } else if got != e.sha256 {
            report.problems.push(BundleProblem::Altered {
                name: e.file.clone(),
                expected: e.sha256.clone(),
                actual: got,
            });
        }
    }
    for entry in &entries {
        let name = entry.name.as_str();
        if !listed_files.contains(name) && ![PDF, MANIFEST, VERIFY].contains(&name) {
            report
                .problems
                .push(BundleProblem::Unexpected(name.to_owned()));
        } else if name == VERIFY && read_whole(&mut file, entry)?.is_none() {
            report.problems.push(BundleProblem::Damaged(VERIFY.into()));
        }
    }

    let audit: Vec<AuditEntry> = manifest
        .audit
        .into_iter()
        .map(|a| AuditEntry {
            seq: a.seq,
            at: a.at,
            actor: a.actor,
            action: a.action,
            details: a.details,
            prev_hash: a.prev_hash,
            hash: a.hash,
        })
        .collect();
    report.audit_entries = audit.len();
    report.chain_head = audit.last().map(|a| (a.seq, a.hash.clone()));
    if audit.is_empty() {
        report.problems.push(BundleProblem::ChainEmpty);
    }
    for problem in check_chain(&audit) {
        report.problems.push(BundleProblem::Chain(problem));
    }
    cross_check(&manifest.exhibits, &manifest.events, &audit, &mut report);
    // Every row the manifest carries against the entry that sealed it, as
    // a case's verify checks them.
    match crate::case::verify::rows_against_entries(&audit, manifest.rows.as_ref()) {
        Ok(rows) => {
            report.rows = rows.rows;
            report.rows_withheld = rows.withheld;
            report
                .problems
                .extend(rows.problems.into_iter().map(BundleProblem::Rows));
        }
        Err(why) => report.problems.push(BundleProblem::RowsUnreadable(why)),
    }
    Ok(report)
}

/// The archive's entries once its structure and every name passed; `None`
/// (with the problems) when the archive must not be read.
fn checked_entries(
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
fn hash_entry(file: &mut std::fs::File, entry: &Entry) -> std::io::Result<(bool, String)> {
    use sha2::Digest;
    let mut sha = sha2::Sha256::new();
    let crc_ok = read_entry(file, entry, &mut |chunk| sha.update(chunk))?;
    Ok((crc_ok, crate::hash::hex(&sha.finalize())))
}

/// Reads an entry whole (the caller bounds its size); `None` when its bytes
/// do not match their CRC-32.
fn read_whole(file: &mut std::fs::File, entry: &Entry) -> std::io::Result<Option<Vec<u8>>> {
    let mut bytes = Vec::with_capacity(usize::try_from(entry.size).unwrap_or(0));
    let crc_ok = read_entry(file, entry, &mut |chunk| bytes.extend_from_slice(chunk))?;
    Ok(crc_ok.then_some(bytes))
}

/// Streams an entry's stored bytes to `sink`; returns whether they match
/// the CRC-32 and size the directory gives.
fn read_entry(
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
fn cross_check(
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

/// The PDF against the manifest: its document information names the
/// manifest's hash, the cover prints it whole, and every later page prints
/// its first 16 digits in the running header (as export/dossier.rs draws
/// them). The text is read through the font's ToUnicode map.
fn check_pdf(pdf: &[u8], manifest_sha256: &str, report: &mut BundleReport) {
    let loaded = std::panic::catch_unwind(|| {
        lopdf::Document::load_mem_with_options(
            pdf,
            lopdf::LoadOptions {
                max_decompressed_size: Some(MAX_PAGE_CONTENT),
                filter: Some(drop_images),
                ..lopdf::LoadOptions::default()
            },
        )
    });
    let doc = match loaded {
        Ok(Ok(doc)) => doc,
        Ok(Err(e)) => {
            report
                .problems
                .push(BundleProblem::PdfUnreadable(e.to_string()));
            return;
        }
        Err(_) => {
            report
                .problems
                .push(BundleProblem::PdfUnreadable("the PDF reader failed".into()));
            return;
        }
    };
    let printed = identifier(&doc).unwrap_or_default();
    if printed != manifest_sha256 {
        report.problems.push(BundleProblem::ManifestMismatch {
            printed,
            actual: manifest_sha256.to_owned(),
        });
    }
    let pages = doc.get_pages();
    if pages.is_empty() {
        report
            .problems
            .push(BundleProblem::PdfUnreadable("it has no pages".into()));
        return;
    }
    let headers: Vec<String> = [Lang::Zh, Lang::En]
        .iter()
        .map(|&lang| running_hash(lang, manifest_sha256))
        .collect();
    let labels: Vec<String> = [Lang::Zh, Lang::En]
        .iter()
        .map(|&lang| running_hash(lang, ""))
        .map(|h| h.trim_end_matches('…').to_owned())
        .collect();
    for (&number, _) in pages.iter() {
        let page = number as usize;
        report.pages += 1;
        // The document is only read, and dropped if the reader panics.
        let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            doc.extract_text_chunks_with_limit(&[number], MAX_PAGE_CONTENT)
        }));
        let Ok(chunks) = read else {
            report.problems.push(BundleProblem::PdfUnreadable(format!(
                "the text of page {page} cannot be read"
            )));
            return;
        };
        // Each text run of ours is its own chunk (every run sets its font).
        let runs: Vec<String> = chunks
            .into_iter()
            .filter_map(Result::ok)
            .map(|t| t.trim().to_owned())
            .collect();
        let problem = if page == 1 {
            let full: Vec<&String> = runs
                .iter()
                .filter(|r| crate::hash::is_sha256_hex(r))
                .collect();
            match full.iter().find(|r| r.as_str() != manifest_sha256) {
                Some(other) => Some(Some((*other).clone())),
                None if full.is_empty() => Some(None),
                None => None,
            }
        } else {
            let shown: Vec<&String> = runs
                .iter()
                .filter(|r| r.ends_with('…') && labels.iter().any(|l| r.starts_with(l.as_str())))
                .collect();
            match shown.iter().find(|r| !headers.contains(r)) {
                Some(other) => {
                    let hex: String = other
                        .chars()
                        .rev()
                        .skip(1)
                        .take_while(char::is_ascii_hexdigit)
                        .collect::<Vec<_>>()
                        .into_iter()
                        .rev()
                        .collect();
                    Some(Some(format!("{hex}…")))
                }
                None if shown.is_empty() => Some(None),
                None => None,
            }
        };
        if let Some(printed) = problem {
            report
                .problems
                .push(BundleProblem::PdfPage { page, printed });
        }
    }
}

/// Drops the bytes of image streams as the PDF is loaded: only text is
/// read, and the photos are most of a dossier's size, so they are not kept
/// in memory twice.
fn drop_images(id: (u32, u16), object: &mut lopdf::Object) -> Option<((u32, u16), lopdf::Object)> {
    if let lopdf::Object::Stream(stream) = object
        && stream
            .dict
            .get(b"Subtype")
            .and_then(lopdf::Object::as_name)
            .is_ok_and(|n| n == b"Image")
    {
        stream.content = Vec::new();
    }
    // lopdf keeps the object changed in place, except for those inside an
    // object stream, which it takes from the return value.
    Some((id, object.clone()))
}

/// The manifest hash in the PDF's document information (`/Identifier`).
fn identifier(doc: &lopdf::Document) -> Option<String> {
    let info = doc.trailer.get(b"Info").ok()?;
    let (_, info) = doc.dereference(info).ok()?;
    let value = info.as_dict().ok()?.get(b"Identifier").ok()?;
    let bytes = value.as_str().ok()?;
    let text = std::str::from_utf8(bytes).ok()?;
    text.strip_prefix("manifest-sha256:").map(str::to_owned)
}

/// One entry of a bundle, read whole: for showing a received bundle after
/// [`verify`] passed. `None` when the bundle has no such entry, or it
/// claims to be larger than the archive itself (a bomb is never expanded).
/// The archive is read as strictly as [`verify`] reads it, so what is shown
/// is what was verified.
pub fn entry(path: &Path, name: &str) -> std::io::Result<Option<Vec<u8>>> {
    let mut file = std::fs::File::open(path)?;
    let archive_len = file.metadata()?.len();
    let mut problems = Vec::new();
    let Some(entries) = checked_entries(&mut file, archive_len, &mut problems)? else {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            problems
                .first()
                .map(ToString::to_string)
                .unwrap_or_default(),
        ));
    };
    let Some(entry) = entries.iter().find(|e| e.name == name) else {
        return Ok(None);
    };
    if entry.size > archive_len.min(MAX_ENTRY) {
        return Ok(None);
    }
    match read_whole(&mut file, entry)? {
        Some(bytes) => Ok(Some(bytes)),
        None => Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            BundleProblem::Damaged(name.to_owned()).to_string(),
        )),
    }
}
