//! The bundle: one ZIP that anyone can check without trusting us — the PDF,
//! every original named by its exhibit number, manifest.json (every hash,
//! event, finding and the audit chain) and VERIFY.txt in Chinese and
//! English. Entries are stored, never recompressed, in a fixed order with
//! a fixed time, so the same dossier gives the same bundle.
//!
//! `verify` checks a bundle someone sent: every original against the
//! manifest, the manifest against the hash the PDF carries, and the audit
//! chain. Hostile archives are refused before anything is read from them.

use crate::audit::{AuditEntry, check_chain};
use crate::case::Case;
use crate::hash::sha256_hex;
use crate::list::Exhibit;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Seek, Write};
use std::path::Path;
use zip::write::SimpleFileOptions;

/// The PDF's name inside a bundle.
pub const PDF: &str = "dossier.pdf";
pub const MANIFEST: &str = "manifest.json";
pub const VERIFY: &str = "VERIFY.txt";

/// No entry of a bundle we accept expands beyond this.
const MAX_ENTRY: u64 = 8 << 30;

/// An original's name inside the bundle: `originals/0007-IMG_0001.jpg`.
pub fn original_name(e: &Exhibit) -> String {
    let name = match (&e.original_name, &e.note_text) {
        (Some(name), _) => name.clone(),
        (None, Some(_)) => "note.txt".into(),
        (None, None) => "exhibit".into(),
    };
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_control() || "/\\:*?\"<>|".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    let safe = safe.trim_start_matches('.');
    format!(
        "originals/{:04}-{}",
        e.exhibit,
        if safe.is_empty() { "exhibit" } else { safe }
    )
}

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

/// One thing wrong with a bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BundleProblem {
    /// The archive cannot be trusted to be read at all.
    Refused(String),
    Missing(String),
    Unexpected(String),
    Altered {
        name: String,
        expected: String,
        actual: String,
    },
    ManifestMismatch {
        printed: String,
        actual: String,
    },
    Chain(String),
}

impl std::fmt::Display for BundleProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BundleProblem::Refused(why) => write!(f, "the bundle is refused: {why}"),
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
            BundleProblem::Chain(why) => write!(f, "audit chain in the manifest: {why}"),
        }
    }
}

/// What `dossier verify BUNDLE.zip` found.
#[derive(Debug, Clone, Default)]
pub struct BundleReport {
    pub originals: usize,
    pub audit_entries: usize,
    pub problems: Vec<BundleProblem>,
}

/// Checks a bundle.
pub fn verify(path: &Path) -> std::io::Result<BundleReport> {
    let mut report = BundleReport::default();
    let file = std::fs::File::open(path)?;
    let archive_len = file.metadata()?.len();
    let mut zip = match zip::ZipArchive::new(file) {
        Ok(zip) => zip,
        Err(e) => {
            report.problems.push(BundleProblem::Refused(format!(
                "not a readable ZIP archive ({e})"
            )));
            return Ok(report);
        }
    };
    // The archive's own count of entries: a reader that keeps one entry of
    // a name used twice would otherwise hide the other.
    if let Some(declared) = declared_entries(path)?
        && declared != zip.len()
    {
        report.problems.push(BundleProblem::Refused(format!(
            "the archive declares {declared} entries but {} can be read: a name used twice",
            zip.len()
        )));
        return Ok(report);
    }
    // Every name is checked before any content is read.
    let mut names = BTreeSet::new();
    for i in 0..zip.len() {
        let entry = match zip.by_index_raw(i) {
            Ok(entry) => entry,
            Err(e) => {
                report.problems.push(BundleProblem::Refused(format!(
                    "entry {i} cannot be read ({e})"
                )));
                return Ok(report);
            }
        };
        let name = match entry.name() {
            Ok(name) => name.into_owned(),
            Err(e) => {
                report.problems.push(BundleProblem::Refused(format!(
                    "entry {i} has an unreadable name ({e})"
                )));
                return Ok(report);
            }
        };
        let why = if name.starts_with('/') || name.starts_with('\\') || name.contains(':') {
            Some("an absolute path")
        } else if name.split(['/', '\\']).any(|part| part == "..") {
            Some("a path that climbs out with ..")
        } else if entry.is_symlink() {
            Some("a symbolic link")
        } else if entry.size() > MAX_ENTRY {
            Some("an entry that expands beyond 8 GiB")
        } else if entry.size() > archive_len || entry.compressed_size() > archive_len {
            // Stored entries are all there: one that claims more bytes than
            // the whole archive holds is lying.
            Some("an entry that claims more bytes than the archive holds")
        } else if entry.compression() != zip::CompressionMethod::Stored {
            Some("a compressed entry (Dossier stores every file as is)")
        } else if !names.insert(name.clone()) {
            Some("a name used twice")
        } else {
            None
        };
        if let Some(why) = why {
            report
                .problems
                .push(BundleProblem::Refused(format!("{name:?}: {why}")));
        }
    }
    if !report.problems.is_empty() {
        return Ok(report);
    }
    let read = |zip: &mut zip::ZipArchive<std::fs::File>, name: &str| -> Option<Vec<u8>> {
        let mut entry = zip.by_name(name).ok()?;
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).ok()?;
        Some(bytes)
    };
    let Some(manifest) = read(&mut zip, MANIFEST) else {
        report
            .problems
            .push(BundleProblem::Missing(MANIFEST.into()));
        return Ok(report);
    };
    let actual = sha256_hex(&manifest);
    match read(&mut zip, PDF) {
        None => report.problems.push(BundleProblem::Missing(PDF.into())),
        Some(pdf) => {
            let printed = printed_manifest_hash(&pdf).unwrap_or_default();
            if printed != actual {
                report
                    .problems
                    .push(BundleProblem::ManifestMismatch { printed, actual });
            }
        }
    }
    let parsed: serde_json::Value = match serde_json::from_slice(&manifest) {
        Ok(v) => v,
        Err(e) => {
            report.problems.push(BundleProblem::Refused(format!(
                "manifest.json is not valid JSON ({e})"
            )));
            return Ok(report);
        }
    };
    let mut expected: BTreeMap<String, String> = BTreeMap::new();
    for e in parsed["exhibits"].as_array().into_iter().flatten() {
        if let (Some(file), Some(sha)) = (e["file"].as_str(), e["sha256"].as_str()) {
            expected.insert(file.to_owned(), sha.to_owned());
        }
    }
    for (name, sha) in &expected {
        match zip.by_name(name) {
            Err(_) => report.problems.push(BundleProblem::Missing(name.clone())),
            Ok(mut entry) => {
                let (got, _) = crate::hash::sha256_reader(&mut entry)?;
                report.originals += 1;
                if &got != sha {
                    report.problems.push(BundleProblem::Altered {
                        name: name.clone(),
                        expected: sha.clone(),
                        actual: got,
                    });
                }
            }
        }
    }
    for name in &names {
        if !expected.contains_key(name) && ![PDF, MANIFEST, VERIFY].contains(&name.as_str()) {
            report
                .problems
                .push(BundleProblem::Unexpected(name.clone()));
        }
    }
    let entries: Vec<AuditEntry> = parsed["audit"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|a| AuditEntry {
            seq: a["seq"].as_i64().unwrap_or(-1),
            at: a["at"].as_str().unwrap_or_default().to_owned(),
            actor: a["actor"].as_str().unwrap_or_default().to_owned(),
            action: a["action"].as_str().unwrap_or_default().to_owned(),
            details: a["details"].as_str().unwrap_or_default().to_owned(),
            prev_hash: a["prev_hash"].as_str().unwrap_or_default().to_owned(),
            hash: a["hash"].as_str().unwrap_or_default().to_owned(),
        })
        .collect();
    report.audit_entries = entries.len();
    for problem in check_chain(&entries) {
        report.problems.push(BundleProblem::Chain(
            crate::verify::Problem::Audit(problem).to_string(),
        ));
    }
    Ok(report)
}

/// The number of entries the end-of-central-directory record declares
/// (`None` for ZIP64 archives, whose count lives elsewhere).
fn declared_entries(path: &Path) -> std::io::Result<Option<usize>> {
    use std::io::SeekFrom;
    let mut file = std::fs::File::open(path)?;
    let len = file.seek(SeekFrom::End(0))?;
    let tail = len.min(65_557);
    file.seek(SeekFrom::Start(len - tail))?;
    let mut buf = Vec::with_capacity(tail as usize);
    file.take(tail).read_to_end(&mut buf)?;
    let Some(at) = buf.windows(4).rposition(|w| w == [0x50, 0x4B, 0x05, 0x06]) else {
        return Ok(None);
    };
    let Some(count) = buf.get(at + 10..at + 12) else {
        return Ok(None);
    };
    let count = u16::from_le_bytes([count[0], count[1]]);
    Ok((count != 0xFFFF).then_some(usize::from(count)))
}

/// The manifest hash a dossier PDF carries in its document information.
pub fn printed_manifest_hash(pdf: &[u8]) -> Option<String> {
    let tag = b"manifest-sha256:";
    let at = pdf.windows(tag.len()).position(|w| w == tag)? + tag.len();
    let hex = pdf.get(at..at + 64)?;
    hex.iter()
        .all(u8::is_ascii_hexdigit)
        .then(|| String::from_utf8_lossy(hex).into_owned())
}

/// One entry of a bundle, read whole: for showing a received bundle after
/// [`verify`] passed. `None` when the bundle has no such entry, or it
/// claims to be larger than the archive itself (a bomb is never expanded).
pub fn entry(path: &Path, name: &str) -> std::io::Result<Option<Vec<u8>>> {
    let file = std::fs::File::open(path)?;
    let archive_len = file.metadata()?.len();
    let mut zip = zip::ZipArchive::new(file).map_err(std::io::Error::other)?;
    let Ok(mut entry) = zip.by_name(name) else {
        return Ok(None);
    };
    if entry.size() > archive_len.min(MAX_ENTRY) {
        return Ok(None);
    }
    let mut bytes = Vec::with_capacity(entry.size() as usize);
    entry.read_to_end(&mut bytes)?;
    Ok(Some(bytes))
}
