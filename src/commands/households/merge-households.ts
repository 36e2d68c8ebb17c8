import { and, eq, inArray } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { contractPlots, homesteads as homesteadsTable, householdMembers, households, landContracts } from "../../../schema/index.js";
import { DomainError } from "../../domain/errors.js";
import { checkMerge, checkMergeShape, latestDate, withMultipleHomesteadsAnnotation, type Annotation } from "../../domain/household-changes.js";
import { relationCodeOf, type HouseholdMemberInput } from "../../domain/households.js";
import { insertChunks } from "../../storage/chunks.js";
import type { CollectiveRow } from "../../storage/collectives.js";
import { findHousehold, householdMembersOf, type HouseholdMemberRow, type HouseholdRow } from "../../storage/households.js";
import { contractsOfHouseholds } from "../../storage/land.js";
import { activeMemberIds } from "../../storage/memberships.js";
import { findPersons } from "../../storage/persons.js";
import { assertNotBlocked } from "../encumbrances/blocking.js";
import { homesteadRight, landContractRight } from "../titles/facts.js";
import { TitleWork } from "../titles/title-work.js";
import { collectiveForWrite, commitTo, rejectFutureDate, type CommandContext } from "../context.js";
import { formerMembersOf } from "./get-household.js";
import { householdHolderAfter, inOpenApplication, inRecordOrder, lastRegisteredOn, RegistrationWork } from "./household-change-work.js";
import { householdHoldings, movedSubjects } from "./split-household.js";
import { householdView } from "./view.js";
import { literal } from "../../storage/prepared.js";

export interface MergeInput {
  collectiveCode: string;
  from: string[];
  into: { contractorCode: string; representativeId: string; members?: HouseholdMemberInput[] };
  mergedOn: string;
  agreementRef: string;
}

type View = ReturnType<typeof householdView>;
export type MergeResult = { household: View; dissolved: View[]; contracts: string[]; certificates: { issued: string[]; superseded: string[]; cancelled: string[] } };

/**
 * A merge (合户) of two households of the collective, by agreement, into one of them or into a new household: the
 * members together, the plots of both under one contract per mode (`<contractor>J`), the homesteads with the
 * household — at most one granted (LAL Art. 62 ¶1); a legacy homestead joins with the 一户多宅 annotation (HS-13).
 * The household(s) that do not continue are dissolved on `mergedOn`. Title versions of act `household-merge` for
 * what moves; the ended contracts' certificates cancelled, the merged household's reissued.
 */
export async function mergeHouseholds(ctx: CommandContext, input: MergeInput) {
  rejectFutureDate(ctx, input.mergedOn, "mergedOn");
  const collective = await collectiveForWrite(ctx, input.collectiveCode, "merge households");
  const shape = checkMergeShape(input, collective.issuerCode);
  if (shape) throw new DomainError(shape, describeMerge(shape, input));
  const { db } = ctx.deps;
  return commitTo<MergeResult>(ctx, collective.code, async () => {
    const sources: HouseholdRow[] = [];
    for (const code of input.from) {
      const found = await findHousehold(db, code);
      if (!found || found.collectiveCode !== collective.code) throw new DomainError("household_not_found", `No household ${code} in collective ${collective.code}.`);
      sources.push(found);
    }
    const survivor = sources.find((s) => s.contractorCode === input.into.contractorCode) ?? null;
    const dissolving = sources.filter((s) => s !== survivor);
    const membersOf = new Map(await Promise.all(sources.map(async (s) => [s.contractorCode, await householdMembersOf(db, s.contractorCode)] as const)));
    const held = await householdHoldings(ctx, input.from);
    const moving = dissolving.flatMap((s) => membersOf.get(s.contractorCode)!);
    const movedPlots = held.contracts.filter((c) => c.contractorCode !== survivor?.contractorCode).flatMap((c) => held.plotsOf(c.contractCode));
    const movedUnits = held.homesteads.filter((h) => h.contractorCode !== survivor?.contractorCode).map((h) => h.unitNumber);
    const rejected = checkMerge(input.mergedOn, input, {
      householdsActive: sources.every((s) => s.status === "active"),
      inPendingApplication: await inOpenApplication(db, input.from),
      targetTaken: !survivor && (await findHousehold(db, input.into.contractorCode)) !== null,
      moving: moving.map((m) => m.personId),
      mergedMembers: [...membersOf.values()].flat().map((m) => m.personId),
      representativeIsMember: (await activeMemberIds(db, collective.code, [input.into.representativeId])).has(input.into.representativeId),
      homesteadOrigins: held.homesteads.map((h) => h.origin),
      contracts: held.contracts,
      lastRegisteredOn: latestDate([await lastRegisteredOn(db, collective.code, movedPlots, movedUnits), ...moving.map((m) => m.joinedOn)]),
    });
    if (rejected) throw new DomainError(rejected, describeMerge(rejected, input));
    await assertNotBlocked(db, collective.code, movedSubjects(held.contracts, held.plotCodes, held.homesteads.map((h) => h.unitNumber)), "household-change", ctx.deps.clock.today());

    const plan = await mergeWrites(ctx, collective, survivor, dissolving, membersOf, held, input);
    const formerOf = new Map(await Promise.all(sources.map(async (s) => [s.contractorCode, await formerMembersOf(db, s.contractorCode)] as const)));
    const people = await findPersons(db, [...[...membersOf.values()].flat(), ...[...formerOf.values()].flat()].map((m) => m.personId));
    const none = { contractCodes: [], homesteadUnitNumbers: [] };
    const dissolved = dissolving.map((s) => {
      const left = membersOf.get(s.contractorCode)!.map((m) => ({ ...m, leftOn: input.mergedOn, leftReason: "merge" }));
      return householdView({ ...s, status: "dissolved", dissolvedOn: input.mergedOn }, [], people, ctx.actor, none, [...formerOf.get(s.contractorCode)!, ...left]);
    });
    const rights = { contractCodes: plan.contracts, homesteadUnitNumbers: held.homesteads.map((h) => h.unitNumber) };
    return {
      journal: {
        type: "household.merged",
        subject: input.into.contractorCode,
        collectiveCode: collective.code,
        data: {
          from: input.from,
          into: input.into.contractorCode,
          representativeId: input.into.representativeId,
          mergedOn: input.mergedOn,
          agreementRef: input.agreementRef,
          joined: plan.incoming.map((m) => m.personId),
          contracts: plan.contracts,
          endedContracts: plan.ended,
          homesteads: rights.homesteadUnitNumbers,
          certificates: plan.titles.summary,
        },
      },
      writes: plan.writes,
      result: {
        household: householdView(plan.target, inRecordOrder(plan.members), people, ctx.actor, rights, survivor ? formerOf.get(survivor.contractorCode)! : []),
        dissolved,
        contracts: plan.contracts,
        certificates: plan.titles.summary,
      },
    };
  });
}

/** 'transferred' outlasts 'withdrawn': a household that ever transferred its homestead is never granted another. */
function combinedBar(bars: HouseholdRow["homesteadBarred"][]): HouseholdRow["homesteadBarred"] {
  return bars.includes("transferred") ? "transferred" : bars.includes("withdrawn") ? "withdrawn" : null;
}

type Held = Awaited<ReturnType<typeof householdHoldings>>;
type Holder = { holderKind: "household"; holder: string; facts: Record<string, unknown> };

async function mergeWrites(
  ctx: CommandContext,
  collective: CollectiveRow,
  survivor: HouseholdRow | null,
  dissolving: HouseholdRow[],
  membersOf: Map<string, HouseholdMemberRow[]>,
  held: Held,
  input: MergeInput,
) {
  const { db, ids, clock } = ctx.deps;
  const nowMs = clock.nowMs();
  const code = input.into.contractorCode;
  const barred = combinedBar([...(survivor ? [survivor] : []), ...dissolving].map((h) => h.homesteadBarred));
  const target: HouseholdRow = survivor
    ? { ...survivor, representativeId: input.into.representativeId, homesteadBarred: barred }
    : { contractorCode: code, collectiveCode: collective.code, representativeId: input.into.representativeId, status: "active", homesteadBarred: barred, origin: "merge", originJson: JSON.stringify(input.from), dissolvedOn: null, createdAtMs: nowMs };
  const restated = new Map((input.into.members ?? []).map((m) => [m.personId, m]));
  const incoming = dissolving.flatMap((s) =>
    membersOf.get(s.contractorCode)!.map((m): HouseholdMemberRow => {
      const r = restated.get(m.personId);
      return { id: ids("hhm"), collectiveCode: collective.code, contractorCode: code, personId: m.personId, relation: r?.relation ?? m.relation, relationCode: r ? relationCodeOf(r) : m.relationCode, coHolder: r?.coHolder ?? m.coHolder, status: "active", joinedOn: input.mergedOn, joinReason: "merge", leftOn: null, leftReason: null, createdAtMs: nowMs };
    }),
  );
  const members = [...(survivor ? membersOf.get(survivor.contractorCode)! : []), ...incoming];
  const people = await findPersons(db, [...members.map((m) => m.personId), target.representativeId]);
  const holder: Holder = { holderKind: "household", holder: code, facts: householdHolderAfter(code, target.representativeId, members, people) };
  const titles = new TitleWork(ctx.deps, collective, "household-merge", input.mergedOn);
  const registrations = new RegistrationWork(ctx.deps, collective.code, "household-merge", input.mergedOn);
  const contracts = await mergeContracts(ctx, collective, survivor, held, code, holder, titles, registrations);
  const homesteadUpdates = await mergeHomesteads(ctx, held, code, holder, titles, registrations);

  const dissolvingCodes = dissolving.map((h) => h.contractorCode);
  const state: BatchItem<"sqlite">[] = [
    ...(survivor ? [] : [db.insert(households).values(target)]),
    ...contracts.writes,
    ...homesteadUpdates,
    db.update(households).set({ status: "dissolved", dissolvedOn: input.mergedOn }).where(inArray(households.contractorCode, dissolvingCodes)),
    db.update(householdMembers).set({ status: "left", leftOn: input.mergedOn, leftReason: "merge" }).where(and(inArray(householdMembers.contractorCode, dissolvingCodes), eq(householdMembers.status, literal("active")))),
    ...insertChunks(incoming).map((part) => db.insert(householdMembers).values(part)),
    // The survivor's new representative is one of its members only once the incoming rows are in.
    ...(survivor && (survivor.representativeId !== target.representativeId || survivor.homesteadBarred !== target.homesteadBarred)
      ? [db.update(households).set({ representativeId: target.representativeId, homesteadBarred: target.homesteadBarred }).where(eq(households.contractorCode, code))]
      : []),
  ];
  return {
    target,
    members,
    incoming,
    contracts: contracts.codes,
    ended: contracts.ended,
    titles,
    writes: (journalSeq: Parameters<TitleWork["writes"]>[0]) => [...state, ...registrations.writes(journalSeq), ...titles.writes(journalSeq)],
  };
}

/**
 * One contract per mode for the merged household: the survivor's (or, where it has none, a new `<code>J`/`Q` with the
 * term the merged contracts share); the others end with their plots moved to it. Writes: contracts created or taken
 * up again, old links and contracts ended, new links — in that order, which the database's guards accept.
 */
async function mergeContracts(ctx: CommandContext, collective: CollectiveRow, survivor: HouseholdRow | null, held: Held, code: string, holder: Holder, titles: TitleWork, registrations: RegistrationWork) {
  const { db, ids, clock } = ctx.deps;
  const nowMs = clock.nowMs();
  const create: BatchItem<"sqlite">[] = [];
  const links: (typeof contractPlots.$inferInsert)[] = [];
  const codes: string[] = [];
  const ended: string[] = [];
  for (const [mode, letter] of [["household", "J"], ["other", "Q"]] as const) {
    const of = held.contracts.filter((c) => c.mode === mode);
    if (of.length === 0) continue;
    const contractCode = code + letter;
    const kept = of.find((c) => c.contractCode === contractCode);
    const ending = of.filter((c) => c !== kept);
    let contract = kept;
    if (!contract) {
      const term = of[0]!;
      // A survivor's earlier contract of this code that ended (its land all transferred) is taken up again.
      const stale = survivor ? (await contractsOfHouseholds(db, [survivor.contractorCode])).find((c) => c.contractCode === contractCode) : undefined;
      contract = { contractCode, collectiveCode: collective.code, contractorCode: code, mode, startsOn: term.startsOn, endsOn: term.endsOn, certificateNo: stale?.certificateNo ?? null, status: "active", createdAtMs: stale?.createdAtMs ?? nowMs };
      create.push(stale ? db.update(landContracts).set({ status: "active", startsOn: term.startsOn, endsOn: term.endsOn }).where(eq(landContracts.contractCode, contractCode)) : db.insert(landContracts).values(contract));
    }
    const movingPlots = ending.flatMap((c) => held.plotsOf(c.contractCode));
    const allPlots = [...(kept ? held.plotsOf(kept.contractCode) : []), ...movingPlots].sort();
    links.push(...movingPlots.map((plotCode) => ({ id: ids("cpl"), collectiveCode: collective.code, contractCode, plotCode, status: "active" as const, createdAtMs: nowMs, endedAtMs: null })));
    const serial = (await registrations.register("land-contract", contractCode, code, allPlots))!;
    await titles.hold("plot", movingPlots.map((subject) => ({ subject, next: { holderKind: "household", holder: code, contractCode }, certificateNo: serial })));
    const right = { ...(await landContractRight(db, contract, allPlots)), originalContractCodes: ending.map((c) => c.contractCode) };
    await titles.certify("land-contract", contractCode, serial, holder, right);
    for (const e of ending) {
      await registrations.register("land-contract", e.contractCode, e.contractorCode, [], true);
      await titles.cancel("land-contract", e.contractCode);
    }
    codes.push(contractCode);
    ended.push(...ending.map((c) => c.contractCode));
  }
  const writes: BatchItem<"sqlite">[] = [
    ...create,
    ...(ended.length > 0
      ? [
          db.update(contractPlots).set({ status: "ended", endedAtMs: nowMs }).where(and(inArray(contractPlots.contractCode, ended), eq(contractPlots.status, literal("active")))),
          db.update(landContracts).set({ status: "ended" }).where(inArray(landContracts.contractCode, ended)),
        ]
      : []),
    ...insertChunks(links).map((part) => db.insert(contractPlots).values(part)),
  ];
  return { codes, ended, writes };
}

/**
 * The homesteads go with the merged household, each registered and certified again (the holder's members changed).
 * One household, several homesteads only with the 一户多宅 annotation (HS-13); the grant (at most one) moves first.
 */
async function mergeHomesteads(ctx: CommandContext, held: Held, code: string, holder: Holder, titles: TitleWork, registrations: RegistrationWork) {
  const { db } = ctx.deps;
  const updates: BatchItem<"sqlite">[] = [];
  const multiple = held.homesteads.length > 1;
  for (const h of [...held.homesteads].sort((a, b) => (a.origin === b.origin ? 0 : a.origin === "grant" ? -1 : 1))) {
    const annotations = JSON.parse(h.annotationsJson) as Annotation[];
    const annotationsJson = JSON.stringify(multiple ? withMultipleHomesteadsAnnotation(annotations) : annotations);
    const moves = h.contractorCode !== code;
    if (moves || annotationsJson !== h.annotationsJson)
      updates.push(db.update(homesteadsTable).set({ contractorCode: code, annotationsJson }).where(eq(homesteadsTable.unitNumber, h.unitNumber)));
    const serial = (await registrations.register("homestead", h.unitNumber, code, null))!;
    if (moves) await titles.hold("homestead", [{ subject: h.unitNumber, next: { holderKind: "household", holder: code }, certificateNo: serial }]);
    await titles.certify("homestead", h.unitNumber, serial, holder, homesteadRight({ ...h, annotationsJson }));
  }
  return updates;
}

function describeMerge(code: string, input: MergeInput): string {
  switch (code) {
    case "merge_households_duplicated":
      return "A merge joins two different households: list each once in `from`.";
    case "contractor_code_malformed":
      return "into.contractorCode must be one of the two households, or a new 18-digit code: the issuing-party code and a sequence 0001–8000.";
    case "contractor_code_outside_issuer":
      return "A new into.contractorCode must begin with this collective's issuing-party code.";
    case "contractor_code_not_household":
      return "A new into.contractorCode's sequence must be in the household range 0001–8000.";
    case "household_member_duplicated":
      return "A person is listed twice in into.members.";
    case "relation_code_mismatch":
      return "A relationCode in into.members does not fit its relation (GB/T 4761).";
    case "household_not_active":
      return `Household ${input.from.join(" or ")} is dissolved already.`;
    case "household_in_pending_application":
      return `An open transfer or withdrawal application gives from or to household ${input.from.join(" or ")}: register, reject or cancel it first.`;
    case "household_already_registered":
      return `Contractor code ${input.into.contractorCode} is already registered: merge into one of the two households, or choose a free code.`;
    case "merge_members_mismatch":
      return "into.members restates the relations of those who move into the merged household: list exactly them (everyone, for a new household), or leave it out to keep the recorded relations.";
    case "person_not_in_household":
      return "into.representativeId must be a member of one of the two households.";
    case "representative_not_member":
      return "into.representativeId must be an active member of the collective.";
    case "merge_would_hold_two_homesteads":
      return "Both households hold a granted homestead: one household, one homestead (LAL Art. 62). Withdraw or transfer one first, or keep two households.";
    case "merge_contract_terms_differ":
      return "The households' contracts of the same mode have different terms; one contract has one term.";
    default:
      return "mergedOn is before the last registration of a plot or homestead it moves, or before a member joined: a merge cannot rewrite that history.";
  }
}
