import { DomainError } from "../../domain/errors.js";
import { checkPlotShape } from "../../domain/land.js";
import { toUnits } from "../../domain/quantities.js";
import { plots } from "../../../schema/index.js";
import { findPlot } from "../../storage/land.js";
import { collectiveForWrite, commitTo, type CommandContext } from "../context.js";
import { plotFacts } from "./view.js";

export interface PlotInput {
  plotCode: string;
  name?: string;
  areaMu: string;
  areaM2?: string;
  landUse: "cropping" | "forestry" | "livestock" | "fishery" | "non-farm";
  category?: "contracted" | "private" | "reserved" | "reclaimed" | "other";
  basicFarmland?: boolean;
  boundaries: { east: string; south: string; west: string; north: string };
  geometry?: unknown;
}

/** Registers a plot of the collective. Both areas are kept as given (mu from the contract register, m² as measured). */
export async function registerPlot(ctx: CommandContext, code: string, input: PlotInput) {
  const collective = await collectiveForWrite(ctx, code, "register plots");
  const areaMuE4 = toUnits(input.areaMu, 4);
  const areaM2E2 = input.areaM2 === undefined ? null : toUnits(input.areaM2, 2);
  const rejected = checkPlotShape(input.plotCode, collective.issuerCode, areaMuE4, areaM2E2);
  if (rejected)
    throw new DomainError(
      rejected,
      rejected === "plot_code_outside_issuer"
        ? `Plot code ${input.plotCode} must begin with this collective's issuing-party code ${collective.issuerCode}.`
        : rejected === "area_must_be_positive"
          ? "areaMu and areaM2 must be greater than zero."
          : "plotCode must be 19 digits: an issuing-party code and a sequence 00001–99999.", // not echoed: it may be an ID number
    );
  const { db, clock } = ctx.deps;
  const row = {
    plotCode: input.plotCode,
    collectiveCode: code,
    name: input.name ?? null,
    areaMuE4,
    areaM2E2,
    landUse: input.landUse,
    category: input.category ?? "contracted",
    basicFarmland: input.basicFarmland ?? false,
    boundaryEast: input.boundaries.east,
    boundarySouth: input.boundaries.south,
    boundaryWest: input.boundaries.west,
    boundaryNorth: input.boundaries.north,
    geometryJson: input.geometry === undefined ? null : JSON.stringify(input.geometry),
    createdAtMs: clock.nowMs(),
  };
  return commitTo<{ created: boolean; plot: ReturnType<typeof plotFacts> }>(ctx, code, async () => {
    const existing = await findPlot(db, input.plotCode);
    if (existing) {
      if (JSON.stringify(plotFacts(existing)) !== JSON.stringify(plotFacts(row)))
        throw new DomainError("plot_already_registered", `Plot ${input.plotCode} is registered with other facts.`);
      return { unchanged: { created: false, plot: plotFacts(existing) } };
    }
    const facts = plotFacts(row);
    return {
      journal: { type: "plot.registered", subject: input.plotCode, collectiveCode: code, data: facts },
      writes: () => [db.insert(plots).values(row)],
      result: { created: true, plot: facts },
    };
  });
}
