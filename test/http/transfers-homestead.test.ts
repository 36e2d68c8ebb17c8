import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  contractorCode,
  createToken,
  expectProblem,
  GROUP,
  member,
  registerCollective,
  registerHousehold,
  unitNumber,
  VILLAGE,
} from "../support/fixtures.js";
import { createWorld, TODAY, type World } from "../support/world.js";

/**
 * A homestead (宅基地使用权) passes, with the house, to a member household of the same collective that holds none
 * (LAL Art. 62 ¶1), and the giving household may not be granted another (Art. 62 ¶5). VILLAGE posts notices of
 * 0 days, so approval may follow the last consent at once. Each test owns its household and unit sequences:
 * household n gives unit n; households 50+ receive. Persons: 100 + seq heads, 200 + seq spouses.
 */
let world: World;

const unit = (seq: number) => unitNumber(VILLAGE.regionCode, seq);
const household = (seq: number) => contractorCode(VILLAGE.issuerCode, seq);

/** A household of VILLAGE: its head (the representative) and, optionally, a spouse who co-holds its rights. */
async function makeHousehold(seq: number, opts: { spouse?: boolean; homestead?: boolean } = {}) {
  const head = await member(world, VILLAGE.code, 100 + seq, `户主${seq}`);
  const spouse = opts.spouse ? await member(world, VILLAGE.code, 200 + seq, `配偶${seq}`) : null;
  await registerHousehold(world, VILLAGE, seq, [{ personId: head.id }, ...(spouse ? [{ personId: spouse.id, coHolder: true }] : [])]);
  if (opts.homestead) await grant(seq, seq);
  return { head, spouse, contractorCode: household(seq) };
}

async function grant(householdSeq: number, unitSeq: number) {
  const res = await grantRequest(householdSeq, unitSeq);
  expect(res.status, res.text).toBe(201);
  return res.body;
}

function grantRequest(householdSeq: number, unitSeq: number) {
  return world.request("POST", `/v1/collectives/${VILLAGE.code}/homesteads`, {
    body: { unitNumber: unit(unitSeq), contractorCode: household(householdSeq), areaM2: "180", approvedOn: "2024-05-01", origin: "grant" },
  });
}

const transferBody = (fromSeq: number, toSeq: number, unitSeq = fromSeq, change: Record<string, unknown> = {}) => ({
  kind: "homestead",
  collectiveCode: VILLAGE.code,
  from: { contractorCode: household(fromSeq) },
  to: { contractorCode: household(toSeq) },
  unitNumber: unit(unitSeq),
  price: "160000.00",
  agreementSignedOn: "2026-11-20",
  ...change,
});

async function applyFor(body: Record<string, unknown>, token?: string) {
  const res = await world.request("POST", "/v1/transfers", { body, token });
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string; status: string };
}

const step = (id: string, path: string, body: unknown = {}, token?: string) => world.request("POST", `/v1/transfers/${id}/${path}`, { body, token });

async function approve(id: string) {
  const res = await step(id, "approval", { resolutionRef: "午极村集体经济组织决定〔2026〕12号", decidedOn: TODAY });
  expect(res.status, res.text).toBe(200);
}

const pay = (id: string) => step(id, "payment", { amount: "160000.00", paidOn: TODAY, reference: "农商银行转账 0001" });

async function homestead(seq: number) {
  const res = await world.request("GET", `/v1/homesteads/${unit(seq)}`);
  expect(res.status, res.text).toBe(200);
  return res.body as { contractorCode: string; status: string };
}

beforeAll(async () => {
  world = await createWorld();
  await registerCollective(world, VILLAGE, { noticeDays: 0, homesteadMaxAreaM2: "200" });
  await registerCollective(world, GROUP, { noticeDays: 0 });
});
afterAll(() => world.close());

describe("POST /v1/transfers (homestead)", () => {
  describe("accepts", () => {
    it("walks a transfer through a co-holder's consent, the notice, approval and payment; the receiver then holds the homestead", async () => {
      const giver = await makeHousehold(1, { spouse: true, homestead: true });
      await makeHousehold(51);
      const headToken = await createToken(world, { role: "holder", personId: giver.head.id });
      const spouseToken = await createToken(world, { role: "holder", personId: giver.spouse!.id });

      const applied = await applyFor(transferBody(1, 51), headToken);
      expect(applied).toMatchObject({
        type: "transfer",
        kind: "homestead",
        status: "pending-consent",
        applicantPersonId: giver.head.id,
        from: { contractorCode: household(1) },
        to: { contractorCode: household(51) },
        unitNumber: unit(1),
        price: "160000.00",
        consents: { required: [giver.spouse!.id], given: [] },
        notice: null,
      });

      const consented = await step(applied.id, "consents", { personId: giver.spouse!.id }, spouseToken);
      expect(consented.status, consented.text).toBe(200);
      expect(consented.body).toMatchObject({
        status: "in-notice",
        consents: { given: [{ personId: giver.spouse!.id, via: "holder" }] },
        notice: { startsOn: TODAY, endsOn: TODAY },
      });

      await approve(applied.id);
      const paid = await pay(applied.id);
      expect(paid.status, paid.text).toBe(200);
      expect(paid.body).toMatchObject({ status: "registered", registeredOn: TODAY, payment: { amount: "160000.00", paidOn: TODAY } });

      expect(await homestead(1)).toMatchObject({ contractorCode: household(51), status: "active" });

      const journal = await world.request("GET", `/v1/journal?collectiveCode=${VILLAGE.code}&limit=1000`);
      const registered = journal.body.events.filter((e: { type: string; subject: string }) => e.type === "transfer.registered" && e.subject === applied.id);
      expect(registered).toHaveLength(1);
      // the grant was version 1 of the register; the transfer is version 2, with its own certificate serial
      expect(registered[0].data.certificates).toEqual([{ rightCode: unit(1), version: 2, certificateSerial: `${unit(1)}-0002` }]);
    });

    it("bars the giving household from a new grant afterwards with 409 homestead_regrant_refused (LAL Art. 62 ¶5)", async () => {
      await makeHousehold(2, { homestead: true });
      await makeHousehold(52);
      const applied = await applyFor(transferBody(2, 52));
      expect(applied.status).toBe("in-notice"); // no co-holder: the notice starts at once
      await approve(applied.id);
      expect((await pay(applied.id)).status).toBe(200);

      const regrant = await grantRequest(2, 3);
      expectProblem(regrant, 409, "homestead_regrant_refused");
      expectProblem(await world.request("GET", `/v1/homesteads/${unit(3)}`), 404, "homestead_not_found");
    });

    it("counts the transferred homestead as the receiver's: a second transfer to that household is 409 receiver_has_homestead", async () => {
      await makeHousehold(4, { homestead: true });
      await makeHousehold(5, { homestead: true });
      await makeHousehold(54);
      const first = await applyFor(transferBody(4, 54));
      await approve(first.id);
      expect((await pay(first.id)).status).toBe(200);

      const second = await world.request("POST", "/v1/transfers", { body: transferBody(5, 54) });
      expectProblem(second, 409, "receiver_has_homestead");
    });
  });

  describe("rejects", () => {
    it("refuses a receiving household that already holds a homestead with 409 receiver_has_homestead", async () => {
      await makeHousehold(10, { homestead: true });
      await makeHousehold(60, { homestead: true });
      const res = await world.request("POST", "/v1/transfers", { body: transferBody(10, 60, 10) });
      expectProblem(res, 409, "receiver_has_homestead");
      expect(await homestead(10)).toMatchObject({ contractorCode: household(10) });
    });

    it("refuses at registration, 409 receiver_has_homestead, when the receiver was granted a homestead during the notice", async () => {
      await makeHousehold(11, { homestead: true });
      await makeHousehold(61);
      const applied = await applyFor(transferBody(11, 61));
      await approve(applied.id);
      await grant(61, 61); // the world changed during the notice

      expectProblem(await pay(applied.id), 409, "receiver_has_homestead");
      const after = await world.request("GET", `/v1/transfers/${applied.id}`);
      expect(after.body).toMatchObject({ status: "approved", payment: null, registeredOn: null });
      expect(await homestead(11)).toMatchObject({ contractorCode: household(11), status: "active" });
    });

    it("refuses a homestead held by another household with 409 homestead_not_held_by_household", async () => {
      await makeHousehold(12);
      await makeHousehold(13, { homestead: true });
      await makeHousehold(62);
      const res = await world.request("POST", "/v1/transfers", { body: transferBody(12, 62, 13) });
      expectProblem(res, 409, "homestead_not_held_by_household");
    });

    it("refuses a unit that is not registered at all with 409 homestead_not_held_by_household", async () => {
      await makeHousehold(14);
      await makeHousehold(63);
      const res = await world.request("POST", "/v1/transfers", { body: transferBody(14, 63, 14) });
      expectProblem(res, 409, "homestead_not_held_by_household");
    });

    it("refuses a homestead already in a pending application with 409 homestead_in_pending_application", async () => {
      await makeHousehold(15, { homestead: true });
      await makeHousehold(64);
      await makeHousehold(65);
      await applyFor(transferBody(15, 64));
      const second = await world.request("POST", "/v1/transfers", { body: transferBody(15, 65) });
      expectProblem(second, 409, "homestead_in_pending_application");
      const withdrawal = await world.request("POST", "/v1/withdrawals", {
        body: { kind: "homestead", collectiveCode: VILLAGE.code, from: { contractorCode: household(15) }, unitNumber: unit(15), compensation: "90000.00", agreementSignedOn: "2026-11-20" },
      });
      expectProblem(withdrawal, 409, "homestead_in_pending_application");
    });

    it("frees the homestead for a new application once the pending one is cancelled", async () => {
      await makeHousehold(16, { homestead: true });
      await makeHousehold(66);
      await makeHousehold(67);
      const first = await applyFor(transferBody(16, 66));
      const cancelled = await step(first.id, "cancellation", { reason: "买方放弃" });
      expect(cancelled.status, cancelled.text).toBe(200);
      const second = await applyFor(transferBody(16, 67));
      expect(second.status).toBe("in-notice");
    });

    it("refuses a household of another collective with 409 receiver_not_in_collective", async () => {
      await makeHousehold(17, { homestead: true });
      const outsider = await member(world, GROUP.code, 300, "外村户主");
      await registerHousehold(world, GROUP as unknown as typeof VILLAGE, 1, [{ personId: outsider.id }]);
      const res = await world.request("POST", "/v1/transfers", { body: { ...transferBody(17, 0), to: { contractorCode: contractorCode(GROUP.issuerCode, 1) } } });
      expectProblem(res, 409, "receiver_not_in_collective");
    });

    it("refuses a receiving household whose representative is no longer a member with 409 receiver_not_member", async () => {
      await makeHousehold(18, { homestead: true });
      const receiver = await makeHousehold(68);
      const ended = await world.request("POST", `/v1/collectives/${VILLAGE.code}/members/${receiver.head.id}/termination`, { body: { reason: "death", effectiveOn: "2026-11-01" } });
      expect(ended.status, ended.text).toBe(200);
      const res = await world.request("POST", "/v1/transfers", { body: transferBody(18, 68) });
      expectProblem(res, 409, "receiver_not_member");
    });

    it("refuses a transfer to the giving household itself with 422 holders_must_be_different", async () => {
      await makeHousehold(19, { homestead: true });
      const res = await world.request("POST", "/v1/transfers", { body: transferBody(19, 19) });
      expectProblem(res, 422, "holders_must_be_different");
    });

    it.each([
      ["no unit number", { unitNumber: undefined }],
      ["plot codes besides the unit number", { plotCodes: [`${VILLAGE.issuerCode}00001`] }],
      ["shares", { shares: "1" }],
      ["a person as the giver", { from: { personId: "per_x" } }],
      ["a person as the receiver", { to: { personId: "per_x" } }],
    ])("refuses a homestead transfer with %s with 422 application_subject_incomplete", async (_name, change) => {
      const res = await world.request("POST", "/v1/transfers", { body: transferBody(20, 70, 20, change) });
      expectProblem(res, 422, "application_subject_incomplete");
    });

    it("refuses an unknown giving household with 404 household_not_found", async () => {
      await makeHousehold(71);
      const res = await world.request("POST", "/v1/transfers", { body: transferBody(21, 71) });
      expectProblem(res, 404, "household_not_found");
    });

    it("refuses a holder who is not the giving household's representative with 403 forbidden, and writes nothing", async () => {
      const giver = await makeHousehold(22, { spouse: true, homestead: true });
      await makeHousehold(72);
      const spouseToken = await createToken(world, { role: "holder", personId: giver.spouse!.id });
      const res = await world.request("POST", "/v1/transfers", { body: transferBody(22, 72), token: spouseToken });
      expectProblem(res, 403, "forbidden");
      const list = await world.request("GET", `/v1/collectives/${VILLAGE.code}/transfers?limit=500`);
      expect(list.body.applications.filter((a: { unitNumber: string }) => a.unitNumber === unit(22))).toEqual([]);
    });
  });
});
