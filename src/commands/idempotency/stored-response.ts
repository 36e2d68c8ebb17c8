import { DomainError } from "../../domain/errors.js";
import { findIdempotencyKey } from "../../storage/idempotency.js";
import type { CommandContext } from "../context.js";

/**
 * The stored answer to an Idempotency-Key, or null when the key is new. The same key from another token or with
 * another request is 409 idempotency_key_reused.
 */
export async function storedResponse(ctx: CommandContext, key: string, requestHash: string) {
  const row = await findIdempotencyKey(ctx.deps.db, key);
  if (!row) return null;
  if (row.actor !== ctx.actor.tokenId || row.requestHash !== requestHash)
    throw new DomainError("idempotency_key_reused", "This Idempotency-Key was already used for another request; use a new key for a new request.");
  return { status: row.status, body: row.responseJson };
}
