import { seesCollective } from "../../domain/access.js";
import type { ApplicationType } from "../../domain/applications.js";
import { DomainError } from "../../domain/errors.js";
import type { ApplicationRow } from "../../storage/applications.js";
import { findApplication } from "../../storage/applications.js";
import { findCollective, type CollectiveRow } from "../../storage/collectives.js";
import { householdMembersOf } from "../../storage/households.js";
import type { CommandContext } from "../context.js";

/**
 * Who may act on an application:
 *  - the collective's registrar (and admin) for every step;
 *  - a holder for their own: applying, consenting as a co-holder, cancelling;
 *  - a bureau reads.
 * Anyone else does not see the application at all (404), and a party who may not take a step gets 403.
 */
export async function parties(ctx: CommandContext, row: ApplicationRow): Promise<string[]> {
  const ids = [row.applicantPersonId, row.fromPersonId, row.toPersonId].filter((x): x is string => x !== null);
  for (const code of [row.fromContractorCode, row.toContractorCode]) {
    if (code) ids.push(...(await householdMembersOf(ctx.deps.db, code)).map((m) => m.personId));
  }
  return ids;
}

/**
 * The application if the caller may see it, else application_not_found. With `type`, a transfer is not found
 * under /v1/withdrawals and a withdrawal not under /v1/transfers.
 */
export async function visibleApplication(ctx: CommandContext, id: string, type?: ApplicationType): Promise<{ row: ApplicationRow; collective: CollectiveRow }> {
  const row = await findApplication(ctx.deps.db, id);
  const collective = row ? await findCollective(ctx.deps.db, row.collectiveCode) : null;
  const visible =
    row && collective && (ctx.actor.role === "holder" ? (await parties(ctx, row)).includes(ctx.actor.personId ?? "") : seesCollective(ctx.actor, collective));
  if (!row || !collective || !visible || (type && row.kind !== type))
    throw new DomainError("application_not_found", `No ${type ?? "application"} ${id} in your scope.`);
  return { row, collective };
}
