// How a failed command is told to the user: by its code, never its text.
import type { AppError, ErrorCode } from "./bindings";
import { t, type Key } from "./i18n/index.svelte";

/** Codes whose words the UI gives itself rather than the backend's message. */
const OWN_WORDS: ReadonlySet<ErrorCode> = new Set(["cancelled", "busy", "read_only"]);

export function errorTitle(code: ErrorCode): string {
  return t(`error.${code}` as Key);
}

/** What to show for an error: the UI's sentence for a few codes, else the message. */
export function errorText(e: AppError): string {
  if (OWN_WORDS.has(e.code)) return t(`error.explain.${e.code}` as Key);
  return e.message.trim() || errorTitle(e.code);
}

export const isCancelled = (e: AppError | null | undefined) => e?.code === "cancelled";
