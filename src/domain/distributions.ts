import type { RuleCode } from "./errors.js";

/**
 * Collective income distribution (收益分配, RCEO Law Art. 42): the year's net income less the reserve and welfare
 * fund, paid out by the shares held at the end of the record date. Amounts in fen, shares in 1/10,000 share, all
 * arithmetic in BigInt. Invariants, in precedence order:
 *  1. the net income is more than 0 fen; the reserve is a percentage from 0 to 100 with at most 2 decimals;
 *  2. distributable = ⌊netIncome × (100 − reserve%) / 100⌋ to the fen; the reserve is the rest;
 *  3. each holder with shares gets one line: ⌊distributable × shares / Σ shares⌋, and the fen left over go one
 *     each to the largest remainders; ties go, in this order, to the larger holding, to a person before the
 *     collective's own holding, then to the smaller person id;
 *  4. Σ lines = distributable exactly; every line is within one fen of its exact pro-rata value and never
 *     negative; the answer does not depend on the order the holdings are given in.
 * A holding of 0 shares gets no line.
 */
export type HolderKind = "person" | "collective";

export interface Holding {
  /** Unique per holding: the person id, or `@collective` for the collective's own holding. */
  key: string;
  holderKind: HolderKind;
  personId: string | null;
  sharesE4: number;
}

export interface AllocatedLine extends Holding {
  lineNo: number;
  amountFen: number;
  /** True when the line received one of the fen left over by rounding down (the residue). */
  roundedUp: boolean;
}

export interface Allocation {
  lines: AllocatedLine[];
  /** The fen placed by largest remainder: distributable − Σ ⌊pro-rata⌋, fewer than the number of lines. */
  residueFen: number;
}

const PERCENT = /^(\d{1,3})(?:\.(\d{1,2}))?$/;

/** "12.5" → 1250 hundredths of a percent; at most 2 decimals, from 0 to 100. */
export function reserveBasisPoints(percent: string): number | "reserve_percent_invalid" {
  const match = PERCENT.exec(percent);
  if (!match) return "reserve_percent_invalid";
  const basisPoints = Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  return basisPoints <= 10_000 ? basisPoints : "reserve_percent_invalid";
}

/** 1250 → "12.5" (no trailing zeros). */
export function formatPercent(basisPoints: number): string {
  const whole = Math.floor(basisPoints / 100);
  const part = String(basisPoints % 100).padStart(2, "0").replace(/0+$/, "");
  return part ? `${whole}.${part}` : String(whole);
}

export function checkNetIncome(netIncomeFen: number): RuleCode | null {
  return Number.isSafeInteger(netIncomeFen) && netIncomeFen > 0 ? null : "net_income_must_be_positive";
}

/** ⌊netIncome × (10000 − bp) / 10000⌋: the reserve takes the fraction of a fen. */
export function distributableFen(netIncomeFen: number, basisPoints: number): number {
  if (!Number.isSafeInteger(netIncomeFen) || netIncomeFen < 0) throw new RangeError("net income must be a non-negative integer of fen");
  if (!Number.isInteger(basisPoints) || basisPoints < 0 || basisPoints > 10_000) throw new RangeError("basis points must be 0–10000");
  return Number((BigInt(netIncomeFen) * BigInt(10_000 - basisPoints)) / 10_000n);
}

/** The order of the holdings for ties and for line numbers: larger holding first, persons before the collective, then the key. */
export function compareHoldings(a: Holding, b: Holding): number {
  if (a.sharesE4 !== b.sharesE4) return b.sharesE4 - a.sharesE4;
  if (a.holderKind !== b.holderKind) return a.holderKind === "person" ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/**
 * Splits `distributableFen` over the holdings by largest remainder. Lines are numbered from 1 in the order of
 * compareHoldings. Refuses (RangeError) holdings that are negative, not integers, named twice, or add up to 0.
 */
export function allocate(distributableFen: number, holdings: readonly Holding[]): Allocation {
  if (!Number.isSafeInteger(distributableFen) || distributableFen < 0) throw new RangeError("the distributable amount must be a non-negative integer of fen");
  if (new Set(holdings.map((h) => h.key)).size !== holdings.length) throw new RangeError("each holding appears once");
  if (holdings.some((h) => !Number.isSafeInteger(h.sharesE4) || h.sharesE4 < 0)) throw new RangeError("shares must be non-negative integers of 1/10,000");
  const held = holdings.filter((h) => h.sharesE4 > 0).sort(compareHoldings);
  const total = held.reduce((sum, h) => sum + BigInt(h.sharesE4), 0n);
  if (total === 0n) throw new RangeError("nothing to allocate over: no holding has shares");
  const amount = BigInt(distributableFen);
  const parts = held.map((h, index) => {
    const exact = amount * BigInt(h.sharesE4);
    return { index, floor: exact / total, remainder: exact % total };
  });
  const residue = amount - parts.reduce((sum, p) => sum + p.floor, 0n);
  // All remainders share the denominator `total`: compare them directly. `held` is already in tie order, so a
  // stable sort by remainder alone keeps the stated tie rule.
  const byRemainder = [...parts].sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  const roundedUp = new Set(byRemainder.slice(0, Number(residue)).map((p) => p.index));
  const lines = held.map((h, index) => ({
    key: h.key,
    holderKind: h.holderKind,
    personId: h.personId,
    sharesE4: h.sharesE4,
    lineNo: index + 1,
    amountFen: Number(parts[index]!.floor) + (roundedUp.has(index) ? 1 : 0),
    roundedUp: roundedUp.has(index),
  }));
  return { lines, residueFen: Number(residue) };
}

/**
 * The residue of stored lines, recomputed: distributable − Σ ⌊distributable × shares / Σ shares⌋. It is fixed by
 * the stored shares and amount, so it need not be stored.
 */
export function residueOf(distributableFen: number, sharesE4: readonly number[]): number {
  const total = sharesE4.reduce((sum, s) => sum + BigInt(s), 0n);
  if (total === 0n) return 0;
  const amount = BigInt(distributableFen);
  return Number(amount - sharesE4.reduce((sum, s) => sum + (amount * BigInt(s)) / total, 0n));
}

/**
 * The lines as canonical text, whose SHA-256 the journal keeps instead of the lines: one row per line,
 * `lineNo,holderKind,personId,sharesE4,amountFen` (personId empty for the collective), rows joined by "\n".
 */
export function canonicalLines(lines: readonly { lineNo: number; holderKind: HolderKind; personId: string | null; sharesE4: number; amountFen: number }[]): string {
  return [...lines]
    .sort((a, b) => a.lineNo - b.lineNo)
    .map((l) => `${l.lineNo},${l.holderKind},${l.personId ?? ""},${l.sharesE4},${l.amountFen}`)
    .join("\n");
}
