// Export screen logic: the form, its checks and the request.
import * as api from "../../lib/api";
import type { OnProgress } from "../../lib/api";
import type { ExportRequest, ExportResult } from "../../lib/bindings";

export type ExportForm = {
  lang: "zh" | "en";
  redact: boolean;
  bundle: boolean;
  preparer: string;
  folder: string | null;
};

export const defaultExportForm = (): ExportForm => ({
  lang: "zh",
  redact: true,
  bundle: true,
  preparer: "",
  folder: null,
});

export type ExportProblem = "folder";

export function checkExport(f: ExportForm): ExportProblem[] {
  return f.folder ? [] : ["folder"];
}

export function exportRequest(f: ExportForm): ExportRequest {
  return {
    folder: f.folder ?? "",
    lang: f.lang,
    redact: f.redact,
    bundle: f.bundle,
    preparer: f.preparer.trim(),
  };
}

export async function chooseFolder(): Promise<string | null> {
  const p = await api.pick("export_folder");
  return p && p.length > 0 ? p[0] : null;
}

export const run = (f: ExportForm, onProgress: OnProgress): Promise<ExportResult> =>
  api.exportRun(exportRequest(f), onProgress);

export const reveal = (path: string) => api.reveal(path);
