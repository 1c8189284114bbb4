//! The bundle's fixed names and the manifest as others read it: the names
//! of its entries and of each original inside it, the manifest hash as every
//! page of the dossier prints it, and the chain head an exported manifest
//! recorded (`dossier verify --against`). Shared by the dossier, which
//! writes them, and the bundle, which checks them.

use crate::case::verify::Head;
use crate::export::words as w;
use crate::hash::is_sha256_hex;
use crate::model::lang::Lang;
use crate::query::list::Exhibit;
use std::fs::{self, File};
use std::path::{Path, PathBuf};

/// The PDF's name inside a bundle.
pub const PDF: &str = "dossier.pdf";
pub const MANIFEST: &str = "manifest.json";
pub const VERIFY: &str = "VERIFY.txt";

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

/// The manifest's hash as the running header of every page after the
/// cover prints it: its label and first 16 digits. `bundle::verify` looks
/// for exactly this text on each page.
pub fn running_hash(lang: Lang, manifest_sha256: &str) -> String {
    format!(
        "{}: {}…",
        w::MANIFEST.get(lang).replace(" SHA-256", ""),
        manifest_sha256.get(..16).unwrap_or(manifest_sha256)
    )
}

/// Why a file given with `--against` gave no chain head.
#[derive(Debug, thiserror::Error)]
pub enum HeadError {
    #[error("cannot read {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{} is neither a dossier manifest.json nor a bundle holding one ({why}): give the manifest.json or the bundle .zip that `dossier export` made",
        path.display()
    )]
    NotAManifest { path: PathBuf, why: String },
    #[error("{} records no audit entries, so it names no chain head to compare with", path.display())]
    Empty { path: PathBuf },
}

/// The largest manifest read to find a chain head.
const MAX_READ: u64 = 256 << 20;

/// The chain head an exported manifest recorded: its last audit entry.
/// `path` is a `manifest.json` or a bundle ZIP that holds one.
pub fn head_from_file(path: &Path) -> Result<Head, HeadError> {
    let io = |source| HeadError::Io {
        path: path.to_path_buf(),
        source,
    };
    let not = |why: String| HeadError::NotAManifest {
        path: path.to_path_buf(),
        why,
    };
    let mut file = File::open(path).map_err(io)?;
    let mut magic = [0u8; 4];
    let is_zip =
        std::io::Read::read_exact(&mut file, &mut magic).is_ok() && magic == *b"PK\x03\x04";
    drop(file);
    let bytes = if is_zip {
        let file = File::open(path).map_err(io)?;
        let mut zip = zip::ZipArchive::new(file).map_err(|e| not(e.to_string()))?;
        let entry = zip.by_name(MANIFEST).map_err(|e| not(e.to_string()))?;
        if entry.size() > MAX_READ {
            return Err(not(format!("its manifest claims {} bytes", entry.size())));
        }
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::Read::take(entry, MAX_READ), &mut bytes)
            .map_err(|e| not(e.to_string()))?;
        bytes
    } else {
        let len = fs::metadata(path).map_err(io)?.len();
        if len > MAX_READ {
            return Err(not(format!("{len} bytes is too large for a manifest")));
        }
        fs::read(path).map_err(io)?
    };
    let value: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|e| not(e.to_string()))?;
    if value["schema"]
        .as_str()
        .is_none_or(|s| !s.starts_with("dossier.manifest/"))
    {
        return Err(not("no dossier.manifest schema".into()));
    }
    let last = value["audit"]
        .as_array()
        .and_then(|a| a.last())
        .ok_or_else(|| HeadError::Empty {
            path: path.to_path_buf(),
        })?;
    let hash = last["hash"]
        .as_str()
        .filter(|h| is_sha256_hex(h))
        .ok_or_else(|| not("its last audit entry has no hash".into()))?;
    Ok(Head {
        seq: last["seq"].as_i64(),
        hash: hash.to_owned(),
        from: path.display().to_string(),
    })
}
