import type { ApplicationType, Subject } from "../../domain/applications.js";
import type { ApplicationRow } from "../../storage/applications.js";

/** What an application is about, as the eligibility rules and the registration read it. */
export interface ApplicationTerms {
  type: ApplicationType;
  subject: Subject;
  collectiveCode: string;
  fromPersonId: string | null;
  fromContractorCode: string | null;
  toPersonId: string | null;
  toContractorCode: string | null;
  sharesE4: number | null;
  plotCodes: string[];
  unitNumber: string | null;
}

export function termsOf(row: ApplicationRow, plotCodes: string[]): ApplicationTerms {
  return {
    type: row.kind,
    subject: row.subject,
    collectiveCode: row.collectiveCode,
    fromPersonId: row.fromPersonId,
    fromContractorCode: row.fromContractorCode,
    toPersonId: row.toPersonId,
    toContractorCode: row.toContractorCode,
    sharesE4: row.sharesE4,
    plotCodes,
    unitNumber: row.unitNumber,
  };
}
