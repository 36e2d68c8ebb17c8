import { seesRecord } from "../../domain/access.js";
import { DomainError } from "../../domain/errors.js";
import { findCollective } from "../../storage/collectives.js";
import type { Db } from "../../storage/db.js";
import { activeHomesteadsOf } from "../../storage/homesteads.js";
import { findHousehold, householdMembersOf } from "../../storage/households.js";
import { contractsOfHouseholds } from "../../storage/land.js";
import { findPersons } from "../../storage/persons.js";
import type { CommandContext } from "../context.js";
import { householdView } from "./view.js";

export async function getHousehold(ctx: CommandContext, contractorCode: string) {
  const { db } = ctx.deps;
  const household = await findHousehold(db, contractorCode);
  const members = household ? await householdMembersOf(db, contractorCode) : [];
  const collective = household ? await findCollective(db, household.collectiveCode) : null;
  if (!household || !collective || !seesRecord(ctx.actor, [collective], members.map((m) => m.personId)))
    throw new DomainError("household_not_found", `No household ${contractorCode} in your scope.`);
  const [people, rights] = await Promise.all([findPersons(db, members.map((m) => m.personId)), householdRights(db, contractorCode)]);
  return householdView(household, members, people, ctx.actor, rights);
}

/** The household's active land contracts and homesteads, as its record shows them. */
export async function householdRights(db: Db, contractorCode: string) {
  const [contracts, homesteads] = await Promise.all([contractsOfHouseholds(db, [contractorCode]), activeHomesteadsOf(db, [contractorCode])]);
  return {
    contractCodes: contracts.filter((c) => c.status === "active").map((c) => c.contractCode),
    homesteadUnitNumbers: homesteads.map((h) => h.unitNumber),
  };
}
