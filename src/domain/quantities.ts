import { Decimal } from "decimal.js";

/**
 * Exact quantities. The API speaks decimal strings; storage keeps integers of the smallest unit:
 * shares and mu in 1/10,000 (E4), m² and yuan in 1/100 (E2, i.e. fen). Conversion never goes through a float.
 */
/**
 * A non-negative decimal with at most `maxPlaces` decimals and so few integer digits that the value in its
 * smallest unit (× 10^maxPlaces) stays an exact integer (< 2^53, i.e. at most 15 digits in all).
 */
export function decimalPattern(maxPlaces: number): RegExp {
  return new RegExp(`^(0|[1-9]\\d{0,${14 - maxPlaces}})(\\.\\d{1,${maxPlaces}})?$`);
}

/** "12.5" with scale 4 → 125000. The caller has validated the string against decimalPattern(scale). */
export function toUnits(value: string, scale: number): number {
  const units = new Decimal(value).times(new Decimal(10).pow(scale));
  if (!units.isInteger()) throw new RangeError(`${value} has more than ${scale} decimal places`);
  // Beyond 2^53 a JS number silently drops units: refuse rather than store a different quantity.
  if (units.abs().gt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`${value} is too large to keep exactly in units of 10^-${scale}`);
  return units.toNumber();
}

/** 125000 with scale 4 → "12.5" (minPlaces 0) or "12.50" (minPlaces 2). */
export function fromUnits(units: number, scale: number, minPlaces = 0): string {
  const value = new Decimal(units).dividedBy(new Decimal(10).pow(scale));
  const places = Math.max(minPlaces, value.decimalPlaces());
  return value.toFixed(places);
}

export const formatShares = (e4: number) => fromUnits(e4, 4);
export const formatAreaMu = (e4: number) => fromUnits(e4, 4, 2);
export const formatAreaM2 = (e2: number) => fromUnits(e2, 2, 2);
export const formatYuan = (fen: number) => fromUnits(fen, 2, 2);

/** part / whole as a percentage with 4 places, rounded half-even (GB/T 8170). */
export function percentOf(part: number, whole: number): string {
  if (whole === 0) return "0.0000";
  return new Decimal(part).times(100).dividedBy(whole).toDecimalPlaces(4, Decimal.ROUND_HALF_EVEN).toFixed(4);
}

/** 1 mu = 10000/15 m² exactly, so mu = m² × 3 / 2000. Returns mu in E4 units from m² in E2 units, half-even. */
export function muE4FromM2E2(m2E2: number): number {
  return new Decimal(m2E2).times(3).dividedBy(2000).times(100).toDecimalPlaces(0, Decimal.ROUND_HALF_EVEN).toNumber();
}
