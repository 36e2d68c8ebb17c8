import { rulesInForce, withDefaults, type CollectiveRules, type RulesVersion } from "../../domain/rules.js";
import type { CollectiveRow, RulesRow } from "../../storage/collectives.js";

export function toRulesVersion(row: RulesRow): RulesVersion {
  return {
    version: row.version,
    effectiveOn: row.effectiveOn,
    rules: withDefaults(JSON.parse(row.rulesJson) as Partial<CollectiveRules>),
    resolutionRef: row.resolutionRef,
  };
}

export function collectiveView(row: CollectiveRow, ruleRows: RulesRow[], today: string) {
  const versions = ruleRows.map(toRulesVersion);
  return {
    code: row.code,
    name: row.name,
    level: row.level,
    regionCode: row.regionCode,
    issuerCode: row.issuerCode,
    rules: (rulesInForce(versions, today) ?? versions[0])?.rules ?? withDefaults({}),
    rulesHistory: versions,
    createdAt: new Date(row.createdAtMs).toISOString(),
  };
}

export type CollectiveView = ReturnType<typeof collectiveView>;
