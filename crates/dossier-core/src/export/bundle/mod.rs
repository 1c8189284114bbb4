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

mod pdf_text;
mod problem;
mod read;

use pdf_text::*;
pub use problem::*;
use read::*;

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
    if manifest.schema != crate::export::manifest::SCHEMA {
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

    let audit: Vec<AuditEntry> = manifest.audit;
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
