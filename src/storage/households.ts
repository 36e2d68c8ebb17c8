import { and, asc, eq, inArray } from "drizzle-orm";
import { householdMembers, households } from "../../schema/index.js";
import { whereIn } from "./chunks.js";
import type { Db } from "./db.js";
import { literal, param, prepared } from "./prepared.js";

export type HouseholdRow = typeof households.$inferSelect;
export type HouseholdMemberRow = typeof householdMembers.$inferSelect;

const householdByCode = prepared((db) => db.select().from(households).where(eq(households.contractorCode, param("code"))).limit(1).prepare());

export async function findHousehold(db: Db, contractorCode: string): Promise<HouseholdRow | null> {
  const [row] = await householdByCode(db).all({ code: contractorCode });
  return row ?? null;
}

const activeMembersOf = prepared((db) =>
  db
    .select()
    .from(householdMembers)
    .where(and(eq(householdMembers.contractorCode, param("code")), eq(householdMembers.status, literal("active"))))
    .orderBy(asc(householdMembers.relationCode), asc(householdMembers.id))
    .prepare(),
);

export async function householdMembersOf(db: Db, contractorCode: string): Promise<HouseholdMemberRow[]> {
  return activeMembersOf(db).all({ code: contractorCode });
}

/** Active household memberships in the collective held by any of these persons. */
export async function activeHouseholdTies(db: Db, collectiveCode: string, personIds: string[]) {
  if (personIds.length === 0) return [];
  return whereIn(personIds, (part) =>
    db
      .select()
      .from(householdMembers)
      .where(and(eq(householdMembers.collectiveCode, collectiveCode), eq(householdMembers.status, literal("active")), inArray(householdMembers.personId, part))),
  );
}

const activeTiesOf = prepared((db) =>
  db
    .select()
    .from(householdMembers)
    .where(and(eq(householdMembers.personId, param("person")), eq(householdMembers.status, literal("active"))))
    .prepare(),
);

export async function householdTiesOfPerson(db: Db, personId: string) {
  return activeTiesOf(db).all({ person: personId });
}
