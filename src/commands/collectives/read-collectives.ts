import { seesCollective } from "../../domain/access.js";
import { DomainError } from "../../domain/errors.js";
import { findCollective, listCollectives, listRuleVersions } from "../../storage/collectives.js";
import type { CommandContext } from "../context.js";
import { collectiveView } from "./view.js";

export async function getCollective(ctx: CommandContext, code: string) {
  const collective = await visibleCollective(ctx, code);
  return collectiveView(collective, await listRuleVersions(ctx.deps.db, code), ctx.deps.clock.today());
}

/** A collective the caller may see as a whole, or collective_not_found (the same answer as a missing one). */
export async function visibleCollective(ctx: CommandContext, code: string) {
  const collective = await findCollective(ctx.deps.db, code);
  if (!collective || !seesCollective(ctx.actor, collective))
    throw new DomainError("collective_not_found", `No collective ${code} in your scope.`);
  return collective;
}

/** Collectives under a region prefix, intersected with what the caller may see. */
export async function findCollectives(ctx: CommandContext, query: { regionPrefix?: string; after?: string; limit: number }) {
  const { actor, deps } = ctx;
  if (actor.role === "holder") return { collectives: [], nextCursor: null };
  let prefix = query.regionPrefix ?? "";
  if (actor.role === "bureau" && actor.regionPrefix) {
    // The narrower of the two prefixes; disjoint prefixes see nothing.
    if (prefix.startsWith(actor.regionPrefix)) prefix = prefix || actor.regionPrefix;
    else if (actor.regionPrefix.startsWith(prefix)) prefix = actor.regionPrefix;
    else return { collectives: [], nextCursor: null };
  }
  if (actor.role === "registrar") {
    const own = actor.collectiveCode ? await findCollective(deps.db, actor.collectiveCode) : null;
    const visible = own && own.regionCode.startsWith(prefix) ? [own] : [];
    const views = await Promise.all(visible.map(async (c) => collectiveView(c, await listRuleVersions(deps.db, c.code), deps.clock.today())));
    return { collectives: views, nextCursor: null };
  }
  const rows = await listCollectives(deps.db, { regionPrefix: prefix, after: query.after ?? null, limit: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  const views = await Promise.all(page.map(async (c) => collectiveView(c, await listRuleVersions(deps.db, c.code), deps.clock.today())));
  return { collectives: views, nextCursor: rows.length > query.limit ? (page[page.length - 1]?.code ?? null) : null };
}
