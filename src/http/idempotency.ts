import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { CommandContext } from "../commands/context.js";
import { contextIn } from "./context.js";
import { storedResponse } from "../commands/idempotency/stored-response.js";
import { sha256Hex } from "../lib/hash.js";
import type { AppEnv } from "./types.js";

/** The optional header of every POST; documented once, validated by zod like any input. */
export const IdempotencyHeaders = z.object({
  "idempotency-key": z
    .string()
    .regex(/^[\x21-\x7e]{1,200}$/, "must be 1–200 visible ASCII characters")
    .optional()
    .openapi({
      description:
        "Exactly once: a retry with the same key and body gets the first answer again (same status and body, header `Idempotency-Replayed: true`) and changes nothing; the same key with another body is 409 `idempotency_key_reused`. Refusals are not stored: a retry is judged afresh.",
      example: "8d1f6c1e-2f4b-4c1a-9b7e-0c6f1d2a3b4c",
    }),
});

/**
 * Runs a write exactly once per Idempotency-Key. The answer is stored by the command's own batch, together with
 * the change, so a crash between the two cannot happen and a retry after a restart replays it.
 */
export async function idempotent<T>(
  c: Context<AppEnv>,
  body: unknown,
  run: (ctx: CommandContext) => Promise<T>,
  respond: (result: T) => { status: ContentfulStatusCode; body: unknown },
  county: string | null = null,
): Promise<never> {
  // The answer is stored in the database of the county the request is routed to, beside the change it answers.
  const ctx: CommandContext = contextIn(c, county);
  const key = c.req.header("Idempotency-Key");
  if (!key) {
    const answer = respond(await run(ctx));
    return c.json(answer.body as object, answer.status) as never;
  }
  const requestHash = await sha256Hex(`${c.req.method} ${c.req.path}\n${JSON.stringify(body ?? null)}`);
  const replay = async () => {
    const stored = await storedResponse(ctx, key, requestHash);
    return stored ? (c.body(stored.body, stored.status as ContentfulStatusCode, { "Content-Type": "application/json", "Idempotency-Replayed": "true" }) as never) : null;
  };
  const earlier = await replay();
  if (earlier) return earlier;
  try {
    const answer = respond(await run({ ...ctx, idempotency: { key, requestHash, respond: respond as (r: never) => { status: number; body: unknown } } }));
    return c.json(answer.body as object, answer.status) as never;
  } catch (error) {
    // A concurrent request with the same key may have committed while this one ran: whatever this one hit
    // (the key's UNIQUE row, or a rule the first request's change now breaks), the answer is the stored one.
    const stored = await replay();
    if (stored) return stored;
    throw error;
  }
}
