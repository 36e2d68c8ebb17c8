import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { creditCodeCheckCharacter, organizationCodeCheckCharacter } from "../../src/domain/identifiers/index.js";
import { movableClock } from "../../src/lib/clock.js";
import { createToken, expectProblem, idNumber, member, recordResolution, registerCollective, registerPerson, resolutionBody, VILLAGE } from "../support/fixtures.js";
import { runSecurityCases } from "../support/security.js";
import { createWorld, TODAY, type World } from "../support/world.js";

/**
 * Succession (继承) of a deceased member's shares. Each test opens its own estate: a group-level collective where
 * 孙秀英 held 12.5 of 100 shares when she died, her daughter 于海涛 (a member, holding 10), another member 王桂兰
 * (77.5), and her son 孙晓明, who lives in 济南 and is not a member. "Today" is 2026-11-27 unless a test moves it.
 */
function groupOfVillage(n: number) {
  const org = `MB${String(n).padStart(6, "0")}`;
  const first17 = `N1371083${org}${organizationCodeCheckCharacter(org)}`;
  return {
    code: first17 + creditCodeCheckCharacter(first17),
    name: `乳山市午极镇午极村第${n}村民小组股份经济合作社`,
    level: "group" as const,
    regionCode: VILLAGE.regionCode,
    issuerCode: VILLAGE.regionCode + String(n).padStart(2, "0"),
  };
}

let world: World;
const clock = movableClock(TODAY);
let nextGroup = 1;
let nextPerson = 100;
const EVIDENCE = "（2026）鲁乳山证字第1234号继承公证书";

const issue = async (code: string, allocations: [string, string][]) => {
  const resolutionRef = await recordResolution(world, code, ["equity-issuance"], { ref: "成员大会决议〔2020〕2号" });
  return world.request("POST", `/v1/collectives/${code}/equity/issuances`, {
    body: { resolutionRef, allocations: allocations.map(([personId, shares]) => ({ personId, shareClass: "population", shares })) },
  });
};
const terminate = (code: string, personId: string, reason: string, effectiveOn: string) =>
  world.request("POST", `/v1/collectives/${code}/members/${personId}/termination`, { body: { reason, effectiveOn } });
const succeed = (code: string, body: unknown, opts: { token?: string; headers?: Record<string, string> } = {}) =>
  world.request("POST", `/v1/collectives/${code}/equity/successions`, { body, ...opts });
const capTable = async (code: string, query = "") => (await world.request("GET", `/v1/collectives/${code}/equity${query}`)).body;
const history = async (code: string, personId: string) => (await world.request("GET", `/v1/collectives/${code}/equity/history?personId=${personId}`)).body;
const certificate = async (no: string) => (await world.request("GET", `/v1/certificates/${no}`)).body;
const rows = async (sql: string, args: unknown[] = []) => (await world.tdb.client.execute({ sql, args: args as never })).rows;
const count = async (table: string) => Number((await rows(`SELECT COUNT(*) AS n FROM ${table}`))[0]!.n);
const changeRules = async (code: string, rules: Record<string, unknown>, effectiveOn = TODAY) => {
  await recordResolution(world, code, ["rules-change"], { ref: "章程修正案〔2026〕1号" });
  const res = await world.request("PUT", `/v1/collectives/${code}/rules`, { body: { rules, resolutionRef: "章程修正案〔2026〕1号", effectiveOn } });
  expect(res.status, res.text).toBe(200);
};

interface Estate {
  code: string;
  issuerCode: string;
  deceased: string;
  heir: string;
  other: string;
  outsider: string;
}

/**
 * An estate: shares issued on `issuedOn`, the death recorded with effect from `diedOn` (null: she is alive).
 * The clock comes back to today.
 */
async function estate(opts: { rules?: Record<string, unknown>; issuedOn?: string; diedOn?: string | null; deathReason?: string } = {}): Promise<Estate> {
  const facts = groupOfVillage(nextGroup++);
  clock.set(opts.issuedOn ?? TODAY);
  await registerCollective(world, facts, opts.rules);
  const deceased = (await member(world, facts.code, nextPerson++, "孙秀英")).id;
  const heir = (await member(world, facts.code, nextPerson++, "于海涛")).id;
  const other = (await member(world, facts.code, nextPerson++, "王桂兰")).id;
  const outsider = (await registerPerson(world, nextPerson++, "孙晓明")).id;
  const issued = await issue(facts.code, [[deceased, "12.5"], [heir, "10"], [other, "77.5"]]);
  expect(issued.status, issued.text).toBe(201);
  const diedOn = opts.diedOn === undefined ? TODAY : opts.diedOn;
  if (diedOn !== null) {
    clock.set(diedOn > (opts.issuedOn ?? TODAY) ? diedOn : (opts.issuedOn ?? TODAY));
    const ended = await terminate(facts.code, deceased, opts.deathReason ?? "death", diedOn);
    expect(ended.status, ended.text).toBe(200);
  }
  clock.set(TODAY);
  return { code: facts.code, issuerCode: facts.issuerCode, deceased, heir, other, outsider };
}

const toHeirs = (e: Estate, heirShares = "6", outsiderShares = "6.5") => ({
  deceasedPersonId: e.deceased,
  heirs: [
    { personId: e.heir, shares: heirShares },
    { personId: e.outsider, shares: outsiderShares },
  ],
  evidenceRef: EVIDENCE,
});

/** Σ holdings = shares issued, every holding = its entries, none negative — read from the tables themselves. */
async function expectLedgerWhole(code: string) {
  const holdings = await rows("SELECT account, shares_e4 FROM equity_holdings WHERE collective_code = ?", [code]);
  const issued = -Number(holdings.find((h) => h.account === "@issued")!.shares_e4);
  const held = holdings.filter((h) => h.account !== "@issued").reduce((sum, h) => sum + Number(h.shares_e4), 0);
  expect(held).toBe(issued);
  expect(holdings.filter((h) => h.account !== "@issued" && Number(h.shares_e4) < 0)).toEqual([]);
  const fromEntries = await rows(
    `SELECT account, SUM(delta) AS balance FROM (
       SELECT credit_account AS account, shares_e4 AS delta FROM equity_entries WHERE collective_code = ?
       UNION ALL SELECT debit_account, -shares_e4 FROM equity_entries WHERE collective_code = ?) GROUP BY account`,
    [code, code],
  );
  const cached = Object.fromEntries(holdings.map((h) => [String(h.account), Number(h.shares_e4)]));
  expect(Object.fromEntries(fromEntries.map((r) => [String(r.account), Number(r.balance)]))).toEqual(cached);
}

beforeAll(async () => {
  world = await createWorld(clock);
  await registerCollective(world, VILLAGE);
});
afterEach(() => clock.set(TODAY));
afterAll(() => world.close());

describe("POST /v1/collectives/{code}/equity/successions", () => {
  describe("accepts", () => {
    it("passes the deceased's shares to two heirs, one not a member and annotated so, in one batch with certificates and the journal", async () => {
      const e = await estate();
      const [entriesBefore, journalBefore] = [await count("equity_entries"), await count("journal")];
      const res = await succeed(e.code, toHeirs(e));
      expect(res.status, res.text).toBe(201);
      const cert = (n: number) => `${e.issuerCode}-GQ-${String(n).padStart(6, "0")}`;
      expect(res.body).toEqual({
        deceasedPersonId: e.deceased,
        succeededOn: TODAY,
        // The issuance numbered the certificates 1 (孙秀英), 2 (于海涛), 3 (王桂兰); the heirs get 4 and 5.
        heirs: [
          { personId: e.heir, name: "于海涛", shares: "6", holding: "16", certificateNo: cert(4), member: true },
          { personId: e.outsider, name: "孙晓明", shares: "6.5", holding: "6.5", certificateNo: cert(5), member: false },
        ],
        evidenceRef: EVIDENCE,
        capTable: {
          collectiveCode: e.code,
          totalShares: "100",
          collectiveShares: "0",
          collectivePercent: "0.0000",
          holdings: [
            { personId: e.other, name: "王桂兰", shares: "77.5", reservedShares: "0", percent: "77.5000", certificateNo: cert(3), annotations: [] },
            { personId: e.heir, name: "于海涛", shares: "16", reservedShares: "0", percent: "16.0000", certificateNo: cert(4), annotations: [] },
            { personId: e.outsider, name: "孙晓明", shares: "6.5", reservedShares: "0", percent: "6.5000", certificateNo: cert(5), annotations: ["non-member-heir"] },
          ],
        },
      });
      // The cap table reads the same; the deceased no longer holds.
      expect(await capTable(e.code)).toEqual(res.body.capTable);
      // One ledger entry per heir, from the deceased, and one journal row.
      expect([await count("equity_entries"), await count("journal")]).toEqual([entriesBefore + 2, journalBefore + 1]);
      const entries = await rows("SELECT kind, debit_account, credit_account, share_class, shares_e4 FROM equity_entries WHERE collective_code = ? AND kind = 'succession' ORDER BY seq", [e.code]);
      expect(entries.map((r) => [r.kind, r.debit_account, r.credit_account, r.share_class, Number(r.shares_e4)])).toEqual([
        ["succession", e.deceased, e.heir, null, 60_000],
        ["succession", e.deceased, e.outsider, null, 65_000],
      ]);
      const [journal] = await rows("SELECT type, subject, data_json FROM journal WHERE stream = ? ORDER BY stream_seq DESC LIMIT 1", [e.code]);
      expect([journal!.type, journal!.subject]).toEqual(["equity.succeeded", e.deceased]);
      expect(JSON.parse(String(journal!.data_json))).toEqual({
        deceasedPersonId: e.deceased,
        succeededOn: TODAY,
        shares: "12.5",
        heirs: [
          { personId: e.heir, shares: "6", member: true },
          { personId: e.outsider, shares: "6.5", member: false },
        ],
        evidenceRef: EVIDENCE,
        certificates: { issued: [cert(4), cert(5)], superseded: [cert(2)], cancelled: [cert(1)] },
      });
      // The deceased's certificate is cancelled, the daughter's old one superseded, the heirs' new ones valid.
      expect(await certificate(cert(1))).toMatchObject({ status: "cancelled", holder: { id: e.deceased }, endedOn: TODAY });
      expect(await certificate(cert(2))).toMatchObject({ status: "superseded", supersededBy: cert(4) });
      expect(await certificate(cert(4))).toMatchObject({ status: "valid", holder: { id: e.heir, name: "于海涛" } });
      expect(await certificate(cert(5))).toMatchObject({ status: "valid", holder: { id: e.outsider, name: "孙晓明" } });
      expect(JSON.parse((await certificate(cert(5))).payload)).toMatchObject({ right: { collectiveCode: e.code, shares: "6.5" }, replaces: null });
      await expectLedgerWhole(e.code);
    });

    it("dates the heirs' titles from succeededOn, shows the act succession in the equity history, and annotates the deceased's holding until then", async () => {
      const e = await estate({ issuedOn: "2026-01-10", diedOn: "2026-03-01" });
      // Before the succession is recorded, the holding stays on the cap table, annotated.
      const before = await capTable(e.code);
      expect(before.holdings.find((h: { personId: string }) => h.personId === e.deceased)).toMatchObject({ shares: "12.5", annotations: ["deceased"] });
      const res = await succeed(e.code, { ...toHeirs(e), succeededOn: "2026-03-01" });
      expect(res.status, res.text).toBe(201);
      expect(res.body.succeededOn).toBe("2026-03-01");
      const chain = (body: { versions: { shares: string; validFrom: string; validTo: string | null; act: string }[] }) =>
        body.versions.map((v) => [v.shares, v.validFrom, v.validTo, v.act]);
      expect(chain(await history(e.code, e.deceased))).toEqual([
        ["12.5", "2026-01-10", "2026-03-01", "first-registration"],
        ["0", "2026-03-01", null, "succession"],
      ]);
      expect(chain(await history(e.code, e.heir))).toEqual([
        ["10", "2026-01-10", "2026-03-01", "first-registration"],
        ["16", "2026-03-01", null, "succession"],
      ]);
      expect(chain(await history(e.code, e.outsider))).toEqual([["6.5", "2026-03-01", null, "succession"]]);
      // As of the day before the death: the deceased held, as a member; from the death on: the heirs.
      const onEve = await capTable(e.code, "?asOf=2026-02-28");
      expect(onEve.holdings.map((h: { personId: string; shares: string; annotations: string[] }) => [h.personId, h.shares, h.annotations])).toEqual([
        [e.other, "77.5", []],
        [e.deceased, "12.5", []],
        [e.heir, "10", []],
      ]);
      const onDeath = await capTable(e.code, "?asOf=2026-03-01");
      expect(onDeath.holdings.map((h: { personId: string; shares: string; annotations: string[] }) => [h.personId, h.shares, h.annotations])).toEqual([
        [e.other, "77.5", []],
        [e.heir, "16", []],
        [e.outsider, "6.5", ["non-member-heir"]],
      ]);
      // As the register said yesterday, nobody had succeeded yet.
      const recorded = await capTable(e.code, "?asOf=2026-03-01&recordedAsOf=2026-11-26");
      expect(recorded.holdings.map((h: { personId: string }) => h.personId)).toEqual([e.other, e.deceased, e.heir]);
      await expectLedgerWhole(e.code);
    });

    it("lets the collective's registrar record a succession to a single heir", async () => {
      const e = await estate();
      const token = await createToken(world, { role: "registrar", collectiveCode: e.code });
      const res = await succeed(e.code, { deceasedPersonId: e.deceased, heirs: [{ personId: e.heir, shares: "12.5" }], evidenceRef: EVIDENCE }, { token });
      expect(res.status, res.text).toBe(201);
      expect(res.body.heirs).toEqual([expect.objectContaining({ personId: e.heir, shares: "12.5", holding: "22.5", member: true })]);
      expect(res.body.capTable.holdings.map((h: { personId: string }) => h.personId)).toEqual([e.other, e.heir]);
    });

    it("replays a retried succession with the same Idempotency-Key and writes it once", async () => {
      const e = await estate();
      const headers = { "Idempotency-Key": `succession-${e.code}` };
      const first = await succeed(e.code, toHeirs(e), { headers });
      expect(first.status, first.text).toBe(201);
      const again = await succeed(e.code, toHeirs(e), { headers });
      expect(again.status).toBe(201);
      expect(again.headers.get("idempotency-replayed")).toBe("true");
      expect(again.body).toEqual(first.body);
      expect(await rows("SELECT seq FROM journal WHERE stream = ? AND type = 'equity.succeeded'", [e.code])).toHaveLength(1);
      // Without the key, the same request is judged afresh: nothing is left to succeed.
      expectProblem(await succeed(e.code, toHeirs(e)), 409, "nothing_to_succeed");
    });

    it("passes a holding to 100 heirs, the most one request takes, within D1's 100 parameters per statement", async () => {
      const e = await estate();
      const heirs = [];
      for (let i = 0; i < 100; i++) heirs.push({ personId: (await registerPerson(world, nextPerson++, `继承人${i}`)).id, shares: "0.125" });
      const res = await succeed(e.code, { deceasedPersonId: e.deceased, heirs, evidenceRef: EVIDENCE });
      expect(res.status, res.text).toBe(201);
      expect(res.body.heirs).toHaveLength(100);
      expect(new Set(res.body.heirs.map((h: { certificateNo: string }) => h.certificateNo)).size).toBe(100);
      expect(res.body.capTable.holdings.filter((h: { annotations: string[] }) => h.annotations.includes("non-member-heir"))).toHaveLength(100);
      expect(await rows("SELECT seq FROM equity_entries WHERE collective_code = ? AND kind = 'succession'", [e.code])).toHaveLength(100);
      await expectLedgerWhole(e.code);
      const tooMany = await succeed(e.code, { deceasedPersonId: e.deceased, heirs: [...heirs, { personId: e.heir, shares: "1" }], evidenceRef: EVIDENCE });
      expectProblem(tooMany, 400, "validation_failed");
    });

    it("applies the holding cap to heirs only where successionWithinHoldingCap is set", async () => {
      // Without the rule, the daughter may inherit over the 20% cap (10 + 12.5 = 22.5%).
      const free = await estate();
      await changeRules(free.code, { equityHoldingCapPercent: "20" });
      const over = await succeed(free.code, { deceasedPersonId: free.deceased, heirs: [{ personId: free.heir, shares: "12.5" }], evidenceRef: EVIDENCE });
      expect(over.status, over.text).toBe(201);
      expect(over.body.heirs[0].holding).toBe("22.5");

      const capped = await estate();
      await changeRules(capped.code, { equityHoldingCapPercent: "20", successionWithinHoldingCap: true });
      const refused = await succeed(capped.code, { deceasedPersonId: capped.deceased, heirs: [{ personId: capped.heir, shares: "12.5" }], evidenceRef: EVIDENCE });
      expectProblem(refused, 409, "holding_cap_exceeded");
      expect(refused.body.detail).toContain(capped.heir);
      // Exactly at the cap is within it.
      const within = await succeed(capped.code, toHeirs(capped, "10", "2.5"));
      expect(within.status, within.text).toBe(201);
      expect(within.body.capTable.holdings.find((h: { personId: string }) => h.personId === capped.heir)).toMatchObject({ shares: "20", percent: "20.0000" });
    });

    it("uses the rules in force on succeededOn: a later rule that heirs must be members does not reach back", async () => {
      const e = await estate({ issuedOn: "2026-01-10", diedOn: "2026-03-01" });
      await changeRules(e.code, { heirsMustBeMembers: true }, "2026-06-01");
      expectProblem(await succeed(e.code, toHeirs(e)), 409, "heir_not_member");
      const res = await succeed(e.code, { ...toHeirs(e), succeededOn: "2026-03-01" });
      expect(res.status, res.text).toBe(201);
    });

    it("records from the day of a later registered change of an heir's holding, but not before it", async () => {
      const e = await estate({ issuedOn: "2026-01-10", diedOn: "2026-03-01" });
      clock.set("2026-06-01");
      expect((await issue(e.code, [[e.heir, "1"]])).status).toBe(201);
      clock.set(TODAY);
      const early = await succeed(e.code, { ...toHeirs(e), succeededOn: "2026-03-01" });
      expectProblem(early, 409, "succession_predates_holding_change");
      expect(early.body.detail).toContain("2026-06-01");
      const res = await succeed(e.code, { ...toHeirs(e), succeededOn: "2026-06-01" });
      expect(res.status, res.text).toBe(201);
      expect(res.body.heirs[0]).toMatchObject({ personId: e.heir, holding: "17" });
    });
  });

  describe("rejects", () => {
    /** A refusal writes nothing: the same ledger, journal and certificates as before. */
    async function expectNothingWritten(e: Estate, attempt: () => Promise<unknown>) {
      const before = [await count("equity_entries"), await count("journal"), await count("certificates"), await count("title_versions"), await capTable(e.code)];
      await attempt();
      expect([await count("equity_entries"), await count("journal"), await count("certificates"), await count("title_versions"), await capTable(e.code)]).toEqual(before);
    }

    it("refuses non-member heirs where heirsMustBeMembers with 409 heir_not_member, and accepts member heirs", async () => {
      const e = await estate({ rules: { heirsMustBeMembers: true } });
      await expectNothingWritten(e, async () => {
        const res = await succeed(e.code, toHeirs(e));
        expectProblem(res, 409, "heir_not_member");
        expect(res.body.detail).toContain(e.outsider);
      });
      const res = await succeed(e.code, { deceasedPersonId: e.deceased, heirs: [{ personId: e.heir, shares: "6" }, { personId: e.other, shares: "6.5" }], evidenceRef: EVIDENCE });
      expect(res.status, res.text).toBe(201);
      expect(res.body.heirs.map((h: { member: boolean }) => h.member)).toEqual([true, true]);
    });

    it("refuses a deceased whose membership is still active with 409 deceased_membership_not_ended, and writes nothing", async () => {
      const e = await estate({ diedOn: null });
      await expectNothingWritten(e, async () => expectProblem(await succeed(e.code, toHeirs(e)), 409, "deceased_membership_not_ended"));
    });

    it("refuses a membership that ended for another ground than death with 409 deceased_membership_not_ended", async () => {
      const e = await estate({ deathReason: "voluntary-exit" });
      expectProblem(await succeed(e.code, toHeirs(e)), 409, "deceased_membership_not_ended");
    });

    it("refuses a deceased who was never a member of this collective with 409 deceased_membership_not_ended", async () => {
      const e = await estate();
      expectProblem(await succeed(e.code, { ...toHeirs(e), deceasedPersonId: e.outsider, heirs: [{ personId: e.heir, shares: "1" }] }), 409, "deceased_membership_not_ended");
    });

    it("refuses heirs' shares that do not add up exactly to the holding with 422 succession_shares_mismatch", async () => {
      const e = await estate();
      await expectNothingWritten(e, async () => {
        const res = await succeed(e.code, toHeirs(e, "6", "6.4999"));
        expectProblem(res, 422, "succession_shares_mismatch");
        expect(res.body.detail).toContain("12.4999");
        expect(res.body.detail).toContain("12.5");
      });
      expectProblem(await succeed(e.code, toHeirs(e, "6", "6.5001")), 422, "succession_shares_mismatch");
    });

    it("refuses an heir listed twice with 422 heirs_duplicated", async () => {
      const e = await estate();
      const res = await succeed(e.code, { deceasedPersonId: e.deceased, heirs: [{ personId: e.heir, shares: "6" }, { personId: e.heir, shares: "6.5" }], evidenceRef: EVIDENCE });
      expectProblem(res, 422, "heirs_duplicated");
    });

    it.each([["0"], ["0.0000"]])("refuses an heir receiving %s shares with 422 shares_must_be_positive", async (zero) => {
      const e = await estate();
      expectProblem(await succeed(e.code, toHeirs(e, "12.5", zero)), 422, "shares_must_be_positive");
    });

    it("refuses the deceased among the heirs with 422 holders_must_be_different", async () => {
      const e = await estate();
      const res = await succeed(e.code, { deceasedPersonId: e.deceased, heirs: [{ personId: e.deceased, shares: "12.5" }], evidenceRef: EVIDENCE });
      expectProblem(res, 422, "holders_must_be_different");
    });

    it("refuses an unregistered heir with 404 person_not_found", async () => {
      const e = await estate();
      const res = await succeed(e.code, { deceasedPersonId: e.deceased, heirs: [{ personId: e.heir, shares: "6" }, { personId: "prs_00000000000000000000000000", shares: "6.5" }], evidenceRef: EVIDENCE });
      expectProblem(res, 404, "person_not_found");
    });

    it("refuses a deceased with shares reserved by an open transfer application with 409 shares_reserved_by_application", async () => {
      const e = await estate({ diedOn: null });
      const applied = await world.request("POST", "/v1/transfers", {
        body: { kind: "equity", collectiveCode: e.code, from: { personId: e.deceased }, to: { personId: e.heir }, shares: "5", price: "3000.00", agreementSignedOn: TODAY },
      });
      expect(applied.status, applied.text).toBe(201);
      expect((await terminate(e.code, e.deceased, "death", TODAY)).status).toBe(200);
      await expectNothingWritten(e, async () => {
        const res = await succeed(e.code, toHeirs(e));
        expectProblem(res, 409, "shares_reserved_by_application");
        expect(res.body.detail).toContain("5 of the shares");
      });
    });

    it("refuses a deceased who held no shares with 409 nothing_to_succeed", async () => {
      const e = await estate();
      const poor = await member(world, e.code, nextPerson++, "孙老汉");
      expect((await terminate(e.code, poor.id, "death", TODAY)).status).toBe(200);
      expectProblem(await succeed(e.code, { deceasedPersonId: poor.id, heirs: [{ personId: e.heir, shares: "1" }], evidenceRef: EVIDENCE }), 409, "nothing_to_succeed");
    });

    it("refuses succeededOn before the death with 422 succession_before_death", async () => {
      const e = await estate({ issuedOn: "2026-01-10", diedOn: "2026-03-01" });
      const res = await succeed(e.code, { ...toHeirs(e), succeededOn: "2026-02-28" });
      expectProblem(res, 422, "succession_before_death");
      expect(res.body.detail).toContain("2026-03-01");
    });

    it("refuses succeededOn after today (CST) with 422 date_in_future", async () => {
      const e = await estate();
      expectProblem(await succeed(e.code, { ...toHeirs(e), succeededOn: "2026-11-28" }), 422, "date_in_future");
    });

    it.each([
      ["shares as a JSON number", (b: ReturnType<typeof toHeirs>) => ({ ...b, heirs: [{ ...b.heirs[0]!, shares: 12.5 }] }), "#/heirs/0/shares"],
      ["more than 4 decimal places", (b: ReturnType<typeof toHeirs>) => ({ ...b, heirs: [{ ...b.heirs[0]!, shares: "12.50001" }] }), "#/heirs/0/shares"],
      ["no heirs", (b: ReturnType<typeof toHeirs>) => ({ ...b, heirs: [] }), "#/heirs"],
      ["no evidence", (b: ReturnType<typeof toHeirs>) => ({ ...b, evidenceRef: " " }), "#/evidenceRef"],
      ["a date that is not a date", (b: ReturnType<typeof toHeirs>) => ({ ...b, succeededOn: "2026-02-30" }), "#/succeededOn"],
      ["an unknown field", (b: ReturnType<typeof toHeirs>) => ({ ...b, heirs: [{ ...b.heirs[0]!, shareClass: "population" }] }), "#/heirs/0/shareClass"],
    ])("refuses %s with 400 validation_failed pointing at the field", async (_name, change, pointer) => {
      const e = await estate();
      const res = await succeed(e.code, change(toHeirs(e)));
      expectProblem(res, 400, "validation_failed");
      expect(res.body.errors).toContainEqual(expect.objectContaining({ pointer }));
    });

    it("refuses an unknown collective with 404 collective_not_found", async () => {
      expectProblem(await succeed("N2371083MA0QW73T00", { deceasedPersonId: "prs_x", heirs: [{ personId: "prs_y", shares: "1" }], evidenceRef: EVIDENCE }), 404, "collective_not_found");
    });
  });

  describe("the database keeps the ledger whole", () => {
    it("refuses a succession entry written around the domain that takes more than the deceased holds, or comes from @issued", async () => {
      const e = await estate();
      const insert = (debit: string, credit: string, sharesE4: number) =>
        world.tdb.client.execute({
          sql: "INSERT INTO equity_entries (collective_code, journal_seq, kind, debit_account, credit_account, share_class, shares_e4, recorded_at_ms) VALUES (?, 0, 'succession', ?, ?, NULL, ?, 0)",
          args: [e.code, debit, credit, sharesE4],
        });
      await expect(insert(e.deceased, e.outsider, 125_001)).rejects.toThrow(/holding_must_not_be_negative/);
      // Only from a person whose membership ended by death (trigger), so never from @issued.
      await expect(insert("@issued", e.outsider, 1)).rejects.toThrow(/deceased_membership_not_ended/);
      await expect(insert(e.deceased, e.deceased, 1)).rejects.toThrow(/accounts_must_be_different/);
      await expectLedgerWhole(e.code);
      expect(await capTable(e.code)).toMatchObject({ totalShares: "100" });
    });
  });

  let security: Estate;
  beforeAll(async () => {
    security = await estate();
  });
  runSecurityCases({
    world: () => world,
    method: "POST",
    path: () => `/v1/collectives/${security.code}/equity/successions`,
    body: () => toHeirs(security),
    refused: async () => [
      { name: "bureau covering the collective", token: await createToken(world, { role: "bureau", regionPrefix: "371083" }), status: 403, code: "forbidden" },
      { name: "holder of an heir", token: await createToken(world, { role: "holder", personId: security.heir }), status: 403, code: "forbidden" },
      { name: "registrar of another collective", token: await createToken(world, { role: "registrar", collectiveCode: VILLAGE.code }), status: 404, code: "collective_not_found" },
    ],
  });
});

describe("an heir registered in another county", () => {
  let routed: World;
  beforeAll(async () => {
    routed = await createWorld(undefined, { counties: ["370102", "371083"] });
  });
  afterAll(() => routed.close());

  it("is copied into the collective's county in the succession's batch, indexed, and named on the certificate", async () => {
    const created = await routed.request("POST", "/v1/collectives", { body: VILLAGE });
    expect(created.status, created.text).toBe(201);
    const register = async (index: number, name: string, regionCode: string) => {
      const res = await routed.request("POST", "/v1/persons", { body: { idNumber: idNumber(index), name, regionCode } });
      expect(res.status, res.text).toBe(201);
      return res.body.id as string;
    };
    const deceased = await register(1, "孙秀英", VILLAGE.regionCode);
    const son = await register(2, "孙晓明", "370102101201");
    expect((await routed.request("POST", `/v1/collectives/${VILLAGE.code}/members`, { body: { personId: deceased, joinedOn: "2020-01-01", basis: "original" } })).status).toBe(201);
    expect((await routed.request("POST", `/v1/collectives/${VILLAGE.code}/resolutions`, { body: resolutionBody("决议", ["equity-issuance"]) })).status).toBe(201);
    const issued = await routed.request("POST", `/v1/collectives/${VILLAGE.code}/equity/issuances`, {
      body: { resolutionRef: "决议", allocations: [{ personId: deceased, shareClass: "population", shares: "8" }] },
    });
    expect(issued.status, issued.text).toBe(201);
    expect((await routed.request("POST", `/v1/collectives/${VILLAGE.code}/members/${deceased}/termination`, { body: { reason: "death", effectiveOn: TODAY } })).status).toBe(200);

    const res = await routed.request("POST", `/v1/collectives/${VILLAGE.code}/equity/successions`, {
      body: { deceasedPersonId: deceased, heirs: [{ personId: son, shares: "8" }], evidenceRef: EVIDENCE },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body.heirs).toEqual([{ personId: son, name: "孙晓明", shares: "8", holding: "8", certificateNo: `${VILLAGE.issuerCode}-GQ-000002`, member: false }]);
    const county = routed.counties["371083"]!.client;
    expect((await county.execute({ sql: "SELECT name FROM persons WHERE id = ?", args: [son] })).rows.map((r) => r.name)).toEqual(["孙晓明"]);
    const index = await routed.tdb.client.execute({ sql: "SELECT county FROM person_index WHERE person_id = ? ORDER BY county", args: [son] });
    expect(index.rows.map((r) => r.county)).toEqual(["370102", "371083"]);
    const cert = await routed.request("GET", `/v1/certificates/${VILLAGE.issuerCode}-GQ-000002`);
    expect(cert.status, cert.text).toBe(200);
    expect(cert.body).toMatchObject({ status: "valid", holder: { id: son, name: "孙晓明" } });
  });
});
