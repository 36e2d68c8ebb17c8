import { describe, expect, it } from "vitest";
import { annotationsFor, checkHomesteadGrant, checkHomesteadShape, type HomesteadShape, type HomesteadState } from "../../src/domain/homesteads.js";

const COLLECTIVE = { regionCode: "371083108201", issuerCode: "37108310820100" };
const UNIT = "371083001002JC00015W00000000";
const CONTRACTOR = "371083108201000001";

describe("checkHomesteadShape", () => {
  const base: HomesteadShape = { unitNumber: UNIT, contractorCode: CONTRACTOR, areaM2E2: 18_050 };
  it.each<[string, Partial<HomesteadShape>, string | null]>([
    ["a homestead parcel without a house", {}, null],
    ["a homestead parcel with a house", { unitNumber: "371083001002JC00015F00010001" }, null],
    ["the smallest positive area", { areaM2E2: 1 }, null],
    ["contracted arable land (JD)", { unitNumber: "371083001002JD00001W00000000" }, "unit_number_not_homestead"],
    ["construction land (JB)", { unitNumber: "371083001002JB00001W00000000" }, "unit_number_not_homestead"],
    ["a homestead on state land (GC)", { unitNumber: "371083001002GC00015F00010001" }, "unit_number_malformed"],
    ["no fixture but a unit number", { unitNumber: "371083001002JC00015W00010001" }, "unit_number_malformed"],
    ["parcel sequence 00000", { unitNumber: "371083001002JC00000W00000000" }, "unit_number_malformed"],
    ["27 characters", { unitNumber: UNIT.slice(0, 27) }, "unit_number_malformed"],
    ["another county", { unitNumber: "370114001002JC00015W00000000" }, "unit_number_outside_county"],
    ["a 17-digit contractor code", { contractorCode: CONTRACTOR.slice(0, 17) }, "contractor_code_malformed"],
    ["a contractor sequence 0000", { contractorCode: "371083108201000000" }, "contractor_code_malformed"],
    ["a contractor of another issuing party", { contractorCode: "370114101201010001" }, "contractor_code_outside_issuer"],
    ["a resident ID number as contractor code", { contractorCode: "371083198506150011" }, "contractor_code_outside_issuer"],
    ["zero m²", { areaM2E2: 0 }, "area_must_be_positive"],
    ["negative m²", { areaM2E2: -100 }, "area_must_be_positive"],
    // Precedence: unit number, then county, then household, then area.
    ["JD in another county", { unitNumber: "370114001002JD00001W00000000" }, "unit_number_not_homestead"],
    ["another county and zero m²", { unitNumber: "370114001002JC00015W00000000", areaM2E2: 0 }, "unit_number_outside_county"],
    ["an outside contractor and zero m²", { contractorCode: "370114101201010001", areaM2E2: 0 }, "contractor_code_outside_issuer"],
  ])("%s → %s", (_name, change, expected) => {
    expect(checkHomesteadShape({ ...base, ...change }, COLLECTIVE)).toBe(expected);
  });
});

describe("checkHomesteadGrant", () => {
  const none: HomesteadState = { householdActiveHomesteads: 0, capE2: 20_000 };
  it.each<[string, "grant" | "existing", number, HomesteadState, string | null]>([
    ["a grant within the cap", "grant", 18_050, none, null],
    ["a grant exactly at the cap", "grant", 20_000, none, null],
    ["a grant where the charter sets no cap", "grant", 100_000, { householdActiveHomesteads: 0, capE2: null }, null],
    ["a grant 0.01 m² over the cap", "grant", 20_001, none, "homestead_area_exceeds_cap"],
    ["a grant to a household that holds one", "grant", 18_050, { householdActiveHomesteads: 1, capE2: 20_000 }, "household_already_has_homestead"],
    ["a grant to a household that holds one, with no cap", "grant", 18_050, { householdActiveHomesteads: 1, capE2: null }, "household_already_has_homestead"],
    // One household, one homestead is judged before the area.
    ["an over-cap grant to a household that holds one", "grant", 30_000, { householdActiveHomesteads: 1, capE2: 20_000 }, "household_already_has_homestead"],
    // A legacy homestead is registered as it is; annotationsFor says what is irregular.
    ["an existing homestead over the cap", "existing", 30_000, none, null],
    ["an existing second homestead", "existing", 18_050, { householdActiveHomesteads: 1, capE2: 20_000 }, null],
  ])("%s → %s", (_name, origin, areaM2E2, state, expected) => {
    expect(checkHomesteadGrant(origin, areaM2E2, state)).toBe(expected);
  });
});

describe("annotationsFor", () => {
  it.each<[string, number, HomesteadState, string | undefined, string[]]>([
    ["a regular homestead", 18_050, { householdActiveHomesteads: 0, capE2: 20_000 }, undefined, []],
    ["exactly at the cap", 20_000, { householdActiveHomesteads: 0, capE2: 20_000 }, undefined, []],
    ["no cap at all", 99_999, { householdActiveHomesteads: 0, capE2: null }, undefined, []],
    ["over the cap", 26_400, { householdActiveHomesteads: 0, capE2: 20_000 }, undefined, ["over-area"]],
    ["a second homestead", 18_050, { householdActiveHomesteads: 1, capE2: 20_000 }, undefined, ["multiple-homesteads"]],
    ["a second homestead over the cap, with a note", 26_400, { householdActiveHomesteads: 2, capE2: 20_000 }, "该权利人为本农民集体原成员住宅的合法继承人", ["over-area", "multiple-homesteads", "note"]],
    ["a regular homestead with a note", 18_050, { householdActiveHomesteads: 0, capE2: 20_000 }, "备注", ["note"]],
  ])("%s → %j", (_name, areaM2E2, state, note, codes) => {
    expect(annotationsFor(areaM2E2, state, note).map((a) => a.code)).toEqual(codes);
  });

  it("states both areas in the over-area annotation, in m² with two places", () => {
    const [annotation] = annotationsFor(26_400, { householdActiveHomesteads: 0, capE2: 20_000 }, undefined);
    expect(annotation?.text).toContain("264.00");
    expect(annotation?.text).toContain("200.00");
  });

  it("keeps the clerk's note word for word", () => {
    const note = "该权利人为非本农民集体成员";
    expect(annotationsFor(18_050, { householdActiveHomesteads: 0, capE2: null }, note)).toEqual([{ code: "note", text: note }]);
  });
});
