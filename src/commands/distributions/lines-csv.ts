import { maskIdNumber } from "../../domain/identifiers/index.js";
import { formatShares, formatYuan } from "../../domain/quantities.js";
import { csvDocument, csvText } from "../../lib/csv.js";
import type { CommandContext } from "../context.js";
import { loadDistribution } from "./get-distribution.js";

export const LINES_CSV_HEADER = ["序号", "持股人", "证件号码（脱敏）", "股份", "金额（元）", "支付日期", "支付凭证"] as const;

/**
 * The payment list of a distribution as CSV for a spreadsheet: UTF-8 with a BOM, a Chinese header, one record per
 * line with the ID number always masked (the collective's own line shows its credit code), and a totals row
 * (合计) whose shares and amount are the distribution's. Same access as the distribution.
 */
export async function distributionLinesCsv(ctx: CommandContext, code: string, id: string) {
  const { collective, distribution, lines, people } = await loadDistribution(ctx, code, id);
  const records = lines.map((l) => {
    const person = l.personId === null ? null : people.get(l.personId);
    return [
      String(l.lineNo),
      csvText(l.personId === null ? collective.name : (person?.name ?? "")),
      l.personId === null ? collective.code : person ? maskIdNumber(person.idNumber) : "",
      formatShares(l.sharesE4),
      formatYuan(l.amountFen),
      l.paidOn ?? "",
      csvText(l.paymentRef ?? ""),
    ];
  });
  const totals = ["合计", "", "", formatShares(distribution.totalSharesE4), formatYuan(distribution.distributableFen), "", ""];
  return {
    filename: `distribution-${code}-${distribution.recordDate}.csv`,
    body: csvDocument(LINES_CSV_HEADER, [...records, totals]),
  };
}
