import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contractorCode, createToken, expectProblem, GROUP, member, recordResolution, registerCollective, registerHousehold, unitNumber, VILLAGE } from "../support/fixtures.js";
import { createWorld, TODAY, type World } from "../support/world.js";

/**
 * Voluntary paid withdrawal (自愿有偿退出): shares go back to the collective's own holding, a homestead right is
 * cancelled and its parcel returns to the collective. Both collectives post notices of 0 days. VILLAGE keeps the
 * default rule (no new homestead after a withdrawal); GROUP changes it in one test, so only that test uses GROUP.
 * Persons: 1–49 shareholders, 100 + seq household heads, 200 + seq spouses.
 */
let world: World;
type Collective = typeof VILLAGE | typeof GROUP;

beforeAll(async () => {
  world = await createWorld();
  await registerCollective(world, VILLAGE, { noticeDays: 0 });
  await registerCollective(world, GROUP, { noticeDays: 0 });
});
afterAll(() => world.close());

const step = (id: string, path: string, body: unknown = {}, token?: string) => world.request("POST", `/v1/withdrawals/${id}/${path}`, { body, token });

async function approveAndPay(id: string, amount: string) {
  const approved = await step(id, "approval", { resolutionRef: "理事会决定〔2026〕5号", decidedOn: TODAY });
  expect(approved.status, approved.text).toBe(200);
  const paid = await step(id, "payment", { amount, paidOn: TODAY, reference: "集体账户支付 0001" });
  expect(paid.status, paid.text).toBe(200);
  return paid.body;
}

async function capTable(collective: Collective = VILLAGE) {
  const res = await world.request("GET", `/v1/collectives/${collective.code}/equity`);
  expect(res.status, res.text).toBe(200);
  return res.body as { totalShares: string; collectiveShares: string; holdings: { personId: string; shares: string; reservedShares: string }[] };
}

describe("POST /v1/withdrawals (equity)", () => {
  /** A member holding `shares`, issued to them alone. */
  async function shareholder(index: number, shares = "12") {
    const person = await member(world, VILLAGE.code, index, `股东${index}`);
    await recordResolution(world, VILLAGE.code, ["equity-issuance"], { ref: `成员大会决议〔2020〕${index}号` });
    const issued = await world.request("POST", `/v1/collectives/${VILLAGE.code}/equity/issuances`, {
      body: { resolutionRef: `成员大会决议〔2020〕${index}号`, allocations: [{ personId: person.id, shareClass: "population", shares }] },
    });
    expect(issued.status, issued.text).toBe(201);
    return person;
  }
  const body = (personId: string, change: Record<string, unknown> = {}) => ({
    kind: "equity",
    collectiveCode: VILLAGE.code,
    from: { personId },
    shares: "5",
    compensation: "30000.00",
    agreementSignedOn: "2026-11-20",
    ...change,
  });

  describe("accepts", () => {
    it("returns the shares to the collective's own holding on payment: the collective's shares grow, the total stays", async () => {
      const person = await shareholder(1);
      const token = await createToken(world, { role: "holder", personId: person.id });
      const before = await capTable();

      const applied = await world.request("POST", "/v1/withdrawals", { body: body(person.id), token });
      expect(applied.status, applied.text).toBe(201);
      // equity is a person's: no household consent, the notice starts at once
      expect(applied.body).toMatchObject({ type: "withdrawal", kind: "equity", status: "in-notice", to: null, shares: "5", compensation: "30000.00", consents: { required: [] } });
      expect(applied.body.price).toBeUndefined();
      expect((await capTable()).holdings.find((h) => h.personId === person.id)).toMatchObject({ shares: "12", reservedShares: "5" });

      const registered = await approveAndPay(applied.body.id, "30000.00");
      expect(registered).toMatchObject({ status: "registered", registeredOn: TODAY, payment: { amount: "30000.00" } });

      const after = await capTable();
      expect(after.totalShares).toBe(before.totalShares);
      expect(Number(after.collectiveShares)).toBe(Number(before.collectiveShares) + 5);
      expect(after.holdings.find((h) => h.personId === person.id)).toMatchObject({ shares: "7", reservedShares: "0" });

      const read = await world.request("GET", `/v1/withdrawals/${applied.body.id}`, { token });
      expect(read.status, read.text).toBe(200);
      expect(read.body).toMatchObject({ status: "registered" });
      const journal = await world.request("GET", `/v1/journal?collectiveCode=${VILLAGE.code}&limit=1000`);
      expect(journal.body.events.filter((e: { type: string; subject: string }) => e.type === "withdrawal.registered" && e.subject === applied.body.id)).toHaveLength(1);
    });

    it("withdraws a whole holding of fractional shares, which leaves the person's holdings", async () => {
      const person = await shareholder(2, "3.5");
      const before = await capTable();
      const applied = await world.request("POST", "/v1/withdrawals", { body: body(person.id, { shares: "3.5", compensation: "21000.00" }) });
      expect(applied.status, applied.text).toBe(201);
      await approveAndPay(applied.body.id, "21000.00");
      const after = await capTable();
      expect(after.holdings.find((h) => h.personId === person.id)).toBeUndefined();
      expect(Number(after.collectiveShares)).toBe(Number(before.collectiveShares) + 3.5);
      expect(after.totalShares).toBe(before.totalShares);
    });
  });

  describe("rejects", () => {
    it("refuses more shares than held with 409 insufficient_shares", async () => {
      const person = await shareholder(10);
      expectProblem(await world.request("POST", "/v1/withdrawals", { body: body(person.id, { shares: "12.0001" }) }), 409, "insufficient_shares");
    });

    it("refuses shares reserved by a pending transfer with 409 insufficient_shares", async () => {
      const person = await shareholder(11);
      const buyer = await member(world, VILLAGE.code, 41, "买方41");
      const transfer = await world.request("POST", "/v1/transfers", {
        body: { kind: "equity", collectiveCode: VILLAGE.code, from: { personId: person.id }, to: { personId: buyer.id }, shares: "10", price: "60000.00", agreementSignedOn: "2026-11-20" },
      });
      expect(transfer.status, transfer.text).toBe(201);
      expectProblem(await world.request("POST", "/v1/withdrawals", { body: body(person.id, { shares: "3" }) }), 409, "insufficient_shares");
      const exact = await world.request("POST", "/v1/withdrawals", { body: body(person.id, { shares: "2" }) });
      expect(exact.status, exact.text).toBe(201);
    });

    it("refuses a withdrawal that names a receiver with 422 application_subject_incomplete", async () => {
      const person = await shareholder(12);
      const other = await member(world, VILLAGE.code, 42);
      const res = await world.request("POST", "/v1/withdrawals", { body: body(person.id, { to: { personId: other.id } }) });
      expectProblem(res, 422, "application_subject_incomplete");
      expect((await capTable()).holdings.find((h) => h.personId === person.id)).toMatchObject({ reservedShares: "0" });
    });

    it.each([
      ["no shares", { shares: undefined }],
      ["a household as the giver", { from: { contractorCode: contractorCode(VILLAGE.issuerCode, 1) } }],
      ["plot codes", { plotCodes: [`${VILLAGE.issuerCode}00001`] }],
      ["a unit number", { unitNumber: unitNumber(VILLAGE.regionCode, 1) }],
    ])("refuses an equity withdrawal with %s with 422 application_subject_incomplete", async (_name, change) => {
      const res = await world.request("POST", "/v1/withdrawals", { body: body("per_any", change) });
      expectProblem(res, 422, "application_subject_incomplete");
    });

    it("refuses zero shares with 422 shares_must_be_positive", async () => {
      const person = await shareholder(13);
      expectProblem(await world.request("POST", "/v1/withdrawals", { body: body(person.id, { shares: "0" }) }), 422, "shares_must_be_positive");
    });

    it("refuses an agreement dated after today (CST) with 422 date_in_future", async () => {
      const person = await shareholder(14);
      expectProblem(await world.request("POST", "/v1/withdrawals", { body: body(person.id, { agreementSignedOn: "2026-11-28" }) }), 422, "date_in_future");
    });

    it("refuses a holder applying for another person's shares with 403 forbidden", async () => {
      const person = await shareholder(15);
      const other = await shareholder(16);
      const token = await createToken(world, { role: "holder", personId: other.id });
      expectProblem(await world.request("POST", "/v1/withdrawals", { body: body(person.id), token }), 403, "forbidden");
    });

    it("refuses a payment of another amount than the compensation with 422 payment_amount_mismatch, and registers nothing", async () => {
      const person = await shareholder(17);
      const applied = await world.request("POST", "/v1/withdrawals", { body: body(person.id) });
      await step(applied.body.id, "approval", { resolutionRef: "理事会决定〔2026〕6号", decidedOn: TODAY });
      expectProblem(await step(applied.body.id, "payment", { amount: "29999.99", paidOn: TODAY, reference: "x" }), 422, "payment_amount_mismatch");
      expect((await capTable()).holdings.find((h) => h.personId === person.id)).toMatchObject({ shares: "12", reservedShares: "5" });
    });
  });
});

describe("POST /v1/withdrawals (homestead)", () => {
  const unit = (seq: number, collective: Collective = VILLAGE) => unitNumber(collective.regionCode, seq);
  const householdCode = (seq: number, collective: Collective = VILLAGE) => contractorCode(collective.issuerCode, seq);

  async function makeHousehold(seq: number, opts: { spouse?: boolean; collective?: Collective } = {}) {
    const collective = opts.collective ?? VILLAGE;
    const offset = collective === VILLAGE ? 0 : 500;
    const head = await member(world, collective.code, 100 + offset + seq, `户主${seq}`);
    const spouse = opts.spouse ? await member(world, collective.code, 200 + offset + seq, `配偶${seq}`) : null;
    await registerHousehold(world, collective as typeof VILLAGE, seq, [{ personId: head.id }, ...(spouse ? [{ personId: spouse.id, coHolder: true }] : [])]);
    const granted = await grant(seq, seq, collective);
    expect(granted.status, granted.text).toBe(201);
    return { head, spouse };
  }
  const grant = (householdSeq: number, unitSeq: number, collective: Collective = VILLAGE) =>
    world.request("POST", `/v1/collectives/${collective.code}/homesteads`, {
      body: { unitNumber: unit(unitSeq, collective), contractorCode: householdCode(householdSeq, collective), areaM2: "150", approvedOn: TODAY, origin: "grant" },
    });
  const body = (seq: number, collective: Collective = VILLAGE, change: Record<string, unknown> = {}) => ({
    kind: "homestead",
    collectiveCode: collective.code,
    from: { contractorCode: householdCode(seq, collective) },
    unitNumber: unit(seq, collective),
    compensation: "96000.00",
    agreementSignedOn: "2026-11-20",
    ...change,
  });
  async function withdraw(seq: number, collective: Collective = VILLAGE) {
    const applied = await world.request("POST", "/v1/withdrawals", { body: body(seq, collective) });
    expect(applied.status, applied.text).toBe(201);
    return approveAndPay(applied.body.id, "96000.00");
  }

  describe("accepts", () => {
    it("cancels the homestead right on payment, after the co-holder's written consent recorded by the registrar", async () => {
      const { spouse } = await makeHousehold(1, { spouse: true });
      const registrar = await createToken(world, { role: "registrar", collectiveCode: VILLAGE.code });
      const applied = await world.request("POST", "/v1/withdrawals", { body: body(1), token: registrar });
      expect(applied.status, applied.text).toBe(201);
      expect(applied.body).toMatchObject({ status: "pending-consent", to: null, unitNumber: unit(1), compensation: "96000.00", consents: { required: [spouse!.id] } });

      const consented = await step(applied.body.id, "consents", { personId: spouse!.id }, registrar);
      expect(consented.status, consented.text).toBe(200);
      expect(consented.body).toMatchObject({ status: "in-notice", consents: { given: [{ personId: spouse!.id, via: "written" }] } });

      await approveAndPay(applied.body.id, "96000.00");
      const homestead = await world.request("GET", `/v1/homesteads/${unit(1)}`);
      expect(homestead.body).toMatchObject({ unitNumber: unit(1), contractorCode: householdCode(1), status: "cancelled" });

      const journal = await world.request("GET", `/v1/journal?collectiveCode=${VILLAGE.code}&limit=1000`);
      const registered = journal.body.events.filter((e: { type: string; subject: string }) => e.type === "withdrawal.registered" && e.subject === applied.body.id);
      expect(registered).toHaveLength(1);
      // The cancellation ends the right: no new certificate; the household's certificate is cancelled.
      expect(registered[0].data.certificates).toEqual([]);
      expect(registered[0].data.titleCertificates).toEqual({ issued: [], superseded: [], cancelled: [`${unit(1)}-0001`] });
    });

    it("refuses the household a new grant afterwards with 409 homestead_regrant_refused (the collective's default rule)", async () => {
      await makeHousehold(2);
      await withdraw(2);
      expectProblem(await grant(2, 3), 409, "homestead_regrant_refused");
    });

    it("grants a new homestead after a withdrawal (201) once the collective's rules set regrantAfterHomesteadWithdrawal, but never after a transfer", async () => {
      await makeHousehold(1, { collective: GROUP });
      await withdraw(1, GROUP);
      expectProblem(await grant(1, 11, GROUP), 409, "homestead_regrant_refused");

      // a household that transferred its homestead stays barred whatever the rule (LAL Art. 62 ¶5)
      await makeHousehold(2, { collective: GROUP });
      const receiver = await member(world, GROUP.code, 900, "受让户主");
      await registerHousehold(world, GROUP as unknown as typeof VILLAGE, 90, [{ personId: receiver.id }]);
      const transfer = await world.request("POST", "/v1/transfers", {
        body: { ...body(2, GROUP), compensation: undefined, to: { contractorCode: householdCode(90, GROUP) }, price: "96000.00" },
      });
      expect(transfer.status, transfer.text).toBe(201);
      for (const [path, b] of [
        ["approval", { resolutionRef: "决定〔2026〕1号", decidedOn: TODAY }],
        ["payment", { amount: "96000.00", paidOn: TODAY, reference: "0002" }],
      ] as const) {
        const res = await world.request("POST", `/v1/transfers/${transfer.body.id}/${path}`, { body: b });
        expect(res.status, res.text).toBe(200);
      }

      await recordResolution(world, GROUP.code, ["rules-change"], { ref: "成员大会决议〔2026〕3号" });
      const changed = await world.request("PUT", `/v1/collectives/${GROUP.code}/rules`, {
        body: { rules: { regrantAfterHomesteadWithdrawal: true }, resolutionRef: "成员大会决议〔2026〕3号", effectiveOn: TODAY },
      });
      expect(changed.status, changed.text).toBe(200);

      const regranted = await grant(1, 11, GROUP);
      expect(regranted.status, regranted.text).toBe(201);
      expect(regranted.body).toMatchObject({ unitNumber: unit(11, GROUP), contractorCode: householdCode(1, GROUP), status: "active" });
      expectProblem(await grant(2, 12, GROUP), 409, "homestead_regrant_refused");
    });
  });

  describe("rejects", () => {
    it("refuses a homestead that is not the household's with 409 homestead_not_held_by_household", async () => {
      await makeHousehold(10);
      await makeHousehold(11);
      const res = await world.request("POST", "/v1/withdrawals", { body: body(10, VILLAGE, { unitNumber: unit(11) }) });
      expectProblem(res, 409, "homestead_not_held_by_household");
    });

    it("refuses a homestead already cancelled by a withdrawal with 409 homestead_not_held_by_household", async () => {
      await makeHousehold(12);
      await withdraw(12);
      expectProblem(await world.request("POST", "/v1/withdrawals", { body: body(12) }), 409, "homestead_not_held_by_household");
    });

    it("refuses a homestead withdrawal that names a receiver with 422 application_subject_incomplete", async () => {
      await makeHousehold(13);
      const res = await world.request("POST", "/v1/withdrawals", { body: body(13, VILLAGE, { to: { contractorCode: householdCode(14) } }) });
      expectProblem(res, 422, "application_subject_incomplete");
    });
  });
});
