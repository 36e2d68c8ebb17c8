import { and, asc, eq, inArray } from "drizzle-orm";
import { householdRegistrations, persons } from "../../schema/index.js";
import { whereIn } from "./chunks.js";
import type { Db } from "./db.js";
import { inList, listOf, param, prepared } from "./prepared.js";

export type PersonRow = typeof persons.$inferSelect;
export type HukouRow = typeof householdRegistrations.$inferSelect;

const personById = prepared((db) => db.select().from(persons).where(eq(persons.id, param("id"))).limit(1).prepare());
const personsByIds = prepared((db) => db.select().from(persons).where(inList(persons.id, "ids")).prepare());

export async function findPerson(db: Db, id: string): Promise<PersonRow | null> {
  const [row] = await personById(db).all({ id });
  return row ?? null;
}

export async function findPersonByDocument(db: Db, idType: string, idNumber: string): Promise<PersonRow | null> {
  const [row] = await db
    .select()
    .from(persons)
    .where(and(eq(persons.idType, idType), eq(persons.idNumber, idNumber)))
    .limit(1);
  return row ?? null;
}

export async function findPersons(db: Db, ids: string[]): Promise<Map<string, PersonRow>> {
  if (ids.length === 0) return new Map();
  const rows = await personsByIds(db).all({ ids: listOf(ids) });
  return new Map(rows.map((r) => [r.id, r]));
}

export async function hukouHistory(db: Db, personId: string): Promise<HukouRow[]> {
  return db
    .select()
    .from(householdRegistrations)
    .where(eq(householdRegistrations.personId, personId))
    .orderBy(asc(householdRegistrations.effectiveOn), asc(householdRegistrations.recordedAtMs));
}

/** The latest hukou fact of each person (by effective date), for showing who lives in a city — as a fact only. */
export async function currentHukou(db: Db, personIds: string[]): Promise<Map<string, HukouRow>> {
  if (personIds.length === 0) return new Map();
  const rows = (await whereIn(personIds, (part) => db.select().from(householdRegistrations).where(inArray(householdRegistrations.personId, part)))).sort(
    (a, b) => b.effectiveOn.localeCompare(a.effectiveOn) || b.recordedAtMs - a.recordedAtMs,
  );
  const latest = new Map<string, HukouRow>();
  for (const row of rows) if (!latest.has(row.personId)) latest.set(row.personId, row);
  return latest;
}

export async function allPersons(db: Db): Promise<PersonRow[]> {
  return db.select().from(persons).orderBy(asc(persons.id));
}
