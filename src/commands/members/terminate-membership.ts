import { eq } from "drizzle-orm";
import { DomainError } from "../../domain/errors.js";
import { checkTermination, type TerminationReason } from "../../domain/membership.js";
import { memberships } from "../../../schema/index.js";
import { currentHukou, findPerson } from "../../storage/persons.js";
import { invariant } from "../../lib/invariant.js";
import { findMembership as currentMembership } from "../../storage/memberships.js";
import { collectiveForWrite, commitTo, rejectFutureDate, type CommandContext } from "../context.js";
import { memberView, quotePersonId } from "./view.js";

export interface TerminateInput {
  reason: TerminationReason;
  effectiveOn: string;
  note?: string;
}

/**
 * Ends a membership for a ground of RCEO Law Art. 17 or the charter. The rights the person holds are not touched
 * here: contract rights stay with the household, shares stay until succession, redemption or transfer.
 */
export async function terminateMembership(ctx: CommandContext, code: string, personId: string, input: TerminateInput) {
  await collectiveForWrite(ctx, code, "end memberships");
  rejectFutureDate(ctx, input.effectiveOn, "effectiveOn");
  const { db, clock } = ctx.deps;
  return commitTo(ctx, code, async () => {
    const current = await currentMembership(db, code, personId);
    const rejected = checkTermination(current, input.effectiveOn);
    if (rejected === "member_not_found") throw new DomainError(rejected, `Person ${quotePersonId(personId)} has never been a member of ${code}.`);
    if (rejected)
      throw new DomainError(
        rejected,
        rejected === "membership_not_active"
          ? `The membership of ${quotePersonId(personId)} in ${code} already ended on ${current?.endedOn}.`
          : `effectiveOn ${input.effectiveOn} is before the member joined (${current?.joinedOn}).`,
      );
    invariant(current, "membership checked above");
    const person = await findPerson(db, personId);
    invariant(person, "a membership references a person");
    const changes = { status: "ended" as const, endedOn: input.effectiveOn, endReason: input.reason, endNote: input.note ?? null, endedAtMs: clock.nowMs() };
    const hukou = (await currentHukou(db, [personId])).get(personId);
    return {
      journal: { type: "member.terminated", subject: personId, collectiveCode: code, data: { reason: input.reason, effectiveOn: input.effectiveOn, note: input.note ?? null } },
      writes: () => [db.update(memberships).set(changes).where(eq(memberships.id, current.id))],
      result: memberView({ ...current, ...changes }, person, hukou, ctx.actor),
    };
  });
}
