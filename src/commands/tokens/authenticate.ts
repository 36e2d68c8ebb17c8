import type { Actor } from "../../domain/access.js";
import type { Deps } from "../../deps.js";
import { sha256Hex } from "../../lib/hash.js";
import { findActiveTokenByHash } from "../../storage/tokens.js";

/** A bearer token → the actor it stands for, or null when it is unknown or revoked. */
export async function authenticate(deps: Deps, token: string): Promise<Actor | null> {
  const row = await findActiveTokenByHash(deps.db, await sha256Hex(token));
  if (!row) return null;
  return { tokenId: row.id, role: row.role, collectiveCode: row.collectiveCode, regionPrefix: row.regionPrefix, personId: row.personId };
}
