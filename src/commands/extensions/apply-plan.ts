import type { BatchItem } from "drizzle-orm/batch";
import { and, eq } from "drizzle-orm";
import { rightCertificateNo } from "../../domain/certificates.js";
import { DomainError } from "../../domain/errors.js";
import { checkApplication, type Periods } from "../../domain/extensions.js";
import { contractExtensions, extensionPlans, landContracts, rightRegistrations } from "../../../schema/index.js";
import { insertChunks } from "../../storage/chunks.js";
import type { CollectiveRow } from "../../storage/collectives.js";
import { activeContractsEndingWithin, findExtensionPlan, latestContractVersions, outcomesOfPlan, type ContractExtensionRow, type ExtensionPlanRow } from "../../storage/extensions.js";
import { collectiveForWrite, commitTo, requireWriter, type CommandContext } from "../context.js";
import { householdHolder, landContractRight } from "../titles/facts.js";
import { TitleWork } from "../titles/title-work.js";
import { assessContracts, planPeriods } from "./assess.js";
import { countsOf, planView, type PlanView } from "./view.js";
import { literal } from "../../storage/prepared.js";

/**
 * Contracts registered per batch. A batch holds ≈ 5 statements per extended contract (the contract's new end, its
 * register version, its outcome, the old certificate superseded and the new one issued), each within D1's 100
 * parameters. Measured (test/extension-scale.test.ts, 492 contracts, 2 cores): one batch of all of them (≈ 2,000
 * statements) commits on libSQL as well as two of 250 — 4.6–6.7 s for the whole application either way, spent on the
 * per-contract reads (household facts, previous certificate) and signatures, not the batch. The bound keeps each
 * batch a size D1 accepts; a larger plan is applied in several batches, each journaled; the last marks it applied.
 */
export const CONTRACTS_PER_BATCH = 250;

/**
 * Applies a plan after its public notice (domain/extensions.ts checkApplication), once. Every active contract of the
 * collective still ending within the window is judged on `appliedOn`'s register: held back (seized, disputed, in an
 * open application, no statutory period, mixed periods) or extended — its `ends_on` moved, a new register version
 * (act `term-extension`) and its certificate reissued with the new term. Title versions do not change: the holder
 * is the same. Management rights keep their own (shorter) terms.
 *
 * A plan of more than CONTRACTS_PER_BATCH contracts commits in several batches: each records its contracts'
 * outcomes (journal `extension_plan.progressed`); the last sets the plan applied (`extension_plan.applied`, with the
 * plan's counts). A retry after a failure in between resumes: contracts with an outcome in the plan are not judged again.
 */
export async function applyExtensionPlan(ctx: CommandContext, id: string, input: { appliedOn: string }): Promise<PlanView> {
  requireWriter(ctx, "apply term extensions");
  const { db } = ctx.deps;
  const found = await findExtensionPlan(db, id);
  if (!found) throw new DomainError("extension_plan_not_found", `No extension plan ${id} in your scope.`);
  const collective = await collectiveForWrite(ctx, found.collectiveCode, "apply term extensions").catch((error: unknown) => {
    if (error instanceof DomainError && error.code === "collective_not_found") throw new DomainError("extension_plan_not_found", `No extension plan ${id} in your scope.`);
    throw error;
  });
  const periods = await planPeriods(db, found);
  for (;;) {
    const remaining = await pendingContracts(ctx, found);
    const last = remaining.length <= CONTRACTS_PER_BATCH;
    // Only the batch that finishes the plan answers an Idempotency-Key: an earlier one is not the request's answer.
    const step = await commitTo<{ done: boolean; view: PlanView | null }>(last ? ctx : { ...ctx, idempotency: undefined }, collective.code, () =>
      decideBatch(ctx, collective, id, input.appliedOn, periods, last),
    );
    if (step.done) return step.view!;
  }
}

async function pendingContracts(ctx: CommandContext, plan: ExtensionPlanRow) {
  const done = new Set((await outcomesOfPlan(ctx.deps.db, plan.id)).map((o) => o.contractCode));
  return (await activeContractsEndingWithin(ctx.deps.db, plan.collectiveCode, plan.windowFrom, plan.windowTo)).filter((c) => !done.has(c.contractCode));
}

async function decideBatch(ctx: CommandContext, collective: CollectiveRow, id: string, appliedOn: string, periods: Periods, finish: boolean) {
  const { db, ids, clock } = ctx.deps;
  const plan = await findExtensionPlan(db, id);
  if (!plan) throw new DomainError("extension_plan_not_found", `No extension plan ${id} in your scope.`);
  const refused = checkApplication(plan, appliedOn, clock.today());
  if (refused) throw new DomainError(refused, describe(refused, plan, appliedOn));
  const earlier = await outcomesOfPlan(db, plan.id);
  const remaining = await pendingContracts(ctx, plan);
  const batch = finish ? remaining : remaining.slice(0, CONTRACTS_PER_BATCH);
  const assessed = await assessContracts(db, collective.code, batch, periods, appliedOn);
  const versions = await latestContractVersions(db, batch.map((c) => c.contractCode));
  const nowMs = clock.nowMs();
  // TitleWork's act names title versions; an extension writes none (the holder is the same), only certificates.
  const titles = new TitleWork(ctx.deps, collective, "correction", appliedOn);
  const outcomes: ContractExtensionRow[] = [];
  const registrations: Omit<typeof rightRegistrations.$inferInsert, "journalSeq">[] = [];
  const moves: { contractCode: string; from: string; to: string }[] = [];
  for (const { contract, plots, assessment } of assessed) {
    if (assessment.outcome === "held-back") {
      outcomes.push({ planId: plan.id, contractCode: contract.contractCode, collectiveCode: collective.code, outcome: "held-back", previousEndsOn: contract.endsOn, newEndsOn: null, reason: assessment.reason, certificateNo: null });
      continue;
    }
    const plotCodes = plots.map((p) => p.plotCode).sort();
    const version = (versions.get(contract.contractCode) ?? 0) + 1;
    const certificateNo = rightCertificateNo(contract.contractCode, version);
    registrations.push({
      id: ids("reg"),
      collectiveCode: collective.code,
      rightKind: "land-contract",
      rightCode: contract.contractCode,
      version,
      act: "term-extension",
      contractorCode: contract.contractorCode,
      plotCodesJson: JSON.stringify(plotCodes),
      certificateSerial: certificateNo,
      effectiveOn: appliedOn,
      applicationId: null,
      recordedAtMs: nowMs,
    });
    await titles.certify(
      "land-contract",
      contract.contractCode,
      certificateNo,
      { holderKind: "household", holder: contract.contractorCode, facts: await householdHolder(db, contract.contractorCode) },
      await landContractRight(db, { ...contract, endsOn: assessment.newEndsOn }, plotCodes),
    );
    moves.push({ contractCode: contract.contractCode, from: contract.endsOn, to: assessment.newEndsOn });
    outcomes.push({ planId: plan.id, contractCode: contract.contractCode, collectiveCode: collective.code, outcome: "extended", previousEndsOn: contract.endsOn, newEndsOn: assessment.newEndsOn, reason: null, certificateNo });
  }
  const all = [...earlier, ...outcomes].sort((a, b) => a.contractCode.localeCompare(b.contractCode));
  const chunkCounts = countsOf(outcomes);
  const applied = { ...plan, status: "applied" as const, appliedOn };
  return {
    journal: {
      type: finish ? "extension_plan.applied" : "extension_plan.progressed",
      subject: plan.id,
      collectiveCode: collective.code,
      data: finish ? { id: plan.id, appliedOn, counts: countsOf(all), certificates: titles.summary.issued.length } : { id: plan.id, appliedOn, batch: chunkCounts },
    },
    writes: (journalSeq: Parameters<TitleWork["writes"]>[0]): BatchItem<"sqlite">[] => [
      // The contract's end moves only from the end it was judged on: a contract changed meanwhile fails the batch.
      ...moves.map((m) => db.update(landContracts).set({ endsOn: m.to }).where(and(eq(landContracts.contractCode, m.contractCode), eq(landContracts.endsOn, m.from), eq(landContracts.status, literal("active"))))),
      ...registrations.map((r) => db.insert(rightRegistrations).values({ ...r, journalSeq })),
      ...insertChunks(outcomes).map((part) => db.insert(contractExtensions).values(part)),
      ...titles.writes(journalSeq),
      ...(finish ? [db.update(extensionPlans).set({ status: "applied", appliedOn }).where(and(eq(extensionPlans.id, plan.id), eq(extensionPlans.status, literal("in-notice"))))] : []),
    ],
    result: { done: finish, view: finish ? planView(applied, periods, { outcomes: all }) : null },
  };
}

function describe(code: string, plan: ExtensionPlanRow, appliedOn: string): string {
  switch (code) {
    case "extension_plan_not_in_notice":
      return `Extension plan ${plan.id} is ${plan.status}${plan.appliedOn ? ` (on ${plan.appliedOn})` : ""}: a plan is applied once.`;
    case "extension_notice_running":
      return `The plan's public notice runs until ${plan.noticeEndsOn}: it is applied on a later day (appliedOn ${appliedOn}).`;
    default:
      return `appliedOn ${appliedOn} is after today (China Standard Time).`;
  }
}
