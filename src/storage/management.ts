import { and, asc, eq } from "drizzle-orm";
import { managementRights } from "../../schema/index.js";
import type { Db } from "./db.js";
import { literal } from "./prepared.js";

export type ManagementRightRow = typeof managementRights.$inferSelect;

export async function managementRightsOf(db: Db, plotCode: string): Promise<ManagementRightRow[]> {
  return db.select().from(managementRights).where(eq(managementRights.plotCode, plotCode)).orderBy(asc(managementRights.startsOn));
}

export async function activeManagementRightsOf(db: Db, plotCode: string): Promise<ManagementRightRow[]> {
  return db
    .select()
    .from(managementRights)
    .where(and(eq(managementRights.plotCode, plotCode), eq(managementRights.status, literal("active"))))
    .orderBy(asc(managementRights.startsOn));
}
