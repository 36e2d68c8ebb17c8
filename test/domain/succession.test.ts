import { describe, expect, it } from "vitest";
import { checkSuccession, checkSuccessionRequest, holdingAnnotations, type SuccessionRequest, type SuccessionState } from "../../src/domain/succession.js";

/** Shares in units of 1/10,000: 12 shares = 120000. "d" died on 2026-03-01 holding 12 shares; issued 100. */
const TODAY = "2026-11-27";
const req = (heirs: [string, number][], over: Partial<SuccessionRequest> = {}): SuccessionRequest => ({
  deceasedPersonId: "d",
  heirs: heirs.map(([personId, sharesE4]) => ({ personId, sharesE4 })),
  succeededOn: "2026-03-01",
  ...over,
});
const state = (over: Partial<SuccessionState> = {}): SuccessionState => ({
  registered: new Set(["d", "h1", "h2", "h3"]),
  deceasedMembership: { status: "ended", endedOn: "2026-03-01", endReason: "death" },
  holdingE4: 120_000,
  reservedE4: 0,
  activeMembers: new Set(["h1", "h2"]),
  heirHoldingsE4: new Map([["h1", 100_000]]),
  issuedE4: 1_000_000,
  heirsMustBeMembers: false,
  capPercent: null,
  lastChangeOn: "2025-01-01",
  ...over,
});

describe("checkSuccessionRequest (the request alone)", () => {
  it.each([
    ["two heirs with positive shares", req([["h1", 60_000], ["h2", 60_000]]), null],
    ["the smallest unit, 0.0001 share", req([["h1", 1]]), null],
    ["succeededOn today", req([["h1", 1]], { succeededOn: TODAY }), null],
    ["an heir with 0 shares", req([["h1", 120_000], ["h2", 0]]), { code: "shares_must_be_positive", personId: "h2" }],
    ["an heir with negative shares", req([["h1", -1]]), { code: "shares_must_be_positive", personId: "h1" }],
    ["no heirs", req([]), { code: "shares_must_be_positive", personId: undefined }],
    ["an heir listed twice", req([["h1", 60_000], ["h1", 60_000]]), { code: "heirs_duplicated", personId: "h1" }],
    ["the deceased among the heirs", req([["h1", 60_000], ["d", 60_000]]), { code: "holders_must_be_different", personId: "d" }],
    ["succeededOn tomorrow", req([["h1", 1]], { succeededOn: "2026-11-28" }), { code: "date_in_future" }],
    // precedence within the request
    ["a zero share named before a duplicate", req([["h1", 0], ["h1", 0]]), { code: "shares_must_be_positive", personId: "h1" }],
    ["a duplicate named before the deceased", req([["d", 1], ["d", 1]]), { code: "heirs_duplicated", personId: "d" }],
    ["the deceased named before a future date", req([["d", 1]], { succeededOn: "2099-01-01" }), { code: "holders_must_be_different", personId: "d" }],
  ] as const)("%s → %j", (_name, request, expected) => {
    expect(checkSuccessionRequest(request, TODAY)).toEqual(expected);
  });
});

describe("checkSuccession (with the register's state)", () => {
  it.each([
    ["heirs taking the holding exactly", req([["h1", 60_000], ["h2", 60_000]]), state(), null],
    ["a non-member heir where the rules allow it", req([["h1", 60_000], ["h3", 60_000]]), state(), null],
    ["a death without an end date recorded (legacy) and any date", req([["h1", 120_000]]), state({ deceasedMembership: { status: "ended", endedOn: null, endReason: "death" } }), null],
    ["an unregistered heir", req([["h1", 60_000], ["h9", 60_000]]), state(), { code: "person_not_found", personId: "h9" }],
    ["an unregistered deceased", req([["h1", 120_000]]), state({ registered: new Set(["h1"]) }), { code: "person_not_found", personId: "d" }],
    ["a deceased never a member", req([["h1", 120_000]]), state({ deceasedMembership: null }), { code: "deceased_membership_not_ended", personId: "d" }],
    ["a deceased still an active member", req([["h1", 120_000]]), state({ deceasedMembership: { status: "active", endedOn: null, endReason: null } }), { code: "deceased_membership_not_ended", personId: "d" }],
    ["a membership that ended by voluntary exit", req([["h1", 120_000]]), state({ deceasedMembership: { status: "ended", endedOn: "2026-03-01", endReason: "voluntary-exit" } }), { code: "deceased_membership_not_ended", personId: "d" }],
    ["succeededOn the day before the death", req([["h1", 120_000]], { succeededOn: "2026-02-28" }), state(), { code: "succession_before_death" }],
    ["a deceased holding nothing", req([["h1", 120_000]]), state({ holdingE4: 0 }), { code: "nothing_to_succeed", personId: "d" }],
    ["shares reserved by an open application", req([["h1", 120_000]]), state({ reservedE4: 50_000 }), { code: "shares_reserved_by_application", personId: "d" }],
    ["heirs taking one unit less", req([["h1", 60_000], ["h2", 59_999]]), state(), { code: "succession_shares_mismatch" }],
    ["heirs taking one unit more", req([["h1", 60_000], ["h2", 60_001]]), state(), { code: "succession_shares_mismatch" }],
    [
      "heirs whose shares would pass 2^53 as a float sum",
      req(Array.from({ length: 100 }, (_, i) => [`h${i}`, 999_999_999_999_999] as [string, number])),
      state({ registered: new Set(["d", ...Array.from({ length: 100 }, (_, i) => `h${i}`)]), holdingE4: 1 }),
      { code: "succession_shares_mismatch" },
    ],
    ["a non-member heir where heirsMustBeMembers", req([["h1", 60_000], ["h3", 60_000]]), state({ heirsMustBeMembers: true }), { code: "heir_not_member", personId: "h3" }],
    ["member heirs where heirsMustBeMembers", req([["h1", 60_000], ["h2", 60_000]]), state({ heirsMustBeMembers: true }), null],
    // cap 22% of 100 shares = 22: h1 holds 10 and would hold 22 (at the cap), or 22.0001
    ["an heir exactly at the cap", req([["h1", 120_000]]), state({ capPercent: "22" }), null],
    ["an heir one unit over the cap", req([["h1", 120_000]]), state({ capPercent: "22", holdingE4: 120_000, heirHoldingsE4: new Map([["h1", 100_001]]) }), { code: "holding_cap_exceeded", personId: "h1" }],
    ["a cap that does not apply to succession (null)", req([["h1", 120_000]]), state({ capPercent: null, heirHoldingsE4: new Map([["h1", 900_000]]) }), null],
    ["succeededOn before a later registered change", req([["h1", 120_000]]), state({ lastChangeOn: "2026-06-01" }), { code: "succession_predates_holding_change" }],
    ["succeededOn on the day of the last change", req([["h1", 120_000]], { succeededOn: "2026-06-01" }), state({ lastChangeOn: "2026-06-01" }), null],
    // precedence across the state
    ["a request fault before a missing person", req([["h9", 0]]), state(), { code: "shares_must_be_positive", personId: "h9" }],
    ["a missing person before a living deceased", req([["h9", 120_000]]), state({ deceasedMembership: null }), { code: "person_not_found", personId: "h9" }],
    ["a living deceased before nothing to succeed", req([["h1", 1]]), state({ deceasedMembership: null, holdingE4: 0 }), { code: "deceased_membership_not_ended", personId: "d" }],
    ["a date before the death before nothing to succeed", req([["h1", 1]], { succeededOn: "2026-01-01" }), state({ holdingE4: 0 }), { code: "succession_before_death" }],
    ["nothing to succeed before a mismatch", req([["h1", 1]]), state({ holdingE4: 0 }), { code: "nothing_to_succeed", personId: "d" }],
    ["a reservation before a mismatch", req([["h1", 1]]), state({ reservedE4: 1 }), { code: "shares_reserved_by_application", personId: "d" }],
    ["a mismatch before a non-member heir", req([["h3", 1]]), state({ heirsMustBeMembers: true }), { code: "succession_shares_mismatch" }],
    ["a non-member heir before the cap", req([["h3", 120_000]]), state({ heirsMustBeMembers: true, capPercent: "1" }), { code: "heir_not_member", personId: "h3" }],
    ["the cap before a predating date", req([["h1", 120_000]]), state({ capPercent: "1", lastChangeOn: "2026-06-01" }), { code: "holding_cap_exceeded", personId: "h1" }],
  ] as const)("%s → %j", (_name, request, s, expected) => {
    expect(checkSuccession(request as SuccessionRequest, TODAY, s)).toEqual(expected);
  });
});

describe("holdingAnnotations", () => {
  const m = (joinedOn: string, endedOn: string | null = null, endReason: string | null = null) => ({ joinedOn, endedOn, endReason });
  it.each([
    ["an active member", [m("2020-01-01")], TODAY, []],
    ["a member on the day before the membership ended", [m("2020-01-01", "2026-03-01", "death")], "2026-02-28", []],
    ["a member who died (from the day the membership ended)", [m("2020-01-01", "2026-03-01", "death")], "2026-03-01", ["deceased"]],
    ["a member who left voluntarily", [m("2020-01-01", "2024-01-01", "voluntary-exit")], TODAY, ["former-member"]],
    ["someone never a member", [], TODAY, ["non-member-heir"]],
    ["someone admitted only after the day answered", [m("2027-01-01")], TODAY, ["non-member-heir"]],
    ["a former member admitted again", [m("2010-01-01", "2015-01-01", "joined-other-collective"), m("2020-01-01")], TODAY, []],
    ["the last of two ended memberships decides", [m("2010-01-01", "2015-01-01", "joined-other-collective"), m("2020-01-01", "2026-03-01", "death")], TODAY, ["deceased"]],
  ] as const)("%s → %j", (_name, memberships, on, expected) => {
    expect(holdingAnnotations(memberships, on)).toEqual(expected);
  });
});
