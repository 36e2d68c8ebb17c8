import { and, asc, eq, inArray, or } from "drizzle-orm";
import { contractPlots, encumbranceConsents, encumbrances } from "../../schema/index.js";
import { whereIn } from "./chunks.js";
import type { Db } from "./db.js";
import { inList, listOf, literal, param, prepared } from "./prepared.js";

export type EncumbranceRow = typeof encumbrances.$inferSelect;
export type EncumbranceConsentRow = typeof encumbranceConsents.$inferSelect;
export type EncumbranceSubject = { kind: EncumbranceRow["subjectKind"]; subject: string };

export async function findEncumbrance(db: Db, id: string): Promise<EncumbranceRow | null> {
  const [row] = await db.select().from(encumbrances).where(eq(encumbrances.id, id)).limit(1);
  return row ?? null;
}

const encumbrancesOfSubjects = prepared((db) =>
  db.select().from(encumbrances).where(and(eq(encumbrances.subjectKind, param("kind")), inList(encumbrances.subject, "subjects"))).prepare(),
);

/** Every encumbrance ever registered on these subjects (of any collective; callers filter), oldest first (by date, then as journaled). */
export async function encumbrancesOn(db: Db, subjects: readonly EncumbranceSubject[]): Promise<EncumbranceRow[]> {
  const byKind = new Map<EncumbranceSubject["kind"], string[]>();
  for (const s of subjects) byKind.set(s.kind, [...(byKind.get(s.kind) ?? []), s.subject]);
  const rows: EncumbranceRow[] = [];
  for (const [kind, codes] of byKind) rows.push(...(await encumbrancesOfSubjects(db).all({ kind, subjects: listOf(codes) })));
  return rows.sort((a, b) => a.registeredOn.localeCompare(b.registeredOn) || a.journalSeq - b.journalSeq || a.id.localeCompare(b.id));
}

const encumbrancesOfPlotQuery = prepared((db) =>
  db
    .select()
    .from(encumbrances)
    .where(
      or(
        and(eq(encumbrances.subjectKind, "plot"), eq(encumbrances.subject, param("plot"))),
        and(
          eq(encumbrances.subjectKind, "land-contract"),
          inArray(encumbrances.subject, db.select({ code: contractPlots.contractCode }).from(contractPlots).where(and(eq(contractPlots.plotCode, param("plot")), eq(contractPlots.status, literal("active"))))),
        ),
      ),
    )
    .orderBy(asc(encumbrances.registeredOn), asc(encumbrances.journalSeq), asc(encumbrances.id))
    .prepare(),
);

/** Every encumbrance ever registered on a plot and on the contract it is under now, oldest first: one query. */
export async function encumbrancesOfPlot(db: Db, plotCode: string): Promise<EncumbranceRow[]> {
  return encumbrancesOfPlotQuery(db).all({ plot: plotCode });
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
