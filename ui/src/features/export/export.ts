// Export screen logic: the form, its checks and the request.
import * as api from "../../lib/api";
import type { OnProgress } from "../../lib/api";
import type { ExportRequest, ExportResult } from "../../lib/bindings";
import { checkNewPassphrase } from "../start/start";

/**
 * How the files leave: sealed as age files under a passphrase (for
 * sending), or unencrypted. An encrypted case's files are unencrypted only
 * when the user picks "plain" on purpose.
 */
export type Protection = "seal" | "plain";

export type ExportForm = {
  lang: "zh" | "en";
  redact: boolean;
  bundle: boolean;
  preparer: string;
  folder: string | null;
  protection: Protection;
  passphrase: string;
  confirm: string;
};

export const defaultExportForm = (encrypted = false): ExportForm => ({
  lang: "zh",
  redact: true,
  bundle: true,
  preparer: "",
  folder: null,
  protection: encrypted ? "seal" : "plain",
  passphrase: "",
  confirm: "",
});

export type ExportProblem = "folder" | "passphraseShort" | "passphraseMismatch";

export function checkExport(f: ExportForm): ExportProblem[] {
  const out: ExportProblem[] = f.folder ? [] : ["folder"];
  if (f.protection === "seal") out.push(...checkNewPassphrase(f.passphrase, f.confirm));
  return out;
}

export function exportRequest(f: ExportForm): ExportRequest {
  return {
    folder: f.folder ?? "",
    lang: f.lang,
    redact: f.redact,
    bundle: f.bundle,
    preparer: f.preparer.trim(),
    seal: f.protection === "seal" ? f.passphrase : null,
    plaintext: f.protection === "plain",
  };
}

export async function chooseFolder(): Promise<string | null> {
  const p = await api.pick("export_folder");
  return p && p.length > 0 ? p[0] : null;
}

export const run = (f: ExportForm, onProgress: OnProgress): Promise<ExportResult> =>
  api.exportRun(exportRequest(f), onProgress);

export const reveal = (path: string) => api.reveal(path);
