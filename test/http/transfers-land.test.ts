import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { movableClock } from "../../src/lib/clock.js";
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
  VILLAGE,
} from "../support/fixtures.js";
import { runSecurityCases } from "../support/security.js";
import { createWorld, TODAY, type World } from "../support/world.js";

/**
 * A household's contract right on some or all of its plots passes to another household of the same collective
 * (RLCL Art. 34): the representative applies, every other co-holder consents, the notice runs `noticeDays` from
 * the last consent, the collective approves (the issuing party's consent) and the payment registers the change.
 *
 * The stories move "today" along, so each builds its own world on a clock it can set. The rejections share one
 * world whose clock stays at 2026-11-27; each test owns its household and plot sequences.
 */
type Collective = typeof VILLAGE | typeof GROUP;


let personIndex = 0;
async function memberOf(world: World, collective: Collective, name: string, female = false) {
  const person = await registerPerson(world, ++personIndex, name, { female });
  await admitMember(world, collective.code, person.id);
  return person;
}

/**
 * The giving household: the representative, his wife (a co-holder) and their son (listed, not a co-holder; a
 * `daughter` co-holder on request), with a contract (1998-10-01 → 2028-09-30) over three plots.
 */
async function givingHousehold(world: World, seq: number, plotSeqs: number[], opts: { coHolderDaughter?: boolean } = {}) {
  const head = await memberOf(world, VILLAGE, `王建国${seq}`);
  const spouse = await memberOf(world, VILLAGE, `李秀兰${seq}`, true);
  const son = await memberOf(world, VILLAGE, `王小军${seq}`);
  const daughter = opts.coHolderDaughter ? await memberOf(world, VILLAGE, `王小红${seq}`, true) : null;
  await registerHousehold(world, VILLAGE, seq, [
    { personId: head.id },
    { personId: spouse.id, relation: "spouse" },
    { personId: son.id, relation: "son", coHolder: false },
    ...(daughter ? [{ personId: daughter.id, relation: "daughter", coHolder: true }] : []),
  ]);
  for (const p of plotSeqs) await registerPlot(world, VILLAGE, p);
  await registerContract(world, VILLAGE, seq, plotSeqs);
  const contractor = contractorCode(VILLAGE.issuerCode, seq);
  return {
    contractor,
    contractCode: `${contractor}J`,
    head,
    spouse,
    son,
    daughter,
    plots: plotSeqs.map((s) => plotCode(VILLAGE.issuerCode, s)),
    headToken: await createToken(world, { role: "holder", personId: head.id }),
    spouseToken: await createToken(world, { role: "holder", personId: spouse.id }),
    sonToken: await createToken(world, { role: "holder", personId: son.id }),
  };
}

/** A receiving household of one member (its representative), optionally with a contract over some plots. */
async function receivingHousehold(world: World, seq: number, opts: { collective?: Collective; plotSeqs?: number[] } = {}) {
  const collective = opts.collective ?? VILLAGE;
  const head = await memberOf(world, collective, `于海涛${seq}`);
  // registerHousehold reads only the code and issuer code; its parameter is typed after VILLAGE.
  await registerHousehold(world, collective as typeof VILLAGE, seq, [{ personId: head.id }]);
  if (opts.plotSeqs) {
    for (const p of opts.plotSeqs) await registerPlot(world, collective as typeof VILLAGE, p);
    await registerContract(world, collective as typeof VILLAGE, seq, opts.plotSeqs);
  }
  const contractor = contractorCode(collective.issuerCode, seq);
  return { contractor, contractCode: `${contractor}J`, head };
}

const transferBody = (giver: string, receiver: string, plotCodes: string[], change: Record<string, unknown> = {}) => ({
  kind: "land-contract",
  collectiveCode: VILLAGE.code,
  from: { contractorCode: giver },
  to: { contractorCode: receiver },
  plotCodes,
  price: "18000.00",
  agreementSignedOn: "2026-11-20",
  ...change,
});

const approval = (decidedOn: string) => ({ resolutionRef: "午极村股份经济合作社理事会决定〔2026〕12号", decidedOn });
const payment = (paidOn: string, amount = "18000.00") => ({ amount, paidOn, reference: "乳山农商银行转账 0001" });

type Registration = { right_code: string; version: number; act: string; certificate_serial: string; plot_codes_json: string; effective_on: string; application_id: string | null };

async function registrationsOf(world: World, contractCodes: string[]): Promise<Registration[]> {
  const rs = await world.tdb.client.execute({
    sql: `SELECT right_code, version, act, certificate_serial, plot_codes_json, effective_on, application_id
          FROM right_registrations WHERE right_kind = 'land-contract' AND right_code IN (${contractCodes.map(() => "?").join(",")})
          ORDER BY right_code, version`,
    args: contractCodes,
  });
  return rs.rows.map((r) => ({ ...r }) as unknown as Registration);
}

async function journalOf(world: World) {
  const res = await world.request("GET", `/v1/journal?collectiveCode=${VILLAGE.code}&limit=1000`);
  expect(res.status, res.text).toBe(200);
  return res.body.events as { seq: number; stream: string; streamSeq: number; type: string; subject: string; data: Record<string, any> }[];
}

/** The collective's stream is numbered 1, 2, 3 … without gap, in the order of the global sequence. */
function expectContiguousStream(events: { seq: number; stream: string; streamSeq: number }[]) {
  const stream = events.filter((e) => e.stream === VILLAGE.code);
  expect(stream.length).toBeGreaterThan(0);
  expect(stream.map((e) => e.streamSeq)).toEqual(stream.map((_, i) => i + 1));
  for (let i = 1; i < events.length; i++) expect(events[i]!.seq).toBeGreaterThan(events[i - 1]!.seq);
}

describe("a land-contract transfer from application to registration", () => {
  let world: World | null = null;
  afterEach(() => {
    world?.close();
    world = null;
  });

  async function setup(noticeDays = 7) {
    const clock = movableClock(TODAY);
    world = await createWorld(clock);
    await registerCollective(world, VILLAGE, { noticeDays });
    return { world, clock };
  }

  it("transfers one of three plots: the spouse consents with her token, the notice runs 7 days from her consent, and the payment gives the receiver a new J contract", async () => {
    const { world, clock } = await setup(7);
    const giver = await givingHousehold(world, 1, [1, 2, 3]);
    const receiver = await receivingHousehold(world, 2);
    const [p1, p2, p3] = giver.plots as [string, string, string];

    const applied = await world.request("POST", "/v1/transfers", { token: giver.headToken, body: transferBody(giver.contractor, receiver.contractor, [p1]) });
    expect(applied.status, applied.text).toBe(201);
    expect(applied.body).toMatchObject({
      type: "transfer",
      kind: "land-contract",
      status: "pending-consent",
      applicantPersonId: giver.head.id,
      from: { contractorCode: giver.contractor },
      to: { contractorCode: receiver.contractor },
      plotCodes: [p1],
      price: "18000.00",
      consents: { required: [giver.spouse.id], given: [] },
      notice: null,
    });
    const id = applied.body.id as string;
    expect(id).toMatch(/^trf_/);

    clock.set("2026-11-30");
    const consented = await world.request("POST", `/v1/transfers/${id}/consents`, { token: giver.spouseToken, body: { personId: giver.spouse.id } });
    expect(consented.status, consented.text).toBe(200);
    expect(consented.body).toMatchObject({
      status: "in-notice",
      consents: { required: [giver.spouse.id], given: [{ personId: giver.spouse.id, via: "holder" }] },
      notice: { startsOn: "2026-11-30", endsOn: "2026-12-07" },
    });

    clock.set("2026-12-06");
    expectProblem(await world.request("POST", `/v1/transfers/${id}/approval`, { body: approval("2026-12-06") }), 409, "notice_period_running");
    expect((await world.request("GET", `/v1/transfers/${id}`)).body.status).toBe("in-notice");

    clock.set("2026-12-07");
    const approved = await world.request("POST", `/v1/transfers/${id}/approval`, { body: approval("2026-12-07") });
    expect(approved.status, approved.text).toBe(200);
    expect(approved.body).toMatchObject({ status: "approved", decision: { decidedOn: "2026-12-07" }, registeredOn: null });

    clock.set("2026-12-08");
    const paid = await world.request("POST", `/v1/transfers/${id}/payment`, { body: payment("2026-12-08") });
    expect(paid.status, paid.text).toBe(200);
    expect(paid.body).toMatchObject({ status: "registered", registeredOn: "2026-12-08", payment: { amount: "18000.00", paidOn: "2026-12-08" } });

    // The plot is now under the receiver's new contract, whose term ends with the giver's.
    const plot = await world.request("GET", `/v1/plots/${p1}`);
    expect(plot.status, plot.text).toBe(200);
    expect(plot.body.currentContract).toEqual({ contractCode: receiver.contractCode, mode: "household", startsOn: "2026-12-08", endsOn: "2028-09-30", certificateNo: null });
    expect(plot.body.holder).toEqual({ contractorCode: receiver.contractor, representative: { personId: receiver.head.id, name: receiver.head.name } });
    expect((await world.request("GET", `/v1/plots/${p2}`)).body.holder.contractorCode).toBe(giver.contractor);

    const giverContract = await world.request("GET", `/v1/land-contracts/${giver.contractCode}`);
    expect(giverContract.body).toMatchObject({ status: "active", plotCount: 2, totalAreaMu: "3.00" });
    expect(giverContract.body.plots.map((p: { plotCode: string }) => p.plotCode)).toEqual([p2, p3]);
    const receiverContract = await world.request("GET", `/v1/land-contracts/${receiver.contractCode}`);
    expect(receiverContract.status, receiverContract.text).toBe(200);
    expect(receiverContract.body).toMatchObject({ contractorCode: receiver.contractor, status: "active", startsOn: "2026-12-08", endsOn: "2028-09-30", plotCount: 1 });
    expect(receiverContract.body.plots.map((p: { plotCode: string }) => p.plotCode)).toEqual([p1]);

    // Each contract that changed has a new version with its own certificate serial; history keeps the first.
    expect(await registrationsOf(world, [giver.contractCode, receiver.contractCode])).toEqual([
      { right_code: giver.contractCode, version: 1, act: "first", certificate_serial: `${giver.contractCode}-0001`, plot_codes_json: JSON.stringify([p1, p2, p3]), effective_on: "1998-10-01", application_id: null },
      { right_code: giver.contractCode, version: 2, act: "transfer-out", certificate_serial: `${giver.contractCode}-0002`, plot_codes_json: JSON.stringify([p2, p3]), effective_on: "2026-12-08", application_id: id },
      { right_code: receiver.contractCode, version: 1, act: "transfer-in", certificate_serial: `${receiver.contractCode}-0001`, plot_codes_json: JSON.stringify([p1]), effective_on: "2026-12-08", application_id: id },
    ]);

    // Every step is journalled once, in order, on the collective's contiguous stream.
    const events = await journalOf(world);
    expectContiguousStream(events);
    const steps = events.filter((e) => e.subject === id);
    expect(steps.map((e) => e.type)).toEqual(["transfer.applied", "transfer.consented", "transfer.approved", "transfer.registered"]);
    expect(steps[3]!.data).toMatchObject({
      status: "registered",
      effectiveOn: "2026-12-08",
      certificates: [
        { rightCode: giver.contractCode, version: 2, certificateSerial: `${giver.contractCode}-0002` },
        { rightCode: receiver.contractCode, version: 1, certificateSerial: `${receiver.contractCode}-0001` },
      ],
    });
  });

  it("accepts the spouse's written consent recorded by the registrar, and joins the plots to the receiver's existing J contract", async () => {
    const { world, clock } = await setup(7);
    const registrar = await createToken(world, { role: "registrar", collectiveCode: VILLAGE.code });
    const giver = await givingHousehold(world, 1, [1, 2, 3]);
    const receiver = await receivingHousehold(world, 2, { plotSeqs: [4] });
    const [p1, p2, p3] = giver.plots as [string, string, string];
    const p4 = plotCode(VILLAGE.issuerCode, 4);

    const applied = await world.request("POST", "/v1/transfers", { token: registrar, body: transferBody(giver.contractor, receiver.contractor, [p3, p2]) });
    expect(applied.status, applied.text).toBe(201);
    expect(applied.body).toMatchObject({ status: "pending-consent", applicantPersonId: giver.head.id });
    expect([...applied.body.plotCodes].sort()).toEqual([p2, p3]);
    const id = applied.body.id as string;
    expect((await world.request("GET", `/v1/transfers/${id}`)).body.plotCodes).toEqual([p2, p3]);

    clock.set("2026-12-01");
    const consented = await world.request("POST", `/v1/transfers/${id}/consents`, { token: registrar, body: { personId: giver.spouse.id } });
    expect(consented.status, consented.text).toBe(200);
    expect(consented.body).toMatchObject({ status: "in-notice", consents: { given: [{ personId: giver.spouse.id, via: "written" }] }, notice: { startsOn: "2026-12-01", endsOn: "2026-12-08" } });

    clock.set("2026-12-08");
    expect((await world.request("POST", `/v1/transfers/${id}/approval`, { token: registrar, body: approval("2026-12-08") })).status).toBe(200);
    const paid = await world.request("POST", `/v1/transfers/${id}/payment`, { token: registrar, body: payment("2026-12-08") });
    expect(paid.status, paid.text).toBe(200);

    const receiverContract = await world.request("GET", `/v1/land-contracts/${receiver.contractCode}`);
    expect(receiverContract.body).toMatchObject({ status: "active", startsOn: "1998-10-01", endsOn: "2028-09-30", plotCount: 3 });
    expect(receiverContract.body.plots.map((p: { plotCode: string }) => p.plotCode)).toEqual([p2, p3, p4]);
    const giverContract = await world.request("GET", `/v1/land-contracts/${giver.contractCode}`);
    expect(giverContract.body.plots.map((p: { plotCode: string }) => p.plotCode)).toEqual([p1]);
    for (const p of [p2, p3]) expect((await world.request("GET", `/v1/plots/${p}`)).body.currentContract.contractCode).toBe(receiver.contractCode);

    expect((await registrationsOf(world, [receiver.contractCode])).map((r) => [r.version, r.act, r.certificate_serial, r.plot_codes_json])).toEqual([
      [1, "first", `${receiver.contractCode}-0001`, JSON.stringify([p4])],
      [2, "transfer-in", `${receiver.contractCode}-0002`, JSON.stringify([p2, p3, p4])],
    ]);
  });

  it("ends the giver's contract when all its plots are transferred, keeps its history, and revives it when a plot comes back", async () => {
    const { world } = await setup(0);
    const giver = await givingHousehold(world, 1, [1, 2, 3]);
    const receiver = await receivingHousehold(world, 2);
    const applied = await world.request("POST", "/v1/transfers", { token: giver.headToken, body: transferBody(giver.contractor, receiver.contractor, giver.plots) });
    const id = applied.body.id as string;
    const consented = await world.request("POST", `/v1/transfers/${id}/consents`, { token: giver.spouseToken, body: { personId: giver.spouse.id } });
    // With 0 notice days the notice ends the day it starts: approval may follow at once.
    expect(consented.body.notice).toEqual({ startsOn: TODAY, endsOn: TODAY });
    expect((await world.request("POST", `/v1/transfers/${id}/approval`, { body: approval(TODAY) })).status).toBe(200);
    const paid = await world.request("POST", `/v1/transfers/${id}/payment`, { body: payment(TODAY) });
    expect(paid.status, paid.text).toBe(200);

    const giverContract = await world.request("GET", `/v1/land-contracts/${giver.contractCode}`);
    expect(giverContract.body).toMatchObject({ status: "ended", plotCount: 0, plots: [] });
    const receiverContract = await world.request("GET", `/v1/land-contracts/${receiver.contractCode}`);
    expect(receiverContract.body).toMatchObject({ status: "active", plotCount: 3, totalAreaMu: "4.50" });
    expect((await registrationsOf(world, [giver.contractCode])).map((r) => [r.version, r.act, r.plot_codes_json])).toEqual([
      [1, "first", JSON.stringify(giver.plots)],
      [2, "transfer-out", "[]"],
    ]);
    const rights = await world.request("GET", `/v1/persons/${giver.head.id}/rights`, { token: giver.headToken });
    expect(rights.status, rights.text).toBe(200);
    expect(JSON.stringify(rights.body)).not.toContain(giver.plots[0]);

    // A plot coming back later revives the ended contract (same code), as version 3 of its register.
    const receiverToken = await createToken(world, { role: "holder", personId: receiver.head.id });
    const back = await world.request("POST", "/v1/transfers", { token: receiverToken, body: transferBody(receiver.contractor, giver.contractor, [giver.plots[2]!]) });
    expect(back.status, back.text).toBe(201);
    // The receiving household has no co-holder but its representative: the notice starts at once.
    expect(back.body).toMatchObject({ status: "in-notice", consents: { required: [] } });
    expect((await world.request("POST", `/v1/transfers/${back.body.id}/approval`, { body: approval(TODAY) })).status).toBe(200);
    expect((await world.request("POST", `/v1/transfers/${back.body.id}/payment`, { body: payment(TODAY) })).status).toBe(200);
    expect((await world.request("GET", `/v1/land-contracts/${giver.contractCode}`)).body).toMatchObject({ status: "active", startsOn: TODAY, endsOn: "2028-09-30", plotCount: 1 });
    expect((await registrationsOf(world, [giver.contractCode])).map((r) => [r.version, r.act, r.certificate_serial])).toEqual([
      [1, "first", `${giver.contractCode}-0001`],
      // Version 2 gave away the last plot: it ended the right, so it issued no certificate.
      [2, "transfer-out", null],
      [3, "transfer-in", `${giver.contractCode}-0003`],
    ]);
  });

  it("refuses the payment with 409 receiver_not_member when the receiver's representative left during the notice, and the application stays approved", async () => {
    const { world, clock } = await setup(7);
    const giver = await givingHousehold(world, 1, [1, 2, 3]);
    const receiver = await receivingHousehold(world, 2);
    const applied = await world.request("POST", "/v1/transfers", { token: giver.headToken, body: transferBody(giver.contractor, receiver.contractor, [giver.plots[0]!]) });
    const id = applied.body.id as string;
    await world.request("POST", `/v1/transfers/${id}/consents`, { token: giver.spouseToken, body: { personId: giver.spouse.id } });

    clock.set("2026-11-30");
    const ended = await world.request("POST", `/v1/collectives/${VILLAGE.code}/members/${receiver.head.id}/termination`, {
      body: { reason: "became-civil-servant", effectiveOn: "2026-11-30" },
    });
    expect(ended.status, ended.text).toBe(200);

    clock.set("2026-12-04");
    expect((await world.request("POST", `/v1/transfers/${id}/approval`, { body: approval("2026-12-04") })).status).toBe(200);
    expectProblem(await world.request("POST", `/v1/transfers/${id}/payment`, { body: payment("2026-12-04") }), 409, "receiver_not_member");

    expect((await world.request("GET", `/v1/transfers/${id}`)).body).toMatchObject({ status: "approved", payment: null, registeredOn: null });
    expect((await world.request("GET", `/v1/plots/${giver.plots[0]}`)).body.holder.contractorCode).toBe(giver.contractor);
    const events = await journalOf(world);
    expect(events.filter((e) => e.subject === id).map((e) => e.type)).toEqual(["transfer.applied", "transfer.consented", "transfer.approved"]);
    expectContiguousStream(events);

    // The reservation holds until the registrar rejects; then the plot is free again.
    expectProblem(await world.request("POST", `/v1/transfers/${id}/cancellation`, { token: giver.headToken, body: {} }), 409, "application_past_cancellation");
    const rejected = await world.request("POST", `/v1/transfers/${id}/rejection`, { body: { reason: "受让户代表已不是本集体成员" } });
    expect(rejected.body.status).toBe("rejected");
    const other = await receivingHousehold(world, 3);
    const again = await world.request("POST", "/v1/transfers", { token: giver.headToken, body: transferBody(giver.contractor, other.contractor, [giver.plots[0]!]) });
    expect(again.status, again.text).toBe(201);
  });
});

describe("land-contract transfer rules", () => {
  let world: World;
  let registrar: string;

  beforeAll(async () => {
    world = await createWorld();
    await registerCollective(world, VILLAGE, { noticeDays: 0 });
    await registerCollective(world, GROUP);
    registrar = await createToken(world, { role: "registrar", collectiveCode: VILLAGE.code });
  });
  afterAll(() => world.close());

  const apply = (token: string, body: unknown) => world.request("POST", "/v1/transfers", { token, body });

  describe("rejects", () => {
    it("refuses plots of an other-method (Q) contract with 409 plots_not_household_contracted", async () => {
      const head = await memberOf(world, VILLAGE, "张四荒");
      await registerHousehold(world, VILLAGE, 960, [{ personId: head.id }]);
      await registerPlot(world, VILLAGE, 960);
      const contractor = contractorCode(VILLAGE.issuerCode, 960);
      const q = await world.request("POST", `/v1/collectives/${VILLAGE.code}/land-contracts`, {
        body: { contractCode: `${contractor}Q`, contractorCode: contractor, plotCodes: [plotCode(VILLAGE.issuerCode, 960)], startsOn: "2010-01-01", endsOn: "2040-12-31" },
      });
      expect(q.status, q.text).toBe(201);
      const receiver = await receivingHousehold(world, 961);
      const token = await createToken(world, { role: "holder", personId: head.id });
      const res = await apply(token, transferBody(contractor, receiver.contractor, [plotCode(VILLAGE.issuerCode, 960)]));
      expectProblem(res, 409, "plots_not_household_contracted");
    });

    it("refuses plots outside the giver's contract with 409 plots_not_held_by_household", async () => {
      const giver = await givingHousehold(world, 10, [10, 11, 12]);
      const neighbour = await receivingHousehold(world, 11, { plotSeqs: [13] });
      const unregistered = plotCode(VILLAGE.issuerCode, 14);
      for (const plots of [[plotCode(VILLAGE.issuerCode, 13)], [giver.plots[0]!, unregistered]]) {
        expectProblem(await apply(giver.headToken, transferBody(giver.contractor, neighbour.contractor, plots)), 409, "plots_not_held_by_household");
      }
      const listed = await world.request("GET", `/v1/collectives/${VILLAGE.code}/transfers`);
      expect(listed.body.applications.filter((a: { from: { contractorCode?: string } }) => a.from.contractorCode === giver.contractor)).toEqual([]);
    });

    it("refuses a plot already in a pending application with 409 plot_in_pending_application, and frees it after cancellation", async () => {
      const giver = await givingHousehold(world, 12, [15, 16, 17]);
      const first = await receivingHousehold(world, 13);
      const second = await receivingHousehold(world, 14);
      const [p15, p16] = giver.plots as [string, string];
      const pending = await apply(giver.headToken, transferBody(giver.contractor, first.contractor, [p15]));
      expect(pending.status, pending.text).toBe(201);
      expectProblem(await apply(giver.headToken, transferBody(giver.contractor, second.contractor, [p16, p15])), 409, "plot_in_pending_application");
      // A withdrawal of the same plot is refused the same way.
      const withdrawal = await world.request("POST", "/v1/withdrawals", {
        token: giver.headToken,
        body: { kind: "land-contract", collectiveCode: VILLAGE.code, from: { contractorCode: giver.contractor }, plotCodes: [p15], compensation: "9000.00", agreementSignedOn: "2026-11-20", writtenNoticeOn: "2026-05-01" },
      });
      expectProblem(withdrawal, 409, "plot_in_pending_application");

      const cancelled = await world.request("POST", `/v1/transfers/${pending.body.id}/cancellation`, { token: giver.headToken, body: { reason: "双方协商解除" } });
      expect(cancelled.status, cancelled.text).toBe(200);
      expect(cancelled.body).toMatchObject({ status: "cancelled", closingReason: "双方协商解除" });
      const afterCancel = await apply(giver.headToken, transferBody(giver.contractor, second.contractor, [p16, p15]));
      expect(afterCancel.status, afterCancel.text).toBe(201);
    });

    it("frees the plots of a rejected application for a new one", async () => {
      const giver = await givingHousehold(world, 15, [18, 19, 20]);
      const receiver = await receivingHousehold(world, 16);
      const first = await apply(giver.headToken, transferBody(giver.contractor, receiver.contractor, [giver.plots[2]!]));
      expectProblem(await apply(giver.headToken, transferBody(giver.contractor, receiver.contractor, [giver.plots[2]!])), 409, "plot_in_pending_application");
      const rejected = await world.request("POST", `/v1/transfers/${first.body.id}/rejection`, { token: registrar, body: { reason: "转让协议未载明价款支付方式" } });
      expect(rejected.status, rejected.text).toBe(200);
      expect(rejected.body).toMatchObject({ status: "rejected", closingReason: "转让协议未载明价款支付方式" });
      const again = await apply(giver.headToken, transferBody(giver.contractor, receiver.contractor, [giver.plots[2]!]));
      expect(again.status, again.text).toBe(201);
    });

    it("refuses a receiving household of another collective with 409 receiver_not_in_collective", async () => {
      const giver = await givingHousehold(world, 17, [21, 22, 23]);
      const outsider = await receivingHousehold(world, 17, { collective: GROUP });
      expectProblem(await apply(giver.headToken, transferBody(giver.contractor, outsider.contractor, [giver.plots[0]!])), 409, "receiver_not_in_collective");
      const unknown = contractorCode(VILLAGE.issuerCode, 99);
      expectProblem(await apply(giver.headToken, transferBody(giver.contractor, unknown, [giver.plots[0]!])), 409, "receiver_not_in_collective");
    });

    it("refuses a receiving household whose representative's membership ended with 409 receiver_not_member", async () => {
      const giver = await givingHousehold(world, 18, [24, 25, 26]);
      const receiver = await receivingHousehold(world, 19);
      const ended = await world.request("POST", `/v1/collectives/${VILLAGE.code}/members/${receiver.head.id}/termination`, { body: { reason: "death", effectiveOn: "2026-10-01" } });
      expect(ended.status, ended.text).toBe(200);
      expectProblem(await apply(giver.headToken, transferBody(giver.contractor, receiver.contractor, [giver.plots[0]!])), 409, "receiver_not_member");
    });

    it("refuses the consent of a household member who is not a co-holder, or of an outsider, with 409 consenter_not_co_holder", async () => {
      const giver = await givingHousehold(world, 20, [27, 28, 29]);
      const receiver = await receivingHousehold(world, 21);
      const id = (await apply(giver.headToken, transferBody(giver.contractor, receiver.contractor, [giver.plots[0]!]))).body.id as string;
      expectProblem(await world.request("POST", `/v1/transfers/${id}/consents`, { token: giver.sonToken, body: { personId: giver.son.id } }), 409, "consenter_not_co_holder");
      expectProblem(await world.request("POST", `/v1/transfers/${id}/consents`, { token: registrar, body: { personId: receiver.head.id } }), 409, "consenter_not_co_holder");
      // The representative applied: his consent is not one the application waits for.
      expectProblem(await world.request("POST", `/v1/transfers/${id}/consents`, { token: giver.headToken, body: { personId: giver.head.id } }), 409, "consenter_not_co_holder");
      expect((await world.request("GET", `/v1/transfers/${id}`)).body).toMatchObject({ status: "pending-consent", consents: { given: [] } });
    });

    it("refuses a second consent of the same co-holder with 409 consent_already_given, and any consent once all are in with 409 application_not_awaiting_consent", async () => {
      const giver = await givingHousehold(world, 22, [30, 31, 32], { coHolderDaughter: true });
      const receiver = await receivingHousehold(world, 23);
      const applied = await apply(giver.headToken, transferBody(giver.contractor, receiver.contractor, [giver.plots[0]!]));
      expect(applied.body.consents.required).toEqual([giver.spouse.id, giver.daughter!.id]);
      const id = applied.body.id as string;
      const first = await world.request("POST", `/v1/transfers/${id}/consents`, { token: giver.spouseToken, body: { personId: giver.spouse.id } });
      expect(first.body).toMatchObject({ status: "pending-consent", notice: null });
      expectProblem(await world.request("POST", `/v1/transfers/${id}/consents`, { token: registrar, body: { personId: giver.spouse.id } }), 409, "consent_already_given");
      const last = await world.request("POST", `/v1/transfers/${id}/consents`, { token: registrar, body: { personId: giver.daughter!.id } });
      expect(last.body).toMatchObject({ status: "in-notice", notice: { startsOn: TODAY, endsOn: TODAY } });
      expect(last.body.consents.given.map((c: { personId: string; via: string }) => [c.personId, c.via])).toEqual([
        [giver.spouse.id, "holder"],
        [giver.daughter!.id, "written"],
      ]);
      expectProblem(await world.request("POST", `/v1/transfers/${id}/consents`, { token: giver.spouseToken, body: { personId: giver.spouse.id } }), 409, "application_not_awaiting_consent");
    });

    it("refuses a holder consenting for another person with 403 forbidden", async () => {
      const giver = await givingHousehold(world, 24, [33, 34, 35]);
      const receiver = await receivingHousehold(world, 25);
      const id = (await apply(giver.headToken, transferBody(giver.contractor, receiver.contractor, [giver.plots[0]!]))).body.id as string;
      for (const token of [giver.headToken, giver.sonToken]) {
        expectProblem(await world.request("POST", `/v1/transfers/${id}/consents`, { token, body: { personId: giver.spouse.id } }), 403, "forbidden");
      }
      expect((await world.request("GET", `/v1/transfers/${id}`)).body.consents.given).toEqual([]);
    });

    it("refuses approval before every consent is in with 409 application_not_in_notice, payment before approval with 409 application_not_approved, and any step once registered with 409 application_already_closed", async () => {
      const giver = await givingHousehold(world, 26, [36, 37, 38]);
      const receiver = await receivingHousehold(world, 27);
      const id = (await apply(giver.headToken, transferBody(giver.contractor, receiver.contractor, [giver.plots[0]!]))).body.id as string;
      expectProblem(await world.request("POST", `/v1/transfers/${id}/approval`, { body: approval(TODAY) }), 409, "application_not_in_notice");
      expectProblem(await world.request("POST", `/v1/transfers/${id}/payment`, { body: payment(TODAY) }), 409, "application_not_approved");
      await world.request("POST", `/v1/transfers/${id}/consents`, { token: giver.spouseToken, body: { personId: giver.spouse.id } });
      await world.request("POST", `/v1/transfers/${id}/approval`, { body: approval(TODAY) });
      expectProblem(await world.request("POST", `/v1/transfers/${id}/payment`, { body: payment(TODAY, "1800.00") }), 422, "payment_amount_mismatch");
      expect((await world.request("POST", `/v1/transfers/${id}/payment`, { body: payment(TODAY) })).status).toBe(200);
      // A registered application is closed: a second payment registers nothing.
      expectProblem(await world.request("POST", `/v1/transfers/${id}/payment`, { body: payment(TODAY) }), 409, "application_already_closed");
      expectProblem(await world.request("POST", `/v1/transfers/${id}/rejection`, { body: { reason: "迟到的异议" } }), 409, "application_already_closed");
    });

    it("refuses a land application without plotCodes, naming a person, or naming a unit number with 422 application_subject_incomplete", async () => {
      const giver = await givingHousehold(world, 28, [39, 40, 41]);
      const receiver = await receivingHousehold(world, 29);
      const base = transferBody(giver.contractor, receiver.contractor, [giver.plots[0]!]);
      const { plotCodes: _omitted, ...withoutPlots } = base;
      const bodies = [
        withoutPlots,
        { ...base, from: { personId: giver.head.id } },
        { ...base, to: { personId: receiver.head.id } },
        { ...base, unitNumber: "371083001002JC00001W00000000" },
        { ...base, shares: "1" },
      ];
      for (const body of bodies) expectProblem(await apply(registrar, body), 422, "application_subject_incomplete");
    });

    it("refuses the same household on both sides with 422 holders_must_be_different", async () => {
      const giver = await givingHousehold(world, 30, [42, 43, 44]);
      expectProblem(await apply(giver.headToken, transferBody(giver.contractor, giver.contractor, [giver.plots[0]!])), 422, "holders_must_be_different");
    });

    it("refuses a plot listed twice with 422 contract_plots_duplicated", async () => {
      const giver = await givingHousehold(world, 31, [45, 46, 47]);
      const receiver = await receivingHousehold(world, 32);
      expectProblem(await apply(giver.headToken, transferBody(giver.contractor, receiver.contractor, [giver.plots[0]!, giver.plots[0]!])), 422, "contract_plots_duplicated");
    });

    it("refuses a giving household unknown to the collective with 404 household_not_found", async () => {
      const receiver = await receivingHousehold(world, 33);
      expectProblem(await apply(registrar, transferBody(contractorCode(VILLAGE.issuerCode, 98), receiver.contractor, [plotCode(VILLAGE.issuerCode, 10)])), 404, "household_not_found");
    });
  });

  describe("who may act", () => {
    it("lets only the representative (or the registrar) apply: the spouse's token gets 403 forbidden", async () => {
      const giver = await givingHousehold(world, 34, [48, 49, 50]);
      const receiver = await receivingHousehold(world, 35);
      expectProblem(await apply(giver.spouseToken, transferBody(giver.contractor, receiver.contractor, [giver.plots[0]!])), 403, "forbidden");
      const bureau = await createToken(world, { role: "bureau", regionPrefix: "371083" });
      expectProblem(await apply(bureau, transferBody(giver.contractor, receiver.contractor, [giver.plots[0]!])), 403, "forbidden");
      const otherRegistrar = await createToken(world, { role: "registrar", collectiveCode: GROUP.code });
      expectProblem(await apply(otherRegistrar, transferBody(giver.contractor, receiver.contractor, [giver.plots[0]!])), 404, "collective_not_found");
    });

    it("hides an application from a holder of no party household with 404 application_not_found, and shows it to the receiver", async () => {
      const giver = await givingHousehold(world, 36, [51, 52, 53]);
      const receiver = await receivingHousehold(world, 37);
      const stranger = await memberOf(world, VILLAGE, "赵六");
      const strangerToken = await createToken(world, { role: "holder", personId: stranger.id });
      const id = (await apply(giver.headToken, transferBody(giver.contractor, receiver.contractor, [giver.plots[0]!]))).body.id as string;
      expectProblem(await world.request("GET", `/v1/transfers/${id}`, { token: strangerToken }), 404, "application_not_found");
      expectProblem(await world.request("POST", `/v1/transfers/${id}/consents`, { token: strangerToken, body: { personId: stranger.id } }), 404, "application_not_found");
      const receiverToken = await createToken(world, { role: "holder", personId: receiver.head.id });
      expect((await world.request("GET", `/v1/transfers/${id}`, { token: receiverToken })).body.id).toBe(id);
    });
  });

  const security = { giver: "", receiver: "", plot: "" };
  beforeAll(async () => {
    const giver = await givingHousehold(world, 40, [60, 61, 62]);
    const receiver = await receivingHousehold(world, 41);
    Object.assign(security, { giver: giver.contractor, receiver: receiver.contractor, plot: giver.plots[0]! });
  });
  runSecurityCases({
    world: () => world,
    method: "POST",
    path: () => "/v1/transfers",
    body: () => transferBody(security.giver, security.receiver, [security.plot]),
  });
});
