/**
 * Identifiers for the benchmark, built exactly as test/support/fixtures.ts builds them (copied, not imported:
 * that module imports vitest's `expect`, which is not available outside the test runner).
 */
export const VILLAGE = {
  code: "N2371083MA0QW7T334",
  name: "乳山市午极镇午极村股份经济合作社",
  level: "village" as const,
  regionCode: "371083108201",
  issuerCode: "37108310820100",
};

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/**
 * A valid resident ID number (GB 11643 check character), distinct for every index 0 … 39 999: the fixtures'
 * `idNumber(i)` repeats after 500, so the birth year moves on every 1 000 indexes (seq 000–999).
 */
export function idNumber(index: number): string {
  const birth = `${1960 + Math.floor(index / 1000)}0615`;
  const body = `371083${birth}${String(index % 1000).padStart(3, "0")}`;
  const sum = [...body].reduce((s, d, i) => s + Number(d) * WEIGHTS[i]!, 0);
  return body + "10X98765432"[sum % 11];
}

export const contractorCode = (issuer: string, seq: number) => issuer + String(seq).padStart(4, "0");
export const plotCode = (issuer: string, seq: number) => issuer + String(seq).padStart(5, "0");
export const unitNumber = (regionCode: string, seq: number) => `${regionCode.slice(0, 6)}001002JC${String(seq).padStart(5, "0")}W00000000`;

export { mulberry32 } from "../test/support/prng.js";
