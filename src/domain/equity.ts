import { Decimal } from "decimal.js";
import type { RuleCode } from "./errors.js";

/**
 * Collective equity (shares quantified to members; 中发〔2016〕37号, RCEO Law Arts. 40–42), in units of 1/10,000
 * share. Invariants, in precedence order:
 *  1. every allocation is positive; a (person, share class) appears once per issuance;
 *  2. (state) shares are issued only to active members of the collective;
 *  3. (state) with a holding cap in the charter, no holder's holding after the issuance exceeds cap% of all shares
 *     issued after it;
 *  4. (database) Σ holdings (persons and the collective's own) = shares issued, and no holding is negative.
 */
export type ShareClass = "population" | "seniority" | "other";

export interface Allocation {
  personId: string;
  shareClass: ShareClass;
  sharesE4: number;
}

export function checkAllocationsShape(allocations: Allocation[], collectiveE4: number): RuleCode | null {
  if (allocations.some((a) => a.sharesE4 <= 0) || collectiveE4 < 0) return "shares_must_be_positive";
  const keys = allocations.map((a) => `${a.personId}/${a.shareClass}`);
  if (new Set(keys).size !== keys.length) return "allocations_duplicate_person";
  return null;
}

export interface IssuanceState {
  activeMembers: ReadonlySet<string>;
  holdingsE4: ReadonlyMap<string, number>;
  issuedE4: number;
  capPercent: string | null;
}

export function checkIssuance(allocations: Allocation[], collectiveE4: number, state: IssuanceState): { code: RuleCode; personId?: string } | null {
  const outsider = allocations.find((a) => !state.activeMembers.has(a.personId));
  if (outsider) return { code: "allocation_to_non_member", personId: outsider.personId };
  if (state.capPercent === null) return null;
  const after = new Map(state.holdingsE4);
  for (const a of allocations) after.set(a.personId, (after.get(a.personId) ?? 0) + a.sharesE4);
  const total = state.issuedE4 + collectiveE4 + allocations.reduce((s, a) => s + a.sharesE4, 0);
  const cap = new Decimal(total).times(state.capPercent).dividedBy(100);
  for (const a of allocations) {
    if (new Decimal(after.get(a.personId) ?? 0).gt(cap)) return { code: "holding_cap_exceeded", personId: a.personId };
  }
  return null;
}
