import { seesCollective } from "../../domain/access.js";
import { DomainError } from "../../domain/errors.js";
import { ChainWalk, type ChainProblem } from "../../domain/journal-chain.js";
import { countyOfCollective } from "../../domain/routing.js";
import { canonicalContent, chainHash, GENESIS_HASH } from "../../storage/chain.js";
import { findCollective } from "../../storage/collectives.js";
import type { Db } from "../../storage/db.js";
import { CHAIN_PAGE_ROWS, collectiveCodesInScope, journalChainPage, type ChainScope } from "../../storage/journal-chain.js";
import { fanOut } from "../../storage/router.js";
import type { CommandContext } from "../context.js";

/**
 * Verifies the journal's hash chains: every stream in the caller's scope is walked in stream_seq order, a page of
 * rows at a time, recomputing each row's hash from its predecessor's stored hash (src/domain/journal-chain.ts).
 * Admin verifies every stream of every database; a bureau the streams of the collectives under its prefix; a
 * registrar its collective's stream; holders do not read the journal. A tampered or unreadable row makes its
 * stream `valid: false`, never the request fail.
 */
export interface StreamVerification {
  stream: string;
  collectiveCode: string | null;
  events: number;
  headHash: string | null;
  valid: boolean;
  firstBadSeq?: number;
  problem?: ChainProblem;
}

/**
 * Whether a county database answers is known within fanOut's 3 s; walking a county's journal then takes about
 * 70 µs a row on Node (a million rows: over a minute), which is slowness, not absence. Only a walk that fails, or
 * outlasts this, names its database unavailable.
 */
export const WALK_TIMEOUT_MS = 15 * 60_000;

export async function verifyJournal(ctx: CommandContext, query: { collectiveCode?: string }) {
  const { actor, deps } = ctx;
  if (actor.role === "holder") throw new DomainError("forbidden", "A holder token reads its own rights, not the journal.");
  const code = actor.role === "registrar" ? actor.collectiveCode : (query.collectiveCode ?? null);
  if (actor.role === "registrar" && query.collectiveCode !== undefined && query.collectiveCode !== code) {
    throw new DomainError("collective_not_found", `No collective ${query.collectiveCode} in your scope.`);
  }
  if (code !== null) {
    const db = deps.router.forCounty(countyOfCollective(code));
    const collective = await findCollective(db, code);
    if (!collective || !seesCollective(actor, collective)) throw new DomainError("collective_not_found", `No collective ${code} in your scope.`);
    const scope: ChainScope = { kind: "stream", stream: code };
    return summary([await verifyIn(db, scope, await collectiveCodesInScope(db, scope))], []);
  }
  const scope: ChainScope = actor.role === "bureau" ? { kind: "region", regionPrefix: actor.regionPrefix ?? "" } : { kind: "all" };
  if (!deps.router.routed) return summary([await verifyIn(deps.db, scope, await collectiveCodesInScope(deps.db, scope))], []);
  const prefix = scope.kind === "region" ? scope.regionPrefix : "";
  const targets = deps.router.databasesUnder(prefix);
  const collectivesOf = new Map<Db, string[]>();
  const reachable = await fanOut(targets, async (db) => void collectivesOf.set(db, await collectiveCodesInScope(db, scope)));
  const answered = targets.filter((t) => reachable.results.some((r) => r.name === t.name));
  const walked = await fanOut(answered, (db) => verifyIn(db, scope, collectivesOf.get(db) ?? []), WALK_TIMEOUT_MS);
  return summary(
    walked.results.map((r) => r.value),
    [...reachable.unavailable, ...walked.unavailable],
  );
}

function summary(parts: StreamVerification[][], unavailable: string[]) {
  const streams = parts.flat().sort((a, b) => (a.stream < b.stream ? -1 : a.stream > b.stream ? 1 : 0));
  return {
    valid: streams.every((s) => s.valid),
    events: streams.reduce((n, s) => n + s.events, 0),
    streams,
    partial: unavailable.length > 0,
    unavailable,
  };
}

/** Every stream of the scope in one database, page by page; a collective of the scope without any stream is `missing`. */
async function verifyIn(db: Db, scope: ChainScope, collectiveCodes: string[]): Promise<StreamVerification[]> {
  const collectives = new Set(collectiveCodes);
  const done: StreamVerification[] = [];
  const finish = (walked: { stream: string; walk: ChainWalk } | undefined) => {
    if (walked) done.push({ stream: walked.stream, collectiveCode: collectives.has(walked.stream) ? walked.stream : null, ...walked.walk.verdict() });
  };
  let current: { stream: string; walk: ChainWalk } | undefined;
  let after: string | null = null;
  for (;;) {
    const rows = await journalChainPage(db, scope, after);
    // Each row's hash depends only on its own stored prev_hash: a page is hashed at once.
    const rehashes = await Promise.all(
      rows.map((row) => {
        const canonical = canonicalContent(row);
        return canonical === null ? null : chainHash(typeof row.prevHash === "string" ? row.prevHash : "", canonical);
      }),
    );
    rows.forEach((row, i) => {
      const stream = typeof row.stream === "string" ? row.stream : "(unreadable)";
      if (current?.stream !== stream) {
        finish(current);
        current = { stream, walk: new ChainWalk(GENESIS_HASH) };
      }
      current.walk.push({ seq: BigInt(row.seqKey), streamSeq: row.streamSeq, prevHash: row.prevHash, hash: row.hash, rehash: rehashes[i] ?? null });
    });
    const last = rows[rows.length - 1];
    if (!last || rows.length < CHAIN_PAGE_ROWS) break;
    after = last.seqKey;
  }
  finish(current);
  const seen = new Set(done.map((s) => s.stream));
  for (const code of collectives) {
    if (!seen.has(code)) done.push({ stream: code, collectiveCode: code, events: 0, headHash: null, valid: false, firstBadSeq: 1, problem: "missing" });
  }
  return done;
}
