import { seesRecord } from "../../domain/access.js";
import { DomainError } from "../../domain/errors.js";
import { findCollective } from "../../storage/collectives.js";
import { findHomestead } from "../../storage/homesteads.js";
import { householdMembersOf } from "../../storage/households.js";
import { titleAsOf } from "../titles/read-titles.js";
import { factsRecordedAsOf } from "../corrections/versions.js";
import type { CommandContext } from "../context.js";
import { homesteadView } from "./view.js";

export async function getHomestead(ctx: CommandContext, unitNumber: string, query: { asOf?: string; recordedAsOf?: string } = {}) {
  const { db } = ctx.deps;
  const homestead = await findHomestead(db, unitNumber);
  const members = homestead ? await householdMembersOf(db, homestead.contractorCode) : [];
  const collective = homestead ? await findCollective(db, homestead.collectiveCode) : null;
  if (!homestead || !collective || !seesRecord(ctx.actor, [collective], members.map((m) => m.personId)))
    throw new DomainError("homestead_not_found", `No homestead ${unitNumber} in your scope.`);
  // With recordedAsOf: the facts as the register held them then, before a later correction.
  const recorded = await factsRecordedAsOf(db, "homestead", unitNumber, query.recordedAsOf);
  return { ...homesteadView(homestead), ...recorded, ...(await titleAsOf(ctx, "homestead", unitNumber, query)) };
}
