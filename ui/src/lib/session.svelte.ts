// What is open: a case (its summary), or a received bundle, and the
// contributor's name remembered for this session.
import type { AppInfo, BundleView, CaseSummary } from "./bindings";
import * as api from "./api";

class Session {
  info = $state<AppInfo | null>(null);
  case = $state<CaseSummary | null>(null);
  bundle = $state<BundleView | null>(null);
  /** Who is handing evidence over (e.g. 母亲); sent with add and import. */
  contributor = $state("");
}

export const session = new Session();

/** The contributor as the backend wants it: null when not given. */
export function contributorOrNull(): string | null {
  const c = session.contributor.trim();
  return c ? c : null;
}

/** Re-reads the open case's counts (after adding or importing). */
export async function refreshSummary(): Promise<void> {
  try {
    session.case = await api.caseSummary();
  } catch {
    // the counts stay as they were; the screen shows its own errors
  }
}
