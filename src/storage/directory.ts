import { eq } from "drizzle-orm";
import { personIndex } from "../../schema/index.js";
import type { Db } from "./db.js";

export async function countiesOfDocument(directory: Db, documentHash: string) {
  return directory.select().from(personIndex).where(eq(personIndex.documentHash, documentHash));
}

/** Idempotent: the index is a cache that may be written again, or rebuilt, at any time. */
export async function indexPerson(directory: Db, row: typeof personIndex.$inferInsert): Promise<void> {
  await directory.insert(personIndex).values(row).onConflictDoNothing();
}
