/**
 * Land-contract element codes — GB/T 35958-2018 (NY/T 2539-2016 field lengths), and the
 * real-estate unit number 不动产单元号 — GB/T 37346-2019 (domain.md §1.4, §1.5). No check digits:
 * structural validation only.
 *
 * Issuing party 发包方 (14): county(6) + township(3) + village(3) + group(2); group "00" = village level.
 * Contracting party 承包方 (18): issuer(14) + seq 0001–9999
 *   (0001–8000 household 农户, 8001–9000 individual 个人, 9001–9999 organization 单位).
 * Plot 地块 (19): issuer(14) + seq 00001–99999.
 * Contract / register book / certificate (19): contracting party(18) + J (household) | Q (other).
 * Unit number (28): county(6) + 地籍区(3) + 地籍子区(3) + ownership G|J|Z + use-right letter
 *   + parcel seq(5) ≠ 00000 + fixture F|L|Q|W + unit(8); A and C only after J; W ⇒ 00000000.
 *   Homestead parcels carry zone feature code "JC".
 */

import { checkDivisionCode } from "./division-code.js";

export type ElementCodeRejection =
  | "issuer_code_malformed"
  | "contractor_code_malformed"
  | "plot_code_malformed"
  | "contract_code_malformed"
  | "unit_number_malformed"
  | "unit_number_not_homestead";

const isValidCounty = (code6: string): boolean => checkDivisionCode(code6, [6]) === null;

export function checkIssuerCode(code: string): ElementCodeRejection | null {
  if (!/^\d{14}$/.test(code) || !isValidCounty(code.slice(0, 6))) return "issuer_code_malformed";
  return null;
}

/** Group part "00" = village-level issuer; assumes a code that passed checkIssuerCode. */
export function issuerLevel(code: string): "village" | "group" {
  return code.slice(12, 14) === "00" ? "village" : "group";
}

export function checkContractorCode(code: string): ElementCodeRejection | null {
  if (!/^\d{18}$/.test(code) || checkIssuerCode(code.slice(0, 14)) !== null) return "contractor_code_malformed";
  if (code.slice(14) === "0000") return "contractor_code_malformed";
  return null;
}

/** Type from the sequence range; assumes a code that passed checkContractorCode. */
export function contractorType(code: string): "household" | "individual" | "organization" {
  const seq = Number(code.slice(14, 18));
  if (seq <= 8000) return "household";
  return seq <= 9000 ? "individual" : "organization";
}

export function checkPlotCode(code: string): ElementCodeRejection | null {
  if (!/^\d{19}$/.test(code) || checkIssuerCode(code.slice(0, 14)) !== null) return "plot_code_malformed";
  if (code.slice(14) === "00000") return "plot_code_malformed";
  return null;
}

export function checkContractCode(code: string): ElementCodeRejection | null {
  if (!/^\d{18}[JQ]$/.test(code) || checkContractorCode(code.slice(0, 18)) !== null) {
    return "contract_code_malformed";
  }
  return null;
}

/** J = household contracting 家庭承包, Q = other methods; assumes a code that passed checkContractCode. */
export function contractMode(code: string): "household" | "other" {
  return code.endsWith("J") ? "household" : "other";
}

const UNIT_NUMBER = /^(\d{6})(\d{3})(\d{3})([GJZ])([A-Z])(\d{5})([FLQW])(\d{8})$/;
const USE_RIGHT_LETTERS = "ABSXCDEFHGWYLN";

export function checkUnitNumber(code: string): ElementCodeRejection | null {
  const m = UNIT_NUMBER.exec(code);
  if (m === null) return "unit_number_malformed";
  const [, county = "", , , owner = "", use = "", parcel = "", fixture = "", unit = ""] = m;
  if (!USE_RIGHT_LETTERS.includes(use)) return "unit_number_malformed";
  if ((use === "A" || use === "C") && owner !== "J") return "unit_number_malformed";
  if (parcel === "00000") return "unit_number_malformed";
  if (fixture === "W" && unit !== "00000000") return "unit_number_malformed";
  if (!isValidCounty(county)) return "unit_number_malformed";
  return null;
}

export function checkHomesteadUnitNumber(code: string): ElementCodeRejection | null {
  const rejection = checkUnitNumber(code);
  if (rejection !== null) return rejection;
  return code.slice(12, 14) === "JC" ? null : "unit_number_not_homestead";
}
