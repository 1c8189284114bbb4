// Exhibit screen logic: how it is shown, zoom steps, tags and notes.
import * as api from "../../lib/api";
import type { ExhibitDetail, ExhibitRow, LinkedEvent } from "../../lib/bindings";

export type Viewer = "image" | "audio" | "video" | "text" | "none";

/** How the webview shows an exhibit. */
export function viewerFor(row: ExhibitRow, text: string | null): Viewer {
  const mt = row.mediaType ?? "";
  if (row.viewable) {
    if (row.kind === "image" || mt.startsWith("image/")) return "image";
    if (row.kind === "audio" || mt.startsWith("audio/")) return "audio";
    if (row.kind === "video" || mt.startsWith("video/")) return "video";
  }
  if (text !== null) return "text";
  return "none";
}

export const ZOOM_LEVELS = [0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4, 6, 8];

export function zoomIn(scale: number): number {
  for (const z of ZOOM_LEVELS) if (z > scale + 1e-6) return z;
  return ZOOM_LEVELS[ZOOM_LEVELS.length - 1];
}

export function zoomOut(scale: number): number {
  for (let i = ZOOM_LEVELS.length - 1; i >= 0; i--) if (ZOOM_LEVELS[i] < scale - 1e-6) return ZOOM_LEVELS[i];
  return ZOOM_LEVELS[0];
}

/** The scale that fits an image in a box (never above 100%). */
export function fitScale(w: number, h: number, boxW: number, boxH: number): number {
  if (w <= 0 || h <= 0 || boxW <= 0 || boxH <= 0) return 1;
  return Math.min(1, boxW / w, boxH / h);
}

export type TagProblem = "empty" | "exists";

export function checkTag(text: string, existing: readonly string[]): TagProblem | null {
  const t = text.trim();
  if (!t) return "empty";
  if (existing.includes(t)) return "exists";
  return null;
}

export function focusIndex(events: readonly LinkedEvent[], focus: number | null): number {
  if (focus === null) return -1;
  return events.findIndex((e) => e.id === focus);
}

export const load = (exhibit: number, event: number | null): Promise<ExhibitDetail> => api.exhibit(exhibit, event);

export const addTag = (exhibit: number, text: string) => api.annotate({ exhibit, kind: "tag", text: text.trim() });

export const addNote = (exhibit: number, text: string) => api.annotate({ exhibit, kind: "note", text: text.trim() });

export const removeTag = (exhibit: number, tag: string) => api.removeTag(exhibit, tag);

/** Copies text; false when the clipboard is not available. */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
