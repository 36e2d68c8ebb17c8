import { and, asc, eq, sql } from "drizzle-orm";
import { factVersions } from "../../schema/index.js";
import type { Db } from "./db.js";

export type FactVersionRow = typeof factVersions.$inferSelect;
export type FactEntity = FactVersionRow["entity"];

/** The recorded versions of a plot's, homestead's or person's facts, oldest record first (none: never corrected). */
export async function factVersionsOf(db: Db, entity: FactEntity, key: string): Promise<FactVersionRow[]> {
  return db
    .select()
    .from(factVersions)
    .where(and(eq(factVersions.entity, entity), eq(factVersions.key, key)))
    // Within one instant (a correction in the millisecond the thing was registered): closed before current, then by the
    // act that wrote them, then by id (a correction numbers the original before the corrected version).
    .orderBy(asc(factVersions.recordedFromMs), sql`${factVersions.recordedToMs} IS NULL`, asc(factVersions.recordedToMs), asc(factVersions.journalSeq), asc(factVersions.id));
}
