import { seesRecord } from "../../domain/access.js";
import { DomainError } from "../../domain/errors.js";
import { findCollective } from "../../storage/collectives.js";
import { householdMembersOf } from "../../storage/households.js";
import { activePlotsOfContracts, findContract, findPlotWithHolder } from "../../storage/land.js";
import type { CommandContext } from "../context.js";
import { contractView, plotFacts } from "./view.js";
import { titleAsOf } from "../titles/read-titles.js";
import { factsRecordedAsOf } from "../corrections/versions.js";

/** A plot with its current contract right and holder household, and its title at the end of `asOf` (default today). */
export async function getPlot(ctx: CommandContext, plotCode: string, query: { asOf?: string; recordedAsOf?: string } = {}) {
  const { db } = ctx.deps;
  const found = await findPlotWithHolder(db, plotCode);
  const contract = found?.contract ?? null;
  // A holder sees the plot through the household holding it; the other roles through its collective alone.
  const members = ctx.actor.role === "holder" && contract ? await householdMembersOf(db, contract.contractorCode) : [];
  if (!found || !seesRecord(ctx.actor, [found.collective], members.map((m) => m.personId))) throw new DomainError("plot_not_found", `No plot ${plotCode} in your scope.`);
  const { plot, household, representative } = found;
  return {
    ...plotFacts(plot),
    // With recordedAsOf: the facts as the register held them then, before a later correction.
    ...(await factsRecordedAsOf(db, "plot", plotCode, query.recordedAsOf)),
    currentContract: contract
      ? { contractCode: contract.contractCode, mode: contract.mode, startsOn: contract.startsOn, endsOn: contract.endsOn, certificateNo: contract.certificateNo }
      : null,
    holder: household
      ? { contractorCode: household.contractorCode, representative: representative ? { personId: representative.id, name: representative.name } : null }
      : null,
    ...(await titleAsOf(ctx, "plot", plotCode, query)),
  };
}

export async function getContract(ctx: CommandContext, contractCode: string) {
  const { db } = ctx.deps;
  const contract = await findContract(db, contractCode);
  const members = contract ? await householdMembersOf(db, contract.contractorCode) : [];
  const collective = contract ? await findCollective(db, contract.collectiveCode) : null;
  if (!contract || !collective || !seesRecord(ctx.actor, [collective], members.map((m) => m.personId)))
    throw new DomainError("land_contract_not_found", `No land contract ${contractCode} in your scope.`);
  const plots = (await activePlotsOfContracts(db, [contractCode])).map((r) => r.plot);
  return contractView(contract, plots);
}
