import { and, eq, isNull } from "drizzle-orm";
import { tokens } from "../../schema/index.js";
import type { Db } from "./db.js";
import { param, prepared } from "./prepared.js";

export type TokenRow = typeof tokens.$inferSelect;

export async function findToken(db: Db, id: string): Promise<TokenRow | null> {
  const [row] = await db.select().from(tokens).where(eq(tokens.id, id)).limit(1);
  return row ?? null;
}

const activeByHash = prepared((db) =>
  db
    .select()
    .from(tokens)
    .where(and(eq(tokens.tokenHash, param("hash")), isNull(tokens.revokedAtMs)))
    .limit(1)
    .prepare(),
);

/** Every authenticated request asks this: prepared. */
export async function findActiveTokenByHash(db: Db, tokenHash: string): Promise<TokenRow | null> {
  const [row] = await activeByHash(db).all({ hash: tokenHash });
  return row ?? null;
}
