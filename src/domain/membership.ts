import type { RuleCode } from "./errors.js";

/**
 * Membership (RCEO Law Arts. 11–18). Invariants, in precedence order:
 *  0. membership cannot begin before the person's birth date (known from a resident ID);
 *  1. one active membership per person and collective;
 *  2. a membership ends only for a statutory or charter ground — death, loss of nationality, joining another
 *     collective, becoming a civil servant, voluntary exit, or a ground of the charter (Art. 17) — never for
 *     hukou, study, army service, migrant work, business, marriage, divorce or prison (Art. 18): the list below
 *     is closed, and none of its words is about hukou;
 *  3. it cannot end before it began.
 */
export const MEMBERSHIP_BASES = ["original", "birth", "marriage", "adoption", "resettlement", "other"] as const;
export const TERMINATION_REASONS = [
  "death",
  "lost-nationality",
  "joined-other-collective",
  "became-civil-servant",
  "voluntary-exit",
  "charter",
] as const;

export type MembershipBasis = (typeof MEMBERSHIP_BASES)[number];
export type TerminationReason = (typeof TERMINATION_REASONS)[number];

export function checkAdmission(
  current: { status: "active" | "ended" } | null,
  joinedOn?: string,
  birthDate?: string | null,
): RuleCode | null {
  if (joinedOn !== undefined && birthDate && joinedOn < birthDate) return "joined_before_birth";
  return current?.status === "active" ? "already_a_member" : null;
}

export function checkTermination(
  current: { status: "active" | "ended"; joinedOn: string } | null,
  effectiveOn: string,
): RuleCode | "member_not_found" | null {
  if (!current) return "member_not_found";
  if (current.status !== "active") return "membership_not_active";
  if (effectiveOn < current.joinedOn) return "termination_before_joining";
  return null;
}
