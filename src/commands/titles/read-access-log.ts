import { DomainError } from "../../domain/errors.js";
import { readAccessLog } from "../../storage/access-log.js";
import type { CommandContext } from "../context.js";

/** The access log of title searches (admin only): who asked, for what, why; newest first. */
export async function accessLogPage(ctx: CommandContext, query: { before?: number; limit: number }) {
  if (ctx.actor.role !== "admin") throw new DomainError("forbidden", "Only an admin token reads the access log.");
  const rows = await readAccessLog(ctx.deps.router.directory, { before: query.before, limit: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  return {
    entries: page.map((r) => ({
      seq: r.seq,
      at: new Date(r.atMs).toISOString(),
      tokenId: r.tokenId,
      role: r.role,
      scope: r.scope,
      purpose: r.purpose,
      queryKind: r.queryKind,
      queryValue: r.queryValue,
      results: r.results,
    })),
    nextCursor: rows.length > query.limit ? String(page[page.length - 1]!.seq) : null,
  };
}
