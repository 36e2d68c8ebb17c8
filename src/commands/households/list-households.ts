import { formatAreaM2, formatAreaMu } from "../../domain/quantities.js";
import { contractsOfHouseholdsWithArea, countHouseholds, homesteadsOfHouseholds, householdsPage, membersOfHouseholds, type HouseholdStatusFilter } from "../../storage/listings.js";
import { visibleCollective } from "../collectives/read-collectives.js";
import type { CommandContext } from "../context.js";

/**
 * The collective's households (承包方), a page at a time in contractor-code order: each with its representative,
 * its members (names and relations, never ID numbers) and co-holders, its active contracts with their plots' area,
 * and its homesteads. Whoever sees the collective sees the list; anyone else: collective_not_found.
 */
export async function listHouseholds(ctx: CommandContext, code: string, query: { status: HouseholdStatusFilter; after?: string; limit: number }) {
  await visibleCollective(ctx, code);
  const { db } = ctx.deps;
  const [rows, total] = await Promise.all([householdsPage(db, code, query.status, { after: query.after ?? null, limit: query.limit + 1 }), countHouseholds(db, code, query.status)]);
  const page = rows.slice(0, query.limit);
  const codes = page.map((h) => h.contractorCode);
  const [members, contracts, homesteads] = await Promise.all([membersOfHouseholds(db, codes), contractsOfHouseholdsWithArea(db, codes), homesteadsOfHouseholds(db, codes)]);
  const of = <T extends { contractorCode: string }>(list: T[], contractorCode: string) => list.filter((x) => x.contractorCode === contractorCode);
  return {
    collectiveCode: code,
    status: query.status,
    totals: { households: total },
    households: page.map((h) => {
      const own = of(members, h.contractorCode);
      return {
        contractorCode: h.contractorCode,
        status: h.status,
        dissolvedOn: h.dissolvedOn ?? null,
        representative: { personId: h.representativeId, name: h.representativeName },
        memberCount: own.length,
        members: own.map((m) => ({ personId: m.personId, name: m.name, relation: m.relation, relationCode: m.relationCode, coHolder: m.coHolder })),
        landContracts: of(contracts, h.contractorCode).map((c) => ({
          contractCode: c.contractCode,
          mode: c.mode,
          startsOn: c.startsOn,
          endsOn: c.endsOn,
          plotCount: Number(c.plotCount),
          areaMu: formatAreaMu(Number(c.areaMuE4)),
        })),
        homesteads: of(homesteads, h.contractorCode).map((s) => ({ unitNumber: s.unitNumber, areaM2: formatAreaM2(s.areaM2E2), origin: s.origin })),
      };
    }),
    nextCursor: rows.length > query.limit ? (page[page.length - 1]?.contractorCode ?? null) : null,
  };
}
