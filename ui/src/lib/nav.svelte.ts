// Which screen shows: a small state (a name and its parameters) and a history
// for Back. No router library, no URLs.

export type Screen =
  | { name: "start" }
  | { name: "evidence" }
  | { name: "import" }
  | { name: "timeline"; rule?: string | null }
  | { name: "exhibit"; exhibit: number; event: number | null }
  | { name: "parties" }
  | { name: "findings" }
  | { name: "export" }
  | { name: "verify" }
  | { name: "protect" }
  | { name: "bundle" }
  // An encrypted case asking for its passphrase: on opening, or after the
  // app locked it (`locked`).
  | { name: "unlock"; path: string; locked: boolean };

export type ScreenName = Screen["name"];

export type NavState = { current: Screen; history: Screen[] };

const MAX_HISTORY = 50;

/** Goes to a screen, remembering where from (for Back). */
export function navigate(state: NavState, to: Screen): NavState {
  const history = [...state.history, state.current];
  if (history.length > MAX_HISTORY) history.shift();
  return { current: to, history };
}

/** Back to the previous screen, or `fallback` when there is none. */
export function goBack(state: NavState, fallback: Screen): NavState {
  if (state.history.length === 0) return { current: fallback, history: [] };
  const history = state.history.slice(0, -1);
  return { current: state.history[state.history.length - 1], history };
}

/** The sidebar item a screen belongs to. */
export function section(screen: Screen): ScreenName {
  if (screen.name === "import" || screen.name === "exhibit") return "evidence";
  return screen.name;
}

class Nav {
  state = $state<NavState>({ current: { name: "start" }, history: [] });
  get current(): Screen {
    return this.state.current;
  }
}

export const nav = new Nav();

export function go(to: Screen): void {
  nav.state = navigate(nav.state, to);
}

export function back(fallback: Screen = { name: "evidence" }): void {
  nav.state = goBack(nav.state, fallback);
}

/** A fresh start at a screen (after opening or closing a case). */
export function reset(to: Screen): void {
  nav.state = { current: to, history: [] };
}

export type Section = "evidence" | "timeline" | "parties" | "findings" | "export" | "verify" | "protect";

/** The screen a sidebar item opens (the timeline without a rule filter). */
export function screenOf(name: Section): Screen {
  return name === "timeline" ? { name: "timeline", rule: null } : { name };
}
