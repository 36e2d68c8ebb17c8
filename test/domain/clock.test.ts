import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createIdFactory } from "../../src/lib/ids.js";
import { legalDateOf } from "../../src/lib/clock.js";

const shanghai = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" });

describe("legal dates (China Standard Time, whatever the server's zone)", () => {
  it.each([
    ["2026-12-06T15:59:59.999Z", "2026-12-06"],
    ["2026-12-06T16:00:00.000Z", "2026-12-07"],
    ["1991-09-14T15:00:00.000Z", "1991-09-15"], // the last daylight-saving summer: UTC+9 until 15 September 1991
    ["1986-06-30T15:30:00.000Z", "1986-07-01"],
    ["1999-12-31T16:00:00.000Z", "2000-01-01"],
  ])("the instant %s is the legal date %s", (instant, date) => {
    expect(legalDateOf(Date.parse(instant))).toBe(date);
  });

  it("agrees with the time-zone database for any instant from 1950 to 2200", () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1950, 0, 1), max: Date.UTC(2200, 0, 1) }), (ms) => {
        expect(legalDateOf(ms)).toBe(shanghai.format(new Date(ms)));
      }),
      { numRuns: 20_000 },
    );
  });
});

describe("identifiers", () => {
  it("are prefixed, time-sorted and distinct across many draws from the random pool", () => {
    const ids = createIdFactory(() => Date.UTC(2026, 11, 7));
    const drawn = Array.from({ length: 5_000 }, () => ids("req"));
    expect(new Set(drawn).size).toBe(drawn.length);
    expect(drawn.every((id) => /^req_[0-9a-hjkmnp-tv-z]{22}$/.test(id))).toBe(true);
    const later = createIdFactory(() => Date.UTC(2026, 11, 8))("req");
    expect(later > drawn[0]!).toBe(true);
  });
});
