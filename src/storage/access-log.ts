import { desc, lt } from "drizzle-orm";
import { accessLog } from "../../schema/index.js";
import type { Db } from "./db.js";

export type AccessLogRow = typeof accessLog.$inferSelect;

export async function appendAccess(db: Db, row: Omit<typeof accessLog.$inferInsert, "seq">): Promise<void> {
  await db.insert(accessLog).values(row);
}

/** Newest first, before `before` (a seq). */
export async function readAccessLog(db: Db, opts: { before?: number; limit: number }): Promise<AccessLogRow[]> {
  return db
    .select()
    .from(accessLog)
    .where(opts.before === undefined ? undefined : lt(accessLog.seq, opts.before))
    .orderBy(desc(accessLog.seq))
    .limit(opts.limit);
}
