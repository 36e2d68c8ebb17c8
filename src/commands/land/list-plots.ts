import { formatAreaMu } from "../../domain/quantities.js";
import { plotsPage, plotTotals } from "../../storage/listings.js";
import { visibleCollective } from "../collectives/read-collectives.js";
import type { CommandContext } from "../context.js";
import { plotFacts } from "./view.js";

/**
 * The collective's plots (地块), a page at a time in plot-code order, each with the active contract over it and the
 * household holding it; with the collective's totals (plots, contracted plots, their areas in mu). The geometry is
 * left out of the list (GET /v1/plots/{plotCode} has it). Whoever sees the collective sees the list.
 */
export async function listPlots(ctx: CommandContext, code: string, query: { after?: string; limit: number }) {
  await visibleCollective(ctx, code);
  const { db } = ctx.deps;
  const [rows, totals] = await Promise.all([plotsPage(db, code, { after: query.after ?? null, limit: query.limit + 1 }), plotTotals(db, code)]);
  const page = rows.slice(0, query.limit);
  return {
    collectiveCode: code,
    totals: {
      plots: totals.plots,
      contracted: totals.contracted,
      areaMu: formatAreaMu(totals.areaMuE4),
      contractedAreaMu: formatAreaMu(totals.contractedAreaMuE4),
    },
    plots: page.map((r) => {
      const { geometry: _, ...facts } = plotFacts(r.plot);
      return {
        ...facts,
        hasGeometry: r.plot.geometryJson !== null,
        contract:
          r.contractCode && r.contractorCode
            ? {
                contractCode: r.contractCode,
                contractorCode: r.contractorCode,
                representative: r.representativeId && r.representativeName ? { personId: r.representativeId, name: r.representativeName } : null,
              }
            : null,
      };
    }),
    nextCursor: rows.length > query.limit ? (page[page.length - 1]?.plot.plotCode ?? null) : null,
  };
}
