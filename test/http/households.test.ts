import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  contractorCode,
  createToken,
  expectProblem,
  GROUP,
  idNumber,
  member,
  registerCollective,
  registerContract,
  registerHousehold,
  registerPerson,
  registerPlot,
  VILLAGE,
} from "../support/fixtures.js";
import { runSecurityCases } from "../support/security.js";
import { createWorld, type World } from "../support/world.js";

let world: World;
beforeAll(async () => {
  world = await createWorld();
  await registerCollective(world, VILLAGE);
  await registerCollective(world, GROUP);
});
afterAll(() => world.close());

// Every test takes its own persons and household sequence numbers, so no test depends on another's state.
let nextIndex = 0;
let nextSeq = 0;
const person = (name?: string) => registerPerson(world, ++nextIndex, name);
const memberOf = (collective: { code: string }, name?: string) => member(world, collective.code, ++nextIndex, name);
const seq = () => ++nextSeq;
const householdsPath = (code = VILLAGE.code) => `/v1/collectives/${code}/households`;
const householdPath = (code: string) => `/v1/households/${code}`;

interface MemberEntry {
  personId: string;
  relation: string;
  relationCode?: string;
  coHolder: boolean;
}
const body = (code: string, representativeId: string, members: MemberEntry[]) => ({ contractorCode: code, representativeId, members });
const post = (b: unknown, opts: { collective?: string; token?: string } = {}) => world.request("POST", householdsPath(opts.collective), { body: b, token: opts.token });

/** A head who is an active member, and a spouse who is a registered person. */
async function couple() {
  const head = await memberOf(VILLAGE, "张建国");
  const spouse = await person("李秀兰");
  return { head, spouse };
}

describe("POST /v1/collectives/{code}/households", () => {
  describe("accepts", () => {
    it("registers a household with 201: members, co-holders, and GB/T 4761 codes defaulted per relation or given", async () => {
      const head = await memberOf(VILLAGE, "张建国");
      const [spouse, son, eldestSon, daughter, father, mother, grandchild, nephew, lodger] = await Promise.all(
        Array.from({ length: 9 }, () => person()),
      );
      const code = contractorCode(VILLAGE.issuerCode, seq());
      const res = await post(
        body(code, head.id, [
          { personId: head.id, relation: "head", coHolder: true },
          { personId: spouse!.id, relation: "spouse", coHolder: true },
          { personId: son!.id, relation: "son", coHolder: true },
          { personId: eldestSon!.id, relation: "son", relationCode: "22", coHolder: true },
          { personId: daughter!.id, relation: "daughter", coHolder: false },
          { personId: father!.id, relation: "father", coHolder: true },
          { personId: mother!.id, relation: "mother", coHolder: true },
          { personId: grandchild!.id, relation: "grandchild", coHolder: false },
          { personId: nephew!.id, relation: "other-relative", coHolder: false },
          { personId: lodger!.id, relation: "non-relative", coHolder: false },
        ]),
      );
      expect(res.status, res.text).toBe(201);
      expect(res.body).toMatchObject({ contractorCode: code, collectiveCode: VILLAGE.code, representativeId: head.id, status: "active", landContracts: [], homesteads: [] });
      const byPerson = new Map(res.body.members.map((m: { person: { id: string } }) => [m.person.id, m]));
      expect(byPerson.size).toBe(10);
      const expected: [string, string, string, boolean][] = [
        [head.id, "head", "02", true],
        [spouse!.id, "spouse", "10", true],
        [son!.id, "son", "20", true],
        [eldestSon!.id, "son", "22", true],
        [daughter!.id, "daughter", "30", false],
        [father!.id, "father", "51", true],
        [mother!.id, "mother", "52", true],
        [grandchild!.id, "grandchild", "40", false],
        [nephew!.id, "other-relative", "97", false],
        [lodger!.id, "non-relative", "99", false],
      ];
      for (const [id, relation, relationCode, coHolder] of expected) expect(byPerson.get(id)).toMatchObject({ relation, relationCode, coHolder });

      const got = await world.request("GET", householdPath(code));
      expect(got.status, got.text).toBe(200);
      expect(res.body).toEqual(got.body);
      expect(new Map(got.body.members.map((m: { person: { id: string }; relationCode: string }) => [m.person.id, m.relationCode]))).toEqual(
        new Map(expected.map(([id, , relationCode]) => [id, relationCode])),
      );
    });

    it("answers the same facts again with 200 and the existing record, whatever the members' order or an explicit default code", async () => {
      const { head, spouse } = await couple();
      const code = contractorCode(VILLAGE.issuerCode, seq());
      const first = await post(body(code, head.id, [{ personId: head.id, relation: "head", coHolder: true }, { personId: spouse.id, relation: "spouse", coHolder: true }]));
      expect(first.status, first.text).toBe(201);
      const again = await post(body(code, head.id, [{ personId: spouse.id, relation: "spouse", relationCode: "10", coHolder: true }, { personId: head.id, relation: "head", coHolder: true }]));
      expect(again.status, again.text).toBe(200);
      expect(again.body.contractorCode).toBe(code);
      expect(again.body.members).toHaveLength(2);
      expect(again.body.members.map((m: { person: { id: string } }) => m.person.id).sort()).toEqual([head.id, spouse.id].sort());
    });

    it("answers a repeated registration with the household's current record, contracts included", async () => {
      const { head, spouse } = await couple();
      const s = seq();
      const members = [{ personId: head.id, relation: "head", coHolder: true }, { personId: spouse.id, relation: "spouse", coHolder: true }];
      await registerHousehold(world, VILLAGE, s, members);
      await registerPlot(world, VILLAGE, s);
      await registerContract(world, VILLAGE, s, [s]);
      const again = await post(body(contractorCode(VILLAGE.issuerCode, s), head.id, members));
      expect(again.status, again.text).toBe(200);
      const got = await world.request("GET", householdPath(contractorCode(VILLAGE.issuerCode, s)));
      expect(got.body.landContracts).toEqual([contractorCode(VILLAGE.issuerCode, s) + "J"]);
      expect(again.body).toEqual(got.body);
    });

    it("accepts the last household sequence 8000", async () => {
      const head = await memberOf(VILLAGE);
      const res = await post(body(contractorCode(VILLAGE.issuerCode, 8000), head.id, [{ personId: head.id, relation: "head", coHolder: true }]));
      expect(res.status, res.text).toBe(201);
    });

    it("lets a person belong to one household in each of two collectives", async () => {
      const { head } = await couple();
      await registerHousehold(world, VILLAGE, seq(), [{ personId: head.id }]);
      const groupHead = await memberOf(GROUP);
      const res = await post(
        body(contractorCode(GROUP.issuerCode, seq()), groupHead.id, [
          { personId: groupHead.id, relation: "head", coHolder: true },
          { personId: head.id, relation: "spouse", coHolder: true },
        ]),
        { collective: GROUP.code },
      );
      expect(res.status, res.text).toBe(201);
    });

    it("lets a registrar register a household in its own collective, answering masked ID numbers", async () => {
      const token = await createToken(world, { role: "registrar", collectiveCode: VILLAGE.code });
      const head = await memberOf(VILLAGE);
      const res = await post(body(contractorCode(VILLAGE.issuerCode, seq()), head.id, [{ personId: head.id, relation: "head", coHolder: true }]), { token });
      expect(res.status, res.text).toBe(201);
      expect(res.body.members[0].person.idNumber).toBeUndefined();
      expect(res.text).not.toContain(idNumber(nextIndex));
    });
  });

  describe("rejects", () => {
    it("refuses other facts under a registered contractor code with 409 household_already_registered", async () => {
      const { head, spouse } = await couple();
      const s = seq();
      await registerHousehold(world, VILLAGE, s, [{ personId: head.id }, { personId: spouse.id }]);
      const res = await post(
        body(contractorCode(VILLAGE.issuerCode, s), head.id, [
          { personId: head.id, relation: "head", coHolder: true },
          { personId: spouse.id, relation: "spouse", coHolder: false },
        ]),
      );
      expectProblem(res, 409, "household_already_registered");
      const got = await world.request("GET", householdPath(contractorCode(VILLAGE.issuerCode, s)));
      expect(got.body.members.every((m: { coHolder: boolean }) => m.coHolder)).toBe(true);
    });

    it.each([
      ["17 digits", VILLAGE.issuerCode + "001", "contractor_code_malformed"],
      ["sequence 0000", VILLAGE.issuerCode + "0000", "contractor_code_malformed"],
      ["a letter in the sequence", VILLAGE.issuerCode + "00A1", "contractor_code_malformed"],
      ["another collective's issuing-party code", contractorCode(GROUP.issuerCode, 1), "contractor_code_outside_issuer"],
      ["sequence 8001 (individual range)", contractorCode(VILLAGE.issuerCode, 8001), "contractor_code_not_household"],
      ["sequence 9001 (organization range)", contractorCode(VILLAGE.issuerCode, 9001), "contractor_code_not_household"],
    ])("refuses a contractor code with %s with 422 %s", async (_name, code, expected) => {
      const head = await memberOf(VILLAGE);
      const res = await post(body(code, head.id, [{ personId: head.id, relation: "head", coHolder: true }]));
      expectProblem(res, 422, expected);
      expectProblem(await world.request("GET", householdPath(code)), 404, "household_not_found");
    });

    it("refuses a person listed twice with 422 household_member_duplicated", async () => {
      const { head, spouse } = await couple();
      const res = await post(
        body(contractorCode(VILLAGE.issuerCode, seq()), head.id, [
          { personId: head.id, relation: "head", coHolder: true },
          { personId: spouse.id, relation: "spouse", coHolder: true },
          { personId: spouse.id, relation: "daughter", coHolder: false },
        ]),
      );
      expectProblem(res, 422, "household_member_duplicated");
    });

    it.each([
      ["a son coded 32 (eldest daughter)", "son", "32"],
      ["a spouse coded 02 (head)", "spouse", "02"],
      ["a father coded 52 (mother)", "father", "52"],
    ])("refuses %s with 422 relation_code_mismatch", async (_name, relation, relationCode) => {
      const { head, spouse } = await couple();
      const code = contractorCode(VILLAGE.issuerCode, seq());
      const res = await post(body(code, head.id, [{ personId: head.id, relation: "head", coHolder: true }, { personId: spouse.id, relation, relationCode, coHolder: true }]));
      expectProblem(res, 422, "relation_code_mismatch");
      expectProblem(await world.request("GET", householdPath(code)), 404, "household_not_found");
    });

    it("refuses a representative who is not listed among the members with 422 representative_not_in_household", async () => {
      const { head, spouse } = await couple();
      const res = await post(body(contractorCode(VILLAGE.issuerCode, seq()), head.id, [{ personId: spouse.id, relation: "head", coHolder: true }]));
      expectProblem(res, 422, "representative_not_in_household");
    });

    it("refuses a representative who was never a member with 409 representative_not_member", async () => {
      const outsider = await person();
      const res = await post(body(contractorCode(VILLAGE.issuerCode, seq()), outsider.id, [{ personId: outsider.id, relation: "head", coHolder: true }]));
      expectProblem(res, 409, "representative_not_member");
    });

    it("refuses a representative whose membership ended with 409 representative_not_member", async () => {
      const head = await memberOf(VILLAGE);
      const ended = await world.request("POST", `/v1/collectives/${VILLAGE.code}/members/${head.id}/termination`, { body: { reason: "death", effectiveOn: "2024-01-01" } });
      expect(ended.status, ended.text).toBe(200);
      const res = await post(body(contractorCode(VILLAGE.issuerCode, seq()), head.id, [{ personId: head.id, relation: "head", coHolder: true }]));
      expectProblem(res, 409, "representative_not_member");
    });

    it("refuses a representative who is a member of another collective only with 409 representative_not_member", async () => {
      const head = await memberOf(GROUP);
      const res = await post(body(contractorCode(VILLAGE.issuerCode, seq()), head.id, [{ personId: head.id, relation: "head", coHolder: true }]));
      expectProblem(res, 409, "representative_not_member");
    });

    it("refuses a person who already belongs to another household of the collective with 409 person_already_in_household", async () => {
      const { head, spouse } = await couple();
      const spouseIndex = nextIndex;
      await registerHousehold(world, VILLAGE, seq(), [{ personId: head.id }, { personId: spouse.id }]);
      const otherHead = await memberOf(VILLAGE);
      const code = contractorCode(VILLAGE.issuerCode, seq());
      const res = await post(body(code, otherHead.id, [{ personId: otherHead.id, relation: "head", coHolder: true }, { personId: spouse.id, relation: "spouse", coHolder: true }]));
      expectProblem(res, 409, "person_already_in_household");
      expect(res.text).not.toContain(idNumber(spouseIndex));
      expectProblem(await world.request("GET", householdPath(code)), 404, "household_not_found");
    });

    it("puts a person in one household only when two registrations race: one 201, the other 409 person_already_in_household", async () => {
      const [first, second] = [await memberOf(VILLAGE), await memberOf(VILLAGE)];
      const child = await person();
      const send = (headId: string) =>
        post(body(contractorCode(VILLAGE.issuerCode, seq()), headId, [{ personId: headId, relation: "head", coHolder: true }, { personId: child.id, relation: "son", coHolder: true }]));
      const results = await Promise.all([send(first.id), send(second.id)]);
      expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
      expectProblem(results.find((r) => r.status === 409)!, 409, "person_already_in_household");
    });

    it("refuses an unknown member with 404 person_not_found", async () => {
      const head = await memberOf(VILLAGE);
      const res = await post(
        body(contractorCode(VILLAGE.issuerCode, seq()), head.id, [
          { personId: head.id, relation: "head", coHolder: true },
          { personId: "prs_00000000000000000000000000", relation: "spouse", coHolder: true },
        ]),
      );
      expectProblem(res, 404, "person_not_found");
    });

    it("refuses an ID number sent as a member's personId with 404 person_not_found, without echoing the number", async () => {
      const head = await memberOf(VILLAGE);
      const sent = idNumber(498, { female: true });
      const res = await post(body(contractorCode(VILLAGE.issuerCode, seq()), head.id, [{ personId: head.id, relation: "head", coHolder: true }, { personId: sent, relation: "spouse", coHolder: true }]));
      expectProblem(res, 404, "person_not_found");
      expect(res.text).not.toContain(sent);
    });

    it("refuses an unknown field with 400 validation_failed pointing at it", async () => {
      const head = await memberOf(VILLAGE);
      const res = await post({ ...body(contractorCode(VILLAGE.issuerCode, seq()), head.id, [{ personId: head.id, relation: "head", coHolder: true }]), hukouRegion: "371083" });
      expectProblem(res, 400, "validation_failed");
      expect(res.body.errors).toContainEqual({ pointer: "#/hukouRegion", detail: "unknown field" });
    });

    it.each([
      ["an unknown relation", { relation: "cousin" }, "#/members/0/relation"],
      ["a one-digit relation code", { relationCode: "2" }, "#/members/0/relationCode"],
      ["a missing co-holder flag", { coHolder: undefined }, "#/members/0/coHolder"],
    ])("refuses %s with 400 and the pointer %s", async (_name, change, pointer) => {
      const head = await memberOf(VILLAGE);
      const res = await post(body(contractorCode(VILLAGE.issuerCode, seq()), head.id, [{ personId: head.id, relation: "head", coHolder: true, ...change } as MemberEntry]));
      expectProblem(res, 400, "validation_failed");
      expect(res.body.errors).toContainEqual(expect.objectContaining({ pointer }));
    });

    it("refuses a household without members with 400 and the pointer #/members", async () => {
      const head = await memberOf(VILLAGE);
      const res = await post(body(contractorCode(VILLAGE.issuerCode, seq()), head.id, []));
      expectProblem(res, 400, "validation_failed");
      expect(res.body.errors).toContainEqual(expect.objectContaining({ pointer: "#/members" }));
    });
  });

  runSecurityCases({
    world: () => world,
    method: "POST",
    path: () => householdsPath(),
    body: () => body(contractorCode(VILLAGE.issuerCode, 7999), "prs_00000000000000000000000000", [{ personId: "prs_00000000000000000000000000", relation: "head", coHolder: true }]),
    refused: async () => {
      const holder = await memberOf(VILLAGE);
      return [
        { name: "bureau covering the collective", token: await createToken(world, { role: "bureau", regionPrefix: "371083" }), status: 403, code: "forbidden" },
        { name: "holder", token: await createToken(world, { role: "holder", personId: holder.id }), status: 403, code: "forbidden" },
        { name: "registrar of another collective", token: await createToken(world, { role: "registrar", collectiveCode: GROUP.code }), status: 404, code: "collective_not_found" },
      ];
    },
  });
});

describe("GET /v1/households/{contractorCode}", () => {
  let code = "";
  let headId = "";
  let spouseId = "";
  beforeAll(async () => {
    const { head, spouse } = await couple();
    headId = head.id;
    spouseId = spouse.id;
    const s = seq();
    code = contractorCode(VILLAGE.issuerCode, s);
    await registerHousehold(world, VILLAGE, s, [{ personId: head.id }, { personId: spouse.id, coHolder: false }]);
  });

  it.each([
    ["the registrar of the collective", { role: "registrar", collectiveCode: VILLAGE.code }],
    ["a bureau whose prefix covers the collective", { role: "bureau", regionPrefix: "371083" }],
    ["a bureau of the province", { role: "bureau", regionPrefix: "37" }],
  ])("answers %s with the household", async (_name, scope) => {
    const token = await createToken(world, scope);
    const res = await world.request("GET", householdPath(code), { token });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ contractorCode: code, collectiveCode: VILLAGE.code, representativeId: headId, status: "active" });
    expect(res.body.members.map((m: { person: { id: string }; coHolder: boolean }) => [m.person.id, m.coHolder])).toEqual([
      [headId, true],
      [spouseId, false],
    ]);
  });

  it("answers a holder who is a member of the household, even one who is no member of the collective", async () => {
    const token = await createToken(world, { role: "holder", personId: spouseId });
    const res = await world.request("GET", householdPath(code), { token });
    expect(res.status, res.text).toBe(200);
    expect(res.body.contractorCode).toBe(code);
    expect(res.body.members[0].person.idNumber).toBeUndefined();
  });

  it("answers an unknown contractor code with 404 household_not_found", async () => {
    expectProblem(await world.request("GET", householdPath(contractorCode(VILLAGE.issuerCode, 7777))), 404, "household_not_found");
  });

  it("answers callers out of scope exactly as for an unknown code: 404 household_not_found", async () => {
    const otherPerson = await memberOf(VILLAGE);
    const callers = [
      ["holder of another person", await createToken(world, { role: "holder", personId: otherPerson.id })],
      ["registrar of another collective", await createToken(world, { role: "registrar", collectiveCode: GROUP.code })],
      ["bureau outside the prefix", await createToken(world, { role: "bureau", regionPrefix: "370114" })],
    ] as const;
    for (const [name, token] of callers) {
      const hidden = await world.request("GET", householdPath(code), { token });
      const unknown = await world.request("GET", householdPath(contractorCode(VILLAGE.issuerCode, 7778)), { token });
      expectProblem(hidden, 404, "household_not_found");
      const shape = (b: { type: string; title: string; status: number; code: string }) => ({ type: b.type, title: b.title, status: b.status, code: b.code });
      expect(shape(hidden.body), name).toEqual(shape(unknown.body));
      expect(hidden.text, name).not.toContain(headId);
    }
  });

  runSecurityCases({
    world: () => world,
    method: "GET",
    path: () => householdPath(code),
    refused: async () => [
      { name: "holder of another person", token: await createToken(world, { role: "holder", personId: (await memberOf(VILLAGE)).id }), status: 404, code: "household_not_found" },
      { name: "registrar of another collective", token: await createToken(world, { role: "registrar", collectiveCode: GROUP.code }), status: 404, code: "household_not_found" },
      { name: "bureau outside the prefix", token: await createToken(world, { role: "bureau", regionPrefix: "370114" }), status: 404, code: "household_not_found" },
    ],
  });
});
