import { and, asc, eq, gt, like } from "drizzle-orm";
import { collectiveRules, collectives } from "../../schema/index.js";
import type { Db } from "./db.js";
import { param, prepared } from "./prepared.js";

export type CollectiveRow = typeof collectives.$inferSelect;
export type RulesRow = typeof collectiveRules.$inferSelect;

const collectiveByCode = prepared((db) => db.select().from(collectives).where(eq(collectives.code, param("code"))).limit(1).prepare());

export async function findCollective(db: Db, code: string): Promise<CollectiveRow | null> {
  const [row] = await collectiveByCode(db).all({ code });
  return row ?? null;
}

export async function findCollectiveByIssuer(db: Db, issuerCode: string): Promise<CollectiveRow | null> {
  const [row] = await db.select().from(collectives).where(eq(collectives.issuerCode, issuerCode)).limit(1);
  return row ?? null;
}

export async function listCollectives(db: Db, opts: { regionPrefix: string; after: string | null; limit: number }) {
  const conditions = [like(collectives.regionCode, `${opts.regionPrefix}%`)];
  if (opts.after) conditions.push(gt(collectives.code, opts.after));
  return db
    .select()
    .from(collectives)
    .where(and(...conditions))
    .orderBy(asc(collectives.code))
    .limit(opts.limit);
}

export async function listRuleVersions(db: Db, collectiveCode: string): Promise<RulesRow[]> {
  return db
    .select()
    .from(collectiveRules)
    .where(eq(collectiveRules.collectiveCode, collectiveCode))
    .orderBy(asc(collectiveRules.version));
}
