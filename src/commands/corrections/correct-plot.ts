import { eq } from "drizzle-orm";
import { writesCollective } from "../../domain/access.js";
import { correctPlotFacts, type Boundaries, type PlotFacts } from "../../domain/corrections.js";
import { DomainError } from "../../domain/errors.js";
import { formatAreaMu, toUnits } from "../../domain/quantities.js";
import { plots } from "../../../schema/index.js";
import { findCollective } from "../../storage/collectives.js";
import { factVersionsOf } from "../../storage/facts.js";
import { activeContractsOfPlots, findPlot, type PlotRow } from "../../storage/land.js";
import { invariant } from "../../lib/invariant.js";
import { commitTo, requireWriter, type CommandContext } from "../context.js";
import { assertNotBlocked } from "../encumbrances/blocking.js";
import { Reissues } from "./reissue.js";
import { factVersionWrites } from "./versions.js";

export interface PlotCorrectionInput {
  name?: string;
  areaMu?: string;
  boundaries?: Partial<Boundaries>;
  evidenceRef: string;
  reason: string;
}

export function plotFactsOf(row: PlotRow): PlotFacts {
  return {
    name: row.name,
    areaMuE4: row.areaMuE4,
    boundaries: { east: row.boundaryEast, south: row.boundarySouth, west: row.boundaryWest, north: row.boundaryNorth },
  };
}

/** A plot's facts as a fact version keeps them and the API answers them. */
export function plotFactsView(f: PlotFacts) {
  return { name: f.name, areaMu: formatAreaMu(f.areaMuE4), boundaries: { ...f.boundaries } };
}

/**
 * Corrects a plot's registered facts (name, area, four boundaries) on evidence (domain/corrections.ts): the row is
 * updated, the facts as recorded until now are kept as a fact version, and the certificate of the contract that
 * holds the plot is reissued. A seized plot or contract is not corrected. One batch, journaled.
 */
export async function correctPlot(ctx: CommandContext, plotCode: string, input: PlotCorrectionInput) {
  requireWriter(ctx, "correct the register");
  const { db, clock, ids } = ctx.deps;
  const seen = await findPlot(db, plotCode);
  if (!seen || !writesCollective(ctx.actor, seen.collectiveCode)) throw new DomainError("plot_not_found", `No plot ${plotCode} in your scope.`);
  const collective = await findCollective(db, seen.collectiveCode);
  invariant(collective, "a plot belongs to a registered collective");
  return commitTo(ctx, collective.code, async () => {
    const today = clock.today();
    const nowMs = clock.nowMs();
    const row = (await findPlot(db, plotCode))!;
    const before = plotFactsOf(row);
    const outcome = correctPlotFacts(before, { name: input.name, areaMuE4: input.areaMu === undefined ? undefined : toUnits(input.areaMu, 4), boundaries: input.boundaries });
    if (typeof outcome === "string")
      throw new DomainError(outcome, outcome === "area_must_be_positive" ? "areaMu must be more than 0." : `Plot ${plotCode} already has these facts; nothing to correct.`);
    const after = outcome.next;
    const [current] = await activeContractsOfPlots(db, [plotCode]);
    await assertNotBlocked(db, collective.code, [{ kind: "plot", subject: plotCode }, ...(current ? [{ kind: "land-contract" as const, subject: current.contract.contractCode }] : [])], "correction", today);
    const reissues = new Reissues(ctx.deps, today, nowMs);
    const certificateNo = current ? await reissues.contract(collective, current.contract, { plot: { plotCode, before, after } }) : null;
    const versions = factVersionWrites(
      db,
      ids,
      { entity: "plot", key: plotCode, collectiveCode: collective.code },
      await factVersionsOf(db, "plot", plotCode),
      { facts: plotFactsView(before), recordedFromMs: row.createdAtMs },
      { facts: plotFactsView(after), evidenceRef: input.evidenceRef, reason: input.reason },
      nowMs,
    );
    const result = {
      entity: "plot" as const,
      key: plotCode,
      changed: outcome.changed,
      previous: plotFactsView(before),
      corrected: plotFactsView(after),
      evidenceRef: input.evidenceRef,
      reason: input.reason,
      recordedAt: new Date(nowMs).toISOString(),
      certificates: reissues.summary,
    };
    return {
      journal: { type: "plot.corrected", subject: plotCode, collectiveCode: collective.code, data: { ...result, contractCode: current?.contract.contractCode ?? null, certificateNo } },
      writes: (journalSeq) => [
        db
          .update(plots)
          .set({ name: after.name, areaMuE4: after.areaMuE4, boundaryEast: after.boundaries.east, boundarySouth: after.boundaries.south, boundaryWest: after.boundaries.west, boundaryNorth: after.boundaries.north })
          .where(eq(plots.plotCode, plotCode)),
        ...versions(journalSeq),
        ...reissues.writes(journalSeq),
      ],
      result,
    };
  });
}
