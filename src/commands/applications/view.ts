import { formatShares, formatYuan } from "../../domain/quantities.js";
import type { ApplicationRow, ConsentRow, ObjectionRow } from "../../storage/applications.js";

/** An application as the API shows it: terms, where it stands, and what may happen next. */
export function applicationView(row: ApplicationRow, details: { plotCodes: string[]; consents: ConsentRow[]; objections: ObjectionRow[] }) {
  const required = JSON.parse(row.requiredConsentsJson) as string[];
  const amount = formatYuan(row.amountFen);
  return {
    id: row.id,
    type: row.kind,
    kind: row.subject,
    collectiveCode: row.collectiveCode,
    status: row.status,
    applicantPersonId: row.applicantPersonId,
    from: row.fromPersonId ? { personId: row.fromPersonId } : { contractorCode: row.fromContractorCode! },
    to: row.kind === "withdrawal" ? null : row.toPersonId ? { personId: row.toPersonId } : { contractorCode: row.toContractorCode! },
    shares: row.sharesE4 === null ? null : formatShares(row.sharesE4),
    plotCodes: details.plotCodes,
    unitNumber: row.unitNumber,
    ...(row.kind === "transfer" ? { price: amount } : { compensation: amount }),
    agreementSignedOn: row.agreementSignedOn,
    writtenNoticeOn: row.writtenNoticeOn,
    consents: {
      required,
      given: details.consents.map((c) => ({ personId: c.personId, via: c.via, at: new Date(c.consentedAtMs).toISOString() })),
    },
    notice: row.noticeStartsOn ? { startsOn: row.noticeStartsOn, endsOn: row.noticeEndsOn! } : null,
    objections: details.objections.map((o) => ({
      id: o.id,
      objectorName: o.objectorName,
      grounds: o.grounds,
      status: o.status,
      resolutionNote: o.resolutionNote,
    })),
    decision: row.decidedOn ? { resolutionRef: row.resolutionRef, decidedOn: row.decidedOn } : null,
    payment: row.paidOn ? { amount, paidOn: row.paidOn, reference: row.paymentReference } : null,
    registeredOn: row.registeredOn,
    closingReason: row.closingReason,
    createdAt: new Date(row.createdAtMs).toISOString(),
  };
}

export type ApplicationView = ReturnType<typeof applicationView>;
