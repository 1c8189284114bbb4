// The start screen's logic: the new-case form, and opening a case or a
// received bundle.
import * as api from "../../lib/api";
import type { AppError, CreateCase } from "../../lib/bindings";
import { caseFolder } from "../../lib/format";
import { reset } from "../../lib/nav.svelte";
import { session } from "../../lib/session.svelte";

export type Rules = "cn" | "us";

export const DEFAULT_ZONE: Record<Rules, string> = {
  cn: "Asia/Shanghai",
  us: "America/New_York",
};

/** Zones offered: the jurisdiction's own first, then a few common ones. */
export const ZONES: string[] = [
  "Asia/Shanghai",
  "Asia/Hong_Kong",
  "Asia/Taipei",
  "Asia/Singapore",
  "Asia/Tokyo",
  "America/New_York",
  "America/Chicago",
  "America/Denver",
  "America/Los_Angeles",
  "Europe/London",
  "Europe/Berlin",
  "Australia/Sydney",
  "UTC",
];

export function zonesFor(rules: Rules): string[] {
  const first = DEFAULT_ZONE[rules];
  return [first, ...ZONES.filter((z) => z !== first)];
}

export type NewCaseForm = {
  title: string;
  rules: Rules;
  zone: string;
  parent: string | null;
  /** Encrypt the case under `passphrase` (typed twice: `confirm`). */
  encrypt?: boolean;
  passphrase?: string;
  confirm?: string;
};

export type FormProblem = "title" | "parent" | "passphraseShort" | "passphraseMismatch";

/** The fewest characters a passphrase may have (as the core requires). */
export const MIN_PASSPHRASE = 8;

/** What is missing before a case can be created. */
export function validateNewCase(form: NewCaseForm): FormProblem[] {
  const out: FormProblem[] = [];
  if (!form.title.trim()) out.push("title");
  if (!form.parent) out.push("parent");
  if (form.encrypt) out.push(...checkNewPassphrase(form.passphrase ?? "", form.confirm ?? ""));
  return out;
}

/** A new passphrase: long enough, and typed the same twice. */
export function checkNewPassphrase(
  passphrase: string,
  confirm: string,
): ("passphraseShort" | "passphraseMismatch")[] {
  if ([...passphrase].length < MIN_PASSPHRASE) return ["passphraseShort"];
  if (passphrase !== confirm) return ["passphraseMismatch"];
  return [];
}

export function createRequest(form: NewCaseForm): CreateCase {
  return {
    path: caseFolder(form.parent ?? "", form.title.trim()),
    title: form.title.trim(),
    rules: form.rules,
    timeZone: form.zone || null,
    passphrase: form.encrypt ? (form.passphrase ?? null) : null,
  };
}

/** Opened: the case becomes the session's, and Evidence shows. */
function opened(summary: Awaited<ReturnType<typeof api.caseOpen>>): void {
  session.bundle = null;
  session.case = summary;
  reset({ name: "evidence" });
}

export async function createCase(form: NewCaseForm): Promise<AppError | null> {
  try {
    opened(await api.caseCreate(createRequest(form)));
    return null;
  } catch (e) {
    return e as AppError;
  }
}

/** Opens a case; an encrypted one asks for its passphrase first. */
export async function openCase(path: string): Promise<AppError | null> {
  try {
    opened(await api.caseOpen(path));
    return null;
  } catch (e) {
    const err = e as AppError;
    if (err.code === "locked") {
      reset({ name: "unlock", path, locked: false });
      return null;
    }
    return err;
  }
}

/** Opens an encrypted case with its passphrase. */
export async function unlockCase(path: string, passphrase: string): Promise<AppError | null> {
  try {
    opened(await api.caseUnlock(path, passphrase));
    return null;
  } catch (e) {
    return e as AppError;
  }
}

/** Asks where the new case goes; null when the user cancelled. */
export async function chooseParent(): Promise<string | null> {
  const picked = await api.pick("new_case_parent");
  return picked && picked.length > 0 ? picked[0] : null;
}

export async function openCaseFolder(): Promise<AppError | null> {
  try {
    const picked = await api.pick("case_folder");
    if (!picked || picked.length === 0) return null;
    return await openCase(picked[0]);
  } catch (e) {
    return e as AppError;
  }
}

export async function openBundle(): Promise<AppError | null> {
  try {
    const picked = await api.pick("bundle");
    if (!picked || picked.length === 0) return null;
    const view = await api.bundleOpen(picked[0]);
    session.case = null;
    session.bundle = view;
    reset({ name: "bundle" });
    return null;
  } catch (e) {
    return e as AppError;
  }
}
