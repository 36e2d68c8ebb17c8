import { and, asc, eq, gt, sql, type SQL } from "drizzle-orm";
import { contractPlots, homesteads, householdMembers, households, landContracts, persons, plots } from "../../schema/index.js";
import type { Db } from "./db.js";
import { inList, listOf, literal, prepared } from "./prepared.js";

/**
 * A collective's register in pages: households, plots and homesteads ordered by their code, `limit` at a time after
 * a cursor (the last code of the previous page), each with what a list shows of it, and the collective's totals.
 * Every page starts from an index on (collective, code): households_collective_key and plots_collective_key;
 * homesteads through their households (homesteads_household), a collective holding a few hundred.
 */

export interface PageQuery {
  after: string | null;
  /** Rows to read: the caller asks one more than it shows, to know whether a next page exists. */
  limit: number;
}

// ---- households ------------------------------------------------------------------------------------------------

export type HouseholdStatusFilter = "active" | "dissolved" | "all";

const householdScope = (collectiveCode: string, status: HouseholdStatusFilter): SQL[] => [
  eq(households.collectiveCode, collectiveCode),
  ...(status === "all" ? [] : [eq(households.status, literal(status))]),
];

/** A page of the collective's households with their representatives' names. */
export async function householdsPage(db: Db, collectiveCode: string, status: HouseholdStatusFilter, page: PageQuery) {
  return db
    .select({
      contractorCode: households.contractorCode,
      status: households.status,
      dissolvedOn: households.dissolvedOn,
      representativeId: households.representativeId,
      representativeName: persons.name,
    })
    .from(households)
    .innerJoin(persons, eq(persons.id, households.representativeId))
    .where(and(...householdScope(collectiveCode, status), page.after ? gt(households.contractorCode, page.after) : undefined))
    .orderBy(asc(households.contractorCode))
    .limit(page.limit);
}

export async function countHouseholds(db: Db, collectiveCode: string, status: HouseholdStatusFilter): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)` })
    .from(households)
    .where(and(...householdScope(collectiveCode, status)));
  return Number(row?.n ?? 0);
}

/** The active members of these households, with their names, by household and relation code (the head first). */
const membersOfHouseholdList = prepared((db) =>
  db
    .select({
      contractorCode: householdMembers.contractorCode,
      personId: householdMembers.personId,
      name: persons.name,
      relation: householdMembers.relation,
      relationCode: householdMembers.relationCode,
      coHolder: householdMembers.coHolder,
    })
    .from(householdMembers)
    .innerJoin(persons, eq(persons.id, householdMembers.personId))
    .where(and(inList(householdMembers.contractorCode, "codes"), eq(householdMembers.status, literal("active"))))
    .orderBy(asc(householdMembers.contractorCode), asc(householdMembers.relationCode), asc(householdMembers.id))
    .prepare(),
);

export async function membersOfHouseholds(db: Db, contractorCodes: string[]) {
  if (contractorCodes.length === 0) return [];
  return membersOfHouseholdList(db).all({ codes: listOf(contractorCodes) });
}

/** The active land contracts of these households, each with its plot count and contracted area (1/10,000 mu). */
const contractsOfHouseholdList = prepared((db) =>
  db
    .select({
      contractCode: landContracts.contractCode,
      contractorCode: landContracts.contractorCode,
      mode: landContracts.mode,
      startsOn: landContracts.startsOn,
      endsOn: landContracts.endsOn,
      plotCount: sql<number>`count(${plots.plotCode})`,
      areaMuE4: sql<number>`coalesce(sum(${plots.areaMuE4}), 0)`,
    })
    .from(landContracts)
    .leftJoin(contractPlots, and(eq(contractPlots.contractCode, landContracts.contractCode), eq(contractPlots.status, literal("active"))))
    .leftJoin(plots, eq(plots.plotCode, contractPlots.plotCode))
    .where(and(inList(landContracts.contractorCode, "codes"), eq(landContracts.status, literal("active"))))
    .groupBy(landContracts.contractCode)
    .orderBy(asc(landContracts.contractCode))
    .prepare(),
);

export async function contractsOfHouseholdsWithArea(db: Db, contractorCodes: string[]) {
  if (contractorCodes.length === 0) return [];
  return contractsOfHouseholdList(db).all({ codes: listOf(contractorCodes) });
}

/** The active homesteads of these households. */
const homesteadsOfHouseholdList = prepared((db) =>
  db
    .select({ unitNumber: homesteads.unitNumber, contractorCode: homesteads.contractorCode, areaM2E2: homesteads.areaM2E2, origin: homesteads.origin })
    .from(homesteads)
    .where(and(inList(homesteads.contractorCode, "codes"), eq(homesteads.status, literal("active"))))
    .orderBy(asc(homesteads.unitNumber))
    .prepare(),
);

export async function homesteadsOfHouseholds(db: Db, contractorCodes: string[]) {
  if (contractorCodes.length === 0) return [];
  return homesteadsOfHouseholdList(db).all({ codes: listOf(contractorCodes) });
}

// ---- plots -----------------------------------------------------------------------------------------------------

/** A page of the collective's plots, each with the active contract over it and the holding household's representative. */
export async function plotsPage(db: Db, collectiveCode: string, page: PageQuery) {
  return db
    .select({
      plot: plots,
      contractCode: landContracts.contractCode,
      contractorCode: landContracts.contractorCode,
      representativeId: persons.id,
      representativeName: persons.name,
    })
    .from(plots)
    .leftJoin(contractPlots, and(eq(contractPlots.plotCode, plots.plotCode), eq(contractPlots.status, literal("active"))))
    .leftJoin(landContracts, eq(landContracts.contractCode, contractPlots.contractCode))
    .leftJoin(households, eq(households.contractorCode, landContracts.contractorCode))
    .leftJoin(persons, eq(persons.id, households.representativeId))
    .where(and(eq(plots.collectiveCode, collectiveCode), page.after ? gt(plots.plotCode, page.after) : undefined))
    .orderBy(asc(plots.plotCode))
    .limit(page.limit);
}

/** The collective's plots: how many, how many under an active contract, and their areas (1/10,000 mu). */
export async function plotTotals(db: Db, collectiveCode: string) {
  const [row] = await db
    .select({
      plots: sql<number>`count(*)`,
      contracted: sql<number>`count(${contractPlots.id})`,
      areaMuE4: sql<number>`coalesce(sum(${plots.areaMuE4}), 0)`,
      contractedAreaMuE4: sql<number>`coalesce(sum(case when ${contractPlots.id} is not null then ${plots.areaMuE4} else 0 end), 0)`,
    })
    .from(plots)
    .leftJoin(contractPlots, and(eq(contractPlots.plotCode, plots.plotCode), eq(contractPlots.status, literal("active"))))
    .where(eq(plots.collectiveCode, collectiveCode));
  return {
    plots: Number(row?.plots ?? 0),
    contracted: Number(row?.contracted ?? 0),
    areaMuE4: Number(row?.areaMuE4 ?? 0),
    contractedAreaMuE4: Number(row?.contractedAreaMuE4 ?? 0),
  };
}

// ---- homesteads ------------------------------------------------------------------------------------------------

export type HomesteadStatusFilter = "active" | "cancelled" | "all";

// Driven by the households of the collective (an index on the collective), then each household's homesteads.
const homesteadScope = (collectiveCode: string, status: HomesteadStatusFilter): SQL[] => [
  eq(households.collectiveCode, collectiveCode),
  ...(status === "all" ? [] : [eq(homesteads.status, literal(status))]),
];

/** A page of the collective's homesteads, each with its household's representative. */
export async function homesteadsPage(db: Db, collectiveCode: string, status: HomesteadStatusFilter, page: PageQuery) {
  return db
    .select({ homestead: homesteads, representativeId: persons.id, representativeName: persons.name })
    .from(households)
    .innerJoin(homesteads, and(eq(homesteads.contractorCode, households.contractorCode), eq(homesteads.collectiveCode, households.collectiveCode)))
    .innerJoin(persons, eq(persons.id, households.representativeId))
    .where(and(...homesteadScope(collectiveCode, status), page.after ? gt(homesteads.unitNumber, page.after) : undefined))
    .orderBy(asc(homesteads.unitNumber))
    .limit(page.limit);
}

/** The collective's homesteads: how many, and their area (1/100 m²). */
export async function homesteadTotals(db: Db, collectiveCode: string, status: HomesteadStatusFilter) {
  const [row] = await db
    .select({ homesteads: sql<number>`count(*)`, areaM2E2: sql<number>`coalesce(sum(${homesteads.areaM2E2}), 0)` })
    .from(households)
    .innerJoin(homesteads, and(eq(homesteads.contractorCode, households.contractorCode), eq(homesteads.collectiveCode, households.collectiveCode)))
    .where(and(...homesteadScope(collectiveCode, status)));
  return { homesteads: Number(row?.homesteads ?? 0), areaM2E2: Number(row?.areaM2E2 ?? 0) };
}
