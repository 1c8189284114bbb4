// Timeline logic: filters, the flat row model (day headers + events) for
// the virtual list, and the calls-per-day chart. Plain loops over arrays:
// 100,000 events are filtered in a few milliseconds.
import type { TimelineData, TimelineEvent, RuleRef, PartyRef } from "../../lib/bindings";
import type { Bar } from "../../lib/components/chart";

export type TimelineFilter = {
  /** Channels to show; empty for all. */
  channels: string[];
  /** A direction, or "" for all. */
  direction: string;
  /** A party (index into `parties`), ALL_PARTIES, or HIDDEN_PARTY. */
  party: number;
  /** Only events a rule cites (its id), or null. */
  rule: string | null;
  nightOnly: boolean;
  collectionOnly: boolean;
};

export const ALL_PARTIES = -1;
export const HIDDEN_PARTY = -2;

export const noFilter = (): TimelineFilter => ({
  channels: [],
  direction: "",
  party: ALL_PARTIES,
  rule: null,
  nightOnly: false,
  collectionOnly: false,
});

export function isFiltered(f: TimelineFilter): boolean {
  return (
    f.channels.length > 0 ||
    f.direction !== "" ||
    f.party !== ALL_PARTIES ||
    f.rule !== null ||
    f.nightOnly ||
    f.collectionOnly
  );
}

/** Indices of the events that pass the filter, in order. */
export function filterEvents(data: TimelineData, f: TimelineFilter): number[] {
  const events = data.events;
  const channels = f.channels.length ? new Set(f.channels) : null;
  let cited: Set<number> | null = null;
  if (f.rule !== null) {
    const rule = data.rules.find((r) => r.id === f.rule);
    cited = new Set(rule ? rule.events : []);
  }
  const out: number[] = [];
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (f.nightOnly && !e.night) continue;
    if (f.collectionOnly && !e.collection) continue;
    if (channels !== null && !channels.has(e.channel)) continue;
    if (f.direction !== "" && e.direction !== f.direction) continue;
    if (f.party === HIDDEN_PARTY) {
      if (!e.hidden) continue;
    } else if (f.party !== ALL_PARTIES && e.party !== f.party) continue;
    if (cited !== null && !cited.has(e.id)) continue;
    out.push(i);
  }
  return out;
}

export type DayInfo = { day: string; count: number; night: number; collection: number };

/**
 * The flat rows of the list: `rows[k] >= 0` is an event index, `rows[k] < 0`
 * is the header of day `-rows[k] - 1`. Events are assumed in time order
 * (as the backend sends them); a day seen again starts a new header.
 */
export type RowModel = { rows: Int32Array; days: DayInfo[] };

export function buildRows(events: readonly TimelineEvent[], indices: readonly number[]): RowModel {
  const days: DayInfo[] = [];
  // First pass: count days to size the array once.
  let current = "";
  for (let k = 0; k < indices.length; k++) {
    const e = events[indices[k]];
    if (k === 0 || e.day !== current) {
      current = e.day;
      days.push({ day: e.day, count: 0, night: 0, collection: 0 });
    }
    const d = days[days.length - 1];
    d.count++;
    if (e.night) d.night++;
    if (e.collection) d.collection++;
  }
  const rows = new Int32Array(indices.length + days.length);
  let r = 0;
  let dayIndex = -1;
  current = "";
  for (let k = 0; k < indices.length; k++) {
    const e = events[indices[k]];
    if (k === 0 || e.day !== current) {
      current = e.day;
      dayIndex++;
      rows[r++] = -dayIndex - 1;
    }
    rows[r++] = indices[k];
  }
  return { rows, days };
}

/** The row of an event (by id) in the model, or -1. */
export function rowOfEvent(model: RowModel, events: readonly TimelineEvent[], id: number): number {
  for (let r = 0; r < model.rows.length; r++) {
    const v = model.rows[r];
    if (v >= 0 && events[v].id === id) return r;
  }
  return -1;
}

export type ChartDay = { day: string; collection: number; other: number; night: number };

/** Adds one day to a `YYYY-MM-DD` date. */
export function nextDay(day: string): string {
  const [y, m, d] = day.split("-").map(Number);
  const t = new Date(Date.UTC(y, m - 1, d + 1));
  return t.toISOString().slice(0, 10);
}

/** Calls per day over the shown events, every day from first to last. */
export function callsPerDay(events: readonly TimelineEvent[], indices: readonly number[]): ChartDay[] {
  const byDay = new Map<string, ChartDay>();
  let first = "";
  let last = "";
  for (let k = 0; k < indices.length; k++) {
    const e = events[indices[k]];
    if (e.channel !== "call") continue;
    let d = byDay.get(e.day);
    if (!d) {
      d = { day: e.day, collection: 0, other: 0, night: 0 };
      byDay.set(e.day, d);
      if (first === "" || e.day < first) first = e.day;
      if (last === "" || e.day > last) last = e.day;
    }
    if (e.collection) d.collection++;
    else d.other++;
    if (e.night) d.night++;
  }
  if (first === "") return [];
  const out: ChartDay[] = [];
  // Every day in between (at most ten years' worth).
  for (let day = first, n = 0; day <= last && n < 3700; day = nextDay(day), n++) {
    out.push(byDay.get(day) ?? { day, collection: 0, other: 0, night: 0 });
  }
  return out;
}

export function chartBars(days: ChartDay[], title: (d: ChartDay) => string): Bar[] {
  return days.map((d) => ({
    label: d.day,
    parts: [d.collection, d.other],
    marked: d.night > 0,
    title: title(d),
  }));
}

/** The channels present, in a stable order. */
export function channelsIn(events: readonly TimelineEvent[]): string[] {
  const seen = new Set<string>();
  for (let i = 0; i < events.length; i++) seen.add(events[i].channel);
  const order = ["call", "sms", "mms", "chat", "message", "visit", "letter", "post", "other"];
  return [...seen].sort((a, b) => {
    const ia = order.indexOf(a);
    const ib = order.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
  });
}

export function directionsIn(events: readonly TimelineEvent[]): string[] {
  const seen = new Set<string>();
  for (let i = 0; i < events.length; i++) {
    const d = events[i].direction;
    if (d) seen.add(d);
  }
  return [...seen].sort();
}

export type PartyOption = { index: number; label: string; role: string | null; events: number };

/** Parties with their event counts, most active first, matching a search. */
export function partyOptions(data: TimelineData, query: string, limit = 200): PartyOption[] {
  const counts = new Uint32Array(data.parties.length);
  for (let i = 0; i < data.events.length; i++) {
    const p = data.events[i].party;
    if (p !== undefined && p < counts.length) counts[p]++;
  }
  const q = query.trim().toLowerCase();
  const out: PartyOption[] = [];
  data.parties.forEach((p: PartyRef, index) => {
    if (q && !p.label.toLowerCase().includes(q) && !p.key.toLowerCase().includes(q)) return;
    out.push({ index, label: p.label, role: p.role, events: counts[index] });
  });
  out.sort((a, b) => b.events - a.events || a.label.localeCompare(b.label));
  return out.slice(0, limit);
}

export function ruleOptions(rules: readonly RuleRef[]): RuleRef[] {
  return rules.filter((r) => r.events.length > 0);
}

/** The text after the time in a row: a call's duration or a message's words. */
export function rowDetail(e: TimelineEvent, duration: (s: number) => string): string {
  if (e.durationS !== undefined && e.durationS !== null && e.channel === "call") return duration(e.durationS);
  if (e.body) return e.body.length > 120 ? `${e.body.slice(0, 120)}…` : e.body;
  if (e.durationS !== undefined) return duration(e.durationS);
  return "";
}
