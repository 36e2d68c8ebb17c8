import { and, eq, inArray } from "drizzle-orm";
import { contractPlots, landContracts, plots } from "../../schema/index.js";
import { whereIn } from "./chunks.js";
import type { Db } from "./db.js";

export type PlotRow = typeof plots.$inferSelect;
export type ContractRow = typeof landContracts.$inferSelect;

export async function findPlot(db: Db, plotCode: string): Promise<PlotRow | null> {
  const [row] = await db.select().from(plots).where(eq(plots.plotCode, plotCode)).limit(1);
  return row ?? null;
}

export async function findPlots(db: Db, plotCodes: string[]): Promise<Map<string, PlotRow>> {
  if (plotCodes.length === 0) return new Map();
  const rows = await whereIn(plotCodes, (part) => db.select().from(plots).where(inArray(plots.plotCode, part)));
  return new Map(rows.map((r) => [r.plotCode, r]));
}

export async function findContract(db: Db, contractCode: string): Promise<ContractRow | null> {
  const [row] = await db.select().from(landContracts).where(eq(landContracts.contractCode, contractCode)).limit(1);
  return row ?? null;
}

export async function contractsOfHouseholds(db: Db, contractorCodes: string[]): Promise<ContractRow[]> {
  if (contractorCodes.length === 0) return [];
  const rows = await whereIn(contractorCodes, (part) => db.select().from(landContracts).where(inArray(landContracts.contractorCode, part)));
  return rows.sort((a, b) => a.contractCode.localeCompare(b.contractCode));
}

/** The plots each contract covers now, with their areas. */
export async function activePlotsOfContracts(db: Db, contractCodes: string[]) {
  if (contractCodes.length === 0) return [];
  const rows = await whereIn(contractCodes, (part) =>
    db
      .select({ contractCode: contractPlots.contractCode, plot: plots })
      .from(contractPlots)
      .innerJoin(plots, eq(plots.plotCode, contractPlots.plotCode))
      .where(and(inArray(contractPlots.contractCode, part), eq(contractPlots.status, "active"))),
  );
  return rows.sort((a, b) => a.plot.plotCode.localeCompare(b.plot.plotCode));
}

/** The active contract over each of these plots, if any. */
export async function activeContractsOfPlots(db: Db, plotCodes: string[]) {
  if (plotCodes.length === 0) return [];
  return whereIn(plotCodes, (part) =>
    db
      .select({ plotCode: contractPlots.plotCode, contract: landContracts })
      .from(contractPlots)
      .innerJoin(landContracts, eq(landContracts.contractCode, contractPlots.contractCode))
      .where(and(inArray(contractPlots.plotCode, part), eq(contractPlots.status, "active"))),
  );
}
