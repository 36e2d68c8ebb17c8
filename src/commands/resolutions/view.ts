import { outcomeOf, type ResolutionMatter } from "../../domain/resolutions.js";
import type { ResolutionRow } from "../../storage/resolutions.js";

export function mattersOf(row: Pick<ResolutionRow, "mattersJson">): ResolutionMatter[] {
  return JSON.parse(row.mattersJson) as ResolutionMatter[];
}

/** A resolution as answered: the counts as given, the outcome, and what it fell short of. */
export function resolutionView(row: Omit<ResolutionRow, "journalSeq">) {
  const outcome = outcomeOf(row);
  return {
    id: row.id,
    collectiveCode: row.collectiveCode,
    ref: row.ref,
    body: row.body,
    heldOn: row.heldOn,
    eligible: row.eligible,
    present: row.present,
    votesFor: row.votesFor,
    votesAgainst: row.votesAgainst,
    matters: mattersOf(row),
    passed: row.passed,
    quorum: { required: outcome.quorumRequired, present: row.present, met: !outcome.shortfalls.includes("quorum") },
    majority: { required: outcome.votesRequired, votesFor: row.votesFor, met: !outcome.shortfalls.includes("majority") },
    shortfalls: outcome.shortfalls,
    recordedAt: new Date(row.recordedAtMs).toISOString(),
  };
}

export type ResolutionView = ReturnType<typeof resolutionView>;

const BODY_NAMES = { "general-meeting": "members' general meeting", "representatives-assembly": "representatives' assembly" } as const;

export function bodyName(body: ResolutionRow["body"]): string {
  return BODY_NAMES[body];
}

/** Why a resolution did not pass, in a clerk's words. */
export function describeShortfalls(row: Pick<ResolutionRow, "eligible" | "present" | "votesFor">): string {
  const outcome = outcomeOf(row);
  const parts: string[] = [];
  if (outcome.shortfalls.includes("quorum")) parts.push(`${row.present} of ${row.eligible} present, a quorum needs ${outcome.quorumRequired} (2/3)`);
  if (outcome.shortfalls.includes("majority")) parts.push(`${row.votesFor} voted for, a decision needs ${outcome.votesRequired} (2/3 of all ${row.eligible})`);
  return parts.join("; ");
}
