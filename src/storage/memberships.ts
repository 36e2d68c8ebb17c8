import { and, asc, desc, eq, sql } from "drizzle-orm";
import { memberships } from "../../schema/index.js";
import type { Db } from "./db.js";
import { inList, listOf, literal, param, prepared } from "./prepared.js";

export type MembershipRow = typeof memberships.$inferSelect;

/** The person's current membership of the collective: the active one, or else the one that ended last. */
export async function findMembership(db: Db, collectiveCode: string, personId: string): Promise<MembershipRow | null> {
  const [row] = await db
    .select()
    .from(memberships)
    .where(and(eq(memberships.collectiveCode, collectiveCode), eq(memberships.personId, personId)))
    .orderBy(sql`${memberships.status} = 'active' DESC`, desc(memberships.endedOn), desc(memberships.endedAtMs), desc(memberships.createdAtMs))
    .limit(1);
  return row ?? null;
}

const activeMembersAmong = prepared((db) =>
  db
    .select({ personId: memberships.personId })
    .from(memberships)
    .where(and(eq(memberships.collectiveCode, param("collective")), eq(memberships.status, literal("active")), inList(memberships.personId, "persons")))
    .prepare(),
);

export async function activeMemberIds(db: Db, collectiveCode: string, personIds: string[]): Promise<Set<string>> {
  if (personIds.length === 0) return new Set();
  const rows = await activeMembersAmong(db).all({ collective: collectiveCode, persons: listOf(personIds) });
  return new Set(rows.map((r) => r.personId));
}

export async function membershipsOfPerson(db: Db, personId: string): Promise<MembershipRow[]> {
  return db.select().from(memberships).where(eq(memberships.personId, personId)).orderBy(asc(memberships.createdAtMs));
}

export async function membershipsOfCollective(db: Db, collectiveCode: string, status: "active" | "ended" | "all") {
  const conditions = [eq(memberships.collectiveCode, collectiveCode)];
  if (status !== "all") conditions.push(eq(memberships.status, status));
  return db.select().from(memberships).where(and(...conditions)).orderBy(asc(memberships.joinedOn), asc(memberships.id));
}
