import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { movableClock } from "../../src/lib/clock.js";
import {
  admitMember,
  contractorCode,
  createToken,
  expectProblem,
  GROUP,
  plotCode,
  recordResolution,
  registerCollective,
  registerContract,
  registerHousehold,
  registerPerson,
  registerPlot,
  unitNumber,
  VILLAGE,
} from "../support/fixtures.js";
import { runSecurityCases } from "../support/security.js";
import { createWorld, TODAY, type World } from "../support/world.js";

/**
 * Corrections (更正登记): a mistyped area, a boundary, a name — put right on evidence. Valid time stays; record time
 * moves: both versions stay readable (recordedAsOf), and the certificates stating the facts are reissued. The clock
 * starts each test at 2026-11-27 (CST) and moves forward within it; each test owns its households and plots.
 */
let world: World;
const clock = movableClock(TODAY);
const CODE = VILLAGE.code;
let nextHousehold = 1;
let nextPerson = 1;
const EVIDENCE = { evidenceRef: "乳山市自然资源局测绘成果〔2026〕77号", reason: "原登记面积录入错误" };

async function memberPerson(name: string) {
  const person = await registerPerson(world, nextPerson++, name);
  await admitMember(world, CODE, person.id);
  return person;
}

/** A household of a head and his wife (a co-holder), with a contract over two plots of 1.50 mu. */
async function household() {
  const seq = nextHousehold++;
  const head = await memberPerson(`王建国${seq}`);
  const spouse = await memberPerson(`李秀兰${seq}`);
  await registerHousehold(world, VILLAGE, seq, [{ personId: head.id }, { personId: spouse.id, relation: "spouse" }]);
  const plotSeqs = [seq * 10, seq * 10 + 1];
  for (const p of plotSeqs) await registerPlot(world, VILLAGE, p);
  await registerContract(world, VILLAGE, seq, plotSeqs);
  const contractor = contractorCode(VILLAGE.issuerCode, seq);
  return { seq, head, spouse, contractor, contractCode: `${contractor}J`, plots: plotSeqs.map((p) => plotCode(VILLAGE.issuerCode, p)) };
}

const correct = (plot: string, body: Record<string, unknown>, token?: string) => world.request("POST", `/v1/plots/${plot}/corrections`, { body: { ...EVIDENCE, ...body }, token });
const certificate = async (no: string) => (await world.request("GET", `/v1/certificates/${no}`)).body;
const rows = async (sql: string, args: unknown[] = []) => (await world.tdb.client.execute({ sql, args: args as never })).rows;

beforeAll(async () => {
  world = await createWorld(clock);
  await registerCollective(world, VILLAGE, { homesteadMaxAreaM2: "200.00" });
  await registerCollective(world, GROUP);
});
afterEach(() => clock.set(TODAY));
afterAll(() => world.close());

describe("POST /v1/plots/{plotCode}/corrections", () => {
  describe("accepts", () => {
    it("corrects the area and a boundary: the row changes, both versions stay readable by recordedAsOf, the contract's certificate is reissued", async () => {
      const h = await household();
      const [plot] = h.plots as [string, string];
      const historyBefore = (await world.request("GET", `/v1/plots/${plot}/history`)).body.versions;

      clock.set("2026-12-01");
      const res = await correct(plot, { areaMu: "1.62", boundaries: { west: "王家地" } });
      expect(res.status, res.text).toBe(201);
      expect(res.body).toEqual({
        entity: "plot",
        key: plot,
        changed: ["areaMu", "boundaries.west"],
        previous: { name: null, areaMu: "1.50", boundaries: { east: "路", south: "渠", west: "张家", north: "李家" } },
        corrected: { name: null, areaMu: "1.62", boundaries: { east: "路", south: "渠", west: "王家地", north: "李家" } },
        ...EVIDENCE,
        recordedAt: expect.any(String),
        certificates: { issued: [`${h.contractCode}-0002`], superseded: [`${h.contractCode}-0001`], cancelled: [] },
      });

      const now = await world.request("GET", `/v1/plots/${plot}`);
      expect(now.body).toMatchObject({ areaMu: "1.62", boundaries: { west: "王家地" } });
      const then = await world.request("GET", `/v1/plots/${plot}?recordedAsOf=2026-11-30`);
      expect(then.status, then.text).toBe(200);
      expect(then.body).toMatchObject({ areaMu: "1.50", boundaries: { west: "张家" }, recordedAsOf: "2026-11-30" });
      expect((await world.request("GET", `/v1/plots/${plot}?recordedAsOf=2026-12-01`)).body).toMatchObject({ areaMu: "1.62" });

      // A second correction: three versions, each readable on its day.
      clock.set("2026-12-05");
      const again = await correct(plot, { name: "东岭地", areaMu: "1.60" });
      expect(again.status, again.text).toBe(201);
      expect(again.body.changed).toEqual(["name", "areaMu"]);
      const versions = await world.request("GET", `/v1/plots/${plot}/corrections`);
      expect(versions.status, versions.text).toBe(200);
      expect(versions.body.versions.map((v: { facts: { areaMu: string }; evidenceRef: string | null; recordEndedAt: string | null }) => [v.facts.areaMu, v.evidenceRef, v.recordEndedAt === null])).toEqual([
        ["1.50", null, false],
        ["1.62", EVIDENCE.evidenceRef, false],
        ["1.60", EVIDENCE.evidenceRef, true],
      ]);
      expect(versions.body.versions[0].recordedAt).toBe(new Date(Date.parse(`${TODAY}T04:00:00Z`)).toISOString());
      expect((await world.request("GET", `/v1/plots/${plot}?recordedAsOf=2026-11-27`)).body).toMatchObject({ name: null, areaMu: "1.50" });
      expect((await world.request("GET", `/v1/plots/${plot}?recordedAsOf=2026-12-03`)).body).toMatchObject({ name: null, areaMu: "1.62" });
      expect((await world.request("GET", `/v1/plots/${plot}`)).body).toMatchObject({ name: "东岭地", areaMu: "1.60" });

      // Valid time untouched: the chain of title is the same; the history lists the corrections.
      const history = (await world.request("GET", `/v1/plots/${plot}/history`)).body;
      expect(history.versions.map((v: { validFrom: string; act: string }) => [v.validFrom, v.act])).toEqual(historyBefore.map((v: { validFrom: string; act: string }) => [v.validFrom, v.act]));
      expect(history.corrections).toHaveLength(3);
      expect(history.versions.at(-1).certificateNo).toBe(`${h.contractCode}-0003`);

      // The certificate: reissued with the corrected plot, the old one superseded.
      const issued = await certificate(`${h.contractCode}-0003`);
      expect(issued.status).toBe("valid");
      const payload = JSON.parse(issued.payload);
      expect(payload).toMatchObject({ replaces: `${h.contractCode}-0002`, right: { totalAreaMu: "3.10", plotCount: 2 } });
      expect(payload.right.plots[0]).toEqual({ plotCode: plot, name: "东岭地", areaMu: "1.60", basicFarmland: false, boundaries: { east: "路", south: "渠", west: "王家地", north: "李家" } });
      expect((await certificate(`${h.contractCode}-0001`)).status).toBe("superseded");
      const verified = await world.request("POST", "/v1/certificates/verification", { token: null, body: { payload: issued.payload, signature: issued.signature, keyId: issued.keyId } });
      expect(verified.body).toMatchObject({ valid: true, status: "valid" });
      expect(await rows("SELECT version, act, certificate_serial FROM right_registrations WHERE right_code = ? ORDER BY version", [h.contractCode])).toEqual([
        expect.objectContaining({ version: 1, act: "first" }),
        expect.objectContaining({ version: 2, act: "correction", certificate_serial: `${h.contractCode}-0002` }),
        expect.objectContaining({ version: 3, act: "correction", certificate_serial: `${h.contractCode}-0003` }),
      ]);
      const events = (await world.request("GET", `/v1/journal?collectiveCode=${CODE}&limit=1000`)).body.events as { type: string; subject: string; data: Record<string, unknown> }[];
      expect(events.filter((e) => e.subject === plot && e.type === "plot.corrected")).toHaveLength(2);
    });

    it("corrects a plot under no contract without a certificate", async () => {
      await registerPlot(world, VILLAGE, 9_001);
      const res = await correct(plotCode(VILLAGE.issuerCode, 9_001), { boundaries: { north: "河" } });
      expect(res.status, res.text).toBe(201);
      expect(res.body.certificates).toEqual({ issued: [], superseded: [], cancelled: [] });
    });
  });

  describe("rejects", () => {
    it("rejects the facts it already has with 409 correction_changes_nothing", async () => {
      const h = await household();
      expectProblem(await correct(h.plots[0]!, { areaMu: "1.50", boundaries: { east: "路" } }), 409, "correction_changes_nothing");
    });
    it("rejects an area of 0 with 422 area_must_be_positive", async () => {
      const h = await household();
      expectProblem(await correct(h.plots[0]!, { areaMu: "0" }), 422, "area_must_be_positive");
    });
    it("rejects a correction naming no fact, or without evidence, with 400 validation_failed", async () => {
      const h = await household();
      expectProblem(await correct(h.plots[0]!, {}), 400, "validation_failed");
      expectProblem(await world.request("POST", `/v1/plots/${h.plots[0]}/corrections`, { body: { areaMu: "1.6", reason: "x" } }), 400, "validation_failed");
    });
    it("rejects a seized plot or contract with 409 right_seized, and corrects it once the seizure is lifted", async () => {
      const h = await household();
      const seized = await world.request("POST", `/v1/collectives/${CODE}/encumbrances`, {
        body: { kind: "seizure", subjectKind: "land-contract", subject: h.contractCode, party: "乳山市人民法院", documentRef: "（2026）鲁1083执123号", registeredOn: TODAY },
      });
      expect(seized.status, seized.text).toBe(201);
      expectProblem(await correct(h.plots[1]!, { areaMu: "1.40" }), 409, "right_seized");
      expect((await world.request("GET", `/v1/plots/${h.plots[1]}`)).body.areaMu).toBe("1.50");
      // An objection does not block a correction (it may be what prompts one).
      const objected = await world.request("POST", `/v1/collectives/${CODE}/encumbrances`, {
        body: { kind: "objection", subjectKind: "plot", subject: h.plots[1], party: "张三", documentRef: "异议登记申请书", registeredOn: TODAY },
      });
      expect(objected.status, objected.text).toBe(201);
      expect((await world.request("POST", `/v1/collectives/${CODE}/encumbrances/${seized.body.id}/release`, { body: { liftedOn: TODAY, reason: "解除查封" } })).status).toBe(200);
      expect((await correct(h.plots[1]!, { areaMu: "1.40" })).status).toBe(201);
    });
    it("rejects a plot of no collective, or of another collective for its registrar, with 404 plot_not_found", async () => {
      expectProblem(await correct(plotCode(VILLAGE.issuerCode, 99_999), { areaMu: "1" }), 404, "plot_not_found");
      const h = await household();
      const other = await createToken(world, { role: "registrar", collectiveCode: GROUP.code });
      expectProblem(await correct(h.plots[0]!, { areaMu: "1" }, other), 404, "plot_not_found");
    });
  });

  runSecurityCases({
    world: () => world,
    method: "POST",
    path: () => `/v1/plots/${plotCode(VILLAGE.issuerCode, 10)}/corrections`,
    body: () => ({ ...EVIDENCE, areaMu: "1.55" }),
    refused: async () => {
      const holder = await memberPerson("持证人");
      return [
        { name: "bureau (read-only)", token: await createToken(world, { role: "bureau", regionPrefix: "371083" }), status: 403, code: "forbidden" },
        { name: "holder (read-only)", token: await createToken(world, { role: "holder", personId: holder.id }), status: 403, code: "forbidden" },
        { name: "registrar of another collective", token: await createToken(world, { role: "registrar", collectiveCode: GROUP.code }), status: 404, code: "plot_not_found" },
      ];
    },
  });
});

describe("GET /v1/plots/{plotCode}/corrections", () => {
  it("answers no versions for a plot never corrected", async () => {
    const h = await household();
    const res = await world.request("GET", `/v1/plots/${h.plots[0]}/corrections`);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ entity: "plot", key: h.plots[0], versions: [] });
  });
  runSecurityCases({
    world: () => world,
    method: "GET",
    path: () => `/v1/plots/${plotCode(VILLAGE.issuerCode, 10)}/corrections`,
    refused: async () => [{ name: "registrar of another collective", token: await createToken(world, { role: "registrar", collectiveCode: GROUP.code }), status: 404, code: "plot_not_found" }],
  });
});

describe("POST /v1/homesteads/{unitNumber}/corrections", () => {
  async function homestead(origin: "grant" | "existing", areaM2: string) {
    const h = await household();
    const unit = unitNumber(VILLAGE.regionCode, h.seq);
    const res = await world.request("POST", `/v1/collectives/${CODE}/homesteads`, { body: { unitNumber: unit, contractorCode: h.contractor, areaM2, approvedOn: "2024-05-01", origin, approvalRef: "乳宅批〔2024〕015号" } });
    expect(res.status, res.text).toBe(201);
    return { ...h, unit };
  }
  const correctHomestead = (unit: string, body: Record<string, unknown>) => world.request("POST", `/v1/homesteads/${unit}/corrections`, { body: { ...EVIDENCE, ...body } });

  it("corrects the area: recordedAsOf answers the area as it was, and the certificate is reissued", async () => {
    const h = await homestead("grant", "180.00");
    clock.set("2026-12-02");
    const res = await correctHomestead(h.unit, { areaM2: "176.40" });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ entity: "homestead", changed: ["areaM2"], previous: { areaM2: "180.00" }, corrected: { areaM2: "176.40" }, certificates: { issued: [`${h.unit}-0002`], superseded: [`${h.unit}-0001`] } });
    expect((await world.request("GET", `/v1/homesteads/${h.unit}`)).body.areaM2).toBe("176.40");
    expect((await world.request("GET", `/v1/homesteads/${h.unit}?recordedAsOf=2026-12-01`)).body.areaM2).toBe("180.00");
    expect(JSON.parse((await certificate(`${h.unit}-0002`)).payload).right).toMatchObject({ areaM2: "176.40" });
    expect((await world.request("GET", `/v1/homesteads/${h.unit}/corrections`)).body.versions).toHaveLength(2);
  });

  it("annotates a legacy homestead corrected over the cap, and refuses a granted one over the cap with 409 homestead_area_exceeds_cap", async () => {
    const legacy = await homestead("existing", "190.00");
    const res = await correctHomestead(legacy.unit, { areaM2: "230.00" });
    expect(res.status, res.text).toBe(201);
    expect(res.body.corrected.annotations).toEqual([{ code: "over-area", text: "超标准面积：230.00 平方米，标准 200.00 平方米" }]);
    const granted = await homestead("grant", "180.00");
    expectProblem(await correctHomestead(granted.unit, { areaM2: "200.01" }), 409, "homestead_area_exceeds_cap");
  });

  it("rejects a seized homestead with 409 right_seized", async () => {
    const h = await homestead("grant", "150.00");
    const seized = await world.request("POST", `/v1/collectives/${CODE}/encumbrances`, {
      body: { kind: "seizure", subjectKind: "homestead", subject: h.unit, party: "乳山市人民法院", documentRef: "（2026）鲁1083执5号", registeredOn: TODAY },
    });
    expect(seized.status, seized.text).toBe(201);
    expectProblem(await correctHomestead(h.unit, { areaM2: "151.00" }), 409, "right_seized");
  });

  runSecurityCases({
    world: () => world,
    method: "POST",
    path: () => `/v1/homesteads/${unitNumber(VILLAGE.regionCode, 1)}/corrections`,
    body: () => ({ ...EVIDENCE, areaM2: "150.00" }),
    refused: async () => [{ name: "bureau (read-only)", token: await createToken(world, { role: "bureau", regionPrefix: "371083" }), status: 403, code: "forbidden" }],
  });
});

describe("POST /v1/persons/{personId}/corrections", () => {
  it("corrects a name and reissues every valid certificate stating it: the household's contract and the person's shares", async () => {
    const h = await household();
    const ref = await recordResolution(world, CODE, ["equity-issuance"]);
    const issued = await world.request("POST", `/v1/collectives/${CODE}/equity/issuances`, { body: { resolutionRef: ref, allocations: [{ personId: h.spouse.id, shareClass: "population", shares: "8" }] } });
    expect(issued.status, issued.text).toBe(201);
    const shareCertificate = issued.body.holdings.find((x: { personId: string }) => x.personId === h.spouse.id).certificateNo as string;

    clock.set("2026-12-03");
    const res = await world.request("POST", `/v1/persons/${h.spouse.id}/corrections`, { body: { name: "李秀岚", evidenceRef: "户口簿（乳山市公安局）", reason: "姓名录入错误" } });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ entity: "person", key: h.spouse.id, changed: ["name"], previous: { name: h.spouse.name }, corrected: { name: "李秀岚" } });
    expect(res.body.certificates.superseded.sort()).toEqual([`${h.contractCode}-0001`, shareCertificate].sort());
    expect(res.body.certificates.issued).toHaveLength(2);
    expect((await world.request("GET", `/v1/persons/${h.spouse.id}`)).body.name).toBe("李秀岚");

    const contract = JSON.parse((await certificate(`${h.contractCode}-0002`)).payload);
    expect(contract.holder.members.map((m: { name: string }) => m.name)).toEqual([h.head.name, "李秀岚"]);
    const shares = res.body.certificates.issued.find((no: string) => no.includes("-GQ-")) as string;
    expect(JSON.parse((await certificate(shares)).payload)).toMatchObject({ holder: { personId: h.spouse.id, name: "李秀岚" }, right: { shares: "8" }, replaces: shareCertificate });

    const versions = await world.request("GET", `/v1/persons/${h.spouse.id}/corrections`);
    expect(versions.status, versions.text).toBe(200);
    expect(versions.body.versions.map((v: { facts: { name: string } }) => v.facts.name)).toEqual([h.spouse.name, "李秀岚"]);
    expectProblem(await world.request("POST", `/v1/persons/${h.spouse.id}/corrections`, { body: { name: "李秀岚", evidenceRef: "x", reason: "y" } }), 409, "correction_changes_nothing");
  });

  it("refuses a registrar of a collective where the person has no record with 404 person_not_found", async () => {
    const person = await memberPerson("孙志强");
    const other = await createToken(world, { role: "registrar", collectiveCode: GROUP.code });
    expectProblem(await world.request("POST", `/v1/persons/${person.id}/corrections`, { body: { name: "孙志刚", evidenceRef: "x", reason: "y" }, token: other }), 404, "person_not_found");
  });

  runSecurityCases({
    world: () => world,
    method: "POST",
    path: () => "/v1/persons/prs_371083_any/corrections",
    body: () => ({ name: "孙志刚", evidenceRef: "户口簿", reason: "录入错误" }),
    refused: async () => [{ name: "bureau (read-only)", token: await createToken(world, { role: "bureau", regionPrefix: "371083" }), status: 403, code: "forbidden" }],
  });
});

describe("database guards", () => {
  it("keeps fact versions: never deleted, rewritten, or closed twice", async () => {
    const h = await household();
    expect((await correct(h.plots[0]!, { areaMu: "1.45" })).status).toBe(201);
    const [original, current] = await rows("SELECT id FROM fact_versions WHERE key = ? ORDER BY recorded_from_ms, recorded_to_ms IS NULL", [h.plots[0]]);
    const sql = (text: string, args: unknown[]) => world.tdb.client.execute({ sql: text, args: args as never });
    await expect(sql("DELETE FROM fact_versions WHERE id = ?", [original!.id])).rejects.toThrow(/fact_history_is_append_only/);
    await expect(sql("UPDATE fact_versions SET facts_json = '{}' WHERE id = ?", [current!.id])).rejects.toThrow(/fact_history_is_append_only/);
    await expect(sql("UPDATE fact_versions SET recorded_to_ms = recorded_to_ms + 1 WHERE id = ?", [original!.id])).rejects.toThrow(/fact_history_is_append_only/);
    await sql("UPDATE fact_versions SET recorded_to_ms = recorded_from_ms WHERE id = ?", [current!.id]);
  });
});
