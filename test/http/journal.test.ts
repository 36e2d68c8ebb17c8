import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createToken,
  expectProblem,
  GROUP,
  idNumber,
  member,
  recordResolution,
  registerCollective,
  registerHousehold,
  VILLAGE,
} from "../support/fixtures.js";
import { runSecurityCases } from "../support/security.js";
import { createWorld, TODAY, type World } from "../support/world.js";

/**
 * GET /v1/journal: the append-only journal, in the order of its global `seq`. The world holds two collectives in
 * two counties (VILLAGE in 371083, GROUP in 370114), persons, members, a household, hukou facts, tokens, and one
 * transfer walked through objection, approval and payment, so that every kind of stream has events.
 */
interface Event {
  seq: number;
  stream: string;
  streamSeq: number;
  collectiveCode: string | null;
  type: string;
  actor: string;
  subject: string;
  data: Record<string, unknown>;
  recordedAt: string;
}

let world: World;
let tokens: Record<"registrar" | "bureauVillage" | "bureauGroup" | "bureauProvince" | "holder", string>;
let registrarTokenId: string;
let transferId: string;
const ID_NUMBERS = [1, 2, 3, 4, 5].map((i) => idNumber(i));
const GROUP_ID_NUMBER = idNumber(6, { female: true });

async function read(query = "", token?: string) {
  const res = await world.request("GET", `/v1/journal${query ? `?${query}` : ""}`, { token });
  expect(res.status, res.text).toBe(200);
  return res.body as { events: Event[]; nextCursor: string | null };
}

/** Every page of a query, followed by `nextCursor`. */
async function readAll(query: string, token?: string, limit = 1000) {
  const events: Event[] = [];
  let after: string | null = null;
  let pages = 0;
  do {
    const page = await read([query, `limit=${limit}`, after ? `after=${after}` : ""].filter(Boolean).join("&"), token);
    events.push(...page.events);
    after = page.nextCursor;
    pages++;
  } while (after !== null && pages < 1000);
  return { events, pages };
}

beforeAll(async () => {
  world = await createWorld();
  await registerCollective(world, VILLAGE, { noticeDays: 0 });
  await registerCollective(world, GROUP, { noticeDays: 0 });

  const persons = [];
  for (const [i, n] of ID_NUMBERS.entries()) {
    const res = await world.request("POST", "/v1/persons", { body: { idNumber: n, name: `村民${i + 1}` } });
    expect(res.status, res.text).toBe(201);
    persons.push(res.body as { id: string });
  }
  // a repeat and a refused mismatch: neither may leave the number behind
  expect((await world.request("POST", "/v1/persons", { body: { idNumber: ID_NUMBERS[0], name: "村民1" } })).status).toBe(200);
  expect((await world.request("POST", "/v1/persons", { body: { idNumber: ID_NUMBERS[0], name: "别人" } })).status).toBe(409);
  expect((await world.request("POST", "/v1/persons/lookup", { body: { idNumber: ID_NUMBERS[1] } })).status).toBe(200);

  const [seller, buyer, neighbour] = persons as [{ id: string }, { id: string }, { id: string }];
  for (const p of persons) {
    const admitted = await world.request("POST", `/v1/collectives/${VILLAGE.code}/members`, { body: { personId: p.id, joinedOn: "2020-01-01", basis: "original" } });
    expect(admitted.status, admitted.text).toBe(201);
  }
  const hukou = await world.request("POST", `/v1/persons/${seller.id}/household-registrations`, { body: { kind: "urban", regionCode: "370102", effectiveOn: "2025-06-01" } });
  expect(hukou.status, hukou.text).toBe(201);
  await registerHousehold(world, VILLAGE, 1, [{ personId: neighbour.id }]);
  await recordResolution(world, VILLAGE.code, ["equity-issuance"], { ref: "成员大会决议〔2020〕2号" });
  const issued = await world.request("POST", `/v1/collectives/${VILLAGE.code}/equity/issuances`, {
    body: { resolutionRef: "成员大会决议〔2020〕2号", allocations: [{ personId: seller.id, shareClass: "population", shares: "12" }] },
  });
  expect(issued.status, issued.text).toBe(201);

  const registrar = await world.request("POST", "/v1/tokens", { body: { role: "registrar", collectiveCode: VILLAGE.code } });
  expect(registrar.status, registrar.text).toBe(201);
  registrarTokenId = registrar.body.id;
  tokens = {
    registrar: registrar.body.token,
    bureauVillage: await createToken(world, { role: "bureau", regionPrefix: "371083" }),
    bureauGroup: await createToken(world, { role: "bureau", regionPrefix: "370114" }),
    bureauProvince: await createToken(world, { role: "bureau", regionPrefix: "37" }),
    holder: await createToken(world, { role: "holder", personId: seller.id }),
  };

  const applied = await world.request("POST", "/v1/transfers", {
    token: tokens.holder,
    body: { kind: "equity", collectiveCode: VILLAGE.code, from: { personId: seller.id }, to: { personId: buyer.id }, shares: "5", price: "30000.00", agreementSignedOn: "2026-11-20" },
  });
  expect(applied.status, applied.text).toBe(201);
  transferId = applied.body.id;
  const step = (path: string, body: unknown) => world.request("POST", `/v1/transfers/${transferId}/${path}`, { body, token: tokens.registrar });
  const objected = await step("objections", { objectorName: "王五", grounds: "有异议" });
  expect(objected.status, objected.text).toBe(201);
  for (const [path, body] of [
    [`objections/${objected.body.objections[0].id}/resolution`, { outcome: "dismissed", note: "不成立" }],
    ["approval", { resolutionRef: "理事会决定〔2026〕9号", decidedOn: TODAY }],
    ["payment", { amount: "30000.00", paidOn: TODAY, reference: "农商银行 0001" }],
  ] as const) {
    const res = await step(path, body);
    expect(res.status, res.text).toBe(200);
  }

  // GROUP, in another county: a member of its own
  const groupPerson = await world.request("POST", "/v1/persons", { body: { idNumber: GROUP_ID_NUMBER, name: "组员" } });
  expect(groupPerson.status, groupPerson.text).toBe(201);
  expect((await world.request("POST", `/v1/collectives/${GROUP.code}/members`, { body: { personId: groupPerson.body.id, joinedOn: "2020-01-01", basis: "original" } })).status).toBe(201);
  await member(world, GROUP.code, 7, "组员7");
  await registerHousehold(world, GROUP as unknown as typeof VILLAGE, 1, [{ personId: groupPerson.body.id }]);
});
afterAll(() => world.close());

describe("GET /v1/journal", () => {
  describe("accepts", () => {
    it("gives admin every event, in seq order, each stream numbered from 1 without gap", async () => {
      const { events } = await readAll("");
      expect(events.length).toBeGreaterThan(30);
      for (let i = 1; i < events.length; i++) expect(events[i]!.seq).toBeGreaterThan(events[i - 1]!.seq);
      const byStream = new Map<string, number[]>();
      for (const e of events) byStream.set(e.stream, [...(byStream.get(e.stream) ?? []), e.streamSeq]);
      for (const [stream, seqs] of byStream) expect(seqs, stream).toEqual(seqs.map((_, i) => i + 1));
      const collectives = new Set(events.map((e) => e.collectiveCode));
      expect(collectives).toEqual(new Set([VILLAGE.code, GROUP.code, null]));
      expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(["collective.registered", "person.registered", "member.admitted", "token.created", "transfer.registered"]));
    });

    it("journals each step of a transfer once, in order, on the collective's stream, naming the token that made it", async () => {
      const { events } = await readAll(`collectiveCode=${VILLAGE.code}`);
      const steps = events.filter((e) => e.subject === transferId);
      expect(steps.map((e) => e.type)).toEqual(["transfer.applied", "transfer.objection_lodged", "transfer.objection_dismissed", "transfer.approved", "transfer.registered"]);
      expect(steps.every((e) => e.stream === VILLAGE.code && e.collectiveCode === VILLAGE.code)).toBe(true);
      expect(steps.slice(1).every((e) => e.actor === registrarTokenId)).toBe(true);
      expect(steps[4]).toMatchObject({ data: { status: "registered", amount: "30000.00", effectiveOn: TODAY } });
      expect(Number.isNaN(Date.parse(steps[0]!.recordedAt))).toBe(false);
    });

    it("gives a registrar its collective's events only, with or without collectiveCode", async () => {
      const own = await readAll("", tokens.registrar);
      expect(own.events.length).toBeGreaterThan(10);
      expect(own.events.every((e) => e.collectiveCode === VILLAGE.code)).toBe(true);
      const named = await readAll(`collectiveCode=${VILLAGE.code}`, tokens.registrar);
      expect(named.events).toEqual(own.events);
      const admin = await readAll(`collectiveCode=${VILLAGE.code}`);
      expect(admin.events).toEqual(own.events);
    });

    it("gives a bureau the events of the collectives under its prefix only", async () => {
      const village = await readAll("", tokens.bureauVillage);
      expect(village.events.length).toBeGreaterThan(10);
      expect(village.events.every((e) => e.collectiveCode === VILLAGE.code)).toBe(true);
      const group = await readAll("", tokens.bureauGroup);
      expect(group.events.length).toBeGreaterThan(0);
      expect(group.events.every((e) => e.collectiveCode === GROUP.code)).toBe(true);
      const province = await readAll("", tokens.bureauProvince);
      expect(new Set(province.events.map((e) => e.collectiveCode))).toEqual(new Set([VILLAGE.code, GROUP.code]));
      expect(province.events.length).toBe(village.events.length + group.events.length);
      const named = await readAll(`collectiveCode=${GROUP.code}`, tokens.bureauProvince);
      expect(named.events).toEqual(group.events);
    });

    it("pages with after and limit: the pages join without gap or repeat, and the last has no nextCursor", async () => {
      const whole = await readAll("");
      const paged = await readAll("", undefined, 7);
      expect(paged.events).toEqual(whole.events);
      expect(paged.pages).toBe(Math.ceil(whole.events.length / 7));
      const first = await read("limit=7");
      expect(first.events).toHaveLength(7);
      expect(first.nextCursor).toBe(String(first.events[6]!.seq));
      const last = whole.events[whole.events.length - 1]!;
      expect(await read(`after=${last.seq}`)).toEqual({ events: [], nextCursor: null });
      expect((await read(`after=${last.seq - 1}`)).events.map((e) => e.seq)).toEqual([last.seq]);
    });

    it("pages within one collective", async () => {
      const whole = await readAll(`collectiveCode=${VILLAGE.code}`);
      const paged = await readAll(`collectiveCode=${VILLAGE.code}`, tokens.registrar, 4);
      expect(paged.events).toEqual(whole.events);
      expect(paged.pages).toBeGreaterThan(2);
    });

    it("carries no ID number anywhere, in any event", async () => {
      const { events } = await readAll("");
      expect(events.filter((e) => e.type === "person.registered")).toHaveLength(ID_NUMBERS.length + 1 + 1); // + the GROUP member + member 7
      for (const e of events) {
        const json = JSON.stringify(e);
        for (const n of [...ID_NUMBERS, GROUP_ID_NUMBER, idNumber(7)]) {
          expect(json, `${e.type} ${e.subject}`).not.toContain(n);
          expect(json, `${e.type} ${e.subject}`).not.toContain(n.slice(0, 17));
        }
      }
    });
  });

  describe("rejects", () => {
    it("answers a registrar asking for another collective with 404 collective_not_found", async () => {
      expectProblem(await world.request("GET", `/v1/journal?collectiveCode=${GROUP.code}`, { token: tokens.registrar }), 404, "collective_not_found");
    });

    it("answers a bureau asking for a collective outside its prefix with 404 collective_not_found", async () => {
      expectProblem(await world.request("GET", `/v1/journal?collectiveCode=${VILLAGE.code}`, { token: tokens.bureauGroup }), 404, "collective_not_found");
    });

    it("answers an unknown collective with 404 collective_not_found", async () => {
      expectProblem(await world.request("GET", "/v1/journal?collectiveCode=N2371083MA0QW7T999"), 404, "collective_not_found");
    });

    it("refuses a holder token with 403 forbidden", async () => {
      expectProblem(await world.request("GET", "/v1/journal", { token: tokens.holder }), 403, "forbidden");
    });

    it.each([
      ["limit above 1,000", "limit=1001"],
      ["limit 0", "limit=0"],
      ["a negative cursor", "after=-1"],
      ["a cursor that is not a number", "after=abc"],
      ["an unknown parameter", "since=1"],
    ])("refuses %s with 400 validation_failed", async (_name, query) => {
      expectProblem(await world.request("GET", `/v1/journal?${query}`), 400, "validation_failed");
    });
  });

  runSecurityCases({ world: () => world, method: "GET", path: () => "/v1/journal" });
});
