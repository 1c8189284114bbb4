// The one long operation at a time (add, import, export, verify), shown in
// a progress dialog with a Cancel button.
import * as api from "../api";
import type { OnProgress } from "../api";
import { idle, reduceProgress, type ProgressState } from "./progress";

class LongOp {
  active = $state(false);
  title = $state("");
  progress = $state<ProgressState>(idle());
  stopping = $state(false);
}

export const longOp = new LongOp();

/** Runs `work` with the progress dialog shown; rethrows what it throws. */
export async function runLong<T>(title: string, work: (p: OnProgress) => Promise<T>): Promise<T> {
  longOp.title = title;
  longOp.progress = idle();
  longOp.stopping = false;
  longOp.active = true;
  try {
    return await work((e) => {
      longOp.progress = reduceProgress(longOp.progress, e);
    });
  } finally {
    longOp.active = false;
    longOp.stopping = false;
  }
}

/** Asks the backend to stop; the running command then ends as cancelled. */
export async function stopLong(): Promise<void> {
  if (!longOp.active || longOp.stopping) return;
  longOp.stopping = true;
  try {
    await api.cancel();
  } catch {
    longOp.stopping = false;
  }
}
