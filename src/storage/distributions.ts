import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { collectives, distributionLines, distributions } from "../../schema/index.js";
import { whereIn } from "./chunks.js";
import type { Db } from "./db.js";
import { literal } from "./prepared.js";

export type DistributionRow = typeof distributions.$inferSelect;
export type DistributionLineRow = typeof distributionLines.$inferSelect;

export interface PaymentTotals {
  lineCount: number;
  paidCount: number;
  paidFen: number;
}

export async function findDistribution(db: Db, collectiveCode: string, id: string): Promise<DistributionRow | null> {
  const [row] = await db
    .select()
    .from(distributions)
    .where(and(eq(distributions.id, id), eq(distributions.collectiveCode, collectiveCode)))
    .limit(1);
  return row ?? null;
}

/** The distribution of this record date and resolution, if one was recorded (the UNIQUE index's key). */
export async function findDistributionByResolution(db: Db, collectiveCode: string, recordDate: string, resolutionRef: string): Promise<DistributionRow | null> {
  const [row] = await db
    .select()
    .from(distributions)
    .where(and(eq(distributions.collectiveCode, collectiveCode), eq(distributions.recordDate, recordDate), eq(distributions.resolutionRef, resolutionRef)))
    .limit(1);
  return row ?? null;
}

/** A collective's distributions, newest record date first, then the latest recorded (journal order). */
export async function distributionsOf(db: Db, collectiveCode: string): Promise<DistributionRow[]> {
  return db
    .select()
    .from(distributions)
    .where(eq(distributions.collectiveCode, collectiveCode))
    .orderBy(desc(distributions.recordDate), desc(distributions.journalSeq));
}

export async function linesOf(db: Db, distributionId: string): Promise<DistributionLineRow[]> {
  return db.select().from(distributionLines).where(eq(distributionLines.distributionId, distributionId)).orderBy(asc(distributionLines.lineNo));
}

/** The line of a person (or, with personId null, the collective's own line) in a distribution. */
export async function lineOfHolder(db: Db, distributionId: string, personId: string | null): Promise<DistributionLineRow | null> {
  const [row] = await db
    .select()
    .from(distributionLines)
    .where(
      and(
        eq(distributionLines.distributionId, distributionId),
        personId === null ? and(eq(distributionLines.holderKind, literal("collective")), isNull(distributionLines.personId)) : eq(distributionLines.personId, personId),
      ),
    )
    .limit(1);
  return row ?? null;
}

/** Lines, paid lines and paid fen per distribution. */
export async function paymentTotals(db: Db, distributionIds: string[]): Promise<Map<string, PaymentTotals>> {
  const rows = await whereIn(distributionIds, (part) =>
    db
      .select({
        distributionId: distributionLines.distributionId,
        lineCount: sql<number>`count(*)`,
        paidCount: sql<number>`count(${distributionLines.paidOn})`,
        paidFen: sql<number>`coalesce(sum(CASE WHEN ${distributionLines.paidOn} IS NOT NULL THEN ${distributionLines.amountFen} ELSE 0 END), 0)`,
      })
      .from(distributionLines)
      .where(inArray(distributionLines.distributionId, part))
      .groupBy(distributionLines.distributionId),
  );
  return new Map(rows.map((r) => [r.distributionId, { lineCount: Number(r.lineCount), paidCount: Number(r.paidCount), paidFen: Number(r.paidFen) }]));
}

/** A person's lines in every distribution of this database, with the distribution and the collective's name. */
export async function linesOfPerson(db: Db, personId: string) {
  return db
    .select({
      line: distributionLines,
      recordDate: distributions.recordDate,
      description: distributions.description,
      collectiveName: collectives.name,
      regionCode: collectives.regionCode,
    })
    .from(distributionLines)
    .innerJoin(distributions, eq(distributions.id, distributionLines.distributionId))
    .innerJoin(collectives, eq(collectives.code, distributionLines.collectiveCode))
    .where(eq(distributionLines.personId, personId))
    .orderBy(desc(distributions.recordDate), asc(distributionLines.collectiveCode), asc(distributionLines.distributionId));
}
