import { and, eq, isNull } from "drizzle-orm";
import { createMiddleware } from "hono/factory";
import type { Actor } from "../domain/access.js";
import { sha256Hex } from "../lib/hash.js";
import { tokens } from "../../schema/index.js";
import type { AppEnv } from "./types.js";
import { problemResponse } from "./problem.js";

/** Authentication only: bearer token → c.var.actor. What the actor may do is decided by each command. */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header("Authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) return problemResponse(c, "unauthenticated", "Send Authorization: Bearer <token>.");
  const actor = await findActor(c.var.deps, match[1]);
  if (!actor) return problemResponse(c, "unauthenticated", "The token is unknown or revoked.");
  c.set("actor", actor);
  await next();
});

async function findActor(deps: AppEnv["Variables"]["deps"], token: string): Promise<Actor | null> {
  const tokenHash = await sha256Hex(token);
  const [row] = await deps.db
    .select()
    .from(tokens)
    .where(and(eq(tokens.tokenHash, tokenHash), isNull(tokens.revokedAtMs)))
    .limit(1);
  if (!row) return null;
  return {
    tokenId: row.id,
    role: row.role,
    collectiveCode: row.collectiveCode,
    regionPrefix: row.regionPrefix,
    personId: row.personId,
  };
}
