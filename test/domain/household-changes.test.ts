import { describe, expect, it } from "vitest";
import {
  checkMemberJoin,
  checkMemberLeave,
  checkMerge,
  checkMergeShape,
  checkRepresentativeChange,
  checkSplit,
  checkSplitShape,
  isPartition,
  latestDate,
  withMultipleHomesteadsAnnotation,
  type JoinState,
  type LeaveState,
  type MergeShape,
  type MergeState,
  type SplitPart,
  type SplitState,
} from "../../src/domain/household-changes.js";
import type { HouseholdMemberInput } from "../../src/domain/households.js";

// RLCL Arts. 16, 24; RCEO Law Art. 18; LAL Art. 62; domain.md §2.2, §2.3 HS-1/HS-13, §3.1 register-book rules.

const ISSUER = "37108310820100"; // 午极村
const OLD = `${ISSUER}0001`;
const A = `${ISSUER}0002`;
const B = `${ISSUER}0003`;

describe("checkMemberJoin", () => {
  const child: HouseholdMemberInput = { personId: "prs_child", relation: "grandchild", coHolder: true };
  const ok: JoinState = { householdActive: true, personIsMember: true, householdOfPerson: null };
  it.each<[string, HouseholdMemberInput, JoinState, string | null]>([
    ["a member of the collective in no household joins", child, ok, null],
    ["with a finer relation code that fits (41 孙子)", { ...child, relationCode: "41" }, ok, null],
    ["a relation code of another relation", { ...child, relationCode: "22" }, ok, "relation_code_mismatch"],
    ["into a dissolved household", child, { ...ok, householdActive: false }, "household_not_active"],
    ["a person not (yet) admitted to the collective", child, { ...ok, personIsMember: false }, "person_not_member"],
    ["a person of another household of the collective", child, { ...ok, householdOfPerson: B }, "person_already_in_household"],
    ["relation before state: a wrong code into a dissolved household", { ...child, relationCode: "99" }, { ...ok, householdActive: false }, "relation_code_mismatch"],
  ])("%s → %s", (_name, member, state, expected) => {
    expect(checkMemberJoin(member, state)).toBe(expected);
  });
});

describe("checkMemberLeave", () => {
  const ok: LeaveState = { householdActive: true, row: { joinedOn: "2020-01-01" }, isRepresentative: false };
  it.each<[string, string, LeaveState, string | null]>([
    ["a daughter marrying out after she joined", "2026-09-01", ok, null],
    ["on the day she joined", "2020-01-01", ok, null],
    ["a member listed at first registration (no joining date)", "1990-01-01", { ...ok, row: { joinedOn: null } }, null],
    ["from a dissolved household", "2026-09-01", { ...ok, householdActive: false }, "household_not_active"],
    ["someone not in the household", "2026-09-01", { ...ok, row: null }, "person_not_in_household"],
    ["the representative", "2026-09-01", { ...ok, isRepresentative: true }, "representative_cannot_leave"],
    ["before joining", "2019-12-31", ok, "departure_before_joining"],
  ])("%s → %s", (_name, leftOn, state, expected) => {
    expect(checkMemberLeave(leftOn, state)).toBe(expected);
  });
});

describe("checkRepresentativeChange", () => {
  it.each<[string, { householdActive: boolean; inHousehold: boolean; isMember: boolean }, string | null]>([
    ["an active member of the household and the collective", { householdActive: true, inHousehold: true, isMember: true }, null],
    ["of a dissolved household", { householdActive: false, inHousehold: true, isMember: true }, "household_not_active"],
    ["someone outside the household", { householdActive: true, inHousehold: false, isMember: true }, "person_not_in_household"],
    ["a household member whose membership of the collective ended", { householdActive: true, inHousehold: true, isMember: false }, "representative_not_member"],
  ])("%s → %s", (_name, state, expected) => {
    expect(checkRepresentativeChange(state)).toBe(expected);
  });
});

const head = (personId: string): HouseholdMemberInput => ({ personId, relation: "head", coHolder: true });
const parts: SplitPart[] = [
  { contractorCode: A, representativeId: "prs_father", members: [head("prs_father"), { personId: "prs_mother", relation: "spouse", coHolder: true }], plotCodes: [`${ISSUER}00001`], homestead: "H1" },
  { contractorCode: B, representativeId: "prs_son", members: [head("prs_son")], plotCodes: [`${ISSUER}00002`] },
];
const change = (i: number, c: Partial<SplitPart>): SplitPart[] => parts.map((p, j) => (j === i ? { ...p, ...c } : p));

describe("checkSplitShape", () => {
  it.each<[string, SplitPart[], string | null]>([
    ["two new households of the same issuer", parts, null],
    ["a new household with no plot (it takes only people)", change(1, { plotCodes: [] }), null],
    ["one new household only", [parts[0]!], "split_needs_two_households"],
    ["a malformed code", change(1, { contractorCode: `${ISSUER}000` }), "contractor_code_malformed"],
    ["a code of another issuer", change(1, { contractorCode: "370114101201010003" }), "contractor_code_outside_issuer"],
    ["an individual's code (8001–9000)", change(1, { contractorCode: `${ISSUER}8001` }), "contractor_code_not_household"],
    ["the old household's code", change(1, { contractorCode: OLD }), "split_households_duplicated"],
    ["the same new code twice", change(1, { contractorCode: A }), "split_households_duplicated"],
    ["a person in two new households", change(1, { members: [head("prs_son"), head("prs_father")] }), "household_member_duplicated"],
    ["a relation code that does not fit", change(1, { members: [{ ...head("prs_son"), relationCode: "30" }] }), "relation_code_mismatch"],
    ["a representative not among the members", change(1, { representativeId: "prs_father" }), "representative_not_in_household"],
    ["a plot given twice", change(1, { plotCodes: [`${ISSUER}00001`] }), "contract_plots_duplicated"],
  ])("%s → %s", (_name, into, expected) => {
    expect(checkSplitShape(OLD, into, ISSUER)).toBe(expected);
  });
});

describe("checkSplit", () => {
  const ok: SplitState = {
    householdActive: true,
    inPendingApplication: false,
    codesTaken: [],
    members: ["prs_son", "prs_mother", "prs_father"],
    plots: [`${ISSUER}00002`, `${ISSUER}00001`],
    homesteads: ["H1"],
    activeMembers: new Set(["prs_father", "prs_son"]),
    lastRegisteredOn: "1998-10-01",
  };
  it.each<[string, SplitPart[], Partial<SplitState>, string | null]>([
    ["every member, plot and the homestead go to exactly one", parts, {}, null],
    ["on the day of the last registration", parts, { lastRegisteredOn: "2026-11-20" }, null],
    ["a dissolved household", parts, { householdActive: false }, "household_not_active"],
    ["an open transfer of its plot", parts, { inPendingApplication: true }, "household_in_pending_application"],
    ["a new code already registered", parts, { codesTaken: [B] }, "household_already_registered"],
    ["a member left out", parts, { members: [...ok.members, "prs_daughter"] }, "split_members_not_partitioned"],
    ["someone who is not a member", change(1, { members: [head("prs_son"), head("prs_stranger")] }), {}, "split_members_not_partitioned"],
    ["a plot left out", parts, { plots: [...ok.plots, `${ISSUER}00003`] }, "split_plots_not_partitioned"],
    ["a plot of another household", change(1, { plotCodes: [`${ISSUER}00009`] }), {}, "split_plots_not_partitioned"],
    ["the homestead left out", change(0, { homestead: undefined }), {}, "split_homesteads_not_partitioned"],
    ["a homestead given twice", change(1, { homestead: "H1" }), {}, "split_homesteads_not_partitioned"],
    ["a representative whose membership ended", parts, { activeMembers: new Set(["prs_father"]) }, "representative_not_member"],
    ["before the last registration of what it moves", parts, { lastRegisteredOn: "2026-11-21" }, "household_change_predates_registration"],
  ])("%s → %s", (_name, into, state, expected) => {
    expect(checkSplit("2026-11-20", into, { ...ok, ...state })).toBe(expected);
  });
});

describe("checkMergeShape and checkMerge", () => {
  const input: MergeShape = { from: [A, B], into: { contractorCode: A, representativeId: "prs_a" } };
  it.each<[string, MergeShape, string | null]>([
    ["into one of the two", input, null],
    ["into a new code of the issuer", { ...input, into: { contractorCode: OLD, representativeId: "prs_a" } }, null],
    ["the same household twice", { ...input, from: [A, A] }, "merge_households_duplicated"],
    ["three households", { ...input, from: [A, B, OLD] }, "merge_households_duplicated"],
    ["into a new code of another issuer", { ...input, into: { contractorCode: "370114101201010003", representativeId: "prs_a" } }, "contractor_code_outside_issuer"],
    ["restated members listing a person twice", { ...input, into: { ...input.into, members: [head("prs_b"), head("prs_b")] } }, "household_member_duplicated"],
    ["a restated relation code that does not fit", { ...input, into: { ...input.into, members: [{ ...head("prs_b"), relationCode: "99" }] } }, "relation_code_mismatch"],
  ])("shape: %s → %s", (_name, shape, expected) => {
    expect(checkMergeShape(shape, ISSUER)).toBe(expected);
  });

  const ok: MergeState = {
    householdsActive: true,
    inPendingApplication: false,
    targetTaken: false,
    moving: ["prs_b"],
    mergedMembers: ["prs_a", "prs_b"],
    representativeIsMember: true,
    homesteadOrigins: ["grant"],
    contracts: [
      { mode: "household", startsOn: "1998-10-01", endsOn: "2028-09-30" },
      { mode: "household", startsOn: "1998-10-01", endsOn: "2028-09-30" },
    ],
    lastRegisteredOn: "1998-10-01",
  };
  it.each<[string, MergeShape, Partial<MergeState>, string | null]>([
    ["two households with one grant and one term", input, {}, null],
    ["a grant and a legacy homestead (HS-13)", input, { homesteadOrigins: ["grant", "existing"] }, null],
    ["restating exactly those who move", { ...input, into: { ...input.into, members: [{ personId: "prs_b", relation: "son", coHolder: true }] } }, {}, null],
    ["contracts of different modes with different terms", input, { contracts: [ok.contracts[0]!, { mode: "other", startsOn: "2010-01-01", endsOn: "2040-12-31" }] }, null],
    ["a dissolved household", input, { householdsActive: false }, "household_not_active"],
    ["an open application", input, { inPendingApplication: true }, "household_in_pending_application"],
    ["into a new code already registered", input, { targetTaken: true }, "household_already_registered"],
    ["restating someone who does not move", { ...input, into: { ...input.into, members: [head("prs_a")] } }, {}, "merge_members_mismatch"],
    ["a representative from neither household", { ...input, into: { contractorCode: A, representativeId: "prs_z" } }, {}, "person_not_in_household"],
    ["a representative whose membership ended", input, { representativeIsMember: false }, "representative_not_member"],
    ["two granted homesteads (LAL Art. 62 ¶1)", input, { homesteadOrigins: ["grant", "grant"] }, "merge_would_hold_two_homesteads"],
    ["household contracts with different terms", input, { contracts: [ok.contracts[0]!, { mode: "household", startsOn: "2005-01-01", endsOn: "2035-12-31" }] }, "merge_contract_terms_differ"],
    ["before the last registration of what it moves", input, { lastRegisteredOn: "2026-12-01" }, "household_change_predates_registration"],
  ])("state: %s → %s", (_name, shape, state, expected) => {
    expect(checkMerge("2026-11-20", shape, { ...ok, ...state })).toBe(expected);
  });
});

describe("helpers", () => {
  it("isPartition: each expected item listed exactly once, nothing else", () => {
    expect(isPartition(["b", "a"], ["a", "b"])).toBe(true);
    expect(isPartition(["a", "a"], ["a", "b"])).toBe(false);
    expect(isPartition(["a"], ["a", "b"])).toBe(false);
    expect(isPartition(["a", "c"], ["a", "b"])).toBe(false);
    expect(isPartition([], [])).toBe(true);
  });
  it("adds the 一户多宅 annotation once, keeping the others", () => {
    const over = { code: "over-area", text: "超标准面积" };
    expect(withMultipleHomesteadsAnnotation([over])).toEqual([over, { code: "multiple-homesteads", text: "一户多宅（合户）" }]);
    const already = [{ code: "multiple-homesteads", text: "一户多宅（继承等合法来源）" }];
    expect(withMultipleHomesteadsAnnotation(already)).toBe(already);
  });
  it("latestDate ignores missing dates", () => {
    expect(latestDate([null, "2020-01-01", undefined, "2026-11-20", "1998-10-01"])).toBe("2026-11-20");
    expect(latestDate([null])).toBeNull();
  });
});
