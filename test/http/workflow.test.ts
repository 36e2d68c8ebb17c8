import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { movableClock } from "../../src/lib/clock.js";
import {
  contractorCode,
  createToken,
  expectProblem,
  GROUP,
  member,
  recordResolution,
  registerCollective,
  registerHousehold,
  registerPerson,
  unitNumber,
  VILLAGE,
} from "../support/fixtures.js";
import { runSecurityCases } from "../support/security.js";
import { createWorld, NOW_MS, TODAY, type World } from "../support/world.js";

/**
 * The workflow every transfer and withdrawal follows, whatever its subject:
 *   pending-consent → in-notice → (objected ⇄ in-notice) → approved → registered, with rejected and cancelled as ends.
 * VILLAGE posts notices of 0 days (approval may follow at once); GROUP too, with a holding cap of 30 %. The notice
 * itself is tested in a world of its own whose clock moves. Equity applications move 1 of the seller's 1,000
 * shares unless a test needs its own shareholder. Person indices (unique, < 500): 1–9 fixed cast, 10–99 per-test
 * shareholders, 100 + seq household heads, 200 + seq and 400 + seq co-holders, 300–399 GROUP.
 */
let world: World;
let seller: { id: string };
let buyer: { id: string };
let outsider: { id: string };
let tokens: Record<"seller" | "buyer" | "outsider" | "registrarVillage" | "registrarGroup" | "bureauIn" | "bureauOut", string>;

const PRICE = "6000.00";
const transferBody = (change: Record<string, unknown> = {}) => ({
  kind: "equity",
  collectiveCode: VILLAGE.code,
  from: { personId: seller.id },
  to: { personId: buyer.id },
  shares: "1",
  price: PRICE,
  agreementSignedOn: "2026-11-20",
  ...change,
});

type Base = "/v1/transfers" | "/v1/withdrawals";
interface App {
  base: Base;
  id: string;
}

const get = (app: App, token?: string) => world.request("GET", `${app.base}/${app.id}`, { token });
const post = (app: App, path: string, body: unknown = {}, token?: string) => world.request("POST", `${app.base}/${app.id}/${path}`, { body, token });

async function expectStatus(app: App, status: string) {
  const res = await get(app);
  expect(res.status, res.text).toBe(200);
  expect(res.body.status).toBe(status);
  return res.body;
}

async function ok(res: { status: number; text: string; body: any }, status = 200) {
  expect(res.status, res.text).toBe(status);
  return res.body;
}

async function applyTransfer(change: Record<string, unknown> = {}, token?: string): Promise<App> {
  const res = await world.request("POST", "/v1/transfers", { body: transferBody(change), token });
  expect(res.status, res.text).toBe(201);
  return { base: "/v1/transfers", id: res.body.id };
}

const approval = { resolutionRef: "午极村理事会决定〔2026〕9号", decidedOn: TODAY };
const objection = { objectorName: "王五", grounds: "该股份存在继承纠纷" };
const approve = (app: App) => post(app, "approval", approval);
const pay = (app: App, amount = PRICE) => post(app, "payment", { amount, paidOn: TODAY, reference: "农商银行 0001" });

async function lodge(app: App): Promise<string> {
  const body = await ok(await post(app, "objections", objection), 201);
  return body.objections[body.objections.length - 1].id;
}
const resolve = (app: App, objectionId: string, outcome: "dismissed" | "upheld", note = "经核实，异议理由不成立") =>
  post(app, `objections/${objectionId}/resolution`, { outcome, note });

async function capHolding(personId: string, collectiveCode = VILLAGE.code) {
  const res = await world.request("GET", `/v1/collectives/${collectiveCode}/equity`);
  expect(res.status, res.text).toBe(200);
  return res.body.holdings.find((h: { personId: string }) => h.personId === personId) as { shares: string; reservedShares: string } | undefined;
}

/** A member of VILLAGE holding `shares` (so a test can reserve exactly all of them). */
async function shareholder(index: number, shares: string) {
  const person = await member(world, VILLAGE.code, index, `股东${index}`);
  await recordResolution(world, VILLAGE.code, ["equity-issuance"], { ref: `成员大会决议〔2020〕${index}号` });
  await ok(
    await world.request("POST", `/v1/collectives/${VILLAGE.code}/equity/issuances`, {
      body: { resolutionRef: `成员大会决议〔2020〕${index}号`, allocations: [{ personId: person.id, shareClass: "population", shares }] },
    }),
    201,
  );
  return person;
}

let householdSeq = 0;
/** A VILLAGE household with a homestead, whose representative's co-holders must consent to give it up. */
async function householdWithHomestead(coHolders: 1 | 2 = 1, extra: { coHolder: boolean }[] = []) {
  const seq = ++householdSeq;
  const head = await member(world, VILLAGE.code, 100 + seq, `户主${seq}`);
  const others = [await member(world, VILLAGE.code, 200 + seq, `配偶${seq}`)];
  if (coHolders === 2) others.push(await member(world, VILLAGE.code, 400 + seq, `子女${seq}`));
  const nonHolders = await Promise.all(extra.map(async (_, i) => registerPerson(world, 450 + seq * 2 + i, `家属${seq}`)));
  await registerHousehold(world, VILLAGE, seq, [
    { personId: head.id },
    ...others.map((o) => ({ personId: o.id, relation: "son", coHolder: true })),
    ...nonHolders.map((o) => ({ personId: o.id, relation: "daughter", coHolder: false })),
  ]);
  const unit = unitNumber(VILLAGE.regionCode, seq);
  await ok(
    await world.request("POST", `/v1/collectives/${VILLAGE.code}/homesteads`, {
      body: { unitNumber: unit, contractorCode: contractorCode(VILLAGE.issuerCode, seq), areaM2: "150", approvedOn: "2020-05-01", origin: "grant" },
    }),
    201,
  );
  return { seq, head, coHolders: others, nonHolders, unit, contractorCode: contractorCode(VILLAGE.issuerCode, seq) };
}

/** A homestead withdrawal waiting for the consent of the household's co-holder(s). */
async function pendingConsent(coHolders: 1 | 2 = 1) {
  const household = await householdWithHomestead(coHolders);
  const res = await world.request("POST", "/v1/withdrawals", {
    body: { kind: "homestead", collectiveCode: VILLAGE.code, from: { contractorCode: household.contractorCode }, unitNumber: household.unit, compensation: "80000.00", agreementSignedOn: "2026-11-20" },
  });
  expect(res.status, res.text).toBe(201);
  expect(res.body.status).toBe("pending-consent");
  return { app: { base: "/v1/withdrawals" as Base, id: res.body.id as string }, household };
}

type State = "pending-consent" | "in-notice" | "objected" | "approved" | "registered" | "rejected" | "cancelled";
async function inState(state: State): Promise<App> {
  if (state === "pending-consent") return (await pendingConsent()).app;
  const app = await applyTransfer();
  if (state === "objected") await lodge(app);
  if (state === "approved" || state === "registered") await ok(await approve(app));
  if (state === "registered") await ok(await pay(app));
  if (state === "rejected") await ok(await post(app, "rejection", { reason: "材料不全" }));
  if (state === "cancelled") await ok(await post(app, "cancellation", {}));
  await expectStatus(app, state);
  return app;
}

type MoveName = "consent" | "object" | "resolve" | "approve" | "reject" | "cancel" | "pay";
const MOVES: Record<MoveName, () => [string, unknown]> = {
  consent: () => ["consents", { personId: buyer.id }],
  object: () => ["objections", objection],
  resolve: () => ["objections/obj_unknown/resolution", { outcome: "dismissed", note: "不成立" }],
  approve: () => ["approval", approval],
  reject: () => ["rejection", { reason: "材料不全" }],
  cancel: () => ["cancellation", {}],
  pay: () => ["payment", { amount: PRICE, paidOn: TODAY, reference: "0001" }],
};

beforeAll(async () => {
  world = await createWorld();
  await registerCollective(world, VILLAGE, { noticeDays: 0 });
  await registerCollective(world, GROUP, { noticeDays: 0, equityHoldingCapPercent: "30" });
  seller = await member(world, VILLAGE.code, 1, "孙秀英");
  buyer = await member(world, VILLAGE.code, 2, "于海涛");
  outsider = await member(world, VILLAGE.code, 3, "张三");
  await recordResolution(world, VILLAGE.code, ["equity-issuance"], { ref: "成员大会决议〔2020〕2号" });
  await ok(
    await world.request("POST", `/v1/collectives/${VILLAGE.code}/equity/issuances`, {
      body: {
        resolutionRef: "成员大会决议〔2020〕2号",
        allocations: [
          { personId: seller.id, shareClass: "population", shares: "1000" },
          { personId: buyer.id, shareClass: "population", shares: "10" },
        ],
      },
    }),
    201,
  );
  tokens = {
    seller: await createToken(world, { role: "holder", personId: seller.id }),
    buyer: await createToken(world, { role: "holder", personId: buyer.id }),
    outsider: await createToken(world, { role: "holder", personId: outsider.id }),
    registrarVillage: await createToken(world, { role: "registrar", collectiveCode: VILLAGE.code }),
    registrarGroup: await createToken(world, { role: "registrar", collectiveCode: GROUP.code }),
    bureauIn: await createToken(world, { role: "bureau", regionPrefix: "371083" }),
    bureauOut: await createToken(world, { role: "bureau", regionPrefix: "370114" }),
  };
});
afterAll(() => world.close());

describe("the state machine", () => {
  const closed = "application_already_closed";
  it.each([
    ["in-notice", "consent", "application_not_awaiting_consent"],
    ["objected", "consent", "application_not_awaiting_consent"],
    ["approved", "consent", "application_not_awaiting_consent"],
    ["objected", "approve", "objection_open"],
    ["pending-consent", "approve", "application_not_in_notice"],
    ["approved", "approve", "application_not_in_notice"],
    ["pending-consent", "pay", "application_not_approved"],
    ["in-notice", "pay", "application_not_approved"],
    ["objected", "pay", "application_not_approved"],
    ["approved", "cancel", "application_past_cancellation"],
    ["approved", "object", "application_not_open_to_objection"],
    ["approved", "resolve", "application_not_objected"],
    ["registered", "consent", closed],
    ["registered", "object", closed],
    ["registered", "resolve", closed],
    ["registered", "approve", closed],
    ["registered", "reject", closed],
    ["registered", "cancel", closed],
    ["registered", "pay", closed],
    ["rejected", "consent", closed],
    ["rejected", "object", closed],
    ["rejected", "approve", closed],
    ["rejected", "reject", closed],
    ["rejected", "cancel", closed],
    ["rejected", "pay", closed],
    ["cancelled", "object", closed],
    ["cancelled", "resolve", closed],
    ["cancelled", "approve", closed],
    ["cancelled", "reject", closed],
    ["cancelled", "cancel", closed],
    ["cancelled", "pay", closed],
  ] as const)("refuses, from %s, the move %s with 409 %s and leaves the application as it was", async (state, move, code) => {
    const app = await inState(state);
    const before = (await get(app)).body;
    const [path, body] = MOVES[move]();
    expectProblem(await post(app, path, body), 409, code);
    expect((await get(app)).body).toEqual(before);
  });

  it("registers at most once: a second payment of a registered transfer is 409 application_already_closed and moves no share", async () => {
    const app = await applyTransfer({ shares: "2", price: "12000.00" });
    await ok(await approve(app));
    await ok(await pay(app, "12000.00"));
    const buyerShares = (await capHolding(buyer.id))!.shares;
    expectProblem(await pay(app, "12000.00"), 409, "application_already_closed");
    expect((await capHolding(buyer.id))!.shares).toBe(buyerShares);
  });

  it("replays a retried approval with the same Idempotency-Key, and journals it once", async () => {
    const app = await applyTransfer();
    const headers = { "Idempotency-Key": `approve-${app.id}` };
    const first = await world.request("POST", `/v1/transfers/${app.id}/approval`, { body: approval, headers });
    const again = await world.request("POST", `/v1/transfers/${app.id}/approval`, { body: approval, headers });
    expect(first.status, first.text).toBe(200);
    expect(again.status).toBe(200);
    expect(again.text).toBe(first.text);
    expect(again.headers.get("idempotency-replayed")).toBe("true");
    const journal = await world.request("GET", `/v1/journal?collectiveCode=${VILLAGE.code}&limit=1000`);
    expect(journal.body.events.filter((e: { type: string; subject: string }) => e.type === "transfer.approved" && e.subject === app.id)).toHaveLength(1);
  });
});

describe("consents", () => {
  it("waits for every co-holder but the representative; the last consent starts the notice", async () => {
    const { app, household } = await pendingConsent(2);
    const first = household.coHolders[0]!;
    const second = household.coHolders[1]!;
    const pending = await expectStatus(app, "pending-consent");
    expect([...pending.consents.required].sort()).toEqual([first.id, second.id].sort());

    const one = await ok(await post(app, "consents", { personId: first.id }));
    expect(one).toMatchObject({ status: "pending-consent", notice: null });
    const two = await ok(await post(app, "consents", { personId: second.id }, tokens.registrarVillage));
    expect(two).toMatchObject({ status: "in-notice", notice: { startsOn: TODAY, endsOn: TODAY } });
    expect(two.consents.given.map((g: { personId: string; via: string }) => g.via)).toEqual(["written", "written"]);
  });

  it("does not ask household members who are no co-holders", async () => {
    const household = await householdWithHomestead(1, [{ coHolder: false }]);
    const res = await world.request("POST", "/v1/withdrawals", {
      body: { kind: "homestead", collectiveCode: VILLAGE.code, from: { contractorCode: household.contractorCode }, unitNumber: household.unit, compensation: "80000.00", agreementSignedOn: "2026-11-20" },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body.consents.required).toEqual([household.coHolders[0]!.id]);
    expectProblem(await post({ base: "/v1/withdrawals", id: res.body.id }, "consents", { personId: household.nonHolders[0]!.id }), 409, "consenter_not_co_holder");
  });

  it("refuses a second consent of the same co-holder with 409 consent_already_given", async () => {
    const { app, household } = await pendingConsent(2);
    await ok(await post(app, "consents", { personId: household.coHolders[0]!.id }));
    expectProblem(await post(app, "consents", { personId: household.coHolders[0]!.id }), 409, "consent_already_given");
    await expectStatus(app, "pending-consent");
  });

  it.each([
    ["the representative", "head"],
    ["a person outside the household", "outsider"],
  ] as const)("refuses the consent of %s with 409 consenter_not_co_holder", async (_name, who) => {
    const { app, household } = await pendingConsent();
    const personId = who === "head" ? household.head.id : outsider.id;
    expectProblem(await post(app, "consents", { personId }), 409, "consenter_not_co_holder");
    await expectStatus(app, "pending-consent");
  });

  it("refuses a co-holder consenting in another co-holder's name with 403 forbidden", async () => {
    const { app, household } = await pendingConsent(2);
    const token = await createToken(world, { role: "holder", personId: household.coHolders[0]!.id });
    expectProblem(await post(app, "consents", { personId: household.coHolders[1]!.id }, token), 403, "forbidden");
  });

  it("answers a holder who is no party of the application with 404 application_not_found", async () => {
    const { app } = await pendingConsent();
    expectProblem(await post(app, "consents", { personId: outsider.id }, tokens.outsider), 404, "application_not_found");
  });
});

describe("objections", () => {
  it("blocks approval while open (409 objection_open); dismissed, the notice goes on and approval is possible", async () => {
    const app = await applyTransfer();
    const objectionId = await lodge(app);
    const objected = await expectStatus(app, "objected");
    expect(objected.objections).toEqual([{ id: objectionId, objectorName: "王五", grounds: objection.grounds, status: "open", resolutionNote: null }]);
    expectProblem(await approve(app), 409, "objection_open");

    const dismissed = await ok(await resolve(app, objectionId, "dismissed"));
    expect(dismissed).toMatchObject({ status: "in-notice", objections: [{ id: objectionId, status: "dismissed", resolutionNote: "经核实，异议理由不成立" }] });
    expect((await ok(await approve(app))).status).toBe("approved");
  });

  it("keeps the application objected until the last open objection is resolved", async () => {
    const app = await applyTransfer();
    const first = await lodge(app);
    const second = await lodge(app);
    expect((await ok(await resolve(app, first, "dismissed"))).status).toBe("objected");
    expectProblem(await approve(app), 409, "objection_open");
    expect((await ok(await resolve(app, second, "dismissed"))).status).toBe("in-notice");
  });

  it("rejects the application when an objection is upheld and releases the reserved shares for a new application", async () => {
    const owner = await shareholder(10, "10");
    const app = await applyTransfer({ from: { personId: owner.id }, shares: "10", price: "60000.00" });
    expect(await capHolding(owner.id)).toMatchObject({ shares: "10", reservedShares: "10" });
    const objectionId = await lodge(app);

    const upheld = await ok(await resolve(app, objectionId, "upheld", "股份归属存在争议"));
    expect(upheld).toMatchObject({ status: "rejected", objections: [{ status: "upheld" }] });
    expect(upheld.closingReason).toContain("股份归属存在争议");
    expect(await capHolding(owner.id)).toMatchObject({ shares: "10", reservedShares: "0" });

    const again = await applyTransfer({ from: { personId: owner.id }, shares: "10", price: "60000.00" });
    await expectStatus(again, "in-notice");
    expect(await capHolding(owner.id)).toMatchObject({ reservedShares: "10" });
  });

  it("keeps an application objected during consents pending; the last consent makes it objected, not in-notice", async () => {
    const { app, household } = await pendingConsent();
    const objectionId = await lodge(app);
    await expectStatus(app, "pending-consent");
    expectProblem(await approve(app), 409, "application_not_in_notice");

    const consented = await ok(await post(app, "consents", { personId: household.coHolders[0]!.id }));
    expect(consented).toMatchObject({ status: "objected", notice: { startsOn: TODAY, endsOn: TODAY } });
    expectProblem(await approve(app), 409, "objection_open");

    expect((await ok(await resolve(app, objectionId, "dismissed"))).status).toBe("in-notice");
    expect((await ok(await approve(app))).status).toBe("approved");
  });

  it("keeps an application pending-consent when its objection is dismissed before the consents", async () => {
    const { app } = await pendingConsent();
    const objectionId = await lodge(app);
    expect(await ok(await resolve(app, objectionId, "dismissed"))).toMatchObject({ status: "pending-consent", notice: null });
  });

  it.each(["objected", "in-notice"] as const)("answers an unknown objection on an %s application with 404 objection_not_found", async (state) => {
    const app = await inState(state);
    expectProblem(await resolve(app, "obj_unknown", "dismissed"), 404, "objection_not_found");
    await expectStatus(app, state);
  });

  it("refuses to resolve an objection twice with 409 objection_already_resolved", async () => {
    const app = await applyTransfer();
    const first = await lodge(app);
    const second = await lodge(app);
    await ok(await resolve(app, first, "dismissed"));
    expectProblem(await resolve(app, first, "upheld"), 409, "objection_already_resolved");
    await ok(await resolve(app, second, "dismissed"));
    // the application is back in its notice: the answer is still about the objection
    expectProblem(await resolve(app, second, "dismissed"), 409, "objection_already_resolved");
    await expectStatus(app, "in-notice");
  });
});

describe("cancellation and rejection", () => {
  it("lets the applicant cancel with their holder token (200) and releases the reserved shares", async () => {
    const owner = await shareholder(11, "4");
    const ownerToken = await createToken(world, { role: "holder", personId: owner.id });
    const app = await applyTransfer({ from: { personId: owner.id }, shares: "4", price: "24000.00" }, ownerToken);
    const cancelled = await ok(await post(app, "cancellation", {}, ownerToken));
    expect(cancelled).toMatchObject({ status: "cancelled", closingReason: "cancelled by the applicant" });
    expect(await capHolding(owner.id)).toMatchObject({ reservedShares: "0" });
    await applyTransfer({ from: { personId: owner.id }, shares: "4", price: "24000.00" }, ownerToken);
  });

  it("lets the registrar cancel with a reason (200)", async () => {
    const app = await applyTransfer();
    const cancelled = await ok(await post(app, "cancellation", { reason: "申请人书面撤回" }, tokens.registrarVillage));
    expect(cancelled).toMatchObject({ status: "cancelled", closingReason: "申请人书面撤回" });
  });

  it("refuses the receiver, a party who is not the applicant, with 403 forbidden", async () => {
    const app = await applyTransfer();
    expectProblem(await post(app, "cancellation", {}, tokens.buyer), 403, "forbidden");
    await expectStatus(app, "in-notice");
  });

  it("answers a holder who is no party of the application with 404 application_not_found", async () => {
    const app = await applyTransfer();
    expectProblem(await post(app, "cancellation", {}, tokens.outsider), 404, "application_not_found");
    await expectStatus(app, "in-notice");
  });

  it("lets the registrar reject, even after approval, and releases the reserved shares", async () => {
    const owner = await shareholder(12, "3");
    const app = await applyTransfer({ from: { personId: owner.id }, shares: "3", price: "18000.00" });
    await ok(await approve(app));
    expect(await capHolding(owner.id)).toMatchObject({ reservedShares: "3" });
    const rejected = await ok(await post(app, "rejection", { reason: "受让方未按期付款" }, tokens.registrarVillage));
    expect(rejected).toMatchObject({ status: "rejected", closingReason: "受让方未按期付款", decision: { decidedOn: TODAY } });
    expect(await capHolding(owner.id)).toMatchObject({ shares: "3", reservedShares: "0" });
    await applyTransfer({ from: { personId: owner.id }, shares: "3", price: "18000.00" });
  });

  it("refuses the applicant's own rejection with 403 forbidden", async () => {
    const app = await applyTransfer();
    expectProblem(await post(app, "rejection", { reason: "x" }, tokens.seller), 403, "forbidden");
  });
});

describe("eligibility of equity transfers", () => {
  it("refuses a receiver who is not an active member with 409 receiver_not_member", async () => {
    const stranger = await registerPerson(world, 20, "外村人");
    expectProblem(await world.request("POST", "/v1/transfers", { body: transferBody({ to: { personId: stranger.id } }) }), 409, "receiver_not_member");
    expectProblem(await world.request("POST", "/v1/transfers", { body: transferBody({ to: { personId: "per_unknown" } }) }), 409, "receiver_not_member");
  });

  it("refuses at registration, 409 receiver_not_member, when the receiver's membership ended during the notice", async () => {
    const receiver = await member(world, VILLAGE.code, 21, "受让人21");
    const app = await applyTransfer({ to: { personId: receiver.id } });
    await ok(await approve(app));
    await ok(await world.request("POST", `/v1/collectives/${VILLAGE.code}/members/${receiver.id}/termination`, { body: { reason: "joined-other-collective", effectiveOn: TODAY } }));
    expectProblem(await pay(app), 409, "receiver_not_member");
    expect(await expectStatus(app, "approved")).toMatchObject({ payment: null });
    expect(await capHolding(receiver.id)).toBeUndefined();
  });

  describe("under GROUP's holding cap of 30 % (100 shares issued)", () => {
    const groupHolders: { id: string }[] = [];
    beforeAll(async () => {
      for (const index of [300, 301, 302, 303]) groupHolders.push(await member(world, GROUP.code, index, `组员${index}`));
      const shares = ["30", "20", "30", "20"];
      await recordResolution(world, GROUP.code, ["equity-issuance"], { ref: "组成员大会决议〔2020〕1号" });
      await ok(
        await world.request("POST", `/v1/collectives/${GROUP.code}/equity/issuances`, {
          body: { resolutionRef: "组成员大会决议〔2020〕1号", allocations: groupHolders.map((p, i) => ({ personId: p.id, shareClass: "population", shares: shares[i] })) },
        }),
        201,
      );
    });
    const body = (from: { id: string }, to: { id: string }, shares: string) => ({ ...transferBody(), collectiveCode: GROUP.code, from: { personId: from.id }, to: { personId: to.id }, shares });

    it("accepts a transfer that brings the receiver exactly to the cap, and refuses 0.0001 share more with 409 holding_cap_exceeded", async () => {
      const [giver, receiver] = groupHolders as [{ id: string }, { id: string }];
      expectProblem(await world.request("POST", "/v1/transfers", { body: body(giver, receiver, "10.0001") }), 409, "holding_cap_exceeded");
      const atCap = await world.request("POST", "/v1/transfers", { body: body(giver, receiver, "10") });
      expect(atCap.status, atCap.text).toBe(201);
    });

    it("checks the cap again at registration: of two pending transfers to one holder, the second to be paid is refused", async () => {
      const [, , giver, receiver] = groupHolders as [unknown, unknown, { id: string }, { id: string }];
      const first = { base: "/v1/transfers" as Base, id: (await ok(await world.request("POST", "/v1/transfers", { body: body(giver, receiver, "6") }), 201)).id };
      const second = { base: "/v1/transfers" as Base, id: (await ok(await world.request("POST", "/v1/transfers", { body: body(giver, receiver, "6") }), 201)).id };
      await ok(await approve(first));
      await ok(await approve(second));
      await ok(await pay(first));
      expectProblem(await pay(second), 409, "holding_cap_exceeded");
      expect(await capHolding(receiver.id, GROUP.code)).toMatchObject({ shares: "26" });
      await expectStatus(second, "approved");
    });
  });

  it("refuses a transfer to the giver themself with 422 holders_must_be_different", async () => {
    expectProblem(await world.request("POST", "/v1/transfers", { body: transferBody({ to: { personId: seller.id } }) }), 422, "holders_must_be_different");
  });

  it.each([
    ["a household as the receiver", { to: { contractorCode: contractorCode(VILLAGE.issuerCode, 1) } }],
    ["no shares", { shares: undefined }],
    ["a unit number", { unitNumber: unitNumber(VILLAGE.regionCode, 1) }],
  ])("refuses an equity transfer with %s with 422 application_subject_incomplete", async (_name, change) => {
    expectProblem(await world.request("POST", "/v1/transfers", { body: transferBody(change) }), 422, "application_subject_incomplete");
  });

  it("refuses an unknown collective with 404 collective_not_found", async () => {
    expectProblem(await world.request("POST", "/v1/transfers", { body: transferBody({ collectiveCode: "N2371083MA0QW7T999" }) }), 404, "collective_not_found");
  });
});

describe("access", () => {
  it("lets a bureau over the collective read transfers (200) but not write (403 forbidden)", async () => {
    const app = await applyTransfer();
    expect((await ok(await get(app, tokens.bureauIn))).id).toBe(app.id);
    await ok(await world.request("GET", `/v1/collectives/${VILLAGE.code}/transfers`, { token: tokens.bureauIn }));
    expectProblem(await post(app, "approval", approval, tokens.bureauIn), 403, "forbidden");
    expectProblem(await post(app, "objections", objection, tokens.bureauIn), 403, "forbidden");
    expectProblem(await world.request("POST", "/v1/transfers", { body: transferBody(), token: tokens.bureauIn }), 403, "forbidden");
    await expectStatus(app, "in-notice");
  });

  it("answers a bureau elsewhere with 404, as if nothing were there", async () => {
    const app = await applyTransfer();
    expectProblem(await get(app, tokens.bureauOut), 404, "application_not_found");
    expectProblem(await world.request("GET", `/v1/collectives/${VILLAGE.code}/transfers`, { token: tokens.bureauOut }), 404, "collective_not_found");
    expectProblem(await world.request("POST", "/v1/transfers", { body: transferBody(), token: tokens.bureauOut }), 404, "collective_not_found");
  });

  it("answers the registrar of another collective with 404 application_not_found, for reads and steps", async () => {
    const app = await applyTransfer();
    expectProblem(await get(app, tokens.registrarGroup), 404, "application_not_found");
    expectProblem(await post(app, "approval", approval, tokens.registrarGroup), 404, "application_not_found");
    expectProblem(await post(app, "cancellation", {}, tokens.registrarGroup), 404, "application_not_found");
    expectProblem(await world.request("POST", "/v1/transfers", { body: transferBody(), token: tokens.registrarGroup }), 404, "collective_not_found");
    await expectStatus(app, "in-notice");
  });

  it("shows an application to the holders who are its parties, and to no other holder", async () => {
    const app = await applyTransfer();
    await ok(await get(app, tokens.seller));
    await ok(await get(app, tokens.buyer));
    expectProblem(await get(app, tokens.outsider), 404, "application_not_found");
    expectProblem(await world.request("GET", `/v1/collectives/${VILLAGE.code}/transfers`, { token: tokens.seller }), 404, "collective_not_found");
  });

  it("shows a homestead application to every member of the giving household", async () => {
    const { app, household } = await pendingConsent();
    const token = await createToken(world, { role: "holder", personId: household.coHolders[0]!.id });
    expect((await ok(await get(app, token))).id).toBe(app.id);
  });

  it("finds a withdrawal only under /v1/withdrawals and a transfer only under /v1/transfers (404 application_not_found)", async () => {
    const withdrawal = (await pendingConsent()).app;
    const transfer = await applyTransfer();
    expectProblem(await world.request("GET", `/v1/transfers/${withdrawal.id}`), 404, "application_not_found");
    expectProblem(await world.request("GET", `/v1/withdrawals/${transfer.id}`), 404, "application_not_found");
    expectProblem(await world.request("POST", `/v1/transfers/${withdrawal.id}/cancellation`, { body: {} }), 404, "application_not_found");
    expectProblem(await world.request("POST", `/v1/withdrawals/${transfer.id}/rejection`, { body: { reason: "x" } }), 404, "application_not_found");
    await expectStatus(withdrawal, "pending-consent");
    await expectStatus(transfer, "in-notice");
    expectProblem(await world.request("GET", "/v1/transfers/trf_unknown"), 404, "application_not_found");
  });
});

describe("GET /v1/collectives/{code}/transfers", () => {
  it("filters by status", async () => {
    const inNotice = await inState("in-notice");
    const approved = await inState("approved");
    const cancelled = await inState("cancelled");
    const list = async (status: string) => {
      const res = await world.request("GET", `/v1/collectives/${VILLAGE.code}/transfers?status=${status}&limit=500`);
      expect(res.status, res.text).toBe(200);
      return res.body.applications as { id: string; status: string }[];
    };
    for (const [status, app] of [
      ["in-notice", inNotice],
      ["approved", approved],
      ["cancelled", cancelled],
    ] as const) {
      const page = await list(status);
      expect(page.every((a) => a.status === status)).toBe(true);
      expect(page.map((a) => a.id)).toContain(app.id);
      expect(page.map((a) => a.id).filter((id) => [inNotice.id, approved.id, cancelled.id].includes(id))).toEqual([app.id]);
    }
  });

  it("lists transfers only, oldest first, in pages that join without gap or repeat", async () => {
    await applyTransfer();
    await pendingConsent();
    const all = (await ok(await world.request("GET", `/v1/collectives/${VILLAGE.code}/transfers?limit=500`))).applications as { id: string; type: string }[];
    expect(all.length).toBeGreaterThan(3);
    expect(all.every((a) => a.type === "transfer")).toBe(true);
    const paged: string[] = [];
    let after: string | null = null;
    do {
      const res = await world.request("GET", `/v1/collectives/${VILLAGE.code}/transfers?limit=2${after ? `&after=${after}` : ""}`);
      const body = await ok(res);
      expect(body.applications.length).toBeLessThanOrEqual(2);
      paged.push(...body.applications.map((a: { id: string }) => a.id));
      after = body.nextCursor;
    } while (after);
    expect(paged).toEqual(all.map((a) => a.id));
    const withdrawals = (await ok(await world.request("GET", `/v1/collectives/${VILLAGE.code}/withdrawals?limit=500`))).applications as { type: string }[];
    expect(withdrawals.length).toBeGreaterThan(0);
    expect(withdrawals.every((a) => a.type === "withdrawal")).toBe(true);
  });

  it("refuses an unknown status with 400 validation_failed", async () => {
    expectProblem(await world.request("GET", `/v1/collectives/${VILLAGE.code}/transfers?status=done`), 400, "validation_failed");
  });
});

describe("POST /v1/transfers", () => {
  runSecurityCases({
    world: () => world,
    method: "POST",
    path: () => "/v1/transfers",
    body: () => transferBody(),
    refused: async () => [
      { name: "bureau over the collective", token: tokens.bureauIn, status: 403, code: "forbidden" },
      { name: "bureau elsewhere", token: tokens.bureauOut, status: 404, code: "collective_not_found" },
      { name: "registrar of another collective", token: tokens.registrarGroup, status: 404, code: "collective_not_found" },
      { name: "holder of another person", token: tokens.buyer, status: 403, code: "forbidden" },
    ],
  });
});

describe("POST /v1/transfers/{id}/approval", () => {
  let target: App;
  beforeAll(async () => {
    target = await applyTransfer();
  });
  runSecurityCases({
    world: () => world,
    method: "POST",
    path: () => `/v1/transfers/${target.id}/approval`,
    body: () => approval,
    refused: async () => [
      { name: "bureau over the collective", token: tokens.bureauIn, status: 403, code: "forbidden" },
      { name: "bureau elsewhere", token: tokens.bureauOut, status: 404, code: "application_not_found" },
      { name: "registrar of another collective", token: tokens.registrarGroup, status: 404, code: "application_not_found" },
      { name: "the applicant's holder token", token: tokens.seller, status: 403, code: "forbidden" },
      { name: "holder who is no party", token: tokens.outsider, status: 404, code: "application_not_found" },
    ],
  });
  it("leaves the target untouched by the refused requests", async () => {
    await expectStatus(target, "in-notice");
  });
});


describe("the public notice (7 days, China Standard Time)", () => {
  const clock = movableClock(new Date(NOW_MS).toISOString());
  let w: World;
  let giver: { id: string };
  let receiver: { id: string };
  let householdCode: string;
  let coHolder: { id: string };

  beforeAll(async () => {
    w = await createWorld(clock);
    await registerCollective(w, VILLAGE, { noticeDays: 7 });
    giver = await member(w, VILLAGE.code, 1);
    receiver = await member(w, VILLAGE.code, 2);
    coHolder = await member(w, VILLAGE.code, 3);
    await recordResolution(w, VILLAGE.code, ["equity-issuance"], { ref: "决议〔2020〕1号" });
    await ok(
      await w.request("POST", `/v1/collectives/${VILLAGE.code}/equity/issuances`, {
        body: { resolutionRef: "决议〔2020〕1号", allocations: [{ personId: giver.id, shareClass: "population", shares: "100" }] },
      }),
      201,
    );
    await registerHousehold(w, VILLAGE, 1, [{ personId: giver.id }, { personId: coHolder.id, coHolder: true }]);
    householdCode = contractorCode(VILLAGE.issuerCode, 1);
  });
  afterAll(() => w.close());

  const applyEquity = async () => {
    const res = await w.request("POST", "/v1/transfers", {
      body: { kind: "equity", collectiveCode: VILLAGE.code, from: { personId: giver.id }, to: { personId: receiver.id }, shares: "1", price: "6000.00", agreementSignedOn: "2026-11-20" },
    });
    expect(res.status, res.text).toBe(201);
    return res.body as { id: string; notice: { startsOn: string; endsOn: string } };
  };
  const approveOn = (id: string, decidedOn: string) => w.request("POST", `/v1/transfers/${id}/approval`, { body: { resolutionRef: "决定〔2026〕1号", decidedOn } });

  it("refuses approval before the notice has run its term with 409 notice_period_running, and allows it on the day it ends", async () => {
    clock.set("2026-11-27T04:00:00Z");
    const applied = await applyEquity();
    expect(applied.notice).toEqual({ startsOn: "2026-11-27", endsOn: "2026-12-04" });
    expectProblem(await approveOn(applied.id, "2026-11-27"), 409, "notice_period_running");

    clock.set("2026-12-03T15:59:59Z"); // 23:59:59 on 12-03 in China Standard Time
    expectProblem(await approveOn(applied.id, "2026-12-03"), 409, "notice_period_running");

    clock.set("2026-12-03T16:00:00Z"); // midnight: 12-04 in China Standard Time, still 12-03 in UTC
    const approved = await approveOn(applied.id, "2026-12-04");
    expect(approved.status, approved.text).toBe(200);
    expect(approved.body).toMatchObject({ status: "approved", decision: { decidedOn: "2026-12-04" } });
  });

  it("refuses a decision dated before the notice ends, even when approving later, with 409 notice_period_running", async () => {
    clock.set("2026-11-27T04:00:00Z");
    const applied = await applyEquity();
    clock.set("2026-12-10T04:00:00Z");
    expectProblem(await approveOn(applied.id, "2026-12-01"), 409, "notice_period_running");
    expectProblem(await approveOn(applied.id, "2026-12-11"), 422, "date_in_future");
  });

  it("starts the notice on the China Standard Time date of the application", async () => {
    clock.set("2026-11-27T16:30:00Z"); // 00:30 on 11-28 in Beijing, 08:30 on 11-27 in Los Angeles
    const applied = await applyEquity();
    expect(applied.notice).toEqual({ startsOn: "2026-11-28", endsOn: "2026-12-05" });
  });

  it("runs the notice from the last consent, not from the application", async () => {
    clock.set("2026-11-27T04:00:00Z");
    const unit = unitNumber(VILLAGE.regionCode, 1);
    await ok(
      await w.request("POST", `/v1/collectives/${VILLAGE.code}/homesteads`, {
        body: { unitNumber: unit, contractorCode: householdCode, areaM2: "150", approvedOn: "2020-05-01", origin: "grant" },
      }),
      201,
    );
    const applied = await w.request("POST", "/v1/withdrawals", {
      body: { kind: "homestead", collectiveCode: VILLAGE.code, from: { contractorCode: householdCode }, unitNumber: unit, compensation: "80000.00", agreementSignedOn: "2026-11-20" },
    });
    expect(applied.status, applied.text).toBe(201);
    expect(applied.body.notice).toBeNull();

    clock.set("2026-11-30T04:00:00Z");
    const consented = await w.request("POST", `/v1/withdrawals/${applied.body.id}/consents`, { body: { personId: coHolder.id } });
    expect(consented.status, consented.text).toBe(200);
    expect(consented.body.notice).toEqual({ startsOn: "2026-11-30", endsOn: "2026-12-07" });
  });

  it("uses the notice days of the rules in force on the day the notice starts", async () => {
    clock.set("2026-11-27T04:00:00Z");
    await recordResolution(w, VILLAGE.code, ["rules-change"], { ref: "成员大会决议〔2026〕8号", heldOn: "2026-11-20" });
    const changed = await w.request("PUT", `/v1/collectives/${VILLAGE.code}/rules`, { body: { rules: { noticeDays: 3 }, resolutionRef: "成员大会决议〔2026〕8号", effectiveOn: "2026-12-01" } });
    expect(changed.status, changed.text).toBe(200);
    expect((await applyEquity()).notice).toEqual({ startsOn: "2026-11-27", endsOn: "2026-12-04" });
    clock.set("2026-12-01T04:00:00Z");
    expect((await applyEquity()).notice).toEqual({ startsOn: "2026-12-01", endsOn: "2026-12-04" });
  });
});
