import { and, eq, inArray } from "drizzle-orm";
import { collectives, contractPlots, households, landContracts, persons, plots } from "../../schema/index.js";
import { whereIn } from "./chunks.js";
import type { Db } from "./db.js";
import { inList, listOf, literal, param, prepared } from "./prepared.js";

export type PlotRow = typeof plots.$inferSelect;
export type ContractRow = typeof landContracts.$inferSelect;

const plotByCode = prepared((db) => db.select().from(plots).where(eq(plots.plotCode, param("code"))).limit(1).prepare());

export async function findPlot(db: Db, plotCode: string): Promise<PlotRow | null> {
  const [row] = await plotByCode(db).all({ code: plotCode });
  return row ?? null;
}

export async function findPlots(db: Db, plotCodes: string[]): Promise<Map<string, PlotRow>> {
  if (plotCodes.length === 0) return new Map();
  const rows = await whereIn(plotCodes, (part) => db.select().from(plots).where(inArray(plots.plotCode, part)));
  return new Map(rows.map((r) => [r.plotCode, r]));
}

const contractByCode = prepared((db) => db.select().from(landContracts).where(eq(landContracts.contractCode, param("code"))).limit(1).prepare());

const plotWithHolderByCode = prepared((db) =>
  db
    .select({
      plot: plots,
      collective: { code: collectives.code, regionCode: collectives.regionCode },
      contract: {
        contractCode: landContracts.contractCode,
        contractorCode: landContracts.contractorCode,
        mode: landContracts.mode,
        startsOn: landContracts.startsOn,
        endsOn: landContracts.endsOn,
        certificateNo: landContracts.certificateNo,
      },
      household: { contractorCode: households.contractorCode },
      representative: { id: persons.id, name: persons.name },
    })
    .from(plots)
    .innerJoin(collectives, eq(collectives.code, plots.collectiveCode))
    .leftJoin(contractPlots, and(eq(contractPlots.plotCode, plots.plotCode), eq(contractPlots.status, literal("active"))))
    .leftJoin(landContracts, eq(landContracts.contractCode, contractPlots.contractCode))
    .leftJoin(households, eq(households.contractorCode, landContracts.contractorCode))
    .leftJoin(persons, eq(persons.id, households.representativeId))
    .where(eq(plots.plotCode, param("code")))
    .limit(1)
    .prepare(),
);

/** A plot with its collective and, when it is under an active contract, the contract, the household and its representative: one query. */
export async function findPlotWithHolder(db: Db, plotCode: string) {
  const [row] = await plotWithHolderByCode(db).all({ code: plotCode });
  return row ?? null;
}

export async function findContract(db: Db, contractCode: string): Promise<ContractRow | null> {
  const [row] = await contractByCode(db).all({ code: contractCode });
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
      .where(and(inArray(contractPlots.contractCode, part), eq(contractPlots.status, literal("active")))),
  );
  return rows.sort((a, b) => a.plot.plotCode.localeCompare(b.plot.plotCode));
}

/** The active contract over each of these plots, if any. */
const activeContractsOfPlotList = prepared((db) =>
  db
    .select({ plotCode: contractPlots.plotCode, contract: landContracts })
    .from(contractPlots)
    .innerJoin(landContracts, eq(landContracts.contractCode, contractPlots.contractCode))
    .where(and(inList(contractPlots.plotCode, "plots"), eq(contractPlots.status, literal("active"))))
    .prepare(),
);

export async function activeContractsOfPlots(db: Db, plotCodes: string[]) {
  if (plotCodes.length === 0) return [];
  return activeContractsOfPlotList(db).all({ plots: listOf(plotCodes) });
}
