import { describe, expect, it } from "vitest";
import { checkAllocationsShape, checkIssuance, MAX_ISSUED_E4, type Allocation, type IssuanceState } from "../../src/domain/equity.js";

/** Shares in units of 1/10,000: 12.5 shares = 125000. */
const a = (personId: string, sharesE4: number, shareClass: Allocation["shareClass"] = "population"): Allocation => ({ personId, shareClass, sharesE4 });

const state = (over: Partial<IssuanceState> = {}): IssuanceState => ({
  activeMembers: new Set(["p1", "p2", "p3"]),
  holdingsE4: new Map(),
  issuedE4: 0,
  capPercent: null,
  ...over,
});

describe("checkAllocationsShape", () => {
  it.each([
    ["one positive allocation", [a("p1", 120_000)], 0, null],
    ["the smallest unit, 0.0001 share", [a("p1", 1)], 0, null],
    ["the same person in two share classes", [a("p1", 10_000), a("p1", 10_000, "seniority")], 0, null],
    ["only the collective's own shares", [], 500_000, null],
    ["a zero allocation", [a("p1", 10_000), a("p2", 0)], 0, "shares_must_be_positive"],
    ["a negative allocation", [a("p1", -1)], 0, "shares_must_be_positive"],
    ["negative collective shares", [a("p1", 1)], -1, "shares_must_be_positive"],
    ["the same person twice in one share class", [a("p1", 10_000), a("p1", 20_000)], 0, "allocations_duplicate_person"],
    // precedence: a non-positive allocation is named before a duplicate
    ["a zero duplicate", [a("p1", 0), a("p1", 0)], 0, "shares_must_be_positive"],
  ] as const)("%s → %s", (_name, allocations, collectiveE4, expected) => {
    expect(checkAllocationsShape([...allocations], collectiveE4)).toBe(expected);
  });
});

describe("checkIssuance", () => {
  it.each([
    ["members without a cap", [a("p1", 1_000_000), a("p2", 5)], 0, state(), null],
    ["a person who is not an active member", [a("p1", 10), a("p9", 10)], 0, state(), { code: "allocation_to_non_member", personId: "p9" }],
    [
      "a holder exactly at the cap (50 of 100 shares, cap 50%)",
      [a("p1", 500_000), a("p2", 500_000)],
      0,
      state({ capPercent: "50" }),
      null,
    ],
    [
      "a holder one unit over the cap",
      [a("p1", 500_001), a("p2", 499_999)],
      0,
      state({ capPercent: "50" }),
      { code: "holding_cap_exceeded", personId: "p1" },
    ],
    [
      "a holding that grows over the cap with what is already held (15 + 10 of 40 shares, cap 50%)",
      [a("p1", 100_000)],
      100_000,
      state({ capPercent: "50", holdingsE4: new Map([["p1", 150_000], ["p2", 50_000]]), issuedE4: 200_000 }),
      { code: "holding_cap_exceeded", personId: "p1" },
    ],
    [
      "the collective's own shares dilute: 3 of 100 with a 3% cap",
      [a("p1", 30_000)],
      970_000,
      state({ capPercent: "3" }),
      null,
    ],
    [
      "a fractional cap: 2.5% of 40 shares is 1 share, 1.0001 is over",
      [a("p1", 10_001)],
      389_999,
      state({ capPercent: "2.5" }),
      { code: "holding_cap_exceeded", personId: "p1" },
    ],
    // precedence: membership before the cap
    [
      "a non-member over the cap",
      [a("p9", 1_000_000)],
      0,
      state({ capPercent: "1" }),
      { code: "allocation_to_non_member", personId: "p9" },
    ],
  ] as const)("%s → %j", (_name, allocations, collectiveE4, s, expected) => {
    expect(checkIssuance([...allocations], collectiveE4, s)).toEqual(expected);
  });

  it("accepts shares up to the registry's limit of issued shares and refuses one unit more", () => {
    const issuedE4 = MAX_ISSUED_E4 - 10_000;
    expect(checkIssuance([a("p1", 10_000)], 0, state({ issuedE4 }))).toBeNull();
    expect(checkIssuance([a("p1", 10_001)], 0, state({ issuedE4 }))).toMatchObject({ code: "shares_issued_exceed_limit" });
    expect(checkIssuance([], 10_001, state({ issuedE4 }))).toMatchObject({ code: "shares_issued_exceed_limit" });
  });
});
