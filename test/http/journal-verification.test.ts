import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import { createIdFactory } from "../../src/lib/ids.js";
import type { Db } from "../../src/storage/db.js";
import { Router } from "../../src/storage/router.js";
import { testKeyring } from "../support/keys.js";
import {
  createToken,
  expectProblem,
  GROUP,
  idNumber,
  member,
  recordResolution,
  registerCollective,
  registerContract,
  registerHousehold,
  registerPlot,
  VILLAGE,
} from "../support/fixtures.js";
import { runSecurityCases } from "../support/security.js";
import { createWorld, TODAY, type World } from "../support/world.js";

/**
 * GET /v1/journal/verification: every stream's hash chain walked and recomputed. The world holds a village (in
 * 371083) with members, a household, plots, a contract, shares and one equity transfer walked to registration, and
 * a group collective in another county (370114). The tampering tests act as an attacker with access to the
 * database file would: they drop the journal's triggers and rewrite rows with raw SQL, then put each row back as
 * it was, so that every test starts from a valid journal.
 */
interface StreamVerdict {
  stream: string;
  collectiveCode: string | null;
  events: number;
  headHash: string | null;
  valid: boolean;
  firstBadSeq?: number;
  problem?: string;
}
interface Verification {
  valid: boolean;
  events: number;
  streams: StreamVerdict[];
  partial: boolean;
  unavailable: string[];
}

type Row = Record<string, unknown>;

let world: World;
let tokens: Record<"registrar" | "bureauVillage" | "bureauGroup" | "holder", string>;

async function verify(query = "", token?: string): Promise<Verification> {
  const res = await world.request("GET", `/v1/journal/verification${query ? `?${query}` : ""}`, { token });
  expect(res.status, res.text).toBe(200);
  return res.body as Verification;
}

const streamOf = (v: Verification, stream: string) => {
  const found = v.streams.find((s) => s.stream === stream);
  if (!found) throw new Error(`no stream ${stream} in ${JSON.stringify(v.streams.map((s) => s.stream))}`);
  return found;
};

/** Rows as plain objects of their named columns (libSQL rows also carry index keys). */
const sqlRows = async (sql: string, args: unknown[] = []) =>
  ((await world.tdb.client.execute({ sql, args: args as never })).rows as unknown as Row[]).map((r) =>
    Object.fromEntries(Object.entries(r).filter(([key]) => !/^\d+$/.test(key))),
  );

/** The village stream's row at stream_seq k, every column. */
async function villageRow(k: number): Promise<Row> {
  const [row] = await sqlRows("SELECT * FROM journal WHERE stream = ? AND stream_seq = ?", [VILLAGE.code, k]);
  if (!row) throw new Error(`no village row ${k}`);
  return row;
}

/** What an attacker with the database file does first: drop the triggers that keep the journal append-only. */
async function dropJournalTriggers() {
  for (const name of ["journal_no_update", "journal_no_delete", "journal_stream_contiguous", "journal_chain_linked"]) {
    await world.tdb.client.execute(`DROP TRIGGER IF EXISTS ${name}`);
  }
}

const CONTENT = ["type", "subject", "data_json", "actor", "recorded_at_ms"] as const;

async function restore(row: Row) {
  const columns = ["stream", "stream_seq", "collective_code", ...CONTENT, "prev_hash", "hash"];
  await world.tdb.client.execute({ sql: `UPDATE journal SET ${columns.map((c) => `${c} = ?`).join(", ")} WHERE seq = ?`, args: [...columns.map((c) => row[c]), row.seq] as never });
}

async function expectAllValid() {
  const v = await verify();
  expect(v.streams.filter((s) => !s.valid)).toEqual([]);
  expect(v.valid).toBe(true);
}

/** The village stream is broken at stream_seq k by `problem`; every other stream stays valid. */
async function expectVillageBroken(k: number, problem: string) {
  const v = await verify();
  expect(v.valid).toBe(false);
  expect(streamOf(v, VILLAGE.code)).toMatchObject({ valid: false, firstBadSeq: k, problem });
  expect(v.streams.filter((s) => !s.valid).map((s) => s.stream)).toEqual([VILLAGE.code]);
  expect(streamOf(v, GROUP.code)).toMatchObject({ valid: true });
  expect(streamOf(v, GROUP.code).firstBadSeq).toBeUndefined();
  // the registrar's narrower view says the same
  const own = await verify("", tokens.registrar);
  expect(own.streams).toEqual([streamOf(v, VILLAGE.code)]);
  expect(own.valid).toBe(false);
}

beforeAll(async () => {
  world = await createWorld();
  await registerCollective(world, VILLAGE, { noticeDays: 0 });
  await registerCollective(world, GROUP, { noticeDays: 0 });
  const seller = await member(world, VILLAGE.code, 1, "孙秀英");
  const buyer = await member(world, VILLAGE.code, 2, "于海涛");
  const farmer = await member(world, VILLAGE.code, 3, "刘振华");
  await registerHousehold(world, VILLAGE, 1, [{ personId: farmer.id }]);
  await registerPlot(world, VILLAGE, 1);
  await registerPlot(world, VILLAGE, 2, "0.75");
  await registerContract(world, VILLAGE, 1, [1, 2]);
  await recordResolution(world, VILLAGE.code, ["equity-issuance"], { ref: "成员大会决议〔2020〕2号" });
  const issued = await world.request("POST", `/v1/collectives/${VILLAGE.code}/equity/issuances`, {
    body: { resolutionRef: "成员大会决议〔2020〕2号", allocations: [{ personId: seller.id, shareClass: "population", shares: "12" }, { personId: buyer.id, shareClass: "population", shares: "12" }] },
  });
  expect(issued.status, issued.text).toBe(201);
  const applied = await world.request("POST", "/v1/transfers", {
    body: { kind: "equity", collectiveCode: VILLAGE.code, from: { personId: seller.id }, to: { personId: buyer.id }, shares: "5", price: "30000.00", agreementSignedOn: "2026-11-20" },
  });
  expect(applied.status, applied.text).toBe(201);
  for (const [step, body] of [
    ["approval", { resolutionRef: "理事会决定〔2026〕9号", decidedOn: TODAY }],
    ["payment", { amount: "30000.00", paidOn: TODAY, reference: "农商银行 0001" }],
  ] as const) {
    const res = await world.request("POST", `/v1/transfers/${applied.body.id}/${step}`, { body });
    expect(res.status, res.text).toBe(200);
  }
  await member(world, GROUP.code, 4, "组员");
  tokens = {
    registrar: await createToken(world, { role: "registrar", collectiveCode: VILLAGE.code }),
    bureauVillage: await createToken(world, { role: "bureau", regionPrefix: "371083" }),
    bureauGroup: await createToken(world, { role: "bureau", regionPrefix: "370114" }),
    holder: await createToken(world, { role: "holder", personId: seller.id }),
  };
});
afterAll(() => world.close());

describe("GET /v1/journal/verification", () => {
  describe("accepts", () => {
    it("finds every stream valid, with the events each holds and the last row's hash as its head", async () => {
      const v = await verify();
      expect(v).toMatchObject({ valid: true, partial: false, unavailable: [] });
      const stored = await sqlRows("SELECT stream, COUNT(*) AS n FROM journal GROUP BY stream ORDER BY stream");
      expect(v.streams.map((s) => [s.stream, s.events])).toEqual(stored.map((r) => [r.stream, Number(r.n)]));
      expect(v.events).toBe(stored.reduce((n, r) => n + Number(r.n), 0));
      for (const s of v.streams) {
        const [head] = await sqlRows("SELECT hash FROM journal WHERE stream = ? ORDER BY stream_seq DESC LIMIT 1", [s.stream]);
        expect(s, s.stream).toMatchObject({ valid: true, headHash: head!.hash });
        expect(s.headHash).toMatch(/^[0-9a-f]{64}$/);
        expect(s.firstBadSeq).toBeUndefined();
        expect(s.problem).toBeUndefined();
      }
      // collective.registered, 3 admissions, household, 2 plots, contract, resolution, issuance, transfer applied/approved/registered
      expect(streamOf(v, VILLAGE.code)).toMatchObject({ collectiveCode: VILLAGE.code, events: 13 });
      expect(streamOf(v, GROUP.code)).toMatchObject({ collectiveCode: GROUP.code, events: 2 });
      expect(v.streams.filter((s) => s.stream.startsWith("person:"))).toHaveLength(4);
      expect(v.streams.filter((s) => s.stream.startsWith("token:")).length).toBeGreaterThanOrEqual(4);
      expect(v.streams.filter((s) => s.collectiveCode === null).every((s) => /^(person|token):/.test(s.stream))).toBe(true);
      const journal = await world.request("GET", `/v1/journal?collectiveCode=${VILLAGE.code}&limit=1000`);
      expect(journal.body.events.filter((e: { stream: string }) => e.stream === VILLAGE.code)).toHaveLength(13);
    });

    it("gives a registrar its collective's stream, with or without collectiveCode", async () => {
      const own = await verify("", tokens.registrar);
      expect(own.streams.map((s) => s.stream)).toEqual([VILLAGE.code]);
      expect(own).toMatchObject({ valid: true, events: 13, partial: false });
      expect(await verify(`collectiveCode=${VILLAGE.code}`, tokens.registrar)).toEqual(own);
      expect((await verify(`collectiveCode=${VILLAGE.code}`)).streams).toEqual(own.streams);
    });

    it("gives a bureau the streams of the collectives under its prefix, and another region's bureau none of the village's", async () => {
      const village = await verify("", tokens.bureauVillage);
      expect(village.streams.map((s) => s.stream)).toEqual([VILLAGE.code]);
      const group = await verify("", tokens.bureauGroup);
      expect(group.streams.map((s) => s.stream)).toEqual([GROUP.code]);
      expect(group.events).toBe(2);
      const elsewhere = await verify("", await createToken(world, { role: "bureau", regionPrefix: "4403" }));
      expect(elsewhere).toEqual({ valid: true, events: 0, streams: [], partial: false, unavailable: [] });
    });

    it("moves the head hash with each new event, and verifies the new row", async () => {
      const before = streamOf(await verify(), VILLAGE.code);
      await registerPlot(world, VILLAGE, 3);
      const after = streamOf(await verify(), VILLAGE.code);
      expect(after).toMatchObject({ valid: true, events: before.events + 1 });
      expect(after.headHash).not.toBe(before.headHash);
      const [head] = await sqlRows("SELECT hash, prev_hash FROM journal WHERE stream = ? ORDER BY stream_seq DESC LIMIT 1", [VILLAGE.code]);
      expect(head).toMatchObject({ hash: after.headHash, prev_hash: before.headHash });
    });
  });

  describe("detects tampering (triggers dropped, rows rewritten with raw SQL)", () => {
    beforeAll(dropJournalTriggers);

    it("names a row whose data was changed, and leaves the other streams valid", async () => {
      const original = await villageRow(5);
      await sqlRows("UPDATE journal SET data_json = ? WHERE seq = ?", ['{"tampered":true}', original.seq]);
      await expectVillageBroken(5, "changed");
      await restore(original);
      await expectAllValid();
    });

    it("names a row whose hash alone was changed", async () => {
      const original = await villageRow(6);
      await sqlRows("UPDATE journal SET hash = ? WHERE seq = ?", ["0".repeat(63) + "1", original.seq]);
      await expectVillageBroken(6, "changed");
      await restore(original);
      await expectAllValid();
    });

    it("names the first missing stream_seq when a middle row is deleted", async () => {
      const original = await villageRow(4);
      await sqlRows("DELETE FROM journal WHERE seq = ?", [original.seq]);
      await expectVillageBroken(4, "missing");
      const columns = Object.keys(original);
      await sqlRows(`INSERT INTO journal (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`, columns.map((c) => original[c]));
      await expectAllValid();
    });

    it("names the gap's row as unlinked when the rows after a deleted one are renumbered", async () => {
      const rows = await sqlRows("SELECT * FROM journal WHERE stream = ? ORDER BY stream_seq", [VILLAGE.code]);
      const removed = rows[8]!;
      await sqlRows("DELETE FROM journal WHERE seq = ?", [removed.seq]);
      for (const r of rows.slice(9)) await sqlRows("UPDATE journal SET stream_seq = ? WHERE seq = ?", [Number(r.stream_seq) - 1, r.seq]);
      await expectVillageBroken(9, "unlinked");
      for (const r of rows.slice(9).reverse()) await sqlRows("UPDATE journal SET stream_seq = ? WHERE seq = ?", [r.stream_seq, r.seq]);
      const columns = Object.keys(removed);
      await sqlRows(`INSERT INTO journal (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`, columns.map((c) => removed[c]));
      await expectAllValid();
    });

    it("names the first of two rows whose contents were exchanged", async () => {
      const [k, next] = [await villageRow(7), await villageRow(8)];
      const set = `UPDATE journal SET ${CONTENT.map((c) => `${c} = ?`).join(", ")} WHERE seq = ?`;
      await sqlRows(set, [...CONTENT.map((c) => next[c]), k.seq]);
      await sqlRows(set, [...CONTENT.map((c) => k[c]), next.seq]);
      await expectVillageBroken(7, "changed");
      await restore(k);
      await restore(next);
      await expectAllValid();
    });

    it("names the first of two rows whose stream_seq were exchanged as reordered", async () => {
      const [k, next] = [await villageRow(7), await villageRow(8)];
      await sqlRows("UPDATE journal SET stream_seq = 1000000 WHERE seq = ?", [k.seq]);
      await sqlRows("UPDATE journal SET stream_seq = 7 WHERE seq = ?", [next.seq]);
      await sqlRows("UPDATE journal SET stream_seq = 8 WHERE seq = ?", [k.seq]);
      await expectVillageBroken(7, "reordered");
      await sqlRows("UPDATE journal SET stream_seq = 1000000 WHERE seq = ?", [k.seq]);
      await restore(next);
      await restore(k);
      await expectAllValid();
    });

    it.each([
      ["data_json stored as a BLOB", "data_json = x'00ff'"],
      ["recorded_at_ms stored as text", "recorded_at_ms = 'abc'"],
      ["recorded_at_ms beyond 2^53", "recorded_at_ms = 9223372036854775807"],
      ["stream_seq stored as text", "stream_seq = 'three'"],
    ])("answers 200 with the row unreadable when %s", async (_name, assignment) => {
      const original = await villageRow(3);
      await sqlRows(`UPDATE journal SET ${assignment} WHERE seq = ?`, [original.seq]);
      const v = await verify();
      expect(v.valid).toBe(false);
      const village = streamOf(v, VILLAGE.code);
      expect(village).toMatchObject({ valid: false, firstBadSeq: 3 });
      // text sorts after every integer: a stream_seq made text leaves a gap where the row was
      expect(village.problem).toBe(assignment.startsWith("stream_seq") ? "missing" : "unreadable");
      expect(v.streams.filter((s) => !s.valid).map((s) => s.stream)).toEqual([VILLAGE.code]);
      await restore(original);
      await expectAllValid();
    });

    it("names a collective whose whole stream is gone as missing", async () => {
      const rows = await sqlRows("SELECT * FROM journal WHERE stream = ? ORDER BY stream_seq", [GROUP.code]);
      await sqlRows("DELETE FROM journal WHERE stream = ?", [GROUP.code]);
      const v = await verify("", tokens.bureauGroup);
      expect(v).toMatchObject({ valid: false, events: 0 });
      expect(v.streams).toEqual([{ stream: GROUP.code, collectiveCode: GROUP.code, events: 0, headHash: null, valid: false, firstBadSeq: 1, problem: "missing" }]);
      for (const row of rows) {
        const columns = Object.keys(row);
        await sqlRows(`INSERT INTO journal (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`, columns.map((c) => row[c]));
      }
      await expectAllValid();
    });
  });

  describe("rejects", () => {
    it("answers a registrar asking for another collective with 404 collective_not_found", async () => {
      expectProblem(await world.request("GET", `/v1/journal/verification?collectiveCode=${GROUP.code}`, { token: tokens.registrar }), 404, "collective_not_found");
    });

    it("answers a bureau asking for a collective outside its prefix with 404 collective_not_found", async () => {
      expectProblem(await world.request("GET", `/v1/journal/verification?collectiveCode=${VILLAGE.code}`, { token: tokens.bureauGroup }), 404, "collective_not_found");
    });

    it("answers an unknown collective with 404 collective_not_found", async () => {
      expectProblem(await world.request("GET", "/v1/journal/verification?collectiveCode=N2371083MA0QW7T999"), 404, "collective_not_found");
    });

    it("refuses an unknown parameter with 400 validation_failed", async () => {
      expectProblem(await world.request("GET", "/v1/journal/verification?stream=x"), 400, "validation_failed");
    });
  });

  runSecurityCases({
    world: () => world,
    method: "GET",
    path: () => "/v1/journal/verification",
    refused: async () => [{ name: "holder", token: tokens.holder, status: 403, code: "forbidden" }],
  });
});

describe("GET /v1/journal/verification with one database per county", () => {
  let routed: World;
  beforeAll(async () => {
    routed = await createWorld(undefined, { counties: ["371083", "370114"] });
    for (const collective of [VILLAGE, GROUP]) {
      const res = await routed.request("POST", "/v1/collectives", { body: { ...collective, rules: { noticeDays: 0 } } });
      expect(res.status, res.text).toBe(201);
      const person = await routed.request("POST", "/v1/persons", { body: { idNumber: idNumber(collective === VILLAGE ? 1 : 2), name: "成员", regionCode: collective.regionCode } });
      expect(person.status, person.text).toBe(201);
      const admitted = await routed.request("POST", `/v1/collectives/${collective.code}/members`, { body: { personId: person.body.id, joinedOn: "2020-01-01", basis: "original" } });
      expect(admitted.status, admitted.text).toBe(201);
    }
  });
  afterAll(() => routed.close());

  it("verifies the streams of every county database and of the directory", async () => {
    const res = await routed.request("GET", "/v1/journal/verification");
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ valid: true, partial: false, unavailable: [] });
    const streams = res.body.streams as StreamVerdict[];
    expect(streams.filter((s) => s.collectiveCode !== null).map((s) => [s.stream, s.events])).toEqual([
      [GROUP.code, 2],
      [VILLAGE.code, 2],
    ]);
    expect(streams.filter((s) => s.stream.startsWith("person:"))).toHaveLength(2);
    const bureau = await routed.request("GET", "/v1/journal/verification", { token: await createToken(routed, { role: "bureau", regionPrefix: "371083" }) });
    expect((bureau.body.streams as StreamVerdict[]).map((s) => s.stream)).toEqual([VILLAGE.code]);
  });

  it("finds a row changed in a county's database", async () => {
    const county = routed.counties["371083"]!.client;
    for (const name of ["journal_no_update"]) await county.execute(`DROP TRIGGER IF EXISTS ${name}`);
    const [row] = (await county.execute({ sql: "SELECT seq, data_json FROM journal WHERE stream = ? AND stream_seq = 2", args: [VILLAGE.code] })).rows;
    await county.execute({ sql: "UPDATE journal SET data_json = ? WHERE seq = ?", args: ['{"joinedOn":"1990-01-01"}', row!.seq as number] });
    const res = await routed.request("GET", `/v1/journal/verification?collectiveCode=${VILLAGE.code}`);
    expect(res.body).toMatchObject({ valid: false, streams: [{ stream: VILLAGE.code, valid: false, firstBadSeq: 2, problem: "changed" }] });
    await county.execute({ sql: "UPDATE journal SET data_json = ? WHERE seq = ?", args: [row!.data_json as string, row!.seq as number] });
    expect((await routed.request("GET", "/v1/journal/verification")).body.valid).toBe(true);
  });

  it("answers partial: true, naming the county whose database does not answer", async () => {
    const down = new Proxy({}, {
      get() {
        throw new Error("county database unreachable");
      },
    }) as Db;
    const app = createApp({
      db: routed.tdb.db,
      router: new Router(routed.tdb.db, [
        { prefix: "370114", name: "370114", db: down },
        { prefix: "371083", name: "371083", db: routed.counties["371083"]!.db },
      ]),
      idKey: routed.idKey,
      clock: routed.clock,
      ids: createIdFactory(() => routed.clock.nowMs()),
      keyring: await testKeyring(),
    });
    const res = await routed.requestOn(app, "GET", "/v1/journal/verification");
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ valid: true, partial: true, unavailable: ["370114"] });
    expect((res.body.streams as StreamVerdict[]).map((s) => s.stream)).not.toContain(GROUP.code);
    expect((res.body.streams as StreamVerdict[]).map((s) => s.stream)).toContain(VILLAGE.code);
  });
});
