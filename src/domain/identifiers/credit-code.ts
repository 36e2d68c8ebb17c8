/**
 * Unified social credit code 统一社会信用代码 — GB 32100-2015, with the embedded
 * organization code 组织机构代码 of GB 11714-1997 (domain.md §1.2).
 *
 * 18 characters from "0123456789ABCDEFGHJKLMNPQRTUWXY" (no I O Z S V):
 * pos 1 department, pos 2 type, pos 3–8 GB/T 2260 region, pos 9–17 organization code, pos 18 check.
 * Check: S = Σ value(c[i])·3^i mod 31 (i = 0..16), check = CHARS[(31 − S mod 31) mod 31].
 * Organization code: 8-char body [0-9A-Z] (A=10 … Z=35), weights [3,7,9,10,5,8,4,2],
 * c = 11 − S mod 11; 10 → "X", 11 → "0". A failing embedded code is a warning, not a rejection.
 * Rural collective economic organizations use department `N`; type 1 = group, 2 = village,
 * 3 = township, 9 = other (never matches a level).
 */

export type CreditCodeRejection =
  | "credit_code_malformed"
  | "credit_code_check_character_mismatch"
  | "credit_code_not_collective"
  | "credit_code_level_mismatch";

export type CollectiveLevel = "group" | "village" | "township";

const CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;
const ORG_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const LEVEL_TYPE: Record<CollectiveLevel, string> = { group: "1", village: "2", township: "3" };

/** Mod-31 check character for the first 17 characters; "" when they are not 17 valid characters. */
export function creditCodeCheckCharacter(first17: string): string {
  if (!/^[0-9A-HJ-NPQRTUWXY]{17}$/.test(first17)) return "";
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CHARS.indexOf(first17[i] ?? "") * (WEIGHTS[i] ?? 0);
  return CHARS[(31 - (sum % 31)) % 31] ?? "";
}

/** GB 11714 mod-11 check character for an 8-character body; "" when the body is not [0-9A-Z]{8}. */
export function organizationCodeCheckCharacter(body8: string): string {
  if (!/^[0-9A-Z]{8}$/.test(body8)) return "";
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += ORG_CHARS.indexOf(body8[i] ?? "") * (ORG_WEIGHTS[i] ?? 0);
  const c = 11 - (sum % 11);
  return c === 10 ? "X" : c === 11 ? "0" : String(c);
}

/** Format and mod-31 check; null when the code passes. */
export function checkCreditCode(code: string): CreditCodeRejection | null {
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return "credit_code_malformed";
  if (creditCodeCheckCharacter(code.slice(0, 17)) !== code[17]) {
    return "credit_code_check_character_mismatch";
  }
  return null;
}

/** True when positions 9–17 form a GB 11714 organization code with a correct check character. */
export function checkEmbeddedOrganizationCode(code: string): boolean {
  if (code.length !== 18) return false;
  const check = organizationCodeCheckCharacter(code.slice(8, 16));
  return check !== "" && check === code[16];
}

/** checkCreditCode, then department `N`, then the type digit must match the level. */
export function checkCollectiveCreditCode(code: string, level: CollectiveLevel): CreditCodeRejection | null {
  const rejection = checkCreditCode(code);
  if (rejection !== null) return rejection;
  if (code[0] !== "N") return "credit_code_not_collective";
  if (code[1] !== LEVEL_TYPE[level]) return "credit_code_level_mismatch";
  return null;
}

/** GB/T 2260 code of the registering authority (positions 3–8); not validated. */
export function creditCodeRegion(code: string): string {
  return code.slice(2, 8);
}
