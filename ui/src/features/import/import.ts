// The import wizard's logic: its steps, the column mapping (the core's
// suggestion, the user's corrections, validation), whose phone it was, and the requests it sends.
import * as api from "../../lib/api";
import type { OnProgress } from "../../lib/api";
import type { ColumnMapping, ImportOutcome, ImportPreview, ImportRequest, MappingSuggestion } from "../../lib/bindings";

export type Step = "pick" | "preview" | "mapping" | "owner" | "confirm" | "report";

export const DIRECTIONS = ["in", "out", "missed", "rejected", "blocked", "voicemail"] as const;
export type Direction = (typeof DIRECTIONS)[number];
export const MAPPING_CHANNELS = ["call", "sms", "chat"] as const;

/** The step after `step`, given what the preview said. */
export function nextStep(step: Step, preview: ImportPreview | null): Step {
  switch (step) {
    case "pick":
      return "preview";
    case "preview":
      return preview?.needsMapping ? "mapping" : "owner";
    case "mapping":
      return "preview";
    case "owner":
      return "confirm";
    case "confirm":
      return "report";
    case "report":
      return "report";
  }
}

/** The step Back goes to. */
export function prevStep(step: Step): Step {
  switch (step) {
    case "preview":
    case "pick":
      return "pick";
    case "mapping":
      return "preview";
    case "owner":
      return "preview";
    case "confirm":
      return "owner";
    case "report":
      return "report";
  }
}

/** Whether the user may change a CSV list's columns by hand. */
export const canMap = (p: ImportPreview | null) => !!p && (p.format === "csv" || p.needsMapping);

export type MappingForm = {
  /** Which of the shown rows holds the column names. */
  headerRow: number;
  channel: string;
  /** "time" (one column) or "split" (a date and a clock column). */
  timeMode: "time" | "split";
  time: string;
  date: string;
  clock: string;
  number: string;
  direction: string;
  duration: string;
  body: string;
  /** Each value seen in the direction column → its meaning. */
  directions: Record<string, Direction>;
};

export type MappingProblem = "number" | "time" | "dateClock";

export function validateMapping(m: MappingForm): MappingProblem[] {
  const out: MappingProblem[] = [];
  if (!m.number.trim()) out.push("number");
  if (m.timeMode === "time") {
    if (!m.time.trim()) out.push("time");
  } else if (!m.date.trim() || !m.clock.trim()) {
    out.push("dateClock");
  }
  return out;
}

/** Column names in the header row (filled, each once). */
export function headerOptions(rows: string[][], headerRow: number): string[] {
  const row = rows[headerRow] ?? [];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const c of row) {
    const name = c.trim();
    if (name && !seen.has(name)) {
      seen.add(name);
      out.push(name);
    }
  }
  return out;
}

/** Distinct values under a column, below the header (at most 24). */
export function directionValues(rows: string[][], headerRow: number, column: string): string[] {
  if (!column) return [];
  const idx = (rows[headerRow] ?? []).findIndex((c) => c.trim() === column);
  if (idx < 0) return [];
  const seen = new Set<string>();
  for (let i = headerRow + 1; i < rows.length && seen.size < 24; i++) {
    const v = (rows[i][idx] ?? "").trim();
    if (v) seen.add(v);
  }
  return [...seen];
}

export type ColumnField = "time" | "date" | "clock" | "number" | "direction" | "duration" | "body";

/**
 * The first mapping to show: the core's suggestion (`import::suggest`,
 * which knows the built-in mappings' column names and the header words);
 * the user corrects it. Without one (an older backend), an empty form.
 */
export function fromSuggestion(s: MappingSuggestion | null, rows: string[][]): MappingForm {
  const m: MappingForm = {
    headerRow: s?.headerRow ?? 0,
    channel: s?.channel ?? "call",
    timeMode: s && !s.time && s.date && s.clock ? "split" : "time",
    time: s?.time ?? "",
    date: s?.date ?? "",
    clock: s?.clock ?? "",
    number: s?.number ?? "",
    direction: s?.direction ?? "",
    duration: s?.duration ?? "",
    body: s?.body ?? "",
    directions: {},
  };
  m.directions = guessDirections(directionValues(rows, m.headerRow, m.direction), {}, s);
  return m;
}

/**
 * Keeps the user's choices for values still seen; a new value gets the
 * core's reading of it, or "in" when its words say nothing.
 */
export function guessDirections(
  values: string[],
  current: Record<string, Direction>,
  s: MappingSuggestion | null,
): Record<string, Direction> {
  const known = new Map((s?.directions ?? []) as [string, Direction][]);
  const out: Record<string, Direction> = {};
  for (const v of values) out[v] = current[v] ?? known.get(v) ?? "in";
  return out;
}

const orNull = (s: string) => (s.trim() ? s.trim() : null);

export function toColumnMapping(m: MappingForm): ColumnMapping {
  const split = m.timeMode === "split";
  return {
    channel: m.channel,
    time: split ? null : orNull(m.time),
    date: split ? orNull(m.date) : null,
    clock: split ? orNull(m.clock) : null,
    number: m.number.trim(),
    direction: orNull(m.direction),
    duration: orNull(m.duration),
    body: orNull(m.body),
    directions: m.direction.trim() ? Object.entries(m.directions).map(([k, v]) => [k, v] as [string, string]) : [],
  };
}

export type OwnerChoice = "mine" | "other" | null;

/** Whose phone: null for the borrower's own, else the number or name typed. */
export function ownerValue(choice: OwnerChoice, typed: string): string | null {
  return choice === "other" ? orNull(typed) : null;
}

export function ownerValid(choice: OwnerChoice, typed: string): boolean {
  return choice === "mine" || (choice === "other" && typed.trim().length > 0);
}

export function importRequest(
  path: string,
  mapping: ColumnMapping | null,
  owner: string | null,
  contributor: string | null,
): ImportRequest {
  return { path, format: mapping ? "csv" : null, mapping, owner, contributor };
}

/** Picks the export to import; null when the user cancelled. */
/** One export file, or (`folder`) an iPhone backup folder imported whole. */
export async function pickExport(folder = false): Promise<string | null> {
  const p = await api.pick(folder ? "backup_folder" : "export");
  return p && p.length > 0 ? p[0] : null;
}

export const preview = (req: ImportRequest) => api.importPreview(req);
export const run = (req: ImportRequest, onProgress: OnProgress): Promise<ImportOutcome> =>
  api.importRun(req, onProgress);
