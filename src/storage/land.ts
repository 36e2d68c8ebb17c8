import { and, asc, eq, inArray } from "drizzle-orm";
import { contractPlots, landContracts, plots } from "../../schema/index.js";
import type { Db } from "./db.js";

export type PlotRow = typeof plots.$inferSelect;
export type ContractRow = typeof landContracts.$inferSelect;

export async function findPlot(db: Db, plotCode: string): Promise<PlotRow | null> {
  const [row] = await db.select().from(plots).where(eq(plots.plotCode, plotCode)).limit(1);
  return row ?? null;
}

export async function findPlots(db: Db, plotCodes: string[]): Promise<Map<string, PlotRow>> {
  if (plotCodes.length === 0) return new Map();
  const rows = await db.select().from(plots).where(inArray(plots.plotCode, plotCodes));
  return new Map(rows.map((r) => [r.plotCode, r]));
}

export async function findContract(db: Db, contractCode: string): Promise<ContractRow | null> {
  const [row] = await db.select().from(landContracts).where(eq(landContracts.contractCode, contractCode)).limit(1);
  return row ?? null;
}

export async function contractsOfHouseholds(db: Db, contractorCodes: string[]): Promise<ContractRow[]> {
  if (contractorCodes.length === 0) return [];
  return db.select().from(landContracts).where(inArray(landContracts.contractorCode, contractorCodes)).orderBy(asc(landContracts.contractCode));
}

/** The plots each contract covers now, with their areas. */
export async function activePlotsOfContracts(db: Db, contractCodes: string[]) {
  if (contractCodes.length === 0) return [];
  return db
    .select({ contractCode: contractPlots.contractCode, plot: plots })
    .from(contractPlots)
    .innerJoin(plots, eq(plots.plotCode, contractPlots.plotCode))
    .where(and(inArray(contractPlots.contractCode, contractCodes), eq(contractPlots.status, "active")))
    .orderBy(asc(contractPlots.plotCode));
}

/** The active contract over each of these plots, if any. */
export async function activeContractsOfPlots(db: Db, plotCodes: string[]) {
  if (plotCodes.length === 0) return [];
  return db
    .select({ plotCode: contractPlots.plotCode, contract: landContracts })
    .from(contractPlots)
    .innerJoin(landContracts, eq(landContracts.contractCode, contractPlots.contractCode))
    .where(and(inArray(contractPlots.plotCode, plotCodes), eq(contractPlots.status, "active")));
}
