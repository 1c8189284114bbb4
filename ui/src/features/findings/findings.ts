// Findings screen logic: rules with findings first, the rest collapsed.
import * as api from "../../lib/api";
import type { RuleDto } from "../../lib/bindings";

export type SplitRules = { found: RuleDto[]; notFound: RuleDto[] };

export function splitRules(rules: readonly RuleDto[]): SplitRules {
  const found: RuleDto[] = [];
  const notFound: RuleDto[] = [];
  for (const r of rules) (r.findings.length > 0 ? found : notFound).push(r);
  // Primary law first, then by how much was found.
  const weight = (r: RuleDto) => (r.confidence === "P" ? 0 : 1);
  found.sort((a, b) => weight(a) - weight(b) || totalCount(b) - totalCount(a));
  return { found, notFound };
}

export function totalCount(r: RuleDto): number {
  let n = 0;
  for (const f of r.findings) n += f.count;
  return n;
}

/** P: law or regulation; S: guidance or self-regulation. */
export function confidenceKey(c: string): "confidence.P" | "confidence.S" {
  return c === "P" ? "confidence.P" : "confidence.S";
}

/** Exhibit numbers once each, in order. */
export function uniqueExhibits(list: readonly number[]): number[] {
  return [...new Set(list)].sort((a, b) => a - b);
}

export const load = () => api.findings();

/** Records the borrower's paydays as typed ("15", "10,25"); empty clears them. */
export const savePaydays = (text: string) => api.paydaysSet({ text });

/** Records the borrower's written request to stop, as typed; the list after. */
export const saveCease = (collector: string, received: string, source: string) =>
  api.ceaseRecord({ collector, received, source: source.trim() || null });

/** Takes back a request recorded by mistake; the list after. */
export const withdrawCease = (collector: string) => api.ceaseWithdraw(collector);

/** The paydays as the field shows them: "10, 25". */
export const paydaysText = (days: readonly number[]) => days.join(", ");

/** A sentence split at its quote marks 〔…〕: the marked parts are what a
 * text rule matched. */
export function marked(text: string): { text: string; mark: boolean }[] {
  const out: { text: string; mark: boolean }[] = [];
  for (const piece of text.split(/(〔[^〕]*〕)/)) {
    if (!piece) continue;
    const mark = piece.startsWith("〔") && piece.endsWith("〕");
    out.push({ text: mark ? piece.slice(1, -1) : piece, mark });
  }
  return out;
}
