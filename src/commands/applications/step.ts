import { eq } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { checkMove, type ApplicationType, type Move } from "../../domain/applications.js";
import { DomainError } from "../../domain/errors.js";
import { applications } from "../../../schema/index.js";
import { applicationDetails, findApplication, type ApplicationRow } from "../../storage/applications.js";
import type { journalSeqOf } from "../../storage/commit.js";
import { invariant } from "../../lib/invariant.js";
import { commitTo, type CommandContext } from "../context.js";
import { visibleApplication } from "./access.js";
import { applicationView, type ApplicationView } from "./view.js";

type Details = Awaited<ReturnType<typeof applicationDetails>>;

export interface StepOutcome {
  changes: Partial<ApplicationRow>;
  details?: Details;
  writes?: (journalSeq: ReturnType<typeof journalSeqOf>) => BatchItem<"sqlite">[];
  /** Writes that must come after the application's own update (e.g. ledger entries after a reservation is released). */
  writesAfter?: (journalSeq: ReturnType<typeof journalSeqOf>) => BatchItem<"sqlite">[];
  journalType: string;
  data?: Record<string, unknown>;
}

/**
 * One step of an application's workflow: authorize, then on the collective's stream re-read the application,
 * check the move is legal from its current state, and commit the step with its journal row in one batch.
 */
export async function runStep(
  ctx: CommandContext,
  id: string,
  opts: {
    move: Move;
    authorize: (row: ApplicationRow) => Promise<void> | void;
    apply: (row: ApplicationRow, details: Details, today: string) => Promise<StepOutcome> | StepOutcome;
  },
): Promise<ApplicationView> {
  const { row: seen } = await visibleApplication(ctx, id);
  await opts.authorize(seen);
  const { db, clock } = ctx.deps;
  return commitTo(ctx, seen.collectiveCode, async () => {
    const row = await findApplication(db, id);
    invariant(row, "an application is never deleted");
    const illegal = checkMove(row.status, opts.move);
    if (illegal) throw new DomainError(illegal, `The application is ${row.status}; it cannot ${opts.move.replace("-", " ")} now.`);
    const details = await applicationDetails(db, id);
    const outcome = await opts.apply(row, details, clock.today());
    const updated = { ...row, ...outcome.changes, updatedAtMs: clock.nowMs() };
    const view = applicationView(updated, outcome.details ?? details);
    return {
      journal: { type: outcome.journalType, subject: id, collectiveCode: row.collectiveCode, data: { status: updated.status, ...(outcome.data ?? {}) } },
      writes: (journalSeq) => [
        ...(outcome.writes?.(journalSeq) ?? []),
        db.update(applications).set({ ...outcome.changes, updatedAtMs: updated.updatedAtMs }).where(eq(applications.id, id)),
        ...(outcome.writesAfter?.(journalSeq) ?? []),
      ],
      result: view,
    };
  });
}

/**
 * A step taken through the routes of one type: a withdrawal is not found under /v1/transfers, nor a transfer
 * under /v1/withdrawals. The type never changes (the database refuses it), so checking it first is enough.
 */
export async function stepOn<T>(ctx: CommandContext, type: ApplicationType, id: string, step: () => Promise<T>): Promise<T> {
  await visibleApplication(ctx, id, type);
  return step();
}
