// Generated from src-tauri/src/dto.rs by src-tauri/src/bindings.rs. Do not edit:
// change the Rust types and run `UPDATE_BINDINGS=1 cargo test -p dossier-app bindings`.
import type { AnnotationKind, DossierLang, Jurisdiction, LabelBasis, NotedChannel, Role } from "./vocabulary";

export type AppError = { code: ErrorCode, message: string, };

export type ErrorCode = "no_case" | "not_a_case" | "already_exists" | "newer_schema" | "damaged" | "not_found" | "unreadable" | "disk_full" | "bad_input" | "undetected" | "needs_mapping" | "malformed" | "cancelled" | "busy" | "read_only" | "locked" | "wrong_passphrase" | "in_use" | "internal";

export type AppInfo = { version: string, recent: Array<RecentCase>, 
/**
 * A case to open at start (`dossier-app CASE`), as the demo does.
 */
openAtStart: string | null, 
/**
 * Where new cases go by default: the user's documents folder.
 */
defaultFolder: string | null, 
/**
 * The system's language (`zh-CN` or `en`) from `DOSSIER_LANG` or the
 * locale (`LC_ALL`, `LC_MESSAGES`, `LANG`), as the command line reads it.
 */
systemLanguage: string, };

export type RecentCase = { path: string, 
/**
 * Empty for an encrypted case: its title is inside it, and the recent
 * list is not.
 */
title: string, openedAt: string, encrypted: boolean, };

export type CreateCase = { 
/**
 * The new case folder (it must not exist, or be empty).
 */
path: string, title: string, rules: Jurisdiction, 
/**
 * An IANA name; the jurisdiction's default when empty.
 */
timeZone: string | null, 
/**
 * Encrypt the case under this passphrase.
 */
passphrase: string | null, };

export type CaseSummary = { path: string, title: string, rules: string, timeZone: string, createdAt: string, exhibits: number, events: number, parties: number, 
/**
 * Whether the case is encrypted (it then locks when idle).
 */
encrypted: boolean, };

export type PickKind = "evidence" | "export" | "backup_folder" | "case_folder" | "new_case_parent" | "bundle" | "export_folder";

export type ProgressEvent = { "kind": "begin", files: number, bytes: number, } | { "kind": "file", name: string, } | { "kind": "advance", done: number, } | { "kind": "end" };

export type ExhibitRow = { exhibit: number, 
/**
 * image, audio, video, document, text, other; `note` for a typed note
 * and `export` for an imported call log or message export.
 */
kind: string, mediaType: string | null, name: string, size: number, sha256: string, 
/**
 * Local time in the case's zone, `2026-03-05 21:03:11`.
 */
capturedAt: string, 
/**
 * exif, media, file_modified, import_time, stated, message.
 */
basis: string, contributor: string | null, 
/**
 * Whether the webview can show it (`evidence://` serves it).
 */
viewable: boolean, 
/**
 * An import's event count, for exports.
 */
events: number, };

export type AddRequest = { paths: Array<string>, contributor: string | null, };

export type AddResult = { added: Array<number>, 
/**
 * Files already in the case: their exhibit numbers.
 */
duplicates: Array<number>, failed: Array<Failure>, 
/**
 * Files not reached because the user stopped.
 */
notReached: Array<string>, };

export type Failure = { path: string, message: string, };

export type NoteRequest = { text: string, 
/**
 * One of the channels a note can describe ([`Channel::NOTED`]).
 */
channel: NotedChannel, 
/**
 * Who did it: a number or name, if known.
 */
party: string | null, 
/**
 * When, as typed (`2026-03-05 21:03`), in the case's zone.
 */
at: string | null, contributor: string | null, 
/**
 * Whom it happened to: `debtor`, a number or a labelled name; absent
 * to decide by the contributor.
 */
reached: string | null, };

export type ImportRequest = { path: string, 
/**
 * A format name (android-calls, …); detected when absent.
 */
format: string | null, mapping: ColumnMapping | null, 
/**
 * Whose phone: absent for the borrower's own, else a number or name.
 */
owner: string | null, contributor: string | null, };

export type ColumnMapping = { 
/**
 * call, sms or chat.
 */
channel: string, time: string | null, date: string | null, clock: string | null, number: string, direction: string | null, duration: string | null, body: string | null, 
/**
 * Values of the direction column → in, out, missed, rejected, …
 */
directions: Array<[string, string]>, };

export type ImportPreview = { format: string, 
/**
 * The built-in mapping that fits a CSV list.
 */
mapping: string | null, records: Array<PreviewRecord>, 
/**
 * A CSV list's first rows as written.
 */
rows: Array<Array<string>>, needsMapping: boolean, 
/**
 * For a list: the core's first mapping, for the user to correct.
 */
suggested: MappingSuggestion | null, 
/**
 * When an iPhone backup folder was picked: what it holds.
 */
backup: BackupView | null, };

export type MappingSuggestion = { 
/**
 * Index of the header among `rows`.
 */
headerRow: number, channel: string, time: string | null, date: string | null, clock: string | null, number: string | null, direction: string | null, duration: string | null, body: string | null, 
/**
 * Every value below the header that reads as a direction → its meaning.
 */
directions: Array<[string, string]>, };

export type PreviewRecord = { position: string, channel: string, direction: string | null, at: string, number: string, name: string | null, durationS: number | null, body: string | null, };

export type BackupView = { 
/**
 * Format names (ios-calls, ios-sms) of the databases found.
 */
databases: Array<string>, 
/**
 * One sentence for each database listed but absent.
 */
missing: Array<string>, };

export type ImportOutcome = { results: Array<ImportResult>, 
/**
 * One sentence for each database the backup lists but lacks.
 */
missing: Array<string>, };

export type ImportResult = { format: string, exhibit: number, alreadyStored: boolean, records: number, newEvents: number, knownEvents: number, extracted: Array<number>, skipped: Array<Skipped>, 
/**
 * Records whose other number the export masks (`138****1234`, `***`).
 */
masked: number, 
/**
 * What masking means for the case, when any record was masked.
 */
maskedNote: string | null, 
/**
 * Whether the export was read whole; `losses` says what was lost.
 */
complete: boolean, losses: Array<string>, 
/**
 * Records imported with something to check.
 */
flags: Array<string>, };

export type Skipped = { position: string, why: string, };

export type TimelineData = { timeZone: string, parties: Array<PartyRef>, events: Array<TimelineEvent>, 
/**
 * Rules that found something, with the events they cite.
 */
rules: Array<RuleRef>, };

export type PartyRef = { key: string, 
/**
 * The number or account as shown, or its name.
 */
label: string, role: string | null, };

export type TimelineEvent = { id: number, 
/**
 * Local date, `2026-03-05`.
 */
day: string, 
/**
 * Local time of day, `21:03:11`.
 */
time: string, hour: number, channel: string, direction?: string, 
/**
 * Index into `parties`.
 */
party?: number, hidden: boolean, 
/**
 * The export masks the number (`***`): never one party.
 */
masked: boolean, durationS?: number, exhibit: number, record: string, 
/**
 * The first 200 characters of a message or note.
 */
body?: string, 
/**
 * In the rule pack's night hours.
 */
night: boolean, 
/**
 * `audio` or `video`: a call the iPhone says went over FaceTime.
 */
facetime?: string, 
/**
 * Exhibits taken from this record (an MMS's or iMessage's pictures).
 */
attachments?: Array<number>, 
/**
 * From or to a labelled lender, agency or collector.
 */
collection: boolean, };

export type RuleRef = { id: string, title: string, events: Array<number>, };

export type ExhibitDetail = { row: ExhibitRow, originalName: string | null, 
/**
 * How the capture time was found, in words.
 */
basisText: string, captureRaw: string, zoneAssumed: boolean, durationS: number | null, addedAt: string, addedNote: string | null, alsoFrom: Array<string>, 
/**
 * A typed note's or a text file's words.
 */
text: string | null, notes: Array<AnnotationDto>, tags: Array<string>, 
/**
 * Linked events: up to 500 around `focus`.
 */
events: Array<LinkedEvent>, eventsTotal: number, 
/**
 * The event the user came from (its id), if any.
 */
focus: number | null, 
/**
 * The export this was taken out of (an MMS image), if any.
 */
extractedFrom: number | null, };

export type AnnotationDto = { text: string, addedAt: string, };

export type LinkedEvent = { id: number, at: string, channel: string, direction: string | null, party: string | null, durationS: number | null, body: string | null, record: string, };

export type AnnotateRequest = { exhibit: number, kind: AnnotationKind, text: string, };

export type PartiesData = { parties: Array<PartyDto>, suspects: Array<SuspectDto>, };

export type PartyDto = { key: string, 
/**
 * The number or account as shown.
 */
display: string, name: string | null, role: Role | null, group: string | null, 
/**
 * Why the label is true (absent: none recorded, which reads as stated
 * by the user).
 */
basis: LabelBasis | null, 
/**
 * Where the basis is found, in the user's words.
 */
basisSource: string | null, events: number, 
/**
 * Events recorded on this party's phone.
 */
ownedEvents: number, };

export type SuspectDto = { 
/**
 * The party key; absent for hidden numbers, which cannot be labelled.
 */
key: string | null, label: string, calls: number, messages: number, first: string, last: string, 
/**
 * Each reason in words.
 */
reasons: Array<string>, };

export type PartySetRequest = { keys: Array<string>, 
/**
 * Absent or null leaves the role as it is.
 */
role: Role | null, name: string | null, group: string | null, 
/**
 * Absent or null leaves the basis as it is.
 */
basis: LabelBasis | null, basisSource: string | null, };

export type PaydaysRequest = { text: string, };

export type CeaseRequestDto = { collector: string, received: string, source: string | null, };

export type CeaseDto = { collector: string, 
/**
 * YYYY-MM-DD.
 */
received: string, source: string | null, };

export type CeaseWithdrawRequest = { collector: string, };

export type ContradictionDto = { sentence: string, events: Array<number>, exhibits: Array<number>, };

export type FindingsData = { pack: string, packName: string, events: number, collectionContacts: number, rules: Array<RuleDto>, 
/**
 * Pattern facts (paydays, weekly trend) as sentences.
 */
patterns: Array<string>, 
/**
 * The borrower's paydays as the case records them (none: not given).
 */
paydays: Array<number>, 
/**
 * Labels the records contradict: for the user to check, not findings.
 */
contradictions: Array<ContradictionDto>, 
/**
 * The borrower's written requests to stop, by collector.
 */
cease: Array<CeaseDto>, 
/**
 * Whether the pack has a rule that reads them (the US pack's
 * 15 U.S.C. 1692c(c)).
 */
ceaseRule: boolean, 
/**
 * The collectors a request may name: the case's labels.
 */
ceaseCollectors: Array<string>, suspects: number, 
/**
 * What the [P]/[S] marks and the quote marks 〔…〕 mean, as the dossier
 * prints it.
 */
legend: string, };

export type RuleDto = { id: string, title: string, explanation: string, 
/**
 * P (primary law) or S (secondary: guidance, self-regulation).
 */
confidence: string, sources: Array<string>, summary: string | null, findings: Array<FindingDto>, };

export type FindingDto = { sentence: string, at: string, count: number, events: Array<number>, exhibits: Array<number>, quotes: Array<QuoteDto>, };

export type QuoteDto = { event: number, category: string, 
/**
 * The category as the UI's language names it.
 */
categoryName: string, 
/**
 * The words that matched.
 */
words: string, 
/**
 * The message (or its sentences) as quoted, matches marked 〔…〕.
 */
context: string, };

export type ExportRequest = { 
/**
 * The folder the PDF (and bundle) go into.
 */
folder: string, lang: DossierLang, redact: boolean, bundle: boolean, preparer: string, 
/**
 * Seal the PDF and bundle as age files under this passphrase.
 */
seal: string | null, 
/**
 * Write an encrypted case's files unencrypted, on purpose.
 */
plaintext: boolean, };

export type ExportResult = { pdf: string, bundle: string | null, pages: number, manifestSha256: string, exhibits: number, };

export type VerifyResult = { intact: boolean, stopped: boolean, exhibits: number, bytes: number, auditEntries: number, 
/**
 * Database rows checked against the audit entries that sealed them.
 */
rows: number, 
/**
 * The last audit entry: the case is proven intact up to here.
 */
headSeq: number | null, headHash: string | null, problems: Array<ProblemDto>, };

export type ProblemDto = { 
/**
 * The problem's code (`altered`, `missing`, `chain`, …).
 */
code: string, exhibit: number | null, message: string, };

export type BundleView = { path: string, intact: boolean, problems: Array<string>, originals: number, auditEntries: number, title: string | null, generatedAt: string | null, exhibits: Array<BundleExhibit>, 
/**
 * The findings' sentences as the manifest carries them.
 */
findings: Array<string>, };

export type BundleExhibit = { exhibit: number, file: string, sha256: string, size: number, kind: string, capturedAt: string | null, contributor: string | null, };
