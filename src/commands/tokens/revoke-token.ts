import { eq } from "drizzle-orm";
import { DomainError } from "../../domain/errors.js";
import { tokens } from "../../../schema/index.js";
import { findToken } from "../../storage/tokens.js";
import { commitTo, requireWriter, type CommandContext } from "../context.js";

/** Revokes a token at once. Admin revokes any; a registrar the holder tokens of its collective. Idempotent. */
export async function revokeToken(ctx: CommandContext, id: string): Promise<void> {
  requireWriter(ctx, "revoke tokens");
  const { actor, deps } = ctx;
  await commitTo(ctx, `token:${id}`, async () => {
    const row = await findToken(deps.db, id);
    const visible =
      row && (actor.role === "admin" || (actor.role === "registrar" && row.role === "holder" && row.collectiveCode === actor.collectiveCode));
    if (!row || !visible) throw new DomainError("token_not_found", `No token ${id} in your scope.`);
    if (row.revokedAtMs !== null) return { unchanged: undefined };
    return {
      journal: { type: "token.revoked", subject: id, collectiveCode: row.collectiveCode, data: {} },
      writes: () => [deps.db.update(tokens).set({ revokedAtMs: deps.clock.nowMs() }).where(eq(tokens.id, id))],
      result: undefined,
    };
  });
}
