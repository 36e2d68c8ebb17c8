import { checkContractorCode, checkHomesteadUnitNumber, checkUnitNumber } from "./identifiers/index.js";
import type { RuleCode } from "./errors.js";
import { formatAreaM2 } from "./quantities.js";

/**
 * Homestead use rights (LAL 2019 Art. 62; MNR 2020 Q&A). Invariants, in precedence order:
 *  1. the unit number is a valid GB/T 37346 number with zone code JC, in the collective's county;
 *  2. the household's contractor code is well formed and begins with the collective's issuing-party code;
 *  3. the area is positive;
 *  4. (state) a grant: the household holds no homestead (one household, one homestead), and the area is within
 *     the cap in force on the approval date;
 *  5. (state) an existing (legacy) homestead is registered even over the cap or as a second one, but never
 *     silently: it carries the annotation that says so.
 */
export type HomesteadOrigin = "grant" | "existing";
export interface Annotation {
  code: "over-area" | "multiple-homesteads" | "note";
  text: string;
}

export interface HomesteadShape {
  unitNumber: string;
  contractorCode: string;
  areaM2E2: number;
}

export function checkHomesteadShape(input: HomesteadShape, collective: { regionCode: string; issuerCode: string }): RuleCode | null {
  const { unitNumber, contractorCode, areaM2E2 } = input;
  const malformed = checkUnitNumber(unitNumber);
  if (malformed) return malformed;
  if (checkHomesteadUnitNumber(unitNumber)) return "unit_number_not_homestead";
  if (unitNumber.slice(0, 6) !== collective.regionCode.slice(0, 6)) return "unit_number_outside_county";
  if (checkContractorCode(contractorCode)) return "contractor_code_malformed";
  if (!contractorCode.startsWith(collective.issuerCode)) return "contractor_code_outside_issuer";
  if (areaM2E2 <= 0) return "area_must_be_positive";
  return null;
}

export interface HomesteadState {
  householdActiveHomesteads: number;
  capE2: number | null;
  /** The household transferred (LAL Art. 62 ¶5) or withdrew from a homestead before; withdrawn may be re-granted by rule. */
  barred?: "transferred" | "withdrawn" | null;
  regrantAfterWithdrawal?: boolean;
}

export function checkHomesteadGrant(origin: HomesteadOrigin, areaM2E2: number, state: HomesteadState): RuleCode | null {
  if (origin !== "grant") return null;
  if (state.barred === "transferred" || (state.barred === "withdrawn" && !state.regrantAfterWithdrawal)) return "homestead_regrant_refused";
  if (state.householdActiveHomesteads > 0) return "household_already_has_homestead";
  if (state.capE2 !== null && areaM2E2 > state.capE2) return "homestead_area_exceeds_cap";
  return null;
}

/** The annotations (附记) a legacy homestead needs, plus the clerk's note. */
export function annotationsFor(areaM2E2: number, state: HomesteadState, note: string | undefined): Annotation[] {
  const annotations: Annotation[] = [];
  if (state.capE2 !== null && areaM2E2 > state.capE2)
    annotations.push({ code: "over-area", text: `超标准面积：${formatAreaM2(areaM2E2)} 平方米，标准 ${formatAreaM2(state.capE2)} 平方米` });
  if (state.householdActiveHomesteads > 0) annotations.push({ code: "multiple-homesteads", text: "一户多宅（继承等合法来源）" });
  if (note) annotations.push({ code: "note", text: note });
  return annotations;
}
