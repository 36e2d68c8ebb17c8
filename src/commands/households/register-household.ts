import type { BatchItem } from "drizzle-orm/batch";
import { DomainError } from "../../domain/errors.js";
import { checkHouseholdShape, relationCodeOf, type HouseholdInput } from "../../domain/households.js";
import { householdMembers, households } from "../../../schema/index.js";
import { activeHouseholdTies, findHousehold, householdMembersOf } from "../../storage/households.js";
import { activeMemberIds } from "../../storage/memberships.js";
import { findPersons } from "../../storage/persons.js";
import { insertChunks } from "../../storage/chunks.js";
import { indexInDirectory, personInCounty } from "../persons/directory.js";
import { countyOfCollective } from "../../domain/routing.js";
import { collectiveForWrite, commitTo, type CommandContext } from "../context.js";
import { quotePersonId } from "../members/view.js";
import { householdRights } from "./get-household.js";
import { householdView } from "./view.js";

/** Registers a contracting household with its members and co-holders (共有人). Same facts again: 200, unchanged. */
export async function registerHousehold(ctx: CommandContext, code: string, input: HouseholdInput) {
  const collective = await collectiveForWrite(ctx, code, "register households");
  const shape = checkHouseholdShape(input, collective.issuerCode);
  if (shape) throw new DomainError(shape, describe(shape, input, collective.issuerCode));
  const { db, clock, ids } = ctx.deps;
  const personIds = input.members.map((m) => m.personId);

  const registered = await commitTo<{ created: boolean; household: ReturnType<typeof householdView> }>(ctx, code, async () => {
    const people = await findPersons(db, personIds);
    // In a routed deployment a member may be registered in another county: copy them here in this batch.
    const copies: BatchItem<"sqlite">[] = [];
    for (const id of personIds.filter((p) => !people.has(p))) {
      const { person, copy } = await personInCounty(ctx, id);
      if (person && copy) (people.set(id, person), copies.push(copy));
    }
    const missing = personIds.find((id) => !people.has(id));
    if (missing) throw new DomainError("person_not_found", `No person ${quotePersonId(missing)}; register the person first.`);
    const existing = await findHousehold(db, input.contractorCode);
    if (existing) {
      const members = await householdMembersOf(db, existing.contractorCode);
      if (existing.collectiveCode !== code || !sameHousehold(input, existing.representativeId, members))
        throw new DomainError("household_already_registered", `Household ${input.contractorCode} is registered with other facts.`);
      const rights = await householdRights(db, existing.contractorCode);
      return { unchanged: { created: false, household: householdView(existing, members, people, ctx.actor, rights) } };
    }
    if (!(await activeMemberIds(db, code, [input.representativeId])).has(input.representativeId))
      throw new DomainError("representative_not_member", `The representative ${quotePersonId(input.representativeId)} is not an active member of ${code}.`);
    const [tie] = await activeHouseholdTies(db, code, personIds);
    if (tie) throw new DomainError("person_already_in_household", `Person ${quotePersonId(tie.personId)} already belongs to household ${tie.contractorCode}.`);

    const nowMs = clock.nowMs();
    const row = { contractorCode: input.contractorCode, collectiveCode: code, representativeId: input.representativeId, status: "active" as const, homesteadBarred: null, createdAtMs: nowMs };
    const memberRows = input.members
      .map((m) => ({
        id: ids("hhm"),
        collectiveCode: code,
        contractorCode: input.contractorCode,
        personId: m.personId,
        relation: m.relation,
        relationCode: relationCodeOf(m),
        coHolder: m.coHolder,
        status: "active" as const,
        createdAtMs: nowMs,
      }))
      // the order the stored record answers in (storage/households.ts householdMembersOf: relation code, then id)
      .sort((a, b) => byText(a.relationCode, b.relationCode) || byText(a.id, b.id));
    return {
      journal: {
        type: "household.registered",
        subject: input.contractorCode,
        collectiveCode: code,
        data: { representativeId: input.representativeId, members: memberRows.map(({ personId, relation, relationCode, coHolder }) => ({ personId, relation, relationCode, coHolder })) },
      },
      writes: () => [...copies, db.insert(households).values(row), ...insertChunks(memberRows).map((part) => db.insert(householdMembers).values(part))],
      result: { created: true, household: householdView(row, memberRows, people, ctx.actor, { contractCodes: [], homesteadUnitNumbers: [] }) },
    };
  });
  if (ctx.deps.router.routed) {
    for (const person of (await findPersons(db, personIds)).values()) await indexInDirectory(ctx, person, countyOfCollective(code));
  }
  return registered;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function sameHousehold(input: HouseholdInput, representativeId: string, members: { personId: string; relation: string; relationCode: string; coHolder: boolean }[]) {
  if (representativeId !== input.representativeId || members.length !== input.members.length) return false;
  return input.members.every((m) =>
    members.some((r) => r.personId === m.personId && r.relation === m.relation && r.relationCode === relationCodeOf(m) && r.coHolder === m.coHolder),
  );
}

function describe(code: string, input: HouseholdInput, issuerCode: string): string {
  switch (code) {
    case "contractor_code_outside_issuer":
      return `Contractor code ${input.contractorCode} must begin with this collective's issuing-party code ${issuerCode}.`;
    case "contractor_code_not_household":
      return `Contractor code ${input.contractorCode} has sequence ${input.contractorCode.slice(14)}; households use 0001–8000 (8001–9000 individuals, 9001–9999 organizations).`;
    case "household_member_duplicated":
      return "A person is listed twice among the members.";
    case "relation_code_mismatch":
      return "A relationCode does not fit its relation (GB/T 4761: head 01/02, spouse 1x, son 2x, daughter 3x, grandchild 4x, father 51/53/55/57, mother 52/54/56/58, non-relative 99).";
    case "representative_not_in_household":
      return `The representative ${quotePersonId(input.representativeId)} must be listed among the members.`;
    default:
      return `Contractor code ${input.contractorCode} must be 18 digits: the 14-digit issuing-party code and a sequence 0001–9999.`;
  }
}
