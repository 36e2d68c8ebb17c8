import { DomainError } from "../../domain/errors.js";
import { countyOfCollective } from "../../domain/routing.js";
import { checkCollective, sameCollectiveFacts, type CollectiveFacts } from "../../domain/collectives.js";
import { RULES_FROM_THE_BEGINNING, withDefaults, type CollectiveRules } from "../../domain/rules.js";
import { collectiveRules, collectives } from "../../../schema/index.js";
import { findCollective, findCollectiveByIssuer, listRuleVersions } from "../../storage/collectives.js";
import { commitTo, requireWriter, type CommandContext } from "../context.js";
import { collectiveView, type CollectiveView } from "./view.js";

export interface RegisterCollectiveInput extends CollectiveFacts {
  rules?: Partial<CollectiveRules>;
}

/** Admin registers a collective. The same facts again answer the existing record (created: false). */
export async function registerCollective(ctx: CommandContext, input: RegisterCollectiveInput) {
  requireWriter(ctx, "register collectives");
  if (ctx.actor.role !== "admin") throw new DomainError("forbidden", "Only an admin registers collectives.");
  const rejected = checkCollective(input);
  if (rejected) throw new DomainError(rejected, describe(rejected, input));
  // With one database per county, the credit code's county (positions 3–8) routes every request about the
  // collective, and its codes' county routes its plots and households: the two must be the same county.
  if (ctx.deps.router.routed && countyOfCollective(input.code) !== input.regionCode.slice(0, 6))
    throw new DomainError("credit_code_outside_region", `Credit code ${input.code} was issued in county ${countyOfCollective(input.code)}, but region ${input.regionCode} lies in county ${input.regionCode.slice(0, 6)}.`);
  const { db, clock } = ctx.deps;

  return commitTo<{ created: boolean; collective: CollectiveView }>(ctx, input.code, async () => {
    const existing = await findCollective(db, input.code);
    if (existing) {
      if (!sameCollectiveFacts(existing, input))
        throw new DomainError("collective_already_registered", `Collective ${input.code} is registered with other facts.`);
      return { unchanged: { created: false, collective: collectiveView(existing, await listRuleVersions(db, input.code), clock.today()) } };
    }
    const owner = await findCollectiveByIssuer(db, input.issuerCode);
    if (owner) throw new DomainError("issuer_code_taken", `Issuing-party code ${input.issuerCode} belongs to collective ${owner.code}.`);
    const nowMs = clock.nowMs();
    const row = { ...pickFacts(input), createdAtMs: nowMs };
    const rules = withDefaults(input.rules ?? {});
    const rulesRow = {
      collectiveCode: input.code,
      version: 1,
      effectiveOn: RULES_FROM_THE_BEGINNING,
      rulesJson: JSON.stringify(rules),
      resolutionRef: null,
      recordedAtMs: nowMs,
    };
    return {
      journal: { type: "collective.registered", subject: input.code, collectiveCode: input.code, data: { ...pickFacts(input), rules } },
      writes: () => [db.insert(collectives).values(row), db.insert(collectiveRules).values(rulesRow)],
      result: { created: true, collective: collectiveView(row, [rulesRow], clock.today()) },
    };
  });
}

function pickFacts(input: CollectiveFacts): CollectiveFacts {
  return { code: input.code, name: input.name, level: input.level, regionCode: input.regionCode, issuerCode: input.issuerCode };
}

function describe(code: string, input: CollectiveFacts): string {
  switch (code) {
    case "credit_code_not_collective":
      return `${input.code} is not a collective economic organization's code: it must begin with N (agriculture).`;
    case "credit_code_level_mismatch":
      return `${input.code} has type digit ${input.code[1]}, but level ${input.level} needs ${{ group: 1, village: 2, township: 3 }[input.level]}.`;
    case "region_code_level_mismatch":
      return `A ${input.level}-level collective needs a ${input.level === "township" ? "9" : "12"}-digit region code.`;
    case "issuer_code_outside_region":
      return `Issuing-party code ${input.issuerCode} must begin with region code ${input.regionCode}.`;
    default:
      return `Check ${code.startsWith("credit") ? "the credit code" : code.startsWith("issuer") ? "the issuing-party code" : "the region code"}: ${code.replace(/_/g, " ")}.`;
  }
}
