import { and, asc, eq, inArray } from "drizzle-orm";
import { householdMembers, households } from "../../schema/index.js";
import { whereIn } from "./chunks.js";
import type { Db } from "./db.js";

export type HouseholdRow = typeof households.$inferSelect;
export type HouseholdMemberRow = typeof householdMembers.$inferSelect;

export async function findHousehold(db: Db, contractorCode: string): Promise<HouseholdRow | null> {
  const [row] = await db.select().from(households).where(eq(households.contractorCode, contractorCode)).limit(1);
  return row ?? null;
}

export async function householdMembersOf(db: Db, contractorCode: string): Promise<HouseholdMemberRow[]> {
  return db
    .select()
    .from(householdMembers)
    .where(and(eq(householdMembers.contractorCode, contractorCode), eq(householdMembers.status, "active")))
    .orderBy(asc(householdMembers.relationCode), asc(householdMembers.id));
}

/** Active household memberships in the collective held by any of these persons. */
export async function activeHouseholdTies(db: Db, collectiveCode: string, personIds: string[]) {
  if (personIds.length === 0) return [];
  return whereIn(personIds, (part) =>
    db
      .select()
      .from(householdMembers)
      .where(and(eq(householdMembers.collectiveCode, collectiveCode), eq(householdMembers.status, "active"), inArray(householdMembers.personId, part))),
  );
}

export async function householdTiesOfPerson(db: Db, personId: string) {
  return db
    .select()
    .from(householdMembers)
    .where(and(eq(householdMembers.personId, personId), eq(householdMembers.status, "active")));
}
