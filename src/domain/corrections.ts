import type { RuleCode } from "./errors.js";
import { formatAreaM2 } from "./quantities.js";

/**
 * Corrections (更正登记, Civil Code Art. 220 ¶1): a registered fact was wrong and is put right on evidence. Pure.
 *
 * Two times, as for titles: a correction says what was always true, so **valid time is not touched**; only record
 * time moves. The facts as they were recorded stay readable as a version whose record time ends at the correction;
 * the corrected facts are the current version. The first correction of a thing also writes its original facts,
 * recorded from when the thing was registered.
 *
 * Invariants, in precedence order:
 *  1. an area is positive                                                                    area_must_be_positive
 *  2. (state) the correction changes at least one fact                                       correction_changes_nothing
 *  3. (state, homesteads) a granted homestead stays within the cap it was approved under     homestead_area_exceeds_cap
 *     (a legacy one over the cap is annotated so, as at registration)
 *  4. (state) a seized right is not corrected (domain/encumbrances.ts)                       right_seized
 */

export interface Boundaries {
  east: string;
  south: string;
  west: string;
  north: string;
}

/** What a plot correction may change, and the fact version it keeps. */
export interface PlotFacts {
  name: string | null;
  areaMuE4: number;
  boundaries: Boundaries;
}

export interface PlotCorrection {
  name?: string;
  areaMuE4?: number;
  boundaries?: Partial<Boundaries>;
}

export function correctPlotFacts(current: PlotFacts, change: PlotCorrection): { next: PlotFacts; changed: string[] } | RuleCode {
  if (change.areaMuE4 !== undefined && change.areaMuE4 <= 0) return "area_must_be_positive";
  const next: PlotFacts = {
    name: change.name ?? current.name,
    areaMuE4: change.areaMuE4 ?? current.areaMuE4,
    boundaries: { ...current.boundaries, ...definedOnly(change.boundaries ?? {}) },
  };
  const changed: string[] = [];
  if (next.name !== current.name) changed.push("name");
  if (next.areaMuE4 !== current.areaMuE4) changed.push("areaMu");
  for (const side of ["east", "south", "west", "north"] as const) if (next.boundaries[side] !== current.boundaries[side]) changed.push(`boundaries.${side}`);
  if (changed.length === 0) return "correction_changes_nothing";
  return { next, changed };
}

export interface HomesteadAnnotation {
  code: string;
  text: string;
}

export interface HomesteadFacts {
  areaM2E2: number;
  approvalRef: string | null;
  annotations: HomesteadAnnotation[];
}

export interface HomesteadCorrection {
  areaM2E2?: number;
  approvalRef?: string;
}

/**
 * A homestead's corrected facts. The cap is the one kept with the row (in force on the approval date): a granted
 * homestead must stay within it; a legacy one may exceed it, and its over-area annotation (附记) is rewritten for
 * the corrected area, or dropped when the corrected area is within the cap.
 */
export function correctHomesteadFacts(
  current: HomesteadFacts,
  change: HomesteadCorrection,
  rules: { origin: "grant" | "existing"; capE2: number | null },
): { next: HomesteadFacts; changed: string[] } | RuleCode {
  if (change.areaM2E2 !== undefined && change.areaM2E2 <= 0) return "area_must_be_positive";
  const areaM2E2 = change.areaM2E2 ?? current.areaM2E2;
  const approvalRef = change.approvalRef ?? current.approvalRef;
  const changed: string[] = [];
  if (areaM2E2 !== current.areaM2E2) changed.push("areaM2");
  if (approvalRef !== current.approvalRef) changed.push("approvalRef");
  if (changed.length === 0) return "correction_changes_nothing";
  const over = rules.capE2 !== null && areaM2E2 > rules.capE2;
  if (over && rules.origin === "grant") return "homestead_area_exceeds_cap";
  const kept = current.annotations.filter((a) => a.code !== "over-area");
  const annotations = over ? [{ code: "over-area", text: `超标准面积：${formatAreaM2(areaM2E2)} 平方米，标准 ${formatAreaM2(rules.capE2!)} 平方米` }, ...kept] : kept;
  return { next: { areaM2E2, approvalRef, annotations }, changed };
}

export function correctPersonName(current: string, name: string): { next: string; changed: string[] } | RuleCode {
  const next = name.trim();
  if (next === current) return "correction_changes_nothing";
  return { next, changed: ["name"] };
}

/** A recorded version of facts: from when the register held them, until it replaced them (null: current). */
export interface FactVersionSpan {
  recordedFromMs: number;
  recordedToMs: number | null;
}

/**
 * The version the register held at `atMs`, from versions ordered by `recordedFromMs`. Before the first version's
 * record time began, the first (the original facts) answers; null when there are no versions (never corrected:
 * the current row is the only record).
 */
export function versionRecordedAt<V extends FactVersionSpan>(versions: readonly V[], atMs: number): V | null {
  if (versions.length === 0) return null;
  const held = versions.filter((v) => v.recordedFromMs <= atMs && (v.recordedToMs === null || atMs < v.recordedToMs));
  if (held.length > 0) return held[held.length - 1]!;
  return atMs < versions[0]!.recordedFromMs ? versions[0]! : null;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
