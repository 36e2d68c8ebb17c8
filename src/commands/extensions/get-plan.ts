import { DomainError } from "../../domain/errors.js";
import { seesCollective } from "../../domain/access.js";
import { findCollective } from "../../storage/collectives.js";
import { activeContractsEndingWithin, findExtensionPlan, outcomesOfPlan } from "../../storage/extensions.js";
import type { CommandContext } from "../context.js";
import { assessContracts, planPeriods } from "./assess.js";
import { planView, previewOf } from "./view.js";

/**
 * A plan, to whoever sees its collective (else extension_plan_not_found, as for a missing one): while in notice,
 * with its preview as of today (the contracts it would still extend or hold back); once applied, with its report.
 */
export async function getExtensionPlan(ctx: CommandContext, id: string) {
  const { db, clock } = ctx.deps;
  const plan = await findExtensionPlan(db, id);
  const collective = plan ? await findCollective(db, plan.collectiveCode) : null;
  if (!plan || !collective || !seesCollective(ctx.actor, collective)) throw new DomainError("extension_plan_not_found", `No extension plan ${id} in your scope.`);
  const [periods, outcomes] = await Promise.all([planPeriods(db, plan), outcomesOfPlan(db, plan.id)]);
  if (plan.status !== "in-notice") return planView(plan, periods, { outcomes });
  const done = new Set(outcomes.map((o) => o.contractCode));
  const contracts = (await activeContractsEndingWithin(db, plan.collectiveCode, plan.windowFrom, plan.windowTo)).filter((c) => !done.has(c.contractCode));
  const today = clock.today();
  return planView(plan, periods, { preview: previewOf(await assessContracts(db, plan.collectiveCode, contracts, periods, today), today), outcomes });
}
