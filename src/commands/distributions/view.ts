import { formatPercent, residueOf } from "../../domain/distributions.js";
import { formatShares, formatYuan } from "../../domain/quantities.js";
import type { CollectiveRow } from "../../storage/collectives.js";
import type { DistributionLineRow, DistributionRow, PaymentTotals } from "../../storage/distributions.js";
import type { PersonRow } from "../../storage/persons.js";

/** How a distribution, its lines and its payment totals are answered (amounts in yuan, shares as decimal strings). */
export function lineView(row: DistributionLineRow, people: ReadonlyMap<string, PersonRow>, collective: Pick<CollectiveRow, "name">) {
  return {
    lineNo: row.lineNo,
    holder: row.holderKind,
    personId: row.personId,
    name: row.personId === null ? collective.name : (people.get(row.personId)?.name ?? null),
    shares: formatShares(row.sharesE4),
    amount: formatYuan(row.amountFen),
    paid: row.paidOn !== null,
    paidOn: row.paidOn,
    reference: row.paymentRef,
  };
}

export type LineView = ReturnType<typeof lineView>;

/** Paid and unpaid, in yuan and in lines. */
export function totalsView(distributableFen: number, totals: PaymentTotals) {
  return {
    paid: formatYuan(totals.paidFen),
    unpaid: formatYuan(distributableFen - totals.paidFen),
    paidCount: totals.paidCount,
    unpaidCount: totals.lineCount - totals.paidCount,
  };
}

export function summaryView(row: DistributionRow, totals: PaymentTotals) {
  return {
    id: row.id,
    collectiveCode: row.collectiveCode,
    recordDate: row.recordDate,
    netIncome: formatYuan(row.netIncomeFen),
    reservePercent: formatPercent(row.reserveBasisPoints),
    reserve: formatYuan(row.reserveFen),
    distributable: formatYuan(row.distributableFen),
    totalShares: formatShares(row.totalSharesE4),
    description: row.description,
    resolutionRef: row.resolutionRef,
    recordedAt: new Date(row.createdAtMs).toISOString(),
    lineCount: totals.lineCount,
    ...totalsView(row.distributableFen, totals),
  };
}

/** The whole distribution: its summary, the residue placed by largest remainder, and every line. */
export function distributionView(row: DistributionRow, lines: DistributionLineRow[], people: ReadonlyMap<string, PersonRow>, collective: Pick<CollectiveRow, "name">) {
  const totals = totalsOf(lines);
  return {
    ...summaryView(row, totals),
    residue: formatYuan(residueOf(row.distributableFen, lines.map((l) => l.sharesE4))),
    lines: lines.map((l) => lineView(l, people, collective)),
  };
}

export function totalsOf(lines: readonly Pick<DistributionLineRow, "paidOn" | "amountFen">[]): PaymentTotals {
  const paid = lines.filter((l) => l.paidOn !== null);
  return { lineCount: lines.length, paidCount: paid.length, paidFen: paid.reduce((sum, l) => sum + l.amountFen, 0) };
}
