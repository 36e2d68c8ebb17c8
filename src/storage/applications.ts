import { and, asc, eq, gt, inArray } from "drizzle-orm";
import { applicationConsents, applicationObjections, applicationPlots, applications, landContracts, rightRegistrations } from "../../schema/index.js";
import { whereIn } from "./chunks.js";
import type { Db } from "./db.js";
import { inLiterals, literal, param, prepared } from "./prepared.js";
import { OPEN_STATUSES } from "../domain/applications.js";

export type ApplicationRow = typeof applications.$inferSelect;
export type ConsentRow = typeof applicationConsents.$inferSelect;
export type ObjectionRow = typeof applicationObjections.$inferSelect;

const applicationById = prepared((db) => db.select().from(applications).where(eq(applications.id, param("id"))).limit(1).prepare());
const plotsOfApplication = prepared((db) =>
  db.select({ plotCode: applicationPlots.plotCode }).from(applicationPlots).where(eq(applicationPlots.applicationId, param("id"))).orderBy(asc(applicationPlots.plotCode)).prepare(),
);
const consentsOfApplication = prepared((db) =>
  db.select().from(applicationConsents).where(eq(applicationConsents.applicationId, param("id"))).orderBy(asc(applicationConsents.consentedAtMs)).prepare(),
);
const objectionsOfApplication = prepared((db) =>
  db
    .select()
    .from(applicationObjections)
    .where(eq(applicationObjections.applicationId, param("id")))
    .orderBy(asc(applicationObjections.lodgedAtMs), asc(applicationObjections.id))
    .prepare(),
);

export async function findApplication(db: Db, id: string): Promise<ApplicationRow | null> {
  const [row] = await applicationById(db).all({ id });
  return row ?? null;
}

export async function applicationDetails(db: Db, id: string) {
  const [plots, consents, objections] = await Promise.all([plotsOfApplication(db).all({ id }), consentsOfApplication(db).all({ id }), objectionsOfApplication(db).all({ id })]);
  return { plotCodes: plots.map((p) => p.plotCode), consents, objections };
}

export async function listApplications(
  db: Db,
  opts: { collectiveCode: string; kind: "transfer" | "withdrawal"; status?: string; after?: string; limit: number },
) {
  const conditions = [eq(applications.collectiveCode, opts.collectiveCode), eq(applications.kind, opts.kind)];
  if (opts.status) conditions.push(eq(applications.status, opts.status as ApplicationRow["status"]));
  if (opts.after) conditions.push(gt(applications.id, opts.after));
  return db.select().from(applications).where(and(...conditions)).orderBy(asc(applications.id)).limit(opts.limit);
}

/** Plots of these codes that sit in an open application other than `exceptId`. */
export async function openPlotReservations(db: Db, plotCodes: string[], exceptId: string | null): Promise<string[]> {
  if (plotCodes.length === 0) return [];
  const rows = await whereIn(plotCodes, (part) =>
    db
      .select({ plotCode: applicationPlots.plotCode, applicationId: applicationPlots.applicationId })
      .from(applicationPlots)
      .where(and(inArray(applicationPlots.plotCode, part), eq(applicationPlots.open, literal(1)))),
  );
  return rows.filter((r) => r.applicationId !== exceptId).map((r) => r.plotCode);
}

export async function openHomesteadApplication(db: Db, unitNumber: string, exceptId: string | null): Promise<boolean> {
  const rows = await db
    .select({ id: applications.id })
    .from(applications)
    .where(and(eq(applications.unitNumber, unitNumber), inLiterals(applications.status, OPEN_STATUSES)));
  return rows.some((r) => r.id !== exceptId);
}

/** The latest registered version of a contract or homestead (0 when none). */
export async function latestVersion(db: Db, rightKind: "land-contract" | "homestead", rightCode: string): Promise<number> {
  const rows = await db
    .select({ version: rightRegistrations.version })
    .from(rightRegistrations)
    .where(and(eq(rightRegistrations.rightKind, rightKind), eq(rightRegistrations.rightCode, rightCode)));
  return rows.reduce((m, r) => Math.max(m, r.version), 0);
}


/** The latest end of a contract term from which this household returned land (RLCL Art. 30), or null. */
export async function landReturnedUntil(db: Db, contractorCode: string): Promise<string | null> {
  const rows = await db
    .select({ endsOn: landContracts.endsOn })
    .from(rightRegistrations)
    .innerJoin(landContracts, eq(landContracts.contractCode, rightRegistrations.rightCode))
    .where(and(eq(rightRegistrations.contractorCode, contractorCode), eq(rightRegistrations.act, "withdrawal")));
  return rows.reduce<string | null>((latest, r) => (latest === null || r.endsOn > latest ? r.endsOn : latest), null);
}
