import { describe, expect, it } from "vitest";
import { checkCirculation, isRegistrable, type Term } from "../../src/domain/management.js";

/** Terms are inclusive legal dates: 2026-01-01 → 2030-12-31 is five years. */
const CONTRACT: Term = { startsOn: "2018-01-01", endsOn: "2047-12-31" };
const LEASED: Term = { startsOn: "2026-01-01", endsOn: "2030-12-31" };

describe("checkCirculation", () => {
  it.each<[string, Term, Term | null, Term[], string | null]>([
    ["a lease inside the contract, none before", { startsOn: "2027-03-01", endsOn: "2029-02-28" }, CONTRACT, [], null],
    ["a lease of the contract's whole term", CONTRACT, CONTRACT, [], null],
    ["a lease of two days", { startsOn: "2027-01-01", endsOn: "2027-01-02" }, CONTRACT, [], null],
    ["a lease starting the day after another ends (back to back)", { startsOn: "2031-01-01", endsOn: "2035-12-31" }, CONTRACT, [LEASED], null],
    ["a lease ending the day before another starts", { startsOn: "2020-01-01", endsOn: "2025-12-31" }, CONTRACT, [LEASED], null],
    ["a lease ending on its start day", { startsOn: "2027-01-01", endsOn: "2027-01-01" }, CONTRACT, [], "management_term_invalid"],
    ["a lease ending before it starts", { startsOn: "2027-01-01", endsOn: "2026-12-31" }, CONTRACT, [], "management_term_invalid"],
    ["a plot under no contract", LEASED, null, [], "plot_not_contracted"],
    ["a lease one day past the contract's end", { startsOn: "2040-01-01", endsOn: "2048-01-01" }, CONTRACT, [], "management_term_exceeds_contract"],
    ["a lease starting one day before the contract", { startsOn: "2017-12-31", endsOn: "2020-12-31" }, CONTRACT, [], "management_term_exceeds_contract"],
    ["a lease sharing one day with another", { startsOn: "2030-12-31", endsOn: "2033-12-31" }, CONTRACT, [LEASED], "management_right_overlaps"],
    ["a lease inside another", { startsOn: "2027-01-01", endsOn: "2027-12-31" }, CONTRACT, [LEASED], "management_right_overlaps"],
    ["a lease around another", { startsOn: "2025-01-01", endsOn: "2031-12-31" }, CONTRACT, [LEASED], "management_right_overlaps"],
    ["a lease overlapping the second of two", { startsOn: "2035-06-01", endsOn: "2036-05-31" }, CONTRACT, [LEASED, { startsOn: "2033-01-01", endsOn: "2035-12-31" }], "management_right_overlaps"],
    // Precedence: the term itself, then the contract, then the other circulations.
    ["an inverted term on an uncontracted plot", { startsOn: "2027-01-01", endsOn: "2026-01-01" }, null, [LEASED], "management_term_invalid"],
    ["an uncontracted plot with an overlapping filing", LEASED, null, [LEASED], "plot_not_contracted"],
    ["a term past the contract that also overlaps", { startsOn: "2030-01-01", endsOn: "2048-12-31" }, CONTRACT, [LEASED], "management_term_exceeds_contract"],
  ])("%s → %s", (_name, term, contract, existing, expected) => {
    expect(checkCirculation(term, contract, existing)).toBe(expected);
  });
});

describe("isRegistrable (five years or more, RLCL Art. 41)", () => {
  it.each<[string, Term, boolean]>([
    ["five calendar years from 1 January", { startsOn: "2026-01-01", endsOn: "2030-12-31" }, true],
    ["one day short of five years", { startsOn: "2026-01-01", endsOn: "2030-12-30" }, false],
    ["more than five years", { startsOn: "2026-01-01", endsOn: "2047-12-31" }, true],
    ["three years", { startsOn: "2027-01-01", endsOn: "2029-12-31" }, false],
    ["five years from mid-month", { startsOn: "2026-07-15", endsOn: "2031-07-14" }, true],
    ["one day short from mid-month", { startsOn: "2026-07-15", endsOn: "2031-07-13" }, false],
    // A term beginning on leap day: 2033 has no 29 February, so its five years run to the end of February 2033.
    ["five years from leap day 2028-02-29", { startsOn: "2028-02-29", endsOn: "2033-02-28" }, true],
    ["one day short of five years from leap day 2028-02-29", { startsOn: "2028-02-29", endsOn: "2033-02-27" }, false],
    ["five years from the day after leap day", { startsOn: "2028-03-01", endsOn: "2033-02-28" }, true],
    ["one day short from the day after leap day", { startsOn: "2028-03-01", endsOn: "2033-02-27" }, false],
    ["five years ending on a leap day", { startsOn: "2027-03-01", endsOn: "2032-02-29" }, true],
    ["one day short, ending the day before a leap day", { startsOn: "2027-03-01", endsOn: "2032-02-28" }, false],
  ])("%s → %s", (_name, term, expected) => {
    expect(isRegistrable(term)).toBe(expected);
  });
});
