import type { Client } from "@libsql/client";
import { testKeyring } from "./support/keys.js";
import { Decimal } from "decimal.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp, type App } from "../src/app.js";
import { createIdFactory } from "../src/lib/ids.js";
import { createDb } from "../src/storage/db.js";
import { contractorCode, GROUP, idNumber, member, plotCode, recordResolution, registerCollective, registerHousehold, registerPerson, registerPlot, resolutionBody, unitNumber, VILLAGE } from "./support/fixtures.js";
import { createWorld, TODAY, type Res, type World } from "./support/world.js";
import { mulberry32 } from "./support/prng.js";

/**
 * The auditor [TB, lite]: a seeded-random sequence of operations through the HTTP API, many of them meant to be
 * refused, and after every step the rules that protect rights are re-checked in SQL against the whole register.
 * Then the same rules under concurrency: many requests at once on one connection, and on several connections.
 */


const SEED = 0x5eed2026;
const STEPS = 300;

async function rows(client: Client, sql: string, args: (string | number)[] = []) {
  return (await client.execute({ sql, args })).rows;
}

/** Every rule the register must keep whatever was asked of it; answers the list of violations (empty = sound). */
async function violations(client: Client): Promise<string[]> {
  const found: string[] = [];
  const report = (rule: string, offenders: unknown[]) => {
    if (offenders.length > 0) found.push(`${rule}: ${JSON.stringify(offenders)}`);
  };

  report("one active contract per plot", await rows(client, "SELECT plot_code, COUNT(*) AS n FROM contract_plots WHERE status = 'active' GROUP BY plot_code HAVING n > 1"));
  report(
    "one active granted homestead per household",
    await rows(client, "SELECT contractor_code, COUNT(*) AS n FROM homesteads WHERE status = 'active' AND origin = 'grant' GROUP BY contractor_code HAVING n > 1"),
  );
  report(
    "a second active homestead carries the multiple-homesteads annotation",
    await rows(
      client,
      `SELECT h.unit_number FROM homesteads h WHERE h.status = 'active' AND h.annotations_json NOT LIKE '%"multiple-homesteads"%'
         AND EXISTS (SELECT 1 FROM homesteads o WHERE o.contractor_code = h.contractor_code AND o.status = 'active' AND o.rowid < h.rowid)`,
    ),
  );
  report("a grant stays within its cap", await rows(client, "SELECT unit_number FROM homesteads WHERE origin = 'grant' AND max_area_m2_e2 IS NOT NULL AND area_m2_e2 > max_area_m2_e2"));
  report("one active membership per person and collective", await rows(client, "SELECT collective_code, person_id FROM memberships WHERE status = 'active' GROUP BY collective_code, person_id HAVING COUNT(*) > 1"));
  report("a person in one active household per collective", await rows(client, "SELECT collective_code, person_id FROM household_members WHERE status = 'active' GROUP BY collective_code, person_id HAVING COUNT(*) > 1"));

  // Equity: double entry (Σ of all accounts = 0), issued = persons + the collective's own, every holding = its ledger.
  report("Σ holdings of a collective = 0", await rows(client, "SELECT collective_code, SUM(shares_e4) AS total FROM equity_holdings GROUP BY collective_code HAVING total <> 0"));
  report(
    "−@issued = Σ person holdings + @collective",
    await rows(
      client,
      `SELECT i.collective_code, -i.shares_e4 AS issued, (SELECT COALESCE(SUM(h.shares_e4), 0) FROM equity_holdings h WHERE h.collective_code = i.collective_code AND h.account <> '@issued') AS held
         FROM equity_holdings i WHERE i.account = '@issued' AND -i.shares_e4 <> held`,
    ),
  );
  report("no holding below zero", await rows(client, "SELECT collective_code, account, shares_e4 FROM equity_holdings WHERE account <> '@issued' AND shares_e4 < 0"));
  const ledger = new Map<string, number>();
  for (const e of await rows(client, "SELECT collective_code, debit_account, credit_account, shares_e4 FROM equity_entries")) {
    const debit = `${e.collective_code}/${e.debit_account}`;
    const credit = `${e.collective_code}/${e.credit_account}`;
    ledger.set(debit, (ledger.get(debit) ?? 0) - Number(e.shares_e4));
    ledger.set(credit, (ledger.get(credit) ?? 0) + Number(e.shares_e4));
  }
  const cached = new Map((await rows(client, "SELECT collective_code, account, shares_e4 FROM equity_holdings")).map((h) => [`${h.collective_code}/${h.account}`, Number(h.shares_e4)]));
  const accounts = new Set([...ledger.keys(), ...cached.keys()]);
  report(
    "every holding = its balance recomputed from the entries",
    [...accounts].filter((a) => (ledger.get(a) ?? 0) !== (cached.get(a) ?? 0)).map((a) => ({ account: a, ledger: ledger.get(a) ?? 0, cached: cached.get(a) ?? null })),
  );

  // Households that split and merge: every plot under contract is under exactly one active contract, whose current
  // title and certificate say so; what a dissolved household held has moved on; a representative is a member.
  report("a plot's active link is to an active contract", await rows(client, "SELECT cp.plot_code FROM contract_plots cp JOIN land_contracts lc ON lc.contract_code = cp.contract_code WHERE cp.status = 'active' AND lc.status <> 'active'"));
  report("an active contract covers a plot", await rows(client, "SELECT contract_code FROM land_contracts lc WHERE status = 'active' AND NOT EXISTS (SELECT 1 FROM contract_plots WHERE contract_code = lc.contract_code AND status = 'active')"));
  report(
    "a contracted plot's current title names its household and contract",
    await rows(
      client,
      `SELECT cp.plot_code FROM contract_plots cp JOIN land_contracts lc ON lc.contract_code = cp.contract_code
         WHERE cp.status = 'active' AND NOT EXISTS (SELECT 1 FROM title_versions t WHERE t.kind = 'plot' AND t.subject = cp.plot_code
           AND t.recorded_to_ms IS NULL AND t.valid_to IS NULL AND t.holder = lc.contractor_code AND t.contract_code = lc.contract_code)`,
    ),
  );
  report(
    "an active homestead's current title names its household",
    await rows(
      client,
      `SELECT h.unit_number FROM homesteads h WHERE h.status = 'active' AND NOT EXISTS (SELECT 1 FROM title_versions t WHERE t.kind = 'homestead'
         AND t.subject = h.unit_number AND t.recorded_to_ms IS NULL AND t.valid_to IS NULL AND t.holder = h.contractor_code)`,
    ),
  );
  report(
    "an active contract or homestead has exactly one valid certificate, of its household",
    await rows(
      client,
      `SELECT r.code FROM (SELECT contract_code AS code, contractor_code AS holder, 'land-contract' AS kind FROM land_contracts WHERE status = 'active'
           UNION ALL SELECT unit_number, contractor_code, 'homestead' FROM homesteads WHERE status = 'active') r
         WHERE (SELECT COUNT(*) FROM certificates c WHERE c.kind = r.kind AND c.subject = r.code AND c.status = 'valid' AND c.holder = r.holder) <> 1`,
    ),
  );
  report(
    "a dissolved household holds no contract, homestead or member",
    await rows(
      client,
      `SELECT h.contractor_code FROM households h WHERE h.status = 'dissolved' AND (h.dissolved_on IS NULL
         OR EXISTS (SELECT 1 FROM land_contracts WHERE contractor_code = h.contractor_code AND status = 'active')
         OR EXISTS (SELECT 1 FROM homesteads WHERE contractor_code = h.contractor_code AND status = 'active')
         OR EXISTS (SELECT 1 FROM household_members WHERE contractor_code = h.contractor_code AND status = 'active'))`,
    ),
  );
  report(
    "an active household's representative is one of its active members",
    await rows(
      client,
      "SELECT h.contractor_code FROM households h WHERE h.status = 'active' AND NOT EXISTS (SELECT 1 FROM household_members m WHERE m.contractor_code = h.contractor_code AND m.person_id = h.representative_id AND m.status = 'active')",
    ),
  );

  report(
    "each journal stream numbered 1..n without gaps",
    await rows(client, "SELECT stream, COUNT(*) AS n, MIN(stream_seq) AS lo, MAX(stream_seq) AS hi FROM journal GROUP BY stream HAVING lo <> 1 OR hi <> n"),
  );
  return found;
}

/** Person holdings of VILLAGE over its charter cap (the cap is in force from registration and never changes here). */
async function overCap(client: Client, capPercent: string): Promise<unknown[]> {
  const holdings = await rows(client, "SELECT account, shares_e4 FROM equity_holdings WHERE collective_code = ?", [VILLAGE.code]);
  const issued = -Number(holdings.find((h) => h.account === "@issued")?.shares_e4 ?? 0);
  const cap = new Decimal(issued).times(capPercent).dividedBy(100);
  return holdings.filter((h) => !String(h.account).startsWith("@") && new Decimal(Number(h.shares_e4)).gt(cap));
}

/** Asserts the shape every answer must have: a 2xx, or a 4xx RFC 9457 problem; never a 5xx. */
function expectWellFormed(res: Res, what: string) {
  expect(res.status, `${what} → ${res.text}`).toBeLessThan(500);
  if (res.status >= 400) {
    expect(res.headers.get("content-type"), what).toMatch(/^application\/problem\+json/);
    expect(res.body?.code, `${what} → ${res.text}`).toMatch(/^[a-z_]+$/);
    expect(res.body?.status, what).toBe(res.status);
  } else {
    expect(res.status, `${what} → ${res.text}`).toBeGreaterThanOrEqual(200);
  }
}

describe(`a seeded-random sequence of ${STEPS} operations through the API (seed ${SEED})`, () => {
  const VILLAGE_CAP = "40";
  let world: World;
  let writes = 1; // the bootstrap admin token
  const outcomes = new Map<string, number>();

  /** Every request of this sequence goes through here: it is checked and counted. */
  async function call(op: string, method: string, path: string, body?: unknown, changes200 = op === "terminate" || op === "rules"): Promise<Res> {
    const res = await world.request(method, path, body === undefined ? {} : { body });
    expectWellFormed(res, `${op}: ${method} ${path} ${JSON.stringify(body)}`);
    // 201 = created; 200 is a harmless repeat of the same facts, except for the verbs that change a record.
    if (res.status === 201 || (res.status === 200 && changes200)) writes++;
    const key = `${op} ${res.status}${res.status >= 400 ? ` ${res.body.code}` : ""}`;
    outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    return res;
  }

  beforeAll(async () => {
    world = await createWorld();
  });
  afterAll(() => world.close());

  it("keeps every invariant after each step, answers only 2xx or 4xx problems, and journals exactly the writes", async () => {
    const random = mulberry32(SEED);
    const int = (n: number) => Math.floor(random() * n);
    const chance = (p: number) => random() < p;
    const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
    const shares = () => pick(["0.0001", "1", "2.5", "12.3456", "5000", `${1 + int(50)}.${String(int(10_000)).padStart(4, "0")}`]);

    const collectives = [VILLAGE, GROUP] as const;
    await call("collective", "POST", "/v1/collectives", { ...VILLAGE, rules: { homesteadMaxAreaM2: "200", equityHoldingCapPercent: VILLAGE_CAP } });
    await call("collective", "POST", "/v1/collectives", GROUP);
    // The resolutions the acts below reference (admissions other than original, issuances, rules changes).
    for (const c of collectives) {
      await call("resolution", "POST", `/v1/collectives/${c.code}/resolutions`, resolutionBody("成员确认决议", ["member-confirmation"]));
      await call("resolution", "POST", `/v1/collectives/${c.code}/resolutions`, resolutionBody("折股量化决议", ["equity-issuance"]));
    }
    await call("resolution", "POST", `/v1/collectives/${GROUP.code}/resolutions`, resolutionBody("章程修正案", ["rules-change"]));

    const people = new Map<number, string>(); // person index → id
    const plotFacts = new Map<string, Record<string, unknown>>();
    const householdFacts = new Map<string, Record<string, unknown>>();
    let nextUnit = 1;
    // What the answers so far say, used only to steer the choices towards requests that can succeed.
    const members = new Map<string, Set<string>>(collectives.map((c) => [c.code, new Set<string>()]));
    const housed = new Map<string, Set<string>>(collectives.map((c) => [c.code, new Set<string>()]));
    const someone = () => (people.size > 0 && chance(0.95) ? pick([...people.values()]) : "prs_nobody");
    const memberOf = (code: string, exclude: Set<string> = new Set()) => {
      const candidates = [...members.get(code)!].filter((p) => !exclude.has(p));
      return candidates.length > 0 && chance(0.85) ? pick(candidates) : someone();
    };
    const CHANGE_DATES = ["2026-11-20", "2026-11-25"];
    /** The household as the register answers it now (not counted: a read), or null. */
    const read = async (code: string) => {
      const res = await world.request("GET", `/v1/households/${code}`);
      return res.status === 200 ? res.body : null;
    };
    /** The registration body that repeats a household made by a split or merge (a repeat answers 200, unchanged). */
    const registrationOf = (h: { contractorCode: string; representativeId: string; members: { person: { id: string }; relation: string; relationCode: string; coHolder: boolean }[] }) => ({
      contractorCode: h.contractorCode,
      representativeId: h.representativeId,
      members: h.members.map((m) => ({ personId: m.person.id, relation: m.relation, relationCode: m.relationCode, coHolder: m.coHolder })),
    });
    const householdOf = (c: (typeof collectives)[number]) => {
      const known = [...householdFacts.keys()].filter((k) => k.startsWith(c.issuerCode));
      return known.length > 0 && chance(0.85) ? pick(known) : contractorCode(c.issuerCode, 1 + int(8));
    };
    const plotOf = (c: (typeof collectives)[number]) => {
      const known = [...plotFacts.keys()].filter((k) => k.startsWith(c.issuerCode));
      return known.length > 0 && chance(0.9) ? pick(known) : plotCode(c.issuerCode, 1 + int(12));
    };

    const ops: [number, string, () => Promise<void>][] = [
      [10, "person", async () => {
        const index = int(60);
        const res = await call("person", "POST", "/v1/persons", { idNumber: idNumber(index), name: chance(0.08) ? `别名${index}` : `成员${index}` });
        if (res.status < 300) people.set(index, res.body.id);
      }],
      [12, "admit", async () => {
        const c = pick(collectives);
        const joinedOn = chance(0.05) ? "2030-01-01" : `${2000 + int(26)}-0${1 + int(9)}-1${int(10)}`;
        const personId = someone();
        const basis = pick(["original", "birth", "marriage"]);
        const res = await call("admit", "POST", `/v1/collectives/${c.code}/members`, { personId, joinedOn, basis, ...(basis === "original" ? {} : { resolutionRef: "成员确认决议" }) });
        if (res.status === 201) members.get(c.code)!.add(personId);
      }],
      [5, "terminate", async () => {
        const c = pick(collectives);
        const reason = chance(0.1) ? "moved-hukou" : pick(["death", "voluntary-exit", "joined-other-collective", "charter"]);
        const personId = memberOf(c.code);
        const res = await call("terminate", "POST", `/v1/collectives/${c.code}/members/${personId}/termination`, { reason, effectiveOn: chance(0.1) ? "1999-01-01" : "2026-06-01" });
        if (res.status === 200) members.get(c.code)!.delete(personId);
      }],
      [8, "household", async () => {
        const c = pick(collectives);
        const code = contractorCode(c.issuerCode, 1 + int(8));
        const known = householdFacts.get(code);
        const taken = housed.get(c.code)!;
        const listed = [...new Set([memberOf(c.code, taken), ...(chance(0.4) ? [memberOf(c.code, taken)] : [])])];
        const body = known && chance(0.7)
          ? known
          : { contractorCode: code, representativeId: listed[0], members: listed.map((personId, i) => ({ personId, relation: i === 0 ? "head" : "spouse", coHolder: true })) };
        const res = await call("household", "POST", `/v1/collectives/${c.code}/households`, body);
        if (res.status === 201) {
          householdFacts.set(code, body);
          for (const p of listed) taken.add(p);
        }
      }],
      [8, "plot", async () => {
        const c = pick(collectives);
        const code = plotCode(c.issuerCode, 1 + int(12));
        const known = plotFacts.get(code);
        const body = known && chance(0.7)
          ? known
          : { plotCode: code, areaMu: `${1 + int(5)}.${String(int(100)).padStart(2, "0")}`, landUse: "cropping", boundaries: { east: "路", south: "渠", west: "张家", north: "李家" } };
        const res = await call("plot", "POST", `/v1/collectives/${c.code}/plots`, body);
        if (res.status === 201) plotFacts.set(code, body);
      }],
      [10, "contract", async () => {
        const c = pick(collectives);
        const contractor = householdOf(c);
        const plots = [...new Set(Array.from({ length: 1 + int(3) }, () => plotOf(c)))];
        await call("contract", "POST", `/v1/collectives/${c.code}/land-contracts`, {
          contractCode: contractor + (chance(0.8) ? "J" : "Q"),
          contractorCode: contractor,
          plotCodes: plots,
          startsOn: "1998-10-01",
          endsOn: "2028-09-30",
        });
      }],
      [8, "homestead", async () => {
        const c = pick(collectives);
        const unit = chance(0.9) ? nextUnit++ : 1 + int(nextUnit);
        await call("homestead", "POST", `/v1/collectives/${c.code}/homesteads`, {
          unitNumber: unitNumber(c.regionCode, unit),
          contractorCode: householdOf(c),
          areaM2: `${100 + int(160)}.${String(int(100)).padStart(2, "0")}`,
          approvedOn: "2020-05-01",
          origin: chance(0.7) ? "grant" : "existing",
        });
      }],
      [14, "issuance", async () => {
        const c = pick(collectives);
        const allocations = Array.from({ length: 1 + int(3) }, () => ({ personId: memberOf(c.code), shareClass: pick(["population", "seniority"]), shares: chance(0.04) ? "0" : shares() }));
        await call("issuance", "POST", `/v1/collectives/${c.code}/equity/issuances`, {
          resolutionRef: "折股量化决议",
          allocations,
          ...(chance(0.7) ? { collectiveShares: `${100 + int(400)}` } : {}),
        });
      }],
      [3, "token", async () => {
        const body = chance(0.5) ? { role: "bureau", regionPrefix: pick(["37", "3710", "371083"]) } : { role: "holder", personId: someone() };
        await call("token", "POST", "/v1/tokens", body);
      }],
      [2, "rules", async () => {
        await call("rules", "PUT", `/v1/collectives/${GROUP.code}/rules`, {
          rules: { equityHoldingCapPercent: pick([null, "10", "50"]), homesteadMaxAreaM2: pick([null, "150", "250"]) },
          resolutionRef: "章程修正案",
          effectiveOn: TODAY,
        });
      }],
    ];
    const totalWeight = ops.reduce((s, [w]) => s + w, 0);
    const nextOp = () => {
      let r = int(totalWeight);
      for (const op of ops) if ((r -= op[0]) < 0) return op;
      return ops[0]!;
    };

    // Household changes — members join and leave, the representative changes, households split and merge — draw from
    // a stream of their own between the core steps, so the core sequence draws exactly what it drew before them.
    const changeRandom = mulberry32(SEED ^ 0x0a11ce);
    const cInt = (n: number) => Math.floor(changeRandom() * n);
    const cChance = (p: number) => changeRandom() < p;
    const cPick = <T>(items: readonly T[]): T => items[cInt(items.length)]!;
    const cSomeone = () => (people.size > 0 && cChance(0.95) ? cPick([...people.values()]) : "prs_nobody");
    const cMemberOf = (code: string, exclude: Set<string> = new Set()) => {
      const candidates = [...members.get(code)!].filter((p) => !exclude.has(p));
      return candidates.length > 0 && cChance(0.85) ? cPick(candidates) : cSomeone();
    };
    const cHouseholdOf = (c: (typeof collectives)[number]) => {
      const known = [...householdFacts.keys()].filter((k) => k.startsWith(c.issuerCode));
      return known.length > 0 && cChance(0.85) ? cPick(known) : contractorCode(c.issuerCode, 1 + cInt(8));
    };
    const changeOps: [number, string, () => Promise<void>][] = [
      [4, "join", async () => {
        const c = cPick(collectives);
        const personId = cMemberOf(c.code, housed.get(c.code)!);
        const res = await call("join", "POST", `/v1/households/${cHouseholdOf(c)}/members`, {
          personId,
          relation: cPick(["son", "daughter", "spouse", "grandchild"]),
          coHolder: cChance(0.5),
          joinedOn: cPick(CHANGE_DATES),
          reason: cPick(["birth", "marriage", "adoption", "other"]),
        });
        if (res.status === 201) housed.get(c.code)!.add(personId);
      }],
      [3, "leave", async () => {
        const c = cPick(collectives);
        const code = cHouseholdOf(c);
        const household = await read(code);
        const active: string[] = household ? household.members.map((m: { person: { id: string } }) => m.person.id).filter((p: string) => p !== household.representativeId || cChance(0.2)) : [];
        const personId = active.length > 0 && cChance(0.9) ? cPick(active) : cSomeone();
        // A 200 for someone who was an active member is a departure; for anyone else it could only be a repeat.
        const res = await call("leave", "POST", `/v1/households/${code}/members/${personId}/departure`, { leftOn: cPick(CHANGE_DATES), reason: cPick(["death", "marriage-out", "joined-other-household", "other"]) }, active.includes(personId));
        if (res.status === 200) housed.get(c.code)!.delete(personId);
      }],
      [2, "representative", async () => {
        const c = cPick(collectives);
        const code = cHouseholdOf(c);
        const household = await read(code);
        const personId = household && cChance(0.9) ? cPick(household.members.map((m: { person: { id: string } }) => m.person.id) as string[]) : cSomeone();
        await call("representative", "POST", `/v1/households/${code}/representative`, { personId, changedOn: cPick(CHANGE_DATES) }, household !== null && personId !== household.representativeId);
      }],
      [6, "split", async () => {
        const c = cPick(collectives);
        // Steer towards households that can split: two or more members, representatives who are still members.
        let code = cHouseholdOf(c);
        let household = await read(code);
        for (let i = 0; i < 4 && (!household || household.members.length < 2); i++) household = await read((code = cHouseholdOf(c)));
        const isMember = (p: string) => (members.get(c.code)!.has(p) ? 1 : 0);
        const listed: string[] = household ? household.members.map((m: { person: { id: string } }) => m.person.id).sort((a: string, b: string) => isMember(b) - isMember(a)) : [cSomeone(), cSomeone()];
        const plots: string[] = [];
        for (const contract of household?.landContracts ?? []) plots.push(...(await world.request("GET", `/v1/land-contracts/${contract}`)).body.plots.map((p: { plotCode: string }) => p.plotCode));
        const units: string[] = household?.homesteads ?? [];
        const into = [0, 1].map((i) => ({ contractorCode: contractorCode(c.issuerCode, 1 + cInt(16)), representativeId: "", members: [] as unknown[], plotCodes: [] as string[], ...(units[i] ? { homestead: units[i] } : {}) }));
        // Mostly a partition of everything the household has; now and then a member or a plot is forgotten.
        listed.forEach((personId, i) => {
          if (cChance(0.04)) return;
          const part = into[i < 2 ? i : cInt(2)]!;
          part.members.push({ personId, relation: part.members.length === 0 ? "head" : "other-relative", coHolder: true });
          if (part.members.length === 1) part.representativeId = personId;
        });
        for (const plot of plots) if (!cChance(0.05)) into[cInt(2)]!.plotCodes.push(plot);
        const res = await call("split", "POST", `/v1/households/${code}/split`, { splitOn: cPick(CHANGE_DATES), agreementRef: "分户协议", into });
        if (res.status === 201)
          for (const h of res.body.households) householdFacts.set(h.contractorCode, registrationOf(h));
      }],
      [6, "merge", async () => {
        const c = cPick(collectives);
        const x = cHouseholdOf(c);
        const others = [...householdFacts.keys()].filter((k) => k.startsWith(c.issuerCode) && k !== x);
        const y = others.length > 0 && cChance(0.9) ? cPick(others) : cHouseholdOf(c);
        const household = await read(x);
        const into = cChance(0.7) ? x : contractorCode(c.issuerCode, 1 + cInt(16));
        const representativeId = household && household.members.length > 0 && cChance(0.9) ? cPick(household.members.map((m: { person: { id: string } }) => m.person.id) as string[]) : cSomeone();
        const res = await call("merge", "POST", "/v1/households/merge", { collectiveCode: c.code, from: [x, y], into: { contractorCode: into, representativeId }, mergedOn: cPick(CHANGE_DATES), agreementRef: "合户协议" });
        if (res.status === 201) householdFacts.set(res.body.household.contractorCode, registrationOf(res.body.household));
      }],
    ];
    const changeWeight = changeOps.reduce((s, [w]) => s + w, 0);
    const nextChange = () => {
      let r = cInt(changeWeight);
      for (const op of changeOps) if ((r -= op[0]) < 0) return op;
      return changeOps[0]!;
    };

    for (let step = 1; step <= STEPS; step++) {
      const [, coreName, run] = nextOp();
      await run();
      let name = coreName;
      if (cChance(0.3)) {
        const [, changeName, change] = nextChange();
        await change();
        name = `${coreName}, then ${changeName}`;
      }
      const client = world.tdb.client;
      expect(await violations(client), `after step ${step} (${name})`).toEqual([]);
      expect(await overCap(client, VILLAGE_CAP), `holdings over the ${VILLAGE_CAP}% cap of ${VILLAGE.code} after step ${step}`).toEqual([]);
      const journalRows = Number((await rows(client, "SELECT COUNT(*) AS n FROM journal"))[0]!.n);
      expect(journalRows, `journal rows after step ${step} (${name}); outcomes so far ${JSON.stringify([...outcomes])}`).toBe(writes);
    }

    // The sequence reached the rules it is about: each was both kept by acceptance and enforced by refusal.
    const seen = [...outcomes.keys()];
    for (const expected of [
      "person 201",
      "person 200",
      "admit 201",
      "household 201",
      "plot 201",
      "plot 200",
      "contract 201",
      "contract 409 plot_already_contracted",
      "homestead 201",
      "homestead 409 household_already_has_homestead",
      "homestead 409 homestead_area_exceeds_cap",
      "issuance 201",
      "issuance 409 allocation_to_non_member",
      "issuance 409 holding_cap_exceeded",
      "terminate 200",
      "split 201",
      "merge 201",
      "join 201",
      "leave 200",
      "representative 200",
    ]) {
      expect(seen, `outcome "${expected}" never happened in ${JSON.stringify([...outcomes])}`).toContain(expected);
    }
  });
});

describe("concurrent writes on one collective", () => {
  let world: World;
  beforeAll(async () => {
    world = await createWorld();
    await registerCollective(world, VILLAGE);
  });
  afterAll(() => world.close());

  it("lands 30 simultaneous issuances, half of them refused, exactly: the cap table is the sum of those answered 201", async () => {
    const members: string[] = [];
    for (let i = 0; i < 15; i++) members.push((await member(world, VILLAGE.code, i)).id);
    const outsider = (await registerPerson(world, 100)).id;
    for (let i = 0; i < 30; i++) await recordResolution(world, VILLAGE.code, ["equity-issuance"], { ref: `决议${i}` });
    const headBefore = Number((await rows(world.tdb.client, "SELECT COUNT(*) AS n FROM journal WHERE stream = ?", [VILLAGE.code]))[0]!.n);

    // Request i gives member i%15 exactly (i+1).0001 shares; the odd ones also name a non-member, so must write nothing.
    const requests = Array.from({ length: 30 }, (_, i) => {
      const allocations = [{ personId: members[i % 15]!, shareClass: i < 15 ? "population" : "seniority", shares: `${i + 1}.0001` }];
      if (i % 2 === 1) allocations.push({ personId: outsider, shareClass: "population", shares: "1" });
      return world.request("POST", `/v1/collectives/${VILLAGE.code}/equity/issuances`, { body: { resolutionRef: `决议${i}`, allocations } });
    });
    const answers = await Promise.all(requests);

    const expected = new Map<string, Decimal>();
    let total = new Decimal(0);
    let landed = 0;
    answers.forEach((res, i) => {
      expectWellFormed(res, `issuance ${i}`);
      if (i % 2 === 1) {
        expect(res.body.code, res.text).toBe("allocation_to_non_member");
        return;
      }
      if (res.status === 409) {
        expect(res.body.code, res.text).toBe("write_conflict");
        return;
      }
      expect(res.status, res.text).toBe(201);
      landed++;
      const person = members[i % 15]!;
      expected.set(person, (expected.get(person) ?? new Decimal(0)).plus(`${i + 1}.0001`));
      total = total.plus(`${i + 1}.0001`);
    });
    expect(landed).toBeGreaterThan(0);

    const table = (await world.request("GET", `/v1/collectives/${VILLAGE.code}/equity`)).body;
    expect(table.totalShares).toBe(total.toString());
    expect(Object.fromEntries(table.holdings.map((h: { personId: string; shares: string }) => [h.personId, h.shares]))).toEqual(
      Object.fromEntries([...expected].map(([p, s]) => [p, s.toString()])),
    );
    expect(table.holdings.map((h: { personId: string }) => h.personId)).not.toContain(outsider);
    const entries = await rows(world.tdb.client, "SELECT COUNT(*) AS n FROM equity_entries WHERE collective_code = ?", [VILLAGE.code]);
    expect(Number(entries[0]!.n)).toBe(landed);
    const journal = await rows(world.tdb.client, "SELECT stream_seq FROM journal WHERE stream = ? ORDER BY stream_seq", [VILLAGE.code]);
    expect(journal.map((r) => Number(r.stream_seq))).toEqual(Array.from({ length: headBefore + landed }, (_, i) => i + 1));
    expect(await violations(world.tdb.client)).toEqual([]);
  });
});

describe("concurrent writes from separate connections", () => {
  let world: World;
  let apps: App[];
  let households: string[];
  beforeAll(async () => {
    world = await createWorld();
    await registerCollective(world, VILLAGE);
    households = [];
    for (let i = 1; i <= 5; i++) {
      const person = await member(world, VILLAGE.code, i);
      await registerHousehold(world, VILLAGE, i, [{ personId: person.id }]);
      households.push(contractorCode(VILLAGE.issuerCode, i));
    }
    for (let seq = 1; seq <= 8; seq++) await registerPlot(world, VILLAGE, seq);
    // Four more processes on the same file, each configured as server.ts configures its connection.
    apps = [world.app];
    for (let i = 0; i < 4; i++) {
      const client = world.tdb.connect();
      await client.execute("PRAGMA busy_timeout = 5000");
      apps.push(createApp({ db: createDb(client), clock: world.clock, ids: createIdFactory(() => world.clock.nowMs()), keyring: await testKeyring() }));
    }
  });
  afterAll(() => world.close());

  async function post(app: App, path: string, body: unknown): Promise<Res> {
    const res = await app.request(path, { method: "POST", headers: { Authorization: `Bearer ${world.adminToken}`, "Content-Type": "application/json" }, body: JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, body: text ? JSON.parse(text) : null };
  }

  const contract = (household: string, plots: number[]) => ({
    contractCode: household + "J",
    contractorCode: household,
    plotCodes: plots.map((s) => plotCode(VILLAGE.issuerCode, s)),
    startsOn: "1998-10-01",
    endsOn: "2028-09-30",
  });

  it("lets exactly one of five contracts over the same plots win; the others get 409 and write nothing", async () => {
    const answers = await Promise.all(apps.map((app, i) => post(app, `/v1/collectives/${VILLAGE.code}/land-contracts`, contract(households[i]!, [1, 2, 3]))));
    answers.forEach((res, i) => expectWellFormed(res, `connection ${i}`));
    const winners = answers.filter((r) => r.status === 201);
    expect(winners).toHaveLength(1);
    for (const res of answers.filter((r) => r.status !== 201)) {
      expect(res.status, res.text).toBe(409);
      expect(["plot_already_contracted", "write_conflict"]).toContain(res.body.code);
    }
    const links = await rows(world.tdb.client, "SELECT contract_code, plot_code FROM contract_plots WHERE status = 'active' AND plot_code IN (?, ?, ?) ORDER BY plot_code", [1, 2, 3].map((s) => plotCode(VILLAGE.issuerCode, s)));
    expect(links.map((l) => l.contract_code)).toEqual([winners[0]!.body.contractCode, winners[0]!.body.contractCode, winners[0]!.body.contractCode]);
    const contracts = await rows(world.tdb.client, "SELECT contract_code FROM land_contracts WHERE contract_code IN (" + households.map(() => "?").join(",") + ")", households.map((h) => h + "J"));
    expect(contracts.map((c) => c.contract_code)).toEqual([winners[0]!.body.contractCode]);
    expect(await violations(world.tdb.client)).toEqual([]);
  });

  it("keeps overlapping contracts atomic: every contract that landed holds all its plots, and no plot has two", async () => {
    // Households 1–5 (one of them already holds plots 1–3) each ask for two plots; neighbours overlap by one.
    const asks = apps.map((app, i) => ({ app, household: households[i]!, plots: [4 + i, 5 + i].map((s) => (s > 8 ? s - 5 : s)) }));
    const answers = await Promise.all(asks.map((a) => post(a.app, `/v1/collectives/${VILLAGE.code}/land-contracts`, contract(a.household, a.plots))));
    answers.forEach((res, i) => expectWellFormed(res, `connection ${i}`));
    for (const res of answers.filter((r) => r.status >= 400)) {
      expect(res.status, res.text).toBe(409);
      expect(["plot_already_contracted", "contract_already_registered", "write_conflict"]).toContain(res.body.code);
    }
    for (const [i, res] of answers.entries()) {
      if (res.status !== 201) continue;
      const held = await rows(world.tdb.client, "SELECT plot_code FROM contract_plots WHERE contract_code = ? AND status = 'active' ORDER BY plot_code", [res.body.contractCode]);
      expect(held.map((h) => h.plot_code)).toEqual(asks[i]!.plots.map((s) => plotCode(VILLAGE.issuerCode, s)).sort());
    }
    expect(await violations(world.tdb.client)).toEqual([]);
  });

  it("registers the same new plot once when five connections send the same facts, and refuses other facts with 409", async () => {
    const facts = (areaMu: string) => ({ plotCode: plotCode(VILLAGE.issuerCode, 20), areaMu, landUse: "cropping", boundaries: { east: "路", south: "渠", west: "张家", north: "李家" } });
    const same = await Promise.all(apps.map((app) => post(app, `/v1/collectives/${VILLAGE.code}/plots`, facts("1.25"))));
    same.forEach((res, i) => expectWellFormed(res, `connection ${i}`));
    expect(same.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201]);

    const other = await Promise.all(apps.map((app, i) => post(app, `/v1/collectives/${VILLAGE.code}/plots`, { ...facts("1.25"), plotCode: plotCode(VILLAGE.issuerCode, 21), areaMu: `2.${i}` })));
    other.forEach((res, i) => expectWellFormed(res, `connection ${i}`));
    expect(other.filter((r) => r.status === 201)).toHaveLength(1);
    for (const res of other.filter((r) => r.status !== 201)) expect([res.status, res.body.code]).toEqual([409, "plot_already_registered"]);
    const stored = await rows(world.tdb.client, "SELECT COUNT(*) AS n FROM plots WHERE plot_code IN (?, ?)", [plotCode(VILLAGE.issuerCode, 20), plotCode(VILLAGE.issuerCode, 21)]);
    expect(Number(stored[0]!.n)).toBe(2);
    expect(await violations(world.tdb.client)).toEqual([]);
  });
});
