import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  admitMember,
  contractorCode,
  createToken,
  expectProblem,
  GROUP,
  plotCode,
  recordResolution,
  registerCollective,
  registerHousehold,
  registerPerson,
  VILLAGE,
} from "../support/fixtures.js";
import { runSecurityCases } from "../support/security.js";
import { createWorld, TODAY, type Res, type World } from "../support/world.js";

/**
 * The bulk extension of contract terms (延包): a plan by resolution, publicly noticed for ≥ 15 days, then applied
 * once — each contract ending within the window extended (arable 30 years; grassland and forest land by the plan's
 * periods) with its certificate reissued, or held back and why. Today is 2026-11-27; the plan's notice ran
 * 2026-11-01 → 2026-11-16, so it is applied today. The world is built, the plan proposed and applied, in beforeAll;
 * each test reads what it needs from those answers or makes its own requests that change nothing.
 */
let world: World;
const CODE = VILLAGE.code;
let nextPerson = 1;
let nextPlot = 1;
let ref: string;

const WINDOW = { windowFrom: "2027-01-01", windowTo: "2028-12-31" };
const NOTICE = { noticeStartsOn: "2026-11-01", noticeEndsOn: "2026-11-16" };

/** A household of one member with a contract from 1998-10-01 to `endsOn` over plots of these land uses. */
async function household(seq: number, landUses: string[], endsOn = "2028-09-30") {
  const person = await registerPerson(world, nextPerson++, `刘振华${seq}`);
  await admitMember(world, CODE, person.id);
  await registerHousehold(world, VILLAGE, seq, [{ personId: person.id }]);
  const plots: string[] = [];
  for (const landUse of landUses) {
    const code = plotCode(VILLAGE.issuerCode, nextPlot++);
    const res = await world.request("POST", `/v1/collectives/${CODE}/plots`, {
      body: { plotCode: code, areaMu: "2.00", landUse, boundaries: { east: "路", south: "渠", west: "沟", north: "林" } },
    });
    expect(res.status, res.text).toBe(201);
    plots.push(code);
  }
  const contractor = contractorCode(VILLAGE.issuerCode, seq);
  const res = await world.request("POST", `/v1/collectives/${CODE}/land-contracts`, {
    body: { contractCode: `${contractor}J`, contractorCode: contractor, plotCodes: plots, startsOn: "1998-10-01", endsOn },
  });
  expect(res.status, res.text).toBe(201);
  return { contractor, contractCode: `${contractor}J`, plots };
}

const H = {
  arable: 1,
  grassland: 2,
  forest: 3,
  mixed: 4,
  fishery: 5,
  seized: 6,
  disputed: 7,
  pending: 8,
  receiver: 9,
  later: 10,
  leapDay: 11,
};
const code = (seq: number) => `${contractorCode(VILLAGE.issuerCode, seq)}J`;

let preview: Res;
let applied: Res;
let laterPlanId: string;

const propose = (body: Record<string, unknown>, token?: string, collective = CODE) =>
  world.request("POST", `/v1/collectives/${collective}/extension-plans`, { body, token });

beforeAll(async () => {
  world = await createWorld();
  await registerCollective(world, VILLAGE);
  await registerCollective(world, GROUP);
  ref = await recordResolution(world, CODE, ["term-extension"]);
  await household(H.arable, ["cropping", "cropping"]);
  await household(H.grassland, ["livestock"]);
  await household(H.forest, ["forestry"]);
  await household(H.mixed, ["cropping", "livestock"]);
  await household(H.fishery, ["fishery"]);
  await household(H.seized, ["cropping"]);
  await household(H.disputed, ["cropping"]);
  const pending = await household(H.pending, ["cropping"]);
  await household(H.receiver, ["cropping"], "2029-09-30"); // outside the window
  await household(H.later, ["cropping"], "2030-06-30"); // in the later plan's window
  await household(H.leapDay, ["cropping"], "2028-02-29");
  const court = { kind: "seizure", subjectKind: "land-contract", subject: code(H.seized), party: "乳山市人民法院", documentRef: "（2026）鲁1083执88号", registeredOn: "2026-11-20" };
  expect((await world.request("POST", `/v1/collectives/${CODE}/encumbrances`, { body: court })).status).toBe(201);
  const objection = { kind: "objection", subjectKind: "land-contract", subject: code(H.disputed), party: "邻户王某", documentRef: "异议登记申请书〔2026〕9号", registeredOn: "2026-11-20" };
  expect((await world.request("POST", `/v1/collectives/${CODE}/encumbrances`, { body: objection })).status).toBe(201);
  const transfer = await world.request("POST", "/v1/transfers", {
    body: { kind: "land-contract", collectiveCode: CODE, from: { contractorCode: pending.contractor }, to: { contractorCode: contractorCode(VILLAGE.issuerCode, H.receiver) }, plotCodes: pending.plots, price: "9000.00", agreementSignedOn: "2026-11-20" },
  });
  expect(transfer.status, transfer.text).toBe(201);

  preview = await propose({ resolutionRef: ref, ...WINDOW, ...NOTICE, grasslandYears: 50, forestYears: 40 });
  expect(preview.status, preview.text).toBe(201);
  const later = await propose({ resolutionRef: ref, windowFrom: "2030-01-01", windowTo: "2030-12-31", noticeStartsOn: "2026-11-20", noticeEndsOn: "2026-12-05" });
  expect(later.status, later.text).toBe(201);
  laterPlanId = later.body.id;
  applied = await world.request("POST", `/v1/extension-plans/${preview.body.id}/application`, { body: { appliedOn: TODAY } });
}, 60_000);
afterAll(() => world.close());

const EXPECTED = [
  { h: H.arable, outcome: "planned", newEndsOn: "2058-09-30", reason: null, landKinds: ["arable"] },
  { h: H.grassland, outcome: "planned", newEndsOn: "2078-09-30", reason: null, landKinds: ["grassland"] },
  { h: H.forest, outcome: "planned", newEndsOn: "2068-09-30", reason: null, landKinds: ["forest"] },
  { h: H.mixed, outcome: "held-back", newEndsOn: null, reason: "mixed-land-use", landKinds: ["arable", "grassland"] },
  { h: H.fishery, outcome: "held-back", newEndsOn: null, reason: "not-arable", landKinds: ["fishery"] },
  { h: H.seized, outcome: "held-back", newEndsOn: null, reason: "right_seized", landKinds: ["arable"] },
  { h: H.disputed, outcome: "held-back", newEndsOn: null, reason: "right_under_objection", landKinds: ["arable"] },
  { h: H.pending, outcome: "held-back", newEndsOn: null, reason: "plot_in_pending_application", landKinds: ["arable"] },
  { h: H.leapDay, outcome: "planned", newEndsOn: "2058-02-28", reason: null, landKinds: ["arable"] },
].sort((a, b) => code(a.h).localeCompare(code(b.h)));

describe("POST /v1/collectives/{code}/extension-plans", () => {
  describe("accepts", () => {
    it("proposes a plan in notice with a preview of every active contract ending within the window", () => {
      expect(preview.body).toMatchObject({
        id: expect.stringMatching(/^ext_371083_/),
        collectiveCode: CODE,
        resolutionRef: ref,
        ...WINDOW,
        ...NOTICE,
        grasslandYears: 50,
        forestYears: 40,
        status: "in-notice",
        appliedOn: null,
        report: null,
      });
      expect(preview.body.preview.asOf).toBe(TODAY);
      expect(preview.body.preview.contracts).toEqual(
        EXPECTED.map((e) => ({ contractCode: code(e.h), contractorCode: code(e.h).slice(0, 18), endsOn: e.h === H.leapDay ? "2028-02-29" : "2028-09-30", landKinds: e.landKinds, outcome: e.outcome, newEndsOn: e.newEndsOn, reason: e.reason })),
      );
      expect(preview.body.preview.counts).toEqual({
        covered: 9,
        planned: 4,
        heldBack: 5,
        byReason: { "mixed-land-use": 1, "not-arable": 1, right_seized: 1, right_under_objection: 1, plot_in_pending_application: 1 },
      });
    });

    it("defaults grassland and forest land to 30 years, so a contract mixing them with arable land is extended", async () => {
      const res = await propose({ resolutionRef: ref, ...WINDOW, noticeStartsOn: "2026-11-20", noticeEndsOn: "2026-12-05" });
      expect(res.status, res.text).toBe(201);
      expect(res.body).toMatchObject({ grasslandYears: 30, forestYears: 30 });
      // The first plan is applied: its extended contracts no longer end within the window.
      const mixed = res.body.preview.contracts.find((c: { contractCode: string }) => c.contractCode === code(H.mixed));
      expect(mixed).toMatchObject({ outcome: "planned", newEndsOn: "2058-09-30" });
    });
  });

  describe("rejects", () => {
    it("rejects a notice shorter than 15 days with 422 extension_notice_too_short", async () => {
      expectProblem(await propose({ resolutionRef: ref, ...WINDOW, noticeStartsOn: "2026-11-01", noticeEndsOn: "2026-11-15" }), 422, "extension_notice_too_short");
    });
    it("rejects a window ending before it starts with 422 extension_window_invalid", async () => {
      expectProblem(await propose({ resolutionRef: ref, windowFrom: "2028-12-31", windowTo: "2027-01-01", ...NOTICE }), 422, "extension_window_invalid");
    });
    it("rejects grassland periods outside 30–50 years with 400 validation_failed", async () => {
      expectProblem(await propose({ resolutionRef: ref, ...WINDOW, ...NOTICE, grasslandYears: 51 }), 400, "validation_failed");
      expectProblem(await propose({ resolutionRef: ref, ...WINDOW, ...NOTICE, forestYears: 29 }), 400, "validation_failed");
    });
    it("rejects an unrecorded resolution, and one that decides another matter", async () => {
      const missing = await propose({ resolutionRef: "无此决议", ...WINDOW, ...NOTICE });
      expect(missing.body.code).toBe("resolution_not_recorded");
      const other = await recordResolution(world, CODE, ["distribution"]);
      const mismatch = await propose({ resolutionRef: other, ...WINDOW, ...NOTICE });
      expect(mismatch.body.code).toBe("resolution_matter_mismatch");
    });
  });

  runSecurityCases({
    world: () => world,
    method: "POST",
    path: () => `/v1/collectives/${CODE}/extension-plans`,
    body: () => ({ resolutionRef: ref, ...WINDOW, ...NOTICE }),
    refused: async () => [
      { name: "bureau", token: await createToken(world, { role: "bureau", regionPrefix: "371083" }), status: 403, code: "forbidden" },
      { name: "registrar of another collective", token: await createToken(world, { role: "registrar", collectiveCode: GROUP.code }), status: 404, code: "collective_not_found" },
    ],
  });
});

describe("POST /v1/extension-plans/{id}/application", () => {
  describe("accepts", () => {
    it("extends every eligible contract and reports what was extended and what was held back", () => {
      expect(applied.status, applied.text).toBe(200);
      expect(applied.body).toMatchObject({ status: "applied", appliedOn: TODAY, preview: null });
      const extended = EXPECTED.filter((e) => e.outcome === "planned");
      expect(applied.body.report.extended).toEqual(
        extended.map((e) => ({ contractCode: code(e.h), previousEndsOn: e.h === H.leapDay ? "2028-02-29" : "2028-09-30", newEndsOn: e.newEndsOn, certificateNo: `${code(e.h)}-0002` })),
      );
      expect(applied.body.report.heldBack).toEqual(EXPECTED.filter((e) => e.outcome === "held-back").map((e) => ({ contractCode: code(e.h), endsOn: "2028-09-30", reason: e.reason })));
      expect(applied.body.report.counts).toEqual({
        covered: 9,
        extended: 4,
        heldBack: 5,
        byReason: { "mixed-land-use": 1, "not-arable": 1, right_seized: 1, right_under_objection: 1, plot_in_pending_application: 1 },
      });
    });

    it("reissues the certificate with the new term and supersedes the old one; the contract's end moves", async () => {
      const cert = await world.request("GET", `/v1/certificates/${code(H.arable)}-0002`);
      expect(cert.status, cert.text).toBe(200);
      expect(cert.body.status).toBe("valid");
      const payload = JSON.parse(cert.body.payload);
      expect(payload.right).toMatchObject({ contractCode: code(H.arable), startsOn: "1998-10-01", endsOn: "2058-09-30", plotCount: 2 });
      expect(payload.replaces).toBe(`${code(H.arable)}-0001`);
      const old = await world.request("GET", `/v1/certificates/${code(H.arable)}-0001`);
      expect(old.body.status).toBe("superseded");
      const contract = await world.request("GET", `/v1/land-contracts/${code(H.arable)}`);
      expect(contract.body.endsOn).toBe("2058-09-30");
      const seized = await world.request("GET", `/v1/land-contracts/${code(H.seized)}`);
      expect(seized.body.endsOn).toBe("2028-09-30");
    });

    it("journals the application with its counts, and GET answers the same report", async () => {
      const journal = await world.request("GET", `/v1/journal?collectiveCode=${CODE}&limit=1000`);
      const events = (journal.body.events as { type: string; subject: string; data: any }[]).filter((e) => e.subject === preview.body.id);
      expect(events.map((e) => e.type)).toEqual(["extension_plan.proposed", "extension_plan.applied"]);
      expect(events[1]!.data.counts).toMatchObject({ covered: 9, extended: 4, heldBack: 5 });
      const got = await world.request("GET", `/v1/extension-plans/${preview.body.id}`);
      expect(got.status, got.text).toBe(200);
      expect(got.body).toEqual({ ...applied.body });
    });
  });

  describe("rejects", () => {
    it("rejects a second application with 409 extension_plan_not_in_notice", async () => {
      expectProblem(await world.request("POST", `/v1/extension-plans/${preview.body.id}/application`, { body: { appliedOn: TODAY } }), 409, "extension_plan_not_in_notice");
    });
    it("rejects an application before the notice has ended with 409 extension_notice_running", async () => {
      expectProblem(await world.request("POST", `/v1/extension-plans/${laterPlanId}/application`, { body: { appliedOn: TODAY } }), 409, "extension_notice_running");
      const got = await world.request("GET", `/v1/extension-plans/${laterPlanId}`);
      expect(got.body).toMatchObject({ status: "in-notice", report: null });
      expect(got.body.preview.contracts.map((c: { contractCode: string }) => c.contractCode)).toEqual([code(H.later)]);
    });
    it("rejects an unknown plan with 404 extension_plan_not_found", async () => {
      expectProblem(await world.request("POST", "/v1/extension-plans/ext_371083_nosuchplan/application", { body: { appliedOn: TODAY } }), 404, "extension_plan_not_found");
      expectProblem(await world.request("GET", "/v1/extension-plans/ext_371083_nosuchplan"), 404, "extension_plan_not_found");
    });
  });

  runSecurityCases({
    world: () => world,
    method: "POST",
    path: () => `/v1/extension-plans/${laterPlanId}/application`,
    body: () => ({ appliedOn: TODAY }),
    refused: async () => [
      { name: "bureau", token: await createToken(world, { role: "bureau", regionPrefix: "371083" }), status: 403, code: "forbidden" },
      { name: "registrar of another collective", token: await createToken(world, { role: "registrar", collectiveCode: GROUP.code }), status: 404, code: "extension_plan_not_found" },
    ],
  });
});

describe("GET /v1/extension-plans/{id}", () => {
  runSecurityCases({
    world: () => world,
    method: "GET",
    path: () => `/v1/extension-plans/${laterPlanId}`,
    refused: async () => [{ name: "registrar of another collective", token: await createToken(world, { role: "registrar", collectiveCode: GROUP.code }), status: 404, code: "extension_plan_not_found" }],
  });
});
