import { addDays, addMonths } from "./applications.js";
import type { RuleCode } from "./errors.js";

/**
 * The bulk extension of contract terms (延包, RLCL Art. 21; MARA 2023 measures on the second-round extension): a
 * collective, by a passing resolution of its members' general meeting and after a public notice of the plan of at
 * least 15 days, extends every active contract ending within a window. Pure: the commands load the register and ask.
 *
 * A plan (checkPlanRequest), in precedence order:
 *  1. the window ends on or after it starts                                                 extension_window_invalid
 *  2. the notice runs at least 15 days (noticeEndsOn ≥ noticeStartsOn + 15)                  extension_notice_too_short
 *  3. the grassland period is 30–50 years, the forest land period 30–70 (Art. 21)           extension_period_invalid
 *
 * Applying it (checkApplication), in precedence order:
 *  1. the plan is still in notice (not applied, not cancelled)                          extension_plan_not_in_notice
 *  2. the application date is not after today                                                          date_in_future
 *  3. the notice has ended: the application is on a day after noticeEndsOn               extension_notice_running
 *
 * Each contract (assessContract), the first reason found holds it back, in this order:
 *  1. a seizure in effect on the contract or one of its plots (blocks every change)                    right_seized
 *  2. an objection registration (异议登记) in effect on it: the right is disputed — whose term would be
 *     extended is what the dispute is about (issue 7: "held back … disputed")                right_under_objection
 *  3. an open transfer or withdrawal application reserves one of its plots                 plot_in_pending_application
 *  4. it covers no plot                                                                                   no-plots
 *  5. a plot's use has no statutory period (fishery, non-farm: Art. 21 sets periods for arable,
 *     grassland and forest land only)                                                                   not-arable
 *  6. its plots are of kinds whose periods differ in this plan (decided 2026-11-27: one contract has one term;
 *     splitting it is a household's own registration, not the plan's) — a contract mixing kinds whose periods
 *     are equal (the default, 30 for all) is extended by that period                                mixed-land-use
 * Otherwise it is extended: the new term ends `years` after the old end (same day of the year; 29 February →
 * 28 February), arable land (landUse `cropping`) 30 years, grassland (`livestock`) and forest land (`forestry`)
 * the plan's periods (default 30).
 *
 * A pledge does not hold an extension back: it secures a debt on the right and a longer term does not harm the
 * pledgee. A lapsed objection (15 days without a lawsuit) or a lifted or expired seizure holds nothing back.
 * Restrictions and applications are judged on the day the plan is applied (the preview judges them today).
 */
export const ARABLE_YEARS = 30;
export const GRASSLAND_YEARS = { min: 30, max: 50, default: 30 } as const;
export const FOREST_YEARS = { min: 30, max: 70, default: 30 } as const;
export const MIN_NOTICE_DAYS = 15;

export type LandKind = "arable" | "grassland" | "forest";
export type HeldBackReason = "right_seized" | "right_under_objection" | "plot_in_pending_application" | "no-plots" | "not-arable" | "mixed-land-use";
export const HELD_BACK_REASONS: readonly HeldBackReason[] = ["right_seized", "right_under_objection", "plot_in_pending_application", "no-plots", "not-arable", "mixed-land-use"];

export interface Periods {
  grasslandYears: number;
  forestYears: number;
}

export interface PlanRequest extends Partial<Periods> {
  windowFrom: string;
  windowTo: string;
  noticeStartsOn: string;
  noticeEndsOn: string;
}

export function periodsOf(request: Partial<Periods>): Periods {
  return { grasslandYears: request.grasslandYears ?? GRASSLAND_YEARS.default, forestYears: request.forestYears ?? FOREST_YEARS.default };
}

export function checkPlanRequest(request: PlanRequest): RuleCode | null {
  if (request.windowTo < request.windowFrom) return "extension_window_invalid";
  if (request.noticeEndsOn < addDays(request.noticeStartsOn, MIN_NOTICE_DAYS)) return "extension_notice_too_short";
  const { grasslandYears, forestYears } = periodsOf(request);
  const within = (n: number, r: { min: number; max: number }) => Number.isInteger(n) && n >= r.min && n <= r.max;
  if (!within(grasslandYears, GRASSLAND_YEARS) || !within(forestYears, FOREST_YEARS)) return "extension_period_invalid";
  return null;
}

export type PlanStatus = "in-notice" | "applied" | "cancelled";

export function checkApplication(plan: { status: PlanStatus; noticeEndsOn: string }, appliedOn: string, today: string): RuleCode | null {
  if (plan.status !== "in-notice") return "extension_plan_not_in_notice";
  if (appliedOn > today) return "date_in_future";
  if (appliedOn <= plan.noticeEndsOn) return "extension_notice_running";
  return null;
}

/** The kind of land a plot's use (NY/T 2539 C.9) is, for its term; null: no statutory period. */
export function landKindOf(landUse: string): LandKind | null {
  switch (landUse) {
    case "cropping":
      return "arable";
    case "livestock":
      return "grassland";
    case "forestry":
      return "forest";
    default:
      return null;
  }
}

export function yearsFor(kind: LandKind, periods: Periods): number {
  return kind === "arable" ? ARABLE_YEARS : kind === "grassland" ? periods.grasslandYears : periods.forestYears;
}

/** The end of the extended term: `years` after the old end, on the same day (29 February → 28 February). */
export function extendedEnd(endsOn: string, years: number): string {
  return addMonths(endsOn, years * 12);
}

/** A contract the plan covers: active, and its term ends within the window (inclusive). */
export function inWindow(contract: { status: string; endsOn: string }, window: { windowFrom: string; windowTo: string }): boolean {
  return contract.status === "active" && contract.endsOn >= window.windowFrom && contract.endsOn <= window.windowTo;
}

export interface ContractFacts {
  endsOn: string;
  landUses: readonly string[];
  /** The restriction in effect that holds an extension back (a seizure, then an objection), if any. */
  blockedBy: "right_seized" | "right_under_objection" | null;
  /** One of its plots is reserved by an open transfer or withdrawal application. */
  inPendingApplication: boolean;
}

export type Assessment = { outcome: "extended"; years: number; newEndsOn: string } | { outcome: "held-back"; reason: HeldBackReason };

export function assessContract(f: ContractFacts, periods: Periods): Assessment {
  if (f.blockedBy) return { outcome: "held-back", reason: f.blockedBy };
  if (f.inPendingApplication) return { outcome: "held-back", reason: "plot_in_pending_application" };
  if (f.landUses.length === 0) return { outcome: "held-back", reason: "no-plots" };
  const kinds = f.landUses.map(landKindOf);
  if (kinds.some((k) => k === null)) return { outcome: "held-back", reason: "not-arable" };
  const years = new Set((kinds as LandKind[]).map((k) => yearsFor(k, periods)));
  if (years.size > 1) return { outcome: "held-back", reason: "mixed-land-use" };
  const [n] = [...years] as [number];
  return { outcome: "extended", years: n, newEndsOn: extendedEnd(f.endsOn, n) };
}
