import { and, eq, inArray } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { contractPlots, homesteads as homesteadsTable, householdMembers, households, landContracts } from "../../../schema/index.js";
import { DomainError } from "../../domain/errors.js";
import { checkSplit, checkSplitShape, latestDate, type SplitPart } from "../../domain/household-changes.js";
import { relationCodeOf } from "../../domain/households.js";
import { invariant } from "../../lib/invariant.js";
import { insertChunks } from "../../storage/chunks.js";
import type { CollectiveRow } from "../../storage/collectives.js";
import { activeHomesteadsOf } from "../../storage/homesteads.js";
import { findHousehold, householdMembersOf, type HouseholdMemberRow, type HouseholdRow } from "../../storage/households.js";
import { activePlotsOfContracts, contractsOfHouseholds, type ContractRow } from "../../storage/land.js";
import { activeMemberIds } from "../../storage/memberships.js";
import { findPersons } from "../../storage/persons.js";
import { assertNotBlocked, type EncumbranceSubject } from "../encumbrances/blocking.js";
import { homesteadRight, landContractRight } from "../titles/facts.js";
import { TitleWork } from "../titles/title-work.js";
import { commitTo, rejectFutureDate, type CommandContext } from "../context.js";
import { formerMembersOf } from "./get-household.js";
import { householdForWrite, householdHolderAfter, inOpenApplication, inRecordOrder, lastRegisteredOn, RegistrationWork } from "./household-change-work.js";
import { householdView } from "./view.js";
import { literal } from "../../storage/prepared.js";

export interface SplitInput {
  splitOn: string;
  agreementRef: string;
  into: SplitPart[];
}

type View = ReturnType<typeof householdView>;
export type SplitResult = { dissolved: View; households: View[]; contracts: string[]; certificates: { issued: string[]; superseded: string[]; cancelled: string[] } };

/** What a household holds and who is in it, as a split or merge reads it. */
export async function householdHoldings(ctx: CommandContext, contractorCodes: string[]) {
  const { db } = ctx.deps;
  const contracts = (await contractsOfHouseholds(db, contractorCodes)).filter((c) => c.status === "active");
  const links = await activePlotsOfContracts(db, contracts.map((c) => c.contractCode));
  const homesteads = await activeHomesteadsOf(db, contractorCodes);
  const plotsOf = (contractCode: string) => links.filter((l) => l.contractCode === contractCode).map((l) => l.plot.plotCode);
  return { contracts, plotsOf, plotCodes: links.map((l) => l.plot.plotCode), homesteads };
}

/** The rights a split or merge moves, as encumbrance subjects: a seizure blocks it (domain/encumbrances.ts). */
export function movedSubjects(contracts: ContractRow[], plotCodes: string[], unitNumbers: string[]): EncumbranceSubject[] {
  return [
    ...plotCodes.map((subject) => ({ kind: "plot" as const, subject })),
    ...contracts.map((c) => ({ kind: "land-contract" as const, subject: c.contractCode })),
    ...unitNumbers.map((subject) => ({ kind: "homestead" as const, subject })),
  ];
}

/**
 * A split (分户) by agreement: the old household is dissolved and everything moves — every member to exactly one
 * new household (new contractor codes of the same issuer), every plot of its contracts to exactly one, each
 * homestead to one (at most one each). In one batch: the new households (origin `split`), their members, new
 * contracts `<new contractor>J` (or `Q`) with the old contract's term, the plots moved (old links ended), title
 * versions of act `household-split`, the old contract's certificate cancelled, the new ones issued, the
 * homestead's superseded, and the old household dissolved on `splitOn`.
 */
export async function splitHousehold(ctx: CommandContext, contractorCode: string, input: SplitInput) {
  rejectFutureDate(ctx, input.splitOn, "splitOn");
  const { collective } = await householdForWrite(ctx, contractorCode, "split households");
  const shape = checkSplitShape(contractorCode, input.into, collective.issuerCode);
  if (shape) throw new DomainError(shape, describeSplit(shape, contractorCode));
  const { db } = ctx.deps;
  return commitTo<SplitResult>(ctx, collective.code, async () => {
    const household = await findHousehold(db, contractorCode);
    invariant(household, "households are never deleted");
    const [members, former, held] = await Promise.all([householdMembersOf(db, contractorCode), formerMembersOf(db, contractorCode), householdHoldings(ctx, [contractorCode])]);
    const taken = (await Promise.all(input.into.map((p) => findHousehold(db, p.contractorCode)))).filter((h) => h !== null).map((h) => h.contractorCode);
    const unitNumbers = held.homesteads.map((h) => h.unitNumber);
    const rejected = checkSplit(input.splitOn, input.into, {
      householdActive: household.status === "active",
      inPendingApplication: await inOpenApplication(db, [contractorCode]),
      codesTaken: taken,
      members: members.map((m) => m.personId),
      plots: held.plotCodes,
      homesteads: unitNumbers,
      activeMembers: await activeMemberIds(db, collective.code, input.into.map((p) => p.representativeId)),
      lastRegisteredOn: latestDate([await lastRegisteredOn(db, collective.code, held.plotCodes, unitNumbers), ...members.map((m) => m.joinedOn)]),
    });
    if (rejected) throw new DomainError(rejected, describeSplit(rejected, contractorCode, taken));
    await assertNotBlocked(db, collective.code, movedSubjects(held.contracts, held.plotCodes, unitNumbers), "household-change", ctx.deps.clock.today());

    const plan = await splitWrites(ctx, collective, household, members, held, input);
    const people = await findPersons(db, [...members, ...former].map((m) => m.personId));
    const left = members.map((m) => ({ ...m, status: "left" as const, leftOn: input.splitOn, leftReason: "split" }));
    const dissolved = householdView({ ...household, status: "dissolved", dissolvedOn: input.splitOn }, [], people, ctx.actor, { contractCodes: [], homesteadUnitNumbers: [] }, [...former, ...left]);
    return {
      journal: {
        type: "household.split",
        subject: contractorCode,
        collectiveCode: collective.code,
        data: {
          splitOn: input.splitOn,
          agreementRef: input.agreementRef,
          endedContracts: held.contracts.map((c) => c.contractCode),
          into: plan.parts.map((p) => ({ contractorCode: p.row.contractorCode, representativeId: p.row.representativeId, members: p.members.map((m) => m.personId), plotCodes: p.plotCodes, contracts: p.contracts, homestead: p.homestead })),
          certificates: plan.titles.summary,
        },
      },
      writes: plan.writes,
      result: {
        dissolved,
        households: plan.parts.map((p) => householdView(p.row, inRecordOrder(p.members), people, ctx.actor, { contractCodes: p.contracts, homesteadUnitNumbers: p.homestead ? [p.homestead] : [] })),
        contracts: plan.parts.flatMap((p) => p.contracts),
        certificates: plan.titles.summary,
      },
    };
  });
}

/** The split's register, titles and certificates, and its batch in an order the database's guards accept. */
async function splitWrites(
  ctx: CommandContext,
  collective: CollectiveRow,
  household: HouseholdRow,
  members: HouseholdMemberRow[],
  held: Awaited<ReturnType<typeof householdHoldings>>,
  input: SplitInput,
) {
  const { db, ids, clock } = ctx.deps;
  const nowMs = clock.nowMs();
  const titles = new TitleWork(ctx.deps, collective, "household-split", input.splitOn);
  const registrations = new RegistrationWork(ctx.deps, collective.code, "household-split", input.splitOn);
  const people = await findPersons(db, members.map((m) => m.personId));
  const parts = input.into.map((p) => ({
    row: { contractorCode: p.contractorCode, collectiveCode: collective.code, representativeId: p.representativeId, status: "active" as const, homesteadBarred: household.homesteadBarred, origin: "split" as const, originJson: JSON.stringify([household.contractorCode]), dissolvedOn: null, createdAtMs: nowMs },
    members: p.members.map((m): HouseholdMemberRow => ({ id: ids("hhm"), collectiveCode: collective.code, contractorCode: p.contractorCode, personId: m.personId, relation: m.relation, relationCode: relationCodeOf(m), coHolder: m.coHolder, status: "active", joinedOn: input.splitOn, joinReason: "split", leftOn: null, leftReason: null, createdAtMs: nowMs })),
    plotCodes: [...p.plotCodes].sort(),
    homestead: p.homestead ?? null,
    contracts: [] as string[],
  }));
  const newContracts: ContractRow[] = [];
  const links: (typeof contractPlots.$inferInsert)[] = [];
  for (const old of held.contracts) {
    const oldPlots = new Set(held.plotsOf(old.contractCode));
    for (const part of parts) {
      const plots = part.plotCodes.filter((p) => oldPlots.has(p));
      if (plots.length === 0) continue;
      const contract: ContractRow = { ...old, contractCode: part.row.contractorCode + old.contractCode.slice(18), contractorCode: part.row.contractorCode, certificateNo: null, status: "active", createdAtMs: nowMs };
      newContracts.push(contract);
      part.contracts.push(contract.contractCode);
      links.push(...plots.map((plotCode) => ({ id: ids("cpl"), collectiveCode: collective.code, contractCode: contract.contractCode, plotCode, status: "active" as const, createdAtMs: nowMs, endedAtMs: null })));
      const serial = (await registrations.register("land-contract", contract.contractCode, part.row.contractorCode, plots))!;
      await titles.hold("plot", plots.map((subject) => ({ subject, next: { holderKind: "household", holder: part.row.contractorCode, contractCode: contract.contractCode }, certificateNo: serial })));
      const holder = householdHolderAfter(part.row.contractorCode, part.row.representativeId, part.members, people);
      // NY/T 2539 YCBHTBM: a contract made by a split names the contract it came from.
      const right = { ...(await landContractRight(db, contract, plots)), originalContractCode: old.contractCode };
      await titles.certify("land-contract", contract.contractCode, serial, { holderKind: "household", holder: part.row.contractorCode, facts: holder }, right);
    }
    await registrations.register("land-contract", old.contractCode, household.contractorCode, [], true);
    await titles.cancel("land-contract", old.contractCode);
  }
  for (const part of parts.filter((p) => p.homestead !== null)) {
    const homestead = held.homesteads.find((h) => h.unitNumber === part.homestead)!;
    const serial = (await registrations.register("homestead", homestead.unitNumber, part.row.contractorCode, null))!;
    await titles.hold("homestead", [{ subject: homestead.unitNumber, next: { holderKind: "household", holder: part.row.contractorCode }, certificateNo: serial }]);
    const holder = householdHolderAfter(part.row.contractorCode, part.row.representativeId, part.members, people);
    await titles.certify("homestead", homestead.unitNumber, serial, { holderKind: "household", holder: part.row.contractorCode, facts: holder }, homesteadRight(homestead));
  }
  const oldCodes = held.contracts.map((c) => c.contractCode);
  const state: BatchItem<"sqlite">[] = [
    // New households first (rights may only go to an active household), the old one dissolved once it holds nothing.
    ...parts.map((p) => db.insert(households).values(p.row)),
    ...newContracts.map((c) => db.insert(landContracts).values(c)),
    ...(oldCodes.length > 0
      ? [
          db.update(contractPlots).set({ status: "ended", endedAtMs: nowMs }).where(and(inArray(contractPlots.contractCode, oldCodes), eq(contractPlots.status, literal("active")))),
          db.update(landContracts).set({ status: "ended" }).where(inArray(landContracts.contractCode, oldCodes)),
        ]
      : []),
    ...insertChunks(links).map((part) => db.insert(contractPlots).values(part)),
    ...parts.filter((p) => p.homestead !== null).map((p) => db.update(homesteadsTable).set({ contractorCode: p.row.contractorCode }).where(eq(homesteadsTable.unitNumber, p.homestead!))),
    db.update(households).set({ status: "dissolved", dissolvedOn: input.splitOn }).where(eq(households.contractorCode, household.contractorCode)),
    db.update(householdMembers).set({ status: "left", leftOn: input.splitOn, leftReason: "split" }).where(and(eq(householdMembers.contractorCode, household.contractorCode), eq(householdMembers.status, literal("active")))),
    ...insertChunks(parts.flatMap((p) => p.members)).map((part) => db.insert(householdMembers).values(part)),
  ];
  return { parts, titles, writes: (journalSeq: Parameters<TitleWork["writes"]>[0]) => [...state, ...registrations.writes(journalSeq), ...titles.writes(journalSeq)] };
}

function describeSplit(code: string, contractorCode: string, taken: string[] = []): string {
  switch (code) {
    case "split_needs_two_households":
      return "A split divides the household into at least two new households (the old one is dissolved).";
    case "contractor_code_malformed":
      return "Each new contractorCode must be 18 digits: the issuing-party code and a sequence 0001–8000.";
    case "contractor_code_outside_issuer":
      return "Each new contractorCode must begin with this collective's issuing-party code.";
    case "contractor_code_not_household":
      return "Each new contractorCode's sequence must be in the household range 0001–8000.";
    case "split_households_duplicated":
      return `Each new household needs its own new contractorCode, none of them ${contractorCode}.`;
    case "household_member_duplicated":
      return "A person is listed in two new households, or twice in one.";
    case "relation_code_mismatch":
      return "A relationCode does not fit its relation (GB/T 4761).";
    case "representative_not_in_household":
      return "Each new household's representative must be listed among its members.";
    case "contract_plots_duplicated":
      return "A plot is listed twice: each goes to exactly one new household.";
    case "household_not_active":
      return `Household ${contractorCode} is dissolved already.`;
    case "household_in_pending_application":
      return `An open transfer or withdrawal application gives from or to household ${contractorCode}: register, reject or cancel it first.`;
    case "household_already_registered":
      return `Contractor code ${taken.join(", ")} is already registered: choose the next free sequence.`;
    case "split_members_not_partitioned":
      return `Every active member of household ${contractorCode} goes to exactly one new household, and nobody else: list the others' joining separately.`;
    case "split_plots_not_partitioned":
      return `Every plot under household ${contractorCode}'s active contracts goes to exactly one new household, and no other plot.`;
    case "split_homesteads_not_partitioned":
      return `Every homestead of household ${contractorCode} goes to exactly one new household (at most one each), and no other homestead.`;
    case "representative_not_member":
      return "Each new household's representative must be an active member of the collective.";
    default:
      return "splitOn is before the last registration of a plot or homestead it moves, or before a member joined: a split cannot rewrite that history.";
  }
}
