import { and, asc, eq, gt, inArray, like } from "drizzle-orm";
import { collectives, journal } from "../../schema/index.js";
import type { Db } from "./db.js";

export async function readJournal(db: Db, opts: { after: number; limit: number; collectiveCode: string | null; regionPrefix: string | null }) {
  const conditions = [gt(journal.seq, opts.after)];
  if (opts.collectiveCode) conditions.push(eq(journal.collectiveCode, opts.collectiveCode));
  if (opts.regionPrefix !== null) {
    const codes = db.select({ code: collectives.code }).from(collectives).where(like(collectives.regionCode, `${opts.regionPrefix}%`));
    conditions.push(inArray(journal.collectiveCode, codes));
  }
  return db.select().from(journal).where(and(...conditions)).orderBy(asc(journal.seq)).limit(opts.limit);
}
