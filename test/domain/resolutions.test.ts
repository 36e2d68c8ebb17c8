import { describe, expect, it } from "vitest";
import {
  admissionNeedsResolution,
  bodyMayDecide,
  canonicalMatters,
  checkResolutionRecord,
  checkResolutionReference,
  outcomeOf,
  RESOLUTION_MATTERS,
  type ReferencedResolution,
  type ResolutionRecord,
} from "../../src/domain/resolutions.js";

const record = (over: Partial<ResolutionRecord> = {}): ResolutionRecord => ({
  body: "general-meeting",
  heldOn: "2026-11-20",
  eligible: 30,
  present: 20,
  votesFor: 20,
  votesAgainst: 0,
  matters: ["member-confirmation"],
  ...over,
});

describe("outcomeOf: quorum 2/3 of the eligible present, decision by 2/3 of ALL the eligible (RCEO Law Art. 27)", () => {
  it.each([
    // eligible, present, for → passed, shortfalls, required
    [30, 20, 20, true, [], 20],
    [30, 19, 19, false, ["quorum", "majority"], 20],
    [30, 30, 19, false, ["majority"], 20],
    [30, 19, 19, false, ["quorum", "majority"], 20],
    [31, 21, 21, true, [], 21],
    [31, 20, 20, false, ["quorum", "majority"], 21],
    [3, 2, 2, true, [], 2],
    [1, 1, 1, true, [], 1],
    [1, 0, 0, false, ["quorum", "majority"], 1],
    [100_000, 66_667, 66_667, true, [], 66_667],
    [100_000, 66_666, 66_666, false, ["quorum", "majority"], 66_667],
  ] as const)("%i eligible, %i present, %i for → passed %s %j (needs %i)", (eligible, present, votesFor, passed, shortfalls, required) => {
    expect(outcomeOf({ eligible, present, votesFor })).toEqual({ passed, shortfalls, quorumRequired: required, votesRequired: required });
  });

  it("counts 2/3 of all the eligible, not of those present: 20 of 30 present all for passes, 19 of 28 for does not", () => {
    expect(outcomeOf({ eligible: 30, present: 20, votesFor: 20 }).passed).toBe(true);
    expect(outcomeOf({ eligible: 30, present: 28, votesFor: 19 }).passed).toBe(false);
  });
});

describe("checkResolutionRecord", () => {
  it.each([
    ["a general meeting on every matter", record({ matters: [...RESOLUTION_MATTERS] }), null],
    ["a meeting that fails (still recorded)", record({ present: 1, votesFor: 0, votesAgainst: 1 }), null],
    ["an assembly of 21 on distributions and term extensions", record({ body: "representatives-assembly", eligible: 21, matters: ["distribution", "term-extension", "other"] }), null],
    ["nobody eligible", record({ eligible: 0, present: 0, votesFor: 0 }), "resolution_counts_invalid"],
    ["more present than eligible", record({ present: 31 }), "resolution_counts_invalid"],
    ["negative votes against", record({ votesAgainst: -1 }), "resolution_counts_invalid"],
    ["more votes than present", record({ present: 20, votesFor: 15, votesAgainst: 6 }), "resolution_counts_invalid"],
    ["a fractional count", record({ present: 20.5 }), "resolution_counts_invalid"],
    ["an assembly of 20", record({ body: "representatives-assembly", eligible: 20, matters: ["distribution"] }), "representatives_assembly_too_small"],
    ["an assembly confirming members", record({ body: "representatives-assembly", eligible: 25, matters: ["distribution", "member-confirmation"] }), "representatives_cannot_confirm_members"],
    ["an assembly quantifying shares", record({ body: "representatives-assembly", eligible: 25, matters: ["equity-issuance"] }), "representatives_cannot_quantify_shares"],
    ["an assembly changing the charter", record({ body: "representatives-assembly", eligible: 25, matters: ["rules-change"] }), "representatives_cannot_change_charter"],
    ["bad counts before an assembly's competence", record({ body: "representatives-assembly", eligible: 5, present: 6, matters: ["member-confirmation"] }), "resolution_counts_invalid"],
  ] as const)("%s → %s", (_, given, code) => {
    expect(checkResolutionRecord(given)?.code ?? null).toBe(code);
  });
});

describe("bodyMayDecide (Art. 28)", () => {
  it.each(RESOLUTION_MATTERS.map((m) => [m] as const))("the general meeting decides %s", (matter) => {
    expect(bodyMayDecide("general-meeting", matter)).toBe(true);
  });
  it.each([
    ["member-confirmation", false],
    ["equity-issuance", false],
    ["rules-change", false],
    ["term-extension", true],
    ["distribution", true],
    ["other", true],
  ] as const)("the representatives' assembly decides %s: %s", (matter, may) => {
    expect(bodyMayDecide("representatives-assembly", matter)).toBe(may);
  });
});

describe("checkResolutionReference, in precedence order", () => {
  const passing: ReferencedResolution = { body: "general-meeting", heldOn: "2026-06-01", passed: true, matters: ["rules-change", "distribution"] };
  it.each([
    ["a passing general meeting's resolution on the matter", passing, "rules-change", "2026-06-01", null],
    ["no act date given", passing, "rules-change", undefined, null],
    ["nothing recorded", null, "rules-change", "2026-06-01", "resolution_not_recorded"],
    ["a resolution that failed, even on another matter by an incompetent body", { ...passing, body: "representatives-assembly", passed: false }, "member-confirmation", "2026-01-01", "resolution_not_passed"],
    ["an assembly's resolution for member confirmation", { ...passing, body: "representatives-assembly" }, "member-confirmation", "2026-06-01", "resolution_body_not_competent"],
    ["an assembly's resolution on distribution", { ...passing, body: "representatives-assembly" }, "distribution", "2026-06-01", null],
    ["a resolution on other matters", passing, "equity-issuance", "2026-06-01", "resolution_matter_mismatch"],
    ["a resolution on other matters held late", passing, "equity-issuance", "2026-01-01", "resolution_matter_mismatch"],
    ["a resolution held the day after the act", passing, "distribution", "2026-05-31", "resolution_held_after_act"],
  ] as const)("%s → %s", (_, resolution, matter, actOn, code) => {
    expect(checkResolutionReference(resolution, matter, actOn)).toBe(code);
  });
});

describe("canonicalMatters and admissions", () => {
  it("keeps each matter once, in the order of RESOLUTION_MATTERS", () => {
    expect(canonicalMatters(["other", "distribution", "member-confirmation", "distribution"])).toEqual(["member-confirmation", "distribution", "other"]);
  });
  it.each([
    ["original", false],
    ["birth", true],
    ["marriage", true],
    ["adoption", true],
    ["resettlement", true],
    ["other", true],
  ] as const)("an admission by %s needs a resolution: %s (Art. 66)", (basis, needs) => {
    expect(admissionNeedsResolution(basis)).toBe(needs);
  });
});
