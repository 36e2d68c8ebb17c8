import { and, eq, isNull } from "drizzle-orm";
import { tokens } from "../../schema/index.js";
import type { Db } from "./db.js";

export type TokenRow = typeof tokens.$inferSelect;

export async function findToken(db: Db, id: string): Promise<TokenRow | null> {
  const [row] = await db.select().from(tokens).where(eq(tokens.id, id)).limit(1);
  return row ?? null;
}

export async function findActiveTokenByHash(db: Db, tokenHash: string): Promise<TokenRow | null> {
  const [row] = await db
    .select()
    .from(tokens)
    .where(and(eq(tokens.tokenHash, tokenHash), isNull(tokens.revokedAtMs)))
    .limit(1);
  return row ?? null;
}
