import { and, eq, gt, isNull } from "drizzle-orm";
import { consoleSessions, tokens } from "../../schema/index.js";
import type { Db } from "./db.js";
import { param, prepared } from "./prepared.js";

export type ConsoleSessionRow = typeof consoleSessions.$inferSelect;

const liveSessionByHash = prepared((db) =>
  db
    .select({ session: consoleSessions, token: tokens })
    .from(consoleSessions)
    .innerJoin(tokens, eq(tokens.id, consoleSessions.tokenId))
    .where(and(eq(consoleSessions.idHash, param("hash")), isNull(consoleSessions.endedAtMs), gt(consoleSessions.expiresAtMs, param("now")), isNull(tokens.revokedAtMs)))
    .limit(1)
    .prepare(),
);

/** A session that has not ended or expired, of a token that is not revoked, with that token: one query. */
export async function findLiveSession(db: Db, idHash: string, nowMs: number) {
  const [row] = await liveSessionByHash(db).all({ hash: idHash, now: nowMs });
  return row ?? null;
}
