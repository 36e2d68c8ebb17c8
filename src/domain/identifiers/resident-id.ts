/**
 * Resident identity card number 公民身份号码 — GB 11643-1999 (domain.md §1.1).
 *
 * 18 characters: 6-digit GB/T 2260 address code (hukou at first issue, never changes),
 * 8-digit birth date YYYYMMDD, 3-digit sequence (17th digit odd = male, even = female),
 * check character by ISO 7064 MOD 11-2: S = Σ digit[i]·W[i], W[i] = 2^(17−i) mod 11,
 * check = "10X98765432"[S mod 11].
 * Legacy 15-digit numbers (GB 11643-1989) are upgraded: id15[0..6] + "19" + id15[6..15] + check.
 * Input is trimmed and a lower-case `x` is normalised to `X`. Birth year must be ≥ 1800;
 * no "not in the future" check (no clock here). Pure: invalid input yields a rejection, never a throw.
 */

export type ResidentIdRejection =
  | "id_number_malformed"
  | "id_number_birth_date_invalid"
  | "id_number_check_character_mismatch";

export type ParsedResidentId = {
  ok: true;
  idNumber: string;
  birthDate: string;
  sex: "male" | "female";
  addressCode: string;
  upgradedFrom15: boolean;
};

export type ResidentIdResult = ParsedResidentId | { ok: false; code: ResidentIdRejection };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = "10X98765432";

/** MOD 11-2 check character for a 17-digit body; "" when the body is not 17 digits. */
export function residentIdCheckCharacter(body17: string): string {
  if (!/^\d{17}$/.test(body17)) return "";
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS[sum % 11] ?? "";
}

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/** "YYYYMMDD" → "YYYY-MM-DD" if it is a real Gregorian date with year ≥ 1800, else null. */
function birthDateOf(yyyymmdd: string): string | null {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  if (y < 1800 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
}

export function parseResidentId(raw: string): ResidentIdResult {
  const input = raw.trim().toUpperCase();
  let idNumber: string;
  let upgradedFrom15 = false;
  if (/^\d{15}$/.test(input)) {
    const body17 = `${input.slice(0, 6)}19${input.slice(6)}`;
    idNumber = body17 + residentIdCheckCharacter(body17);
    upgradedFrom15 = true;
  } else if (/^\d{17}[\dX]$/.test(input)) {
    idNumber = input;
  } else {
    return { ok: false, code: "id_number_malformed" };
  }
  const birthDate = birthDateOf(idNumber.slice(6, 14));
  if (birthDate === null) return { ok: false, code: "id_number_birth_date_invalid" };
  if (residentIdCheckCharacter(idNumber.slice(0, 17)) !== idNumber[17]) {
    return { ok: false, code: "id_number_check_character_mismatch" };
  }
  const sex = Number(idNumber[16]) % 2 === 1 ? "male" : "female";
  return { ok: true, idNumber, birthDate, sex, addressCode: idNumber.slice(0, 6), upgradedFrom15 };
}

/** Keep the first 4 and last 4 characters (same length); 8 chars or fewer: all but the last 2 are starred. */
export function maskIdNumber(idNumber: string): string {
  const n = idNumber.length;
  if (n <= 8) return "*".repeat(Math.max(0, n - 2)) + idNumber.slice(Math.max(0, n - 2));
  return idNumber.slice(0, 4) + "*".repeat(n - 8) + idNumber.slice(n - 4);
}
