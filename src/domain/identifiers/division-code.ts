/**
 * Administrative division codes — GB/T 2260 (2-digit province, 4-digit prefecture, 6-digit county)
 * and NBS statistical codes (9-digit township, 12-digit village) (domain.md §1.3).
 *
 * PP RR CC TTT VVV. Structural check only (no code table, no check digit): digits, an allowed
 * length, a known province prefix, and no all-zero segment below the province
 * (prefecture "00", county "00", township "000", village "000" are malformed when present).
 * VVV 200–399 = villagers' committee; county part 71–79 = statistical-only development zone.
 */

export type DivisionCodeRejection = "region_code_malformed" | "region_code_unknown_province";

export type DivisionCodeLength = 2 | 4 | 6 | 9 | 12;

const PROVINCES: ReadonlySet<string> = new Set([
  "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
  "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
  "71", "81", "82",
]);

export function checkDivisionCode(
  code: string,
  lengths: readonly DivisionCodeLength[],
): DivisionCodeRejection | null {
  const n = code.length;
  if (!/^\d+$/.test(code) || !(lengths as readonly number[]).includes(n)) return "region_code_malformed";
  if (!PROVINCES.has(code.slice(0, 2))) return "region_code_unknown_province";
  if (n >= 4 && code.slice(2, 4) === "00") return "region_code_malformed";
  if (n >= 6 && code.slice(4, 6) === "00") return "region_code_malformed";
  if (n >= 9 && code.slice(6, 9) === "000") return "region_code_malformed";
  if (n >= 12 && code.slice(9, 12) === "000") return "region_code_malformed";
  return null;
}

/** 12-digit statistical code whose village segment VVV is 200–399 (村委会). */
export function isVillagersCommitteeCode(code12: string): boolean {
  if (!/^\d{12}$/.test(code12)) return false;
  const v = Number(code12.slice(9, 12));
  return v >= 200 && v <= 399;
}

/** 6-digit code whose county part is 71–79 (statistical-only development zone, not a GB/T 2260 division). */
export function isDevelopmentZoneCounty(code6: string): boolean {
  if (!/^\d{6}$/.test(code6)) return false;
  const c = Number(code6.slice(4, 6));
  return c >= 71 && c <= 79;
}
