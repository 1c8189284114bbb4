//! The shapes that cross the IPC boundary: requests the UI sends and the
//! responses it gets. Each shape here is a promise to the UI, made on
//! purpose and converted from the core's types; the core's vocabulary
//! (channel, role, language, …) crosses as itself, in its one text form,
//! and TypeScript knows it by the unions in `ui/src/lib/vocabulary.ts`.
//! `ui/src/lib/bindings.ts` is generated from these (see `bindings.rs`), and
//! a test fails when the two drift.

mod findings;
mod import;

pub use findings::*;
pub use import::*;

use dossier_core::model::channel::Channel;
use dossier_core::model::jurisdiction::Rules;
use dossier_core::model::lang::Lang;
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
    #[ts(type = "Jurisdiction")]
    pub rules: Rules,
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
    /// One of the channels a note can describe ([`Channel::NOTED`]).
    #[ts(type = "NotedChannel")]
    pub channel: Channel,
    /// Who did it: a number or name, if known.
    pub party: Option<String>,
    /// When, as typed (`2026-03-05 21:03`), in the case's zone.
    pub at: Option<String>,
    pub contributor: Option<String>,
    /// Whom it happened to: `debtor`, a number or a labelled name; absent
    /// to decide by the contributor.
    pub reached: Option<String>,
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
    #[ts(type = "AnnotationKind")]
    pub kind: dossier_core::evidence::annotate::Kind,
    pub text: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportRequest {
    /// The folder the PDF (and bundle) go into.
    pub folder: String,
    #[ts(type = "DossierLang")]
    pub lang: Lang,
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
