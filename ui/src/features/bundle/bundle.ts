// Bundle screen logic: a received bundle, read-only.
import * as api from "../../lib/api";
import type { BundleExhibit } from "../../lib/bindings";
import { reset } from "../../lib/nav.svelte";
import { session } from "../../lib/session.svelte";

/** Whether the webview can show an exhibit of the bundle. */
export function previewable(x: BundleExhibit): "image" | "audio" | "video" | null {
  if (x.kind === "image") return "image";
  if (x.kind === "audio") return "audio";
  if (x.kind === "video") return "video";
  return null;
}

export function filterExhibits(list: BundleExhibit[], query: string): BundleExhibit[] {
  const q = query.trim().toLowerCase();
  if (!q) return list;
  return list.filter(
    (x) =>
      String(x.exhibit) === q.replace("#", "") ||
      x.file.toLowerCase().includes(q) ||
      (x.contributor ?? "").toLowerCase().includes(q) ||
      (q.length >= 6 && x.sha256.startsWith(q)),
  );
}

/** Closes the bundle and returns to the start screen. */
export async function closeBundle(): Promise<void> {
  try {
    await api.bundleClose();
  } finally {
    session.bundle = null;
    reset({ name: "start" });
  }
}
