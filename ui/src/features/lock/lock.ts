// Locking an encrypted case: on demand, and after a spell without input.
// Locking closes the case in the backend, which drops the case and with
// it the only copies of its key (wiped from memory as they go); unlocking
// opens it again with the passphrase.
import * as api from "../../lib/api";
import type { AppError } from "../../lib/bindings";
import { reset } from "../../lib/nav.svelte";
import { session } from "../../lib/session.svelte";

/** Minutes without input after which an open encrypted case locks. */
export const IDLE_MINUTES = 5;

/** What counts as someone using the app. */
export const ACTIVITY_EVENTS = ["pointerdown", "pointermove", "keydown", "wheel", "touchstart"] as const;

/**
 * Locks the open case and shows the passphrase prompt. Returns the error
 * when the case could not be closed (an operation is still running).
 */
export async function lockCase(): Promise<AppError | null> {
  const path = session.case?.path;
  if (!path) return null;
  try {
    await api.caseClose();
  } catch (e) {
    return e as AppError;
  }
  session.case = null;
  reset({ name: "unlock", path, locked: true });
  return null;
}

/** Calls `onIdle` once nothing pokes it for `ms`; each poke starts over. */
export class IdleTimer {
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly ms: number,
    private readonly onIdle: () => void,
  ) {}

  poke(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.onIdle();
    }, this.ms);
  }

  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}

/**
 * Locks the case after `ms` without input on `target`. A lock that cannot
 * happen yet (a long operation is running) is tried again after another
 * idle spell. Returns the function that stops watching.
 */
export function watchIdle(
  target: EventTarget,
  ms: number,
  lock: () => Promise<AppError | null> = lockCase,
): () => void {
  const timer: IdleTimer = new IdleTimer(ms, () => {
    void lock().then((err) => {
      if (err) timer.poke();
    });
  });
  const poke = () => timer.poke();
  for (const name of ACTIVITY_EVENTS) target.addEventListener(name, poke, { passive: true });
  timer.poke();
  return () => {
    timer.stop();
    for (const name of ACTIVITY_EVENTS) target.removeEventListener(name, poke);
  };
}
