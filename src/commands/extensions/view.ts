import type { HeldBackReason, Periods } from "../../domain/extensions.js";
import type { ContractExtensionRow, ExtensionPlanRow } from "../../storage/extensions.js";
import { landKindsOf, type Assessed } from "./assess.js";

export interface PreviewLine {
  contractCode: string;
  contractorCode: string;
  endsOn: string;
  landKinds: string[];
  outcome: "planned" | "held-back";
  newEndsOn: string | null;
  reason: HeldBackReason | null;
}

export interface ReportCounts {
  covered: number;
  extended: number;
  heldBack: number;
  byReason: Record<string, number>;
}

export function previewOf(assessed: Assessed[], asOf: string) {
  const contracts: PreviewLine[] = assessed.map(({ contract, plots, assessment }) => ({
    contractCode: contract.contractCode,
    contractorCode: contract.contractorCode,
    endsOn: contract.endsOn,
    landKinds: landKindsOf(plots),
    outcome: assessment.outcome === "extended" ? "planned" : "held-back",
    newEndsOn: assessment.outcome === "extended" ? assessment.newEndsOn : null,
    reason: assessment.outcome === "held-back" ? assessment.reason : null,
  }));
  const byReason: Record<string, number> = {};
  for (const c of contracts) if (c.reason) byReason[c.reason] = (byReason[c.reason] ?? 0) + 1;
  const planned = contracts.filter((c) => c.outcome === "planned").length;
  return { asOf, contracts, counts: { covered: contracts.length, planned, heldBack: contracts.length - planned, byReason } };
}

export function countsOf(outcomes: Pick<ContractExtensionRow, "outcome" | "reason">[]): ReportCounts {
  const byReason: Record<string, number> = {};
  for (const o of outcomes) if (o.reason) byReason[o.reason] = (byReason[o.reason] ?? 0) + 1;
  const extended = outcomes.filter((o) => o.outcome === "extended").length;
  return { covered: outcomes.length, extended, heldBack: outcomes.length - extended, byReason };
}

export function reportOf(outcomes: ContractExtensionRow[]) {
  return {
    extended: outcomes
      .filter((o) => o.outcome === "extended")
      .map((o) => ({ contractCode: o.contractCode, previousEndsOn: o.previousEndsOn, newEndsOn: o.newEndsOn!, certificateNo: o.certificateNo! })),
    heldBack: outcomes.filter((o) => o.outcome === "held-back").map((o) => ({ contractCode: o.contractCode, endsOn: o.previousEndsOn, reason: o.reason as HeldBackReason })),
    counts: countsOf(outcomes),
  };
}

export function planView(plan: ExtensionPlanRow, periods: Periods, extra: { preview?: ReturnType<typeof previewOf> | null; outcomes?: ContractExtensionRow[] }) {
  return {
    id: plan.id,
    collectiveCode: plan.collectiveCode,
    resolutionRef: plan.resolutionRef,
    windowFrom: plan.windowFrom,
    windowTo: plan.windowTo,
    noticeStartsOn: plan.noticeStartsOn,
    noticeEndsOn: plan.noticeEndsOn,
    grasslandYears: periods.grasslandYears,
    forestYears: periods.forestYears,
    status: plan.status,
    appliedOn: plan.appliedOn ?? null,
    recordedAt: new Date(plan.recordedAtMs).toISOString(),
    preview: extra.preview ?? null,
    report: extra.outcomes && (plan.status === "applied" || extra.outcomes.length > 0) ? reportOf(extra.outcomes) : null,
  };
}

export type PlanView = ReturnType<typeof planView>;
