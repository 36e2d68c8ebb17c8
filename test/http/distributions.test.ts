import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonicalLines } from "../../src/domain/distributions.js";
import { creditCodeCheckCharacter, maskIdNumber, organizationCodeCheckCharacter } from "../../src/domain/identifiers/index.js";
import { formatShares, formatYuan, toUnits } from "../../src/domain/quantities.js";
import { movableClock } from "../../src/lib/clock.js";
import { sha256Hex } from "../../src/lib/hash.js";
import { createToken, expectProblem, idNumber, member, recordResolution, registerCollective, VILLAGE } from "../support/fixtures.js";
import { runSecurityCases } from "../support/security.js";
import { createWorld, TODAY, type World } from "../support/world.js";

/**
 * Income distributions (issue 6): computed once from the cap table of the record date, to the fen, every line
 * paid once in full, listed per holder across collectives, and exported as a CSV payment list. Each describe
 * block builds its own group collective (or its own world), so no test depends on another's distributions.
 */
let world: World;
let nextGroup = 1;
let nextPerson = 100;

/** Group n of the village of VILLAGE: issuing-party code 37108310820100 + n. */
function groupOfVillage(n: number) {
  const org = `MB${String(n).padStart(6, "0")}`;
  const first17 = `N1371083${org}${organizationCodeCheckCharacter(org)}`;
  return {
    code: first17 + creditCodeCheckCharacter(first17),
    name: `乳山市午极镇午极村第${n}村民小组股份经济合作社`,
    level: "group" as const,
    regionCode: VILLAGE.regionCode,
    issuerCode: VILLAGE.regionCode + String(n).padStart(2, "0"),
  };
}

interface Holders {
  code: string;
  name: string;
  people: { id: string; name: string; index: number }[];
}

/** A fresh group collective whose members hold `shares` (one member each), and the collective its own shares. */
async function collectiveWithHolders(w: World, shares: string[], collectiveShares?: string): Promise<Holders> {
  const facts = groupOfVillage(nextGroup++);
  await registerCollective(w, facts, { noticeDays: 0 });
  const people = [];
  for (let i = 0; i < shares.length; i++) {
    const index = nextPerson++;
    const person = await member(w, facts.code, index, `持股人${index}`);
    people.push({ id: person.id, name: person.name, index });
  }
  await recordResolution(w, facts.code, ["equity-issuance"], { ref: "成员大会决议〔2020〕2号（折股量化）" });
  await recordResolution(w, facts.code, ["distribution"], { ref: distributionBody().resolutionRef, ...ASSEMBLY });
  const issued = await w.request("POST", `/v1/collectives/${facts.code}/equity/issuances`, {
    body: {
      resolutionRef: "成员大会决议〔2020〕2号（折股量化）",
      allocations: people.map((p, i) => ({ personId: p.id, shareClass: "population", shares: shares[i] })),
      ...(collectiveShares ? { collectiveShares } : {}),
    },
  });
  expect(issued.status, issued.text).toBe(201);
  return { code: facts.code, name: facts.name, people };
}

const distributionBody = (over: Record<string, unknown> = {}) => ({
  recordDate: TODAY,
  netIncome: "1000.01",
  reservePercent: "12.5",
  description: "2026年度集体收益分配",
  resolutionRef: "成员代表大会决议〔2026〕5号",
  ...over,
});

/** The default resolution is a representatives' assembly's (it may decide distributions); others a general meeting's. */
const ASSEMBLY = { body: "representatives-assembly", eligible: 25, present: 20, votesFor: 18 } as const;

/** Records a distribution under its resolution, recorded first as a passing one on distribution. */
async function record(w: World, code: string, over: Record<string, unknown> = {}, token?: string) {
  const body = distributionBody(over);
  await recordResolution(w, code, ["distribution"], { ref: body.resolutionRef as string, ...(over.resolutionRef === undefined ? ASSEMBLY : {}) });
  const res = await w.request("POST", `/v1/collectives/${code}/distributions`, { body, token });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

const pay = (w: World, code: string, id: string, body: Record<string, unknown>, token?: string) =>
  w.request("POST", `/v1/collectives/${code}/distributions/${id}/payments`, { body: { paidOn: TODAY, reference: "农商银行代发 0001", ...body }, token });

type LineBody = { personId: string | null; shares: string; amount: string };
const lineOf = (distribution: { lines: readonly LineBody[] }, personId: string | null): LineBody => distribution.lines.find((l) => l.personId === personId)!;

beforeAll(async () => {
  world = await createWorld();
  await registerCollective(world, VILLAGE); // a collective of the same county, for its registrar
});
afterAll(() => world.close());

describe("POST /v1/collectives/{code}/distributions", () => {
  describe("accepts", () => {
    it("computes every line to the fen from the cap table of the record date, the collective's own line included", async () => {
      // 12 : 12 : 7 : 10 (the collective) = 41 shares; ¥1,000.01 less 12.5% → ¥875.00 (the reserve takes the
      // 0.875 fen); exact shares 256.0975…, 256.0975…, 149.3902…, 213.4146… → floors 87,498 fen; the 2 fen left
      // go to the largest remainders, the two holders of 12.
      const c = await collectiveWithHolders(world, ["12", "12", "7"], "10");
      const [a, b, small] = c.people as [Holders["people"][0], Holders["people"][0], Holders["people"][0]];
      const res = await world.request("POST", `/v1/collectives/${c.code}/distributions`, { body: distributionBody() });
      expect(res.status, res.text).toBe(201);
      expect(res.headers.get("content-type")).toMatch(/^application\/json/);
      const [first, second] = [a, b].sort((x, y) => (x.id < y.id ? -1 : 1)) as [typeof a, typeof b];
      expect(res.body).toEqual({
        id: expect.stringMatching(/^dst_/),
        collectiveCode: c.code,
        recordDate: TODAY,
        netIncome: "1000.01",
        reservePercent: "12.5",
        reserve: "125.01",
        distributable: "875.00",
        totalShares: "41",
        description: "2026年度集体收益分配",
        resolutionRef: "成员代表大会决议〔2026〕5号",
        recordedAt: expect.any(String),
        lineCount: 4,
        residue: "0.02",
        paid: "0.00",
        unpaid: "875.00",
        paidCount: 0,
        unpaidCount: 4,
        lines: [
          { lineNo: 1, holder: "person", personId: first.id, name: first.name, shares: "12", amount: "256.10", paid: false, paidOn: null, reference: null },
          { lineNo: 2, holder: "person", personId: second.id, name: second.name, shares: "12", amount: "256.10", paid: false, paidOn: null, reference: null },
          { lineNo: 3, holder: "collective", personId: null, name: c.name, shares: "10", amount: "213.41", paid: false, paidOn: null, reference: null },
          { lineNo: 4, holder: "person", personId: small.id, name: small.name, shares: "7", amount: "149.39", paid: false, paidOn: null, reference: null },
        ],
      });
      // Read back exactly as recorded.
      const got = await world.request("GET", `/v1/collectives/${c.code}/distributions/${res.body.id}`);
      expect(got.status, got.text).toBe(200);
      expect(got.body).toEqual(res.body);
    });

    it("journals distribution.recorded with the amounts and a SHA-256 of the canonical lines, not the lines", async () => {
      const c = await collectiveWithHolders(world, ["3", "1.5"], "0.25");
      const d = await record(world, c.code, { netIncome: "99999.99", reservePercent: "33.33" });
      const journal = await world.request("GET", `/v1/journal?collectiveCode=${c.code}&limit=1000`);
      const events = journal.body.events.filter((e: { type: string }) => e.type === "distribution.recorded");
      expect(events).toHaveLength(1);
      const lines = d.lines.map((l: { lineNo: number; holder: "person" | "collective"; personId: string | null; shares: string; amount: string }) => ({
        lineNo: l.lineNo,
        holderKind: l.holder,
        personId: l.personId,
        sharesE4: toUnits(l.shares, 4),
        amountFen: toUnits(l.amount, 2),
      }));
      expect(events[0]).toMatchObject({
        stream: c.code,
        subject: d.id,
        data: {
          id: d.id,
          recordDate: TODAY,
          netIncome: "99999.99",
          reservePercent: "33.33",
          reserve: "33330.00",
          distributable: "66669.99", // ⌊9,999,999 fen × 66.67%⌋ = ⌊6,666,999.33…⌋
          lineCount: 3,
          linesSha256: await sha256Hex(canonicalLines(lines)),
        },
      });
      expect(JSON.stringify(events[0].data)).not.toContain("lines\"");
    });

    it("lets the collective's registrar record, and records another resolution on the same record date separately", async () => {
      const c = await collectiveWithHolders(world, ["1", "1", "1"]);
      const registrar = await createToken(world, { role: "registrar", collectiveCode: c.code });
      const first = await record(world, c.code, { netIncome: "1.00", reservePercent: "0" }, registrar);
      // 100 fen over 1 : 1 : 1 → 34 / 33 / 33: the extra fen to the smallest person id
      const ids = c.people.map((p) => p.id).sort();
      expect(first.lines.map((l: { personId: string; amount: string }) => [l.personId, l.amount])).toEqual([
        [ids[0], "0.34"],
        [ids[1], "0.33"],
        [ids[2], "0.33"],
      ]);
      const second = await record(world, c.code, { netIncome: "1.00", reservePercent: "0", resolutionRef: "成员代表大会决议〔2026〕6号（补充分配）" }, registrar);
      expect(second.id).not.toBe(first.id);
    });

    it("writes the lines of 40 holders (several INSERTs within D1's 100 parameters) adding up to the distributable", async () => {
      // Shares 1.0001, 2.0002, …, 40.0040, and the collective's 3.3333.
      const shares = Array.from({ length: 40 }, (_, i) => `${i + 1}.${String(i + 1).padStart(4, "0")}`);
      const c = await collectiveWithHolders(world, shares, "3.3333");
      const d = await record(world, c.code, { netIncome: "123456.78", reservePercent: "15" });
      expect(d).toMatchObject({ distributable: "104938.26", lineCount: 41, unpaidCount: 41 }); // ⌊12,345,678 × 0.85⌋ = 10,493,826.3 → 10,493,826 fen
      const fen = d.lines.map((l: { amount: string }) => toUnits(l.amount, 2));
      expect(fen.reduce((a: number, b: number) => a + b, 0)).toBe(10_493_826);
      const totalE4 = d.lines.reduce((sum: bigint, l: { shares: string }) => sum + BigInt(toUnits(l.shares, 4)), 0n);
      expect(formatShares(Number(totalE4))).toBe(d.totalShares);
      for (const l of d.lines as { shares: string; amount: string }[]) {
        const gap = BigInt(toUnits(l.amount, 2)) * totalE4 - 10_493_826n * BigInt(toUnits(l.shares, 4));
        expect(gap < totalE4 && gap > -totalE4, `${l.shares} → ${l.amount}`).toBe(true);
      }
      expect(d.lines.map((l: { lineNo: number }) => l.lineNo)).toEqual(Array.from({ length: 41 }, (_, i) => i + 1));
      expect((await world.request("GET", `/v1/collectives/${c.code}/distributions/${d.id}`)).body.lines).toEqual(d.lines);
    });

    it("keeps everything in reserve at 100%: every line is 0.00", async () => {
      const c = await collectiveWithHolders(world, ["5", "2"]);
      const d = await record(world, c.code, { reservePercent: "100", netIncome: "500.00" });
      expect(d).toMatchObject({ reserve: "500.00", distributable: "0.00", residue: "0.00", unpaid: "0.00" });
      expect(d.lines.map((l: { amount: string }) => l.amount)).toEqual(["0.00", "0.00"]);
    });

    it("replays a retried request with the same Idempotency-Key and records it once", async () => {
      const c = await collectiveWithHolders(world, ["2"]);
      const headers = { "Idempotency-Key": "distribution-once-1" };
      const first = await world.request("POST", `/v1/collectives/${c.code}/distributions`, { body: distributionBody(), headers });
      const again = await world.request("POST", `/v1/collectives/${c.code}/distributions`, { body: distributionBody(), headers });
      expect(first.status, first.text).toBe(201);
      expect(again.status).toBe(201);
      expect(again.text).toBe(first.text);
      expect(again.headers.get("idempotency-replayed")).toBe("true");
      expect((await world.request("GET", `/v1/collectives/${c.code}/distributions`)).body.distributions).toHaveLength(1);
    });
  });

  describe("rejects", () => {
    let c: Holders;
    beforeAll(async () => {
      c = await collectiveWithHolders(world, ["10", "5"]);
    });
    const post = (over: Record<string, unknown>) => world.request("POST", `/v1/collectives/${c.code}/distributions`, { body: distributionBody(over) });

    it("refuses a record date after today with 422 date_in_future", async () => {
      expectProblem(await post({ recordDate: "2026-11-28" }), 422, "date_in_future");
    });

    it("refuses a record date on which nobody held shares with 409 no_shares_on_record_date", async () => {
      // The shares were issued today: at the end of yesterday nobody held any.
      expectProblem(await post({ recordDate: "2026-11-26" }), 409, "no_shares_on_record_date");
    });

    it("refuses the same record date and resolution again with 409 distribution_already_recorded, and keeps the first", async () => {
      const first = await record(world, c.code, { resolutionRef: "决议〔2026〕重复" });
      expectProblem(await post({ resolutionRef: "决议〔2026〕重复", netIncome: "2000.00" }), 409, "distribution_already_recorded");
      const list = await world.request("GET", `/v1/collectives/${c.code}/distributions`);
      expect(list.body.distributions.filter((d: { resolutionRef: string }) => d.resolutionRef === "决议〔2026〕重复").map((d: { id: string; netIncome: string }) => [d.id, d.netIncome])).toEqual([[first.id, "1000.01"]]);
    });

    it.each(["0", "0.00"])("refuses a net income of %s with 422 net_income_must_be_positive", async (netIncome) => {
      expectProblem(await post({ netIncome }), 422, "net_income_must_be_positive");
    });

    it.each(["100.01", "150", "999"])("refuses a reserve of %s percent with 422 reserve_percent_invalid", async (reservePercent) => {
      expectProblem(await post({ reservePercent }), 422, "reserve_percent_invalid");
    });

    it.each([
      ["a reserve with 3 decimals", { reservePercent: "12.345" }, "#/reservePercent"],
      ["a net income as a JSON number", { netIncome: 1000 }, "#/netIncome"],
      ["a net income with 3 decimals", { netIncome: "1.001" }, "#/netIncome"],
      ["a negative reserve", { reservePercent: "-5" }, "#/reservePercent"],
      ["no resolution", { resolutionRef: "" }, "#/resolutionRef"],
      ["a record date that is not a date", { recordDate: "2026-02-30" }, "#/recordDate"],
    ])("refuses %s with 400 validation_failed", async (_name, over, pointer) => {
      const res = await post(over);
      expectProblem(res, 400, "validation_failed");
      expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    });

    it("refuses an unregistered collective with 404 collective_not_found", async () => {
      const missing = groupOfVillage(900);
      expectProblem(await world.request("POST", `/v1/collectives/${missing.code}/distributions`, { body: distributionBody() }), 404, "collective_not_found");
    });
  });

  let security: Holders;
  beforeAll(async () => {
    security = await collectiveWithHolders(world, ["1"]);
  });
  runSecurityCases({
    world: () => world,
    method: "POST",
    path: () => `/v1/collectives/${security.code}/distributions`,
    body: () => distributionBody({ resolutionRef: "安全测试" }),
    refused: async () => [
      { name: "bureau covering the collective", token: await createToken(world, { role: "bureau", regionPrefix: "371083" }), status: 403, code: "forbidden" },
      { name: "holder of a member", token: await createToken(world, { role: "holder", personId: security.people[0]!.id }), status: 403, code: "forbidden" },
      { name: "registrar of another collective", token: await createToken(world, { role: "registrar", collectiveCode: VILLAGE.code }), status: 404, code: "collective_not_found" },
    ],
  });
});

describe("GET /v1/collectives/{code}/distributions and /{id}", () => {
  let c: Holders;
  let other: Holders;
  let firstRecorded: { id: string };
  let secondRecorded: { id: string };
  beforeAll(async () => {
    c = await collectiveWithHolders(world, ["4", "1"]);
    other = await collectiveWithHolders(world, ["1"]);
    firstRecorded = await record(world, c.code, { netIncome: "100.00", reservePercent: "0", resolutionRef: "决议 A" });
    secondRecorded = await record(world, c.code, { netIncome: "50.00", reservePercent: "10", resolutionRef: "决议 B", description: "2026年度补充分配" });
    expect((await pay(world, c.code, firstRecorded.id, { personId: c.people[0]!.id, amount: "80.00" })).status).toBe(201);
  });

  it("lists summaries with their totals; on the same record date the latest recorded first", async () => {
    const res = await world.request("GET", `/v1/collectives/${c.code}/distributions`);
    expect(res.status, res.text).toBe(200);
    expect(res.body.collectiveCode).toBe(c.code);
    expect(res.body.distributions.map((d: Record<string, unknown>) => [d.id, d.distributable, d.paid, d.unpaid, d.paidCount, d.unpaidCount, d.lineCount])).toEqual([
      [secondRecorded.id, "45.00", "0.00", "45.00", 0, 2, 2],
      [firstRecorded.id, "100.00", "80.00", "20.00", 1, 1, 2],
    ]);
    expect(res.body.distributions[0]).not.toHaveProperty("lines");
  });

  it("answers a distribution with its lines and who is still unpaid", async () => {
    const res = await world.request("GET", `/v1/collectives/${c.code}/distributions/${firstRecorded.id}`);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ distributable: "100.00", paid: "80.00", unpaid: "20.00", paidCount: 1, unpaidCount: 1 });
    expect(res.body.lines.map((l: { personId: string; amount: string; paid: boolean }) => [l.personId, l.amount, l.paid])).toEqual([
      [c.people[0]!.id, "80.00", true],
      [c.people[1]!.id, "20.00", false],
    ]);
  });

  it("answers an empty list for a collective without distributions", async () => {
    const res = await world.request("GET", `/v1/collectives/${other.code}/distributions`);
    expect(res.body).toEqual({ collectiveCode: other.code, distributions: [] });
  });

  it("shows a bureau covering the collective", async () => {
    const bureau = await createToken(world, { role: "bureau", regionPrefix: "3710" });
    expect((await world.request("GET", `/v1/collectives/${c.code}/distributions/${firstRecorded.id}`, { token: bureau })).status).toBe(200);
    expect((await world.request("GET", `/v1/collectives/${c.code}/distributions`, { token: bureau })).body.distributions).toHaveLength(2);
  });

  it("refuses an unknown id, and an id of another collective, with 404 distribution_not_found", async () => {
    expectProblem(await world.request("GET", `/v1/collectives/${c.code}/distributions/dst_nope`), 404, "distribution_not_found");
    expectProblem(await world.request("GET", `/v1/collectives/${other.code}/distributions/${firstRecorded.id}`), 404, "distribution_not_found");
  });

  runSecurityCases({
    world: () => world,
    method: "GET",
    path: () => `/v1/collectives/${c.code}/distributions/${firstRecorded.id}`,
    refused: async () => [
      { name: "holder of a holder (sees their lines under /v1/persons)", token: await createToken(world, { role: "holder", personId: c.people[0]!.id }), status: 404, code: "collective_not_found" },
      { name: "registrar of another collective", token: await createToken(world, { role: "registrar", collectiveCode: other.code }), status: 404, code: "collective_not_found" },
      { name: "bureau of another county", token: await createToken(world, { role: "bureau", regionPrefix: "370102" }), status: 404, code: "collective_not_found" },
    ],
  });
  runSecurityCases({
    world: () => world,
    method: "GET",
    path: () => `/v1/collectives/${c.code}/distributions`,
    refused: async () => [
      { name: "holder", token: await createToken(world, { role: "holder", personId: c.people[1]!.id }), status: 404, code: "collective_not_found" },
      { name: "registrar of another collective", token: await createToken(world, { role: "registrar", collectiveCode: other.code }), status: 404, code: "collective_not_found" },
    ],
  });
});

describe("POST /v1/collectives/{code}/distributions/{id}/payments", () => {
  let c: Holders;
  let d: { id: string; lines: { personId: string | null; amount: string }[] };
  beforeAll(async () => {
    // 3 : 2 : 1 (the collective) = 6 shares; ¥100.00 less 0%: exact 50, 33.333…, 16.666… → floors 5,000 + 3,333
    // + 1,666 = 9,999 fen; the fen left goes to the largest remainder, the collective's (4/6 against 2/6).
    c = await collectiveWithHolders(world, ["3", "2"], "1");
    d = await record(world, c.code, { netIncome: "100.00", reservePercent: "0", recordDate: "2026-11-27" });
    expect(d.lines.map((l) => l.amount)).toEqual(["50.00", "33.33", "16.67"]);
  });

  it("pays a person's full line once, and answers the line with the distribution's totals", async () => {
    const res = await pay(world, c.code, d.id, { personId: c.people[0]!.id, amount: "50.00", reference: "农商银行代发 20261127-0001" });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toEqual({
      distributionId: d.id,
      collectiveCode: c.code,
      recordDate: TODAY,
      distributable: "100.00",
      line: { lineNo: 1, holder: "person", personId: c.people[0]!.id, name: c.people[0]!.name, shares: "3", amount: "50.00", paid: true, paidOn: TODAY, reference: "农商银行代发 20261127-0001" },
      paid: "50.00",
      unpaid: "50.00",
      paidCount: 1,
      unpaidCount: 2,
    });
    const journal = await world.request("GET", `/v1/journal?collectiveCode=${c.code}&limit=1000`);
    const paid = journal.body.events.filter((e: { type: string }) => e.type === "distribution.line_paid");
    expect(paid).toHaveLength(1);
    expect(paid[0]).toMatchObject({ subject: d.id, data: { lineNo: 1, holder: "person", personId: c.people[0]!.id, amount: "50.00", paidOn: TODAY } });
  });

  it("refuses a second payment of a paid line with 409 line_already_paid", async () => {
    const again = await pay(world, c.code, d.id, { personId: c.people[0]!.id, amount: "50.00" });
    expectProblem(again, 409, "line_already_paid");
  });

  it("refuses anything but the full amount with 422 payment_amount_mismatch", async () => {
    for (const amount of ["33.32", "33.34", "0.00", "333.30"]) expectProblem(await pay(world, c.code, d.id, { personId: c.people[1]!.id, amount }), 422, "payment_amount_mismatch");
  });

  it("refuses a payment dated after today with 422 date_in_future, and before the record date with 422 payment_before_record_date", async () => {
    expectProblem(await pay(world, c.code, d.id, { personId: c.people[1]!.id, amount: "33.33", paidOn: "2026-11-28" }), 422, "date_in_future");
    expectProblem(await pay(world, c.code, d.id, { personId: c.people[1]!.id, amount: "33.33", paidOn: "2026-11-26" }), 422, "payment_before_record_date");
  });

  it("refuses a person without a line with 404 distribution_line_not_found, and an unknown distribution with 404 distribution_not_found", async () => {
    const stranger = await member(world, c.code, nextPerson++); // a member admitted after the record date holds no shares
    expectProblem(await pay(world, c.code, d.id, { personId: stranger.id, amount: "1.00" }), 404, "distribution_line_not_found");
    expectProblem(await pay(world, c.code, "dst_unknown", { personId: c.people[1]!.id, amount: "33.33" }), 404, "distribution_not_found");
  });

  it.each([
    ["both a person and the collective", { personId: "prs_x", holder: "collective" }],
    ["neither", {}],
    ["an amount as a number", { personId: "prs_x", amount: 33.33 }],
  ])("refuses %s with 400 validation_failed", async (_name, body) => {
    const res = await world.request("POST", `/v1/collectives/${c.code}/distributions/${d.id}/payments`, { body: { amount: "1.00", paidOn: TODAY, reference: "x", ...body } });
    expectProblem(res, 400, "validation_failed");
  });

  it("pays the collective's own line with holder \"collective\", then the last line: nothing unpaid", async () => {
    const own = await pay(world, c.code, d.id, { holder: "collective", amount: "16.67", reference: "转入集体公积金" });
    expect(own.status, own.text).toBe(201);
    expect(own.body.line).toMatchObject({ holder: "collective", personId: null, name: c.name, amount: "16.67", paid: true });
    const last = await pay(world, c.code, d.id, { personId: c.people[1]!.id, amount: "33.33", paidOn: TODAY });
    expect(last.status, last.text).toBe(201);
    expect(last.body).toMatchObject({ paid: "100.00", unpaid: "0.00", paidCount: 3, unpaidCount: 0 });
    expectProblem(await pay(world, c.code, d.id, { holder: "collective", amount: "16.67" }), 409, "line_already_paid");
  });

  it("refuses the collective's line where the collective held no shares with 404 distribution_line_not_found", async () => {
    const plain = await collectiveWithHolders(world, ["1"]);
    const only = await record(world, plain.code);
    expectProblem(await pay(world, plain.code, only.id, { holder: "collective", amount: "1.00" }), 404, "distribution_line_not_found");
  });

  runSecurityCases({
    world: () => world,
    method: "POST",
    path: () => `/v1/collectives/${c.code}/distributions/${d.id}/payments`,
    body: () => ({ personId: c.people[1]!.id, amount: "33.33", paidOn: TODAY, reference: "x" }),
    refused: async () => [
      { name: "bureau covering the collective", token: await createToken(world, { role: "bureau", regionPrefix: "371083" }), status: 403, code: "forbidden" },
      { name: "holder paying themself", token: await createToken(world, { role: "holder", personId: c.people[1]!.id }), status: 403, code: "forbidden" },
      { name: "registrar of another collective", token: await createToken(world, { role: "registrar", collectiveCode: VILLAGE.code }), status: 404, code: "collective_not_found" },
    ],
  });
});

describe("GET /v1/persons/{personId}/distributions", () => {
  let first: Holders;
  let second: Holders;
  let holder: Holders["people"][0];
  let holderToken: string;
  beforeAll(async () => {
    first = await collectiveWithHolders(world, ["1", "1"]);
    holder = first.people[0]!;
    // The same person is also a member of a second collective, with shares there.
    second = await collectiveWithHolders(world, ["3"]);
    const admit = await world.request("POST", `/v1/collectives/${second.code}/members`, { body: { personId: holder.id, joinedOn: "2020-01-01", basis: "original" } });
    expect(admit.status, admit.text).toBe(201);
    await recordResolution(world, second.code, ["equity-issuance"], { ref: "追加折股" });
    const issued = await world.request("POST", `/v1/collectives/${second.code}/equity/issuances`, {
      body: { resolutionRef: "追加折股", allocations: [{ personId: holder.id, shareClass: "population", shares: "1" }] },
    });
    expect(issued.status, issued.text).toBe(201);
    const one = await record(world, first.code, { netIncome: "10.01", reservePercent: "0" }); // 5.01 / 5.00
    await record(world, second.code, { netIncome: "80.00", reservePercent: "25", description: "二组分红" }); // 60 × 1/4 = 15.00
    expect((await pay(world, first.code, one.id, { personId: holder.id, amount: lineOf(one, holder.id).amount })).status).toBe(201);
    holderToken = await createToken(world, { role: "holder", personId: holder.id });
  });

  it("answers a holder their own dividends across collectives, with totals", async () => {
    const res = await world.request("GET", `/v1/persons/${holder.id}/distributions`, { token: holderToken });
    expect(res.status, res.text).toBe(200);
    const amountOfFirst = holder.id < first.people[1]!.id ? "5.01" : "5.00";
    expect(res.body).toMatchObject({ personId: holder.id, name: holder.name, partial: false, unavailable: [] });
    expect(res.body.lines.map((l: Record<string, unknown>) => [l.collectiveCode, l.collectiveName, l.shares, l.amount, l.paidOn])).toEqual(
      [
        [first.code, first.name, "1", amountOfFirst, TODAY],
        [second.code, second.name, "1", "15.00", null],
      ].sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
    );
    expect(res.body.lines.every((l: { recordDate: string; distributionId: string }) => l.recordDate === TODAY && l.distributionId.startsWith("dst_"))).toBe(true);
    expect(res.body.totals).toEqual({ amount: formatYuan(toUnits(amountOfFirst, 2) + 1500), paid: amountOfFirst, unpaid: "15.00" });
  });

  it("shows a registrar only the lines of its own collective", async () => {
    const registrar = await createToken(world, { role: "registrar", collectiveCode: second.code });
    const res = await world.request("GET", `/v1/persons/${holder.id}/distributions`, { token: registrar });
    expect(res.status, res.text).toBe(200);
    expect(res.body.lines.map((l: { collectiveCode: string }) => l.collectiveCode)).toEqual([second.code]);
    expect(res.body.totals).toEqual({ amount: "15.00", paid: "0.00", unpaid: "15.00" });
  });

  it("answers a member without dividends an empty list", async () => {
    const none = await member(world, first.code, nextPerson++);
    const empty = await world.request("GET", `/v1/persons/${none.id}/distributions`);
    expect(empty.body).toMatchObject({ lines: [], totals: { amount: "0.00", paid: "0.00", unpaid: "0.00" } });
  });

  it("refuses an unknown person with 404 person_not_found", async () => {
    expectProblem(await world.request("GET", `/v1/persons/prs_nobody/distributions`), 404, "person_not_found");
  });

  runSecurityCases({
    world: () => world,
    method: "GET",
    path: () => `/v1/persons/${holder.id}/distributions`,
    refused: async () => [
      { name: "holder token of another person", token: await createToken(world, { role: "holder", personId: first.people[1]!.id }), status: 404, code: "person_not_found" },
      { name: "bureau of another county", token: await createToken(world, { role: "bureau", regionPrefix: "370102" }), status: 404, code: "person_not_found" },
      { name: "registrar of a collective the person has no record in", token: await createToken(world, { role: "registrar", collectiveCode: VILLAGE.code }), status: 404, code: "person_not_found" },
    ],
  });
});

describe("GET /v1/collectives/{code}/distributions/{id}/lines.csv", () => {
  let c: Holders;
  let d: { id: string; distributable: string; totalShares: string; lines: { personId: string | null; amount: string; shares: string }[] };
  beforeAll(async () => {
    c = await collectiveWithHolders(world, ["2.5", "1.25"], "0.0001");
    d = await record(world, c.code, { netIncome: "12345.67", reservePercent: "30" });
    const paid = await pay(world, c.code, d.id, { personId: c.people[0]!.id, amount: lineOf(d, c.people[0]!.id).amount, reference: '代发, 批次 "7"' });
    expect(paid.status, paid.text).toBe(201);
  });

  it("answers UTF-8 CSV with a BOM, the Chinese header, masked ID numbers and a totals row equal to the distributable", async () => {
    // The raw bytes: Response.text() would drop the BOM while decoding.
    const res = await world.app.request(`/v1/collectives/${c.code}/distributions/${d.id}/lines.csv`, { headers: { Authorization: `Bearer ${world.adminToken}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="distribution-${c.code}-${TODAY}.csv"`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const rows = text.slice(1).split("\r\n");
    expect(rows.pop()).toBe(""); // every record ends with CRLF
    expect(rows[0]).toBe("序号,持股人,证件号码（脱敏）,股份,金额（元）,支付日期,支付凭证");
    const [a, b] = c.people as [Holders["people"][0], Holders["people"][0]];
    expect(rows.slice(1)).toEqual([
      `1,${a.name},${maskIdNumber(idNumber(a.index))},2.5,${lineOf(d, a.id).amount},${TODAY},"代发, 批次 ""7"""`,
      `2,${b.name},${maskIdNumber(idNumber(b.index))},1.25,${lineOf(d, b.id).amount},,`,
      `3,${c.name},${c.code},0.0001,${lineOf(d, null).amount},,`,
      `合计,,,3.7501,${d.distributable},,`,
    ]);
    expect(d.distributable).toBe("8641.96"); // ⌊1,234,567 × 0.7⌋ = 864,196 fen
    const sum = d.lines.reduce((s, l) => s + toUnits(l.amount, 2), 0);
    expect(sum).toBe(toUnits(d.distributable, 2));
    for (const p of c.people) expect(text).not.toContain(idNumber(p.index));
  });

  it("gives the bureau the same masked list, and refuses an unknown distribution with 404 distribution_not_found", async () => {
    const bureau = await createToken(world, { role: "bureau", regionPrefix: "371083" });
    const res = await world.request("GET", `/v1/collectives/${c.code}/distributions/${d.id}/lines.csv`, { token: bureau });
    expect(res.status).toBe(200);
    for (const p of c.people) expect(res.text).not.toContain(idNumber(p.index));
    expectProblem(await world.request("GET", `/v1/collectives/${c.code}/distributions/dst_nope/lines.csv`), 404, "distribution_not_found");
  });

  runSecurityCases({
    world: () => world,
    method: "GET",
    path: () => `/v1/collectives/${c.code}/distributions/${d.id}/lines.csv`,
    refused: async () => [
      { name: "holder", token: await createToken(world, { role: "holder", personId: c.people[0]!.id }), status: 404, code: "collective_not_found" },
      { name: "registrar of another collective", token: await createToken(world, { role: "registrar", collectiveCode: VILLAGE.code }), status: 404, code: "collective_not_found" },
    ],
  });
});

describe("a distribution is computed from the cap table of its record date, once", () => {
  // Its own world, whose clock moves: shares issued on 2026-11-27, a transfer registered on 2026-11-28.
  const clock = movableClock(TODAY);
  let w: World;
  let c: Holders;
  let before: { id: string; lines: { personId: string | null; shares: string; amount: string }[] };
  beforeAll(async () => {
    w = await createWorld(clock);
    c = await collectiveWithHolders(w, ["12", "12"]);
    before = await record(w, c.code, { netIncome: "2400.00", reservePercent: "0", resolutionRef: "决议 当日" });
    // 2026-11-28: the first holder transfers 6 of her 12 shares to the second (notice 0 days), registered on payment.
    clock.set("2026-11-28");
    const [seller, buyer] = c.people as [Holders["people"][0], Holders["people"][0]];
    const applied = await w.request("POST", "/v1/transfers", {
      body: { kind: "equity", collectiveCode: c.code, from: { personId: seller.id }, to: { personId: buyer.id }, shares: "6", price: "6000.00", agreementSignedOn: "2026-11-28" },
    });
    expect(applied.status, applied.text).toBe(201);
    const approved = await w.request("POST", `/v1/transfers/${applied.body.id}/approval`, { body: { resolutionRef: "理事会决定〔2026〕9号", decidedOn: "2026-11-28" } });
    expect(approved.status, approved.text).toBe(200);
    const paid = await w.request("POST", `/v1/transfers/${applied.body.id}/payment`, { body: { amount: "6000.00", paidOn: "2026-11-28", reference: "转账" } });
    expect(paid.status, paid.text).toBe(200);
    clock.set("2026-11-30");
  });
  afterAll(() => w.close());

  it("pays the holdings of the record date, not those of a transfer registered after it", async () => {
    const [seller, buyer] = c.people as [Holders["people"][0], Holders["people"][0]];
    const late = await record(w, c.code, { recordDate: TODAY, netIncome: "2400.00", reservePercent: "0", resolutionRef: "决议 事后" });
    expect(late.lines.map((l: { personId: string; shares: string; amount: string }) => [l.personId, l.shares, l.amount]).sort()).toEqual(
      [
        [seller.id, "12", "1200.00"],
        [buyer.id, "12", "1200.00"],
      ].sort(),
    );
    const after = await record(w, c.code, { recordDate: "2026-11-28", netIncome: "2400.00", reservePercent: "0", resolutionRef: "决议 次日" });
    expect(after.lines.map((l: { personId: string; shares: string; amount: string }) => [l.personId, l.shares, l.amount])).toEqual([
      [buyer.id, "18", "1800.00"],
      [seller.id, "6", "600.00"],
    ]);
  });

  it("lists the newest record date first", async () => {
    const list = await w.request("GET", `/v1/collectives/${c.code}/distributions`);
    expect(list.body.distributions.map((d: { recordDate: string; resolutionRef: string }) => [d.recordDate, d.resolutionRef])).toEqual([
      ["2026-11-28", "决议 次日"],
      [TODAY, "决议 事后"],
      [TODAY, "决议 当日"],
    ]);
  });

  it("never recomputes a recorded distribution", async () => {
    const res = await w.request("GET", `/v1/collectives/${c.code}/distributions/${before.id}`);
    expect(res.body.lines).toEqual(before.lines);
    expect(res.body.lines.map((l: { shares: string }) => l.shares)).toEqual(["12", "12"]);
  });

  it("takes a payment dated between the record date and today", async () => {
    const line = before.lines[0]!;
    const res = await pay(w, c.code, before.id, { personId: line.personId, amount: line.amount, paidOn: "2026-11-29" });
    expect(res.status, res.text).toBe(201);
    expect(res.body.line.paidOn).toBe("2026-11-29");
  });
});

describe("a person's dividends with one database per county", () => {
  const JINAN = {
    code: "N2370102MA3KJN015P", // synthetic village-level collective in 历下区 (370102)
    name: "济南市历下区某村股份经济合作社",
    level: "village" as const,
    regionCode: "370102101201",
    issuerCode: "37010210120100",
  };
  let w: World;
  let personId: string;
  beforeAll(async () => {
    w = await createWorld(undefined, { counties: ["370102", "371083"] });
    for (const collective of [VILLAGE, JINAN]) await registerCollective(w, collective, { noticeDays: 0 });
    const registered = await w.request("POST", "/v1/persons", { body: { idNumber: idNumber(1), name: "孙秀英", regionCode: VILLAGE.regionCode } });
    expect(registered.status, registered.text).toBe(201);
    personId = registered.body.id;
    for (const collective of [VILLAGE, JINAN]) {
      const admitted = await w.request("POST", `/v1/collectives/${collective.code}/members`, { body: { personId, joinedOn: "2020-01-01", basis: "original" } });
      expect(admitted.status, admitted.text).toBe(201);
      await recordResolution(w, collective.code, ["equity-issuance"], { ref: "折股量化" });
      const issued = await w.request("POST", `/v1/collectives/${collective.code}/equity/issuances`, {
        body: { resolutionRef: "折股量化", allocations: [{ personId, shareClass: "population", shares: "2" }], collectiveShares: "2" },
      });
      expect(issued.status, issued.text).toBe(201);
      await record(w, collective.code, { netIncome: collective === VILLAGE ? "100.00" : "300.00", reservePercent: "0" });
    }
  });
  afterAll(() => w.close());

  it("keeps each distribution in its county's database and answers the holder's lines from both", async () => {
    for (const county of ["370102", "371083"]) expect(Number((await w.counties[county]!.client.execute("SELECT COUNT(*) AS n FROM distributions")).rows[0]!.n)).toBe(1);
    expect(Number((await w.tdb.client.execute("SELECT COUNT(*) AS n FROM distributions")).rows[0]!.n)).toBe(0);
    const token = await createToken(w, { role: "holder", personId });
    const res = await w.request("GET", `/v1/persons/${personId}/distributions`, { token });
    expect(res.status, res.text).toBe(200);
    expect(res.body.lines.map((l: { collectiveCode: string; amount: string }) => [l.collectiveCode, l.amount]).sort()).toEqual(
      [
        [JINAN.code, "150.00"],
        [VILLAGE.code, "50.00"],
      ].sort(),
    );
    expect(res.body).toMatchObject({ totals: { amount: "200.00", paid: "0.00", unpaid: "200.00" }, partial: false, unavailable: [] });
  });
});
