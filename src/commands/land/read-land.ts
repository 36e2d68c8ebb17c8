import { seesRecord } from "../../domain/access.js";
import { DomainError } from "../../domain/errors.js";
import { findCollective } from "../../storage/collectives.js";
import { findHousehold, householdMembersOf } from "../../storage/households.js";
import { activeContractsOfPlots, activePlotsOfContracts, findContract, findPlot } from "../../storage/land.js";
import { findPerson } from "../../storage/persons.js";
import type { CommandContext } from "../context.js";
import { contractView, plotFacts } from "./view.js";
import { titleAsOf } from "../titles/read-titles.js";
import { factsRecordedAsOf } from "../corrections/versions.js";

/** A plot with its current contract right and holder household, and its title at the end of `asOf` (default today). */
export async function getPlot(ctx: CommandContext, plotCode: string, query: { asOf?: string; recordedAsOf?: string } = {}) {
  const { db } = ctx.deps;
  const plot = await findPlot(db, plotCode);
  const [current] = plot ? await activeContractsOfPlots(db, [plotCode]) : [];
  const members = current ? await householdMembersOf(db, current.contract.contractorCode) : [];
  const collective = plot ? await findCollective(db, plot.collectiveCode) : null;
  if (!plot || !collective || !seesRecord(ctx.actor, [collective], members.map((m) => m.personId)))
    throw new DomainError("plot_not_found", `No plot ${plotCode} in your scope.`);
  const household = current ? await findHousehold(db, current.contract.contractorCode) : null;
  const representative = household ? await findPerson(db, household.representativeId) : null;
  return {
    ...plotFacts(plot),
    // With recordedAsOf: the facts as the register held them then, before a later correction.
    ...(await factsRecordedAsOf(db, "plot", plotCode, query.recordedAsOf)),
    currentContract: current
      ? { contractCode: current.contract.contractCode, mode: current.contract.mode, startsOn: current.contract.startsOn, endsOn: current.contract.endsOn, certificateNo: current.contract.certificateNo }
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
