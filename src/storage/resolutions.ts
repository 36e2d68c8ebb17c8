import { and, desc, eq } from "drizzle-orm";
import { resolutions } from "../../schema/index.js";
import type { Db } from "./db.js";

export type ResolutionRow = typeof resolutions.$inferSelect;

/** The resolution a collective recorded under this reference (the UNIQUE index's key), if any. */
export async function findResolutionByRef(db: Db, collectiveCode: string, ref: string): Promise<ResolutionRow | null> {
  const [row] = await db
    .select()
    .from(resolutions)
    .where(and(eq(resolutions.collectiveCode, collectiveCode), eq(resolutions.ref, ref)))
    .limit(1);
  return row ?? null;
}

export async function findResolution(db: Db, collectiveCode: string, id: string): Promise<ResolutionRow | null> {
  const [row] = await db
    .select()
    .from(resolutions)
    .where(and(eq(resolutions.id, id), eq(resolutions.collectiveCode, collectiveCode)))
    .limit(1);
  return row ?? null;
}

/** A collective's resolutions, the latest meeting first, then the latest recorded. */
export async function resolutionsOf(db: Db, collectiveCode: string): Promise<ResolutionRow[]> {
  return db
    .select()
    .from(resolutions)
    .where(eq(resolutions.collectiveCode, collectiveCode))
    .orderBy(desc(resolutions.heldOn), desc(resolutions.journalSeq));
}
