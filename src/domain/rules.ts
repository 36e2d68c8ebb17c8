import { Decimal } from "decimal.js";

/**
 * A collective's charter rules, versioned. The set is open: a later issue adds a key with its default here, and
 * every stored version without it reads the default.
 */
export interface CollectiveRules {
  /** Days of public notice (公示) for transfer and withdrawal applications, 0–30. */
  noticeDays: number;
  /** Area cap for a homestead grant in m² (decimal string), or null where the charter sets none. */
  homesteadMaxAreaM2: string | null;
  /** Cap on one holder's share of all issued shares, in percent (decimal string), or null for none. */
  equityHoldingCapPercent: string | null;
  /** Whether a household that withdrew from its homestead may be granted a new one (pilot rule). */
  regrantAfterHomesteadWithdrawal: boolean;
  /** Whether only active members may inherit shares; otherwise a non-member heir holds them, annotated. */
  heirsMustBeMembers: boolean;
  /** Whether a succession must keep each heir within `equityHoldingCapPercent` (local rules differ). */
  successionWithinHoldingCap: boolean;
}

export const DEFAULT_RULES: CollectiveRules = {
  noticeDays: 7,
  homesteadMaxAreaM2: null,
  equityHoldingCapPercent: null,
  regrantAfterHomesteadWithdrawal: false,
  heirsMustBeMembers: false,
  successionWithinHoldingCap: false,
};

/** Rules given at registration are in force from the beginning: their version carries this date. */
export const RULES_FROM_THE_BEGINNING = "0001-01-01";

export interface RulesVersion {
  version: number;
  effectiveOn: string;
  rules: CollectiveRules;
  resolutionRef: string | null;
}

export function withDefaults(partial: Partial<CollectiveRules>): CollectiveRules {
  return { ...DEFAULT_RULES, ...partial };
}

/** The version in force at the end of `date`: the latest effective on or before it (ties: the later version). */
export function rulesInForce(versions: readonly RulesVersion[], date: string): RulesVersion | null {
  let best: RulesVersion | null = null;
  for (const v of versions) {
    if (v.effectiveOn > date) continue;
    if (!best || v.effectiveOn > best.effectiveOn || (v.effectiveOn === best.effectiveOn && v.version > best.version)) best = v;
  }
  return best;
}

/** The homestead cap in m² × 100, or null. */
export function homesteadCapE2(rules: CollectiveRules): number | null {
  return rules.homesteadMaxAreaM2 === null ? null : new Decimal(rules.homesteadMaxAreaM2).times(100).toNumber();
}
