import type { Actor } from "../../domain/access.js";
import type { HouseholdMemberRow, HouseholdRow } from "../../storage/households.js";
import type { PersonRow } from "../../storage/persons.js";
import { invariant } from "../../lib/invariant.js";
import { personView } from "../persons/view.js";

export function householdView(
  row: HouseholdRow,
  members: HouseholdMemberRow[],
  people: Map<string, PersonRow>,
  actor: Actor,
  rights: { contractCodes: string[]; homesteadUnitNumbers: string[] },
) {
  return {
    contractorCode: row.contractorCode,
    collectiveCode: row.collectiveCode,
    representativeId: row.representativeId,
    status: row.status,
    members: members.map((m) => {
      const person = people.get(m.personId);
      invariant(person, "a household member references a person");
      return { person: personView(person, actor), relation: m.relation, relationCode: m.relationCode, coHolder: m.coHolder };
    }),
    landContracts: rights.contractCodes,
    homesteads: rights.homesteadUnitNumbers,
  };
}
