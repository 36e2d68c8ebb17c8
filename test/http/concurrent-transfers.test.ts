import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { member, plotCode, recordResolution, registerCollective, registerContract, registerHousehold, registerPlot, VILLAGE } from "../support/fixtures.js";
import { createWorld, type World } from "../support/world.js";

/**
 * Many requests at once on the same shares and plots, answered by one app. On Node the embedded driver mostly
 * serialises them; in workerd every D1 call is asynchronous I/O, so reads, decisions and batches of different
 * requests interleave for real — this is the concurrency test of the transfers issue run against the Worker's
 * database (test/workers runs this file in workerd on D1).
 */
let world: World;
let people: { id: string }[] = [];

beforeAll(async () => {
  world = await createWorld();
  await registerCollective(world, VILLAGE, { noticeDays: 0 });
  people = [];
  for (let i = 1; i <= 6; i++) people.push(await member(world, VILLAGE.code, i));
  await recordResolution(world, VILLAGE.code, ["equity-issuance"], { ref: "决议" });
  const issued = await world.request("POST", `/v1/collectives/${VILLAGE.code}/equity/issuances`, {
    body: { resolutionRef: "决议", allocations: people.map((p) => ({ personId: p.id, shareClass: "population", shares: "10" })) },
  });
  expect(issued.status, issued.text).toBe(201);
  for (const [i, p] of people.slice(0, 3).entries()) await registerHousehold(world, VILLAGE, i + 1, [{ personId: p.id }]);
  for (const s of [1, 2]) await registerPlot(world, VILLAGE, s);
  await registerContract(world, VILLAGE, 1, [1, 2]);
});
afterAll(() => world.close());

const problemOrOk = (status: number) => status === 200 || status === 201 || status === 409 || status === 422;

describe("concurrent transfers of the same shares and plots", () => {
  it("promises no share twice, registers each success once, and keeps the ledger whole", async () => {
    const [giver, ...others] = people as [{ id: string }, ...{ id: string }[]];
    const applications = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        world.request("POST", "/v1/transfers", {
          body: { kind: "equity", collectiveCode: VILLAGE.code, from: { personId: giver.id }, to: { personId: others[i % others.length]!.id }, shares: "3", price: "100.00", agreementSignedOn: "2026-11-20" },
        }),
      ),
    );
    expect(applications.every((r) => problemOrOk(r.status)), applications.map((r) => r.text).join("\n")).toBe(true);
    const accepted = applications.filter((r) => r.status === 201);
    expect(accepted).toHaveLength(3); // 10 shares, 3 at a time
    expect(applications.filter((r) => r.status === 409).every((r) => r.body.code === "insufficient_shares")).toBe(true);

    const landApplications = await Promise.all(
      [2, 3, 2, 3, 2, 3].map((seq) =>
        world.request("POST", "/v1/transfers", {
          body: { kind: "land-contract", collectiveCode: VILLAGE.code, from: { contractorCode: `${VILLAGE.issuerCode}0001` }, to: { contractorCode: `${VILLAGE.issuerCode}000${seq}` }, plotCodes: [plotCode(VILLAGE.issuerCode, 1)], price: "100.00", agreementSignedOn: "2026-11-20" },
        }),
      ),
    );
    expect(landApplications.filter((r) => r.status === 201)).toHaveLength(1);
    const all = [...accepted, ...landApplications.filter((r) => r.status === 201)];

    const approvals = await Promise.all(all.map((r) => world.request("POST", `/v1/transfers/${r.body.id}/approval`, { body: { resolutionRef: "决定", decidedOn: "2026-11-27" } })));
    expect(approvals.map((r) => r.status)).toEqual(all.map(() => 200));
    const payments = await Promise.all(
      all.flatMap((r) => [0, 1, 2].map(() => world.request("POST", `/v1/transfers/${r.body.id}/payment`, { body: { amount: "100.00", paidOn: "2026-11-27", reference: "x" } }))),
    );
    expect(payments.every((r) => problemOrOk(r.status)), payments.map((r) => r.text).join("\n")).toBe(true);
    expect(payments.filter((r) => r.status === 200)).toHaveLength(all.length);

    const q = async (sql: string) => (await world.tdb.client.execute(sql)).rows;
    expect(await q("SELECT account FROM equity_holdings WHERE account <> '@issued' AND shares_e4 < 0")).toEqual([]);
    expect(Number((await q("SELECT SUM(shares_e4) AS s FROM equity_holdings"))[0]!.s)).toBe(0);
    expect(Number((await q(`SELECT shares_e4 FROM equity_holdings WHERE account = '${giver.id}'`))[0]!.shares_e4)).toBe(10_000);
    expect(Number((await q(`SELECT reserved_e4 FROM equity_holdings WHERE account = '${giver.id}'`))[0]!.reserved_e4)).toBe(0);
    expect(await q("SELECT plot_code FROM contract_plots WHERE status = 'active' GROUP BY plot_code HAVING COUNT(*) > 1")).toEqual([]);
    const registered = await q("SELECT subject FROM journal WHERE type = 'transfer.registered'");
    expect(registered.map((r) => r.subject).sort()).toEqual(all.map((r) => r.body.id).sort());
    const gaps = await q("SELECT stream FROM journal GROUP BY stream HAVING MAX(stream_seq) <> COUNT(*)");
    expect(gaps).toEqual([]);
  });
});
