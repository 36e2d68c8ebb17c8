import { and, eq, inArray } from "drizzle-orm";
import { homesteads } from "../../schema/index.js";
import { whereIn } from "./chunks.js";
import type { Db } from "./db.js";
import { literal } from "./prepared.js";

export type HomesteadRow = typeof homesteads.$inferSelect;

export async function findHomestead(db: Db, unitNumber: string): Promise<HomesteadRow | null> {
  const [row] = await db.select().from(homesteads).where(eq(homesteads.unitNumber, unitNumber)).limit(1);
  return row ?? null;
}

export async function activeHomesteadsOf(db: Db, contractorCodes: string[]): Promise<HomesteadRow[]> {
  if (contractorCodes.length === 0) return [];
  const rows = await whereIn(contractorCodes, (part) =>
    db.select().from(homesteads).where(and(inArray(homesteads.contractorCode, part), eq(homesteads.status, literal("active")))),
  );
  return rows.sort((a, b) => a.unitNumber.localeCompare(b.unitNumber));
}
