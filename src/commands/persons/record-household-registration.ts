import { DomainError } from "../../domain/errors.js";
import { checkDivisionCode } from "../../domain/identifiers/index.js";
import { householdRegistrations } from "../../../schema/index.js";
import { findMembership } from "../../storage/memberships.js";
import { commitTo, rejectFutureDate, requireWriter, type CommandContext } from "../context.js";
import { hukouView, visiblePerson } from "./read-persons.js";

export interface HukouInput {
  kind: "rural" | "urban";
  regionCode: string;
  effectiveOn: string;
}

/**
 * Records a hukou fact (户籍). Evidence only: it writes one row and its journal entry and touches no membership
 * and no right — moving one's hukou to a city is no ground to lose either (RCEO Law Arts. 17–18, RLCL Art. 27).
 */
export async function recordHouseholdRegistration(ctx: CommandContext, personId: string, input: HukouInput) {
  requireWriter(ctx, "record household registrations");
  const person = await visiblePerson(ctx, personId);
  const { actor, deps } = ctx;
  if (actor.role === "registrar") {
    const membership = actor.collectiveCode ? await findMembership(deps.db, actor.collectiveCode, person.id) : null;
    if (!membership) throw new DomainError("person_not_found", `Person ${personId} has no membership in your collective.`);
  }
  const rejected = checkDivisionCode(input.regionCode, [6, 12]);
  if (rejected) throw new DomainError(rejected, `regionCode ${input.regionCode} must be a 6-digit county or 12-digit village/community code.`);
  rejectFutureDate(ctx, input.effectiveOn, "effectiveOn");
  const row = { id: deps.ids("hkr"), personId, ...input, recordedAtMs: deps.clock.nowMs() };
  return commitTo(ctx, `person:${personId}`, async () => ({
    journal: { type: "person.household_registration_recorded", subject: personId, data: { ...input } },
    writes: () => [deps.db.insert(householdRegistrations).values(row)],
    result: hukouView(row),
  }));
}
