import { describe, expect, it } from "vitest";
import { countyOfCode, countyOfCollective, countyOfId, withCounty } from "../../src/domain/routing.js";
import type { Db } from "../../src/storage/db.js";
import { fanOut, Router } from "../../src/storage/router.js";

describe("the county of an identifier", () => {
  it.each([
    ["a collective's credit code (positions 3–8)", countyOfCollective("N2371083MA0QW7T334"), "371083"],
    ["a malformed credit code", countyOfCollective("N237108"), null],
    ["a plot code", countyOfCode("3710831082010000001"), "371083"],
    ["a contractor code", countyOfCode("371083108201000001"), "371083"],
    ["a contract code", countyOfCode("371083108201000001J"), "371083"],
    ["a unit number", countyOfCode("371083001002JC00015W00000000"), "371083"],
    ["a code without digits", countyOfCode("abc"), null],
    ["a routed person id", countyOfId("prs_370102_01m8f7d875pn1er298k4pe"), "370102"],
    ["an unrouted person id", countyOfId("prs_01m8f7d875pn1er298k4pe"), null],
    ["a routed transfer id", countyOfId("trf_371083_01m8f7d875pn1er298k4pe"), "371083"],
  ])("reads %s", (_name, actual, expected) => {
    expect(actual).toBe(expected);
  });
  it("puts the county after the prefix", () => {
    expect(withCounty("prs_01abc", "371083")).toBe("prs_371083_01abc");
    expect(withCounty("prs_01abc", null)).toBe("prs_01abc");
  });
});

describe("the router", () => {
  const db = (name: string) => ({ name }) as unknown as Db;
  const directory = db("directory");
  const jinan = db("jinan");
  const weihai = db("weihai");
  const rushan = db("rushan");
  const router = new Router(directory, [
    { prefix: "3701", name: "3701", db: jinan },
    { prefix: "3710", name: "3710", db: weihai },
    { prefix: "371083", name: "371083", db: rushan },
  ]);
  it.each([
    ["370102", jinan],
    ["371083", rushan],
    ["371002", weihai],
    ["370281", directory],
    [null, directory],
  ] as const)("sends county %s to the longest matching prefix", (county, expected) => {
    expect(router.forCounty(county)).toBe(expected);
  });
  it.each([
    ["37", ["3701", "3710", "371083", "directory"]],
    ["3710", ["3710", "371083"]],
    ["371083", ["371083"]],
    ["370102", ["3701"]],
    ["3702", ["directory"]],
  ])("fans a prefix %s out to the databases that may hold it", (prefix, names) => {
    expect(router.databasesUnder(prefix).map((t) => t.name).sort()).toEqual([...names].sort());
  });
  it("is one database without routes", () => {
    const single = new Router(directory);
    expect(single.routed).toBe(false);
    expect(single.forCounty("371083")).toBe(directory);
    expect(single.databasesUnder("37").map((t) => t.name)).toEqual(["directory"]);
  });
});

describe("fanOut", () => {
  const target = (name: string) => ({ name, db: {} as Db });
  it("keeps the answers that came and names the databases that failed or were too slow", async () => {
    const all = await fanOut([target("a"), target("b")], async () => 7, 50);
    expect(all).toEqual({ results: [{ name: "a", value: 7 }, { name: "b", value: 7 }], unavailable: [] });
    let calls = 0;
    const mixed = await fanOut([target("ok"), target("fails"), target("hangs")], async () => {
      calls++;
      if (calls === 2) throw new Error("down");
      if (calls === 3) return new Promise<number>(() => {});
      return 1;
    }, 20);
    expect(mixed.results).toEqual([{ name: "ok", value: 1 }]);
    expect(mixed.unavailable).toEqual(["fails", "hangs"]);
  });
});
