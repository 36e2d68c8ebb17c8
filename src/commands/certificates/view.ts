import { CERTIFICATE_TITLES, type CertificateKind, type CertificatePayload } from "../../domain/certificates.js";
import { maskIdNumber } from "../../domain/identifiers/resident-id.js";
import type { CertificateRow } from "../../storage/titles.js";

/**
 * What a certificate says, read back from its signed payload (written by commands/titles/facts.ts). The payload
 * is the certificate: answers and the printable face are drawn from it, never from the register's current state,
 * so they show exactly what was signed. ID numbers in it are masked already; they are masked again on the way out.
 */
export interface HouseholdFacts {
  contractorCode: string;
  representative: { name: string; idNumber: string } | null;
  members: { name: string; relation: string; coHolder: boolean }[];
}

export interface PersonFacts {
  personId: string;
  name: string;
  idNumber: string | null;
}

export interface LandContractFacts {
  contractCode: string;
  mode: "household" | "other";
  startsOn: string;
  endsOn: string;
  paperCertificateNo: string | null;
  totalAreaMu: string;
  plotCount: number;
  plots: {
    plotCode: string;
    name: string | null;
    areaMu: string;
    basicFarmland: boolean;
    boundaries: { east: string | null; south: string | null; west: string | null; north: string | null };
  }[];
}

export interface HomesteadFacts {
  unitNumber: string;
  use: string;
  areaM2: string;
  approvedOn: string;
  origin: "grant" | "existing";
  approvalRef: string | null;
  annotations: { code: string; text: string }[];
}

export interface EquityFacts {
  collectiveCode: string;
  shares: string;
}

export type CertificateFace =
  | { kind: "land-contract"; holder: HouseholdFacts; right: LandContractFacts }
  | { kind: "homestead"; holder: HouseholdFacts; right: HomesteadFacts }
  | { kind: "equity"; holder: PersonFacts; right: EquityFacts };

/** The payload's holder and right, typed by kind (the payload was written by this registry's own commands). */
export function faceOf(payload: CertificatePayload): CertificateFace {
  return { kind: payload.kind, holder: payload.holder, right: payload.right } as unknown as CertificateFace;
}

/** Who the certificate names: a household by its representative, a person by name. */
export function holderSummary(face: CertificateFace): { name: string | null; idNumber: string | null } {
  const who = face.kind === "equity" ? face.holder : face.holder.representative;
  return { name: who?.name ?? null, idNumber: who?.idNumber ? maskIdNumber(who.idNumber) : null };
}

/** The right in a few facts: what a phone shows after scanning the QR code. */
export function rightSummary(payload: CertificatePayload, face: CertificateFace) {
  const collectiveName = payload.issuer.collectiveName;
  switch (face.kind) {
    case "land-contract": {
      const r = face.right;
      return { collectiveName, contractCode: r.contractCode, mode: r.mode, startsOn: r.startsOn, endsOn: r.endsOn, totalAreaMu: r.totalAreaMu, plotCount: r.plotCount };
    }
    case "homestead": {
      const r = face.right;
      return { collectiveName, unitNumber: r.unitNumber, areaM2: r.areaM2, approvedOn: r.approvedOn };
    }
    case "equity":
      return { collectiveName, collectiveCode: face.right.collectiveCode, shares: face.right.shares };
  }
}

/** A certificate as the API answers it: the register's row and the exact signed text. */
export function certificateView(row: CertificateRow, payload: CertificatePayload) {
  return {
    certificateNo: row.certificateNo,
    collectiveCode: row.collectiveCode,
    kind: row.kind,
    title: CERTIFICATE_TITLES[row.kind as CertificateKind],
    status: row.status,
    holder: { kind: row.holderKind, id: row.holder, name: holderSummary(faceOf(payload)).name ?? (row.holderKind === "collective" ? payload.issuer.collectiveName : null) },
    subject: row.subject,
    issuedOn: row.issuedOn,
    supersededBy: row.supersededBy,
    endedOn: row.endedOn,
    payload: row.payloadJson,
    signature: row.signature,
    keyId: row.keyId,
  };
}

export type CertificateView = ReturnType<typeof certificateView>;
