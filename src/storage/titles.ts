import { and, asc, desc, eq, getTableColumns, gt, inArray, isNull, lte, or, sql, type Placeholder, type SQL } from "drizzle-orm";
import { certificates, titleVersions } from "../../schema/index.js";
import type { Db } from "./db.js";
import { inList, listOf, literal, param, prepared } from "./prepared.js";

export type TitleVersionRow = typeof titleVersions.$inferSelect;
export type CertificateRow = typeof certificates.$inferSelect;
export type TitleKind = TitleVersionRow["kind"];

/** The open versions (current in both times) of these subjects. */
const currentVersionsQuery = prepared((db) =>
  db
    .select()
    .from(titleVersions)
    .where(
      and(
        eq(titleVersions.kind, param("kind")),
        eq(titleVersions.collectiveCode, param("collective")),
        inList(titleVersions.subject, "subjects"),
        isNull(titleVersions.recordedToMs),
        isNull(titleVersions.validTo),
      ),
    )
    .prepare(),
);

export async function currentVersions(db: Db, kind: TitleKind, collectiveCode: string, subjects: string[]): Promise<Map<string, TitleVersionRow>> {
  const found = new Map<string, TitleVersionRow>();
  if (subjects.length === 0) return found;
  for (const row of await currentVersionsQuery(db).all({ kind, collective: collectiveCode, subjects: listOf(subjects) })) found.set(row.subject, row);
  return found;
}

/**
 * Record-time filter: the versions the register held at `recordedAtMs` (null: now). Valid-time filter: held in
 * law at the end of `validOn` (null: any time).
 */
export function asOfFilter(validOn: string | Placeholder | null, recordedAtMs: number | Placeholder | null): SQL {
  const recorded =
    recordedAtMs === null
      ? isNull(titleVersions.recordedToMs)
      : and(lte(titleVersions.recordedFromMs, recordedAtMs), or(isNull(titleVersions.recordedToMs), gt(titleVersions.recordedToMs, recordedAtMs)));
  if (validOn === null) return recorded!;
  return and(recorded, lte(titleVersions.validFrom, validOn), or(isNull(titleVersions.validTo), gt(titleVersions.validTo, validOn)))!;
}

/**
 * What a title read shows beside a version, computed in the same query: the holder's name — a person's, a
 * household's representative's (today's), a collective's — and the certificate that evidences the version: for the
 * current version of a right, the right's valid certificate now (a household change may have reissued it since the
 * version began); for an ended one, the certificate issued with it.
 */
/**
 * The version's own columns, qualified: in a one-table select drizzle writes columns bare ("subject"), and inside a
 * correlated subquery a bare name binds to the subquery's table first (certificates has a subject too).
 */
const tv = (column: "holder_kind" | "holder" | "recorded_to_ms" | "valid_to" | "certificate_no" | "kind" | "contract_code" | "subject" | "collective_code") =>
  sql.raw(`"title_versions"."${column}"`);
const holderName = sql<string | null>`case ${tv("holder_kind")}
  when 'person' then (select p.name from persons p where p.id = ${tv("holder")})
  when 'household' then (select p.name from households h join persons p on p.id = h.representative_id where h.contractor_code = ${tv("holder")})
  when 'collective' then (select c.name from collectives c where c.code = ${tv("holder")})
end`;
const evidenceCertificateNo = sql<string | null>`case when ${tv("recorded_to_ms")} is not null or ${tv("valid_to")} is not null then ${tv("certificate_no")}
  when ${tv("kind")} = 'plot' then (select c.certificate_no from certificates c where c.kind = 'land-contract' and c.subject = ${tv("contract_code")} and c.status = 'valid')
  when ${tv("kind")} = 'homestead' then (select c.certificate_no from certificates c where c.kind = 'homestead' and c.subject = ${tv("subject")} and c.status = 'valid')
  else (select c.certificate_no from certificates c where c.kind = 'equity' and c.subject = ${tv("subject")} and c.status = 'valid' and c.collective_code = ${tv("collective_code")})
end`;
const readColumns = { ...getTableColumns(titleVersions), holderName, evidenceCertificateNo };

/** A version as title reads answer it: the row, its holder's name and its evidencing certificate. */
export type TitleVersionRead = TitleVersionRow & { holderName: string | null; evidenceCertificateNo: string | null };

/** A subject's versions in the register at a record time, oldest first: its chain of title. */
export async function versionsOf(db: Db, kind: TitleKind, subject: string, recordedAtMs: number | null, collectiveCode?: string): Promise<TitleVersionRead[]> {
  return db
    .select(readColumns)
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
/** The as-of read, prepared twice: as the register says now, and as it said at a record time. */
const versionOnQuery = (recordTime: boolean) =>
  prepared((db) =>
    db
      .select(readColumns)
      .from(titleVersions)
      .where(and(eq(titleVersions.kind, param("kind")), eq(titleVersions.subject, param("subject")), asOfFilter(param("validOn"), recordTime ? param("recordedAtMs") : null)))
      .orderBy(desc(titleVersions.validFrom))
      .limit(1)
      .prepare(),
  );
const versionOnNow = versionOnQuery(false);
const versionOnRecorded = versionOnQuery(true);

export async function versionOn(db: Db, kind: TitleKind, subject: string, validOn: string, recordedAtMs: number | null): Promise<TitleVersionRead | null> {
  const query = recordedAtMs === null ? versionOnNow(db) : versionOnRecorded(db);
  const [row] = await query.all({ kind, subject, validOn, recordedAtMs });
  return row ?? null;
}

/** The equity versions of a collective held on a date: its cap table then. */
export async function equityVersionsOn(db: Db, collectiveCode: string, validOn: string, recordedAtMs: number | null): Promise<TitleVersionRead[]> {
  return db
    .select(readColumns)
    .from(titleVersions)
    .where(and(eq(titleVersions.kind, "equity"), eq(titleVersions.collectiveCode, collectiveCode), asOfFilter(validOn, recordedAtMs)))
    .orderBy(asc(titleVersions.subject));
}

/** Every equity version of a collective in the register at a record time: each account's chain, oldest first. */
export async function equityVersionsOf(db: Db, collectiveCode: string, recordedAtMs: number | null): Promise<TitleVersionRead[]> {
  return db
    .select(readColumns)
    .from(titleVersions)
    .where(and(eq(titleVersions.kind, "equity"), eq(titleVersions.collectiveCode, collectiveCode), asOfFilter(null, recordedAtMs)))
    .orderBy(asc(titleVersions.subject), asc(titleVersions.validFrom), asc(titleVersions.journalSeq));
}

/** Versions held by any of these holders (households, persons) on a date. */
export async function versionsOfHolders(db: Db, holders: string[], validOn: string, recordedAtMs: number | null): Promise<TitleVersionRead[]> {
  if (holders.length === 0) return [];
  return db
    .select(readColumns)
    .from(titleVersions)
    .where(and(inArray(titleVersions.holder, holders), asOfFilter(validOn, recordedAtMs)))
    .orderBy(asc(titleVersions.kind), asc(titleVersions.subject));
}

/** Every current-record version ever held by these holders: the rights they hold or held. */
export async function versionsOfHoldersEver(db: Db, holders: string[]): Promise<TitleVersionRead[]> {
  if (holders.length === 0) return [];
  return db
    .select(readColumns)
    .from(titleVersions)
    .where(and(inArray(titleVersions.holder, holders), isNull(titleVersions.recordedToMs)))
    .orderBy(asc(titleVersions.kind), asc(titleVersions.subject), asc(titleVersions.validFrom));
}

export async function findCertificate(db: Db, certificateNo: string): Promise<CertificateRow | null> {
  const [row] = await db.select().from(certificates).where(eq(certificates.certificateNo, certificateNo)).limit(1);
  return row ?? null;
}

/** The valid certificates of these rights (contract codes, unit numbers, equity accounts) of a kind. */
const validCertificatesQuery = (ofCollective: boolean) =>
  prepared((db) =>
    db
      .select()
      .from(certificates)
      .where(
        and(
          eq(certificates.kind, param("kind")),
          inList(certificates.subject, "subjects"),
          eq(certificates.status, literal("valid")),
          ofCollective ? eq(certificates.collectiveCode, param("collective")) : undefined,
        ),
      )
      .prepare(),
  );
const validCertificatesAny = validCertificatesQuery(false);
const validCertificatesOfCollective = validCertificatesQuery(true);

export async function validCertificates(db: Db, kind: CertificateRow["kind"], subjects: string[], collectiveCode?: string) {
  const found = new Map<string, CertificateRow>();
  if (subjects.length === 0) return found;
  const query = collectiveCode ? validCertificatesOfCollective(db) : validCertificatesAny(db);
  for (const row of await query.all({ kind, subjects: listOf(subjects), collective: collectiveCode })) found.set(row.subject, row);
  return found;
}

/** How many equity certificates a collective has issued (the next one's number is this + 1). */
const equityCertificateCountQuery = prepared((db) =>
  db
    .select({ n: sql<number>`count(*)` })
    .from(certificates)
    .where(and(eq(certificates.collectiveCode, param("collective")), eq(certificates.kind, literal("equity"))))
    .prepare(),
);

export async function equityCertificateCount(db: Db, collectiveCode: string): Promise<number> {
  const [row] = await equityCertificateCountQuery(db).all({ collective: collectiveCode });
  return Number(row?.n ?? 0);
}
