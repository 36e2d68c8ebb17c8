import { and, asc, eq, inArray } from "drizzle-orm";
import { encumbranceConsents, encumbrances } from "../../schema/index.js";
import { whereIn } from "./chunks.js";
import type { Db } from "./db.js";

export type EncumbranceRow = typeof encumbrances.$inferSelect;
export type EncumbranceConsentRow = typeof encumbranceConsents.$inferSelect;
export type EncumbranceSubject = { kind: EncumbranceRow["subjectKind"]; subject: string };

export async function findEncumbrance(db: Db, id: string): Promise<EncumbranceRow | null> {
  const [row] = await db.select().from(encumbrances).where(eq(encumbrances.id, id)).limit(1);
  return row ?? null;
}

/** Every encumbrance ever registered on these subjects (of any collective; callers filter), oldest first (by date, then as journaled). */
export async function encumbrancesOn(db: Db, subjects: readonly EncumbranceSubject[]): Promise<EncumbranceRow[]> {
  const byKind = new Map<EncumbranceSubject["kind"], string[]>();
  for (const s of subjects) byKind.set(s.kind, [...(byKind.get(s.kind) ?? []), s.subject]);
  const rows: EncumbranceRow[] = [];
  for (const [kind, codes] of byKind)
    rows.push(...(await whereIn(codes, (part) => db.select().from(encumbrances).where(and(eq(encumbrances.subjectKind, kind), inArray(encumbrances.subject, part))))));
  return rows.sort((a, b) => a.registeredOn.localeCompare(b.registeredOn) || a.journalSeq - b.journalSeq || a.id.localeCompare(b.id));
}

/** A collective's encumbrances, optionally of one kind or on one subject, oldest first. */
export async function encumbrancesOfCollective(db: Db, collectiveCode: string, filter: { kind?: EncumbranceRow["kind"]; subjectKind?: EncumbranceRow["subjectKind"]; subject?: string } = {}) {
  return db
    .select()
    .from(encumbrances)
    .where(
      and(
        eq(encumbrances.collectiveCode, collectiveCode),
        filter.kind ? eq(encumbrances.kind, filter.kind) : undefined,
        filter.subjectKind ? eq(encumbrances.subjectKind, filter.subjectKind) : undefined,
        filter.subject ? eq(encumbrances.subject, filter.subject) : undefined,
      ),
    )
    .orderBy(asc(encumbrances.registeredOn), asc(encumbrances.journalSeq), asc(encumbrances.id));
}

/** The consents to an application recorded by the pledgees of these pledges (a search of the primary key). */
export async function consentsForApplication(db: Db, applicationId: string, encumbranceIds: readonly string[]): Promise<EncumbranceConsentRow[]> {
  const rows = await whereIn(encumbranceIds, (part) =>
    db.select().from(encumbranceConsents).where(and(inArray(encumbranceConsents.encumbranceId, part), eq(encumbranceConsents.applicationId, applicationId))),
  );
  return rows.sort((a, b) => a.recordedAtMs - b.recordedAtMs || a.encumbranceId.localeCompare(b.encumbranceId));
}
