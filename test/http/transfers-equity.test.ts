import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToken, expectProblem, member, recordResolution, registerCollective, VILLAGE } from "../support/fixtures.js";
import { createWorld, type World } from "../support/world.js";

/**
 * The story of the issue: a member living in Jinan transfers 5 of her 12 shares to another member for ¥30,000;
 * the notice runs, nobody objects, the collective approves, the payment registers the change.
 */
let world: World;
let seller: { id: string };
let buyer: { id: string };
let sellerToken: string;

beforeAll(async () => {
  world = await createWorld();
  await registerCollective(world, VILLAGE, { noticeDays: 0 });
  seller = await member(world, VILLAGE.code, 1, "孙秀英");
  buyer = await member(world, VILLAGE.code, 2, "于海涛");
  await recordResolution(world, VILLAGE.code, ["equity-issuance"], { ref: "成员大会决议〔2020〕2号" });
  const issued = await world.request("POST", `/v1/collectives/${VILLAGE.code}/equity/issuances`, {
    body: { resolutionRef: "成员大会决议〔2020〕2号", allocations: [{ personId: seller.id, shareClass: "population", shares: "12" }, { personId: buyer.id, shareClass: "population", shares: "12" }] },
  });
  expect(issued.status, issued.text).toBe(201);
  await world.request("POST", `/v1/persons/${seller.id}/household-registrations`, { body: { kind: "urban", regionCode: "370102", effectiveOn: "2025-06-01" } });
  sellerToken = await createToken(world, { role: "holder", personId: seller.id });
});
afterAll(() => world.close());

const transferBody = () => ({
  kind: "equity",
  collectiveCode: VILLAGE.code,
  from: { personId: seller.id },
  to: { personId: buyer.id },
  shares: "5",
  price: "30000.00",
  agreementSignedOn: "2026-11-20",
});

describe("an equity transfer from application to registration", () => {
  it("applies, reserves the shares, approves after the notice, and registers on payment", async () => {
    const applied = await world.request("POST", "/v1/transfers", { token: sellerToken, body: transferBody() });
    expect(applied.status, applied.text).toBe(201);
    expect(applied.body).toMatchObject({ status: "in-notice", kind: "equity", shares: "5", price: "30000.00", notice: { startsOn: "2026-11-27", endsOn: "2026-11-27" } });
    const id = applied.body.id as string;

    let table = await world.request("GET", `/v1/collectives/${VILLAGE.code}/equity`);
    expect(table.body.holdings.find((h: { personId: string }) => h.personId === seller.id)).toMatchObject({ shares: "12", reservedShares: "5" });

    // The reserved shares are not available to a second application.
    const second = await world.request("POST", "/v1/transfers", { token: sellerToken, body: { ...transferBody(), shares: "8" } });
    expectProblem(second, 409, "insufficient_shares");

    const approved = await world.request("POST", `/v1/transfers/${id}/approval`, { body: { resolutionRef: "午极村理事会决定〔2026〕9号", decidedOn: "2026-11-27" } });
    expect(approved.status, approved.text).toBe(200);
    expect(approved.body.status).toBe("approved");

    const wrongAmount = await world.request("POST", `/v1/transfers/${id}/payment`, { body: { amount: "3000.00", paidOn: "2026-11-27", reference: "x" } });
    expectProblem(wrongAmount, 422, "payment_amount_mismatch");

    const paid = await world.request("POST", `/v1/transfers/${id}/payment`, { body: { amount: "30000.00", paidOn: "2026-11-27", reference: "农商银行 0001" } });
    expect(paid.status, paid.text).toBe(200);
    expect(paid.body).toMatchObject({ status: "registered", registeredOn: "2026-11-27", payment: { amount: "30000.00" } });

    table = await world.request("GET", `/v1/collectives/${VILLAGE.code}/equity`);
    expect(table.body.totalShares).toBe("24");
    const bySeller = table.body.holdings.find((h: { personId: string }) => h.personId === seller.id);
    const byBuyer = table.body.holdings.find((h: { personId: string }) => h.personId === buyer.id);
    expect(bySeller).toMatchObject({ shares: "7", reservedShares: "0" });
    expect(byBuyer).toMatchObject({ shares: "17", reservedShares: "0" });

    const rights = await world.request("GET", `/v1/persons/${seller.id}/rights`, { token: sellerToken });
    expect(rights.body.equity).toEqual([expect.objectContaining({ shares: "7" })]);
    expect(rights.body.memberships[0]).toMatchObject({ status: "active" });

    const journal = await world.request("GET", `/v1/journal?collectiveCode=${VILLAGE.code}`);
    const registered = journal.body.events.filter((e: { type: string; subject: string }) => e.type === "transfer.registered" && e.subject === id);
    expect(registered).toHaveLength(1);
  });

  it("replays a retried application with the same Idempotency-Key and writes it once", async () => {
    const headers = { "Idempotency-Key": "apply-once-1" };
    const body = { ...transferBody(), shares: "1", price: "6000.00" };
    const first = await world.request("POST", "/v1/transfers", { token: sellerToken, body, headers });
    const again = await world.request("POST", "/v1/transfers", { token: sellerToken, body, headers });
    expect(first.status, first.text).toBe(201);
    expect(again.status).toBe(201);
    expect(again.text).toBe(first.text);
    expect(again.headers.get("idempotency-replayed")).toBe("true");
    const other = await world.request("POST", "/v1/transfers", { token: sellerToken, body: { ...body, shares: "2" }, headers });
    expectProblem(other, 409, "idempotency_key_reused");
    const list = await world.request("GET", `/v1/collectives/${VILLAGE.code}/transfers?status=in-notice`);
    expect(list.body.applications.filter((a: { shares: string }) => a.shares === "1")).toHaveLength(1);
  });
});
