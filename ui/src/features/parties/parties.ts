// Parties screen logic: grouping by role, editing, merging, and answering
// the suspected collectors.
import * as api from "../../lib/api";
import type { PartyDto, PartySetRequest, SuspectDto } from "../../lib/bindings";
import { LABEL_BASES, type LabelBasis, type Role } from "../../lib/vocabulary";

/** The roles in the order the screen offers them (most used first). */
export const ROLES = [
  "collector",
  "agency",
  "lender",
  "debtor",
  "spouse",
  "family",
  "friend",
  "colleague",
  "employer",
  "guarantor",
  "other",
] as const satisfies readonly Role[];

export type Side = "collection" | "debtor" | "reached" | "other";
export const SIDES: Side[] = ["collection", "debtor", "reached", "other"];

export function sideOf(role: string | null): Side {
  switch (role) {
    case "lender":
    case "agency":
    case "collector":
      return "collection";
    case "debtor":
      return "debtor";
    case "family":
    case "friend":
    case "colleague":
    case "employer":
    case "guarantor":
    case "spouse":
      return "reached";
    default:
      return "other";
  }
}

export type Grouped = Record<Side, PartyDto[]>;

/** Parties by side, most events first, matching a search. */
export function groupParties(parties: readonly PartyDto[], query = ""): Grouped {
  const q = query.trim().toLowerCase();
  const out: Grouped = { collection: [], debtor: [], reached: [], other: [] };
  for (const p of parties) {
    if (
      q &&
      !p.display.toLowerCase().includes(q) &&
      !(p.name ?? "").toLowerCase().includes(q) &&
      !(p.group ?? "").toLowerCase().includes(q)
    )
      continue;
    out[sideOf(p.role)].push(p);
  }
  for (const s of SIDES) out[s].sort((a, b) => b.events - a.events || a.display.localeCompare(b.display));
  return out;
}

export function sideEvents(list: readonly PartyDto[]): number {
  let n = 0;
  for (const p of list) n += p.events;
  return n;
}

/** Why a label is true; a label without a recorded basis was stated by the user. */
export const BASES = LABEL_BASES;

/** The edit form; an empty role is none chosen. */
export type PartyEdit = { role: Role | ""; name: string; group: string; basis: LabelBasis; source: string };

export const editOf = (p: PartyDto): PartyEdit => ({
  role: p.role ?? "",
  name: p.name ?? "",
  group: p.group ?? "",
  basis: p.basis ?? "user",
  source: p.basisSource ?? "",
});

function basisChanged(p: PartyDto, e: PartyEdit): boolean {
  const o = editOf(p);
  return o.basis !== e.basis || o.source.trim() !== e.source.trim();
}

/** Whether an edit changes anything. */
export function changed(p: PartyDto, e: PartyEdit): boolean {
  const o = editOf(p);
  return (
    o.role !== e.role || o.name.trim() !== e.name.trim() || o.group.trim() !== e.group.trim() || basisChanged(p, e)
  );
}

const orNull = (s: string) => (s.trim() ? s.trim() : null);

export function editRequest(p: PartyDto, e: PartyEdit): PartySetRequest {
  const basis = basisChanged(p, e);
  return {
    keys: [p.key],
    role: e.role === "" ? null : e.role,
    name: orNull(e.name),
    group: orNull(e.group),
    basis: basis ? e.basis : null,
    basisSource: basis ? orNull(e.source) : null,
  };
}

export type MergeProblem = "few" | "group";

export function checkMerge(keys: readonly string[], group: string): MergeProblem | null {
  if (keys.length < 2) return "few";
  if (!group.trim()) return "group";
  return null;
}

export function mergeRequest(keys: readonly string[], group: string): PartySetRequest {
  return { keys: [...keys], role: null, name: null, group: group.trim(), basis: null, basisSource: null };
}

/** Hidden numbers have no key and cannot be labelled. */
export const canLabel = (s: SuspectDto) => s.key !== null;

export function answerRequest(s: SuspectDto, accept: boolean): PartySetRequest | null {
  if (s.key === null) return null;
  return { keys: [s.key], role: accept ? "collector" : "other", name: null, group: null, basis: null, basisSource: null };
}

export const load = () => api.parties();
export const save = (req: PartySetRequest) => api.partySet(req);
