import { seesRecord } from "../../domain/access.js";
import { DomainError } from "../../domain/errors.js";
import { findCollective } from "../../storage/collectives.js";
import { factVersionsOf, type FactEntity } from "../../storage/facts.js";
import { findHomestead } from "../../storage/homesteads.js";
import { householdMembersOf } from "../../storage/households.js";
import { activeContractsOfPlots, findPlot } from "../../storage/land.js";
import type { CommandContext } from "../context.js";
import { visiblePersonRecords } from "../persons/read-persons.js";
import { factVersionView } from "./versions.js";

/**
 * The recorded versions of a plot's, homestead's or person's facts, oldest record first: the original facts and
 * each correction with its evidence and reason. Empty when never corrected. Visible to whoever sees the thing.
 */
export async function listCorrections(ctx: CommandContext, entity: FactEntity, key: string) {
  const { db } = ctx.deps;
  if (entity === "person") await visiblePersonRecords(ctx, key);
  else {
    const thing = entity === "plot" ? await findPlot(db, key) : await findHomestead(db, key);
    const collective = thing ? await findCollective(db, thing.collectiveCode) : null;
    const contractorCode =
      thing === null ? null : "contractorCode" in thing ? thing.contractorCode : ((await activeContractsOfPlots(db, [key]))[0]?.contract.contractorCode ?? null);
    const members = contractorCode ? await householdMembersOf(db, contractorCode) : [];
    if (!thing || !collective || !seesRecord(ctx.actor, [collective], members.map((m) => m.personId)))
      throw new DomainError(entity === "plot" ? "plot_not_found" : "homestead_not_found", `No ${entity} ${key} in your scope.`);
  }
  return { entity, key, versions: (await factVersionsOf(db, entity, key)).map(factVersionView) };
}
