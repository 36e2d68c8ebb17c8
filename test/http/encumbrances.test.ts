import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { movableClock } from "../../src/lib/clock.js";
import {
  admitMember,
  contractorCode,
  createToken,
  expectProblem,
  GROUP,
  plotCode,
  recordResolution,
  registerCollective,
  registerContract,
  registerHousehold,
  registerPerson,
  registerPlot,
  unitNumber,
  VILLAGE,
} from "../support/fixtures.js";
import { runSecurityCases } from "../support/security.js";
import { createWorld, TODAY, type World } from "../support/world.js";

/**
 * Encumbrances on rights (异议登记, 查封, 抵押, 土地经营权登记): registered, shown on titles and certificates, and
 * refusing the changes they block — at the application and again at registration — with the code naming them.
 * One world whose clock starts each test at 2026-11-27 (CST) and moves within it; notices run 0 days, so an
 * application is approved and paid the day it is made. Each test owns its households, plots and persons.
 */
let world: World;
const clock = movableClock(TODAY);
const CODE = VILLAGE.code;
let nextHousehold = 1;
let nextPerson = 1;

async function memberPerson(name: string, code = CODE) {
  const person = await registerPerson(world, nextPerson++, name);
  await admitMember(world, code, person.id);
  return person;
}

/** A household of one member with a contract (1998-10-01 → 2028-09-30) over `plots` new plots. */
async function household(plots = 1) {
  const seq = nextHousehold++;
  const head = await memberPerson(`王建国${seq}`);
  await registerHousehold(world, VILLAGE, seq, [{ personId: head.id }]);
  const plotSeqs = Array.from({ length: plots }, (_, i) => seq * 10 + i);
  for (const p of plotSeqs) await registerPlot(world, VILLAGE, p);
  if (plots > 0) await registerContract(world, VILLAGE, seq, plotSeqs);
  const contractor = contractorCode(VILLAGE.issuerCode, seq);
  return { seq, head, contractor, contractCode: `${contractor}J`, plots: plotSeqs.map((p) => plotCode(VILLAGE.issuerCode, p)) };
}

const encumber = (body: Record<string, unknown>, opts: { token?: string; code?: string } = {}) =>
  world.request("POST", `/v1/collectives/${opts.code ?? CODE}/encumbrances`, { body, token: opts.token });
const objection = (subjectKind: string, subject: string, change: Record<string, unknown> = {}) => ({
  kind: "objection",
  subjectKind,
  subject,
  party: "李秀兰",
  documentRef: "异议登记申请书〔2026〕3号",
  registeredOn: TODAY,
  ...change,
});
const seizure = (subjectKind: string, subject: string, change: Record<string, unknown> = {}) => ({
  kind: "seizure",
  subjectKind,
  subject,
  party: "乳山市人民法院",
  documentRef: "（2026）鲁1083执123号",
  registeredOn: TODAY,
  ...change,
});
const pledge = (subjectKind: string, subject: string, change: Record<string, unknown> = {}) => ({
  kind: "pledge",
  subjectKind,
  subject,
  party: "乳山农商银行",
  documentRef: "土地经营权抵押合同〔2026〕18号",
  registeredOn: TODAY,
  securedAmount: "200000.00",
  ...change,
});
async function registered(body: Record<string, unknown>) {
  const res = await encumber(body);
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string; [k: string]: unknown };
}
const path = (id: string, what = "") => `/v1/collectives/${CODE}/encumbrances/${id}${what}`;

const transferLand = (from: string, to: string, plotCodes: string[]) =>
  world.request("POST", "/v1/transfers", {
    body: { kind: "land-contract", collectiveCode: CODE, from: { contractorCode: from }, to: { contractorCode: to }, plotCodes, price: "18000.00", agreementSignedOn: "2026-11-20" },
  });
const approve = (kind: "transfers" | "withdrawals", id: string) =>
  world.request("POST", `/v1/${kind}/${id}/approval`, { body: { resolutionRef: "午极村股份经济合作社理事会决定〔2026〕12号", decidedOn: clock.today() } });
const pay = (kind: "transfers" | "withdrawals", id: string, amount = "18000.00") =>
  world.request("POST", `/v1/${kind}/${id}/payment`, { body: { amount, paidOn: clock.today(), reference: "乳山农商银行转账 0001" } });

async function journalTypes(subject: string) {
  const res = await world.request("GET", `/v1/journal?collectiveCode=${CODE}&limit=1000`);
  return (res.body.events as { type: string; subject: string }[]).filter((e) => e.subject === subject).map((e) => e.type);
}

beforeAll(async () => {
  world = await createWorld(clock);
  await registerCollective(world, VILLAGE, { noticeDays: 0 });
  await registerCollective(world, GROUP);
});
afterEach(() => clock.set(TODAY));
afterAll(() => world.close());

describe("POST /v1/collectives/{code}/encumbrances", () => {
  describe("accepts", () => {
    it("registers an objection on a plot: in effect for 15 days, blocking transfers and withdrawals, journaled", async () => {
      const h = await household();
      const res = await encumber(objection("plot", h.plots[0]!, { note: "四至争议" }));
      expect(res.status, res.text).toBe(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^enc_371083_/),
        collectiveCode: CODE,
        kind: "objection",
        subjectKind: "plot",
        subject: h.plots[0],
        party: "李秀兰",
        documentRef: "异议登记申请书〔2026〕3号",
        registeredOn: TODAY,
        effectiveUntil: "2026-12-12",
        lawsuit: null,
        lifted: null,
        detail: { note: "四至争议" },
        status: "in-effect",
        inEffect: true,
        blocks: ["transfer", "withdrawal"],
        recordedAt: expect.any(String),
      });
      expect(await journalTypes(res.body.id)).toEqual(["encumbrance.registered"]);
      const got = await world.request("GET", path(res.body.id));
      expect(got.status, got.text).toBe(200);
      expect(got.body).toEqual(res.body);
    });

    it("registers a seizure of a contract with a term, a pledge of it, and lists them by subject and state", async () => {
      const h = await household(2);
      const seized = await registered(seizure("land-contract", h.contractCode, { effectiveUntil: "2029-11-26" }));
      expect(seized).toMatchObject({ kind: "seizure", effectiveUntil: "2029-11-26", inEffect: true, blocks: ["transfer", "withdrawal", "succession", "correction", "extension", "household-change"] });
      const pledged = await registered(pledge("land-contract", h.contractCode));
      expect(pledged).toMatchObject({ kind: "pledge", effectiveUntil: null, detail: { securedAmount: "200000.00" }, blocks: ["transfer", "withdrawal"] });
      const listed = await world.request("GET", `/v1/collectives/${CODE}/encumbrances?subjectKind=land-contract&subject=${h.contractCode}`);
      expect(listed.status, listed.text).toBe(200);
      expect(listed.body.encumbrances.map((e: { id: string }) => e.id)).toEqual([seized.id, pledged.id]);
      const seizures = await world.request("GET", `/v1/collectives/${CODE}/encumbrances?kind=seizure&inEffect=true&subject=${h.contractCode}`);
      expect(seizures.body.encumbrances.map((e: { id: string }) => e.id)).toEqual([seized.id]);
      const ended = await world.request("GET", `/v1/collectives/${CODE}/encumbrances?inEffect=false&subject=${h.contractCode}`);
      expect(ended.body.encumbrances).toEqual([]);
    });

    it("registers a filed circulation of 5 years or more as a management right: shown, blocking nothing", async () => {
      const h = await household(1);
      const receiver = await household(0);
      const filed = await world.request("POST", `/v1/plots/${h.plots[0]}/management-rights`, {
        body: { kind: "lease", transferee: { name: "乳山市绿源种植专业合作社" }, startsOn: "2023-01-01", endsOn: "2027-12-31", annualRent: "800.00" },
      });
      expect(filed.status, filed.text).toBe(201);
      const res = await encumber({ kind: "management-right", subjectKind: "plot", subject: h.plots[0], managementRightId: filed.body.id, documentRef: "土地经营权流转合同〔2023〕5号", registeredOn: TODAY });
      expect(res.status, res.text).toBe(201);
      expect(res.body).toMatchObject({
        party: "乳山市绿源种植专业合作社",
        effectiveUntil: "2027-12-31",
        detail: { managementRightId: filed.body.id, circulation: "lease", startsOn: "2023-01-01", endsOn: "2027-12-31", annualRent: "800.00" },
        inEffect: true,
        blocks: [],
      });
      const plot = await world.request("GET", `/v1/plots/${h.plots[0]}`);
      expect(plot.body.encumbrances).toEqual([expect.objectContaining({ id: res.body.id, kind: "management-right", inEffect: true })]);
      // The contract right stays with the household, which may still transfer it.
      expect((await transferLand(h.contractor, receiver.contractor, h.plots)).status).toBe(201);
    });
  });

  describe("rejects", () => {
    it.each<[string, (h: { plots: string[]; contractCode: string }) => Record<string, unknown>, number, string]>([
      ["an objection with its own end date with 422 objection_lapse_fixed_by_law", (h) => objection("plot", h.plots[0]!, { effectiveUntil: "2027-01-01" }), 422, "objection_lapse_fixed_by_law"],
      ["a seizure ending before it begins with 422 encumbrance_period_invalid", (h) => seizure("plot", h.plots[0]!, { effectiveUntil: "2026-11-01" }), 422, "encumbrance_period_invalid"],
      ["a registration dated tomorrow with 422 date_in_future", (h) => seizure("plot", h.plots[0]!, { registeredOn: "2026-11-28" }), 422, "date_in_future"],
      ["a management right on a contract with 422 encumbrance_subject_invalid", (h) => ({ kind: "management-right", subjectKind: "land-contract", subject: h.contractCode, managementRightId: "mgr_x", documentRef: "x", registeredOn: TODAY }), 422, "encumbrance_subject_invalid"],
      ["an objection without its objector with 400 validation_failed", (h) => ({ ...objection("plot", h.plots[0]!), party: undefined }), 400, "validation_failed"],
      ["a plot of no collective with 404 plot_not_found", () => seizure("plot", plotCode(VILLAGE.issuerCode, 99_999)), 404, "plot_not_found"],
      ["a contract of no collective with 404 land_contract_not_found", () => seizure("land-contract", `${contractorCode(VILLAGE.issuerCode, 7999)}J`), 404, "land_contract_not_found"],
      ["shares of nobody with 404 person_not_found", () => seizure("equity", "prs_371083_nobody"), 404, "person_not_found"],
      ["a management right never filed with 404 management_right_not_found", (h) => ({ kind: "management-right", subjectKind: "plot", subject: h.plots[0], managementRightId: "mgr_missing", documentRef: "x", registeredOn: TODAY }), 404, "management_right_not_found"],
    ])("rejects %s", async (_name, body, status, code) => {
      const h = await household();
      expectProblem(await encumber(body(h)), status, code);
    });

    it("rejects a pledge on a homestead with 422 encumbrance_subject_invalid", async () => {
      const h = await household(0);
      const unit = unitNumber(VILLAGE.regionCode, h.seq);
      const homestead = await world.request("POST", `/v1/collectives/${CODE}/homesteads`, { body: { unitNumber: unit, contractorCode: h.contractor, areaM2: "180.00", approvedOn: "2024-05-01", origin: "existing" } });
      expect(homestead.status, homestead.text).toBe(201);
      expectProblem(await encumber(pledge("homestead", unit)), 422, "encumbrance_subject_invalid");
      expect((await encumber(seizure("homestead", unit))).status).toBe(201);
    });

    it("rejects an encumbrance on a plot under no contract, or on shares not held, with 409 right_not_registered", async () => {
      await registerPlot(world, VILLAGE, 9_001);
      expectProblem(await encumber(seizure("plot", plotCode(VILLAGE.issuerCode, 9_001))), 409, "right_not_registered");
      const person = await memberPerson("无股者");
      expectProblem(await encumber(pledge("equity", person.id)), 409, "right_not_registered");
    });

    it("rejects a circulation shorter than 5 years with 409 management_right_not_registrable, and a second registration with 409 management_right_already_registered", async () => {
      const h = await household(1);
      const short = await world.request("POST", `/v1/plots/${h.plots[0]}/management-rights`, {
        body: { kind: "lease", transferee: { name: "张三" }, startsOn: "2026-01-01", endsOn: "2027-12-31", annualRent: "600.00" },
      });
      expect(short.status, short.text).toBe(201);
      const register = (id: string) => encumber({ kind: "management-right", subjectKind: "plot", subject: h.plots[0], managementRightId: id, documentRef: "流转合同", registeredOn: TODAY });
      expectProblem(await register(short.body.id), 409, "management_right_not_registrable");
      const h2 = await household(1);
      const long = await world.request("POST", `/v1/plots/${h2.plots[0]}/management-rights`, {
        body: { kind: "shares", transferee: { name: "合作社" }, startsOn: "2022-01-01", endsOn: "2028-09-30", annualRent: "700.00" },
      });
      const again = () => encumber({ kind: "management-right", subjectKind: "plot", subject: h2.plots[0], managementRightId: long.body.id, documentRef: "流转合同", registeredOn: TODAY });
      expect((await again()).status).toBe(201);
      expectProblem(await again(), 409, "management_right_already_registered");
    });

    it("rejects another collective's plot as not found (404 plot_not_found), whatever the caller", async () => {
      const h = await household();
      expectProblem(await encumber(seizure("plot", h.plots[0]!), { code: GROUP.code }), 404, "plot_not_found");
    });
  });

  runSecurityCases({
    world: () => world,
    method: "POST",
    path: () => `/v1/collectives/${CODE}/encumbrances`,
    body: () => seizure("plot", plotCode(VILLAGE.issuerCode, 1)),
    refused: async () => {
      const holder = await memberPerson("持证人");
      return [
        { name: "bureau (read-only)", token: await createToken(world, { role: "bureau", regionPrefix: "371083" }), status: 403, code: "forbidden" },
        { name: "holder (read-only)", token: await createToken(world, { role: "holder", personId: holder.id }), status: 403, code: "forbidden" },
        { name: "registrar of another collective", token: await createToken(world, { role: "registrar", collectiveCode: GROUP.code }), status: 404, code: "collective_not_found" },
      ];
    },
  });
});

describe("GET /v1/collectives/{code}/encumbrances", () => {
  runSecurityCases({
    world: () => world,
    method: "GET",
    path: () => `/v1/collectives/${CODE}/encumbrances`,
    refused: async () => {
      const holder = await memberPerson("持证人");
      return [
        { name: "holder", token: await createToken(world, { role: "holder", personId: holder.id }), status: 404, code: "collective_not_found" },
        { name: "registrar of another collective", token: await createToken(world, { role: "registrar", collectiveCode: GROUP.code }), status: 404, code: "collective_not_found" },
        { name: "bureau of another region", token: await createToken(world, { role: "bureau", regionPrefix: "370114" }), status: 404, code: "collective_not_found" },
      ];
    },
  });

  it("answers 404 encumbrance_not_found for an id the collective does not have", async () => {
    expectProblem(await world.request("GET", path("enc_371083_missing")), 404, "encumbrance_not_found");
  });
});

describe("objections: 15 days, unless a lawsuit is recorded (Civil Code Art. 220)", () => {
  it("blocks a transfer while in effect; on the 16th day it has lapsed by itself and no longer blocks", async () => {
    const giver = await household(1);
    const receiver = await household(0);
    const e = await registered(objection("plot", giver.plots[0]!));
    expectProblem(await transferLand(giver.contractor, receiver.contractor, giver.plots), 409, "right_under_objection");
    clock.set("2026-12-12");
    const lastDay = await transferLand(giver.contractor, receiver.contractor, giver.plots);
    expectProblem(lastDay, 409, "right_under_objection");
    expect(lastDay.body.detail).toContain(e.id);
    clock.set("2026-12-13");
    expect((await world.request("GET", path(e.id))).body).toMatchObject({ status: "lapsed", inEffect: false, blocks: [] });
    const applied = await transferLand(giver.contractor, receiver.contractor, giver.plots);
    expect(applied.status, applied.text).toBe(201);
    expect((await approve("transfers", applied.body.id)).status).toBe(200);
    expect((await pay("transfers", applied.body.id)).status).toBe(200);
    // Too late for a lawsuit, or a lifting.
    expectProblem(await world.request("POST", path(e.id, "/lawsuit"), { body: { lawsuitRef: "（2026）鲁1083民初1234号" } }), 409, "objection_lapsed");
    expectProblem(await world.request("POST", path(e.id, "/release"), { body: { liftedOn: "2026-12-13", reason: "撤回" } }), 409, "encumbrance_not_in_effect");
  });

  it("keeps blocking after 15 days once its lawsuit is recorded in time, until lifted; and blocks a withdrawal too", async () => {
    const giver = await household(1);
    const receiver = await household(0);
    const e = await registered(objection("land-contract", giver.contractCode));
    clock.set("2026-12-10");
    const sued = await world.request("POST", path(e.id, "/lawsuit"), { body: { lawsuitRef: "（2026）鲁1083民初1234号" } });
    expect(sued.status, sued.text).toBe(200);
    expect(sued.body).toMatchObject({ lawsuit: { ref: "（2026）鲁1083民初1234号", recordedOn: "2026-12-10" }, effectiveUntil: "2026-12-12", inEffect: true });
    expectProblem(await world.request("POST", path(e.id, "/lawsuit"), { body: { lawsuitRef: "again" } }), 409, "lawsuit_already_recorded");
    clock.set("2027-03-01");
    expect((await world.request("GET", path(e.id))).body).toMatchObject({ status: "in-effect", inEffect: true });
    expectProblem(await transferLand(giver.contractor, receiver.contractor, giver.plots), 409, "right_under_objection");
    const withdrawal = await world.request("POST", "/v1/withdrawals", {
      body: { kind: "land-contract", collectiveCode: CODE, from: { contractorCode: giver.contractor }, plotCodes: giver.plots, compensation: "9000.00", agreementSignedOn: "2027-03-01", writtenNoticeOn: "2026-08-01" },
    });
    expectProblem(withdrawal, 409, "right_under_objection");
    const lifted = await world.request("POST", path(e.id, "/release"), { body: { liftedOn: "2027-02-27", reason: "（2026）鲁1083民初1234号民事判决驳回诉讼请求" } });
    expect(lifted.status, lifted.text).toBe(200);
    expect(lifted.body).toMatchObject({ status: "lifted", inEffect: false, lifted: { on: "2027-02-27" } });
    expect((await transferLand(giver.contractor, receiver.contractor, giver.plots)).status).toBe(201);
    expect(await journalTypes(e.id)).toEqual(["encumbrance.registered", "encumbrance.lawsuit_recorded", "encumbrance.released"]);
  });

  it("rejects a lawsuit on a seizure (409 lawsuit_recorded_only_on_objections), a lift before the registration (422) and a second lift (409)", async () => {
    const h = await household(1);
    const e = await registered(seizure("plot", h.plots[0]!));
    expectProblem(await world.request("POST", path(e.id, "/lawsuit"), { body: { lawsuitRef: "x" } }), 409, "lawsuit_recorded_only_on_objections");
    expectProblem(await world.request("POST", path(e.id, "/release"), { body: { liftedOn: "2026-11-26", reason: "x" } }), 422, "encumbrance_lift_invalid");
    expectProblem(await world.request("POST", path(e.id, "/release"), { body: { liftedOn: "2026-11-28", reason: "x" } }), 422, "date_in_future");
    expect((await world.request("POST", path(e.id, "/release"), { body: { liftedOn: TODAY, reason: "解除查封裁定" } })).status).toBe(200);
    expectProblem(await world.request("POST", path(e.id, "/release"), { body: { liftedOn: TODAY, reason: "again" } }), 409, "encumbrance_not_in_effect");
    expectProblem(await world.request("POST", path("enc_371083_missing", "/release"), { body: { liftedOn: TODAY, reason: "x" } }), 404, "encumbrance_not_found");
  });

  runSecurityCases({
    world: () => world,
    method: "POST",
    path: () => path("enc_371083_any", "/lawsuit"),
    body: () => ({ lawsuitRef: "（2026）鲁1083民初1234号" }),
    refused: async () => [
      { name: "bureau (read-only)", token: await createToken(world, { role: "bureau", regionPrefix: "371083" }), status: 403, code: "forbidden" },
      { name: "registrar of another collective", token: await createToken(world, { role: "registrar", collectiveCode: GROUP.code }), status: 404, code: "collective_not_found" },
    ],
  });
});

describe("seizures (查封) block every change of the right", () => {
  it("blocks a transfer at the application, and — registered during the notice — again at the payment, until lifted", async () => {
    const giver = await household(2);
    const receiver = await household(0);
    const seized = await registered(seizure("plot", giver.plots[0]!));
    const refused = await transferLand(giver.contractor, receiver.contractor, [giver.plots[0]!]);
    expectProblem(refused, 409, "right_seized");
    expect(refused.body.detail).toContain("乳山市人民法院");
    expect((await world.request("POST", path(seized.id, "/release"), { body: { liftedOn: TODAY, reason: "解除查封" } })).status).toBe(200);

    // Applied; during its public notice a court seizes the whole contract; the approval does not look, the payment does.
    const applied = await transferLand(giver.contractor, receiver.contractor, [giver.plots[1]!]);
    expect(applied.status, applied.text).toBe(201);
    expect(applied.body.status).toBe("in-notice");
    const second = await registered(seizure("land-contract", giver.contractCode, { documentRef: "（2026）鲁1083执200号" }));
    expect((await approve("transfers", applied.body.id)).status).toBe(200);
    clock.set("2026-11-30");
    const atPayment = await pay("transfers", applied.body.id);
    expectProblem(atPayment, 409, "right_seized");
    expect(atPayment.body.detail).toContain(second.id);
    expect((await world.request("GET", `/v1/transfers/${applied.body.id}`)).body.status).toBe("approved");
    expect((await world.request("POST", path(second.id, "/release"), { body: { liftedOn: "2026-11-30", reason: "（2026）鲁1083执200号之一" } })).status).toBe(200);
    const paid = await pay("transfers", applied.body.id);
    expect(paid.status, paid.text).toBe(200);
    expect(paid.body.status).toBe("registered");
  });

  it("stops blocking after its term", async () => {
    const giver = await household(1);
    const receiver = await household(0);
    await registered(seizure("land-contract", giver.contractCode, { effectiveUntil: "2026-12-31" }));
    expectProblem(await transferLand(giver.contractor, receiver.contractor, giver.plots), 409, "right_seized");
    clock.set("2027-01-01");
    expect((await transferLand(giver.contractor, receiver.contractor, giver.plots)).status).toBe(201);
  });

  it("blocks an equity transfer and the succession of seized shares", async () => {
    const seller = await memberPerson("孙志强");
    const buyer = await memberPerson("孙建国");
    const deceased = await memberPerson("孙秀英");
    const heir = await memberPerson("于海涛");
    const resolutionRef = await recordResolution(world, CODE, ["equity-issuance"]);
    const issued = await world.request("POST", `/v1/collectives/${CODE}/equity/issuances`, {
      body: { resolutionRef, allocations: [seller, deceased, heir].map((p) => ({ personId: p.id, shareClass: "population", shares: "10" })) },
    });
    expect(issued.status, issued.text).toBe(201);
    await registered(seizure("equity", seller.id));
    await registered(seizure("equity", deceased.id));
    const transfer = await world.request("POST", "/v1/transfers", {
      body: { kind: "equity", collectiveCode: CODE, from: { personId: seller.id }, to: { personId: buyer.id }, shares: "5", price: "3000.00", agreementSignedOn: "2026-11-20" },
    });
    expectProblem(transfer, 409, "right_seized");
    const died = await world.request("POST", `/v1/collectives/${CODE}/members/${deceased.id}/termination`, { body: { reason: "death", effectiveOn: TODAY } });
    expect(died.status, died.text).toBe(200);
    const succession = await world.request("POST", `/v1/collectives/${CODE}/equity/successions`, {
      body: { deceasedPersonId: deceased.id, heirs: [{ personId: heir.id, shares: "10" }], evidenceRef: "（2026）鲁乳山证字第1号继承公证书" },
    });
    expectProblem(succession, 409, "right_seized");
    // An objection does not block a succession.
    const other = await memberPerson("王桂兰");
    const ref2 = await recordResolution(world, CODE, ["equity-issuance"]);
    expect((await world.request("POST", `/v1/collectives/${CODE}/equity/issuances`, { body: { resolutionRef: ref2, allocations: [{ personId: other.id, shareClass: "population", shares: "4" }] } })).status).toBe(201);
    await registered(objection("equity", other.id));
    expect((await world.request("POST", `/v1/collectives/${CODE}/members/${other.id}/termination`, { body: { reason: "death", effectiveOn: TODAY } })).status).toBe(200);
    const allowed = await world.request("POST", `/v1/collectives/${CODE}/equity/successions`, {
      body: { deceasedPersonId: other.id, heirs: [{ personId: heir.id, shares: "4" }], evidenceRef: "（2026）鲁乳山证字第2号继承公证书" },
    });
    expect(allowed.status, allowed.text).toBe(201);
  });
});

describe("pledges block a transfer until the pledgee consents to it", () => {
  it("lets the application through, refuses the payment with 409 right_pledged, and registers it once the consent is recorded", async () => {
    const giver = await household(1);
    const receiver = await household(0);
    const p = await registered(pledge("land-contract", giver.contractCode));
    const applied = await transferLand(giver.contractor, receiver.contractor, giver.plots);
    expect(applied.status, applied.text).toBe(201);
    const id = applied.body.id as string;
    expect((await approve("transfers", id)).status).toBe(200);
    expectProblem(await pay("transfers", id), 409, "right_pledged");

    const before = await world.request("GET", `/v1/transfers/${id}/pledgee-consents`);
    expect(before.status, before.text).toBe(200);
    expect(before.body).toEqual({
      applicationId: id,
      pledges: [{ encumbranceId: p.id, subjectKind: "land-contract", subject: giver.contractCode, pledgee: "乳山农商银行", documentRef: "土地经营权抵押合同〔2026〕18号", registeredOn: TODAY, effectiveUntil: null, inEffect: true, consent: null }],
    });
    const consent = { encumbranceId: p.id, documentRef: "乳山农商银行同意转让函〔2026〕18号", consentedOn: TODAY };
    const recorded = await world.request("POST", `/v1/transfers/${id}/pledgee-consents`, { body: consent });
    expect(recorded.status, recorded.text).toBe(201);
    expect(recorded.body.pledges[0].consent).toEqual({ documentRef: consent.documentRef, consentedOn: TODAY });
    expectProblem(await world.request("POST", `/v1/transfers/${id}/pledgee-consents`, { body: consent }), 409, "pledgee_consent_already_recorded");
    expectProblem(await world.request("POST", `/v1/withdrawals/${id}/pledgee-consents`, { body: consent }), 404, "application_not_found");
    expect(await journalTypes(id)).toContain("transfer.pledgee_consented");

    const paid = await pay("transfers", id);
    expect(paid.status, paid.text).toBe(200);
    expect(paid.body.status).toBe("registered");
  });

  it("rejects a consent for what is not a pledge on the application's right with 409 pledgee_consent_not_needed", async () => {
    const giver = await household(1);
    const receiver = await household(0);
    const elsewhere = await household(1);
    const otherPledge = await registered(pledge("land-contract", elsewhere.contractCode));
    const applied = await transferLand(giver.contractor, receiver.contractor, giver.plots);
    expect(applied.status, applied.text).toBe(201);
    expectProblem(
      await world.request("POST", `/v1/transfers/${applied.body.id}/pledgee-consents`, { body: { encumbranceId: otherPledge.id, documentRef: "x", consentedOn: TODAY } }),
      409,
      "pledgee_consent_not_needed",
    );
  });

  runSecurityCases({
    world: () => world,
    method: "POST",
    path: () => "/v1/transfers/trf_371083_any/pledgee-consents",
    body: () => ({ encumbranceId: "enc_371083_any", documentRef: "同意函", consentedOn: TODAY }),
  });
});

describe("titles and certificates show encumbrances", () => {
  it("shows them on the plot, its history and the homestead; annotates the valid certificate's document and verification page (附记) while in effect", async () => {
    const h = await household(2);
    const unit = unitNumber(VILLAGE.regionCode, h.seq);
    expect((await world.request("POST", `/v1/collectives/${CODE}/homesteads`, { body: { unitNumber: unit, contractorCode: h.contractor, areaM2: "180.00", approvedOn: "2024-05-01", origin: "existing" } })).status).toBe(201);
    const onPlot = await registered(objection("plot", h.plots[0]!));
    const onContract = await registered(seizure("land-contract", h.contractCode));
    const onHomestead = await registered(seizure("homestead", unit, { documentRef: "（2026）鲁1083执300号" }));
    const note = (e: { id: string }, kind: string, subjectKind: string, subject: string, party: string, documentRef: string, effectiveUntil: string | null) => ({
      id: e.id,
      kind,
      subjectKind,
      subject,
      party,
      documentRef,
      registeredOn: TODAY,
      effectiveUntil,
      lawsuitRef: null,
      liftedOn: null,
      status: "in-effect",
      inEffect: true,
    });
    const plot = await world.request("GET", `/v1/plots/${h.plots[0]}`);
    expect(plot.status, plot.text).toBe(200);
    expect(plot.body.encumbrances).toEqual([
      note(onPlot, "objection", "plot", h.plots[0]!, "李秀兰", "异议登记申请书〔2026〕3号", "2026-12-12"),
      note(onContract, "seizure", "land-contract", h.contractCode, "乳山市人民法院", "（2026）鲁1083执123号", null),
    ]);
    expect((await world.request("GET", `/v1/plots/${h.plots[1]}`)).body.encumbrances.map((e: { id: string }) => e.id)).toEqual([onContract.id]);
    expect((await world.request("GET", `/v1/plots/${h.plots[0]}/history`)).body.encumbrances.map((e: { id: string }) => e.id)).toEqual([onPlot.id, onContract.id]);
    const homestead = await world.request("GET", `/v1/homesteads/${unit}`);
    expect(homestead.body.encumbrances).toEqual([note(onHomestead, "seizure", "homestead", unit, "乳山市人民法院", "（2026）鲁1083执300号", null)]);
    expect((await world.request("GET", `/v1/homesteads/${unit}/history`)).body.encumbrances.map((e: { id: string }) => e.id)).toEqual([onHomestead.id]);

    const certificateNo = `${h.contractCode}-0001`;
    const doc = await world.request("GET", `/v1/certificates/${certificateNo}/document`);
    expect(doc.status, doc.text).toBe(200);
    expect(doc.text).toContain('id="encumbrances"');
    expect(doc.text).toContain(`地块 ${h.plots[0]} 异议登记：李秀兰，异议登记申请书〔2026〕3号，2026年11月27日起至2026年12月12日`);
    expect(doc.text).toContain("查封：乳山市人民法院，（2026）鲁1083执123号，2026年11月27日起至解除时止");
    const signature = (await world.request("GET", `/v1/certificates/${certificateNo}`)).body.signature as string;
    const page = await world.request("GET", `/v1/certificates/${certificateNo}/verification?sig=${encodeURIComponent(signature)}`, { token: null, headers: { Accept: "text/html" } });
    expect(page.status, page.text).toBe(200);
    expect(page.text).toContain("权利限制");
    expect(page.text).toContain("查封：乳山市人民法院");
    // Without the signature, nothing about the right — nor its restrictions — is shown.
    const unsigned = await world.request("GET", `/v1/certificates/${certificateNo}/verification`, { token: null, headers: { Accept: "text/html" } });
    expect(unsigned.text).not.toContain("权利限制");

    // Lapsed and lifted: still listed on the title, no longer in effect, and gone from the certificate.
    clock.set("2026-12-13");
    expect((await world.request("POST", path(onContract.id, "/release"), { body: { liftedOn: "2026-12-13", reason: "解除查封" } })).status).toBe(200);
    const later = await world.request("GET", `/v1/plots/${h.plots[0]}`);
    expect(later.body.encumbrances.map((e: { status: string }) => e.status)).toEqual(["lapsed", "lifted"]);
    const docLater = await world.request("GET", `/v1/certificates/${certificateNo}/document`);
    expect(docLater.text).not.toContain('id="encumbrances"');
    const homesteadDoc = await world.request("GET", `/v1/certificates/${unit}-0001/document`);
    expect(homesteadDoc.status, homesteadDoc.text).toBe(200);
    expect(homesteadDoc.text).toContain("查封：乳山市人民法院，（2026）鲁1083执300号");
  });
});

describe("database guards", () => {
  it("never deletes an encumbrance or rewrites its facts; records a lawsuit only on an objection, in time", async () => {
    const h = await household(1);
    const e = await registered(objection("plot", h.plots[0]!));
    const sql = (text: string, args: unknown[] = []) => world.tdb.client.execute({ sql: text, args: args as never });
    await expect(sql("DELETE FROM encumbrances WHERE id = ?", [e.id])).rejects.toThrow(/encumbrance_history_is_append_only/);
    await expect(sql("UPDATE encumbrances SET party = '张三' WHERE id = ?", [e.id])).rejects.toThrow(/encumbrance_facts_are_immutable/);
    await expect(sql("UPDATE encumbrances SET effective_until = '2027-12-31' WHERE id = ?", [e.id])).rejects.toThrow(/encumbrance_facts_are_immutable/);
    await expect(sql("UPDATE encumbrances SET lawsuit_ref = 'x', lawsuit_recorded_on = '2026-12-13' WHERE id = ?", [e.id])).rejects.toThrow(/objection_lapsed/);
    await sql("UPDATE encumbrances SET lawsuit_ref = 'x', lawsuit_recorded_on = '2026-12-01' WHERE id = ?", [e.id]);
    await expect(sql("UPDATE encumbrances SET lawsuit_ref = 'y' WHERE id = ?", [e.id])).rejects.toThrow(/encumbrance_facts_are_immutable/);
    const s = await registered(seizure("plot", h.plots[0]!));
    await expect(sql("UPDATE encumbrances SET lawsuit_ref = 'x', lawsuit_recorded_on = '2026-11-27' WHERE id = ?", [s.id])).rejects.toThrow(/lawsuit_recorded_only_on_objections/);
    await expect(
      sql("INSERT INTO encumbrances (id, collective_code, kind, subject_kind, subject, party, document_ref, registered_on, effective_until, detail_json, recorded_at_ms, journal_seq) VALUES ('enc_x', ?, 'objection', 'plot', ?, 'p', 'd', '2026-11-27', '2027-11-27', '{}', 0, 0)", [CODE, h.plots[0]]),
    ).rejects.toThrow(/objection_lapse_fixed_by_law/);
    await expect(
      sql("INSERT INTO encumbrance_consents (encumbrance_id, application_id, document_ref, consented_on, recorded_at_ms) VALUES (?, 'trf_x', 'd', '2026-11-27', 0)", [s.id]),
    ).rejects.toThrow(/pledgee_consent_not_needed/);
  });
});
