import { describe, expect, it } from "vitest";
import { checkAdmission, checkTermination, MEMBERSHIP_BASES, TERMINATION_REASONS } from "../../src/domain/membership.js";

// RCEO Law Arts. 11–18 (domain.md §2.4): one active membership per person and collective; loss only for a ground of
// Art. 17 or the charter, never for hukou (Art. 18); no end before the beginning.

const active = { status: "active" as const, joinedOn: "2020-01-01" };
const ended = { status: "ended" as const, joinedOn: "2020-01-01" };

describe("checkAdmission", () => {
  it.each([
    ["a person who was never a member", null, null],
    ["a person whose membership ended (re-admission)", ended, null],
    ["a person who is an active member", active, "already_a_member"],
  ])("%s → %s", (_name, current, expected) => {
    expect(checkAdmission(current)).toBe(expected);
  });
  it.each([
    ["joining on the birth date", "1985-06-15", "1985-06-15", null],
    ["joining after birth", "2020-01-01", "1985-06-15", null],
    ["joining the day before birth", "1985-06-14", "1985-06-15", "joined_before_birth"],
    ["a document without a birth date", "1900-01-01", null, null],
  ] as const)("%s → %s", (_name, joinedOn, birthDate, expected) => {
    expect(checkAdmission(null, joinedOn, birthDate)).toBe(expected);
  });
});

describe("checkTermination", () => {
  it.each([
    ["an active member, after joining", active, "2024-06-30", null],
    ["an active member, on the day of joining", active, "2020-01-01", null],
    ["a person who was never a member", null, "2024-06-30", "member_not_found"],
    ["a membership that already ended", ended, "2024-06-30", "membership_not_active"],
    ["an active member, the day before joining", active, "2019-12-31", "termination_before_joining"],
  ])("%s (effective %s) → %s", (_name, current, effectiveOn, expected) => {
    expect(checkTermination(current, effectiveOn)).toBe(expected);
  });

  it("checks that the membership is active before the dates (an ended membership is not re-dated)", () => {
    expect(checkTermination(ended, "2019-12-31")).toBe("membership_not_active");
  });
});

describe("grounds and bases", () => {
  it("lists exactly the six grounds of RCEO Law Art. 17 and the charter", () => {
    expect([...TERMINATION_REASONS].sort()).toEqual(
      ["became-civil-servant", "charter", "death", "joined-other-collective", "lost-nationality", "voluntary-exit"].sort(),
    );
  });

  it("has no ground about hukou or any Art. 18 circumstance (study, army, migrant work, business, marriage, divorce, prison)", () => {
    for (const reason of TERMINATION_REASONS) {
      expect(reason).not.toMatch(/hukou|urban|moved|migrant|work|study|army|military|business|marri|divorce|widow|prison/);
    }
  });

  it("admits by the bases of RCEO Law Arts. 12 and 66", () => {
    expect([...MEMBERSHIP_BASES].sort()).toEqual(["adoption", "birth", "marriage", "original", "other", "resettlement"]);
  });
});
