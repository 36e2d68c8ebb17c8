import { formatAreaM2 } from "../../domain/quantities.js";
import { homesteadsPage, homesteadTotals, type HomesteadStatusFilter } from "../../storage/listings.js";
import { visibleCollective } from "../collectives/read-collectives.js";
import type { CommandContext } from "../context.js";
import { homesteadView } from "./view.js";

/**
 * The collective's homesteads (宅基地), a page at a time in unit-number order, each with its household's
 * representative; with how many there are and their area. Whoever sees the collective sees the list.
 */
export async function listHomesteads(ctx: CommandContext, code: string, query: { status: HomesteadStatusFilter; after?: string; limit: number }) {
  await visibleCollective(ctx, code);
  const { db } = ctx.deps;
  const [rows, totals] = await Promise.all([homesteadsPage(db, code, query.status, { after: query.after ?? null, limit: query.limit + 1 }), homesteadTotals(db, code, query.status)]);
  const page = rows.slice(0, query.limit);
  return {
    collectiveCode: code,
    status: query.status,
    totals: { homesteads: totals.homesteads, areaM2: formatAreaM2(totals.areaM2E2) },
    homesteads: page.map((r) => ({
      ...homesteadView(r.homestead),
      representative: { personId: r.representativeId, name: r.representativeName },
    })),
    nextCursor: rows.length > query.limit ? (page[page.length - 1]?.homestead.unitNumber ?? null) : null,
  };
}
