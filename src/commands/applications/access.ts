import { seesCollective, writesCollective } from "../../domain/access.js";
import { DomainError } from "../../domain/errors.js";
import type { ApplicationRow } from "../../storage/applications.js";
import { findApplication, applicationDetails } from "../../storage/applications.js";
import { findCollective, type CollectiveRow } from "../../storage/collectives.js";
import { householdMembersOf } from "../../storage/households.js";
import type { CommandContext } from "../context.js";

/**
 * Who may act on an application:
 *  - the collective's registrar (and admin) for every step;
 *  - a holder for their own: applying, consenting as a co-holder, cancelling;
 *  - a bureau reads.
 * Anyone else does not see the application at all (404).
 */
export async function parties(ctx: CommandContext, row: ApplicationRow): Promise<string[]> {
  const ids = [row.applicantPersonId, row.fromPersonId, row.toPersonId].filter((x): x is string => x !== null);
  for (const code of [row.fromContractorCode, row.toContractorCode]) {
    if (code) ids.push(...(await householdMembersOf(ctx.deps.db, code)).map((m) => m.personId));
  }
  return ids;
}

export async function visibleApplication(ctx: CommandContext, id: string): Promise<{ row: ApplicationRow; collective: CollectiveRow }> {
  const row = await findApplication(ctx.deps.db, id);
  const collective = row ? await findCollective(ctx.deps.db, row.collectiveCode) : null;
  const visible =
    row && collective && (ctx.actor.role === "holder" ? (await parties(ctx, row)).includes(ctx.actor.personId ?? "") : seesCollective(ctx.actor, collective));
  if (!row || !collective || !visible) throw new DomainError("application_not_found", `No application ${id} in your scope.`);
  return { row, collective };
}

/** A registrar step (approve, reject, record objections and payments): the registrar of the collective or admin. */
export async function registrarStep(ctx: CommandContext, id: string, what: string) {
  const found = await visibleApplication(ctx, id);
  if (!writesCollective(ctx.actor, found.row.collectiveCode))
    throw new DomainError("forbidden", `Only the collective's registrar may ${what}.`);
  return found;
}

export async function loadView(ctx: CommandContext, row: ApplicationRow) {
  return { row, details: await applicationDetails(ctx.deps.db, row.id) };
}
