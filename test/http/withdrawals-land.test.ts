import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { movableClock } from "../../src/lib/clock.js";
import {
  admitMember,
  contractorCode,
  createToken,
  expectProblem,
  plotCode,
  registerCollective,
  registerContract,
  registerHousehold,
  registerPerson,
  registerPlot,
  VILLAGE,
} from "../support/fixtures.js";
import { createWorld, TODAY, type World } from "../support/world.js";

/**
 * A household returns some or all of its contracted plots to the collective for compensation (RLCL Art. 30):
 * the written notice must precede the registration by six months; the plots then belong to no contract, and the
 * collective may contract them again. Co-holders consent as for a transfer.
 *
 * The story that waits for the six months moves "today", so it builds its own world; the others share one whose
 * clock stays at 2026-11-27, each owning its household and plot sequences.
 */

let personIndex = 0;
async function memberOf(world: World, name: string, female = false) {
  const person = await registerPerson(world, ++personIndex, name, { female });
  await admitMember(world, VILLAGE.code, person.id);
  return person;
}

/** The representative and his wife (a co-holder), with a contract (1998-10-01 → 2028-09-30) over the plots. */
async function household(world: World, seq: number, plotSeqs: number[]) {
  const head = await memberOf(world, `刘振华${seq}`);
  const spouse = await memberOf(world, `陈玉梅${seq}`, true);
  await registerHousehold(world, VILLAGE, seq, [{ personId: head.id }, { personId: spouse.id, relation: "spouse" }]);
  for (const p of plotSeqs) await registerPlot(world, VILLAGE, p);
  await registerContract(world, VILLAGE, seq, plotSeqs);
  const contractor = contractorCode(VILLAGE.issuerCode, seq);
  return {
    contractor,
    contractCode: `${contractor}J`,
    head,
    spouse,
    plots: plotSeqs.map((s) => plotCode(VILLAGE.issuerCode, s)),
    headToken: await createToken(world, { role: "holder", personId: head.id }),
    spouseToken: await createToken(world, { role: "holder", personId: spouse.id }),
  };
}

type Household = Awaited<ReturnType<typeof household>>;

const withdrawalBody = (giver: string, plotCodes: string[], change: Record<string, unknown> = {}) => ({
  kind: "land-contract",
  collectiveCode: VILLAGE.code,
  from: { contractorCode: giver },
  plotCodes,
  compensation: "12600.00",
  agreementSignedOn: "2026-11-20",
  writtenNoticeOn: "2026-05-01",
  ...change,
});

const approval = (decidedOn: string) => ({ resolutionRef: "午极村股份经济合作社理事会决定〔2026〕15号", decidedOn });
const payment = (paidOn: string) => ({ amount: "12600.00", paidOn, reference: "集体账户支付 2026-031" });

/** Applies, has the spouse consent with her token and the registrar approve on `decidedOn`; returns the id. */
async function approvedWithdrawal(world: World, giver: Household, plotCodes: string[], decidedOn: string, change: Record<string, unknown> = {}) {
  const applied = await world.request("POST", "/v1/withdrawals", { token: giver.headToken, body: withdrawalBody(giver.contractor, plotCodes, change) });
  expect(applied.status, applied.text).toBe(201);
  const id = applied.body.id as string;
  const consented = await world.request("POST", `/v1/withdrawals/${id}/consents`, { token: giver.spouseToken, body: { personId: giver.spouse.id } });
  expect(consented.status, consented.text).toBe(200);
  const approved = await world.request("POST", `/v1/withdrawals/${id}/approval`, { body: approval(decidedOn) });
  expect(approved.status, approved.text).toBe(200);
  return id;
}

async function registrationsOf(world: World, contractCode: string) {
  const rs = await world.tdb.client.execute({
    sql: "SELECT version, act, certificate_serial, plot_codes_json, effective_on, application_id FROM right_registrations WHERE right_kind = 'land-contract' AND right_code = ? ORDER BY version",
    args: [contractCode],
  });
  return rs.rows.map((r) => [r.version, r.act, r.certificate_serial, r.plot_codes_json, r.effective_on, r.application_id]);
}

describe("a land-contract withdrawal from application to registration", () => {
  let world: World | null = null;
  afterEach(() => {
    world?.close();
    world = null;
  });

  it("refuses to register less than six months after the written notice with 409 written_notice_too_recent, then registers on the day six months have run", async () => {
    const clock = movableClock(TODAY);
    world = await createWorld(clock);
    await registerCollective(world, VILLAGE, { noticeDays: 7 });
    const giver = await household(world, 1, [1, 2]);
    const applied = await world.request("POST", "/v1/withdrawals", { token: giver.headToken, body: withdrawalBody(giver.contractor, [giver.plots[0]!], { writtenNoticeOn: "2026-06-15" }) });
    expect(applied.status, applied.text).toBe(201);
    // The application may be made before the six months have run: the rule binds the registration.
    expect(applied.body).toMatchObject({ type: "withdrawal", status: "pending-consent", to: null, compensation: "12600.00", writtenNoticeOn: "2026-06-15" });
    expect(applied.body.id).toMatch(/^wdr_/);
    const id = applied.body.id as string;
    await world.request("POST", `/v1/withdrawals/${id}/consents`, { token: giver.spouseToken, body: { personId: giver.spouse.id } });

    clock.set("2026-12-14");
    expect((await world.request("POST", `/v1/withdrawals/${id}/approval`, { body: approval("2026-12-14") })).status).toBe(200);
    expectProblem(await world.request("POST", `/v1/withdrawals/${id}/payment`, { body: payment("2026-12-14") }), 409, "written_notice_too_recent");
    expect((await world.request("GET", `/v1/withdrawals/${id}`)).body).toMatchObject({ status: "approved", payment: null, registeredOn: null });
    expect((await world.request("GET", `/v1/plots/${giver.plots[0]}`)).body.holder.contractorCode).toBe(giver.contractor);

    clock.set("2026-12-15");
    const paid = await world.request("POST", `/v1/withdrawals/${id}/payment`, { body: payment("2026-12-15") });
    expect(paid.status, paid.text).toBe(200);
    expect(paid.body).toMatchObject({ status: "registered", registeredOn: "2026-12-15", payment: { amount: "12600.00", paidOn: "2026-12-15" } });
    expect((await world.request("GET", `/v1/plots/${giver.plots[0]}`)).body).toMatchObject({ currentContract: null, holder: null });

    const journal = await world.request("GET", `/v1/journal?collectiveCode=${VILLAGE.code}&limit=1000`);
    const events = journal.body.events as { stream: string; streamSeq: number; type: string; subject: string }[];
    expect(events.filter((e) => e.subject === id).map((e) => e.type)).toEqual(["withdrawal.applied", "withdrawal.consented", "withdrawal.approved", "withdrawal.registered"]);
    const stream = events.filter((e) => e.stream === VILLAGE.code);
    expect(stream.map((e) => e.streamSeq)).toEqual(stream.map((_, i) => i + 1));
  });
});

describe("land-contract withdrawals", () => {
  let world: World;
  let registrar: string;

  beforeAll(async () => {
    world = await createWorld();
    await registerCollective(world, VILLAGE, { noticeDays: 0 });
    registrar = await createToken(world, { role: "registrar", collectiveCode: VILLAGE.code });
  });
  afterAll(() => world.close());

  describe("accepts", () => {
    it("returns a plot to the collective on payment: it leaves the contract, the contract gets a new version, and the plot can be contracted again", async () => {
      const giver = await household(world, 10, [10, 11, 12]);
      const [p10, p11, p12] = giver.plots as [string, string, string];
      const id = await approvedWithdrawal(world, giver, [p10], TODAY);
      const paid = await world.request("POST", `/v1/withdrawals/${id}/payment`, { token: registrar, body: payment(TODAY) });
      expect(paid.status, paid.text).toBe(200);
      expect(paid.body).toMatchObject({ status: "registered", registeredOn: TODAY, writtenNoticeOn: "2026-05-01", plotCodes: [p10] });

      const plot = await world.request("GET", `/v1/plots/${p10}`);
      expect(plot.status, plot.text).toBe(200);
      expect(plot.body).toMatchObject({ plotCode: p10, currentContract: null, holder: null });
      const contract = await world.request("GET", `/v1/land-contracts/${giver.contractCode}`);
      expect(contract.body).toMatchObject({ status: "active", plotCount: 2 });
      expect(contract.body.plots.map((p: { plotCode: string }) => p.plotCode)).toEqual([p11, p12]);
      expect(await registrationsOf(world, giver.contractCode)).toEqual([
        [1, "first", `${giver.contractCode}-0001`, JSON.stringify([p10, p11, p12]), "1998-10-01", null],
        [2, "withdrawal", `${giver.contractCode}-0002`, JSON.stringify([p11, p12]), TODAY, id],
      ]);

      const listed = await world.request("GET", `/v1/collectives/${VILLAGE.code}/withdrawals?status=registered`);
      expect(listed.body.applications.map((a: { id: string }) => a.id)).toContain(id);
      expectProblem(await world.request("GET", `/v1/transfers/${id}`), 404, "application_not_found");

      // The returned plot is the collective's to contract again.
      const newcomer = await memberOf(world, "孙立新");
      await registerHousehold(world, VILLAGE, 11, [{ personId: newcomer.id }]);
      const contracted = await world.request("POST", `/v1/collectives/${VILLAGE.code}/land-contracts`, {
        body: { contractCode: `${contractorCode(VILLAGE.issuerCode, 11)}J`, contractorCode: contractorCode(VILLAGE.issuerCode, 11), plotCodes: [p10], startsOn: TODAY, endsOn: "2028-09-30" },
      });
      expect(contracted.status, contracted.text).toBe(201);
      expect((await world.request("GET", `/v1/plots/${p10}`)).body.holder).toMatchObject({ contractorCode: contractorCode(VILLAGE.issuerCode, 11) });
    });

    it("ends the contract when every plot is returned", async () => {
      const giver = await household(world, 12, [13, 14]);
      const id = await approvedWithdrawal(world, giver, giver.plots, TODAY);
      expect((await world.request("POST", `/v1/withdrawals/${id}/payment`, { body: payment(TODAY) })).status).toBe(200);
      expect((await world.request("GET", `/v1/land-contracts/${giver.contractCode}`)).body).toMatchObject({ status: "ended", plotCount: 0, plots: [] });
      for (const p of giver.plots) expect((await world.request("GET", `/v1/plots/${p}`)).body.currentContract).toBeNull();
      expect((await registrationsOf(world, giver.contractCode)).map((r) => [r[0], r[1], r[3]])).toEqual([
        [1, "first", JSON.stringify(giver.plots)],
        [2, "withdrawal", "[]"],
      ]);
    });

    it("refuses a household that returned its land a new contract during the term with 409 land_returned_during_term (RLCL Art. 30)", async () => {
      const giver = await household(world, 14, [17]);
      const id = await approvedWithdrawal(world, giver, giver.plots, TODAY);
      expect((await world.request("POST", `/v1/withdrawals/${id}/payment`, { body: payment(TODAY) })).status).toBe(200);
      const other = plotCode(VILLAGE.issuerCode, 90);
      expect((await world.request("POST", `/v1/collectives/${VILLAGE.code}/plots`, { body: { plotCode: other, areaMu: "1.00", landUse: "cropping", boundaries: { east: "路", south: "渠", west: "张家", north: "李家" } } })).status).toBe(201);
      const contract = (startsOn: string, endsOn: string) =>
        world.request("POST", `/v1/collectives/${VILLAGE.code}/land-contracts`, {
          body: { contractCode: `${giver.contractor}Q`, contractorCode: giver.contractor, plotCodes: [other], startsOn, endsOn },
        });
      expectProblem(await contract(TODAY, "2030-12-31"), 409, "land_returned_during_term");
      expect((await contract("2028-10-01", "2058-09-30")).status).toBe(201);
    });

    it("registers on the very day six months after the written notice (2026-05-27 → 2026-11-27)", async () => {
      const giver = await household(world, 13, [15, 16]);
      const id = await approvedWithdrawal(world, giver, [giver.plots[0]!], TODAY, { writtenNoticeOn: "2026-05-27" });
      const paid = await world.request("POST", `/v1/withdrawals/${id}/payment`, { body: payment(TODAY) });
      expect(paid.status, paid.text).toBe(200);
      expect(paid.body.status).toBe("registered");
    });
  });

  describe("rejects", () => {
    it("refuses a land withdrawal without writtenNoticeOn with 422 written_notice_required", async () => {
      const giver = await household(world, 20, [20, 21]);
      const { writtenNoticeOn: _omitted, ...body } = withdrawalBody(giver.contractor, [giver.plots[0]!]);
      expectProblem(await world.request("POST", "/v1/withdrawals", { token: giver.headToken, body }), 422, "written_notice_required");
      const listed = await world.request("GET", `/v1/collectives/${VILLAGE.code}/withdrawals`);
      expect(listed.body.applications.filter((a: { from: { contractorCode?: string } }) => a.from.contractorCode === giver.contractor)).toEqual([]);
    });

    it("refuses the registration one day short of six months with 409 written_notice_too_recent and keeps the application approved", async () => {
      const giver = await household(world, 21, [22, 23]);
      const id = await approvedWithdrawal(world, giver, [giver.plots[0]!], TODAY, { writtenNoticeOn: "2026-05-28" });
      expectProblem(await world.request("POST", `/v1/withdrawals/${id}/payment`, { body: payment(TODAY) }), 409, "written_notice_too_recent");
      expect((await world.request("GET", `/v1/withdrawals/${id}`)).body).toMatchObject({ status: "approved", registeredOn: null });
      expect((await world.request("GET", `/v1/land-contracts/${giver.contractCode}`)).body.plotCount).toBe(2);
      const journal = await world.request("GET", `/v1/journal?collectiveCode=${VILLAGE.code}&limit=1000`);
      expect(journal.body.events.filter((e: { subject: string; type: string }) => e.subject === id && e.type === "withdrawal.registered")).toEqual([]);
    });

    it("refuses a written notice dated after today with 422 date_in_future", async () => {
      const giver = await household(world, 22, [24, 25]);
      expectProblem(
        await world.request("POST", "/v1/withdrawals", { token: giver.headToken, body: withdrawalBody(giver.contractor, [giver.plots[0]!], { writtenNoticeOn: "2026-11-28" }) }),
        422,
        "date_in_future",
      );
    });

    it("refuses a land withdrawal without plots, naming a person, or naming a receiver with 422 application_subject_incomplete", async () => {
      const giver = await household(world, 23, [26, 27]);
      const { plotCodes: _omitted, ...withoutPlots } = withdrawalBody(giver.contractor, [giver.plots[0]!]);
      const bodies = [
        withoutPlots,
        withdrawalBody(giver.contractor, [giver.plots[0]!], { from: { personId: giver.head.id } }),
        // A withdrawal goes back to the collective: it has no receiver.
        withdrawalBody(giver.contractor, [giver.plots[0]!], { to: { contractorCode: contractorCode(VILLAGE.issuerCode, 10) } }),
      ];
      for (const body of bodies) expectProblem(await world.request("POST", "/v1/withdrawals", { token: giver.headToken, body }), 422, "application_subject_incomplete");
    });

    it("refuses plots outside the household's contract with 409 plots_not_held_by_household", async () => {
      const giver = await household(world, 24, [28, 29]);
      const other = await household(world, 25, [30]);
      expectProblem(await world.request("POST", "/v1/withdrawals", { token: giver.headToken, body: withdrawalBody(giver.contractor, [other.plots[0]!]) }), 409, "plots_not_held_by_household");
    });

    it("refuses a plot already returned with 409 plots_not_held_by_household", async () => {
      const giver = await household(world, 26, [31, 32]);
      const id = await approvedWithdrawal(world, giver, [giver.plots[0]!], TODAY);
      expect((await world.request("POST", `/v1/withdrawals/${id}/payment`, { body: payment(TODAY) })).status).toBe(200);
      expectProblem(await world.request("POST", "/v1/withdrawals", { token: giver.headToken, body: withdrawalBody(giver.contractor, [giver.plots[0]!]) }), 409, "plots_not_held_by_household");
    });
  });
});
