import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_BODY_BYTES } from "../../src/app.js";
import {
  contractorCode,
  GROUP,
  idNumber,
  member,
  plotCode,
  recordResolution,
  registerCollective,
  registerHousehold,
  registerPerson,
  registerPlot,
  unitNumber,
  VILLAGE,
} from "../support/fixtures.js";
import { createWorld, type Res, type World } from "../support/world.js";

/**
 * Bad input of every kind, on every write route: whatever arrives, the answer is an RFC 9457 problem with a 4xx
 * status (never a 500), and nothing is written — not a row in any table.
 */
interface Route {
  name: string;
  method: "POST" | "PUT";
  path: (s: State) => string;
  /** A body the route accepts as it is (checked in "accepts" below on a twin world). */
  valid: (s: State) => Record<string, unknown>;
  /** Fields of the wrong JSON type, and the pointers the answer must name. */
  wrongTypes: Record<string, unknown>;
  wrongPointers: string[];
  /** Decimal quantities sent as JSON numbers (routes that take quantities only). */
  numbers?: Record<string, unknown>;
  numberPointers?: string[];
}

interface State {
  memberId: string;
  outsiderId: string;
  loneMemberId: string;
  /** A member who held 10 shares and died: what a succession needs. */
  deceasedId: string;
}

const NEW_ID_NUMBER = idNumber(30, { female: true });

const ROUTES: Route[] = [
  {
    name: "POST /v1/collectives",
    method: "POST",
    path: () => "/v1/collectives",
    valid: () => ({ ...GROUP, rules: { homesteadMaxAreaM2: "200", equityHoldingCapPercent: "3" } }),
    wrongTypes: { code: 12345, level: ["village"], rules: "none" },
    wrongPointers: ["#/code", "#/level", "#/rules"],
    numbers: { rules: { homesteadMaxAreaM2: 200, equityHoldingCapPercent: 3 } },
    numberPointers: ["#/rules/homesteadMaxAreaM2", "#/rules/equityHoldingCapPercent"],
  },
  {
    name: "PUT /v1/collectives/{code}/rules",
    method: "PUT",
    path: () => `/v1/collectives/${VILLAGE.code}/rules`,
    valid: () => ({ rules: { noticeDays: 10, homesteadMaxAreaM2: "180.5" }, resolutionRef: "成员大会决议〔2025〕2号", effectiveOn: "2025-01-01" }),
    wrongTypes: { rules: { noticeDays: "10" }, effectiveOn: 20250101 },
    wrongPointers: ["#/rules/noticeDays", "#/effectiveOn"],
    numbers: { rules: { homesteadMaxAreaM2: 180.5 } },
    numberPointers: ["#/rules/homesteadMaxAreaM2"],
  },
  {
    name: "POST /v1/persons",
    method: "POST",
    path: () => "/v1/persons",
    valid: () => ({ idNumber: NEW_ID_NUMBER, name: "赵新人" }),
    wrongTypes: { idNumber: 371083198506150611, name: { first: "新人" } },
    wrongPointers: ["#/idNumber", "#/name"],
  },
  {
    name: "POST /v1/persons/{personId}/household-registrations",
    method: "POST",
    path: (s) => `/v1/persons/${s.memberId}/household-registrations`,
    valid: () => ({ kind: "urban", regionCode: "370102", effectiveOn: "2024-03-01" }),
    wrongTypes: { kind: true, regionCode: 370102 },
    wrongPointers: ["#/kind", "#/regionCode"],
  },
  {
    name: "POST /v1/collectives/{code}/members",
    method: "POST",
    path: () => `/v1/collectives/${VILLAGE.code}/members`,
    valid: (s) => ({ personId: s.outsiderId, joinedOn: "2021-05-01", basis: "marriage", resolutionRef: "成员大会决议〔2025〕2号" }),
    wrongTypes: { personId: 7, joinedOn: "2021-02-30", basis: null },
    wrongPointers: ["#/personId", "#/joinedOn", "#/basis"],
  },
  {
    name: "POST /v1/collectives/{code}/members/{personId}/termination",
    method: "POST",
    path: (s) => `/v1/collectives/${VILLAGE.code}/members/${s.loneMemberId}/termination`,
    valid: () => ({ reason: "voluntary-exit", effectiveOn: "2025-06-01" }),
    wrongTypes: { reason: "moved-hukou", effectiveOn: ["2025-06-01"] },
    wrongPointers: ["#/reason", "#/effectiveOn"],
  },
  {
    name: "POST /v1/collectives/{code}/households",
    method: "POST",
    path: () => `/v1/collectives/${VILLAGE.code}/households`,
    valid: (s) => ({
      contractorCode: contractorCode(VILLAGE.issuerCode, 2),
      representativeId: s.loneMemberId,
      members: [{ personId: s.loneMemberId, relation: "head", coHolder: true }],
    }),
    wrongTypes: { contractorCode: 371083108201000002, members: [{ personId: "x", relation: "head", coHolder: "yes" }] },
    wrongPointers: ["#/contractorCode", "#/members/0/coHolder"],
  },
  {
    name: "POST /v1/collectives/{code}/plots",
    method: "POST",
    path: () => `/v1/collectives/${VILLAGE.code}/plots`,
    valid: () => ({
      plotCode: plotCode(VILLAGE.issuerCode, 2),
      areaMu: "2.3456",
      areaM2: "1563.73",
      landUse: "cropping",
      boundaries: { east: "路", south: "渠", west: "张家", north: "李家" },
    }),
    wrongTypes: { boundaries: "东至路", basicFarmland: "true" },
    wrongPointers: ["#/boundaries", "#/basicFarmland"],
    numbers: { areaMu: 2.3456, areaM2: 1563.73 },
    numberPointers: ["#/areaMu", "#/areaM2"],
  },
  {
    name: "POST /v1/collectives/{code}/land-contracts",
    method: "POST",
    path: () => `/v1/collectives/${VILLAGE.code}/land-contracts`,
    valid: () => ({
      contractCode: contractorCode(VILLAGE.issuerCode, 1) + "J",
      contractorCode: contractorCode(VILLAGE.issuerCode, 1),
      plotCodes: [plotCode(VILLAGE.issuerCode, 1)],
      startsOn: "1998-10-01",
      endsOn: "2028-09-30",
    }),
    wrongTypes: { plotCodes: plotCode(VILLAGE.issuerCode, 1), startsOn: 19981001 },
    wrongPointers: ["#/plotCodes", "#/startsOn"],
  },
  {
    name: "POST /v1/collectives/{code}/homesteads",
    method: "POST",
    path: () => `/v1/collectives/${VILLAGE.code}/homesteads`,
    valid: () => ({
      unitNumber: unitNumber(VILLAGE.regionCode, 1),
      contractorCode: contractorCode(VILLAGE.issuerCode, 1),
      areaM2: "150.00",
      approvedOn: "2020-04-01",
      origin: "grant",
    }),
    wrongTypes: { origin: 1, approvedOn: null },
    wrongPointers: ["#/origin", "#/approvedOn"],
    numbers: { areaM2: 150 },
    numberPointers: ["#/areaM2"],
  },
  {
    name: "POST /v1/collectives/{code}/equity/issuances",
    method: "POST",
    path: () => `/v1/collectives/${VILLAGE.code}/equity/issuances`,
    valid: (s) => ({ resolutionRef: "折股量化决议", allocations: [{ personId: s.memberId, shareClass: "population", shares: "12.5" }], collectiveShares: "30" }),
    wrongTypes: { allocations: { personId: "x" }, resolutionRef: 2020 },
    wrongPointers: ["#/allocations", "#/resolutionRef"],
    numbers: { allocations: [{ personId: "x", shareClass: "population", shares: 12.5 }], collectiveShares: 30 },
    numberPointers: ["#/allocations/0/shares", "#/collectiveShares"],
  },
  {
    name: "POST /v1/collectives/{code}/resolutions",
    method: "POST",
    path: () => `/v1/collectives/${VILLAGE.code}/resolutions`,
    valid: () => ({ ref: "成员大会决议〔2026〕1号", body: "general-meeting", heldOn: "2026-11-20", eligible: 30, present: 22, votesFor: 20, votesAgainst: 1, matters: ["distribution"] }),
    wrongTypes: { eligible: "30", matters: "distribution" },
    wrongPointers: ["#/eligible", "#/matters"],
  },
  {
    name: "POST /v1/collectives/{code}/equity/successions",
    method: "POST",
    path: () => `/v1/collectives/${VILLAGE.code}/equity/successions`,
    valid: (s) => ({ deceasedPersonId: s.deceasedId, heirs: [{ personId: s.memberId, shares: "10" }], evidenceRef: "继承公证书〔2026〕1号" }),
    wrongTypes: { heirs: { personId: "x" }, evidenceRef: 1 },
    wrongPointers: ["#/heirs", "#/evidenceRef"],
    numbers: { deceasedPersonId: "prs_x", heirs: [{ personId: "x", shares: 10 }], evidenceRef: "x" },
    numberPointers: ["#/heirs/0/shares"],
  },
  {
    name: "POST /v1/tokens",
    method: "POST",
    path: () => "/v1/tokens",
    valid: () => ({ role: "bureau", regionPrefix: "3710", label: "乳山市农业农村局" }),
    wrongTypes: { role: "root", regionPrefix: 3710 },
    wrongPointers: ["#/role", "#/regionPrefix"],
  },
];

/** The register every world of this file starts from: a village, two members (one in a household), an outsider, a plot. */
async function prepare(world: World): Promise<State> {
  await registerCollective(world, VILLAGE);
  const memberPerson = await member(world, VILLAGE.code, 1);
  const loneMember = await member(world, VILLAGE.code, 2);
  const outsider = await registerPerson(world, 3);
  await registerHousehold(world, VILLAGE, 1, [{ personId: memberPerson.id }]);
  await registerPlot(world, VILLAGE, 1);
  await recordResolution(world, VILLAGE.code, ["member-confirmation", "rules-change"], { ref: "成员大会决议〔2025〕2号" });
  await recordResolution(world, VILLAGE.code, ["equity-issuance"], { ref: "折股量化决议" });
  const deceased = await member(world, VILLAGE.code, 4);
  const issued = await world.request("POST", `/v1/collectives/${VILLAGE.code}/equity/issuances`, {
    body: { resolutionRef: "折股量化决议", allocations: [{ personId: deceased.id, shareClass: "population", shares: "10" }] },
  });
  expect(issued.status, issued.text).toBe(201);
  const died = await world.request("POST", `/v1/collectives/${VILLAGE.code}/members/${deceased.id}/termination`, { body: { reason: "death", effectiveOn: "2026-11-01" } });
  expect(died.status, died.text).toBe(200);
  return { memberId: memberPerson.id, outsiderId: outsider.id, loneMemberId: loneMember.id, deceasedId: deceased.id };
}

let world: World;
let state: State;
beforeAll(async () => {
  world = await createWorld();
  state = await prepare(world);
});
afterAll(() => world.close());

async function rowCounts(w: World): Promise<Record<string, number>> {
  const tables = await w.tdb.client.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND substr(name, 1, 4) <> '_cf_' AND name <> 'd1_migrations' ORDER BY name");
  const counts: Record<string, number> = {};
  for (const t of tables.rows) {
    const name = String(t.name);
    counts[name] = Number((await w.tdb.client.execute(`SELECT COUNT(*) AS n FROM "${name}"`)).rows[0]!.n);
  }
  return counts;
}

/** Sends a request that must be refused: a 4xx problem+json, and not a row added or removed anywhere. */
async function refused(send: () => Promise<Res>, status: number, code: string): Promise<Res> {
  const before = await rowCounts(world);
  const res = await send();
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, code, type: `/problems/${code}` });
  expect(res.body.requestId).toMatch(/^req_/);
  expect(await rowCounts(world)).toEqual(before);
  return res;
}

const send = (route: Route, opts: Parameters<World["request"]>[2]) => () => world.request(route.method, route.path(state), opts);

describe("the valid bodies used below", () => {
  it.each(ROUTES.map((r) => [r.name, r] as const))("%s accepts its valid body as it is, and writes", async (_name, route) => {
    const twin = await createWorld();
    try {
      const twinState = await prepare(twin);
      const before = await rowCounts(twin);
      const res = await twin.request(route.method, route.path(twinState), { body: route.valid(twinState) });
      expect([200, 201], res.text).toContain(res.status);
      expect(await rowCounts(twin)).not.toEqual(before);
    } finally {
      twin.close();
    }
  });
});

describe("bad input on every write route", () => {
  const cases = ROUTES.map((r) => [r.name, r] as const);

  it.each(cases)("%s refuses malformed JSON with 400 malformed_json", async (_name, route) => {
    for (const rawBody of ["{", '{"name": "x",}', "{'name': 'x'}", '{"name": "x"} trailing', "NaN", ""]) {
      await refused(send(route, { rawBody }), 400, "malformed_json");
    }
  });

  it.each(cases)("%s refuses a JSON array, string, number or null as the body with 400 validation_failed at #", async (_name, route) => {
    for (const rawBody of [JSON.stringify([route.valid(state)]), '"a string"', "42", "null", "true"]) {
      const res = await refused(send(route, { rawBody }), 400, "validation_failed");
      expect(res.body.errors).toContainEqual(expect.objectContaining({ pointer: "#" }));
    }
  });

  it.each(cases)("%s refuses fields of the wrong type with 400 and a pointer to each", async (_name, route) => {
    const res = await refused(send(route, { body: { ...route.valid(state), ...route.wrongTypes } }), 400, "validation_failed");
    const pointers = res.body.errors.map((e: { pointer: string }) => e.pointer);
    for (const p of route.wrongPointers) expect(pointers).toContain(p);
  });

  it.each(cases)("%s refuses a body without its required fields with 400 and a pointer to each", async (_name, route) => {
    const res = await refused(send(route, { body: {} }), 400, "validation_failed");
    expect(res.body.errors.length).toBeGreaterThan(0);
    for (const e of res.body.errors) expect(e.pointer).toMatch(/^#\/[A-Za-z0-9]+$/);
  });

  it.each(ROUTES.filter((r) => r.numbers).map((r) => [r.name, r] as const))(
    "%s refuses decimal quantities sent as JSON numbers with 400 and a pointer to each",
    async (_name, route) => {
      const res = await refused(send(route, { body: { ...route.valid(state), ...route.numbers } }), 400, "validation_failed");
      const pointers = res.body.errors.map((e: { pointer: string }) => e.pointer);
      for (const p of route.numberPointers!) expect(pointers).toContain(p);
    },
  );

  it.each(cases)("%s refuses an unknown field with 400 and a pointer to that field", async (_name, route) => {
    const res = await refused(send(route, { body: { ...route.valid(state), idempotencyKey: "k-1" } }), 400, "validation_failed");
    expect(res.body.errors).toEqual([{ pointer: "#/idempotencyKey", detail: expect.any(String) }]);
  });

  it.each(cases)("%s refuses a body without Content-Type, or as text/plain, with 415 unsupported_media_type", async (_name, route) => {
    const json = JSON.stringify(route.valid(state));
    await refused(
      async () => {
        const r = await world.app.request(route.path(state), {
          method: route.method,
          headers: { Authorization: `Bearer ${world.adminToken}` },
          body: new TextEncoder().encode(json), // bytes: no Content-Type is added
        });
        const text = await r.text();
        return { status: r.status, headers: r.headers, text, body: JSON.parse(text) };
      },
      415,
      "unsupported_media_type",
    );
    await refused(send(route, { rawBody: json, headers: { "Content-Type": "text/plain" } }), 415, "unsupported_media_type");
    await refused(send(route, { rawBody: json, headers: { "Content-Type": "application/x-www-form-urlencoded" } }), 415, "unsupported_media_type");
  });

  it.each(cases)("%s refuses a body over 256 KiB with 413 payload_too_large", async (_name, route) => {
    const body = { ...route.valid(state), padding: "x".repeat(MAX_BODY_BYTES) };
    await refused(send(route, { body }), 413, "payload_too_large");
  });
});

describe("bad input elsewhere", () => {
  it.each([
    ["POST", "/v1/nothing"],
    ["GET", "/v1/collectives/N2371083MA0QW7T334/shareholders"],
    ["DELETE", "/v1/persons"],
    ["PATCH", "/v1/collectives/N2371083MA0QW7T334"],
    ["GET", "/v2/collectives"],
  ])("answers %s %s with 404 route_not_found", async (method, path) => {
    await refused(() => world.request(method, path, method === "GET" ? {} : { body: {} }), 404, "route_not_found");
  });

  it("refuses an unknown query parameter and a bad enum value with 400 and pointers", async () => {
    const res = await refused(() => world.request("GET", `/v1/collectives/${VILLAGE.code}/members?status=gone&page=2`), 400, "validation_failed");
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(["#/page", "#/status"]);
  });

  it("refuses an over-long path parameter with 400 and a pointer to it", async () => {
    const res = await refused(() => world.request("GET", `/v1/collectives/${"N".repeat(41)}/equity`), 400, "validation_failed");
    expect(res.body.errors).toContainEqual(expect.objectContaining({ pointer: "#/code" }));
  });

  it("names __proto__ and constructor as unknown fields instead of merging them", async () => {
    const rawBody = `{"idNumber":"${NEW_ID_NUMBER}","name":"赵新人","__proto__":{"role":"admin"},"constructor":{"name":"x"}}`;
    const res = await refused(() => world.request("POST", "/v1/persons", { rawBody }), 400, "validation_failed");
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(["#/__proto__", "#/constructor"]);
  });

  it("refuses deeply nested JSON without falling over", async () => {
    const rawBody = "[".repeat(100_000) + "]".repeat(100_000);
    await refused(() => world.request("POST", "/v1/persons", { rawBody }), 400, "validation_failed");
  });

  it("never echoes a resident ID number in a refusal", async () => {
    const answers = [
      await refused(() => world.request("POST", "/v1/persons", { body: { idNumber: NEW_ID_NUMBER, name: 5 } }), 400, "validation_failed"),
      await refused(() => world.request("POST", "/v1/persons", { body: { idNumber: NEW_ID_NUMBER, name: "赵新人", note: NEW_ID_NUMBER } }), 400, "validation_failed"),
      await refused(() => world.request("POST", "/v1/persons", { body: { idNumber: NEW_ID_NUMBER, name: "赵新人", idType: NEW_ID_NUMBER } }), 400, "validation_failed"),
      await refused(() => world.request("POST", "/v1/persons", { rawBody: `{"idNumber":"${NEW_ID_NUMBER}",` }), 400, "malformed_json"),
      await refused(
        () => world.request("POST", "/v1/persons", { body: { idNumber: NEW_ID_NUMBER.slice(0, 17) + (NEW_ID_NUMBER.endsWith("1") ? "2" : "1"), name: "赵新人" } }),
        422,
        "id_number_check_character_mismatch",
      ),
    ];
    for (const res of answers) {
      expect(res.text).not.toContain(NEW_ID_NUMBER);
      expect(res.text).not.toContain(NEW_ID_NUMBER.slice(0, 17));
    }
  });
});
