//! The chain head an exported manifest recorded, for `dossier verify
//! --against`: read from a `manifest.json` or from the bundle that holds one.

use super::{MANIFEST, ManifestAudit};
use crate::case::verify::Head;
use crate::hash::is_sha256_hex;
use std::fs::{self, File};
use std::path::{Path, PathBuf};

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
    // Only the schema and the audit chain are kept; the rest is skipped.
    #[derive(serde::Deserialize)]
    struct Tail {
        schema: String,
        #[serde(default)]
        audit: Vec<ManifestAudit>,
    }
    let tail: Tail = serde_json::from_slice(&bytes).map_err(|e| not(e.to_string()))?;
    if !tail.schema.starts_with(super::SCHEMA_FAMILY) {
        return Err(not("no dossier.manifest schema".into()));
    }
    let last = tail.audit.last().ok_or_else(|| HeadError::Empty {
        path: path.to_path_buf(),
    })?;
    if !is_sha256_hex(&last.hash) {
        return Err(not("its last audit entry has no hash".into()));
    }
    Ok(Head {
        seq: Some(last.seq),
        hash: last.hash.clone(),
        from: path.display().to_string(),
    })
}
