import { formatShares } from "../../domain/quantities.js";
import type { TitleVersionRead } from "../../storage/titles.js";

/** The answer's dates: a legal date held (valid time) and, optionally, what the register said on a date (record time). */
export interface AsOf {
  asOf: string;
  recordedAsOf: string | null;
}

/** The end of a legal day (China Standard Time) in ms: "what the register said on that date". */
export function endOfLegalDayMs(date: string): number {
  return Date.parse(`${date}T23:59:59.999+08:00`);
}

/** One version of a title, as answered: holder, valid period, record period, the act that made it. */
export function titleView(v: TitleVersionRead) {
  return {
    kind: v.kind,
    subject: v.subject,
    collectiveCode: v.collectiveCode,
    holder: { kind: v.holderKind, id: v.holder, name: v.holderName },
    contractCode: v.contractCode,
    shares: v.sharesE4 === null ? null : formatShares(v.sharesE4),
    validFrom: v.validFrom,
    validTo: v.validTo,
    act: v.act,
    applicationId: v.applicationId,
    journalSeq: v.journalSeq,
    recordedAt: new Date(v.recordedFromMs).toISOString(),
    recordEndedAt: v.recordedToMs === null ? null : new Date(v.recordedToMs).toISOString(),
    certificateNo: v.evidenceCertificateNo,
  };
}

export type TitleView = ReturnType<typeof titleView>;
