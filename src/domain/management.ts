import { addDays } from "./applications.js";
import type { RuleCode } from "./errors.js";

/**
 * Circulation of the management right (土地经营权流转, RLCL Arts. 36–41): a filing with the issuing party; the
 * contract right stays with the household (Art. 44). Invariants, in precedence order:
 *  1. the term ends after it starts;
 *  2. (state) the plot is under an active contract, and the term lies within the contract's (Art. 38(3));
 *  3. (state) no two circulations of one plot overlap.
 * A circulation of 5 years or more may be registered and then holds against third parties (Art. 41).
 */
export interface Term {
  startsOn: string;
  endsOn: string;
}

export function checkCirculation(term: Term, contract: Term | null, existing: readonly Term[]): RuleCode | null {
  if (term.endsOn <= term.startsOn) return "management_term_invalid";
  if (!contract) return "plot_not_contracted";
  if (term.startsOn < contract.startsOn || term.endsOn > contract.endsOn) return "management_term_exceeds_contract";
  if (existing.some((e) => e.startsOn <= term.endsOn && term.startsOn <= e.endsOn)) return "management_right_overlaps";
  return null;
}

/**
 * Registrable against third parties: a term of five years or more (以上 includes five: Civil Code Art. 1259).
 * Dates are inclusive, so five years beginning on `startsOn` run to the day before the same date five years on:
 * 2026-01-01 → 2030-12-31. A term beginning on leap day 2028-02-29 has no such date in 2033; its fifth year is
 * taken to end with February (2033-02-28), never a day earlier, so every reading of "five years" is met.
 */
export function isRegistrable(term: Term): boolean {
  const anniversary = new Date(`${term.startsOn}T00:00:00Z`);
  anniversary.setUTCFullYear(anniversary.getUTCFullYear() + 5); // 29 February rolls over to 1 March
  return term.endsOn >= addDays(anniversary.toISOString().slice(0, 10), -1);
}
