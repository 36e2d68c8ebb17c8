import { createMiddleware } from "hono/factory";
import { authenticate as actorOf } from "../commands/tokens/authenticate.js";
import type { AppEnv } from "./types.js";
import { problemResponse } from "./problem.js";

/** Authentication only: bearer token → c.var.actor. What the actor may do is decided by each command. */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header("Authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) return problemResponse(c, "unauthenticated", "Send Authorization: Bearer <token>.");
  const actor = await actorOf(c.var.deps, match[1]);
  if (!actor) return problemResponse(c, "unauthenticated", "The token is unknown or revoked.");
  c.set("actor", actor);
  await next();
});
