import type { BatchItem } from "drizzle-orm/batch";
import { equityCertificateNo, rightCertificateNo } from "../../domain/certificates.js";
import { formatAreaMu, toUnits } from "../../domain/quantities.js";
import type { PlotFacts } from "../../domain/corrections.js";
import type { Deps } from "../../deps.js";
import { rightRegistrations } from "../../../schema/index.js";
import { latestVersion } from "../../storage/applications.js";
import type { CollectiveRow } from "../../storage/collectives.js";
import type { journalSeqOf } from "../../storage/commit.js";
import type { HomesteadRow } from "../../storage/homesteads.js";
import { findHousehold, householdMembersOf } from "../../storage/households.js";
import { activePlotsOfContracts, type ContractRow } from "../../storage/land.js";
import { equityCertificateCount } from "../../storage/titles.js";
import { equityRight, homesteadRight, householdHolder, landContractRight, personHolder } from "../titles/facts.js";
import { TitleWork } from "../titles/title-work.js";

type JournalSeq = ReturnType<typeof journalSeqOf>;

/**
 * Certificates reissued by a correction (更正登记): the corrected facts are a new state of the right's register, so
 * its certificate is reissued — a new version in right_registrations (act `correction`) for contracts and
 * homesteads, a new number for shares — and the old one superseded, through TitleWork. Title versions are not
 * written: the holder did not change, and valid time is not touched.
 */
export class Reissues {
  private readonly works = new Map<string, TitleWork>();
  private readonly registrations: Omit<typeof rightRegistrations.$inferInsert, "journalSeq">[] = [];
  private readonly equityNumbers = new Map<string, number>();

  constructor(
    private readonly deps: Deps,
    private readonly today: string,
    private readonly nowMs: number,
  ) {}

  private work(collective: CollectiveRow): TitleWork {
    let work = this.works.get(collective.code);
    if (!work) this.works.set(collective.code, (work = new TitleWork(this.deps, collective, "correction", this.today)));
    return work;
  }

  private async register(collective: CollectiveRow, rightKind: "land-contract" | "homestead", rightCode: string, contractorCode: string, plotCodes: string[] | null): Promise<string> {
    const version = (await latestVersion(this.deps.db, rightKind, rightCode)) + 1;
    const serial = rightCertificateNo(rightCode, version);
    this.registrations.push({
      id: this.deps.ids("reg"),
      collectiveCode: collective.code,
      rightKind,
      rightCode,
      version,
      act: "correction",
      contractorCode,
      plotCodesJson: plotCodes ? JSON.stringify(plotCodes) : null,
      certificateSerial: serial,
      effectiveOn: this.today,
      applicationId: null,
      recordedAtMs: this.nowMs,
    });
    return serial;
  }

  /** A contract's certificate, with one plot's corrected facts and/or members' corrected names. */
  async contract(collective: CollectiveRow, contract: ContractRow, patch: { plot?: { plotCode: string; before: PlotFacts; after: PlotFacts }; names?: ReadonlyMap<string, string> }): Promise<string> {
    const db = this.deps.db;
    const plotCodes = (await activePlotsOfContracts(db, [contract.contractCode])).map((p) => p.plot.plotCode);
    const right = await landContractRight(db, contract, plotCodes);
    const corrected = patch.plot;
    if (corrected) {
      right.plots = right.plots.map((p) =>
        p.plotCode === corrected.plotCode ? { ...p, name: corrected.after.name, areaMu: formatAreaMu(corrected.after.areaMuE4), boundaries: { ...corrected.after.boundaries } } : p,
      );
      right.totalAreaMu = formatAreaMu(toUnits(right.totalAreaMu, 4) - corrected.before.areaMuE4 + corrected.after.areaMuE4);
    }
    const serial = await this.register(collective, "land-contract", contract.contractCode, contract.contractorCode, plotCodes);
    await this.work(collective).certify(
      "land-contract",
      contract.contractCode,
      serial,
      { holderKind: "household", holder: contract.contractorCode, facts: await householdFacts(this.deps, contract.contractorCode, patch.names) },
      right,
    );
    return serial;
  }

  /** A homestead's certificate, from its corrected row and/or members' corrected names. */
  async homestead(collective: CollectiveRow, homestead: HomesteadRow, names?: ReadonlyMap<string, string>): Promise<string> {
    const serial = await this.register(collective, "homestead", homestead.unitNumber, homestead.contractorCode, null);
    await this.work(collective).certify(
      "homestead",
      homestead.unitNumber,
      serial,
      { holderKind: "household", holder: homestead.contractorCode, facts: await householdFacts(this.deps, homestead.contractorCode, names) },
      homesteadRight(homestead),
    );
    return serial;
  }

  /** A person's share certificate in a collective, under the corrected name. */
  async equity(collective: CollectiveRow, personId: string, sharesE4: number, name: string): Promise<string> {
    const next = (this.equityNumbers.get(collective.code) ?? (await equityCertificateCount(this.deps.db, collective.code))) + 1;
    this.equityNumbers.set(collective.code, next);
    const certificateNo = equityCertificateNo(collective.issuerCode, next);
    const holder = await personHolder(this.deps.db, personId);
    await this.work(collective).certify("equity", personId, certificateNo, { holderKind: "person", holder: personId, facts: { ...holder, name } }, equityRight(collective.code, sharesE4));
    return certificateNo;
  }

  get summary(): { issued: string[]; superseded: string[]; cancelled: string[] } {
    const all = [...this.works.values()].map((w) => w.summary);
    return { issued: all.flatMap((s) => s.issued), superseded: all.flatMap((s) => s.superseded), cancelled: all.flatMap((s) => s.cancelled) };
  }

  writes(journalSeq: JournalSeq): BatchItem<"sqlite">[] {
    const db = this.deps.db;
    return [...this.registrations.map((r) => db.insert(rightRegistrations).values({ ...r, journalSeq })), ...[...this.works.values()].flatMap((w) => w.writes(journalSeq))];
  }
}

/** The household as a certificate states it (titles/facts.ts), with corrected names laid over its members'. */
async function householdFacts(deps: Deps, contractorCode: string, names?: ReadonlyMap<string, string>) {
  const facts = await householdHolder(deps.db, contractorCode);
  if (!names || names.size === 0) return facts;
  // householdHolder lists the members in householdMembersOf's order: the same query gives each one's person id.
  const [household, members] = await Promise.all([findHousehold(deps.db, contractorCode), householdMembersOf(deps.db, contractorCode)]);
  const representativeName = household ? names.get(household.representativeId) : undefined;
  return {
    ...facts,
    representative: facts.representative && representativeName !== undefined ? { ...facts.representative, name: representativeName } : facts.representative,
    members: facts.members.map((m, i) => {
      const corrected = members[i] ? names.get(members[i]!.personId) : undefined;
      return corrected === undefined ? m : { ...m, name: corrected };
    }),
  };
}
