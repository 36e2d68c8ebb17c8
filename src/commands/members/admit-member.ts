import { DomainError } from "../../domain/errors.js";
import { checkAdmission, type MembershipBasis } from "../../domain/membership.js";
import { admissionNeedsResolution } from "../../domain/resolutions.js";
import { memberships } from "../../../schema/index.js";
import { currentHukou } from "../../storage/persons.js";
import { indexInDirectory, personInCounty } from "../persons/directory.js";
import { countyOfCollective } from "../../domain/routing.js";
import { findMembership as currentMembership } from "../../storage/memberships.js";
import { collectiveForWrite, commitTo, rejectFutureDate, type CommandContext } from "../context.js";
import { memberView, quotePersonId } from "./view.js";
import { requirePassingResolution } from "../resolutions/require-resolution.js";

export interface AdmitMemberInput {
  personId: string;
  joinedOn: string;
  basis: MembershipBasis;
  /** Required unless basis is `original`: a recorded, passing general meeting's resolution confirming members. */
  resolutionRef?: string;
}

/**
 * Confirms a member of the collective (RCEO Law Art. 12): by a passing resolution of the members' general meeting
 * on member confirmation, recorded beforehand (commands/resolutions); members confirmed in an earlier reform
 * (`original`, imported rosters) need none (Art. 66). Hukou is evidence for the meeting, not a condition here.
 */
export async function admitMember(ctx: CommandContext, code: string, input: AdmitMemberInput) {
  await collectiveForWrite(ctx, code, "admit members");
  rejectFutureDate(ctx, input.joinedOn, "joinedOn");
  if (admissionNeedsResolution(input.basis) && input.resolutionRef === undefined)
    throw new DomainError(
      "resolution_ref_required",
      `resolutionRef is required for a member by ${input.basis}: members are confirmed by a resolution of the members' general meeting (RCEO Law Art. 12); only members confirmed in an earlier reform (basis original, Art. 66) need none.`,
    );
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
    // The registration is the act; a membership by birth may begin (joinedOn) before the meeting confirmed it.
    if (admissionNeedsResolution(input.basis)) await requirePassingResolution(db, code, input.resolutionRef!, "member-confirmation", { actOn: clock.today() });
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
