import { householdMembers } from "../../../schema/index.js";
import { DomainError } from "../../domain/errors.js";
import { checkMemberJoin, type JoinReason } from "../../domain/household-changes.js";
import { relationCodeOf, type HouseholdMemberInput } from "../../domain/households.js";
import { activeHomesteadsOf } from "../../storage/homesteads.js";
import { activeHouseholdTies, findHousehold, householdMembersOf, type HouseholdMemberRow, type HouseholdRow } from "../../storage/households.js";
import { activePlotsOfContracts, contractsOfHouseholds } from "../../storage/land.js";
import { activeMemberIds } from "../../storage/memberships.js";
import { findPersons } from "../../storage/persons.js";
import type { CollectiveRow } from "../../storage/collectives.js";
import type { Deps } from "../../deps.js";
import { invariant } from "../../lib/invariant.js";
import { TitleWork } from "../titles/title-work.js";
import { commitTo, rejectFutureDate, type CommandContext } from "../context.js";
import { quotePersonId } from "../members/view.js";
import { formerMembersOf, householdRights } from "./get-household.js";
import { householdForWrite, householdHolderAfter, inRecordOrder, RegistrationWork, reissueHouseholdCertificates } from "./household-change-work.js";
import { householdView } from "./view.js";

export interface MemberJoinInput extends HouseholdMemberInput {
  joinedOn: string;
  reason: JoinReason;
}

export type HouseholdChangeResult = {
  created: boolean;
  household: ReturnType<typeof householdView>;
  certificates: { issued: string[]; superseded: string[]; cancelled: string[] };
};

const NO_CERTIFICATES = { issued: [], superseded: [], cancelled: [] };

/**
 * A person joins a household (birth, marriage in, adoption): one registration with its history, journaled; the
 * household's certificates are reissued listing every member and co-holder (LC-2). The person must already be an
 * active member of the collective (admitted first) and in no other household of it. Same facts again: 200.
 */
export async function joinHousehold(ctx: CommandContext, contractorCode: string, input: MemberJoinInput) {
  rejectFutureDate(ctx, input.joinedOn, "joinedOn");
  const { collective } = await householdForWrite(ctx, contractorCode, "change households");
  const { db, ids, clock } = ctx.deps;
  return commitTo<HouseholdChangeResult>(ctx, collective.code, async () => {
    const household = await findHousehold(db, contractorCode);
    invariant(household, "households are never deleted");
    const [members, former] = await Promise.all([householdMembersOf(db, contractorCode), formerMembersOf(db, contractorCode)]);
    const person = (await findPersons(db, [input.personId])).get(input.personId);
    if (!person) throw new DomainError("person_not_found", `No person ${quotePersonId(input.personId)}; register the person first.`);
    const here = members.find((m) => m.personId === input.personId);
    if (here) {
      const same = here.relation === input.relation && here.relationCode === relationCodeOf(input) && here.coHolder === input.coHolder && here.joinedOn === input.joinedOn && here.joinReason === input.reason;
      if (!same) throw new DomainError("person_already_in_household", `Person ${quotePersonId(input.personId)} already belongs to household ${contractorCode} with other facts.`);
      const people = await findPersons(db, [...members, ...former].map((m) => m.personId));
      return { unchanged: { created: false, household: householdView(household, members, people, ctx.actor, await householdRights(db, contractorCode), former), certificates: NO_CERTIFICATES } };
    }
    const [tie] = await activeHouseholdTies(db, collective.code, [input.personId]);
    const isMember = (await activeMemberIds(db, collective.code, [input.personId])).has(input.personId);
    const rejected = checkMemberJoin(input, { householdActive: household.status === "active", personIsMember: isMember, householdOfPerson: tie?.contractorCode ?? null });
    if (rejected) throw new DomainError(rejected, describeJoin(rejected, contractorCode, input.personId, tie?.contractorCode));

    const row: HouseholdMemberRow = {
      id: ids("hhm"),
      collectiveCode: collective.code,
      contractorCode,
      personId: input.personId,
      relation: input.relation,
      relationCode: relationCodeOf(input),
      coHolder: input.coHolder,
      status: "active",
      joinedOn: input.joinedOn,
      joinReason: input.reason,
      leftOn: null,
      leftReason: null,
      createdAtMs: clock.nowMs(),
    };
    const after = [...members, row];
    const change = await memberChange(ctx.deps, collective, household, after, input.joinedOn);
    const people = await findPersons(db, [...after, ...former].map((m) => m.personId));
    return {
      journal: {
        type: "household.member_joined",
        subject: contractorCode,
        collectiveCode: collective.code,
        data: { personId: input.personId, relation: input.relation, relationCode: row.relationCode, coHolder: input.coHolder, joinedOn: input.joinedOn, reason: input.reason, certificates: change.titles.summary },
      },
      writes: (journalSeq) => [db.insert(householdMembers).values(row), ...change.writes(journalSeq)],
      result: { created: true, household: householdView(household, inRecordOrder(after), people, ctx.actor, change.rights, former), certificates: change.titles.summary },
    };
  });
}

/**
 * The register side of a change of a household's members or representative: every contract and homestead it holds
 * gets a new registration and certificate naming the household as it is after the change (`members`, `household`).
 */
export async function memberChange(deps: Deps, collective: CollectiveRow, household: HouseholdRow, members: HouseholdMemberRow[], effectiveOn: string) {
  const { db } = deps;
  const contracts = (await contractsOfHouseholds(db, [household.contractorCode])).filter((c) => c.status === "active");
  const plots = await activePlotsOfContracts(db, contracts.map((c) => c.contractCode));
  const homesteads = await activeHomesteadsOf(db, [household.contractorCode]);
  const people = await findPersons(db, [...members.map((m) => m.personId), household.representativeId]);
  // No title version is written (the holder, the household, does not change): the act only names the certificates' registration.
  const titles = new TitleWork(deps, collective, "first-registration", effectiveOn);
  const registrations = new RegistrationWork(deps, collective.code, "member-change", effectiveOn);
  await reissueHouseholdCertificates(deps, titles, registrations, household.contractorCode, householdHolderAfter(household.contractorCode, household.representativeId, members, people), {
    contracts: contracts.map((contract) => ({ contract, plotCodes: plots.filter((p) => p.contractCode === contract.contractCode).map((p) => p.plot.plotCode) })),
    homesteads,
  });
  return {
    titles,
    rights: { contractCodes: contracts.map((c) => c.contractCode), homesteadUnitNumbers: homesteads.map((h) => h.unitNumber) },
    writes: (journalSeq: Parameters<TitleWork["writes"]>[0]) => [...registrations.writes(journalSeq), ...titles.writes(journalSeq)],
  };
}

function describeJoin(code: string, contractorCode: string, personId: string, otherHousehold: string | undefined): string {
  switch (code) {
    case "relation_code_mismatch":
      return "The relationCode does not fit the relation (GB/T 4761: head 01/02, spouse 1x, son 2x, daughter 3x, grandchild 4x, father 51/53/55/57, mother 52/54/56/58, non-relative 99).";
    case "household_not_active":
      return `Household ${contractorCode} is dissolved; it takes no new member.`;
    case "person_not_member":
      return `Person ${quotePersonId(personId)} is not an active member of the collective: confirm the membership first (POST /v1/collectives/{code}/members), then list the person in the household.`;
    default:
      return `Person ${quotePersonId(personId)} already belongs to household ${otherHousehold} of this collective: record the departure there first.`;
  }
}
