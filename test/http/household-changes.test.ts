import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  admitMember,
  contractorCode,
  createToken,
  expectProblem,
  GROUP,
  plotCode,
  registerCollective,
  registerContract,
  registerHousehold,
  registerPerson,
  registerPlot,
  unitNumber,
  VILLAGE,
} from "../support/fixtures.js";
import { runSecurityCases } from "../support/security.js";
import { createWorld, type World } from "../support/world.js";

/**
 * Household changes through the API (RLCL Arts. 16, 24; RCEO Law Art. 18; LAL Art. 62): a member joins or leaves,
 * the representative changes, a household splits (分户) or two merge (合户). Each is one registration: journaled,
 * in the history of what it moved, with certificates reissued, superseded or cancelled. One world; each test owns
 * its household sequences, plot sequences and unit numbers.
 */
let world: World;
let personIndex = 0;

beforeAll(async () => {
  world = await createWorld();
  await registerCollective(world, VILLAGE, { homesteadMaxAreaM2: "200" });
  await registerCollective(world, GROUP);
});
afterAll(() => world.close());

async function memberPerson(name: string, female = false) {
  const person = await registerPerson(world, ++personIndex, name, { female });
  await admitMember(world, VILLAGE.code, person.id);
  return person;
}

async function homestead(householdSeq: number, unit: number, origin: "grant" | "existing" = "grant", areaM2 = "150.00") {
  const res = await world.request("POST", `/v1/collectives/${VILLAGE.code}/homesteads`, {
    body: { unitNumber: unitNumber(VILLAGE.regionCode, unit), contractorCode: contractorCode(VILLAGE.issuerCode, householdSeq), areaM2, approvedOn: "2020-05-01", origin },
  });
  expect(res.status, res.text).toBe(201);
  return unitNumber(VILLAGE.regionCode, unit);
}

/** A household of head (representative), spouse, son and daughter, with a contract over its plots and optionally a homestead. */
async function family(seq: number, plotSeqs: number[], opts: { unit?: number; origin?: "grant" | "existing" } = {}) {
  const head = await memberPerson(`孙建国${seq}`);
  const spouse = await memberPerson(`于秀英${seq}`, true);
  const son = await memberPerson(`孙志强${seq}`);
  const daughter = await memberPerson(`孙晓红${seq}`, true);
  await registerHousehold(world, VILLAGE, seq, [
    { personId: head.id },
    { personId: spouse.id, relation: "spouse" },
    { personId: son.id, relation: "son", coHolder: true },
    { personId: daughter.id, relation: "daughter", coHolder: true },
  ]);
  for (const p of plotSeqs) await registerPlot(world, VILLAGE, p);
  if (plotSeqs.length > 0) await registerContract(world, VILLAGE, seq, plotSeqs);
  const code = contractorCode(VILLAGE.issuerCode, seq);
  const unit = opts.unit === undefined ? null : await homestead(seq, opts.unit, opts.origin);
  return { code, contractCode: `${code}J`, head, spouse, son, daughter, plots: plotSeqs.map((s) => plotCode(VILLAGE.issuerCode, s)), unit };
}

async function certificate(no: string) {
  const res = await world.request("GET", `/v1/certificates/${no}`);
  expect(res.status, res.text).toBe(200);
  return { ...res.body, payload: JSON.parse(res.body.payload) } as { status: string; holder: { kind: string; id: string }; payload: { holder: { representative: { name: string }; members: { name: string; coHolder: boolean }[] }; right: Record<string, any>; replaces: string | null } };
}

async function journalTypes(subject: string) {
  const res = await world.request("GET", `/v1/journal?collectiveCode=${VILLAGE.code}&limit=1000`);
  expect(res.status, res.text).toBe(200);
  return (res.body.events as { type: string; subject: string }[]).filter((e) => e.subject === subject).map((e) => e.type);
}

async function activeContractsPerPlot(plots: string[]) {
  const rs = await world.tdb.client.execute({
    sql: `SELECT plot_code, COUNT(*) AS n FROM contract_plots WHERE status = 'active' AND plot_code IN (${plots.map(() => "?").join(",")}) GROUP BY plot_code`,
    args: plots,
  });
  return Object.fromEntries(rs.rows.map((r) => [String(r.plot_code), Number(r.n)]));
}

const join = (code: string, body: Record<string, unknown>, token?: string) => world.request("POST", `/v1/households/${code}/members`, { body, token });
const depart = (code: string, personId: string, body: Record<string, unknown>, token?: string) =>
  world.request("POST", `/v1/households/${code}/members/${personId}/departure`, { body, token });
const represent = (code: string, body: Record<string, unknown>) => world.request("POST", `/v1/households/${code}/representative`, { body });
const split = (code: string, body: Record<string, unknown>, token?: string) => world.request("POST", `/v1/households/${code}/split`, { body, token });
const merge = (body: Record<string, unknown>, token?: string) => world.request("POST", "/v1/households/merge", { body, token });

describe("accepts", () => {
  it("registers a birth: the child joins with its date and reason, the certificates are reissued listing every member, the old ones superseded", async () => {
    const f = await family(1, [1, 2], { unit: 1 });
    const baby = await memberPerson("孙小宝1");
    const res = await join(f.code, { personId: baby.id, relation: "grandchild", coHolder: true, joinedOn: "2026-10-02", reason: "birth" });
    expect(res.status, res.text).toBe(201);
    expect(res.body.household.members).toHaveLength(5);
    expect(res.body.household.members).toContainEqual(expect.objectContaining({ relation: "grandchild", relationCode: "40", coHolder: true, joinedOn: "2026-10-02", joinReason: "birth" }));
    expect(res.body.certificates).toEqual({ issued: [`${f.contractCode}-0002`, `${f.unit}-0002`], superseded: [`${f.contractCode}-0001`, `${f.unit}-0001`], cancelled: [] });

    const land = await certificate(`${f.contractCode}-0002`);
    expect(land.status).toBe("valid");
    expect(land.payload.replaces).toBe(`${f.contractCode}-0001`);
    expect(land.payload.holder.members.map((m) => m.name)).toContain("孙小宝1");
    expect(land.payload.right.plotCount).toBe(2);
    expect((await certificate(`${f.contractCode}-0001`)).status).toBe("superseded");
    expect((await certificate(`${f.unit}-0002`)).payload.holder.members).toHaveLength(5);
    expect(await journalTypes(f.code)).toContain("household.member_joined");

    const again = await join(f.code, { personId: baby.id, relation: "grandchild", coHolder: true, joinedOn: "2026-10-02", reason: "birth" });
    expect(again.status, again.text).toBe(200);
    expect(again.body.certificates).toEqual({ issued: [], superseded: [], cancelled: [] });
    expect((await journalTypes(f.code)).filter((t) => t === "household.member_joined")).toHaveLength(1);
  });

  it("registers a daughter marrying out: she leaves the household, keeps her membership of the collective (RCEO Art. 18), and may join her husband's household", async () => {
    const f = await family(2, [3]);
    const res = await depart(f.code, f.daughter.id, { leftOn: "2026-09-01", reason: "marriage-out" });
    expect(res.status, res.text).toBe(200);
    expect(res.body.household.members.map((m: any) => m.person.id)).not.toContain(f.daughter.id);
    expect(res.body.household.formerMembers).toEqual([expect.objectContaining({ relation: "daughter", leftOn: "2026-09-01", leftReason: "marriage-out", person: expect.objectContaining({ id: f.daughter.id }) })]);
    expect(res.body.certificates.issued).toEqual([`${f.contractCode}-0002`]);
    expect((await certificate(`${f.contractCode}-0002`)).payload.holder.members.map((m) => m.name)).not.toContain(f.daughter.name);

    const roster = await world.request("GET", `/v1/collectives/${VILLAGE.code}/members`);
    expect(roster.body.members.find((m: any) => m.person.id === f.daughter.id)).toMatchObject({ status: "active" });
    const read = await world.request("GET", `/v1/households/${f.code}`);
    expect(read.body.formerMembers).toHaveLength(1);

    // The same departure again changes nothing; she now joins another household of the collective.
    const again = await depart(f.code, f.daughter.id, { leftOn: "2026-09-01", reason: "marriage-out" });
    expect(again.status, again.text).toBe(200);
    expect(again.body.certificates.issued).toEqual([]);
    const husband = await memberPerson("王海军2");
    await registerHousehold(world, VILLAGE, 3, [{ personId: husband.id }]);
    const joined = await join(contractorCode(VILLAGE.issuerCode, 3), { personId: f.daughter.id, relation: "spouse", coHolder: true, joinedOn: "2026-09-01", reason: "marriage" });
    expect(joined.status, joined.text).toBe(201);
  });

  it("changes the representative, after which the former representative may leave (death); certificates name the new one", async () => {
    const f = await family(4, [4], { unit: 2 });
    const changed = await represent(f.code, { personId: f.son.id, changedOn: "2026-11-01" });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.body.household.representativeId).toBe(f.son.id);
    expect((await certificate(`${f.contractCode}-0002`)).payload.holder.representative.name).toBe(f.son.name);
    expect((await certificate(`${f.unit}-0002`)).payload.holder.representative.name).toBe(f.son.name);
    const same = await represent(f.code, { personId: f.son.id, changedOn: "2026-11-01" });
    expect([same.status, same.body.certificates.issued]).toEqual([200, []]);

    const left = await depart(f.code, f.head.id, { leftOn: "2026-11-10", reason: "death" });
    expect(left.status, left.text).toBe(200);
    expect(left.body.certificates.issued).toEqual([`${f.contractCode}-0003`, `${f.unit}-0003`]);
    expect(await journalTypes(f.code)).toEqual(expect.arrayContaining(["household.representative_changed", "household.member_left"]));
  });

  it("splits a household by agreement: new households, contracts with the old term, plots and homestead moved with act household-split, the old contract's certificate cancelled", async () => {
    const f = await family(5, [5, 6, 7], { unit: 3 });
    const [a, b] = [contractorCode(VILLAGE.issuerCode, 6), contractorCode(VILLAGE.issuerCode, 7)];
    const res = await split(f.code, {
      splitOn: "2026-11-20",
      agreementRef: "分户协议（2026年11月20日）",
      into: [
        { contractorCode: a, representativeId: f.head.id, members: [{ personId: f.head.id, relation: "head", coHolder: true }, { personId: f.spouse.id, relation: "spouse", coHolder: true }], plotCodes: [f.plots[0], f.plots[1]], homestead: f.unit },
        { contractorCode: b, representativeId: f.son.id, members: [{ personId: f.son.id, relation: "head", coHolder: true }, { personId: f.daughter.id, relation: "other-relative", relationCode: "71", coHolder: true }], plotCodes: [f.plots[2]] },
      ],
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body.dissolved).toMatchObject({ contractorCode: f.code, status: "dissolved", dissolvedOn: "2026-11-20", members: [], landContracts: [], homesteads: [] });
    expect(res.body.dissolved.formerMembers).toHaveLength(4);
    expect(res.body.dissolved.formerMembers.every((m: any) => m.leftReason === "split" && m.leftOn === "2026-11-20")).toBe(true);
    expect(res.body.households).toEqual([
      expect.objectContaining({ contractorCode: a, origin: "split", originHouseholds: [f.code], landContracts: [`${a}J`], homesteads: [f.unit] }),
      expect.objectContaining({ contractorCode: b, origin: "split", originHouseholds: [f.code], landContracts: [`${b}J`], homesteads: [] }),
    ]);
    expect(res.body.households[1].members).toContainEqual(expect.objectContaining({ relationCode: "71", joinedOn: "2026-11-20", joinReason: "split" }));
    expect(res.body.certificates).toEqual({ issued: [`${a}J-0001`, `${b}J-0001`, `${f.unit}-0002`], superseded: [`${f.unit}-0001`], cancelled: [`${f.contractCode}-0001`] });

    const newContract = await world.request("GET", `/v1/land-contracts/${a}J`);
    expect(newContract.body).toMatchObject({ contractorCode: a, startsOn: "1998-10-01", endsOn: "2028-09-30", status: "active" });
    expect((await world.request("GET", `/v1/land-contracts/${f.contractCode}`)).body.status).toBe("ended");
    expect((await certificate(`${f.contractCode}-0001`)).status).toBe("cancelled");
    const issued = await certificate(`${a}J-0001`);
    expect(issued.status).toBe("valid");
    expect(issued.payload.right).toMatchObject({ originalContractCode: f.contractCode, plotCount: 2 });
    expect(issued.payload.holder.members.map((m) => m.name).sort()).toEqual([f.head.name, f.spouse.name].sort());
    expect((await certificate(`${f.unit}-0001`)).status).toBe("superseded");
    expect((await certificate(`${f.unit}-0002`)).holder).toMatchObject({ kind: "household", id: a });

    const history = await world.request("GET", `/v1/plots/${f.plots[2]}/history`);
    expect(history.status, history.text).toBe(200);
    expect(history.body.versions.map((v: any) => [v.act, v.holder.id, v.validFrom, v.validTo])).toEqual([
      ["first-registration", f.code, "1998-10-01", "2026-11-20"],
      ["household-split", b, "2026-11-20", null],
    ]);
    expect(history.body.versions[1]).toMatchObject({ contractCode: `${b}J`, certificateNo: `${b}J-0001` });
    const homesteadHistory = await world.request("GET", `/v1/homesteads/${f.unit}/history`);
    expect(homesteadHistory.body.versions.at(-1)).toMatchObject({ act: "household-split", holder: { id: a } });
    expect(await activeContractsPerPlot(f.plots)).toEqual(Object.fromEntries(f.plots.map((p) => [p, 1])));
    expect(await journalTypes(f.code)).toContain("household.split");

    // The dissolved household takes no new member, and a former member still sees its record.
    const late = await memberPerson("孙迟到5");
    expectProblem(await join(f.code, { personId: late.id, relation: "son", coHolder: false, joinedOn: "2026-11-25", reason: "birth" }), 409, "household_not_active");
    const token = await createToken(world, { role: "holder", personId: f.daughter.id });
    expect((await world.request("GET", `/v1/households/${f.code}`, { token })).status).toBe(200);
  });

  it("merges a household into another: members together, its plot under the survivor's contract (act household-merge), its contract ended and certificate cancelled", async () => {
    const x = await family(8, [8, 9], { unit: 4 });
    const yHead = await memberPerson("于海涛9");
    const ySpouse = await memberPerson("李秀兰9", true);
    await registerHousehold(world, VILLAGE, 9, [{ personId: yHead.id }, { personId: ySpouse.id, relation: "spouse" }]);
    await registerPlot(world, VILLAGE, 10);
    await registerContract(world, VILLAGE, 9, [10]);
    const y = contractorCode(VILLAGE.issuerCode, 9);
    const res = await merge({
      collectiveCode: VILLAGE.code,
      from: [x.code, y],
      into: { contractorCode: x.code, representativeId: yHead.id, members: [{ personId: yHead.id, relation: "son", coHolder: true }, { personId: ySpouse.id, relation: "other-relative", relationCode: "61", coHolder: true }] },
      mergedOn: "2026-11-21",
      agreementRef: "合户协议",
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body.household).toMatchObject({ contractorCode: x.code, representativeId: yHead.id, origin: "registered", landContracts: [x.contractCode], homesteads: [x.unit] });
    expect(res.body.household.members).toHaveLength(6);
    expect(res.body.dissolved).toEqual([expect.objectContaining({ contractorCode: y, status: "dissolved", dissolvedOn: "2026-11-21" })]);
    expect(res.body.certificates).toEqual({ issued: [`${x.contractCode}-0002`, `${x.unit}-0002`], superseded: [`${x.contractCode}-0001`, `${x.unit}-0001`], cancelled: [`${y}J-0001`] });
    expect((await certificate(`${x.contractCode}-0002`)).payload.right).toMatchObject({ plotCount: 3, originalContractCodes: [`${y}J`] });
    expect((await certificate(`${y}J-0001`)).status).toBe("cancelled");
    const history = await world.request("GET", `/v1/plots/${plotCode(VILLAGE.issuerCode, 10)}/history`);
    expect(history.body.versions.at(-1)).toMatchObject({ act: "household-merge", holder: { id: x.code }, contractCode: x.contractCode, validFrom: "2026-11-21" });
    // The survivor's own plots keep their title: they did not move.
    expect((await world.request("GET", `/v1/plots/${x.plots[0]}/history`)).body.versions).toHaveLength(1);
    expect(await activeContractsPerPlot([...x.plots, plotCode(VILLAGE.issuerCode, 10)])).toEqual({ [x.plots[0]!]: 1, [x.plots[1]!]: 1, [plotCode(VILLAGE.issuerCode, 10)]: 1 });
    expect(await journalTypes(x.code)).toContain("household.merged");
  });

  it("merges two households into a new one: a legacy homestead joins a grant, both annotated 一户多宅 (HS-13), both households dissolved", async () => {
    const x = await family(10, [11], { unit: 5 });
    const y = await family(11, [12], { unit: 6, origin: "existing" });
    const n = contractorCode(VILLAGE.issuerCode, 12);
    const res = await merge({ collectiveCode: VILLAGE.code, from: [x.code, y.code], into: { contractorCode: n, representativeId: x.head.id }, mergedOn: "2026-11-22", agreementRef: "合户协议" });
    expect(res.status, res.text).toBe(201);
    expect(res.body.household).toMatchObject({ contractorCode: n, origin: "merge", originHouseholds: [x.code, y.code], landContracts: [`${n}J`], homesteads: [x.unit, y.unit].sort() });
    expect(res.body.household.members).toHaveLength(8);
    expect(res.body.dissolved.map((d: any) => d.status)).toEqual(["dissolved", "dissolved"]);
    for (const unit of [x.unit!, y.unit!]) {
      const h = await world.request("GET", `/v1/homesteads/${unit}`);
      expect(h.body.annotations.map((a: any) => a.code)).toContain("multiple-homesteads");
      expect((await certificate(`${unit}-0002`)).payload.right.annotations.map((a: any) => a.code)).toContain("multiple-homesteads");
    }
    const contract = await world.request("GET", `/v1/land-contracts/${n}J`);
    expect(contract.body).toMatchObject({ startsOn: "1998-10-01", endsOn: "2028-09-30", status: "active" });
    expect(contract.body.plots.map((p: any) => p.plotCode)).toEqual([...x.plots, ...y.plots]);
  });
});

describe("rejects", () => {
  it("a joining person who is not an active member of the collective with 409 person_not_member", async () => {
    const f = await family(20, []);
    const outsider = await registerPerson(world, ++personIndex, "外村人");
    expectProblem(await join(f.code, { personId: outsider.id, relation: "spouse", coHolder: true, joinedOn: "2026-10-01", reason: "marriage" }), 409, "person_not_member");
  });

  it("a person of another household with 409 person_already_in_household, other facts for a member with the same code", async () => {
    const f = await family(21, []);
    const g = await family(22, []);
    expectProblem(await join(f.code, { personId: g.son.id, relation: "son", coHolder: false, joinedOn: "2026-10-01", reason: "other" }), 409, "person_already_in_household");
    expectProblem(await join(f.code, { personId: f.son.id, relation: "son", coHolder: false, joinedOn: "2026-10-01", reason: "other" }), 409, "person_already_in_household");
  });

  it("a relation code that does not fit with 422, a future date with 422 date_in_future, an unknown reason with 400, an unknown household with 404", async () => {
    const f = await family(23, []);
    const baby = await memberPerson("孙小宝23");
    expectProblem(await join(f.code, { personId: baby.id, relation: "grandchild", relationCode: "22", coHolder: true, joinedOn: "2026-10-01", reason: "birth" }), 422, "relation_code_mismatch");
    expectProblem(await join(f.code, { personId: baby.id, relation: "grandchild", coHolder: true, joinedOn: "2026-12-01", reason: "birth" }), 422, "date_in_future");
    expectProblem(await join(f.code, { personId: baby.id, relation: "grandchild", coHolder: true, joinedOn: "2026-10-01", reason: "hukou" }), 400, "validation_failed");
    expectProblem(await join(contractorCode(VILLAGE.issuerCode, 7999), { personId: baby.id, relation: "grandchild", coHolder: true, joinedOn: "2026-10-01", reason: "birth" }), 404, "household_not_found");
    expectProblem(await join(f.code, { personId: "prs_nobody", relation: "grandchild", coHolder: true, joinedOn: "2026-10-01", reason: "birth" }), 404, "person_not_found");
  });

  it("the representative leaving with 409 representative_cannot_leave, a non-member with 409 person_not_in_household, a departure before joining with 422", async () => {
    const f = await family(24, []);
    expectProblem(await depart(f.code, f.head.id, { leftOn: "2026-10-01", reason: "death" }), 409, "representative_cannot_leave");
    const g = await family(25, []);
    expectProblem(await depart(f.code, g.son.id, { leftOn: "2026-10-01", reason: "other" }), 409, "person_not_in_household");
    const baby = await memberPerson("孙小宝24");
    expect((await join(f.code, { personId: baby.id, relation: "grandchild", coHolder: true, joinedOn: "2026-10-02", reason: "birth" })).status).toBe(201);
    expectProblem(await depart(f.code, baby.id, { leftOn: "2026-10-01", reason: "other" }), 422, "departure_before_joining");
  });

  it("a representative outside the household with 409 person_not_in_household, one whose membership ended with 409 representative_not_member", async () => {
    const f = await family(26, []);
    const g = await family(27, []);
    expectProblem(await represent(f.code, { personId: g.head.id, changedOn: "2026-11-01" }), 409, "person_not_in_household");
    const ended = await world.request("POST", `/v1/collectives/${VILLAGE.code}/members/${f.son.id}/termination`, { body: { reason: "became-civil-servant", effectiveOn: "2026-06-01" } });
    expect(ended.status, ended.text).toBe(200);
    expectProblem(await represent(f.code, { personId: f.son.id, changedOn: "2026-11-01" }), 409, "representative_not_member");
  });

  describe("a split", () => {
    let f: Awaited<ReturnType<typeof family>>;
    const a = contractorCode(VILLAGE.issuerCode, 31);
    const b = contractorCode(VILLAGE.issuerCode, 32);
    beforeAll(async () => {
      f = await family(30, [30, 31], { unit: 30 });
    });
    const parts = (change: (into: any[]) => void = () => {}) => {
      const into: any[] = [
        { contractorCode: a, representativeId: f.head.id, members: [{ personId: f.head.id, relation: "head", coHolder: true }, { personId: f.spouse.id, relation: "spouse", coHolder: true }], plotCodes: [f.plots[0]], homestead: f.unit },
        { contractorCode: b, representativeId: f.son.id, members: [{ personId: f.son.id, relation: "head", coHolder: true }, { personId: f.daughter.id, relation: "other-relative", coHolder: true }], plotCodes: [f.plots[1]] },
      ];
      change(into);
      return { splitOn: "2026-11-20", agreementRef: "分户协议", into };
    };

    it("into one household with 422 split_needs_two_households", async () => {
      expectProblem(await split(f.code, parts((into) => into.splice(1, 1))), 422, "split_needs_two_households");
    });
    it("with a code of another issuer or the old code with 422", async () => {
      expectProblem(await split(f.code, parts((into) => (into[1].contractorCode = contractorCode(GROUP.issuerCode, 1)))), 422, "contractor_code_outside_issuer");
      expectProblem(await split(f.code, parts((into) => (into[1].contractorCode = f.code))), 422, "split_households_duplicated");
      expectProblem(await split(f.code, parts((into) => (into[1].contractorCode = a))), 422, "split_households_duplicated");
      expectProblem(await split(f.code, parts((into) => (into[1].contractorCode = contractorCode(VILLAGE.issuerCode, 8001)))), 422, "contractor_code_not_household");
    });
    it("a member left out or listed twice, a plot or the homestead left out, with 409 or 422 naming the rule", async () => {
      expectProblem(await split(f.code, parts((into) => into[1].members.pop())), 409, "split_members_not_partitioned");
      expectProblem(await split(f.code, parts((into) => into[1].members.push({ personId: f.head.id, relation: "father", coHolder: true }))), 422, "household_member_duplicated");
      expectProblem(await split(f.code, parts((into) => (into[1].plotCodes = []))), 409, "split_plots_not_partitioned");
      expectProblem(await split(f.code, parts((into) => (into[1].plotCodes = [f.plots[0]]))), 422, "contract_plots_duplicated");
      expectProblem(await split(f.code, parts((into) => delete into[0].homestead)), 409, "split_homesteads_not_partitioned");
      expectProblem(await split(f.code, parts((into) => (into[0].representativeId = f.son.id))), 422, "representative_not_in_household");
    });
    it("into a registered code with 409 household_already_registered, before the last registration with 409 household_change_predates_registration", async () => {
      const other = await memberPerson("王某33");
      await registerHousehold(world, VILLAGE, 33, [{ personId: other.id }]);
      expectProblem(await split(f.code, parts((into) => (into[1].contractorCode = contractorCode(VILLAGE.issuerCode, 33)))), 409, "household_already_registered");
      expectProblem(await split(f.code, { ...parts(), splitOn: "1998-01-01" }), 409, "household_change_predates_registration");
    });
    it("while a transfer of its plot is open with 409 household_in_pending_application", async () => {
      const receiver = await memberPerson("于某34");
      await registerHousehold(world, VILLAGE, 34, [{ personId: receiver.id }]);
      const applied = await world.request("POST", "/v1/transfers", {
        body: { kind: "land-contract", collectiveCode: VILLAGE.code, from: { contractorCode: f.code }, to: { contractorCode: contractorCode(VILLAGE.issuerCode, 34) }, plotCodes: [f.plots[1]], price: "1000.00", agreementSignedOn: "2026-11-20" },
      });
      expect(applied.status, applied.text).toBe(201);
      expectProblem(await split(f.code, parts()), 409, "household_in_pending_application");
      const cancelled = await world.request("POST", `/v1/transfers/${applied.body.id}/cancellation`, { body: { reason: "撤回" } });
      expect(cancelled.status, cancelled.text).toBe(200);
      // Nothing was written by the refusals: the split now goes through.
      expect((await split(f.code, parts())).status).toBe(201);
      expectProblem(await split(f.code, parts()), 409, "household_not_active");
    });
  });

  it("a split or merge of a household whose plot is seized by court order with 409 right_seized", async () => {
    const x = await family(35, [35]);
    const y = await family(36, []);
    const seized = await world.request("POST", `/v1/collectives/${VILLAGE.code}/encumbrances`, {
      body: { kind: "seizure", subjectKind: "plot", subject: x.plots[0], party: "乳山市人民法院", documentRef: "（2026）鲁1083执123号", registeredOn: "2026-11-01" },
    });
    expect(seized.status, seized.text).toBe(201);
    const into = [x.head, x.son].map((p, i) => ({ contractorCode: contractorCode(VILLAGE.issuerCode, 37 + i), representativeId: p.id, members: [] as unknown[], plotCodes: i === 0 ? x.plots : [] }));
    into[0]!.members.push({ personId: x.head.id, relation: "head", coHolder: true }, { personId: x.spouse.id, relation: "spouse", coHolder: true });
    into[1]!.members.push({ personId: x.son.id, relation: "head", coHolder: true }, { personId: x.daughter.id, relation: "other-relative", coHolder: true });
    expectProblem(await split(x.code, { splitOn: "2026-11-20", agreementRef: "分户协议", into }), 409, "right_seized");
    expectProblem(await merge({ collectiveCode: VILLAGE.code, from: [y.code, x.code], into: { contractorCode: y.code, representativeId: y.head.id }, mergedOn: "2026-11-20", agreementRef: "合户协议" }), 409, "right_seized");
  });

  describe("a merge", () => {
    it("of two households that both hold a granted homestead with 409 merge_would_hold_two_homesteads", async () => {
      const x = await family(40, [40], { unit: 40 });
      const y = await family(41, [41], { unit: 41 });
      const res = await merge({ collectiveCode: VILLAGE.code, from: [x.code, y.code], into: { contractorCode: x.code, representativeId: x.head.id }, mergedOn: "2026-11-20", agreementRef: "合户协议" });
      expectProblem(res, 409, "merge_would_hold_two_homesteads");
    });
    it("of contracts with different terms with 409 merge_contract_terms_differ", async () => {
      const x = await family(42, [42]);
      const head = await memberPerson("王某43");
      await registerHousehold(world, VILLAGE, 43, [{ personId: head.id }]);
      await registerPlot(world, VILLAGE, 43);
      const y = contractorCode(VILLAGE.issuerCode, 43);
      const contract = await world.request("POST", `/v1/collectives/${VILLAGE.code}/land-contracts`, { body: { contractCode: `${y}J`, contractorCode: y, plotCodes: [plotCode(VILLAGE.issuerCode, 43)], startsOn: "2005-01-01", endsOn: "2035-12-31" } });
      expect(contract.status, contract.text).toBe(201);
      expectProblem(await merge({ collectiveCode: VILLAGE.code, from: [x.code, y], into: { contractorCode: y, representativeId: head.id }, mergedOn: "2026-11-20", agreementRef: "合户协议" }), 409, "merge_contract_terms_differ");
    });
    it("of one household twice with 422, restated members that are not those who move with 409, a dissolved household with 409", async () => {
      const x = await family(44, []);
      const y = await family(45, []);
      expectProblem(await merge({ collectiveCode: VILLAGE.code, from: [x.code, x.code], into: { contractorCode: x.code, representativeId: x.head.id }, mergedOn: "2026-11-20", agreementRef: "合户协议" }), 422, "merge_households_duplicated");
      expectProblem(
        await merge({ collectiveCode: VILLAGE.code, from: [x.code, y.code], into: { contractorCode: x.code, representativeId: x.head.id, members: [{ personId: y.head.id, relation: "son", coHolder: true }] }, mergedOn: "2026-11-20", agreementRef: "合户协议" }),
        409,
        "merge_members_mismatch",
      );
      expectProblem(await merge({ collectiveCode: VILLAGE.code, from: [x.code, y.code], into: { contractorCode: x.code, representativeId: "prs_nobody" }, mergedOn: "2026-11-20", agreementRef: "合户协议" }), 409, "person_not_in_household");
      expect((await merge({ collectiveCode: VILLAGE.code, from: [x.code, y.code], into: { contractorCode: x.code, representativeId: x.head.id }, mergedOn: "2026-11-20", agreementRef: "合户协议" })).status).toBe(201);
      const z = await family(46, []);
      expectProblem(await merge({ collectiveCode: VILLAGE.code, from: [y.code, z.code], into: { contractorCode: z.code, representativeId: z.head.id }, mergedOn: "2026-11-20", agreementRef: "合户协议" }), 409, "household_not_active");
      expectProblem(await merge({ collectiveCode: VILLAGE.code, from: [contractorCode(VILLAGE.issuerCode, 7998), z.code], into: { contractorCode: z.code, representativeId: z.head.id }, mergedOn: "2026-11-20", agreementRef: "合户协议" }), 404, "household_not_found");
    });
  });
});

describe("security of household changes", () => {
  let f: Awaited<ReturnType<typeof family>>;
  let refusals: { name: string; token: string; status: number; code: string }[];
  beforeAll(async () => {
    f = await family(50, []);
    refusals = [
      { name: "holder of the household", token: await createToken(world, { role: "holder", personId: f.head.id }), status: 403, code: "forbidden" },
      { name: "bureau of the county", token: await createToken(world, { role: "bureau", regionPrefix: "371083" }), status: 403, code: "forbidden" },
      { name: "registrar of another collective", token: await createToken(world, { role: "registrar", collectiveCode: GROUP.code }), status: 404, code: "household_not_found" },
    ];
  });
  runSecurityCases({
    world: () => world,
    method: "POST",
    path: () => `/v1/households/${f.code}/representative`,
    body: () => ({ personId: f.spouse.id, changedOn: "2026-11-01" }),
    refused: async () => refusals,
  });
  runSecurityCases({
    world: () => world,
    method: "POST",
    path: () => `/v1/households/${f.code}/split`,
    body: () => ({
      splitOn: "2026-11-20",
      agreementRef: "分户协议",
      into: [f.head, f.son].map((p, i) => ({ contractorCode: contractorCode(VILLAGE.issuerCode, 52 + i), representativeId: p.id, members: [{ personId: p.id, relation: "head", coHolder: true }], plotCodes: [] })),
    }),
    refused: async () => refusals,
  });
  runSecurityCases({
    world: () => world,
    method: "POST",
    path: () => "/v1/households/merge",
    body: () => ({ collectiveCode: VILLAGE.code, from: [f.code, contractorCode(VILLAGE.issuerCode, 51)], into: { contractorCode: f.code, representativeId: f.head.id }, mergedOn: "2026-11-20", agreementRef: "合户协议" }),
    refused: async () => refusals.map((r) => (r.code === "household_not_found" ? { ...r, code: "collective_not_found" } : r)),
  });
  it("lets a registrar of the collective register a departure, and answers a keyed retry with the first answer", async () => {
    const token = await createToken(world, { role: "registrar", collectiveCode: VILLAGE.code });
    const headers = { "Idempotency-Key": "depart-50-son" };
    const first = await world.request("POST", `/v1/households/${f.code}/members/${f.son.id}/departure`, { token, body: { leftOn: "2026-11-01", reason: "other" }, headers });
    expect(first.status, first.text).toBe(200);
    const replay = await world.request("POST", `/v1/households/${f.code}/members/${f.son.id}/departure`, { token, body: { leftOn: "2026-11-01", reason: "other" }, headers });
    expect(replay.status).toBe(200);
    expect(replay.headers.get("idempotency-replayed")).toBe("true");
    expect(replay.body).toEqual(first.body);
  });
});

describe("the database refuses writes around the domain (migration 0015)", () => {
  let f: Awaited<ReturnType<typeof family>>;
  let kept: Awaited<ReturnType<typeof family>>;
  const sql = (statement: string, args: (string | number)[] = []) => world.tdb.client.execute({ sql: statement, args });
  beforeAll(async () => {
    f = await family(60, [60]);
    kept = await family(63, [63]);
    const res = await split(f.code, {
      splitOn: "2026-11-20",
      agreementRef: "分户协议",
      into: [
        { contractorCode: contractorCode(VILLAGE.issuerCode, 61), representativeId: f.head.id, members: [{ personId: f.head.id, relation: "head", coHolder: true }, { personId: f.spouse.id, relation: "spouse", coHolder: true }], plotCodes: f.plots },
        { contractorCode: contractorCode(VILLAGE.issuerCode, 62), representativeId: f.son.id, members: [{ personId: f.son.id, relation: "head", coHolder: true }, { personId: f.daughter.id, relation: "other-relative", coHolder: true }], plotCodes: [] },
      ],
    });
    expect(res.status, res.text).toBe(201);
  });

  it("never deletes or rewrites a household member row: household_history_is_append_only", async () => {
    await expect(sql("DELETE FROM household_members WHERE contractor_code = ?", [kept.code])).rejects.toThrow(/household_history_is_append_only/);
    await expect(sql("UPDATE household_members SET relation = 'son' WHERE contractor_code = ? AND person_id = ?", [kept.code, kept.spouse.id])).rejects.toThrow(/household_history_is_append_only/);
    await expect(sql("UPDATE households SET origin = 'split' WHERE contractor_code = ?", [kept.code])).rejects.toThrow(/household_history_is_append_only/);
  });

  it("lets no representative leave an active household: representative_cannot_leave", async () => {
    await expect(
      sql("UPDATE household_members SET status = 'left', left_on = '2026-11-01', left_reason = 'other' WHERE contractor_code = ? AND person_id = ?", [kept.code, kept.head.id]),
    ).rejects.toThrow(/representative_cannot_leave/);
  });

  it("gives a dissolved household no member, no contract and no new life: household_not_active", async () => {
    await expect(
      sql("INSERT INTO household_members (id, collective_code, contractor_code, person_id, relation, relation_code, co_holder, status, created_at_ms) VALUES ('hhm_raw', ?, ?, ?, 'son', '20', 0, 'active', 0)", [VILLAGE.code, f.code, kept.son.id]),
    ).rejects.toThrow(/household_not_active/);
    await expect(
      sql("INSERT INTO land_contracts (contract_code, collective_code, contractor_code, mode, starts_on, ends_on, status, created_at_ms) VALUES (?, ?, ?, 'other', '2020-01-01', '2030-01-01', 'active', 0)", [`${f.code}Q`, VILLAGE.code, f.code]),
    ).rejects.toThrow(/household_not_active/);
    await expect(sql("UPDATE households SET status = 'active', dissolved_on = NULL WHERE contractor_code = ?", [f.code])).rejects.toThrow(/household_not_active/);
  });

  it("dissolves no household that still holds a right, and ends no contract that still covers a plot", async () => {
    await expect(sql("UPDATE households SET status = 'dissolved', dissolved_on = '2026-11-20' WHERE contractor_code = ?", [kept.code])).rejects.toThrow(/dissolved_household_holds_rights/);
    await expect(sql("UPDATE land_contracts SET status = 'ended' WHERE contract_code = ?", [kept.contractCode])).rejects.toThrow(/contract_ended_with_plots/);
  });

  it("names no representative from outside the household: person_not_in_household", async () => {
    await expect(sql("UPDATE households SET representative_id = ? WHERE contractor_code = ?", [f.son.id, kept.code])).rejects.toThrow(/person_not_in_household/);
  });
});
