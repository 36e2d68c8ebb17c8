import { and, eq, isNull } from "drizzle-orm";
import { newBearerToken, sha256Hex } from "./lib/hash.js";
import { tokens } from "../schema/index.js";
import { commit } from "./storage/commit.js";
import type { Db } from "./storage/db.js";

/**
 * The first admin token. With REGISTRY_ADMIN_TOKEN set, its hash is registered (once). Without it, on the first
 * start (no admin token yet) a token is generated and handed to `persist`; only its hash is stored.
 */
export async function bootstrapAdmin(
  db: Db,
  nowMs: number,
  given: string | undefined,
  persist: (token: string) => Promise<void>,
): Promise<"configured" | "generated" | "exists"> {
  if (given) {
    const tokenHash = await sha256Hex(given);
    const [known] = await db.select().from(tokens).where(eq(tokens.tokenHash, tokenHash)).limit(1);
    if (known) return "exists";
    await insertAdmin(db, nowMs, tokenHash, "REGISTRY_ADMIN_TOKEN");
    return "configured";
  }
  const [admin] = await db.select().from(tokens).where(and(eq(tokens.role, "admin"), isNull(tokens.revokedAtMs))).limit(1);
  if (admin) return "exists";
  const token = newBearerToken();
  await persist(token);
  await insertAdmin(db, nowMs, await sha256Hex(token), "generated at first start");
  return "generated";
}

async function insertAdmin(db: Db, nowMs: number, tokenHash: string, label: string) {
  const id = `tok_admin_${tokenHash.slice(0, 12)}`;
  await commit({ db, actor: "system", nowMs }, `token:${id}`, async () => ({
    journal: { type: "token.created", subject: id, data: { role: "admin", label } },
    writes: () => [db.insert(tokens).values({ id, tokenHash, role: "admin", label, createdBy: "system", createdAtMs: nowMs })],
    result: undefined,
  }));
}
