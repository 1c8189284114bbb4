// The Protection screen's logic: encrypting the open case, decrypting it,
// and changing its passphrase. Converting closes and reopens the case in
// the backend; the session takes the summary it comes back with.
import * as api from "../../lib/api";
import type { OnProgress } from "../../lib/api";
import type { AppError } from "../../lib/bindings";
import { session } from "../../lib/session.svelte";
import { checkNewPassphrase } from "../start/start";

export type ChangeForm = { old: string; passphrase: string; confirm: string };

export type ChangeProblem = "old" | "passphraseShort" | "passphraseMismatch" | "same";

/** What is wrong with a passphrase change before it is sent. */
export function checkChange(f: ChangeForm): ChangeProblem[] {
  const out: ChangeProblem[] = f.old ? [] : ["old"];
  out.push(...checkNewPassphrase(f.passphrase, f.confirm));
  if (out.length === 0 && f.old === f.passphrase) out.push("same");
  return out;
}

/** Encrypts the open case; the session's case is the encrypted one after. */
export async function encrypt(passphrase: string, onProgress: OnProgress): Promise<void> {
  session.case = await api.caseEncrypt(passphrase, onProgress);
}

/** Decrypts the open case after checking its passphrase. */
export async function decrypt(passphrase: string, onProgress: OnProgress): Promise<void> {
  session.case = await api.caseDecrypt(passphrase, onProgress);
}

export async function changePassphrase(f: ChangeForm): Promise<AppError | null> {
  try {
    await api.caseChangePassphrase(f.old, f.passphrase);
    return null;
  } catch (e) {
    return e as AppError;
  }
}
