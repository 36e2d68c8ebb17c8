import { and, eq } from "drizzle-orm";
import { households } from "../../../schema/index.js";
import { DomainError } from "../../domain/errors.js";
import { checkRepresentativeChange } from "../../domain/household-changes.js";
import { findHousehold, householdMembersOf } from "../../storage/households.js";
import { activeMemberIds } from "../../storage/memberships.js";
import { findPersons } from "../../storage/persons.js";
import { invariant } from "../../lib/invariant.js";
import { commitTo, rejectFutureDate, type CommandContext } from "../context.js";
import { quotePersonId } from "../members/view.js";
import { formerMembersOf, householdRights } from "./get-household.js";
import { householdForWrite } from "./household-change-work.js";
import { memberChange, type HouseholdChangeResult } from "./member-joins.js";
import { householdView } from "./view.js";

export interface RepresentativeChangeInput {
  personId: string;
  changedOn: string;
}

/**
 * The household's representative (承包方代表) changes to another active member of the household who is an active
 * member of the collective. The certificates name the representative: they are reissued. The same representative
 * again: 200, unchanged.
 */
export async function changeRepresentative(ctx: CommandContext, contractorCode: string, input: RepresentativeChangeInput) {
  rejectFutureDate(ctx, input.changedOn, "changedOn");
  const { collective } = await householdForWrite(ctx, contractorCode, "change households");
  const { db } = ctx.deps;
  return commitTo<HouseholdChangeResult>(ctx, collective.code, async () => {
    const household = await findHousehold(db, contractorCode);
    invariant(household, "households are never deleted");
    const [members, former] = await Promise.all([householdMembersOf(db, contractorCode), formerMembersOf(db, contractorCode)]);
    const people = await findPersons(db, [...members, ...former].map((m) => m.personId));
    if (household.representativeId === input.personId && household.status === "active") {
      const view = householdView(household, members, people, ctx.actor, await householdRights(db, contractorCode), former);
      return { unchanged: { created: false, household: view, certificates: { issued: [], superseded: [], cancelled: [] } } };
    }
    const rejected = checkRepresentativeChange({
      householdActive: household.status === "active",
      inHousehold: members.some((m) => m.personId === input.personId),
      isMember: (await activeMemberIds(db, collective.code, [input.personId])).has(input.personId),
    });
    if (rejected)
      throw new DomainError(
        rejected,
        rejected === "household_not_active"
          ? `Household ${contractorCode} is dissolved.`
          : rejected === "person_not_in_household"
            ? `Person ${quotePersonId(input.personId)} is not an active member of household ${contractorCode}: the representative is one of its members.`
            : `Person ${quotePersonId(input.personId)} is not an active member of the collective; the representative must be one.`,
      );
    const changed = { ...household, representativeId: input.personId };
    const change = await memberChange(ctx.deps, collective, changed, members, input.changedOn);
    return {
      journal: {
        type: "household.representative_changed",
        subject: contractorCode,
        collectiveCode: collective.code,
        data: { from: household.representativeId, to: input.personId, changedOn: input.changedOn, certificates: change.titles.summary },
      },
      writes: (journalSeq) => [
        db
          .update(households)
          .set({ representativeId: input.personId })
          .where(and(eq(households.contractorCode, contractorCode), eq(households.representativeId, household.representativeId))),
        ...change.writes(journalSeq),
      ],
      result: { created: false, household: householdView(changed, members, people, ctx.actor, change.rights, former), certificates: change.titles.summary },
    };
  });
}
