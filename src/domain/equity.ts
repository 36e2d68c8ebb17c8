import { Decimal } from "decimal.js";
import type { RuleCode } from "./errors.js";

/**
 * Collective equity (shares quantified to members; 中发〔2016〕37号, RCEO Law Arts. 40–42), in units of 1/10,000
 * share. Invariants, in precedence order:
 *  1. every allocation is positive; a (person, share class) appears once per issuance;
 *  2. (state) shares are issued only to active members of the collective;
 *  3. (state) all shares issued stay within MAX_ISSUED_E4, so that every balance is an exact integer everywhere
 *     (JavaScript numbers are exact only up to 2^53; a larger stored balance could no longer be read);
 *  4. (state) with a holding cap in the charter, no holder's holding after the issuance exceeds cap% of all shares
 *     issued after it;
 *  5. (database) Σ holdings (persons and the collective's own) = shares issued, and no holding is negative.
 */
export type ShareClass = "population" | "seniority" | "other";

/** One allocation (or the collective's own shares) in one issuance: at most 1,000,000,000 shares. */
export const MAX_SHARES_PER_ALLOCATION = "1000000000";
/** All shares a collective may have issued: 100,000,000,000 shares (1e15 units of 1/10,000, below 2^53). */
export const MAX_ISSUED_E4 = 1e15;

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

export type IssuanceRejection =
  | { code: "allocation_to_non_member"; personId: string }
  | { code: "holding_cap_exceeded"; personId: string }
  | { code: "shares_issued_exceed_limit"; personId?: undefined };

export function checkIssuance(allocations: Allocation[], collectiveE4: number, state: IssuanceState): IssuanceRejection | null {
  const outsider = allocations.find((a) => !state.activeMembers.has(a.personId));
  if (outsider) return { code: "allocation_to_non_member", personId: outsider.personId };
  const total = allocations.reduce((s, a) => s.plus(a.sharesE4), new Decimal(state.issuedE4).plus(collectiveE4));
  if (total.gt(MAX_ISSUED_E4)) return { code: "shares_issued_exceed_limit" };
  if (state.capPercent === null) return null;
  const after = new Map(state.holdingsE4);
  for (const a of allocations) after.set(a.personId, (after.get(a.personId) ?? 0) + a.sharesE4);
  const cap = total.times(state.capPercent).dividedBy(100);
  for (const a of allocations) {
    if (new Decimal(after.get(a.personId) ?? 0).gt(cap)) return { code: "holding_cap_exceeded", personId: a.personId };
  }
  return null;
}
