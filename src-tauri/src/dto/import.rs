//! The shapes of the import wizard: the request, the preview with its
//! mapping suggestion, and the result.

use super::*;

/// The import wizard's choices.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportRequest {
    pub path: String,
    /// A format name (android-calls, …); detected when absent.
    pub format: Option<String>,
    pub mapping: Option<ColumnMapping>,
    /// Whose phone: absent for the borrower's own, else a number or name.
    pub owner: Option<String>,
    pub contributor: Option<String>,
}

/// A CSV list's columns, as the user mapped them in the wizard.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ColumnMapping {
    /// call, sms or chat.
    pub channel: String,
    pub time: Option<String>,
    pub date: Option<String>,
    pub clock: Option<String>,
    pub number: String,
    pub direction: Option<String>,
    pub duration: Option<String>,
    pub body: Option<String>,
    /// Values of the direction column → in, out, missed, rejected, …
    pub directions: Vec<(String, String)>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportPreview {
    pub format: String,
    /// The built-in mapping that fits a CSV list.
    pub mapping: Option<String>,
    pub records: Vec<PreviewRecord>,
    /// A CSV list's first rows as written.
    pub rows: Vec<Vec<String>>,
    pub needs_mapping: bool,
    /// For a list: the core's first mapping, for the user to correct.
    pub suggested: Option<MappingSuggestion>,
    /// When an iPhone backup folder was picked: what it holds.
    pub backup: Option<BackupView>,
}

/// An iPhone backup folder: the databases it holds, previewed one after the
/// other, and those its `Manifest.db` lists that the folder lacks.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BackupView {
    /// Format names (ios-calls, ios-sms) of the databases found.
    pub databases: Vec<String>,
    /// One sentence for each database listed but absent.
    pub missing: Vec<String>,
}

/// The core's first column mapping for a list (`import::suggest`): column
/// names as the header writes them.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MappingSuggestion {
    /// Index of the header among `rows`.
    pub header_row: usize,
    pub channel: String,
    pub time: Option<String>,
    pub date: Option<String>,
    pub clock: Option<String>,
    pub number: Option<String>,
    pub direction: Option<String>,
    pub duration: Option<String>,
    pub body: Option<String>,
    /// Every value below the header that reads as a direction → its meaning.
    pub directions: Vec<(String, String)>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PreviewRecord {
    pub position: String,
    pub channel: String,
    pub direction: Option<String>,
    pub at: String,
    pub number: String,
    pub name: Option<String>,
    pub duration_s: Option<u32>,
    pub body: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportResult {
    pub format: String,
    pub exhibit: i64,
    pub already_stored: bool,
    pub records: u32,
    pub new_events: u32,
    pub known_events: u32,
    pub extracted: Vec<i64>,
    pub skipped: Vec<Skipped>,
    /// Records whose other number the export masks (`138****1234`, `***`).
    pub masked: u32,
    /// What masking means for the case, when any record was masked.
    pub masked_note: Option<String>,
    /// Whether the export was read whole; `losses` says what was lost.
    pub complete: bool,
    pub losses: Vec<String>,
    /// Records imported with something to check.
    pub flags: Vec<String>,
}

/// What one import did: one result for a file, one for each database of an
/// iPhone backup folder, and what the folder lacks.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportOutcome {
    pub results: Vec<ImportResult>,
    /// One sentence for each database the backup lists but lacks.
    pub missing: Vec<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Skipped {
    pub position: String,
    pub why: String,
}
