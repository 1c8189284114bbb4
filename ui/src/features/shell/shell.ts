// Closing what is open and going back to the start.
import * as api from "../../lib/api";
import type { AppError } from "../../lib/bindings";
import { reset } from "../../lib/nav.svelte";
import { session } from "../../lib/session.svelte";

/** Closes the case; returns the error if it could not be closed (busy). */
export async function closeCase(): Promise<AppError | null> {
  try {
    await api.caseClose();
  } catch (e) {
    return e as AppError;
  }
  session.case = null;
  try {
    session.info = await api.appInfo();
  } catch {
    // the recent list stays as it was
  }
  reset({ name: "start" });
  return null;
}
