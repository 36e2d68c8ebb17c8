import { describe, expect, it } from "vitest";
import { assessContract, checkApplication, checkPlanRequest, extendedEnd, inWindow, landKindOf, periodsOf, type ContractFacts } from "../../src/domain/extensions.js";

const plan = { windowFrom: "2027-01-01", windowTo: "2028-12-31", noticeStartsOn: "2026-11-01", noticeEndsOn: "2026-11-16" };

describe("checkPlanRequest", () => {
  it.each([
    ["a plan with a 15-day notice and default periods", plan, null],
    ["grassland 50 and forest 70 years", { ...plan, grasslandYears: 50, forestYears: 70 }, null],
    ["a window ending before it starts", { ...plan, windowTo: "2026-12-31" }, "extension_window_invalid"],
    ["a notice of 14 days", { ...plan, noticeEndsOn: "2026-11-15" }, "extension_notice_too_short"],
    ["grassland 29 years", { ...plan, grasslandYears: 29 }, "extension_period_invalid"],
    ["grassland 51 years", { ...plan, grasslandYears: 51 }, "extension_period_invalid"],
    ["forest 71 years", { ...plan, forestYears: 71 }, "extension_period_invalid"],
    ["forest 30.5 years", { ...plan, forestYears: 30.5 }, "extension_period_invalid"],
  ])("%s → %s", (_name, request, expected) => {
    expect(checkPlanRequest(request)).toBe(expected);
  });
});

describe("checkApplication", () => {
  it.each([
    ["the day after the notice ends", { status: "in-notice" as const, noticeEndsOn: "2026-11-16" }, "2026-11-17", null],
    ["the notice's last day", { status: "in-notice" as const, noticeEndsOn: "2026-11-16" }, "2026-11-16", "extension_notice_running"],
    ["a plan already applied", { status: "applied" as const, noticeEndsOn: "2026-11-16" }, "2026-11-20", "extension_plan_not_in_notice"],
    ["a cancelled plan", { status: "cancelled" as const, noticeEndsOn: "2026-11-16" }, "2026-11-20", "extension_plan_not_in_notice"],
    ["a day after today", { status: "in-notice" as const, noticeEndsOn: "2026-11-16" }, "2026-11-28", "date_in_future"],
  ])("%s → %s", (_name, state, appliedOn, expected) => {
    expect(checkApplication(state, appliedOn, "2026-11-27")).toBe(expected);
  });
});

describe("terms", () => {
  it("extends to the same day 30 years on, 29 February to 28 February", () => {
    expect(extendedEnd("2028-09-30", 30)).toBe("2058-09-30");
    expect(extendedEnd("2028-02-29", 30)).toBe("2058-02-28");
    expect(extendedEnd("2027-12-31", 50)).toBe("2077-12-31");
  });
  it("maps land uses to kinds: cropping arable, livestock grassland, forestry forest; others none", () => {
    expect(["cropping", "livestock", "forestry", "fishery", "non-farm"].map(landKindOf)).toEqual(["arable", "grassland", "forest", null, null]);
  });
  it("covers active contracts ending within the window, both ends included", () => {
    expect(inWindow({ status: "active", endsOn: "2027-01-01" }, plan)).toBe(true);
    expect(inWindow({ status: "active", endsOn: "2028-12-31" }, plan)).toBe(true);
    expect(inWindow({ status: "active", endsOn: "2029-01-01" }, plan)).toBe(false);
    expect(inWindow({ status: "ended", endsOn: "2028-01-01" }, plan)).toBe(false);
  });
});

describe("assessContract", () => {
  const base: ContractFacts = { endsOn: "2028-09-30", landUses: ["cropping"], blockedBy: null, inPendingApplication: false };
  const defaults = periodsOf({});
  const long = periodsOf({ grasslandYears: 50, forestYears: 70 });
  it.each([
    ["arable land: 30 years", base, defaults, { outcome: "extended", years: 30, newEndsOn: "2058-09-30" }],
    ["grassland by the plan's period", { ...base, landUses: ["livestock"] }, long, { outcome: "extended", years: 50, newEndsOn: "2078-09-30" }],
    ["forest land by the plan's period", { ...base, landUses: ["forestry"] }, long, { outcome: "extended", years: 70, newEndsOn: "2098-09-30" }],
    ["arable and grassland with equal periods", { ...base, landUses: ["cropping", "livestock"] }, defaults, { outcome: "extended", years: 30, newEndsOn: "2058-09-30" }],
    ["arable and grassland with different periods", { ...base, landUses: ["cropping", "livestock"] }, long, { outcome: "held-back", reason: "mixed-land-use" }],
    ["a fishery plot", { ...base, landUses: ["cropping", "fishery"] }, defaults, { outcome: "held-back", reason: "not-arable" }],
    ["no plots", { ...base, landUses: [] }, defaults, { outcome: "held-back", reason: "no-plots" }],
    ["a plot in an open application", { ...base, inPendingApplication: true }, defaults, { outcome: "held-back", reason: "plot_in_pending_application" }],
    ["under an objection, before the application", { ...base, blockedBy: "right_under_objection" as const, inPendingApplication: true }, defaults, { outcome: "held-back", reason: "right_under_objection" }],
    ["seized, before everything", { ...base, blockedBy: "right_seized" as const, landUses: ["fishery"] }, defaults, { outcome: "held-back", reason: "right_seized" }],
  ])("%s", (_name, facts, periods, expected) => {
    expect(assessContract(facts, periods)).toEqual(expected);
  });
});
