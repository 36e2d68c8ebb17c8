import { householdFacts } from "../titles/facts.js";
import { and, inArray, or } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { applications, rightRegistrations } from "../../../schema/index.js";
import { writesCollective } from "../../domain/access.js";
import { rightCertificateNo } from "../../domain/certificates.js";
import { DomainError } from "../../domain/errors.js";
import { latestDate } from "../../domain/household-changes.js";
import type { Deps } from "../../deps.js";
import { invariant } from "../../lib/invariant.js";
import { latestVersion } from "../../storage/applications.js";
import { whereIn } from "../../storage/chunks.js";
import { inLiterals } from "../../storage/prepared.js";
import { OPEN_STATUSES } from "../../domain/applications.js";
import { findCollective, type CollectiveRow } from "../../storage/collectives.js";
import type { journalSeqOf } from "../../storage/commit.js";
import type { Db } from "../../storage/db.js";
import type { HomesteadRow } from "../../storage/homesteads.js";
import { findHousehold, type HouseholdMemberRow, type HouseholdRow } from "../../storage/households.js";
import type { ContractRow } from "../../storage/land.js";
import type { PersonRow } from "../../storage/persons.js";
import { currentVersions } from "../../storage/titles.js";
import { homesteadRight, landContractRight } from "../titles/facts.js";
import type { TitleWork } from "../titles/title-work.js";
import { requireWriter, type CommandContext } from "../context.js";

type JournalSeq = ReturnType<typeof journalSeqOf>;
export type RegistrationAct = "member-change" | "household-split" | "household-merge";
type MemberFacts = Pick<HouseholdMemberRow, "id" | "personId" | "relation" | "relationCode" | "coHolder">;

/** The household a change is about, for a writer of its collective; for anyone else it does not exist. */
export async function householdForWrite(ctx: CommandContext, contractorCode: string, what: string): Promise<{ household: HouseholdRow; collective: CollectiveRow }> {
  requireWriter(ctx, what);
  const household = await findHousehold(ctx.deps.db, contractorCode);
  if (!household || !writesCollective(ctx.actor, household.collectiveCode))
    throw new DomainError("household_not_found", `No household ${contractorCode} in your scope.`);
  const collective = await findCollective(ctx.deps.db, household.collectiveCode);
  invariant(collective, "a household belongs to a registered collective");
  return { household, collective };
}

/** Members in the order the stored record answers in (storage/households.ts: relation code, then id). */
export function inRecordOrder<T extends Pick<HouseholdMemberRow, "id" | "relationCode">>(members: T[]): T[] {
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...members].sort((a, b) => byText(a.relationCode, b.relationCode) || byText(a.id, b.id));
}

/** The holder a certificate states for a household as it will be after the change (LC-2: every member and co-holder). */
export function householdHolderAfter(contractorCode: string, representativeId: string, members: MemberFacts[], people: Map<string, PersonRow>) {
  return householdFacts(contractorCode, representativeId, inRecordOrder(members), people);
}

/**
 * The register side of a household change: one right_registrations row per contract or homestead version, with
 * the certificate serial issued for it (none when the right ends), gathered while the command decides.
 */
export class RegistrationWork {
  private readonly rows: Omit<typeof rightRegistrations.$inferInsert, "journalSeq">[] = [];
  /** Versions taken in this batch, so that a right registered twice in one change takes the next one. */
  private readonly taken = new Map<string, number>();

  constructor(
    private readonly deps: Deps,
    private readonly collectiveCode: string,
    private readonly act: RegistrationAct,
    private readonly effectiveOn: string,
  ) {}

  /** Registers the right's next version; answers its certificate serial (null when the right ends here). */
  async register(rightKind: "land-contract" | "homestead", rightCode: string, contractorCode: string, plots: string[] | null, ends = false): Promise<string | null> {
    const key = `${rightKind}:${rightCode}`;
    const version = (this.taken.get(key) ?? (await latestVersion(this.deps.db, rightKind, rightCode))) + 1;
    this.taken.set(key, version);
    const serial = ends ? null : rightCertificateNo(rightCode, version);
    this.rows.push({
      id: this.deps.ids("reg"),
      collectiveCode: this.collectiveCode,
      rightKind,
      rightCode,
      version,
      act: this.act,
      contractorCode,
      plotCodesJson: plots ? JSON.stringify([...plots].sort()) : null,
      certificateSerial: serial,
      effectiveOn: this.effectiveOn,
      applicationId: null,
      recordedAtMs: this.deps.clock.nowMs(),
    });
    return serial;
  }

  writes(journalSeq: JournalSeq): BatchItem<"sqlite">[] {
    return this.rows.map((r) => this.deps.db.insert(rightRegistrations).values({ ...r, journalSeq }));
  }
}

/**
 * A household's certificates after its members or representative changed (or a merge gave it more rights): every
 * active contract and homestead it holds is registered again and its certificate reissued with the household as
 * it now is (LC-2). Title versions do not change: the holder is the household.
 */
export async function reissueHouseholdCertificates(
  deps: Deps,
  titles: TitleWork,
  registrations: RegistrationWork,
  contractorCode: string,
  holderFacts: Record<string, unknown>,
  rights: { contracts: { contract: ContractRow; plotCodes: string[] }[]; homesteads: HomesteadRow[] },
): Promise<void> {
  const holder = { holderKind: "household" as const, holder: contractorCode, facts: holderFacts };
  for (const { contract, plotCodes } of rights.contracts) {
    const serial = await registrations.register("land-contract", contract.contractCode, contractorCode, plotCodes);
    invariant(serial, "a contract that keeps its plots is certified");
    await titles.certify("land-contract", contract.contractCode, serial, holder, await landContractRight(deps.db, contract, plotCodes));
  }
  for (const homestead of rights.homesteads) {
    const serial = await registrations.register("homestead", homestead.unitNumber, contractorCode, null);
    invariant(serial, "a homestead that stays is certified");
    await titles.certify("homestead", homestead.unitNumber, serial, holder, homesteadRight(homestead));
  }
}

/** Does an open transfer or withdrawal give from, or go to, any of these households? */
export async function inOpenApplication(db: Db, contractorCodes: string[]): Promise<boolean> {
  const rows = await whereIn(contractorCodes, (part) =>
    db
      .select({ id: applications.id })
      .from(applications)
      .where(and(inLiterals(applications.status, OPEN_STATUSES), or(inArray(applications.fromContractorCode, part), inArray(applications.toContractorCode, part))))
      .limit(1),
  );
  return rows.length > 0;
}

/** The latest `validFrom` of the current titles of these plots and homesteads: a change takes effect no earlier. */
export async function lastRegisteredOn(db: Db, collectiveCode: string, plotCodes: string[], unitNumbers: string[]): Promise<string | null> {
  const [plots, homesteads] = await Promise.all([currentVersions(db, "plot", collectiveCode, plotCodes), currentVersions(db, "homestead", collectiveCode, unitNumbers)]);
  return latestDate([...plots.values(), ...homesteads.values()].map((v) => v.validFrom));
}
