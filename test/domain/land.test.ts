import { describe, expect, it } from "vitest";
import { checkContractShape, checkPlotShape, type ContractShape } from "../../src/domain/land.js";
import { decimalPattern, formatAreaM2, formatAreaMu, fromUnits, muE4FromM2E2, percentOf, toUnits } from "../../src/domain/quantities.js";

const ISSUER = "37108310820100"; // 午极村, village-level issuing party
const OTHER_ISSUER = "37011410120101"; // a group in Zhangqiu
const PLOT = `${ISSUER}00001`;
const CONTRACTOR = `${ISSUER}0001`;

describe("checkPlotShape", () => {
  it.each([
    ["a plot of the collective with both areas", PLOT, 12_345, 82_300, null],
    ["a plot without a measured m² area", `${ISSUER}99999`, 1, null, null],
    ["18 digits", PLOT.slice(0, 18), 10_000, null, "plot_code_malformed"],
    ["20 digits", `${PLOT}1`, 10_000, null, "plot_code_malformed"],
    ["sequence 00000", `${ISSUER}00000`, 10_000, null, "plot_code_malformed"],
    ["a letter in the code", `${ISSUER}0000A`, 10_000, null, "plot_code_malformed"],
    ["an issuer whose county part is not a division code", `37100010820100${"00001"}`, 10_000, null, "plot_code_malformed"],
    ["another issuing party's plot", `${OTHER_ISSUER}00001`, 10_000, null, "plot_code_outside_issuer"],
    ["zero mu", PLOT, 0, null, "area_must_be_positive"],
    ["negative mu", PLOT, -1, null, "area_must_be_positive"],
    ["zero m² beside a positive mu", PLOT, 10_000, 0, "area_must_be_positive"],
    // Precedence: the code is judged before the areas.
    ["a malformed code with a zero area", `${ISSUER}00000`, 0, null, "plot_code_malformed"],
    ["an outside code with a zero area", `${OTHER_ISSUER}00001`, 0, null, "plot_code_outside_issuer"],
  ])("%s → %s", (_name, plotCode, areaMuE4, areaM2E2, expected) => {
    expect(checkPlotShape(plotCode, ISSUER, areaMuE4, areaM2E2)).toBe(expected);
  });
});

describe("checkContractShape", () => {
  const base: ContractShape = { contractCode: `${CONTRACTOR}J`, contractorCode: CONTRACTOR, plotCodes: [PLOT, `${ISSUER}00002`], startsOn: "1998-10-01", endsOn: "2028-09-30" };
  it.each<[string, Partial<ContractShape>, string | null]>([
    ["a household contract (J) over two plots", {}, null],
    ["an other-method contract (Q)", { contractCode: `${CONTRACTOR}Q` }, null],
    ["a one-day term", { startsOn: "2024-01-01", endsOn: "2024-01-02" }, null],
    ["mode letter X", { contractCode: `${CONTRACTOR}X` }, "contract_code_malformed"],
    ["a contractor sequence 0000", { contractCode: `${ISSUER}0000J`, contractorCode: `${ISSUER}0000` }, "contract_code_malformed"],
    ["18 characters", { contractCode: CONTRACTOR }, "contract_code_malformed"],
    ["the code of another contractor", { contractCode: `${ISSUER}0002J` }, "contract_code_contractor_mismatch"],
    ["a contractor of another issuing party", { contractCode: `${OTHER_ISSUER}0001J`, contractorCode: `${OTHER_ISSUER}0001` }, "contractor_code_outside_issuer"],
    ["a plot listed twice", { plotCodes: [PLOT, PLOT] }, "contract_plots_duplicated"],
    ["a malformed plot code", { plotCodes: [PLOT, `${ISSUER}00000`] }, "plot_code_malformed"],
    ["a plot of another issuing party", { plotCodes: [PLOT, `${OTHER_ISSUER}00001`] }, "plot_outside_collective"],
    ["a term ending before it starts", { startsOn: "2028-09-30", endsOn: "1998-10-01" }, "contract_term_invalid"],
    ["a term ending the day it starts", { startsOn: "2024-01-01", endsOn: "2024-01-01" }, "contract_term_invalid"],
    // Precedence: code, contractor, duplicates, plots, term.
    ["a mismatch and a bad term", { contractCode: `${ISSUER}0002J`, endsOn: "1990-01-01" }, "contract_code_contractor_mismatch"],
    ["a duplicated outside plot", { plotCodes: [`${OTHER_ISSUER}00001`, `${OTHER_ISSUER}00001`] }, "contract_plots_duplicated"],
    ["an outside plot and a bad term", { plotCodes: [`${OTHER_ISSUER}00001`], endsOn: "1990-01-01" }, "plot_outside_collective"],
  ])("%s → %s", (_name, change, expected) => {
    expect(checkContractShape({ ...base, ...change }, ISSUER)).toBe(expected);
  });
});

describe("quantities", () => {
  it.each([
    ["12.5", 4, 125_000],
    ["1.2345", 4, 12_345],
    ["2", 4, 20_000],
    ["0", 2, 0],
    ["833.33", 2, 83_333],
    ["999999999.9999", 4, 9_999_999_999_999],
  ])("toUnits(%s, %i) = %i exactly", (value, scale, units) => {
    expect(toUnits(value, scale)).toBe(units);
  });

  it.each([
    ["more decimals than the scale", "1.23456", 4],
    ["a value whose units pass 2^53", "999999999999.9999", 4],
  ])("toUnits refuses %s rather than round", (_name, value, scale) => {
    expect(() => toUnits(value, scale)).toThrow(RangeError);
  });

  it.each([
    [125_000, 4, 0, "12.5"],
    [125_000, 4, 2, "12.50"],
    [12_345, 4, 2, "1.2345"],
    [20_000, 4, 2, "2.00"],
    [35_833, 4, 2, "3.5833"],
    [83_330, 2, 2, "833.30"],
    [0, 2, 2, "0.00"],
  ])("fromUnits(%i, %i, %i) = %s", (units, scale, minPlaces, text) => {
    expect(fromUnits(units, scale, minPlaces)).toBe(text);
  });

  it("formats mu with at least 2 and at most 4 places, m² with exactly 2", () => {
    expect([formatAreaMu(15_000), formatAreaMu(12_345), formatAreaM2(20_000), formatAreaM2(16_650)]).toEqual(["1.50", "1.2345", "200.00", "166.50"]);
  });

  it("sums mu exactly in units: 1.25 + 2.3333 = 3.5833", () => {
    expect(fromUnits(toUnits("1.25", 4) + toUnits("2.3333", 4), 4, 2)).toBe("3.5833");
  });

  it.each([
    // GB/T 8170 half-even at 4 places (the 0.125 → 0.12 rule, two places further on).
    [1, 80_000, "0.0012"], // 0.00125: an exact half rounds to the even 2 (half-up would say 0.0013)
    [27, 2_000_000, "0.0014"], // 0.00135 → 0.0014
    [29, 2_000_000, "0.0014"], // 0.00145 → 0.0014 (half-up: 0.0015)
    [1, 3, "33.3333"],
    [2, 3, "66.6667"],
    [3, 3, "100.0000"],
    [0, 0, "0.0000"],
  ])("percentOf(%i, %i) = %s", (part, whole, text) => {
    expect(percentOf(part, whole)).toBe(text);
  });

  it.each([
    [100_000, 15_000], // 1000 m² = 1.5 mu exactly
    [66_667, 10_000], // 666.67 m² ≈ 1.0000 mu (exactly 1.000005)
    [66_666, 10_000], // 666.66 m² ≈ 0.99999 → 1.0000 mu
    [20_000, 3_000], // 200 m² = 0.30 mu
    [156_667, 23_500], // 1566.67 m² ≈ 2.35 mu
    [10, 2], // 0.10 m² = 0.00015 mu: the half rounds to even 0.0002
    [30, 4], // 0.30 m² = 0.00045 mu: the half rounds to even 0.0004 (half-up would give 0.0005)
  ])("muE4FromM2E2(%i) = %i", (m2E2, muE4) => {
    expect(muE4FromM2E2(m2E2)).toBe(muE4);
  });

  it.each([
    ["1.2345", 4, true],
    ["0", 4, true],
    ["1.23456", 4, false],
    ["01.5", 4, false],
    ["1.", 4, false],
    ["-1", 4, false],
    ["1e3", 4, false],
  ])("decimalPattern accepts %s at %i places: %s", (value, places, ok) => {
    expect(decimalPattern(places).test(value)).toBe(ok);
  });
});
