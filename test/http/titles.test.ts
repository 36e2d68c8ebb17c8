import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { movableClock } from "../../src/lib/clock.js";
import {
  contractorCode,
  createToken,
  expectProblem,
  GROUP,
  idNumber,
  member,
  plotCode,
  recordResolution,
  registerCollective,
  registerContract,
  registerHousehold,
  registerPlot,
  unitNumber,
  VILLAGE,
} from "../support/fixtures.js";
import { createWorld, type World } from "../support/world.js";

/**
 * Titles in two times. One story moves "today" along: household A holds plot 1 from its contract (1998-10-01);
 * it is transferred to B (2027-01-10), then to C (2027-03-05), and C returns it to the collective (2027-06-01).
 * Alongside, A's homestead passes to B and A's head gives 4 of her 10 shares to B's head, both on 2027-01-10.
 * Each question is then asked of the finished register: who held it on a date, as recorded on a date, and by which act.
 */
let world: World;
const clock = movableClock("2026-11-27");
const household = (seq: number) => contractorCode(VILLAGE.issuerCode, seq);
const plot1 = plotCode(VILLAGE.issuerCode, 1);
const unit1 = unitNumber(VILLAGE.regionCode, 1);
const heads: { id: string; name: string }[] = [];
const applications: Record<string, string> = {};

async function walk(path: "transfers" | "withdrawals", body: Record<string, unknown>, amount: string, today: string) {
  clock.set(today);
  const applied = await world.request("POST", `/v1/${path}`, { body });
  expect(applied.status, applied.text).toBe(201);
  const id = applied.body.id as string;
  const approved = await world.request("POST", `/v1/${path}/${id}/approval`, { body: { resolutionRef: "理事会决定〔2027〕1号", decidedOn: today } });
  expect(approved.status, approved.text).toBe(200);
  const paid = await world.request("POST", `/v1/${path}/${id}/payment`, { body: { amount, paidOn: today, reference: "转账 0001" } });
  expect(paid.status, paid.text).toBe(200);
  expect(paid.body.status).toBe("registered");
  return id;
}

const landTransfer = (from: number, to: number, signedOn: string) => ({
  kind: "land-contract",
  collectiveCode: VILLAGE.code,
  from: { contractorCode: household(from) },
  to: { contractorCode: household(to) },
  plotCodes: [plot1],
  price: "18000.00",
  agreementSignedOn: signedOn,
});

beforeAll(async () => {
  world = await createWorld(clock);
  await registerCollective(world, VILLAGE, { noticeDays: 0 });
  for (const seq of [1, 2, 3]) {
    const head = await member(world, VILLAGE.code, seq, ["王建国", "于海涛", "孙秀英"][seq - 1]);
    heads.push({ id: head.id, name: head.name });
    await registerHousehold(world, VILLAGE, seq, [{ personId: head.id }]);
  }
  await registerPlot(world, VILLAGE, 1);
  await registerPlot(world, VILLAGE, 2);
  await registerContract(world, VILLAGE, 1, [1, 2]);
  const homestead = await world.request("POST", `/v1/collectives/${VILLAGE.code}/homesteads`, {
    body: { unitNumber: unit1, contractorCode: household(1), areaM2: "180", approvedOn: "2010-05-01", origin: "grant" },
  });
  expect(homestead.status, homestead.text).toBe(201);
  await recordResolution(world, VILLAGE.code, ["equity-issuance"], { ref: "成员大会决议〔2026〕3号" });
  const issued = await world.request("POST", `/v1/collectives/${VILLAGE.code}/equity/issuances`, {
    body: { resolutionRef: "成员大会决议〔2026〕3号", allocations: [{ personId: heads[0]!.id, shareClass: "population", shares: "10" }, { personId: heads[1]!.id, shareClass: "population", shares: "5" }] },
  });
  expect(issued.status, issued.text).toBe(201);

  applications.toB = await walk("transfers", landTransfer(1, 2, "2027-01-05"), "18000.00", "2027-01-10");
  applications.homestead = await walk(
    "transfers",
    { kind: "homestead", collectiveCode: VILLAGE.code, from: { contractorCode: household(1) }, to: { contractorCode: household(2) }, unitNumber: unit1, price: "160000.00", agreementSignedOn: "2027-01-05" },
    "160000.00",
    "2027-01-10",
  );
  applications.shares = await walk(
    "transfers",
    { kind: "equity", collectiveCode: VILLAGE.code, from: { personId: heads[0]!.id }, to: { personId: heads[1]!.id }, shares: "4", price: "24000.00", agreementSignedOn: "2027-01-05" },
    "24000.00",
    "2027-01-10",
  );
  applications.toC = await walk("transfers", landTransfer(2, 3, "2027-03-01"), "18000.00", "2027-03-05");
  applications.back = await walk(
    "withdrawals",
    { kind: "land-contract", collectiveCode: VILLAGE.code, from: { contractorCode: household(3) }, plotCodes: [plot1], compensation: "12600.00", agreementSignedOn: "2027-05-20", writtenNoticeOn: "2026-11-27" },
    "12600.00",
    "2027-06-01",
  );
});

afterAll(() => world?.close());

const plotOn = async (asOf?: string, recordedAsOf?: string) => {
  const query = new URLSearchParams({ ...(asOf ? { asOf } : {}), ...(recordedAsOf ? { recordedAsOf } : {}) });
  const res = await world.request("GET", `/v1/plots/${plot1}?${query}`);
  expect(res.status, res.text).toBe(200);
  return res.body;
};

describe("as-of reads (valid time, end of the day in China Standard Time)", () => {
  it("answers who held the plot before, between and after the transfers, and the collective after the withdrawal", async () => {
    expect((await plotOn("1998-09-30")).title).toBeNull();
    expect((await plotOn("1998-10-01")).title).toMatchObject({ holder: { kind: "household", id: household(1), name: "王建国" }, act: "first-registration", validFrom: "1998-10-01" });
    expect((await plotOn("2024-05-01")).title).toMatchObject({ holder: { id: household(1) }, contractCode: `${household(1)}J`, validTo: "2027-01-10", applicationId: null });
    expect((await plotOn("2027-01-09")).title.holder.id).toBe(household(1));
    // The transfer registered on 2027-01-10 holds at the end of that day.
    expect((await plotOn("2027-01-10")).title).toMatchObject({ holder: { id: household(2), name: "于海涛" }, act: "transfer", applicationId: applications.toB, validFrom: "2027-01-10", validTo: "2027-03-05" });
    expect((await plotOn("2027-04-01")).title).toMatchObject({ holder: { id: household(3) }, act: "transfer", applicationId: applications.toC, contractCode: `${household(3)}J` });
    const today = await plotOn();
    expect(today.asOf).toBe("2027-06-01");
    expect(today.title).toMatchObject({ holder: { kind: "collective", id: VILLAGE.code }, act: "withdrawal", applicationId: applications.back, validTo: null, contractCode: null, certificateNo: null });
  });

  it("answers what the register said on a date (record time): a later registration is not seen", async () => {
    const before = await plotOn("2027-02-01", "2027-01-09");
    expect(before.recordedAsOf).toBe("2027-01-09");
    expect(before.title).toMatchObject({ holder: { id: household(1) }, validTo: null, recordEndedAt: expect.stringMatching(/^2027-01-10T/) });
    expect((await plotOn("2027-02-01", "2027-01-10")).title.holder.id).toBe(household(2));
    expect((await plotOn("2027-02-01")).title.holder.id).toBe(household(2));
  });

  it("names the certificate that evidenced each title: the one issued with the version, or the right's valid one now", async () => {
    expect((await plotOn("2024-05-01")).title.certificateNo).toBe(`${household(1)}J-0001`);
    expect((await plotOn("2027-02-01")).title.certificateNo).toBe(`${household(2)}J-0001`);
    // Plot 2 stayed with A: its current title names A's reissued certificate (version 2, without plot 1).
    const plot2 = await world.request("GET", `/v1/plots/${plotCode(VILLAGE.issuerCode, 2)}`);
    expect(plot2.body.title).toMatchObject({ holder: { id: household(1) }, act: "first-registration", certificateNo: `${household(1)}J-0002` });
  });

  it("answers a homestead's holder on a date", async () => {
    const on = async (asOf: string) => (await world.request("GET", `/v1/homesteads/${unit1}?asOf=${asOf}`)).body;
    expect((await on("2010-04-30")).title).toBeNull();
    expect((await on("2020-01-01")).title).toMatchObject({ holder: { id: household(1) }, act: "first-registration", validFrom: "2010-05-01", validTo: "2027-01-10", certificateNo: `${unit1}-0001` });
    expect((await on("2027-01-10")).title).toMatchObject({ holder: { id: household(2) }, act: "transfer", applicationId: applications.homestead, certificateNo: `${unit1}-0002` });
  });

  it("answers the cap table on a date from the equity titles, and names each holding's certificate now", async () => {
    const on = async (asOf: string) => (await world.request("GET", `/v1/collectives/${VILLAGE.code}/equity?asOf=${asOf}`)).body;
    expect(await on("2026-11-26")).toMatchObject({ asOf: "2026-11-26", totalShares: "0", holdings: [] });
    const before = await on("2026-12-31");
    expect(before).toMatchObject({ totalShares: "15", collectiveShares: "0" });
    expect(before.holdings.map((h: { personId: string; shares: string; since: string }) => [h.personId, h.shares, h.since])).toEqual([
      [heads[0]!.id, "10", "2026-11-27"],
      [heads[1]!.id, "5", "2026-11-27"],
    ]);
    const after = await on("2027-01-10");
    expect(after.holdings.map((h: { personId: string; shares: string }) => [h.personId, h.shares])).toEqual([
      [heads[1]!.id, "9"],
      [heads[0]!.id, "6"],
    ]);
    const now = await world.request("GET", `/v1/collectives/${VILLAGE.code}/equity`);
    const certificates = now.body.holdings.map((h: { certificateNo: string }) => h.certificateNo);
    expect(certificates).toHaveLength(2);
    for (const no of certificates) expect(no).toMatch(new RegExp(`^${VILLAGE.issuerCode}-GQ-00000[34]$`));
    // Read from the title versions (?asOf=), each holding names its own holder's certificate, as the live cap table
    // does — not another valid equity certificate of the collective.
    expect(new Set(certificates).size).toBe(2);
    const titled = await world.request("GET", `/v1/collectives/${VILLAGE.code}/equity?asOf=2027-06-01`);
    const byPerson = (holdings: { personId: string; certificateNo: string }[]) => Object.fromEntries(holdings.map((h) => [h.personId, h.certificateNo]));
    expect(byPerson(titled.body.holdings)).toEqual(byPerson(now.body.holdings));
    for (const h of titled.body.holdings as { personId: string; certificateNo: string }[]) {
      const certificate = await world.request("GET", `/v1/certificates/${h.certificateNo}`);
      expect(certificate.body.subject).toBe(h.personId);
    }
  });

  it("answers a person's titles on a date, including those of the household they belong to", async () => {
    const on = async (asOf: string) => (await world.request("GET", `/v1/persons/${heads[0]!.id}/rights?asOf=${asOf}`)).body;
    const then = await on("2024-05-01");
    expect(then.asOf).toBe("2024-05-01");
    expect(then.titles.map((t: { kind: string; subject: string }) => `${t.kind}:${t.subject}`).sort()).toEqual([`homestead:${unit1}`, `plot:${plot1}`, `plot:${plotCode(VILLAGE.issuerCode, 2)}`].sort());
    const now = await on("2027-06-01");
    expect(now.titles.map((t: { kind: string; subject: string; shares: string | null }) => `${t.kind}:${t.subject}:${t.shares}`).sort()).toEqual(
      [`equity:${heads[0]!.id}:6`, `plot:${plotCode(VILLAGE.issuerCode, 2)}:null`].sort(),
    );
    // Without asOf the answer keeps its current shape and adds no titles.
    const plain = await world.request("GET", `/v1/persons/${heads[0]!.id}/rights`);
    expect(plain.body.titles).toBeUndefined();
  });

  it("refuses a malformed date with 400 and a JSON pointer", async () => {
    const res = await world.request("GET", `/v1/plots/${plot1}?asOf=2027-02-30`);
    expectProblem(res, 400, "validation_failed");
    expect(res.body.errors[0].pointer).toBe("#/asOf");
  });
});

describe("chain of title", () => {
  it("lists every holder of the plot oldest first, with acts, applications and journal sequences matching the journal", async () => {
    const res = await world.request("GET", `/v1/plots/${plot1}/history`);
    expect(res.status, res.text).toBe(200);
    const versions = res.body.versions as { holder: { id: string }; validFrom: string; validTo: string | null; act: string; applicationId: string | null; journalSeq: number; certificateNo: string | null }[];
    expect(versions.map((v) => [v.holder.id, v.validFrom, v.validTo, v.act, v.applicationId, v.certificateNo])).toEqual([
      [household(1), "1998-10-01", "2027-01-10", "first-registration", null, `${household(1)}J-0001`],
      [household(2), "2027-01-10", "2027-03-05", "transfer", applications.toB, `${household(2)}J-0001`],
      [household(3), "2027-03-05", "2027-06-01", "transfer", applications.toC, `${household(3)}J-0001`],
      [VILLAGE.code, "2027-06-01", null, "withdrawal", applications.back, null],
    ]);
    const journal = await world.request("GET", `/v1/journal?collectiveCode=${VILLAGE.code}&limit=1000`);
    const seqOf = (type: string, subject: string) => journal.body.events.find((e: { type: string; subject: string }) => e.type === type && e.subject === subject)?.seq;
    expect(versions[0]!.journalSeq).toBe(seqOf("land_contract.registered", `${household(1)}J`));
    expect(versions[1]!.journalSeq).toBe(seqOf("transfer.registered", applications.toB!));
    expect(versions[2]!.journalSeq).toBe(seqOf("transfer.registered", applications.toC!));
    expect(versions[3]!.journalSeq).toBe(seqOf("withdrawal.registered", applications.back!));
  });

  it("answers the chain as the register said on a date", async () => {
    const res = await world.request("GET", `/v1/plots/${plot1}/history?recordedAsOf=2027-02-01`);
    expect(res.body.versions.map((v: { holder: { id: string }; validTo: string | null }) => [v.holder.id, v.validTo])).toEqual([
      [household(1), "2027-01-10"],
      [household(2), null],
    ]);
  });

  it("lists a homestead's chain and a holding's chain", async () => {
    const homestead = await world.request("GET", `/v1/homesteads/${unit1}/history`);
    expect(homestead.body.versions.map((v: { holder: { id: string }; act: string }) => [v.holder.id, v.act])).toEqual([
      [household(1), "first-registration"],
      [household(2), "transfer"],
    ]);
    const shares = await world.request("GET", `/v1/collectives/${VILLAGE.code}/equity/history?personId=${heads[0]!.id}`);
    expect(shares.status, shares.text).toBe(200);
    expect(shares.body.versions.map((v: { shares: string; validFrom: string; validTo: string | null; act: string; applicationId: string | null }) => [v.shares, v.validFrom, v.validTo, v.act, v.applicationId])).toEqual([
      ["10", "2026-11-27", "2027-01-10", "first-registration", null],
      ["6", "2027-01-10", null, "transfer", applications.shares],
    ]);
  });

  it("shows a holder the chain of a plot their household held, and hides other plots' chains from them", async () => {
    const token = await createToken(world, { role: "holder", personId: heads[0]!.id });
    expect((await world.request("GET", `/v1/plots/${plot1}/history`, { token })).status).toBe(200);
    const stranger = await member(world, VILLAGE.code, 30, "外人");
    const strangerToken = await createToken(world, { role: "holder", personId: stranger.id });
    expectProblem(await world.request("GET", `/v1/plots/${plot1}/history`, { token: strangerToken }), 404, "plot_not_found");
    expectProblem(await world.request("GET", `/v1/collectives/${VILLAGE.code}/equity/history`, { token: strangerToken }), 404, "collective_not_found");
    expect((await world.request("GET", `/v1/collectives/${VILLAGE.code}/equity/history?personId=${heads[0]!.id}`, { token })).status).toBe(200);
  });
});

describe("POST /v1/titles/search", () => {
  const purpose = "不动产登记申请审核（受理号 2027-0601）";

  it("finds by ID number every right the person's household holds or held, with chains of title, for a bureau of the county", async () => {
    const bureau = await createToken(world, { role: "bureau", regionPrefix: VILLAGE.regionCode.slice(0, 6) });
    const res = await world.request("POST", "/v1/titles/search", { token: bureau, body: { idNumber: idNumber(1), purpose } });
    expect(res.status, res.text).toBe(200);
    const found = res.body.results as { kind: string; subject: string; current: { holder: { id: string } } | null; history: unknown[] }[];
    expect(found.map((r) => `${r.kind}:${r.subject}`).sort()).toEqual(
      [`equity:${heads[0]!.id}`, `homestead:${unit1}`, `plot:${plot1}`, `plot:${plotCode(VILLAGE.issuerCode, 2)}`].sort(),
    );
    const p1 = found.find((r) => r.subject === plot1)!;
    expect(p1.current?.holder.id).toBe(VILLAGE.code);
    expect(p1.history).toHaveLength(4);
    expect(res.body).toMatchObject({ partial: false, unavailable: [] });
  });

  it("finds by plot code, unit number and certificate number", async () => {
    const byPlot = await world.request("POST", "/v1/titles/search", { body: { plotCode: plot1, purpose } });
    expect(byPlot.body.results).toHaveLength(1);
    const byUnit = await world.request("POST", "/v1/titles/search", { body: { unitNumber: unit1, purpose } });
    expect(byUnit.body.results[0]).toMatchObject({ kind: "homestead", current: { holder: { id: household(2) } } });
    const byCertificate = await world.request("POST", "/v1/titles/search", { body: { certificateNo: `${household(1)}J-0002`, purpose } });
    expect(byCertificate.body.results.map((r: { subject: string }) => r.subject)).toEqual([plotCode(VILLAGE.issuerCode, 2)]);
  });

  it("answers emptiness outside the bureau's region, never another county's data", async () => {
    const elsewhere = await createToken(world, { role: "bureau", regionPrefix: "370102" });
    for (const body of [{ idNumber: idNumber(1) }, { plotCode: plot1 }, { unitNumber: unit1 }, { certificateNo: `${household(1)}J-0002` }]) {
      const res = await world.request("POST", "/v1/titles/search", { token: elsewhere, body: { ...body, purpose } });
      expect(res.status, res.text).toBe(200);
      expect(res.body.results).toEqual([]);
    }
  });

  it("limits a registrar to its collective and refuses holders", async () => {
    await registerCollective(world, GROUP);
    const registrar = await createToken(world, { role: "registrar", collectiveCode: GROUP.code });
    expect((await world.request("POST", "/v1/titles/search", { token: registrar, body: { plotCode: plot1, purpose } })).body.results).toEqual([]);
    const holder = await createToken(world, { role: "holder", personId: heads[0]!.id });
    expectProblem(await world.request("POST", "/v1/titles/search", { token: holder, body: { plotCode: plot1, purpose } }), 403, "forbidden");
  });

  it("requires a purpose and exactly one query, with JSON pointers", async () => {
    const noPurpose = await world.request("POST", "/v1/titles/search", { body: { plotCode: plot1 } });
    expectProblem(noPurpose, 400, "validation_failed");
    expect(noPurpose.body.errors.map((e: { pointer: string }) => e.pointer)).toContain("#/purpose");
    const two = await world.request("POST", "/v1/titles/search", { body: { plotCode: plot1, unitNumber: unit1, purpose } });
    expectProblem(two, 400, "validation_failed");
    expect(two.body.errors.map((e: { pointer: string }) => e.pointer)).toContain("#/unitNumber");
    expectProblem(await world.request("POST", "/v1/titles/search", { body: { purpose } }), 400, "validation_failed");
  });

  it("refuses an ID number whose check character is wrong, without echoing it", async () => {
    const wrong = idNumber(1).slice(0, 17) + (idNumber(1).endsWith("0") ? "1" : "0");
    const res = await world.request("POST", "/v1/titles/search", { body: { idNumber: wrong, purpose } });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.text).not.toContain(wrong);
  });

  it("records every search in the access log with the purpose and a keyed hash of the ID number, never the number", async () => {
    const bureau = await createToken(world, { role: "bureau", regionPrefix: "3710" });
    const before = await world.request("GET", "/v1/access-log?limit=500");
    await world.request("POST", "/v1/titles/search", { token: bureau, body: { idNumber: idNumber(2), purpose: "司法协助查询" } });
    const log = await world.request("GET", "/v1/access-log?limit=500");
    expect(log.status, log.text).toBe(200);
    expect(log.body.entries.length).toBe(before.body.entries.length + 1);
    const entry = log.body.entries[0];
    expect(entry).toMatchObject({ role: "bureau", scope: "3710", purpose: "司法协助查询", queryKind: "idNumber", results: 3 });
    expect(entry.queryValue).toMatch(/^[0-9a-f]{64}$/);
    expect(log.text).not.toContain(idNumber(2));
    expectProblem(await world.request("GET", "/v1/access-log", { token: bureau }), 403, "forbidden");
  });
});
