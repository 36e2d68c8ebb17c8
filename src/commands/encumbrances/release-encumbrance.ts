import { eq } from "drizzle-orm";
import { checkRelease } from "../../domain/encumbrances.js";
import { DomainError } from "../../domain/errors.js";
import { encumbrances } from "../../../schema/index.js";
import { collectiveForWrite, commitTo, type CommandContext } from "../context.js";
import { encumbranceOf } from "./read-encumbrances.js";
import { encumbranceView } from "./view.js";

/** Lifts an encumbrance (解除: the court's order, the pledge's release, the objection withdrawn or decided), once. */
export async function releaseEncumbrance(ctx: CommandContext, code: string, id: string, input: { liftedOn: string; reason: string }) {
  await collectiveForWrite(ctx, code, "lift encumbrances");
  const { db, clock } = ctx.deps;
  return commitTo(ctx, code, async () => {
    const today = clock.today();
    const row = await encumbranceOf(ctx, code, id);
    const rejected = checkRelease(row, input.liftedOn, today);
    if (rejected)
      throw new DomainError(
        rejected,
        rejected === "date_in_future"
          ? `liftedOn ${input.liftedOn} is after today (China Standard Time).`
          : rejected === "encumbrance_lift_invalid"
            ? `liftedOn ${input.liftedOn} is before the registration on ${row.registeredOn}.`
            : row.liftedOn !== null
              ? `Encumbrance ${id} was already lifted on ${row.liftedOn}.`
              : `Encumbrance ${id} is no longer in effect (its effect ended after ${row.effectiveUntil}).`,
      );
    const updated = { ...row, liftedOn: input.liftedOn, liftReason: input.reason };
    return {
      journal: { type: "encumbrance.released", subject: id, collectiveCode: code, data: { liftedOn: input.liftedOn, reason: input.reason, kind: row.kind, subjectKind: row.subjectKind, subject: row.subject } },
      writes: () => [db.update(encumbrances).set({ liftedOn: input.liftedOn, liftReason: input.reason }).where(eq(encumbrances.id, id))],
      result: encumbranceView(updated, today),
    };
  });
}
