import { seesCollective } from "../../domain/access.js";
import { DomainError } from "../../domain/errors.js";
import { findCollective } from "../../storage/collectives.js";
import { readJournal } from "../../storage/journal.js";
import type { CommandContext } from "../context.js";

/**
 * The append-only journal, in order of its global `seq`. Admin reads all of it; a registrar its collective's
 * events; a bureau the events of collectives under its prefix. Holders do not read the journal.
 */
export async function journalPage(ctx: CommandContext, query: { after?: number; limit: number; collectiveCode?: string }) {
  const { actor, deps } = ctx;
  if (actor.role === "holder") throw new DomainError("forbidden", "A holder token reads its own rights, not the journal.");
  let collectiveCode = query.collectiveCode ?? null;
  let regionPrefix: string | null = null;
  if (actor.role === "registrar") {
    if (collectiveCode && collectiveCode !== actor.collectiveCode) throw new DomainError("collective_not_found", `No collective ${collectiveCode} in your scope.`);
    collectiveCode = actor.collectiveCode;
  }
  if (collectiveCode) {
    const collective = await findCollective(deps.db, collectiveCode);
    if (!collective || !seesCollective(actor, collective)) throw new DomainError("collective_not_found", `No collective ${collectiveCode} in your scope.`);
  } else if (actor.role === "bureau") {
    regionPrefix = actor.regionPrefix;
  }
  const rows = await readJournal(deps.db, { after: query.after ?? 0, limit: query.limit + 1, collectiveCode, regionPrefix });
  const page = rows.slice(0, query.limit);
  return {
    events: page.map((r) => ({
      seq: r.seq,
      stream: r.stream,
      streamSeq: r.streamSeq,
      collectiveCode: r.collectiveCode,
      type: r.type,
      actor: r.actor,
      subject: r.subject,
      data: JSON.parse(r.dataJson) as Record<string, unknown>,
      recordedAt: new Date(r.recordedAtMs).toISOString(),
    })),
    nextCursor: rows.length > query.limit ? String(page[page.length - 1]?.seq ?? "") : null,
  };
}
