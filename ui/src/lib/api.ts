// The one module that talks to the Rust side: every command the UI invokes
// has a typed wrapper here, and every failure comes out as an AppError.
import { invoke, Channel, convertFileSrc } from "@tauri-apps/api/core";
import { getCurrentWebview } from "@tauri-apps/api/webview";
import { t } from "./i18n/index.svelte";
import type {
  AddRequest,
  AddResult,
  AnnotateRequest,
  AppError,
  AppInfo,
  BundleView,
  CaseSummary,
  CeaseDto,
  CeaseRequestDto,
  CreateCase,
  ErrorCode,
  ExhibitDetail,
  ExhibitRow,
  ExportRequest,
  ExportResult,
  FindingsData,
  ImportPreview,
  ImportRequest,
  ImportOutcome,
  NoteRequest,
  PartiesData,
  PartySetRequest,
  PaydaysRequest,
  PickKind,
  ProgressEvent,
  TimelineData,
  VerifyResult,
} from "./bindings";

export type OnProgress = (event: ProgressEvent) => void;

// Every error code the backend sends: a record over bindings.ts's ErrorCode,
// so a code added in Rust and missing here is a type error.
const ALL_CODES: Record<ErrorCode, true> = {
  no_case: true,
  not_a_case: true,
  already_exists: true,
  newer_schema: true,
  damaged: true,
  not_found: true,
  unreadable: true,
  disk_full: true,
  bad_input: true,
  undetected: true,
  needs_mapping: true,
  malformed: true,
  cancelled: true,
  busy: true,
  read_only: true,
  locked: true,
  wrong_passphrase: true,
  in_use: true,
  internal: true,
};

export const CODES: ReadonlySet<string> = new Set(Object.keys(ALL_CODES));

export function isAppError(e: unknown): e is AppError {
  return (
    typeof e === "object" &&
    e !== null &&
    typeof (e as AppError).code === "string" &&
    CODES.has((e as AppError).code) &&
    typeof (e as AppError).message === "string"
  );
}

/** Whatever a command threw, as an AppError (`internal` when unknown). */
export function toAppError(e: unknown): AppError {
  if (isAppError(e)) return e;
  if (typeof e === "string") return { code: "internal", message: e };
  if (e instanceof Error) return { code: "internal", message: e.message };
  return { code: "internal", message: String(e) };
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw toAppError(e);
  }
}

function channel(onProgress?: OnProgress): Channel<ProgressEvent> {
  const ch = new Channel<ProgressEvent>();
  ch.onmessage = (m) => onProgress?.(m);
  return ch;
}

/** The timeline comes as raw JSON (a string or bytes) or already parsed. */
export function parseTimeline(raw: unknown): TimelineData {
  if (typeof raw === "string") return JSON.parse(raw) as TimelineData;
  const tag = Object.prototype.toString.call(raw);
  if (tag === "[object ArrayBuffer]" || ArrayBuffer.isView(raw)) {
    return JSON.parse(new TextDecoder().decode(raw as ArrayBuffer)) as TimelineData;
  }
  return raw as TimelineData;
}

export const appInfo = () => call<AppInfo>("app_info");
export const setLanguage = (lang: "zh" | "en") => call<void>("set_language", { lang });
/** A native file picker, titled in the user's language. */
export const pick = (kind: PickKind) => call<string[] | null>("pick", { kind, title: t(`pick.${kind}`) });
export const caseCreate = (req: CreateCase) => call<CaseSummary>("case_create", { req });
export const caseOpen = (path: string) => call<CaseSummary>("case_open", { path });
export const caseUnlock = (path: string, passphrase: string) =>
  call<CaseSummary>("case_unlock", { path, passphrase });
export const caseClose = () => call<void>("case_close");
export const caseEncrypt = (passphrase: string, onProgress?: OnProgress) =>
  call<CaseSummary>("case_encrypt", { passphrase, onProgress: channel(onProgress) });
export const caseDecrypt = (passphrase: string, onProgress?: OnProgress) =>
  call<CaseSummary>("case_decrypt", { passphrase, onProgress: channel(onProgress) });
export const caseChangePassphrase = (old: string, passphrase: string) =>
  call<void>("case_change_passphrase", { old, new: passphrase });
export const caseSummary = () => call<CaseSummary>("case_summary");
export const evidenceList = () => call<ExhibitRow[]>("evidence_list");
export const addFiles = (req: AddRequest, onProgress?: OnProgress) =>
  call<AddResult>("add_files", { req, onProgress: channel(onProgress) });
export const addNote = (req: NoteRequest) => call<number>("add_note", { req });
export const importPreview = (req: ImportRequest) => call<ImportPreview>("import_preview", { req });
export const importRun = (req: ImportRequest, onProgress?: OnProgress) =>
  call<ImportOutcome>("import_run", { req, onProgress: channel(onProgress) });
export const timeline = async () => parseTimeline(await call<unknown>("timeline"));
export const exhibit = (exhibit: number, event: number | null = null) =>
  call<ExhibitDetail>("exhibit", { exhibit, event });
export const annotate = (req: AnnotateRequest) => call<void>("annotate", { req });
export const removeTag = (exhibit: number, tag: string) => call<void>("remove_tag", { exhibit, tag });
export const parties = () => call<PartiesData>("parties");
export const partySet = (req: PartySetRequest) => call<void>("party_set", { req });
export const paydaysSet = (req: PaydaysRequest) => call<number[]>("paydays_set", { req });
export const findings = () => call<FindingsData>("findings");
export const ceaseRecord = (req: CeaseRequestDto) => call<CeaseDto[]>("cease_record", { req });
export const ceaseWithdraw = (collector: string) => call<CeaseDto[]>("cease_withdraw", { req: { collector } });
export const exportRun = (req: ExportRequest, onProgress?: OnProgress) =>
  call<ExportResult>("export_run", { req, onProgress: channel(onProgress) });
export const reveal = (path: string) => call<void>("reveal", { path });
export const verifyCase = (onProgress?: OnProgress) =>
  call<VerifyResult>("verify_case", { onProgress: channel(onProgress) });
export const bundleOpen = (path: string) => call<BundleView>("bundle_open", { path });
export const bundleClose = () => call<void>("bundle_close");
export const cancel = () => call<void>("cancel");

/** The URL the webview shows an exhibit's bytes from (case or bundle). */
export function evidenceUrl(sha256: string): string {
  return convertFileSrc(sha256, "evidence");
}

/** The URL of an image exhibit's small thumbnail, for grids (case only). */
export function thumbUrl(sha256: string): string {
  return convertFileSrc(`thumb/${sha256}`, "evidence");
}

export type DragDrop =
  | { type: "enter"; paths: string[] }
  | { type: "over" }
  | { type: "drop"; paths: string[] }
  | { type: "leave" };

/**
 * Files dragged onto the window (the webview gets native drops as paths).
 * Resolves to the function that stops listening; a no-op outside Tauri.
 */
export async function onDragDrop(handler: (e: DragDrop) => void): Promise<() => void> {
  try {
    return await getCurrentWebview().onDragDropEvent((event) => {
      const p = event.payload;
      if (p.type === "drop") handler({ type: "drop", paths: p.paths });
      else if (p.type === "enter") handler({ type: "enter", paths: p.paths });
      else if (p.type === "over") handler({ type: "over" });
      else handler({ type: "leave" });
    });
  } catch {
    return () => {};
  }
}
