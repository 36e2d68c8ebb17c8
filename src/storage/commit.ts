import { desc, eq, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { DomainError, isRuleCode } from "../domain/errors.js";
import { idempotencyKeys, journal } from "../../schema/index.js";
import type { Db } from "./db.js";
import { canonicalContent, chainHash, GENESIS_HASH } from "./chain.js";
import { param, prepared } from "./prepared.js";

/**
 * The one way a command writes. A command's `decide` runs after the stream head is read: it loads what it needs,
 * applies the domain rules and returns its writes. They are committed in ONE atomic batch whose first statement
 * appends the journal row at head + 1; if another command on the same stream committed in between, the journal
 * trigger aborts the batch and the command runs again from the top (optimistic concurrency, stack-notes #17).
 * No interactive transaction is ever held open, so the same code runs on a libSQL file, D1 and a remote server.
 */
export interface JournalEntry {
  type: string;
  subject: string;
  collectiveCode?: string | null;
  data: Record<string, unknown>;
}

export interface Decision<T> {
  journal: JournalEntry;
  writes: (journalSeq: ReturnType<typeof journalSeqOf>) => BatchItem<"sqlite">[];
  result: T;
}

export interface CommitContext {
  db: Db;
  actor: string;
  nowMs: number;
  /** With an Idempotency-Key: the answer is stored in the same batch as the change it answers. */
  idempotency?: IdempotencyClaim;
}

export interface IdempotencyClaim {
  key: string;
  requestHash: string;
  respond: (result: never) => { status: number; body: unknown };
}

/** Another request with the same Idempotency-Key committed first: answer its stored response. */
export class IdempotencyKeyClaimed extends Error {
  constructor(readonly key: string) {
    super("idempotency key claimed by a concurrent request");
  }
}

const MAX_ATTEMPTS = 12;

/** A SQL expression for the global `seq` of the journal row this batch appends (usable inside the batch). */
export function journalSeqOf(stream: string, streamSeq: number) {
  return sql<number>`(SELECT seq FROM journal WHERE stream = ${stream} AND stream_seq = ${streamSeq})`;
}

export interface Unchanged<T> {
  unchanged: T;
  journal?: never;
}

export async function commit<T>(ctx: CommitContext, stream: string, decide: () => Promise<Decision<T> | Unchanged<T>>): Promise<T> {
  let lastRuleCode: string | null = null;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const { head, hash: prevHash } = await streamHead(ctx.db, stream);
    let decision: Decision<T> | Unchanged<T>;
    try {
      decision = await decide();
    } catch (error) {
      // A refusal is only as good as the reads it rests on: if the stream moved while they were made, they may
      // mix two states (the application before its registration, the homestead after). Decide again.
      if (error instanceof DomainError && attempt < MAX_ATTEMPTS && (await streamHead(ctx.db, stream)).head !== head) continue;
      throw error;
    }
    const claim = ctx.idempotency;
    if ("unchanged" in decision) {
      if (!claim) return decision.unchanged;
      // Nothing changes, but the answer to the key is still kept, so a retry gets this very answer back.
      try {
        await ctx.db.batch([idempotencyRow(ctx, claim, decision.unchanged)]);
        return decision.unchanged;
      } catch (error) {
        if (classifyConstraintFailure(error) === "idempotency_key_claimed") throw new IdempotencyKeyClaimed(claim.key);
        throw error;
      }
    }
    const streamSeq = head + 1;
    const content = {
      stream,
      streamSeq,
      collectiveCode: decision.journal.collectiveCode ?? null,
      type: decision.journal.type,
      actor: ctx.actor,
      subject: decision.journal.subject,
      dataJson: JSON.stringify(decision.journal.data),
      recordedAtMs: ctx.nowMs,
    };
    const canonical = canonicalContent(content);
    if (canonical === null) throw new Error("journal content must be canonical");
    const journalRow = ctx.db.insert(journal).values({ ...content, prevHash, hash: await chainHash(prevHash, canonical) });
    try {
      const writes = decision.writes(journalSeqOf(stream, streamSeq));
      await ctx.db.batch(claim ? [journalRow, ...writes, idempotencyRow(ctx, claim, decision.result)] : [journalRow, ...writes]);
      return decision.result;
    } catch (error) {
      const failure = classifyConstraintFailure(error);
      if (failure === null) throw error;
      if (failure === "idempotency_key_claimed" && claim) throw new IdempotencyKeyClaimed(claim.key);
      if (failure === "import_in_progress")
        throw new DomainError("import_in_progress", "A county import is making this collective's records live; nothing else is written to it until the import ends. Retry in a few minutes.");
      // Lost the race for the stream head, or a rule the database guards fired because the world changed under
      // another stream: decide again on fresh state; the domain check then names the rule.
      lastRuleCode = failure === "stream_head_moved" ? lastRuleCode : failure;
    }
  }
  if (lastRuleCode !== null && isRuleCode(lastRuleCode)) {
    throw new DomainError(lastRuleCode, "The database refused the change: it would break this rule.");
  }
  throw new DomainError("write_conflict", "Too many concurrent changes to the same collective; retry the request.");
}

function idempotencyRow(ctx: CommitContext, claim: IdempotencyClaim, result: unknown) {
  const { status, body } = claim.respond(result as never);
  return ctx.db.insert(idempotencyKeys).values({
    key: claim.key,
    actor: ctx.actor,
    requestHash: claim.requestHash,
    status,
    responseJson: JSON.stringify(body),
    createdAtMs: ctx.nowMs,
  });
}

/** The stream's last row: its sequence and hash (the next row's `prevHash`). */
const streamHeadQuery = prepared((db) =>
  db.select({ head: journal.streamSeq, hash: journal.hash }).from(journal).where(eq(journal.stream, param("stream"))).orderBy(desc(journal.streamSeq)).limit(1).prepare(),
);

async function streamHead(db: Db, stream: string): Promise<{ head: number; hash: string }> {
  const [row] = await streamHeadQuery(db).all({ stream });
  if (!row) return { head: 0, hash: GENESIS_HASH };
  // A stream written before the chain existed is sealed at start (storage/seal.ts); until then it takes no row.
  if (row.hash === null) throw new Error(`journal stream ${stream} is not sealed; restart the service to seal it`);
  return { head: row.head, hash: row.hash };
}

/**
 * Maps a failed batch to the rule it broke: the trigger's RAISE message or the CHECK constraint's name is the
 * rule code; a UNIQUE failure on the journal means the stream head moved. Anything else is not a rule: null.
 */
export function classifyConstraintFailure(error: unknown): string | null {
  // Only the driver's own messages: drizzle's "Failed query: … params: …" wrapper carries user text (notes, names)
  // that must never be mistaken for a rule code.
  const messages: string[] = [];
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (!e.message.startsWith("Failed query")) messages.push(e.message);
  }
  const text = messages.join(" | ");
  if (!/SQLITE_CONSTRAINT|constraint failed|RAISE|stream_head_moved/i.test(text)) return null;
  if (/stream_head_moved|journal_chain_broken|UNIQUE constraint failed: journal\.stream/.test(text)) return "stream_head_moved";
  const check = /CHECK constraint failed: ([a-z_]+)/.exec(text);
  if (check?.[1]) return CHECK_ALIASES[check[1]] ?? check[1];
  const unique = /UNIQUE constraint failed: ([a-z_]+\.[a-z_]+(?:, [a-z_]+\.[a-z_]+)*)/.exec(text);
  if (unique?.[1]) return UNIQUE_RULES[unique[1]] ?? "unique_violation";
  // A trigger's RAISE message: libSQL says "SQLITE_CONSTRAINT: <code>", D1 says "<code>: SQLITE_CONSTRAINT (…)".
  const raised =
    /SQLITE_CONSTRAINT[A-Z_]*: ([a-z_]+)\b/.exec(text) ?? /(?:^|: |\| )([a-z_]{6,}): SQLITE_CONSTRAINT/.exec(text) ?? /: ([a-z_]{6,})$/.exec(text);
  if (raised?.[1]) return raised[1];
  return "constraint_violation";
}

/** CHECK constraints whose name is not itself the rule's code. */
const CHECK_ALIASES: Record<string, string> = {
  reserved_must_be_covered: "insufficient_shares",
  token_scope_matches_role: "token_scope_invalid",
};

const UNIQUE_RULES: Record<string, string> = {
  "contract_plots.plot_code": "plot_already_contracted",
  "homesteads.contractor_code": "household_already_has_homestead",
  "memberships.collective_code, memberships.person_id": "already_a_member",
  "household_members.collective_code, household_members.person_id": "person_already_in_household",
  "household_members.contractor_code, household_members.person_id": "household_member_duplicated",
  "persons.id_type, persons.id_number": "person_already_registered",
  "collectives.issuer_code": "issuer_code_taken",
  "collectives.code": "collective_already_registered",
  "households.contractor_code": "household_already_registered",
  "plots.plot_code": "plot_already_registered",
  "land_contracts.contract_code": "contract_already_registered",
  "homesteads.unit_number": "homestead_already_registered",
  "idempotency_keys.key": "idempotency_key_claimed",
  "application_plots.plot_code": "plot_in_pending_application",
  "applications.unit_number": "homestead_in_pending_application",
  "distributions.collective_code, distributions.record_date, distributions.resolution_ref": "distribution_already_recorded",
  "encumbrance_consents.encumbrance_id, encumbrance_consents.application_id": "pledgee_consent_already_recorded",
  "resolutions.collective_code, resolutions.ref": "resolution_already_recorded",
};
