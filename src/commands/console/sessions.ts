import { eq } from "drizzle-orm";
import { consoleSessions } from "../../../schema/index.js";
import type { Actor } from "../../domain/access.js";
import type { Deps } from "../../deps.js";
import { newBearerToken, sha256Hex } from "../../lib/hash.js";
import { findLiveSession } from "../../storage/sessions.js";
import { authenticate } from "../tokens/authenticate.js";
import { commitTo } from "../context.js";

/** How long a console session lasts without signing in again: a working day. */
export const SESSION_MS = 12 * 3_600_000;

export interface OpenedSession {
  /** The cookie's value: shown to the browser once, stored only as its hash. */
  sessionId: string;
  csrf: string;
  actor: Actor;
  expiresAtMs: number;
}

/**
 * Signing in to the console with a bearer token: a new session of that token, journaled on the token's stream
 * (`console.session_opened`: who used the console, and when). An unknown or revoked token opens nothing: null.
 */
export async function openSession(deps: Deps, token: string): Promise<OpenedSession | null> {
  const actor = await authenticate(deps, token);
  if (!actor) return null;
  const sessionId = newBearerToken().slice(3);
  const csrf = newBearerToken().slice(3);
  const nowMs = deps.clock.nowMs();
  const idHash = await sha256Hex(sessionId);
  const expiresAtMs = nowMs + SESSION_MS;
  await commitTo({ deps, actor }, `token:${actor.tokenId}`, async () => ({
    // No collective: a sign-in is not a change of any collective (and an import's lock on one does not refuse it).
    journal: { type: "console.session_opened", subject: actor.tokenId, collectiveCode: null, data: { expiresAtMs } },
    writes: () => [deps.db.insert(consoleSessions).values({ idHash, tokenId: actor.tokenId, csrf, createdAtMs: nowMs, expiresAtMs })],
    result: undefined,
  }));
  return { sessionId, csrf, actor, expiresAtMs };
}

export interface LiveSession {
  actor: Actor;
  csrf: string;
  idHash: string;
}

/** The session a cookie names, if it is live and its token still is: the actor it stands for. */
export async function sessionOf(deps: Deps, sessionId: string): Promise<LiveSession | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(sessionId)) return null;
  const idHash = await sha256Hex(sessionId);
  const row = await findLiveSession(deps.db, idHash, deps.clock.nowMs());
  if (!row) return null;
  const { token } = row;
  return {
    idHash,
    csrf: row.session.csrf,
    actor: { tokenId: token.id, role: token.role, collectiveCode: token.collectiveCode, regionPrefix: token.regionPrefix, personId: token.personId },
  };
}

/** Signing out: the session ends (once), journaled beside its opening. */
export async function closeSession(deps: Deps, session: LiveSession): Promise<void> {
  const { actor } = session;
  await commitTo({ deps, actor }, `token:${actor.tokenId}`, async () => ({
    journal: { type: "console.session_closed", subject: actor.tokenId, collectiveCode: null, data: {} },
    writes: () => [deps.db.update(consoleSessions).set({ endedAtMs: deps.clock.nowMs() }).where(eq(consoleSessions.idHash, session.idHash))],
    result: undefined,
  }));
}
