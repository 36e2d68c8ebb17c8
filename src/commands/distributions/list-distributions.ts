import { distributionsOf, paymentTotals } from "../../storage/distributions.js";
import { visibleCollective } from "../collectives/read-collectives.js";
import type { CommandContext } from "../context.js";
import { summaryView } from "./view.js";

/** A collective's distributions, newest record date first, each with its paid/unpaid totals (no lines). */
export async function listDistributions(ctx: CommandContext, code: string) {
  await visibleCollective(ctx, code);
  const { db } = ctx.deps;
  const rows = await distributionsOf(db, code);
  const totals = await paymentTotals(db, rows.map((r) => r.id));
  return {
    collectiveCode: code,
    distributions: rows.map((r) => summaryView(r, totals.get(r.id) ?? { lineCount: 0, paidCount: 0, paidFen: 0 })),
  };
}
