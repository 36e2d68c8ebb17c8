import type { RuleCode } from "./errors.js";
import { RELATION_CODES, type HouseholdMemberInput } from "./households.js";
import { checkContractorCode, contractorType } from "./identifiers/index.js";

/**
 * Changes of a contracting household (RLCL Arts. 16, 24; RCEO Law Art. 18; LAL Art. 62; domain.md §2.2, §2.3 and
 * the register-book rules of §3.1: "when the household splits or merges, a new book is created"). Pure: the
 * commands load the register and ask. Invariants, in precedence order:
 *
 * A member joins (birth, marriage in, adoption):
 *  1. the relation code fits the relation (GB/T 4761)                                   relation_code_mismatch
 *  2. (state) the household is active                                                   household_not_active
 *  3. the person is an active member of the collective (admitted first)                  person_not_member
 *  4. the person belongs to no household of the collective                              person_already_in_household
 *
 * A member leaves (death, marriage out …) — the household only: membership of the collective stays until a
 * ground of RCEO Art. 17 ends it (Art. 18: a daughter who marries out keeps her rights until another collective
 * admits her):
 *  1. the household is active; 2. the person is an active member of it                  household_not_active, person_not_in_household
 *  3. the person is not its representative (name a new one first)                       representative_cannot_leave
 *  4. not before the person joined                                                       departure_before_joining
 *
 * The representative changes: the household is active; the new representative is an active member of the
 * household and of the collective                          household_not_active, person_not_in_household, representative_not_member
 *
 * A split (分户), by agreement: the old household is dissolved and everything moves.
 *  shape (the request alone):
 *  1. at least two new households                                                        split_needs_two_households
 *  2. each new code: 18 digits, the collective's issuer, household range 0001–8000      contractor_code_*
 *  3. new codes distinct, none the old household's                                       split_households_duplicated
 *  4. each person listed once over all new households; relation codes fit; each
 *     representative among its household's members      household_member_duplicated, relation_code_mismatch, representative_not_in_household
 *  5. each plot listed once                                                              contract_plots_duplicated
 *  state:
 *  6. the household is active, in no open application (transfer or withdrawal)           household_not_active, household_in_pending_application
 *  7. no new code is registered yet                                                      household_already_registered
 *  8. every member goes to exactly one new household, and nobody else                    split_members_not_partitioned
 *  9. every plot under the household's active contracts goes to exactly one              split_plots_not_partitioned
 * 10. every active homestead goes to exactly one new household (at most one each)        split_homesteads_not_partitioned
 * 11. each new representative is an active member of the collective                      representative_not_member
 * 12. the split takes effect no earlier than the last registration of what it moves      household_change_predates_registration
 *
 * A merge (合户) of two households into one of them or into a new one:
 *  shape: two different households                                                       merge_households_duplicated
 *         a new code is well formed; restated members listed once, relation codes fit
 *  state: both active, of the collective, in no open application; a new code is free;
 *         restated members are exactly those who move                                   merge_members_mismatch
 *         the representative is among the merged members and an active member of the collective
 *         one household, one homestead (LAL Art. 62 ¶1, HS-1): at most one granted homestead in the merged
 *         household; a legacy homestead (origin "existing", HS-13) joins with the 一户多宅 annotation
 *                                                                                        merge_would_hold_two_homesteads
 *         contracts of the same mode share their term (a contract has one term)          merge_contract_terms_differ
 *         the merge takes effect no earlier than the last registration of what it moves household_change_predates_registration
 */
export const JOIN_REASONS = ["birth", "marriage", "adoption", "other"] as const;
export const LEAVE_REASONS = ["death", "marriage-out", "joined-other-household", "other"] as const;
export type JoinReason = (typeof JOIN_REASONS)[number];
export type LeaveReason = (typeof LEAVE_REASONS)[number];

function relationCodeFits(member: HouseholdMemberInput): boolean {
  return member.relationCode === undefined || RELATION_CODES[member.relation].accepts.test(member.relationCode);
}

export interface JoinState {
  householdActive: boolean;
  personIsMember: boolean;
  /** The household of the collective the person belongs to now, if any. */
  householdOfPerson: string | null;
}

export function checkMemberJoin(member: HouseholdMemberInput, state: JoinState): RuleCode | null {
  if (!relationCodeFits(member)) return "relation_code_mismatch";
  if (!state.householdActive) return "household_not_active";
  if (!state.personIsMember) return "person_not_member";
  if (state.householdOfPerson !== null) return "person_already_in_household";
  return null;
}

export interface LeaveState {
  householdActive: boolean;
  /** The person's active row in the household (null: not in it). */
  row: { joinedOn: string | null } | null;
  isRepresentative: boolean;
}

export function checkMemberLeave(leftOn: string, state: LeaveState): RuleCode | null {
  if (!state.householdActive) return "household_not_active";
  if (!state.row) return "person_not_in_household";
  if (state.isRepresentative) return "representative_cannot_leave";
  if (state.row.joinedOn !== null && leftOn < state.row.joinedOn) return "departure_before_joining";
  return null;
}

export function checkRepresentativeChange(state: { householdActive: boolean; inHousehold: boolean; isMember: boolean }): RuleCode | null {
  if (!state.householdActive) return "household_not_active";
  if (!state.inHousehold) return "person_not_in_household";
  if (!state.isMember) return "representative_not_member";
  return null;
}

/** A new contracting household's code: well formed, of this collective's issuer, in the household range. */
export function checkNewContractorCode(code: string, issuerCode: string): RuleCode | null {
  if (checkContractorCode(code)) return "contractor_code_malformed";
  if (!code.startsWith(issuerCode)) return "contractor_code_outside_issuer";
  if (contractorType(code) !== "household") return "contractor_code_not_household";
  return null;
}

export interface SplitPart {
  contractorCode: string;
  representativeId: string;
  members: HouseholdMemberInput[];
  plotCodes: string[];
  homestead?: string;
}

const hasDuplicates = (values: string[]) => new Set(values).size !== values.length;

export function checkSplitShape(fromCode: string, into: SplitPart[], issuerCode: string): RuleCode | null {
  if (into.length < 2) return "split_needs_two_households";
  for (const part of into) {
    const code = checkNewContractorCode(part.contractorCode, issuerCode);
    if (code) return code;
  }
  const codes = into.map((p) => p.contractorCode);
  if (hasDuplicates(codes) || codes.includes(fromCode)) return "split_households_duplicated";
  const members = into.flatMap((p) => p.members);
  if (hasDuplicates(members.map((m) => m.personId))) return "household_member_duplicated";
  if (!members.every(relationCodeFits)) return "relation_code_mismatch";
  if (into.some((p) => !p.members.some((m) => m.personId === p.representativeId))) return "representative_not_in_household";
  if (hasDuplicates(into.flatMap((p) => p.plotCodes))) return "contract_plots_duplicated";
  return null;
}

/** True when `listed` names exactly the items of `expected`, each once. */
export function isPartition(listed: string[], expected: string[]): boolean {
  if (hasDuplicates(listed) || listed.length !== expected.length) return false;
  const set = new Set(expected);
  return listed.every((x) => set.has(x));
}

export interface SplitState {
  householdActive: boolean;
  inPendingApplication: boolean;
  /** New codes already registered. */
  codesTaken: string[];
  /** The old household's active members, plots (under its active contracts) and active homesteads. */
  members: string[];
  plots: string[];
  homesteads: string[];
  /** New representatives who are active members of the collective. */
  activeMembers: Set<string>;
  /** The latest `validFrom` of the titles the split moves (null: none). */
  lastRegisteredOn: string | null;
}

export function checkSplit(splitOn: string, into: SplitPart[], state: SplitState): RuleCode | null {
  if (!state.householdActive) return "household_not_active";
  if (state.inPendingApplication) return "household_in_pending_application";
  if (state.codesTaken.length > 0) return "household_already_registered";
  if (!isPartition(into.flatMap((p) => p.members.map((m) => m.personId)), state.members)) return "split_members_not_partitioned";
  if (!isPartition(into.flatMap((p) => p.plotCodes), state.plots)) return "split_plots_not_partitioned";
  if (!isPartition(into.flatMap((p) => (p.homestead ? [p.homestead] : [])), state.homesteads)) return "split_homesteads_not_partitioned";
  if (into.some((p) => !state.activeMembers.has(p.representativeId))) return "representative_not_member";
  if (state.lastRegisteredOn !== null && splitOn < state.lastRegisteredOn) return "household_change_predates_registration";
  return null;
}

export interface MergeShape {
  from: string[];
  into: { contractorCode: string; representativeId: string; members?: HouseholdMemberInput[] };
}

export function checkMergeShape(input: MergeShape, issuerCode: string): RuleCode | null {
  if (input.from.length !== 2 || hasDuplicates(input.from)) return "merge_households_duplicated";
  if (!input.from.includes(input.into.contractorCode)) {
    const code = checkNewContractorCode(input.into.contractorCode, issuerCode);
    if (code) return code;
  }
  const members = input.into.members ?? [];
  if (hasDuplicates(members.map((m) => m.personId))) return "household_member_duplicated";
  if (!members.every(relationCodeFits)) return "relation_code_mismatch";
  return null;
}

export interface MergeState {
  householdsActive: boolean;
  inPendingApplication: boolean;
  /** The target is a new code that is already registered. */
  targetTaken: boolean;
  /** Persons who move into the target household (everyone when it is new), and all members after the merge. */
  moving: string[];
  mergedMembers: string[];
  representativeIsMember: boolean;
  /** Active homesteads the merged household would hold, by origin. */
  homesteadOrigins: ("grant" | "existing")[];
  /** Active contracts of both households, by mode, with their terms. */
  contracts: { mode: "household" | "other"; startsOn: string; endsOn: string }[];
  lastRegisteredOn: string | null;
}

export function checkMerge(mergedOn: string, input: MergeShape, state: MergeState): RuleCode | null {
  if (!state.householdsActive) return "household_not_active";
  if (state.inPendingApplication) return "household_in_pending_application";
  if (state.targetTaken) return "household_already_registered";
  if (input.into.members && !isPartition(input.into.members.map((m) => m.personId), state.moving)) return "merge_members_mismatch";
  if (!state.mergedMembers.includes(input.into.representativeId)) return "person_not_in_household";
  if (!state.representativeIsMember) return "representative_not_member";
  if (state.homesteadOrigins.filter((o) => o === "grant").length > 1) return "merge_would_hold_two_homesteads";
  for (const mode of ["household", "other"] as const) {
    const terms = new Set(state.contracts.filter((c) => c.mode === mode).map((c) => `${c.startsOn}/${c.endsOn}`));
    if (terms.size > 1) return "merge_contract_terms_differ";
  }
  if (state.lastRegisteredOn !== null && mergedOn < state.lastRegisteredOn) return "household_change_predates_registration";
  return null;
}

export interface Annotation {
  code: string;
  text: string;
}

/** A household holding several homesteads after a merge: each carries the 一户多宅 annotation (附记, HS-13). */
export function withMultipleHomesteadsAnnotation(annotations: Annotation[]): Annotation[] {
  if (annotations.some((a) => a.code === "multiple-homesteads")) return annotations;
  return [...annotations, { code: "multiple-homesteads", text: "一户多宅（合户）" }];
}

/** The latest of some legal dates (null for none). */
export function latestDate(dates: (string | null | undefined)[]): string | null {
  return dates.reduce<string | null>((latest, d) => (d && (latest === null || d > latest) ? d : latest), null);
}
