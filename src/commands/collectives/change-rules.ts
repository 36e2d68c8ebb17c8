import { Decimal } from "decimal.js";
import { DomainError } from "../../domain/errors.js";
import { type CollectiveRules } from "../../domain/rules.js";
import { collectiveRules } from "../../../schema/index.js";
import { listRuleVersions } from "../../storage/collectives.js";
import { collectiveForWrite, commitTo, type CommandContext } from "../context.js";
import { collectiveView, toRulesVersion } from "./view.js";
import { requirePassingResolution } from "../resolutions/require-resolution.js";

export interface ChangeRulesInput {
  rules: Partial<CollectiveRules>;
  resolutionRef: string;
  effectiveOn: string;
}

/**
 * The charter's rules change by resolution: a new version, effective on a date, merged over the version in force
 * before it. Old versions stay; the version in force on a date decides what happens on that date. The resolution is
 * a recorded, passing resolution of the members' general meeting on rules-change, held no later than the new
 * version takes effect (rules are not in force before they were adopted). The rules given at a collective's
 * registration need none: they are its charter as found.
 */
export async function changeRules(ctx: CommandContext, code: string, input: ChangeRulesInput) {
  const collective = await collectiveForWrite(ctx, code, "change rules");
  const { db, clock } = ctx.deps;
  if (input.rules.equityHoldingCapPercent && new Decimal(input.rules.equityHoldingCapPercent).gt(100))
    throw new DomainError("holding_cap_exceeded", "equityHoldingCapPercent cannot exceed 100.");
  return commitTo(ctx, code, async () => {
    await requirePassingResolution(db, code, input.resolutionRef, "rules-change", { actOn: input.effectiveOn, actOnField: "effectiveOn" });
    const rows = await listRuleVersions(db, code);
    const versions = rows.map(toRulesVersion);
    const latest = versions[versions.length - 1];
    const rules = { ...(latest?.rules ?? {}), ...input.rules } as CollectiveRules;
    const row = {
      collectiveCode: code,
      version: (latest?.version ?? 0) + 1,
      effectiveOn: input.effectiveOn,
      rulesJson: JSON.stringify(rules),
      resolutionRef: input.resolutionRef,
      recordedAtMs: clock.nowMs(),
    };
    return {
      journal: { type: "collective.rules_changed", subject: code, collectiveCode: code, data: { version: row.version, effectiveOn: row.effectiveOn, rules, resolutionRef: input.resolutionRef } },
      writes: () => [db.insert(collectiveRules).values(row)],
      result: collectiveView(collective, [...rows, row], clock.today()),
    };
  });
}
