// The evidence list of the open case, and adding files to it (from the
// Add button or a drop onto the window).
import * as api from "../../lib/api";
import type { AddResult, AppError, ExhibitRow } from "../../lib/bindings";
import { t } from "../../lib/i18n/index.svelte";
import { runLong } from "../../lib/components/longop.svelte";
import { contributorOrNull, refreshSummary } from "../../lib/session.svelte";
import { byExhibit } from "./evidence";

class EvidenceStore {
  rows = $state.raw<ExhibitRow[]>([]);
  loaded = $state(false);
  loadError = $state<AppError | null>(null);
  /** The last add's outcome, shown until dismissed. */
  result = $state.raw<AddResult | null>(null);
  addError = $state<AppError | null>(null);
  view = $state<"grid" | "list">("grid");
}

export const evidence = new EvidenceStore();

export async function loadEvidence(): Promise<void> {
  try {
    evidence.rows = byExhibit(await api.evidenceList());
    evidence.loadError = null;
  } catch (e) {
    evidence.loadError = e as AppError;
  }
  evidence.loaded = true;
}

/** Adds files with the progress dialog; the result stays on screen. */
export async function addPaths(paths: string[]): Promise<void> {
  evidence.addError = null;
  evidence.result = null;
  try {
    evidence.result = await runLong(t("evidence.adding"), (p) =>
      api.addFiles({ paths, contributor: contributorOrNull() }, p),
    );
  } catch (e) {
    evidence.addError = e as AppError;
  }
  await loadEvidence();
  await refreshSummary();
}

export async function pickAndAdd(): Promise<void> {
  evidence.addError = null;
  try {
    const paths = await api.pick("evidence");
    if (!paths || paths.length === 0) return;
    await addPaths(paths);
  } catch (e) {
    evidence.addError = e as AppError;
  }
}
