import { DomainError } from "../../domain/errors.js";
import { checkAdmission, type MembershipBasis } from "../../domain/membership.js";
import { memberships } from "../../../schema/index.js";
import { currentHukou } from "../../storage/persons.js";
import { indexInDirectory, personInCounty } from "../persons/directory.js";
import { countyOfCollective } from "../../domain/routing.js";
import { findMembership as currentMembership } from "../../storage/memberships.js";
import { collectiveForWrite, commitTo, rejectFutureDate, type CommandContext } from "../context.js";
import { memberView, quotePersonId } from "./view.js";

export interface AdmitMemberInput {
  personId: string;
  joinedOn: string;
  basis: MembershipBasis;
  resolutionRef?: string;
}

/** Confirms a member of the collective (RCEO Law Art. 12). Hukou is evidence for the meeting, not a condition here. */
export async function admitMember(ctx: CommandContext, code: string, input: AdmitMemberInput) {
  await collectiveForWrite(ctx, code, "admit members");
  rejectFutureDate(ctx, input.joinedOn, "joinedOn");
  const { db, clock, ids } = ctx.deps;
  const admitted = await commitTo(ctx, code, async () => {
    const { person, copy } = await personInCounty(ctx, input.personId);
    if (!person) throw new DomainError("person_not_found", `No person ${quotePersonId(input.personId)}; register the person first.`);
    const rejected = checkAdmission(await currentMembership(db, code, input.personId), input.joinedOn, person.birthDate);
    if (rejected)
      throw new DomainError(
        rejected,
        rejected === "joined_before_birth"
          ? `joinedOn ${input.joinedOn} is before the person's birth date; a membership by birth begins on the birth date.`
          : `Person ${quotePersonId(input.personId)} is already an active member of ${code}.`,
      );
    const row = {
      id: ids("mbr"),
      collectiveCode: code,
      personId: input.personId,
      joinedOn: input.joinedOn,
      basis: input.basis,
      resolutionRef: input.resolutionRef ?? null,
      status: "active" as const,
      endedOn: null,
      endReason: null,
      endNote: null,
      createdAtMs: clock.nowMs(),
      endedAtMs: null,
    };
    const hukou = (await currentHukou(db, [person.id])).get(person.id);
    return {
      journal: { type: "member.admitted", subject: input.personId, collectiveCode: code, data: { joinedOn: row.joinedOn, basis: row.basis, resolutionRef: row.resolutionRef } },
      writes: () => [...(copy ? [copy] : []), db.insert(memberships).values(row)],
      result: { view: memberView(row, person, hukou, ctx.actor), person },
    };
  });
  await indexInDirectory(ctx, admitted.person, countyOfCollective(code));
  return admitted.view;
}
