// The state of a long operation as its progress events arrive.
import type { ProgressEvent } from "../bindings";

export type ProgressState = {
  /** Files announced by `begin` (0 when unknown). */
  files: number;
  /** Bytes announced by `begin` (0 when unknown). */
  bytes: number;
  /** Bytes done so far. */
  done: number;
  /** Files started so far. */
  seen: number;
  /** The file being read or written. */
  name: string;
  ended: boolean;
};

export const idle = (): ProgressState => ({
  files: 0,
  bytes: 0,
  done: 0,
  seen: 0,
  name: "",
  ended: false,
});

export function reduceProgress(s: ProgressState, e: ProgressEvent): ProgressState {
  switch (e.kind) {
    case "begin":
      return { ...idle(), files: e.files, bytes: e.bytes };
    case "file":
      return { ...s, name: e.name, seen: s.seen + 1 };
    case "advance":
      return { ...s, done: Math.max(s.done, e.done) };
    case "end":
      return { ...s, ended: true, done: s.bytes > 0 ? s.bytes : s.done };
  }
}

/** 0..1 when the total is known, else null (an indeterminate bar). */
export function fraction(s: ProgressState): number | null {
  if (s.bytes > 0) return Math.min(1, s.done / s.bytes);
  if (s.files > 0) return Math.min(1, s.seen / s.files);
  return null;
}
