import { isReadOnly, writesCollective, type Actor } from "../domain/access.js";
import { DomainError } from "../domain/errors.js";
import type { Deps } from "../deps.js";
import { commit, type Decision, type IdempotencyClaim, type Unchanged } from "../storage/commit.js";

export { IdempotencyKeyClaimed } from "../storage/commit.js";
import { findCollective, type CollectiveRow } from "../storage/collectives.js";

export interface CommandContext {
  deps: Deps;
  actor: Actor;
  /** Set by the HTTP layer when the request carries an Idempotency-Key. */
  idempotency?: IdempotencyClaim;
}

/** Rule 1 of domain/access.ts: bureau and holder tokens are read-only. */
export function requireWriter(ctx: CommandContext, what: string): void {
  if (isReadOnly(ctx.actor)) throw new DomainError("forbidden", `A ${ctx.actor.role} token is read-only; it may not ${what}.`);
}

/** The collective this write happens in: the caller must be a writer and see it, else it does not exist. */
export async function collectiveForWrite(ctx: CommandContext, code: string, what: string): Promise<CollectiveRow> {
  requireWriter(ctx, what);
  const collective = writesCollective(ctx.actor, code) ? await findCollective(ctx.deps.db, code) : null;
  if (!collective) throw new DomainError("collective_not_found", `No collective ${code} in your scope.`);
  return collective;
}

/** Runs a decision on the collective's stream (its consistency boundary) and journals it in the same batch. */
export function commitTo<T>(ctx: CommandContext, stream: string, decide: () => Promise<Decision<T> | Unchanged<T>>) {
  return commit({ db: ctx.deps.db, actor: ctx.actor.tokenId, nowMs: ctx.deps.clock.nowMs(), idempotency: ctx.idempotency }, stream, decide);
}

/** Legal dates may not lie after today in China Standard Time. */
export function rejectFutureDate(ctx: CommandContext, date: string, field: string): void {
  const today = ctx.deps.clock.today();
  if (date > today) throw new DomainError("date_in_future", `${field} ${date} is after today (${today}, China Standard Time).`);
}
