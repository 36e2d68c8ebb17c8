import { maskIdNumber } from "../../domain/identifiers/resident-id.js";
import { formatAreaM2, formatAreaMu, formatShares } from "../../domain/quantities.js";
import type { Db } from "../../storage/db.js";
import { findHousehold, householdMembersOf } from "../../storage/households.js";
import type { HomesteadRow } from "../../storage/homesteads.js";
import { findPlots } from "../../storage/land.js";
import { findPerson, findPersons, type PersonRow } from "../../storage/persons.js";
import type { ContractRow } from "../../storage/land.js";

/**
 * What a certificate states, read from the register at the moment it is issued: the holder (a household with its
 * representative and co-holders, or a person) and the right. ID numbers only masked (domain/certificates.ts).
 */
export async function householdHolder(db: Db, contractorCode: string) {
  const household = await findHousehold(db, contractorCode);
  const members = await householdMembersOf(db, contractorCode);
  const people = await findPersons(db, [...members.map((m) => m.personId), ...(household ? [household.representativeId] : [])]);
  return householdFacts(contractorCode, household?.representativeId ?? null, members, people);
}

/**
 * The holder a certificate states for a household, from its members in record order — as read from the register,
 * or as they will be after a household change (commands/households).
 */
export function householdFacts(
  contractorCode: string,
  representativeId: string | null,
  members: readonly { personId: string; relation: string; coHolder: boolean }[],
  people: Map<string, PersonRow>,
) {
  const representative = representativeId ? people.get(representativeId) : undefined;
  return {
    contractorCode,
    representative: representative ? { name: representative.name, idNumber: maskIdNumber(representative.idNumber) } : null,
    // LC-2: the certificate lists every family member who holds the contract right.
    members: members.map((m) => ({ name: people.get(m.personId)?.name ?? "", relation: m.relation, coHolder: m.coHolder })),
  };
}

/** `known`: the person's row when the batch that certifies also copies it into this county's database. */
export async function personHolder(db: Db, personId: string, known?: PersonRow) {
  const person = known ?? (await findPerson(db, personId));
  return { personId, name: person?.name ?? "", idNumber: person ? maskIdNumber(person.idNumber) : null };
}

export async function landContractRight(db: Db, contract: Pick<ContractRow, "contractCode" | "mode" | "startsOn" | "endsOn" | "certificateNo">, plotCodes: string[]) {
  const plots = await findPlots(db, plotCodes);
  const listed = [...plotCodes].sort().map((code) => plots.get(code)!).filter(Boolean);
  const totalE4 = listed.reduce((sum, p) => sum + p.areaMuE4, 0);
  return {
    contractCode: contract.contractCode,
    mode: contract.mode,
    startsOn: contract.startsOn,
    endsOn: contract.endsOn,
    paperCertificateNo: contract.certificateNo ?? null,
    totalAreaMu: formatAreaMu(totalE4),
    plotCount: listed.length,
    plots: listed.map((p) => ({
      plotCode: p.plotCode,
      name: p.name ?? null,
      areaMu: formatAreaMu(p.areaMuE4),
      basicFarmland: p.basicFarmland,
      boundaries: { east: p.boundaryEast, south: p.boundarySouth, west: p.boundaryWest, north: p.boundaryNorth },
    })),
  };
}

export function homesteadRight(h: Pick<HomesteadRow, "unitNumber" | "areaM2E2" | "approvedOn" | "origin" | "approvalRef" | "annotationsJson">) {
  return {
    unitNumber: h.unitNumber,
    use: "农村宅基地",
    areaM2: formatAreaM2(h.areaM2E2),
    approvedOn: h.approvedOn,
    origin: h.origin,
    approvalRef: h.approvalRef ?? null,
    annotations: JSON.parse(h.annotationsJson) as unknown[],
  };
}

export function equityRight(collectiveCode: string, sharesE4: number) {
  return { collectiveCode, shares: formatShares(sharesE4) };
}
