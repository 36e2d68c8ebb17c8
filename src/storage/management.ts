import { and, asc, eq } from "drizzle-orm";
import { managementRights } from "../../schema/index.js";
import type { Db } from "./db.js";
import { literal, param, prepared } from "./prepared.js";

export type ManagementRightRow = typeof managementRights.$inferSelect;

const rightsOfPlot = prepared((db) => db.select().from(managementRights).where(eq(managementRights.plotCode, param("plot"))).orderBy(asc(managementRights.startsOn)).prepare());
const activeRightsOfPlot = prepared((db) =>
  db
    .select()
    .from(managementRights)
    .where(and(eq(managementRights.plotCode, param("plot")), eq(managementRights.status, literal("active"))))
    .orderBy(asc(managementRights.startsOn))
    .prepare(),
);

export async function managementRightsOf(db: Db, plotCode: string): Promise<ManagementRightRow[]> {
  return rightsOfPlot(db).all({ plot: plotCode });
}

export async function activeManagementRightsOf(db: Db, plotCode: string): Promise<ManagementRightRow[]> {
  return activeRightsOfPlot(db).all({ plot: plotCode });
}
