import { and, asc, eq, gt, isNull } from "drizzle-orm";
import { journal } from "../../schema/index.js";
import { canonicalContent, chainHash, GENESIS_HASH } from "./chain.js";
import type { Db } from "./db.js";

/**
 * Seals a journal written before the hash chain existed (migration 0007): the rows of each stream without a hash
 * get one, in stream order. The only UPDATE the journal's trigger allows (hash NULL → value, all else unchanged).
 * Runs at start; with nothing to seal it is one indexed query. Returns the number of rows sealed.
 */
export async function sealJournal(db: Db): Promise<number> {
  const [unsealed] = await db.select({ seq: journal.seq }).from(journal).where(isNull(journal.hash)).limit(1);
  if (!unsealed) return 0;
  const streams = await db.selectDistinct({ stream: journal.stream }).from(journal).where(isNull(journal.hash));
  let sealed = 0;
  for (const { stream } of streams) {
    let prev = GENESIS_HASH;
    let after = 0;
    for (;;) {
      const rows = await db
        .select()
        .from(journal)
        .where(and(eq(journal.stream, stream), gt(journal.streamSeq, after)))
        .orderBy(asc(journal.streamSeq))
        .limit(500);
      if (rows.length === 0) break;
      const updates = [];
      for (const row of rows) {
        after = row.streamSeq;
        if (row.hash !== null) {
          prev = row.hash;
          continue;
        }
        const canonical = canonicalContent(row);
        if (canonical === null) throw new Error(`journal row ${row.seq} cannot be sealed: its content is not canonical`);
        const hash = await chainHash(prev, canonical);
        updates.push(db.update(journal).set({ prevHash: prev, hash }).where(eq(journal.seq, row.seq)));
        prev = hash;
      }
      if (updates.length > 0) {
        await db.batch(updates as [(typeof updates)[number], ...typeof updates]);
        sealed += updates.length;
      }
    }
  }
  return sealed;
}
