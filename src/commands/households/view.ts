import type { Actor } from "../../domain/access.js";
import type { HouseholdMemberRow, HouseholdRow } from "../../storage/households.js";
import type { PersonRow } from "../../storage/persons.js";
import { invariant } from "../../lib/invariant.js";
import { personView } from "../persons/view.js";

type HouseholdFields = Pick<HouseholdRow, "contractorCode" | "collectiveCode" | "representativeId" | "status"> &
  Partial<Pick<HouseholdRow, "origin" | "originJson" | "dissolvedOn">>;
type MemberFields = Pick<HouseholdMemberRow, "personId" | "relation" | "relationCode" | "coHolder"> &
  Partial<Pick<HouseholdMemberRow, "joinedOn" | "joinReason" | "leftOn" | "leftReason">>;

/** `former`: the rows of those who left the household (history; never deleted). */
export function householdView(
  row: HouseholdFields,
  members: MemberFields[],
  people: Map<string, PersonRow>,
  actor: Actor,
  rights: { contractCodes: string[]; homesteadUnitNumbers: string[] },
  former: MemberFields[] = [],
) {
  const person = (m: MemberFields) => {
    const found = people.get(m.personId);
    invariant(found, "a household member references a person");
    return personView(found, actor);
  };
  return {
    contractorCode: row.contractorCode,
    collectiveCode: row.collectiveCode,
    representativeId: row.representativeId,
    status: row.status,
    origin: row.origin ?? "registered",
    originHouseholds: row.originJson ? (JSON.parse(row.originJson) as string[]) : [],
    dissolvedOn: row.dissolvedOn ?? null,
    members: members.map((m) => ({
      person: person(m),
      relation: m.relation,
      relationCode: m.relationCode,
      coHolder: m.coHolder,
      joinedOn: m.joinedOn ?? null,
      joinReason: m.joinReason ?? null,
    })),
    formerMembers: former.map((m) => ({
      person: person(m),
      relation: m.relation,
      relationCode: m.relationCode,
      coHolder: m.coHolder,
      joinedOn: m.joinedOn ?? null,
      joinReason: m.joinReason ?? null,
      leftOn: m.leftOn ?? null,
      leftReason: m.leftReason ?? null,
    })),
    landContracts: rights.contractCodes,
    homesteads: rights.homesteadUnitNumbers,
  };
}
