import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  contractorCode,
  createToken,
  expectProblem,
  GROUP,
  idNumber,
  member,
  recordResolution,
  registerCollective,
  registerHousehold,
  unitNumber,
  VILLAGE,
} from "../support/fixtures.js";
import { runSecurityCases } from "../support/security.js";
import { createWorld, TODAY, type World } from "../support/world.js";

/**
 * VILLAGE caps homesteads at 200 m² from its registration on. GROUP did too, until a resolution lowered its cap
 * to 166 m² from 2025-01-01. Each test owns its household and unit sequences, so that no test depends on
 * another: 1–9 accepts, 10–19 rejects, 20–29 reads, 30–39 security.
 */
let world: World;
let tokens: Record<"registrarVillage" | "registrarGroup" | "bureauIn" | "bureauOut" | "holderOther", string>;

type Collective = typeof VILLAGE | typeof GROUP;
const homesteadsPath = (collective: Collective = VILLAGE) => `/v1/collectives/${collective.code}/homesteads`;
const unit = (seq: number, collective: Collective = VILLAGE) => unitNumber(collective.regionCode, seq);
const grant = (householdSeq: number, unitSeq: number, change: Record<string, unknown> = {}, collective: Collective = VILLAGE) => ({
  unitNumber: unit(unitSeq, collective),
  contractorCode: contractorCode(collective.issuerCode, householdSeq),
  areaM2: "180.5",
  approvedOn: "2024-05-01",
  origin: "grant",
  ...change,
});

/** A household whose representative is a new member, and (optionally) a spouse who is a member too. */
async function household(seq: number, opts: { spouse?: boolean; collective?: Collective } = {}) {
  const collective = opts.collective ?? VILLAGE;
  const offset = collective === VILLAGE ? 100 : 300;
  const head = await member(world, collective.code, offset + seq, `户主${seq}`);
  const spouse = opts.spouse ? await member(world, collective.code, 200 + seq, `配偶${seq}`) : null;
  // registerHousehold reads only the code and issuer code; its parameter is typed after VILLAGE.
  await registerHousehold(world, collective as typeof VILLAGE, seq, [{ personId: head.id }, ...(spouse ? [{ personId: spouse.id }] : [])]);
  return { head, spouse };
}

async function post(body: Record<string, unknown>, opts: { collective?: Collective; token?: string } = {}) {
  return world.request("POST", homesteadsPath(opts.collective), { body, token: opts.token });
}

async function expectNothingAt(unitNo: string) {
  expectProblem(await world.request("GET", `/v1/homesteads/${unitNo}`), 404, "homestead_not_found");
}

beforeAll(async () => {
  world = await createWorld();
  await registerCollective(world, VILLAGE, { homesteadMaxAreaM2: "200" });
  await registerCollective(world, GROUP, { homesteadMaxAreaM2: "200" });
  await recordResolution(world, GROUP.code, ["rules-change"], { ref: "成员大会决议〔2024〕7号", heldOn: "2024-12-20" });
  const lowered = await world.request("PUT", `/v1/collectives/${GROUP.code}/rules`, {
    body: { rules: { homesteadMaxAreaM2: "166" }, resolutionRef: "成员大会决议〔2024〕7号", effectiveOn: "2025-01-01" },
  });
  expect(lowered.status, lowered.text).toBe(200);
  const outsider = await member(world, VILLAGE.code, 1, "张三");
  tokens = {
    registrarVillage: await createToken(world, { role: "registrar", collectiveCode: VILLAGE.code }),
    registrarGroup: await createToken(world, { role: "registrar", collectiveCode: GROUP.code }),
    bureauIn: await createToken(world, { role: "bureau", regionPrefix: "371083" }),
    bureauOut: await createToken(world, { role: "bureau", regionPrefix: "370114" }),
    holderOther: await createToken(world, { role: "holder", personId: outsider.id }),
  };
  // For the shape rejections: a registered household, so that only the refused fact is wrong (11).
  await household(11);
  // For the repeats with other facts: a registered grant (16).
  await household(16);
  const registered = await post(grant(16, 16));
  expect(registered.status, registered.text).toBe(201);
  // For the security cases: a household to write for (30), a registered homestead to read (31).
  await household(30);
  await household(31);
  const readable = await post(grant(31, 31));
  expect(readable.status, readable.text).toBe(201);
});
afterAll(() => world.close());

describe("POST /v1/collectives/{code}/homesteads", () => {
  describe("accepts", () => {
    it('registers a grant within the cap with maxAreaM2 "200.00" and no annotations', async () => {
      await household(1);
      const res = await post(grant(1, 1, { approvalRef: "乳宅批〔2024〕015号" }));
      expect(res.status, res.text).toBe(201);
      expect(res.body).toEqual({
        unitNumber: unit(1),
        collectiveCode: VILLAGE.code,
        contractorCode: contractorCode(VILLAGE.issuerCode, 1),
        areaM2: "180.50",
        maxAreaM2: "200.00",
        approvedOn: "2024-05-01",
        origin: "grant",
        approvalRef: "乳宅批〔2024〕015号",
        status: "active",
        annotations: [],
      });
      // The GET answers the same facts, with the household's title from the approval date and its certificate.
      const read = await world.request("GET", `/v1/homesteads/${unit(1)}`);
      expect(read.body).toEqual({
        ...res.body,
        asOf: "2026-11-27",
        recordedAsOf: null,
        title: expect.objectContaining({ holder: expect.objectContaining({ kind: "household", id: contractorCode(VILLAGE.issuerCode, 1) }), validFrom: "2024-05-01", validTo: null, act: "first-registration", certificateNo: `${unit(1)}-0001` }),
        encumbrances: [],
      });
    });

    it("registers a grant of exactly the cap, approved today (China Standard Time)", async () => {
      await household(2);
      const res = await post(grant(2, 2, { areaM2: "200", approvedOn: TODAY }));
      expect(res.status, res.text).toBe(201);
      expect(res.body).toMatchObject({ areaM2: "200.00", maxAreaM2: "200.00", approvedOn: TODAY, annotations: [] });
    });

    it("registers an existing homestead over the cap, with an over-area annotation", async () => {
      await household(3);
      const res = await post(grant(3, 3, { areaM2: "264", origin: "existing", approvedOn: "1992-03-01" }));
      expect(res.status, res.text).toBe(201);
      expect(res.body).toMatchObject({ areaM2: "264.00", maxAreaM2: "200.00", origin: "existing" });
      expect(res.body.annotations).toEqual([{ code: "over-area", text: expect.stringContaining("264.00") }]);
      expect(res.body.annotations[0].text).toContain("200.00");
    });

    it("registers an existing second homestead of a household, with a multiple-homesteads annotation and the clerk's note", async () => {
      await household(4);
      expect((await post(grant(4, 4))).status).toBe(201);
      const note = "该权利人为本农民集体原成员住宅的合法继承人";
      const res = await post(grant(4, 5, { origin: "existing", approvedOn: "2001-06-30", note }));
      expect(res.status, res.text).toBe(201);
      expect(res.body.annotations).toEqual([
        { code: "multiple-homesteads", text: expect.any(String) },
        { code: "note", text: note },
      ]);
      const household4 = await world.request("GET", `/v1/households/${contractorCode(VILLAGE.issuerCode, 4)}`);
      expect(household4.body.homesteads).toEqual([unit(4), unit(5)]);
    });

    it("answers the same facts again with 200 and the stored homestead", async () => {
      await household(5);
      const first = await post(grant(5, 6, { areaM2: "150.00", note: "备注" }));
      expect(first.status, first.text).toBe(201);
      const again = await post(grant(5, 6, { areaM2: "150", note: "备注" }));
      expect(again.status, again.text).toBe(200);
      expect(again.body).toEqual(first.body);
    });

    it("lets the collective's registrar register a homestead", async () => {
      await household(6);
      const res = await post(grant(6, 7), { token: tokens.registrarVillage });
      expect(res.status, res.text).toBe(201);
    });

    it("applies the cap in force on approvedOn: the old cap before a resolution takes effect, the new one from that day", async () => {
      await household(1, { collective: GROUP });
      await household(2, { collective: GROUP });
      const before = await post(grant(1, 1, { areaM2: "190", approvedOn: "2024-12-31" }, GROUP), { collective: GROUP });
      expect(before.status, before.text).toBe(201);
      expect(before.body).toMatchObject({ maxAreaM2: "200.00", annotations: [] });

      const after = await post(grant(2, 2, { areaM2: "190", approvedOn: "2025-01-01" }, GROUP), { collective: GROUP });
      expectProblem(after, 409, "homestead_area_exceeds_cap");
      expect(after.body.detail).toContain("166.00");
      await expectNothingAt(unit(2, GROUP));

      const within = await post(grant(2, 2, { areaM2: "166", approvedOn: "2025-01-01" }, GROUP), { collective: GROUP });
      expect(within.status, within.text).toBe(201);
      expect(within.body).toMatchObject({ maxAreaM2: "166.00", annotations: [] });
    });
  });

  describe("rejects", () => {
    it("refuses a grant over the cap with 409 homestead_area_exceeds_cap and writes nothing", async () => {
      await household(10);
      const res = await post(grant(10, 10, { areaM2: "200.01" }));
      expectProblem(res, 409, "homestead_area_exceeds_cap");
      await expectNothingAt(unit(10));
    });

    it("refuses a second grant for the same household with 409 household_already_has_homestead", async () => {
      await household(12);
      expect((await post(grant(12, 12))).status).toBe(201);
      const res = await post(grant(12, 13, { areaM2: "100" }));
      expectProblem(res, 409, "household_already_has_homestead");
      await expectNothingAt(unit(13));
    });

    it.each([
      ["contracted arable land (…JD…)", { unitNumber: unit(11).replace("JC", "JD") }, "unit_number_not_homestead"],
      ["a homestead on state land (…GC…)", { unitNumber: unit(11).replace("JC", "GC") }, "unit_number_malformed"],
      ["a unit number of 27 characters", { unitNumber: unit(11).slice(0, 27) }, "unit_number_malformed"],
      ["a unit number in another county", { unitNumber: unit(11, GROUP) }, "unit_number_outside_county"],
      ["a contractor code of 17 digits", { contractorCode: contractorCode(VILLAGE.issuerCode, 11).slice(0, 17) }, "contractor_code_malformed"],
      ["a household of another collective", { contractorCode: contractorCode(GROUP.issuerCode, 11) }, "contractor_code_outside_issuer"],
      ["areaM2 0", { areaM2: "0" }, "area_must_be_positive"],
      ["approvedOn tomorrow", { approvedOn: "2026-11-28" }, "date_in_future"],
    ])("refuses %s with 422 %s and writes nothing", async (_name, change, code) => {
      const body = grant(11, 11, change);
      expectProblem(await post(body), 422, code);
      await expectNothingAt(body.unitNumber);
    });

    it("refuses a household that is not registered with 404 household_not_found", async () => {
      const res = await post(grant(99, 14));
      expectProblem(res, 404, "household_not_found");
      await expectNothingAt(unit(14));
    });

    it("refuses a resident ID number typed as the contractor code with 422, without echoing it", async () => {
      let index = 0;
      while (idNumber(index).endsWith("X")) index++;
      const id = idNumber(index);
      const res = await post(grant(11, 15, { contractorCode: id }));
      expectProblem(res, 422, "contractor_code_outside_issuer");
      expect(res.text).not.toContain(id);
    });

    it.each([
      ["another area", { areaM2: "181" }],
      ["another approval date", { approvedOn: "2024-05-02" }],
      ["another origin", { origin: "existing" }],
      ["another note", { note: "另一条附记" }],
    ])("refuses %s under a registered unit number with 409 homestead_already_registered and keeps the first facts", async (_name, change) => {
      const res = await post(grant(16, 16, change));
      expectProblem(res, 409, "homestead_already_registered");
      const read = await world.request("GET", `/v1/homesteads/${unit(16)}`);
      expect(read.body).toMatchObject({ areaM2: "180.50", approvedOn: "2024-05-01", origin: "grant", annotations: [] });
    });

    it.each([
      ["areaM2 as a JSON number", { areaM2: 180.5 }, "#/areaM2"],
      ["areaM2 with 3 decimals", { areaM2: "180.505" }, "#/areaM2"],
      ["an unknown origin", { origin: "inherited" }, "#/origin"],
      ["a date that does not exist", { approvedOn: "2024-02-30" }, "#/approvedOn"],
      ["an unknown field", { annotations: [] }, "#/annotations"],
    ])("refuses %s with 400 validation_failed pointing at %s", async (_name, change, pointer) => {
      const res = await post(grant(11, 17, change));
      expectProblem(res, 400, "validation_failed");
      expect(res.body.errors).toContainEqual(expect.objectContaining({ pointer }));
    });
  });

  runSecurityCases({
    world: () => world,
    method: "POST",
    path: () => homesteadsPath(),
    body: () => grant(30, 30),
    refused: async () => [
      { name: "bureau (read-only)", token: tokens.bureauIn, status: 403, code: "forbidden" },
      { name: "holder (read-only)", token: tokens.holderOther, status: 403, code: "forbidden" },
      { name: "registrar of another collective", token: tokens.registrarGroup, status: 404, code: "collective_not_found" },
    ],
  });
});

describe("GET /v1/homesteads/{unitNumber}", () => {
  it("answers the collective's registrar, a bureau covering it, and every member of the household", async () => {
    const { head, spouse } = await household(20, { spouse: true });
    expect((await post(grant(20, 20))).status).toBe(201);
    const holders = [await createToken(world, { role: "holder", personId: head.id }), await createToken(world, { role: "holder", personId: spouse!.id })];
    for (const token of [tokens.registrarVillage, tokens.bureauIn, ...holders]) {
      const res = await world.request("GET", `/v1/homesteads/${unit(20)}`, { token });
      expect(res.status, res.text).toBe(200);
      expect(res.body).toMatchObject({ unitNumber: unit(20), contractorCode: contractorCode(VILLAGE.issuerCode, 20), areaM2: "180.50" });
    }
  });

  it("answers a homestead out of scope exactly like an unknown one", async () => {
    await household(21);
    expect((await post(grant(21, 21))).status).toBe(201);
    const unknown = await world.request("GET", `/v1/homesteads/${unit(22)}`, { token: tokens.registrarGroup });
    expectProblem(unknown, 404, "homestead_not_found");
    for (const token of [tokens.registrarGroup, tokens.bureauOut, tokens.holderOther]) {
      const hidden = await world.request("GET", `/v1/homesteads/${unit(21)}`, { token });
      expectProblem(hidden, 404, "homestead_not_found");
      expect({ ...hidden.body, detail: null, requestId: null, instance: null }).toEqual({ ...unknown.body, detail: null, requestId: null, instance: null });
      expect(hidden.body.detail).toBe(`No homestead ${unit(21)} in your scope.`);
    }
  });

  runSecurityCases({
    world: () => world,
    method: "GET",
    path: () => `/v1/homesteads/${unit(31)}`,
    refused: async () => [
      { name: "registrar of another collective", token: tokens.registrarGroup, status: 404, code: "homestead_not_found" },
      { name: "bureau outside its prefix", token: tokens.bureauOut, status: 404, code: "homestead_not_found" },
      { name: "holder of another person", token: tokens.holderOther, status: 404, code: "homestead_not_found" },
    ],
  });
});
