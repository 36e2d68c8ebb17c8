import { and, eq, inArray } from "drizzle-orm";
import { equityHoldings } from "../../schema/index.js";
import { whereIn } from "./chunks.js";
import type { Db } from "./db.js";
import { param, prepared } from "./prepared.js";

export const ISSUED_ACCOUNT = "@issued";
export const COLLECTIVE_ACCOUNT = "@collective";

export type HoldingRow = typeof equityHoldings.$inferSelect;

const holdingsOfCollective = prepared((db) => db.select().from(equityHoldings).where(eq(equityHoldings.collectiveCode, param("collective"))).prepare());

export async function holdingsOf(db: Db, collectiveCode: string): Promise<HoldingRow[]> {
  return holdingsOfCollective(db).all({ collective: collectiveCode });
}

export async function holdingsOfPerson(db: Db, personId: string): Promise<HoldingRow[]> {
  return db.select().from(equityHoldings).where(eq(equityHoldings.account, personId));
}

export async function holdingsIn(db: Db, collectiveCodes: string[]): Promise<HoldingRow[]> {
  if (collectiveCodes.length === 0) return [];
  return whereIn(collectiveCodes, (part) =>
    db
      .select()
      .from(equityHoldings)
      .where(and(inArray(equityHoldings.collectiveCode, part), inArray(equityHoldings.account, [ISSUED_ACCOUNT, COLLECTIVE_ACCOUNT]))),
  );
}
