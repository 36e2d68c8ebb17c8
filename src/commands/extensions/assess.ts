import { findBlocking, inEffectOn } from "../../domain/encumbrances.js";
import { assessContract, landKindOf, periodsOf, type Assessment, type Periods } from "../../domain/extensions.js";
import type { Db } from "../../storage/db.js";
import { openPlotReservations } from "../../storage/applications.js";
import { encumbrancesOn, type EncumbranceSubject } from "../../storage/encumbrances.js";
import { type ContractRowForExtension, type ExtensionPlanRow } from "../../storage/extensions.js";
import { activePlotsOfContracts, type PlotRow } from "../../storage/land.js";

export interface Assessed {
  contract: ContractRowForExtension;
  plots: PlotRow[];
  assessment: Assessment;
}

/**
 * Each contract's outcome on `today` (domain/extensions.ts assessContract): its plots' uses, the restrictions in
 * effect on it or its plots (domain/encumbrances.ts: a seizure blocks an extension; an objection holds it back as
 * disputed), and open applications reserving its plots. Reads in bulk: a handful of queries whatever the count.
 */
export async function assessContracts(db: Db, collectiveCode: string, contracts: ContractRowForExtension[], periods: Periods, today: string): Promise<Assessed[]> {
  if (contracts.length === 0) return [];
  const codes = contracts.map((c) => c.contractCode);
  const links = await activePlotsOfContracts(db, codes);
  const plotsOf = new Map<string, PlotRow[]>();
  for (const { contractCode, plot } of links) plotsOf.set(contractCode, [...(plotsOf.get(contractCode) ?? []), plot]);
  const plotCodes = links.map((l) => l.plot.plotCode);
  const subjects: EncumbranceSubject[] = [...codes.map((c) => ({ kind: "land-contract" as const, subject: c })), ...plotCodes.map((p) => ({ kind: "plot" as const, subject: p }))];
  const [encumbrances, reserved] = await Promise.all([encumbrancesOn(db, subjects), openPlotReservations(db, plotCodes, null)]);
  const reservedSet = new Set(reserved);
  return contracts.map((contract) => {
    const plots = plotsOf.get(contract.contractCode) ?? [];
    const mine = new Set([contract.contractCode, ...plots.map((p) => p.plotCode)]);
    const list = encumbrances.filter((e) => e.collectiveCode === collectiveCode && mine.has(e.subject) && (e.subjectKind === "land-contract" ? e.subject === contract.contractCode : true));
    const seized = findBlocking(list, "extension", today);
    const disputed = list.some((e) => e.kind === "objection" && inEffectOn(e, today));
    const assessment = assessContract(
      {
        endsOn: contract.endsOn,
        landUses: plots.map((p) => p.landUse),
        blockedBy: seized ? "right_seized" : disputed ? "right_under_objection" : null,
        inPendingApplication: plots.some((p) => reservedSet.has(p.plotCode)),
      },
      periods,
    );
    return { contract, plots, assessment };
  });
}

/** The plan's periods, as proposed. */
export async function planPeriods(_db: Db, plan: ExtensionPlanRow): Promise<Periods> {
  return periodsOf({ grasslandYears: plan.grasslandYears, forestYears: plan.forestYears });
}

export function landKindsOf(plots: PlotRow[]): string[] {
  return [...new Set(plots.map((p) => landKindOf(p.landUse) ?? p.landUse))].sort();
}
