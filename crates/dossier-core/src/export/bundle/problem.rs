//! What is wrong with a received bundle: `Refusal` (it is not read at all)
//! and `BundleProblem` (it is read, and this part fails), each naming the
//! entry and what to do, and the `BundleReport` they go into.

use super::*;

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
