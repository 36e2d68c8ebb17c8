import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  contractorCode,
  createToken,
  expectProblem,
  GROUP,
  member,
  plotCode,
  registerCollective,
  registerHousehold,
  registerPlot,
  VILLAGE,
} from "../support/fixtures.js";
import { runSecurityCases } from "../support/security.js";
import { createWorld, type World } from "../support/world.js";

/**
 * Circulation of a plot's management right (土地经营权流转, RLCL Arts. 36–44): a filing with the issuing party. The
 * contract right stays with the household; the term lies within the contract's and overlaps no other circulation
 * of the plot; five years or more may be registered (Art. 41).
 *
 * Household 1 holds a second-round contract 2018-01-01 → 2047-12-31; each test leases its own plot of it.
 */
let world: World;
let head: { id: string; name: string };
let neighbour: { id: string; name: string };
let tokens: Record<"registrarVillage" | "registrarGroup" | "bureauIn" | "bureauOut" | "holderOwn" | "holderOther", string>;

const CONTRACTOR = contractorCode(VILLAGE.issuerCode, 1);
const CONTRACT = `${CONTRACTOR}J`;
const PLOT_SEQS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 30, 31];
const plot = (seq: number) => plotCode(VILLAGE.issuerCode, seq);
const path = (seq: number) => `/v1/plots/${plot(seq)}/management-rights`;

/** A farmers' cooperative (GB 32100 code 93…, check character computed) and the same code with a wrong check character. */
const COOPERATIVE = "93371083MA3CXK7P26";
const BAD_CHECK = "93371083MA3CXK7P27";

const lease = (startsOn: string, endsOn: string, change: Record<string, unknown> = {}) => ({
  kind: "lease",
  transferee: { name: "乳山市绿源家庭农场" },
  startsOn,
  endsOn,
  annualRent: "800.00",
  ...change,
});

const file = (seq: number, body: unknown, token?: string) => world.request("POST", path(seq), { body, token });
/** Every request on plot 12 is refused: none may leave a filing behind. */
const expectNothingFiledOn12 = async () => expect((await world.request("GET", path(12))).body.managementRights).toEqual([]);

beforeAll(async () => {
  world = await createWorld();
  await registerCollective(world, VILLAGE);
  await registerCollective(world, GROUP);
  head = await member(world, VILLAGE.code, 1, "王德福");
  neighbour = await member(world, VILLAGE.code, 2, "张三");
  await registerHousehold(world, VILLAGE, 1, [{ personId: head.id }]);
  for (const seq of [...PLOT_SEQS, 20]) await registerPlot(world, VILLAGE, seq);
  const contracted = await world.request("POST", `/v1/collectives/${VILLAGE.code}/land-contracts`, {
    body: { contractCode: CONTRACT, contractorCode: CONTRACTOR, plotCodes: PLOT_SEQS.map(plot), startsOn: "2018-01-01", endsOn: "2047-12-31" },
  });
  expect(contracted.status, contracted.text).toBe(201);
  tokens = {
    registrarVillage: await createToken(world, { role: "registrar", collectiveCode: VILLAGE.code }),
    registrarGroup: await createToken(world, { role: "registrar", collectiveCode: GROUP.code }),
    bureauIn: await createToken(world, { role: "bureau", regionPrefix: "371083" }),
    bureauOut: await createToken(world, { role: "bureau", regionPrefix: "370114" }),
    holderOwn: await createToken(world, { role: "holder", personId: head.id }),
    holderOther: await createToken(world, { role: "holder", personId: neighbour.id }),
  };
});
afterAll(() => world.close());

describe("accepts", () => {
  it("files a three-year lease within the contract as not registrable (under five years)", async () => {
    const res = await file(1, lease("2027-01-01", "2029-12-31", { contractRef: "乳山市土地经营权出租合同 2026-017" }), tokens.registrarVillage);
    expect(res.status, res.text).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^mgr_/),
      plotCode: plot(1),
      contractCode: CONTRACT,
      kind: "lease",
      transferee: { name: "乳山市绿源家庭农场", personId: null, creditCode: null },
      startsOn: "2027-01-01",
      endsOn: "2029-12-31",
      annualRent: "800.00",
      contractRef: "乳山市土地经营权出租合同 2026-017",
      status: "active",
      registrable: false,
    });
  });

  it("files a five-year pooling into a cooperative (2026-01-01 → 2030-12-31) as registrable", async () => {
    const res = await file(2, lease("2026-01-01", "2030-12-31", { kind: "shares", transferee: { name: "乳山市午极镇金穗农民专业合作社", creditCode: COOPERATIVE } }));
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ kind: "shares", transferee: { creditCode: COOPERATIVE }, registrable: true });
  });

  it("files a sublease to a member person, one day short of five years, as not registrable", async () => {
    const res = await file(3, lease("2026-01-01", "2030-12-30", { kind: "sublease", transferee: { name: neighbour.name, personId: neighbour.id } }));
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ kind: "sublease", transferee: { name: "张三", personId: neighbour.id, creditCode: null }, registrable: false });
  });

  it("files a lease running to the contract's last day", async () => {
    const res = await file(4, lease("2030-01-01", "2047-12-31"));
    expect(res.status, res.text).toBe(201);
    expect(res.body.registrable).toBe(true);
  });

  it("files a circulation starting the day after the previous one ends, and lists them by start", async () => {
    expect((await file(5, lease("2031-01-01", "2035-12-31"))).status).toBe(201);
    const next = await file(5, lease("2026-01-01", "2030-12-31", { transferee: { name: "乳山市禾丰农业有限公司" } }));
    expect(next.status, next.text).toBe(201);
    const listed = await world.request("GET", path(5));
    expect(listed.status, listed.text).toBe(200);
    expect(listed.body.managementRights.map((r: { startsOn: string; endsOn: string }) => [r.startsOn, r.endsOn])).toEqual([
      ["2026-01-01", "2030-12-31"],
      ["2031-01-01", "2035-12-31"],
    ]);
  });

  it("leaves the contract right with the household: the plot, its contract and its holder are unchanged", async () => {
    const before = await world.request("GET", `/v1/plots/${plot(6)}`);
    expect((await file(6, lease("2026-01-01", "2035-12-31"))).status).toBe(201);
    const after = await world.request("GET", `/v1/plots/${plot(6)}`);
    expect(after.body).toEqual(before.body);
    expect(after.body.holder).toEqual({ contractorCode: CONTRACTOR, representative: { personId: head.id, name: head.name } });
    const contract = await world.request("GET", `/v1/land-contracts/${CONTRACT}`);
    expect(contract.body).toMatchObject({ status: "active", plotCount: PLOT_SEQS.length });
  });

  it("journals each filing once, on the collective's contiguous stream", async () => {
    const filed = await file(7, lease("2027-01-01", "2027-12-31"));
    expect(filed.status, filed.text).toBe(201);
    const journal = await world.request("GET", `/v1/journal?collectiveCode=${VILLAGE.code}&limit=1000`);
    const events = journal.body.events as { stream: string; streamSeq: number; type: string; subject: string; data: { id?: string } }[];
    expect(events.filter((e) => e.type === "management_right.filed" && e.data.id === filed.body.id)).toHaveLength(1);
    const stream = events.filter((e) => e.stream === VILLAGE.code);
    expect(stream.map((e) => e.streamSeq)).toEqual(stream.map((_, i) => i + 1));
  });

  it("replays a retried filing with the same Idempotency-Key and files it once", async () => {
    const headers = { "Idempotency-Key": "lease-plot-8-once" };
    const body = lease("2027-01-01", "2028-12-31");
    const first = await world.request("POST", path(8), { body, headers });
    const again = await world.request("POST", path(8), { body, headers });
    expect(first.status, first.text).toBe(201);
    expect(again.status).toBe(201);
    expect(again.text).toBe(first.text);
    expect(again.headers.get("idempotency-replayed")).toBe("true");
    expect((await world.request("GET", path(8))).body.managementRights).toHaveLength(1);
  });

  it("shows the circulations to the household's own holder and to the bureau of the region", async () => {
    expect((await file(9, lease("2027-01-01", "2028-12-31"))).status).toBe(201);
    for (const token of [tokens.holderOwn, tokens.bureauIn, tokens.registrarVillage]) {
      const res = await world.request("GET", path(9), { token });
      expect(res.status, res.text).toBe(200);
      expect(res.body.managementRights).toHaveLength(1);
    }
  });
});

describe("rejects", () => {
  it("refuses a term past the contract's end, or before its start, with 409 management_term_exceeds_contract", async () => {
    expectProblem(await file(10, lease("2040-01-01", "2048-01-01")), 409, "management_term_exceeds_contract");
    expectProblem(await file(10, lease("2017-12-31", "2020-12-31")), 409, "management_term_exceeds_contract");
    expect((await world.request("GET", path(10))).body.managementRights).toEqual([]);
  });

  it("refuses a circulation overlapping another of the plot, even by one day, with 409 management_right_overlaps", async () => {
    expect((await file(11, lease("2026-01-01", "2030-12-31"))).status).toBe(201);
    expectProblem(await file(11, lease("2030-12-31", "2033-12-31")), 409, "management_right_overlaps");
    expectProblem(await file(11, lease("2027-01-01", "2027-06-30", { kind: "sublease" })), 409, "management_right_overlaps");
    expect((await world.request("GET", path(11))).body.managementRights).toHaveLength(1);
  });

  it("refuses a plot under no contract with 409 plot_not_contracted", async () => {
    expectProblem(await file(20, lease("2027-01-01", "2029-12-31")), 409, "plot_not_contracted");
  });

  it("refuses a term that ends before it starts, or on its first day, with 422 management_term_invalid", async () => {
    expectProblem(await file(12, lease("2029-12-31", "2027-01-01")), 422, "management_term_invalid");
    expectProblem(await file(12, lease("2027-01-01", "2027-01-01")), 422, "management_term_invalid");
    await expectNothingFiledOn12();
  });

  it("refuses a transferee credit code with a wrong check character with 422 credit_code_check_character_mismatch", async () => {
    expectProblem(await file(12, lease("2027-01-01", "2029-12-31", { transferee: { name: "金穗合作社", creditCode: BAD_CHECK } })), 422, "credit_code_check_character_mismatch");
    await expectNothingFiledOn12();
  });

  it("refuses a transferee credit code outside the GB 32100 alphabet with 422 credit_code_malformed", async () => {
    expectProblem(await file(12, lease("2027-01-01", "2029-12-31", { transferee: { name: "金穗合作社", creditCode: "93371083MA3CXK7PI6" } })), 422, "credit_code_malformed");
    await expectNothingFiledOn12();
  });

  it("refuses an unknown transferee person with 404 person_not_found", async () => {
    expectProblem(await file(12, lease("2027-01-01", "2029-12-31", { transferee: { name: "李四", personId: "prs_00000000000000000000000000" } })), 404, "person_not_found");
    await expectNothingFiledOn12();
  });

  it("refuses an unregistered plot with 404 plot_not_found", async () => {
    expectProblem(await file(99, lease("2027-01-01", "2029-12-31")), 404, "plot_not_found");
    expectProblem(await world.request("GET", path(99)), 404, "plot_not_found");
  });
});

describe("who may see the circulations", () => {
  it("hides them from a registrar of another collective, a bureau of another region and an unrelated holder with 404 plot_not_found", async () => {
    for (const token of [tokens.registrarGroup, tokens.bureauOut, tokens.holderOther]) {
      expectProblem(await world.request("GET", path(1), { token }), 404, "plot_not_found");
    }
  });
});

runSecurityCases({
  world: () => world,
  method: "POST",
  path: () => path(30),
  body: () => lease("2027-01-01", "2029-12-31"),
  refused: async () => [
    { name: "bureau covering the collective", token: tokens.bureauIn, status: 403, code: "forbidden" },
    { name: "holder of the contracting household", token: tokens.holderOwn, status: 403, code: "forbidden" },
    { name: "registrar of another collective", token: tokens.registrarGroup, status: 404, code: "plot_not_found" },
  ],
});
