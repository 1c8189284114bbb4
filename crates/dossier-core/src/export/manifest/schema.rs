//! manifest.json as a type: what the dossier writes into a bundle and what
//! the app shows of a received one. One definition for both sides, so a
//! field cannot be written under one name and read under another.
//!
//! The file's keys are sorted (the struct is written through a
//! `serde_json` map, which orders its keys), so the same case and clock
//! give the same bytes. Fields added after the first manifests were made
//! default when they are missing. Verifying a bundle reads its own lean
//! projection of the same file (`export::bundle::read`), which keeps only
//! what the checks need.

use crate::analysis::pack::Text;
use serde::{Deserialize, Serialize};

/// The schema this program writes.
pub const SCHEMA: &str = "dossier.manifest/1";
/// What every version of the schema starts with.
pub const SCHEMA_FAMILY: &str = "dossier.manifest/";

/// The whole manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub schema: String,
    /// The program that wrote it: `Dossier 0.4.0`.
    #[serde(default)]
    pub program: String,
    /// When it was written, UTC, RFC 3339.
    #[serde(default)]
    pub generated_at: String,
    pub case: ManifestCase,
    pub exhibits: Vec<ManifestExhibit>,
    pub events: Vec<ManifestEvent>,
    #[serde(default)]
    pub findings: Vec<ManifestFinding>,
    /// The case's sealed rows as `case::rows::exported` writes them
    /// (manifests made before rows were sealed have none).
    #[serde(default)]
    pub rows: serde_json::Value,
    pub audit: Vec<ManifestAudit>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManifestCase {
    pub title: String,
    /// The rule set's name: `cn`, `us`.
    pub rules: String,
    /// The case's IANA time zone.
    pub time_zone: String,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManifestExhibit {
    pub exhibit: i64,
    /// The original's name inside the bundle ([`super::original_name`]).
    pub file: String,
    pub sha256: String,
    pub size: u64,
    /// The exhibit's kind (`Kind::as_str`).
    pub kind: String,
    pub original_name: Option<String>,
    pub captured_at: String,
    /// How the capture time is known (`Basis::as_str`).
    #[serde(default)]
    pub capture_basis: String,
    pub contributor: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManifestEvent {
    pub event: i64,
    pub at: String,
    pub channel: String,
    pub direction: Option<String>,
    /// The party's key (a number, an account), when the event has one.
    pub party: Option<String>,
    #[serde(default)]
    pub hidden: bool,
    /// Every exhibit that shows the event, the one that made it first.
    pub sources: Vec<ManifestSource>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManifestSource {
    pub exhibit: i64,
    /// Where in the exhibit: a record's locator.
    pub record: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManifestFinding {
    pub rule: String,
    pub sentence: Text,
    pub events: Vec<i64>,
    pub exhibits: Vec<i64>,
}

/// An audit entry exactly as the chain hashed it.
pub use crate::case::audit::AuditEntry as ManifestAudit;

impl Manifest {
    /// The file's bytes: pretty, keys sorted, one newline at the end.
    pub fn to_bytes(&self) -> Vec<u8> {
        let value = serde_json::to_value(self).unwrap_or_default();
        let mut bytes = serde_json::to_vec_pretty(&value).unwrap_or_default();
        bytes.push(b'\n');
        bytes
    }

    /// Reads a manifest of any version of the schema.
    pub fn from_bytes(bytes: &[u8]) -> Result<Manifest, ManifestError> {
        let manifest: Manifest = serde_json::from_slice(bytes).map_err(ManifestError::Json)?;
        if !manifest.schema.starts_with(SCHEMA_FAMILY) {
            return Err(ManifestError::Schema(manifest.schema));
        }
        Ok(manifest)
    }
}

/// Why bytes are not a manifest.
#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    #[error("not JSON of a dossier manifest: {0}")]
    Json(serde_json::Error),
    #[error("the schema is {0:?}, not a dossier manifest")]
    Schema(String),
}
