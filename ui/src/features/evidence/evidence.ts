// Evidence screen logic: counting, filtering, the add summary and the
// "write down what happened" form.
import type { AddResult, ExhibitRow, NoteRequest } from "../../lib/bindings";
import { NOTED_CHANNELS, type NotedChannel } from "../../lib/vocabulary";

export const KINDS = ["image", "audio", "video", "document", "text", "note", "export", "other"] as const;

/** Channels a typed note can have: the core's own list. */
export const NOTE_CHANNELS = NOTED_CHANNELS;

export function kindCounts(rows: readonly ExhibitRow[]): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i < rows.length; i++) {
    const k = rows[i].kind;
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

/** Rows in exhibit order (copies only when they are not already). */
export function byExhibit(rows: ExhibitRow[]): ExhibitRow[] {
  for (let i = 1; i < rows.length; i++) {
    if (rows[i - 1].exhibit > rows[i].exhibit) {
      return [...rows].sort((a, b) => a.exhibit - b.exhibit);
    }
  }
  return rows;
}

/**
 * Rows matching a search (number, name, contributor, SHA-256 prefix) and a
 * kind ("" for all).
 */
export function filterRows(rows: ExhibitRow[], query: string, kind: string): ExhibitRow[] {
  const q = query.trim().toLowerCase();
  if (!q && !kind) return rows;
  const out: ExhibitRow[] = [];
  const asNumber = /^#?\d+$/.test(q) ? Number(q.replace("#", "")) : NaN;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (kind && r.kind !== kind) continue;
    if (q) {
      const hit =
        r.exhibit === asNumber ||
        r.name.toLowerCase().includes(q) ||
        (r.contributor ?? "").toLowerCase().includes(q) ||
        (q.length >= 6 && r.sha256.startsWith(q));
      if (!hit) continue;
    }
    out.push(r);
  }
  return out;
}

export type AddSummary = {
  added: number;
  duplicates: number;
  failed: number;
  notReached: number;
  /** Nothing was added and nothing went wrong (all already in the case). */
  allKnown: boolean;
  clean: boolean;
};

export function summarizeAdd(r: AddResult): AddSummary {
  return {
    added: r.added.length,
    duplicates: r.duplicates.length,
    failed: r.failed.length,
    notReached: r.notReached.length,
    allKnown: r.added.length === 0 && r.duplicates.length > 0 && r.failed.length === 0,
    clean: r.failed.length === 0 && r.notReached.length === 0,
  };
}

export type NoteForm = {
  channel: string;
  party: string;
  at: string;
  text: string;
  /** Whom it happened to: the borrower, or the person named in `reachedName`. */
  reached?: "debtor" | "other";
  reachedName?: string;
};

export type NoteProblem = "text" | "at" | "channel" | "reached";

const AT = /^\d{4}-\d{1,2}-\d{1,2}([ T]\d{1,2}:\d{2}(:\d{2})?)?$/;

export function validateNote(f: NoteForm): NoteProblem[] {
  const out: NoteProblem[] = [];
  if (!f.text.trim()) out.push("text");
  if (f.at.trim() && !AT.test(f.at.trim())) out.push("at");
  if (!(NOTE_CHANNELS as readonly string[]).includes(f.channel)) out.push("channel");
  if (f.reached === "other" && !f.reachedName?.trim()) out.push("reached");
  return out;
}

const orNull = (s: string) => (s.trim() ? s.trim() : null);

export function noteRequest(f: NoteForm, contributor: string | null): NoteRequest {
  return {
    text: f.text.trim(),
    // validateNote has refused any other channel.
    channel: f.channel as NotedChannel,
    party: orNull(f.party),
    at: orNull(f.at.replace("T", " ")),
    contributor,
    reached: f.reached === "other" ? orNull(f.reachedName ?? "") : "debtor",
  };
}

/** The icon a kind shows when there is no thumbnail. */
export function kindIcon(kind: string): string {
  return (KINDS as readonly string[]).includes(kind) ? kind : "other";
}

/** The image types the core makes thumbnails of (`dossier_core::thumb`). */
const THUMBNAILED = ["image/png", "image/jpeg", "image/webp"];

/**
 * Whether a row can show its picture as a thumbnail. Grids never show
 * originals: ten thousand full-size screenshots would not fit in memory.
 */
export const hasThumbnail = (r: ExhibitRow) =>
  r.viewable && r.kind === "image" && THUMBNAILED.includes(r.mediaType ?? "");
