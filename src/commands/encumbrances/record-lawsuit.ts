import { eq } from "drizzle-orm";
import { checkLawsuit } from "../../domain/encumbrances.js";
import { DomainError } from "../../domain/errors.js";
import { encumbrances } from "../../../schema/index.js";
import { collectiveForWrite, commitTo, type CommandContext } from "../context.js";
import { encumbranceOf } from "./read-encumbrances.js";
import { encumbranceView } from "./view.js";

/**
 * Records that the objector brought the lawsuit (Civil Code Art. 220): recorded while the objection is in effect
 * (within its 15 days), it keeps the objection in effect until it is lifted. Once.
 */
export async function recordLawsuit(ctx: CommandContext, code: string, id: string, input: { lawsuitRef: string }) {
  await collectiveForWrite(ctx, code, "record lawsuits");
  const { db, clock } = ctx.deps;
  return commitTo(ctx, code, async () => {
    const today = clock.today();
    const row = await encumbranceOf(ctx, code, id);
    const rejected = checkLawsuit(row, today);
    if (rejected)
      throw new DomainError(
        rejected,
        rejected === "objection_lapsed"
          ? `Objection ${id} lapsed after ${row.effectiveUntil}: no lawsuit was recorded within 15 days of its registration on ${row.registeredOn}.`
          : rejected === "lawsuit_already_recorded"
            ? `The lawsuit of objection ${id} was recorded on ${row.lawsuitRecordedOn} (${row.lawsuitRef}).`
            : rejected === "encumbrance_not_in_effect"
              ? `Objection ${id} was lifted on ${row.liftedOn}.`
              : `Encumbrance ${id} is a ${row.kind}, not an objection registration.`,
      );
    const updated = { ...row, lawsuitRef: input.lawsuitRef, lawsuitRecordedOn: today };
    const view = encumbranceView(updated, today);
    return {
      journal: { type: "encumbrance.lawsuit_recorded", subject: id, collectiveCode: code, data: { lawsuitRef: input.lawsuitRef, recordedOn: today, kind: row.kind, subjectKind: row.subjectKind, subject: row.subject } },
      writes: () => [db.update(encumbrances).set({ lawsuitRef: input.lawsuitRef, lawsuitRecordedOn: today }).where(eq(encumbrances.id, id))],
      result: view,
    };
  });
}
