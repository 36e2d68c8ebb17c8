import { describe, expect, it } from "vitest";
import {
  checkHouseholdShape,
  RELATION_CODES,
  RELATIONS,
  relationCodeOf,
  type HouseholdInput,
  type HouseholdMemberInput,
  type Relation,
} from "../../src/domain/households.js";

// RLCL Art. 16, NY/T 2539 CBF/CBF_JTCY, GB/T 35958 contracting-party codes, GB/T 4761 relation codes
// (domain.md §1.4.2, §1.7).

const ISSUER = "37108310820100"; // 午极村, village-level issuing party
const OTHER_ISSUER = "37011410120101"; // a group in 章丘区

const valid: HouseholdInput = {
  contractorCode: `${ISSUER}0001`,
  representativeId: "prs_head",
  members: [
    { personId: "prs_head", relation: "head", coHolder: true },
    { personId: "prs_spouse", relation: "spouse", coHolder: true },
    { personId: "prs_son", relation: "son", relationCode: "22", coHolder: false },
  ],
};

const withMember = (index: number, change: Partial<HouseholdMemberInput>): HouseholdInput => ({
  ...valid,
  members: valid.members.map((m, i) => (i === index ? { ...m, ...change } : m)),
});

describe("checkHouseholdShape", () => {
  it.each<[string, HouseholdInput, string | null]>([
    // accepting rows
    ["a household with head, spouse and eldest son", valid, null],
    ["the first household sequence 0001", { ...valid, contractorCode: `${ISSUER}0001` }, null],
    ["the last household sequence 8000", { ...valid, contractorCode: `${ISSUER}8000` }, null],
    ["a one-person household whose head is the representative", { ...valid, members: [valid.members[0]!] }, null],
    ["a representative who is not the head", { ...valid, representativeId: "prs_spouse" }, null],
    // contractor_code_malformed
    ["17 digits", { ...valid, contractorCode: `${ISSUER}001` }, "contractor_code_malformed"],
    ["19 digits", { ...valid, contractorCode: `${ISSUER}00001` }, "contractor_code_malformed"],
    ["a letter in the code", { ...valid, contractorCode: `${ISSUER}000A` }, "contractor_code_malformed"],
    ["sequence 0000", { ...valid, contractorCode: `${ISSUER}0000` }, "contractor_code_malformed"],
    ["an issuer part that names no county", { ...valid, contractorCode: "000000108201000001" }, "contractor_code_malformed"],
    // contractor_code_outside_issuer
    ["another collective's issuing-party code", { ...valid, contractorCode: `${OTHER_ISSUER}0001` }, "contractor_code_outside_issuer"],
    ["a neighbouring group of the same village", { ...valid, contractorCode: `371083108201010001` }, "contractor_code_outside_issuer"],
    // contractor_code_not_household
    ["sequence 8001 (individual range)", { ...valid, contractorCode: `${ISSUER}8001` }, "contractor_code_not_household"],
    ["sequence 9000 (individual range)", { ...valid, contractorCode: `${ISSUER}9000` }, "contractor_code_not_household"],
    ["sequence 9001 (organization range)", { ...valid, contractorCode: `${ISSUER}9001` }, "contractor_code_not_household"],
    // household_member_duplicated
    ["a person listed twice", { ...valid, members: [...valid.members, { personId: "prs_son", relation: "son", coHolder: true }] }, "household_member_duplicated"],
    // relation_code_mismatch
    ["a son with a daughter's code", withMember(2, { relationCode: "32" }), "relation_code_mismatch"],
    ["a spouse with the head's code", withMember(1, { relationCode: "02" }), "relation_code_mismatch"],
    ["a head with a spouse's code", withMember(0, { relationCode: "10" }), "relation_code_mismatch"],
    // representative_not_in_household
    ["a representative not among the members", { ...valid, representativeId: "prs_elsewhere" }, "representative_not_in_household"],
  ])("%s → %s", (_name, input, expected) => {
    expect(checkHouseholdShape(input, ISSUER)).toBe(expected);
  });

  it.each<[string, HouseholdInput, string]>([
    ["a malformed code over a duplicated member", { ...valid, contractorCode: `${ISSUER}0000`, members: [...valid.members, valid.members[0]!] }, "contractor_code_malformed"],
    ["an outside code over the household range", { ...valid, contractorCode: `${OTHER_ISSUER}9001` }, "contractor_code_outside_issuer"],
    ["a duplicated member over a relation code mismatch", { ...withMember(2, { relationCode: "32" }), members: [...withMember(2, { relationCode: "32" }).members, valid.members[1]!] }, "household_member_duplicated"],
    ["a relation code mismatch over a missing representative", { ...withMember(2, { relationCode: "32" }), representativeId: "prs_elsewhere" }, "relation_code_mismatch"],
  ])("names the first broken rule in precedence order: %s → %s", (_name, input, expected) => {
    expect(checkHouseholdShape(input, ISSUER)).toBe(expected);
  });
});

describe("GB/T 4761 relation codes", () => {
  it.each<[Relation, string]>([
    ["head", "02"],
    ["spouse", "10"],
    ["son", "20"],
    ["daughter", "30"],
    ["grandchild", "40"],
    ["father", "51"],
    ["mother", "52"],
    ["other-relative", "97"],
    ["non-relative", "99"],
  ])("defaults %s to %s, and accepts its own default", (relation, code) => {
    expect(relationCodeOf({ personId: "p", relation, coHolder: true })).toBe(code);
    expect(checkHouseholdShape(withMember(0, { relation, relationCode: code }), ISSUER)).toBeNull();
  });

  it("keeps an explicit code that fits (22 长子 for a son)", () => {
    expect(relationCodeOf({ personId: "p", relation: "son", relationCode: "22", coHolder: true })).toBe("22");
  });

  it.each<[Relation, string]>([
    ["head", "01"],
    ["spouse", "11"],
    ["spouse", "12"],
    ["son", "22"],
    ["son", "29"],
    ["daughter", "32"],
    ["grandchild", "41"],
    ["father", "53"],
    ["father", "55"],
    ["father", "57"],
    ["mother", "54"],
    ["mother", "56"],
    ["mother", "58"],
    ["other-relative", "50"],
    ["other-relative", "61"],
    ["other-relative", "71"],
    ["other-relative", "81"],
  ])("accepts %s with code %s", (relation, relationCode) => {
    expect(checkHouseholdShape(withMember(0, { relation, relationCode }), ISSUER)).toBeNull();
  });

  it.each<[Relation, string]>([
    ["head", "03"],
    ["head", "10"],
    ["spouse", "20"],
    ["son", "30"],
    ["son", "10"],
    ["daughter", "20"],
    ["grandchild", "50"],
    ["father", "52"],
    ["father", "54"],
    ["mother", "51"],
    ["mother", "53"],
    ["other-relative", "99"],
    ["other-relative", "02"],
    ["non-relative", "97"],
    ["non-relative", "02"],
  ])("refuses %s with code %s as relation_code_mismatch", (relation, relationCode) => {
    expect(checkHouseholdShape(withMember(0, { relation, relationCode }), ISSUER)).toBe("relation_code_mismatch");
  });

  it("has a default for every relation that its own pattern accepts", () => {
    for (const relation of RELATIONS) expect(RELATION_CODES[relation].accepts.test(RELATION_CODES[relation].default)).toBe(true);
  });
});
