import { and, asc, eq } from "drizzle-orm";
import { householdMembers } from "../../../schema/index.js";
import { seesRecord } from "../../domain/access.js";
import { DomainError } from "../../domain/errors.js";
import { findCollective } from "../../storage/collectives.js";
import type { Db } from "../../storage/db.js";
import { activeHomesteadsOf } from "../../storage/homesteads.js";
import { findHousehold, householdMembersOf, type HouseholdMemberRow } from "../../storage/households.js";
import { contractsOfHouseholds } from "../../storage/land.js";
import { findPersons } from "../../storage/persons.js";
import type { CommandContext } from "../context.js";
import { householdView } from "./view.js";
import { literal } from "../../storage/prepared.js";

export async function getHousehold(ctx: CommandContext, contractorCode: string) {
  const { db } = ctx.deps;
  const household = await findHousehold(db, contractorCode);
  const [members, former] = household ? await Promise.all([householdMembersOf(db, contractorCode), formerMembersOf(db, contractorCode)]) : [[], []];
  const collective = household ? await findCollective(db, household.collectiveCode) : null;
  // Those who left (a split or merge dissolves a household with all its members) still see the household's record.
  const personIds = [...members, ...former].map((m) => m.personId);
  if (!household || !collective || !seesRecord(ctx.actor, [collective], personIds))
    throw new DomainError("household_not_found", `No household ${contractorCode} in your scope.`);
  const [people, rights] = await Promise.all([findPersons(db, personIds), householdRights(db, contractorCode)]);
  return householdView(household, members, people, ctx.actor, rights, former);
}

/** Those who left the household, oldest departure first: the household's history is never deleted. */
export async function formerMembersOf(db: Db, contractorCode: string): Promise<HouseholdMemberRow[]> {
  return db
    .select()
    .from(householdMembers)
    .where(and(eq(householdMembers.contractorCode, contractorCode), eq(householdMembers.status, literal("left"))))
    .orderBy(asc(householdMembers.leftOn), asc(householdMembers.id));
}

/** The household's active land contracts and homesteads, as its record shows them. */
export async function householdRights(db: Db, contractorCode: string) {
  const [contracts, homesteads] = await Promise.all([contractsOfHouseholds(db, [contractorCode]), activeHomesteadsOf(db, [contractorCode])]);
  return {
    contractCodes: contracts.filter((c) => c.status === "active").map((c) => c.contractCode),
    homesteadUnitNumbers: homesteads.map((h) => h.unitNumber),
  };
}
