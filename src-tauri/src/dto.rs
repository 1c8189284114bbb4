//! The shapes that cross the IPC boundary: requests the UI sends and the
//! responses it gets. Core types are not `Serialize`; each shape here is a
//! promise to the UI, made on purpose and converted from the core's types.
//! `ui/src/lib/bindings.ts` is generated from these (see `bindings.rs`), and
//! a test fails when the two drift.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Why a command failed: `code` for the UI to switch on, `message` for the
/// user, in the language the UI last set.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
}

/// Every kind of failure the UI distinguishes. Closed: the UI never matches
/// on message text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// No case is open.
    NoCase,
    /// The folder is not a Dossier case.
    NotACase,
    /// A case cannot be created there: the folder is not empty.
    AlreadyExists,
    /// The case was written by a newer Dossier.
    NewerSchema,
    /// The case database is damaged; nothing was changed.
    Damaged,
    /// A file or folder does not exist.
    NotFound,
    /// A file cannot be read (permissions, a folder, an empty file).
    Unreadable,
    /// The disk is full; nothing was half-written.
    DiskFull,
    /// What the user typed or picked is not usable (a time zone, a mapping).
    BadInput,
    /// The export's format cannot be told from its content.
    Undetected,
    /// A CSV list needs its columns mapped.
    NeedsMapping,
    /// The export is damaged or truncated at a named place.
    Malformed,
    /// The user stopped the operation; the case is as it was.
    Cancelled,
    /// Another long operation is running.
    Busy,
    /// A received bundle is open: it is read-only.
    ReadOnly,
    /// The case is encrypted: its passphrase is needed to open it.
    Locked,
    /// The passphrase given does not open the case; nothing was changed.
    WrongPassphrase,
    /// The case is open in another program, which must close it first.
    InUse,
    /// Anything else (a database error); the message says what.
    Internal,
}

/// What the app knows before a case is open.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub version: String,
    pub recent: Vec<RecentCase>,
    /// A case to open at start (`dossier-app CASE`), as the demo does.
    pub open_at_start: Option<String>,
    /// Where new cases go by default: the user's documents folder.
    pub default_folder: Option<String>,
    /// The system's language (`zh-CN` or `en`) from `DOSSIER_LANG` or the
    /// locale (`LC_ALL`, `LC_MESSAGES`, `LANG`), as the command line reads it.
    pub system_language: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RecentCase {
    pub path: String,
    /// Empty for an encrypted case: its title is inside it, and the recent
    /// list is not.
    pub title: String,
    pub opened_at: String,
    #[serde(default)]
    pub encrypted: bool,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CreateCase {
    /// The new case folder (it must not exist, or be empty).
    pub path: String,
    pub title: String,
    /// `cn` or `us`.
    pub rules: String,
    /// An IANA name; the jurisdiction's default when empty.
    pub time_zone: Option<String>,
    /// Encrypt the case under this passphrase.
    pub passphrase: Option<String>,
}

/// The open case, as the header and the start of every screen show it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CaseSummary {
    pub path: String,
    pub title: String,
    pub rules: String,
    pub time_zone: String,
    pub created_at: String,
    pub exhibits: u32,
    pub events: u32,
    pub parties: u32,
    /// Whether the case is encrypted (it then locks when idle).
    pub encrypted: bool,
}

/// What a file picker is for.
#[derive(Debug, Clone, Copy, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PickKind {
    /// Evidence files (many).
    Evidence,
    /// One export to import.
    Export,
    /// An iPhone backup folder (iTunes/Finder), imported whole.
    BackupFolder,
    /// An existing case folder.
    CaseFolder,
    /// Where a new case folder goes (its parent).
    NewCaseParent,
    /// A received bundle (.zip).
    Bundle,
    /// Where exported files go.
    ExportFolder,
}

/// How Progress events arrive over a Channel.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum ProgressEvent {
    /// The work ahead: files and bytes (0 when unknown).
    Begin {
        files: u32,
        bytes: f64,
    },
    /// A file is being read or written.
    File {
        name: String,
    },
    /// Bytes done so far, in all.
    Advance {
        done: f64,
    },
    End,
}

/// One exhibit in the evidence grid and list.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExhibitRow {
    pub exhibit: i64,
    /// image, audio, video, document, text, other; `note` for a typed note
    /// and `export` for an imported call log or message export.
    pub kind: String,
    pub media_type: Option<String>,
    pub name: String,
    pub size: f64,
    pub sha256: String,
    /// Local time in the case's zone, `2026-03-05 21:03:11`.
    pub captured_at: String,
    /// exif, media, file_modified, import_time, stated, message.
    pub basis: String,
    pub contributor: Option<String>,
    /// Whether the webview can show it (`evidence://` serves it).
    pub viewable: bool,
    /// An import's event count, for exports.
    pub events: u32,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AddRequest {
    pub paths: Vec<String>,
    pub contributor: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AddResult {
    pub added: Vec<i64>,
    /// Files already in the case: their exhibit numbers.
    pub duplicates: Vec<i64>,
    pub failed: Vec<Failure>,
    /// Files not reached because the user stopped.
    pub not_reached: Vec<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Failure {
    pub path: String,
    pub message: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NoteRequest {
    pub text: String,
    /// call, sms, chat, visit, letter, post, other.
    pub channel: String,
    /// Who did it: a number or name, if known.
    pub party: Option<String>,
    /// When, as typed (`2026-03-05 21:03`), in the case's zone.
    pub at: Option<String>,
    pub contributor: Option<String>,
    /// Whom it happened to: `debtor`, a number or a labelled name; absent
    /// to decide by the contributor.
    pub reached: Option<String>,
}

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

/// Everything the timeline shows, in one answer: the UI filters and groups.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TimelineData {
    pub time_zone: String,
    pub parties: Vec<PartyRef>,
    pub events: Vec<TimelineEvent>,
    /// Rules that found something, with the events they cite.
    pub rules: Vec<RuleRef>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PartyRef {
    pub key: String,
    /// The number or account as shown, or its name.
    pub label: String,
    pub role: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TimelineEvent {
    pub id: i64,
    /// Local date, `2026-03-05`.
    pub day: String,
    /// Local time of day, `21:03:11`.
    pub time: String,
    pub hour: u8,
    pub channel: String,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direction: Option<String>,
    /// Index into `parties`.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub party: Option<u32>,
    pub hidden: bool,
    /// The export masks the number (`***`): never one party.
    pub masked: bool,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration_s: Option<u32>,
    pub exhibit: i64,
    pub record: String,
    /// The first 200 characters of a message or note.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// In the rule pack's night hours.
    pub night: bool,
    /// `audio` or `video`: a call the iPhone says went over FaceTime.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facetime: Option<String>,
    /// Exhibits taken from this record (an MMS's or iMessage's pictures).
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attachments: Option<Vec<i64>>,
    /// From or to a labelled lender, agency or collector.
    pub collection: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RuleRef {
    pub id: String,
    pub title: String,
    pub events: Vec<i64>,
}

/// An exhibit with everything known about it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExhibitDetail {
    pub row: ExhibitRow,
    pub original_name: Option<String>,
    /// How the capture time was found, in words.
    pub basis_text: String,
    pub capture_raw: String,
    pub zone_assumed: bool,
    pub duration_s: Option<u32>,
    pub added_at: String,
    pub added_note: Option<String>,
    pub also_from: Vec<String>,
    /// A typed note's or a text file's words.
    pub text: Option<String>,
    pub notes: Vec<AnnotationDto>,
    pub tags: Vec<String>,
    /// Linked events: up to 500 around `focus`.
    pub events: Vec<LinkedEvent>,
    pub events_total: u32,
    /// The event the user came from (its id), if any.
    pub focus: Option<i64>,
    /// The export this was taken out of (an MMS image), if any.
    pub extracted_from: Option<i64>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AnnotationDto {
    pub text: String,
    pub added_at: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LinkedEvent {
    pub id: i64,
    pub at: String,
    pub channel: String,
    pub direction: Option<String>,
    pub party: Option<String>,
    pub duration_s: Option<u32>,
    pub body: Option<String>,
    pub record: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AnnotateRequest {
    pub exhibit: i64,
    /// note or tag.
    pub kind: String,
    pub text: String,
}

/// The parties screen.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PartiesData {
    pub parties: Vec<PartyDto>,
    pub suspects: Vec<SuspectDto>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PartyDto {
    pub key: String,
    /// The number or account as shown.
    pub display: String,
    pub name: Option<String>,
    pub role: Option<String>,
    pub group: Option<String>,
    /// Why the label is true: user, signature, caller, regulator (absent:
    /// none recorded, which reads as stated by the user).
    pub basis: Option<String>,
    /// Where the basis is found, in the user's words.
    pub basis_source: Option<String>,
    pub events: u32,
    /// Events recorded on this party's phone.
    pub owned_events: u32,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SuspectDto {
    /// The party key; absent for hidden numbers, which cannot be labelled.
    pub key: Option<String>,
    pub label: String,
    pub calls: u32,
    pub messages: u32,
    pub first: String,
    pub last: String,
    /// Each reason in words.
    pub reasons: Vec<String>,
}

/// Labels, names or groups one party or several (a merge gives them one
/// group).
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PartySetRequest {
    pub keys: Vec<String>,
    pub role: Option<String>,
    pub name: Option<String>,
    pub group: Option<String>,
    /// user, signature, caller or regulator; absent leaves it as it is.
    pub basis: Option<String>,
    pub basis_source: Option<String>,
}

/// The borrower's paydays as typed: "15", "10,25", "10、25号"; empty
/// clears them.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PaydaysRequest {
    pub text: String,
}

/// A written request to stop contacting, as typed: the collector (one of
/// [`FindingsData::cease_collectors`]), the day it was received
/// ("2026-04-02", "2026年4月2日") and how that is known.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CeaseRequestDto {
    pub collector: String,
    pub received: String,
    pub source: Option<String>,
}

/// A written request to stop, as the case records it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CeaseDto {
    pub collector: String,
    /// YYYY-MM-DD.
    pub received: String,
    pub source: Option<String>,
}

/// Which request to take back.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CeaseWithdrawRequest {
    pub collector: String,
}

/// A party label some of its own records contradict.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ContradictionDto {
    pub sentence: String,
    pub events: Vec<i64>,
    pub exhibits: Vec<i64>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FindingsData {
    pub pack: String,
    pub pack_name: String,
    pub events: u32,
    pub collection_contacts: u32,
    pub rules: Vec<RuleDto>,
    /// Pattern facts (paydays, weekly trend) as sentences.
    pub patterns: Vec<String>,
    /// The borrower's paydays as the case records them (none: not given).
    pub paydays: Vec<i8>,
    /// Labels the records contradict: for the user to check, not findings.
    pub contradictions: Vec<ContradictionDto>,
    /// The borrower's written requests to stop, by collector.
    pub cease: Vec<CeaseDto>,
    /// Whether the pack has a rule that reads them (the US pack's
    /// 15 U.S.C. 1692c(c)).
    pub cease_rule: bool,
    /// The collectors a request may name: the case's labels.
    pub cease_collectors: Vec<String>,
    pub suspects: u32,
    /// What the [P]/[S] marks and the quote marks 〔…〕 mean, as the dossier
    /// prints it.
    pub legend: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RuleDto {
    pub id: String,
    pub title: String,
    pub explanation: String,
    /// P (primary law) or S (secondary: guidance, self-regulation).
    pub confidence: String,
    pub sources: Vec<String>,
    pub summary: Option<String>,
    pub findings: Vec<FindingDto>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FindingDto {
    pub sentence: String,
    pub at: String,
    pub count: u32,
    pub events: Vec<i64>,
    pub exhibits: Vec<i64>,
    pub quotes: Vec<QuoteDto>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct QuoteDto {
    pub event: i64,
    pub category: String,
    /// The category as the UI's language names it.
    pub category_name: String,
    /// The words that matched.
    pub words: String,
    /// The message (or its sentences) as quoted, matches marked 〔…〕.
    pub context: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportRequest {
    /// The folder the PDF (and bundle) go into.
    pub folder: String,
    /// zh or en.
    pub lang: String,
    pub redact: bool,
    pub bundle: bool,
    pub preparer: String,
    /// Seal the PDF and bundle as age files under this passphrase.
    pub seal: Option<String>,
    /// Write an encrypted case's files unencrypted, on purpose.
    pub plaintext: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportResult {
    pub pdf: String,
    pub bundle: Option<String>,
    pub pages: u32,
    pub manifest_sha256: String,
    pub exhibits: u32,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VerifyResult {
    pub intact: bool,
    pub stopped: bool,
    pub exhibits: u32,
    pub bytes: f64,
    pub audit_entries: u32,
    /// Database rows checked against the audit entries that sealed them.
    pub rows: u32,
    /// The last audit entry: the case is proven intact up to here.
    pub head_seq: Option<i64>,
    pub head_hash: Option<String>,
    pub problems: Vec<ProblemDto>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProblemDto {
    /// The problem's code (`altered`, `missing`, `chain`, …).
    pub code: String,
    pub exhibit: Option<i64>,
    pub message: String,
}

/// A received bundle, verified, shown read-only.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BundleView {
    pub path: String,
    pub intact: bool,
    pub problems: Vec<String>,
    pub originals: u32,
    pub audit_entries: u32,
    pub title: Option<String>,
    pub generated_at: Option<String>,
    pub exhibits: Vec<BundleExhibit>,
    /// The findings' sentences as the manifest carries them.
    pub findings: Vec<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BundleExhibit {
    pub exhibit: i64,
    pub file: String,
    pub sha256: String,
    pub size: f64,
    pub kind: String,
    pub captured_at: Option<String>,
    pub contributor: Option<String>,
}
