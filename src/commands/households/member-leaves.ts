import { and, eq } from "drizzle-orm";
import { householdMembers } from "../../../schema/index.js";
import { DomainError } from "../../domain/errors.js";
import { checkMemberLeave, type LeaveReason } from "../../domain/household-changes.js";
import { findHousehold, householdMembersOf } from "../../storage/households.js";
import { findPersons } from "../../storage/persons.js";
import { invariant } from "../../lib/invariant.js";
import { commitTo, rejectFutureDate, type CommandContext } from "../context.js";
import { quotePersonId } from "../members/view.js";
import { formerMembersOf, householdRights } from "./get-household.js";
import { householdForWrite } from "./household-change-work.js";
import { memberChange, type HouseholdChangeResult } from "./member-joins.js";
import { householdView } from "./view.js";
import { literal } from "../../storage/prepared.js";

export interface MemberLeaveInput {
  leftOn: string;
  reason: LeaveReason;
}

/**
 * A person leaves the household (death, marriage out, joining another household). Only the household: the
 * membership of the collective is untouched (RCEO Law Art. 18 — a daughter who marries out keeps her rights until
 * another collective admits her; a death ends the membership by its own registration). The row is ended, never
 * deleted; the household's certificates are reissued without the person. The representative cannot leave until a
 * new one is named. The same departure again: 200, unchanged.
 */
export async function leaveHousehold(ctx: CommandContext, contractorCode: string, personId: string, input: MemberLeaveInput) {
  rejectFutureDate(ctx, input.leftOn, "leftOn");
  const { collective } = await householdForWrite(ctx, contractorCode, "change households");
  const { db } = ctx.deps;
  return commitTo<HouseholdChangeResult>(ctx, collective.code, async () => {
    const household = await findHousehold(db, contractorCode);
    invariant(household, "households are never deleted");
    const [members, former] = await Promise.all([householdMembersOf(db, contractorCode), formerMembersOf(db, contractorCode)]);
    const row = members.find((m) => m.personId === personId) ?? null;
    const left = former.filter((m) => m.personId === personId).at(-1);
    if (!row && left && left.leftOn === input.leftOn && left.leftReason === input.reason) {
      const people = await findPersons(db, [...members, ...former].map((m) => m.personId));
      const view = householdView(household, members, people, ctx.actor, await householdRights(db, contractorCode), former);
      return { unchanged: { created: false, household: view, certificates: { issued: [], superseded: [], cancelled: [] } } };
    }
    const rejected = checkMemberLeave(input.leftOn, { householdActive: household.status === "active", row, isRepresentative: household.representativeId === personId });
    if (rejected) throw new DomainError(rejected, describeLeave(rejected, contractorCode, personId, row?.joinedOn ?? null));
    invariant(row, "checked above");

    const ended = { ...row, status: "left" as const, leftOn: input.leftOn, leftReason: input.reason };
    const after = members.filter((m) => m.id !== row.id);
    const change = await memberChange(ctx.deps, collective, household, after, input.leftOn);
    const history = [...former, ended];
    const people = await findPersons(db, [...after, ...history].map((m) => m.personId));
    return {
      journal: {
        type: "household.member_left",
        subject: contractorCode,
        collectiveCode: collective.code,
        data: { personId, leftOn: input.leftOn, reason: input.reason, membershipOfCollective: "unchanged", certificates: change.titles.summary },
      },
      writes: (journalSeq) => [
        db.update(householdMembers).set({ status: "left", leftOn: input.leftOn, leftReason: input.reason }).where(and(eq(householdMembers.id, row.id), eq(householdMembers.status, literal("active")))),
        ...change.writes(journalSeq),
      ],
      result: { created: false, household: householdView(household, after, people, ctx.actor, change.rights, history), certificates: change.titles.summary },
    };
  });
}

function describeLeave(code: string, contractorCode: string, personId: string, joinedOn: string | null): string {
  switch (code) {
    case "household_not_active":
      return `Household ${contractorCode} is dissolved: its members left with it.`;
    case "person_not_in_household":
      return `Person ${quotePersonId(personId)} is not an active member of household ${contractorCode}.`;
    case "representative_cannot_leave":
      return `Person ${quotePersonId(personId)} represents household ${contractorCode}: name a new representative first (POST /v1/households/${contractorCode}/representative).`;
    default:
      return `leftOn is before the person joined the household (${joinedOn}).`;
  }
}
