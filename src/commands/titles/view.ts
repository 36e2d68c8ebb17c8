import { formatShares } from "../../domain/quantities.js";
import type { Db } from "../../storage/db.js";
import { findCollective } from "../../storage/collectives.js";
import { findHousehold } from "../../storage/households.js";
import { findPersons } from "../../storage/persons.js";
import type { TitleVersionRow } from "../../storage/titles.js";

/** The answer's dates: a legal date held (valid time) and, optionally, what the register said on a date (record time). */
export interface AsOf {
  asOf: string;
  recordedAsOf: string | null;
}

/** The end of a legal day (China Standard Time) in ms: "what the register said on that date". */
export function endOfLegalDayMs(date: string): number {
  return Date.parse(`${date}T23:59:59.999+08:00`);
}

export type HolderNames = Map<string, string | null>;

/** Names of the holders of these versions: a household's representative, a person, a collective. */
export async function holderNames(db: Db, versions: TitleVersionRow[]): Promise<HolderNames> {
  const names: HolderNames = new Map();
  const households = [...new Set(versions.filter((v) => v.holderKind === "household").map((v) => v.holder))];
  const representatives = new Map<string, string>();
  for (const code of households) {
    const household = await findHousehold(db, code);
    if (household) representatives.set(code, household.representativeId);
  }
  const persons = [...new Set([...versions.filter((v) => v.holderKind === "person").map((v) => v.holder), ...representatives.values()])];
  const people = await findPersons(db, persons);
  for (const [code, personId] of representatives) names.set(code, people.get(personId)?.name ?? null);
  for (const id of persons) if (!names.has(id)) names.set(id, people.get(id)?.name ?? null);
  for (const code of [...new Set(versions.filter((v) => v.holderKind === "collective").map((v) => v.holder))])
    names.set(code, (await findCollective(db, code))?.name ?? null);
  return names;
}

/** One version of a title, as answered: holder, valid period, record period, the act that made it. */
export function titleView(v: TitleVersionRow, names: HolderNames, currentCertificate?: string | null) {
  return {
    kind: v.kind,
    subject: v.subject,
    collectiveCode: v.collectiveCode,
    holder: { kind: v.holderKind, id: v.holder, name: names.get(v.holder) ?? null },
    contractCode: v.contractCode,
    shares: v.sharesE4 === null ? null : formatShares(v.sharesE4),
    validFrom: v.validFrom,
    validTo: v.validTo,
    act: v.act,
    applicationId: v.applicationId,
    journalSeq: v.journalSeq,
    recordedAt: new Date(v.recordedFromMs).toISOString(),
    recordEndedAt: v.recordedToMs === null ? null : new Date(v.recordedToMs).toISOString(),
    certificateNo: currentCertificate === undefined ? v.certificateNo : currentCertificate,
  };
}

export type TitleView = ReturnType<typeof titleView>;
