import { describe, expect, it } from "vitest";
import { correctHomesteadFacts, correctPersonName, correctPlotFacts, versionRecordedAt, type HomesteadFacts, type PlotFacts } from "../../src/domain/corrections.js";

const PLOT: PlotFacts = { name: "东岭地", areaMuE4: 15_000, boundaries: { east: "路", south: "渠", west: "张家", north: "李家" } };

describe("correctPlotFacts", () => {
  it.each<[string, Parameters<typeof correctPlotFacts>[1], string[] | string]>([
    ["the area", { areaMuE4: 16_200 }, ["areaMu"]],
    ["the name", { name: "西岭地" }, ["name"]],
    ["one side of the boundaries; the others stay", { boundaries: { west: "王家" } }, ["boundaries.west"]],
    ["area and two sides", { areaMuE4: 14_000, boundaries: { north: "河", east: "沟" } }, ["areaMu", "boundaries.east", "boundaries.north"]],
    ["a change to what it already is, and one real change", { name: "东岭地", areaMuE4: 14_000 }, ["areaMu"]],
    ["the same facts", { name: "东岭地", areaMuE4: 15_000, boundaries: { east: "路" } }, "correction_changes_nothing"],
    ["nothing at all", {}, "correction_changes_nothing"],
    ["an area of 0", { areaMuE4: 0 }, "area_must_be_positive"],
    // Precedence: the area's own fault before "nothing changes".
    ["an area of 0 and nothing else", { areaMuE4: 0, name: "东岭地" }, "area_must_be_positive"],
  ])("%s → %j", (_name, change, expected) => {
    const outcome = correctPlotFacts(PLOT, change);
    if (typeof expected === "string") expect(outcome).toBe(expected);
    else expect(typeof outcome === "string" ? outcome : outcome.changed).toEqual(expected);
  });

  it("keeps the sides not given and takes the ones given", () => {
    const outcome = correctPlotFacts(PLOT, { boundaries: { west: "王家" } });
    expect(outcome).toMatchObject({ next: { name: "东岭地", areaMuE4: 15_000, boundaries: { east: "路", south: "渠", west: "王家", north: "李家" } } });
  });
});

describe("correctHomesteadFacts", () => {
  const granted: HomesteadFacts = { areaM2E2: 18_000, approvalRef: "乳宅批〔2024〕015号", annotations: [] };
  const legacyOver: HomesteadFacts = { areaM2E2: 26_000, approvalRef: null, annotations: [{ code: "over-area", text: "超标准面积：260.00 平方米，标准 200.00 平方米" }, { code: "note", text: "继承" }] };
  it.each<[string, HomesteadFacts, Parameters<typeof correctHomesteadFacts>[1], { origin: "grant" | "existing"; capE2: number | null }, unknown]>([
    ["a granted homestead within the cap", granted, { areaM2E2: 17_640 }, { origin: "grant", capE2: 20_000 }, { changed: ["areaM2"], next: { areaM2E2: 17_640, annotations: [] } }],
    ["a granted homestead up to the cap exactly", granted, { areaM2E2: 20_000 }, { origin: "grant", capE2: 20_000 }, { changed: ["areaM2"] }],
    ["a granted homestead over the cap", granted, { areaM2E2: 20_001 }, { origin: "grant", capE2: 20_000 }, "homestead_area_exceeds_cap"],
    ["a granted homestead with no cap", granted, { areaM2E2: 30_000 }, { origin: "grant", capE2: null }, { changed: ["areaM2"] }],
    ["the approval reference", granted, { approvalRef: "乳宅批〔2024〕016号" }, { origin: "grant", capE2: 20_000 }, { changed: ["approvalRef"] }],
    [
      "a legacy over-area homestead corrected within the cap loses its over-area annotation",
      legacyOver,
      { areaM2E2: 19_000 },
      { origin: "existing", capE2: 20_000 },
      { next: { annotations: [{ code: "note", text: "继承" }] } },
    ],
    [
      "a legacy homestead corrected over the cap is annotated for the corrected area",
      legacyOver,
      { areaM2E2: 24_050 },
      { origin: "existing", capE2: 20_000 },
      { next: { annotations: [{ code: "over-area", text: "超标准面积：240.50 平方米，标准 200.00 平方米" }, { code: "note", text: "继承" }] } },
    ],
    ["the same area", granted, { areaM2E2: 18_000 }, { origin: "grant", capE2: 20_000 }, "correction_changes_nothing"],
    ["an area of 0", granted, { areaM2E2: 0 }, { origin: "grant", capE2: 20_000 }, "area_must_be_positive"],
  ])("%s", (_name, current, change, rules, expected) => {
    const outcome = correctHomesteadFacts(current, change, rules);
    if (typeof expected === "string") expect(outcome).toBe(expected);
    else expect(outcome).toMatchObject(expected as object);
  });
});

describe("correctPersonName", () => {
  it.each<[string, string, unknown]>([
    ["孙秀英", "孙秀瑛", { next: "孙秀瑛", changed: ["name"] }],
    ["孙秀英", " 孙秀瑛 ", { next: "孙秀瑛", changed: ["name"] }],
    ["孙秀英", "孙秀英", "correction_changes_nothing"],
  ])("%s → %s", (current, name, expected) => {
    expect(correctPersonName(current, name)).toEqual(expected);
  });
});

describe("versionRecordedAt", () => {
  const original = { id: "v0", recordedFromMs: 100, recordedToMs: 500 };
  const first = { id: "v1", recordedFromMs: 500, recordedToMs: 900 };
  const current = { id: "v2", recordedFromMs: 900, recordedToMs: null };
  const versions = [original, first, current];
  it.each<[string, number, string | null]>([
    ["when registered", 100, "v0"],
    ["before the first correction", 499, "v0"],
    ["at the first correction", 500, "v1"],
    ["between corrections", 899, "v1"],
    ["at the second correction", 900, "v2"],
    ["long after", 10_000, "v2"],
    ["before the thing was registered: the original facts", 50, "v0"],
  ])("%s (%d ms) → %s", (_name, at, expected) => {
    expect(versionRecordedAt(versions, at)?.id ?? null).toBe(expected);
  });
  it("answers null for a thing never corrected", () => {
    expect(versionRecordedAt([], 500)).toBeNull();
  });
  it("skips versions closed in the instant they began (two corrections in one millisecond)", () => {
    expect(versionRecordedAt([{ id: "a", recordedFromMs: 5, recordedToMs: 5 }, { id: "b", recordedFromMs: 5, recordedToMs: null }], 5)?.id).toBe("b");
  });
});
