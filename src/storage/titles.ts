import { and, asc, desc, eq, gt, inArray, isNull, lte, or, sql, type SQL } from "drizzle-orm";
import { certificates, titleVersions } from "../../schema/index.js";
import { chunk, MAX_PARAMETERS } from "./chunks.js";
import type { Db } from "./db.js";

export type TitleVersionRow = typeof titleVersions.$inferSelect;
export type CertificateRow = typeof certificates.$inferSelect;
export type TitleKind = TitleVersionRow["kind"];

/** The open versions (current in both times) of these subjects. */
export async function currentVersions(db: Db, kind: TitleKind, collectiveCode: string, subjects: string[]): Promise<Map<string, TitleVersionRow>> {
  const found = new Map<string, TitleVersionRow>();
  for (const part of chunk(subjects, MAX_PARAMETERS - 4)) {
    const rows = await db
      .select()
      .from(titleVersions)
      .where(
        and(
          eq(titleVersions.kind, kind),
          eq(titleVersions.collectiveCode, collectiveCode),
          inArray(titleVersions.subject, part),
          isNull(titleVersions.recordedToMs),
          isNull(titleVersions.validTo),
        ),
      );
    for (const row of rows) found.set(row.subject, row);
  }
  return found;
}

/**
 * Record-time filter: the versions the register held at `recordedAtMs` (null: now). Valid-time filter: held in
 * law at the end of `validOn` (null: any time).
 */
export function asOfFilter(validOn: string | null, recordedAtMs: number | null): SQL {
  const recorded =
    recordedAtMs === null
      ? isNull(titleVersions.recordedToMs)
      : and(lte(titleVersions.recordedFromMs, recordedAtMs), or(isNull(titleVersions.recordedToMs), gt(titleVersions.recordedToMs, recordedAtMs)));
  if (validOn === null) return recorded!;
  return and(recorded, lte(titleVersions.validFrom, validOn), or(isNull(titleVersions.validTo), gt(titleVersions.validTo, validOn)))!;
}

/** A subject's versions in the register at a record time, oldest first: its chain of title. */
export async function versionsOf(db: Db, kind: TitleKind, subject: string, recordedAtMs: number | null, collectiveCode?: string) {
  return db
    .select()
    .from(titleVersions)
    .where(
      and(
        eq(titleVersions.kind, kind),
        eq(titleVersions.subject, subject),
        collectiveCode ? eq(titleVersions.collectiveCode, collectiveCode) : undefined,
        asOfFilter(null, recordedAtMs),
      ),
    )
    .orderBy(asc(titleVersions.validFrom), asc(titleVersions.recordedFromMs), asc(titleVersions.journalSeq));
}

/** The version of a subject held on a date (end of day, CST) as the register said at a record time. */
export async function versionOn(db: Db, kind: TitleKind, subject: string, validOn: string, recordedAtMs: number | null) {
  const [row] = await db
    .select()
    .from(titleVersions)
    .where(and(eq(titleVersions.kind, kind), eq(titleVersions.subject, subject), asOfFilter(validOn, recordedAtMs)))
    .orderBy(desc(titleVersions.validFrom))
    .limit(1);
  return row ?? null;
}

/** The equity versions of a collective held on a date: its cap table then. */
export async function equityVersionsOn(db: Db, collectiveCode: string, validOn: string, recordedAtMs: number | null) {
  return db
    .select()
    .from(titleVersions)
    .where(and(eq(titleVersions.kind, "equity"), eq(titleVersions.collectiveCode, collectiveCode), asOfFilter(validOn, recordedAtMs)))
    .orderBy(asc(titleVersions.subject));
}

/** Every equity version of a collective in the register at a record time: each account's chain, oldest first. */
export async function equityVersionsOf(db: Db, collectiveCode: string, recordedAtMs: number | null) {
  return db
    .select()
    .from(titleVersions)
    .where(and(eq(titleVersions.kind, "equity"), eq(titleVersions.collectiveCode, collectiveCode), asOfFilter(null, recordedAtMs)))
    .orderBy(asc(titleVersions.subject), asc(titleVersions.validFrom), asc(titleVersions.journalSeq));
}

/** Versions held by any of these holders (households, persons) on a date. */
export async function versionsOfHolders(db: Db, holders: string[], validOn: string, recordedAtMs: number | null) {
  if (holders.length === 0) return [];
  return db
    .select()
    .from(titleVersions)
    .where(and(inArray(titleVersions.holder, holders), asOfFilter(validOn, recordedAtMs)))
    .orderBy(asc(titleVersions.kind), asc(titleVersions.subject));
}

/** Every current-record version ever held by these holders: the rights they hold or held. */
export async function versionsOfHoldersEver(db: Db, holders: string[]) {
  if (holders.length === 0) return [];
  return db
    .select()
    .from(titleVersions)
    .where(and(inArray(titleVersions.holder, holders), isNull(titleVersions.recordedToMs)))
    .orderBy(asc(titleVersions.kind), asc(titleVersions.subject), asc(titleVersions.validFrom));
}

export async function findCertificate(db: Db, certificateNo: string): Promise<CertificateRow | null> {
  const [row] = await db.select().from(certificates).where(eq(certificates.certificateNo, certificateNo)).limit(1);
  return row ?? null;
}

/** The valid certificates of these rights (contract codes, unit numbers, equity accounts) of a kind. */
export async function validCertificates(db: Db, kind: CertificateRow["kind"], subjects: string[], collectiveCode?: string) {
  const found = new Map<string, CertificateRow>();
  for (const part of chunk(subjects, MAX_PARAMETERS - 4)) {
    const rows = await db
      .select()
      .from(certificates)
      .where(
        and(
          eq(certificates.kind, kind),
          inArray(certificates.subject, part),
          eq(certificates.status, "valid"),
          collectiveCode ? eq(certificates.collectiveCode, collectiveCode) : undefined,
        ),
      );
    for (const row of rows) found.set(row.subject, row);
  }
  return found;
}

/** How many equity certificates a collective has issued (the next one's number is this + 1). */
export async function equityCertificateCount(db: Db, collectiveCode: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)` })
    .from(certificates)
    .where(and(eq(certificates.kind, "equity"), eq(certificates.collectiveCode, collectiveCode)));
  return Number(row?.n ?? 0);
}
