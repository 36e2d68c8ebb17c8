import { addDays } from "../../domain/applications.js";
import { DomainError } from "../../domain/errors.js";
import { writesCollective } from "../../domain/access.js";
import { rulesInForce } from "../../domain/rules.js";
import { applicationConsents } from "../../../schema/index.js";
import { listRuleVersions } from "../../storage/collectives.js";
import { toRulesVersion } from "../collectives/view.js";
import type { CommandContext } from "../context.js";
import { runStep } from "./step.js";

/**
 * A co-holder of the giving household consents: with their own holder token, or the registrar records a written
 * consent. The last consent starts the public notice (CST), for the collective's `noticeDays` in force.
 */
export async function consent(ctx: CommandContext, id: string, personId: string) {
  const { actor, deps } = ctx;
  return runStep(ctx, id, {
    move: "consent",
    authorize: (row) => {
      if (writesCollective(actor, row.collectiveCode)) return;
      if (actor.role === "holder" && actor.personId === personId) return;
      throw new DomainError("forbidden", "A co-holder consents with their own token, or the registrar records a written consent.");
    },
    apply: async (row, details, today) => {
      const required = JSON.parse(row.requiredConsentsJson) as string[];
      if (!required.includes(personId))
        throw new DomainError("consenter_not_co_holder", `Person ${personId} is not a co-holder whose consent this application needs.`);
      if (details.consents.some((c) => c.personId === personId)) throw new DomainError("consent_already_given", `Person ${personId} has already consented.`);
      const consentRow = {
        applicationId: id,
        personId,
        via: actor.role === "holder" ? ("holder" as const) : ("written" as const),
        recordedBy: actor.tokenId,
        consentedAtMs: deps.clock.nowMs(),
      };
      const given = new Set([...details.consents.map((c) => c.personId), personId]);
      const complete = required.every((p) => given.has(p));
      const noticeDays = rulesInForce((await listRuleVersions(deps.db, row.collectiveCode)).map(toRulesVersion), today)?.rules.noticeDays ?? 7;
      const openObjections = details.objections.filter((o) => o.status === "open").length;
      return {
        changes: complete
          ? { status: openObjections > 0 ? "objected" : "in-notice", noticeStartsOn: today, noticeEndsOn: addDays(today, noticeDays) }
          : {},
        details: { ...details, consents: [...details.consents, consentRow] },
        writes: () => [deps.db.insert(applicationConsents).values(consentRow)],
        journalType: `${row.kind}.consented`,
        data: { personId, via: consentRow.via, noticeStarts: complete },
      };
    },
  });
}
