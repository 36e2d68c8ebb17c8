import { createMiddleware } from "hono/factory";
import { authenticate as actorOf } from "../commands/tokens/authenticate.js";
import type { AppEnv } from "./types.js";
import { problemResponse } from "./problem.js";

/**
 * Routes under /v1 that answer without a token: certificate verification, asked by whoever holds a certificate or
 * scanned its QR code (a bank, a court, a buyer). Matched by method and path, so the token-protected
 * GET /v1/certificates/{certificateNo} stays protected whatever the number.
 */
const PUBLIC_ROUTES: { methods: string[]; path: RegExp }[] = [
  { methods: ["POST"], path: /^\/v1\/certificates\/verification$/ },
  { methods: ["GET", "HEAD"], path: /^\/v1\/certificates\/[^/]+\/verification$/ },
];

export function isPublicRoute(method: string, path: string): boolean {
  return PUBLIC_ROUTES.some((r) => r.methods.includes(method) && r.path.test(path));
}

/** Authentication only: bearer token → c.var.actor. What the actor may do is decided by each command. */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  if (isPublicRoute(c.req.method, c.req.path)) return next();
  const header = c.req.header("Authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) return problemResponse(c, "unauthenticated", "Send Authorization: Bearer <token>.");
  const actor = await actorOf(c.var.deps, match[1]);
  if (!actor) return problemResponse(c, "unauthenticated", "The token is unknown or revoked.");
  c.set("actor", actor);
  await next();
});
