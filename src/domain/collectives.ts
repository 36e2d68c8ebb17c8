import { checkCollectiveCreditCode, checkDivisionCode, checkIssuerCode, type CollectiveLevel } from "./identifiers/index.js";
import type { RuleCode } from "./errors.js";

/**
 * Registering a collective. Invariants, in precedence order:
 *  1. the credit code passes GB 32100 and is an agricultural collective's (department N) of this level;
 *  2. the region code is a 12-digit village code (group, village level) or a 9-digit township code (township level);
 *  3. the issuing-party code is 14 digits and begins with the region code.
 */
export interface CollectiveFacts {
  code: string;
  name: string;
  level: CollectiveLevel;
  regionCode: string;
  issuerCode: string;
}

export function checkCollective(facts: CollectiveFacts): RuleCode | null {
  const credit = checkCollectiveCreditCode(facts.code, facts.level);
  if (credit) return credit;
  const regionLength = facts.level === "township" ? 9 : 12;
  if (facts.regionCode.length !== regionLength) return "region_code_level_mismatch";
  const region = checkDivisionCode(facts.regionCode, [regionLength]);
  if (region) return region;
  const issuer = checkIssuerCode(facts.issuerCode);
  if (issuer) return issuer;
  if (!facts.issuerCode.startsWith(facts.regionCode)) return "issuer_code_outside_region";
  return null;
}

export function sameCollectiveFacts(a: CollectiveFacts, b: CollectiveFacts): boolean {
  return a.code === b.code && a.name === b.name && a.level === b.level && a.regionCode === b.regionCode && a.issuerCode === b.issuerCode;
}
