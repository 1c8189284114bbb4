// Verify screen logic: what the result says, in one state.
import * as api from "../../lib/api";
import type { OnProgress } from "../../lib/api";
import type { VerifyResult } from "../../lib/bindings";

export type Outcome = "intact" | "problems" | "stopped";

export function outcomeOf(r: VerifyResult): Outcome {
  if (r.stopped) return "stopped";
  return r.intact && r.problems.length === 0 ? "intact" : "problems";
}

export const run = (onProgress: OnProgress): Promise<VerifyResult> => api.verifyCase(onProgress);
