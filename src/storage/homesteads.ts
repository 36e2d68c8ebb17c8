import { and, asc, eq, inArray } from "drizzle-orm";
import { homesteads } from "../../schema/index.js";
import type { Db } from "./db.js";

export type HomesteadRow = typeof homesteads.$inferSelect;

export async function findHomestead(db: Db, unitNumber: string): Promise<HomesteadRow | null> {
  const [row] = await db.select().from(homesteads).where(eq(homesteads.unitNumber, unitNumber)).limit(1);
  return row ?? null;
}

export async function activeHomesteadsOf(db: Db, contractorCodes: string[]): Promise<HomesteadRow[]> {
  if (contractorCodes.length === 0) return [];
  return db
    .select()
    .from(homesteads)
    .where(and(inArray(homesteads.contractorCode, contractorCodes), eq(homesteads.status, "active")))
    .orderBy(asc(homesteads.unitNumber));
}
