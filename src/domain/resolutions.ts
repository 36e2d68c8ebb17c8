import type { RuleCode } from "./errors.js";

/**
 * Resolutions of a collective's organs (RCEO Law Arts. 26–28; domain.md §2.4 CE-15/16, §2.5): a members' general
 * meeting (成员大会) or a members' representatives' assembly (成员代表大会). Invariants of a record, in precedence order:
 *  1. the counts hang together: eligible > 0, 0 ≤ present ≤ eligible, votes for and against ≥ 0 and together at
 *     most those present (`resolution_counts_invalid`);
 *  2. an assembly has more than 20 representatives (Art. 28) (`representatives_assembly_too_small`);
 *  3. an assembly decides none of what Art. 28 keeps for the general meeting: confirming members
 *     (`representatives_cannot_confirm_members`), the quantification of shares (Arts. 26(8), 28;
 *     `representatives_cannot_quantify_shares`), the charter (`representatives_cannot_change_charter`).
 * The outcome is not a refusal: a resolution that fails is recorded as a fact, `passed: false`. It passed when
 *  - quorum: at least 2/3 of the eligible (members with full civil capacity; for an assembly, the representatives)
 *    were present — 3·present ≥ 2·eligible;
 *  - majority: at least 2/3 of ALL the eligible voted for — 3·votesFor ≥ 2·eligible (Art. 27: "2/3 of all members").
 * Integers only, so 2/3 is never rounded. The same numbers are applied to an assembly (domain.md gives none of its
 * own); the database re-checks `passed` against them.
 *
 * Referencing a resolution for an act (`checkResolutionReference`), in precedence order: it is recorded for the
 * collective (`resolution_not_recorded`), it passed (`resolution_not_passed`), its body may decide the act's matter
 * (`resolution_body_not_competent`), it covers the matter (`resolution_matter_mismatch`), and it was held on or
 * before the act's date (`resolution_held_after_act`).
 */
export const RESOLUTION_BODIES = ["general-meeting", "representatives-assembly"] as const;
export const RESOLUTION_MATTERS = ["member-confirmation", "equity-issuance", "rules-change", "term-extension", "distribution", "other"] as const;

export type ResolutionBody = (typeof RESOLUTION_BODIES)[number];
export type ResolutionMatter = (typeof RESOLUTION_MATTERS)[number];
export type Shortfall = "quorum" | "majority";

/** Art. 28: more than twenty representatives. */
export const MIN_REPRESENTATIVES = 21;

/** What Art. 28 keeps for the general meeting, with the code refusing an assembly's resolution on it. */
const RESERVED_FOR_GENERAL_MEETING: Partial<Record<ResolutionMatter, RuleCode>> = {
  "member-confirmation": "representatives_cannot_confirm_members",
  "equity-issuance": "representatives_cannot_quantify_shares",
  "rules-change": "representatives_cannot_change_charter",
};

export interface ResolutionCounts {
  eligible: number;
  present: number;
  votesFor: number;
  votesAgainst: number;
}

export interface ResolutionRecord extends ResolutionCounts {
  body: ResolutionBody;
  heldOn: string;
  matters: readonly ResolutionMatter[];
}

export interface Outcome {
  passed: boolean;
  shortfalls: Shortfall[];
  /** The fewest present for a quorum, and the fewest votes for a decision: ⌈2·eligible / 3⌉. */
  quorumRequired: number;
  votesRequired: number;
}

export type RecordRejection = { code: RuleCode; matter?: ResolutionMatter };

/** The matters in the order of RESOLUTION_MATTERS, each once: the stored form, so a repeat compares equal. */
export function canonicalMatters(matters: readonly ResolutionMatter[]): ResolutionMatter[] {
  return RESOLUTION_MATTERS.filter((m) => matters.includes(m));
}

export function checkResolutionRecord(record: ResolutionRecord): RecordRejection | null {
  const { eligible, present, votesFor, votesAgainst } = record;
  const counts = [eligible, present, votesFor, votesAgainst];
  if (!counts.every(Number.isSafeInteger) || eligible <= 0 || present < 0 || present > eligible || votesFor < 0 || votesAgainst < 0 || votesFor + votesAgainst > present)
    return { code: "resolution_counts_invalid" };
  if (record.body === "representatives-assembly") {
    if (eligible < MIN_REPRESENTATIVES) return { code: "representatives_assembly_too_small" };
    for (const matter of record.matters) {
      const code = RESERVED_FOR_GENERAL_MEETING[matter];
      if (code) return { code, matter };
    }
  }
  return null;
}

export function outcomeOf(counts: Pick<ResolutionCounts, "eligible" | "present" | "votesFor">): Outcome {
  const quorum = 3 * counts.present >= 2 * counts.eligible;
  const majority = 3 * counts.votesFor >= 2 * counts.eligible;
  const required = Math.ceil((2 * counts.eligible) / 3);
  return {
    passed: quorum && majority,
    shortfalls: [...(quorum ? [] : ["quorum" as const]), ...(majority ? [] : ["majority" as const])],
    quorumRequired: required,
    votesRequired: required,
  };
}

/** May this body decide this matter at all (Art. 28)? */
export function bodyMayDecide(body: ResolutionBody, matter: ResolutionMatter): boolean {
  return body === "general-meeting" || RESERVED_FOR_GENERAL_MEETING[matter] === undefined;
}

export interface ReferencedResolution {
  body: ResolutionBody;
  heldOn: string;
  passed: boolean;
  matters: readonly ResolutionMatter[];
}

export type ReferenceRejection =
  | "resolution_not_recorded"
  | "resolution_not_passed"
  | "resolution_body_not_competent"
  | "resolution_matter_mismatch"
  | "resolution_held_after_act";

/** The first reason a resolution cannot authorize an act on `matter` dated `actOn` (none given: not checked). */
export function checkResolutionReference(resolution: ReferencedResolution | null, matter: ResolutionMatter, actOn?: string): ReferenceRejection | null {
  if (!resolution) return "resolution_not_recorded";
  if (!resolution.passed) return "resolution_not_passed";
  if (!bodyMayDecide(resolution.body, matter)) return "resolution_body_not_competent";
  if (!resolution.matters.includes(matter)) return "resolution_matter_mismatch";
  if (actOn !== undefined && resolution.heldOn > actOn) return "resolution_held_after_act";
  return null;
}

/**
 * Members are confirmed by the general meeting (Art. 12); those confirmed in an earlier reform (`original`, and
 * imported rosters) are not confirmed again (Art. 66) and need no resolution here.
 */
export function admissionNeedsResolution(basis: string): boolean {
  return basis !== "original";
}
