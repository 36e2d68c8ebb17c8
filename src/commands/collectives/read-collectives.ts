import { seesCollective } from "../../domain/access.js";
import { DomainError } from "../../domain/errors.js";
import { findCollective, listCollectives, listRuleVersions } from "../../storage/collectives.js";
import type { CommandContext } from "../context.js";
import { countyOfCollective } from "../../domain/routing.js";
import { fanOut } from "../../storage/router.js";
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
  const none = { collectives: [], nextCursor: null, partial: false, unavailable: [] as string[] };
  if (actor.role === "holder") return none;
  let prefix = query.regionPrefix ?? "";
  if (actor.role === "bureau" && actor.regionPrefix) {
    // The narrower of the two prefixes; disjoint prefixes see nothing.
    if (prefix.startsWith(actor.regionPrefix)) prefix = prefix || actor.regionPrefix;
    else if (actor.regionPrefix.startsWith(prefix)) prefix = actor.regionPrefix;
    else return none;
  }
  if (actor.role === "registrar") {
    const db = actor.collectiveCode ? deps.router.forCounty(countyOfCollective(actor.collectiveCode)) : deps.db;
    const own = actor.collectiveCode ? await findCollective(db, actor.collectiveCode) : null;
    const visible = own && own.regionCode.startsWith(prefix) ? [own] : [];
    const views = await Promise.all(visible.map(async (c) => collectiveView(c, await listRuleVersions(db, c.code), deps.clock.today())));
    return { ...none, collectives: views };
  }
  // Every county database under the prefix answers at once; one that does not answer in time is named.
  const { results, unavailable } = await fanOut(deps.router.databasesUnder(prefix), async (db) => {
    const rows = await listCollectives(db, { regionPrefix: prefix, after: query.after ?? null, limit: query.limit + 1 });
    return Promise.all(rows.map(async (c) => ({ code: c.code, view: collectiveView(c, await listRuleVersions(db, c.code), deps.clock.today()) })));
  });
  const merged = results.flatMap((r) => r.value).sort((a, b) => a.code.localeCompare(b.code));
  const page = merged.slice(0, query.limit);
  return {
    collectives: page.map((r) => r.view),
    nextCursor: merged.length > query.limit ? (page[page.length - 1]?.code ?? null) : null,
    partial: unavailable.length > 0,
    unavailable,
  };
}
