import { mkdtempSync, rmSync } from "node:fs";
import { testKeyring } from "./support/keys.js";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient, type Client } from "@libsql/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp, type App } from "../src/app.js";
import { addMonths } from "../src/domain/applications.js";
import { legalDateOf } from "../src/lib/clock.js";
import { createIdFactory } from "../src/lib/ids.js";
import { createDb } from "../src/storage/db.js";
import { contractorCode, idNumber, plotCode, resolutionBody, unitNumber, VILLAGE } from "./support/fixtures.js";
import { createWorld, type Res, type World } from "./support/world.js";
import { mulberry32 } from "./support/prng.js";
import { freePort, ServerProcesses } from "./support/server-process.js";

/**
 * The concurrency test: several instances of the registry, each over its own connection to the same
 * database file, apply for transfers and withdrawals of the same shares, plots and homesteads all at once, then
 * approve and pay them all at once, with duplicate payments racing each other. Afterwards the register is audited
 * in SQL: nothing promised twice, nothing held twice, nothing registered twice, nothing lost.
 *
 * It runs twice over: on six app instances in this process (each with its own @libsql/client, as the invariants
 * test does), and on three `src/server.ts` processes, where the requests really run at the same time.
 */
const OPEN = "('pending-consent','in-notice','objected','approved')";
/** Each seed orders the requests differently, so that different requests win each race. */
const SEEDS = [0x7a11, 0xbeef, 0x2026];


function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Where the requests go: `instances` registries on one database file, and a client to audit that file. */
interface Target {
  instances: number;
  send(instance: number, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Res>;
  client: Client;
  /** Today in China Standard Time, on the registries' clock. */
  today(): string;
}

interface Register {
  people: string[]; // A..F: members 1..6, 10 shares each
  households: string[]; // H1..H6: households 1..6, person i the only member of Hi
}

const plot = (seq: number) => plotCode(VILLAGE.issuerCode, seq);
const unit = (seq: number) => unitNumber(VILLAGE.regionCode, seq);

async function rows(client: Client, sql: string, args: (string | number)[] = []) {
  return (await client.execute({ sql, args })).rows;
}

/**
 * Through instance 0, as a clerk would: one collective with a 0-day notice; members A..F with 10 shares each and
 * the collective 40; H1 contracting plots 1–4, H2 plots 5–8; H1 and H2 each with a granted homestead.
 */
async function buildRegister(t: Target): Promise<Register> {
  const post = async (path: string, body: unknown) => {
    const res = await t.send(0, "POST", path, body);
    expect(res.status, `${path} ${res.text}`).toBe(201);
    return res.body;
  };
  await post("/v1/collectives", { ...VILLAGE, rules: { noticeDays: 0 } });
  const people: string[] = [];
  const households: string[] = [];
  for (let i = 1; i <= 6; i++) {
    const person = await post("/v1/persons", { idNumber: idNumber(i), name: `成员${i}` });
    await post(`/v1/collectives/${VILLAGE.code}/members`, { personId: person.id, joinedOn: "2020-01-01", basis: "original" });
    const household = contractorCode(VILLAGE.issuerCode, i);
    await post(`/v1/collectives/${VILLAGE.code}/households`, { contractorCode: household, representativeId: person.id, members: [{ personId: person.id, relation: "head", coHolder: true }] });
    people.push(person.id);
    households.push(household);
  }
  await post(`/v1/collectives/${VILLAGE.code}/resolutions`, resolutionBody("折股量化决议", ["equity-issuance"]));
  await post(`/v1/collectives/${VILLAGE.code}/equity/issuances`, {
    resolutionRef: "折股量化决议",
    allocations: people.map((personId) => ({ personId, shareClass: "population", shares: "10" })),
    collectiveShares: "40",
  });
  for (let seq = 1; seq <= 8; seq++) {
    await post(`/v1/collectives/${VILLAGE.code}/plots`, { plotCode: plot(seq), areaMu: "1.50", landUse: "cropping", boundaries: { east: "路", south: "渠", west: "张家", north: "李家" } });
  }
  for (const [household, plots] of [[households[0]!, [1, 2, 3, 4]], [households[1]!, [5, 6, 7, 8]]] as const) {
    await post(`/v1/collectives/${VILLAGE.code}/land-contracts`, { contractCode: household + "J", contractorCode: household, plotCodes: plots.map(plot), startsOn: "1998-10-01", endsOn: "2028-09-30" });
  }
  for (const [seq, household] of [[1, households[0]!], [2, households[1]!]] as const) {
    await post(`/v1/collectives/${VILLAGE.code}/homesteads`, { unitNumber: unit(seq), contractorCode: household, areaM2: "150.00", approvedOn: "2015-04-01", origin: "grant" });
  }
  return { people, households };
}

/** Every answer is a 2xx, or a 409/422 RFC 9457 problem: never a 5xx, never a malformed refusal. */
function expectWellFormed(res: Res, what: string) {
  expect([200, 201, 409, 422], `${what} → ${res.status} ${res.text}`).toContain(res.status);
  if (res.status >= 400) {
    expect(res.headers.get("content-type"), what).toMatch(/^application\/problem\+json/);
    expect(res.body, what).toMatchObject({ status: res.status, code: expect.stringMatching(/^[a-z_]+$/) });
  }
}

/**
 * Sends every request at once; those refused with write_conflict (nothing written, "retry the request") are sent
 * again, as a client would, until none is. Answers every answer received, in order, per request.
 */
async function race<T>(requests: T[], fire: (request: T, index: number, round: number) => Promise<Res>): Promise<Res[][]> {
  const answers: Res[][] = requests.map(() => []);
  let pending = requests.map((_, i) => i);
  for (let round = 0; pending.length > 0; round++) {
    expect(round, "write_conflict answered forever").toBeLessThan(20);
    const batch = await Promise.all(pending.map((i) => fire(requests[i]!, i, round)));
    batch.forEach((res, k) => answers[pending[k]!]!.push(res));
    pending = pending.filter((_, k) => batch[k]!.status === 409 && batch[k]!.body.code === "write_conflict");
  }
  return answers;
}
const last = (answers: Res[]) => answers[answers.length - 1]!;

/** The whole story on one target: apply at once, approve at once, pay at once (with twins), then audit. */
async function settleAtOnce(t: Target, register: Register, seed: number) {
  const { people, households } = register;
  const [A, B] = [0, 1];
  const today = t.today();
  const base = { collectiveCode: VILLAGE.code, agreementSignedOn: today };
  const equityTransfer = (from: number, to: number, shares: string) => ({
    path: "/v1/transfers",
    body: { ...base, kind: "equity", from: { personId: people[from]! }, to: { personId: people[to]! }, shares, price: `${Number(shares) * 6000}.00` },
  });
  const equityWithdrawal = (from: number, shares: string) => ({
    path: "/v1/withdrawals",
    body: { ...base, kind: "equity", from: { personId: people[from]! }, shares, compensation: `${Number(shares) * 5000}.00` },
  });
  const landTransfer = (from: number, to: number, plots: number[]) => ({
    path: "/v1/transfers",
    body: { ...base, kind: "land-contract", from: { contractorCode: households[from]! }, to: { contractorCode: households[to]! }, plotCodes: plots.map(plot), price: "20000.00" },
  });
  const landWithdrawal = (from: number, plots: number[]) => ({
    path: "/v1/withdrawals",
    body: { ...base, kind: "land-contract", from: { contractorCode: households[from]! }, plotCodes: plots.map(plot), compensation: "18000.00", writtenNoticeOn: addMonths(today, -7) },
  });
  const homesteadTransfer = (from: number, to: number, seq: number) => ({
    path: "/v1/transfers",
    body: { ...base, kind: "homestead", from: { contractorCode: households[from]! }, to: { contractorCode: households[to]! }, unitNumber: unit(seq), price: "90000.00" },
  });
  const homesteadWithdrawal = (from: number, seq: number) => ({
    path: "/v1/withdrawals",
    body: { ...base, kind: "homestead", from: { contractorCode: households[from]! }, unitNumber: unit(seq), compensation: "60000.00" },
  });

  // Phase 1: dozens of applications at once. A's 10 shares are asked for 3 at a time (16 times) and 2 at a time
  // (8 withdrawals); B's 4 at a time (8 times); H1's plots in overlapping sets to every other household; H2's
  // plots back to the collective; both homesteads to several households at once, and H2's back to the collective.
  const random = mulberry32(seed);
  const asks = shuffled(
    [
      ...Array.from({ length: 16 }, (_, i) => equityTransfer(A, 1 + (i % 5), "3")),
      ...Array.from({ length: 8 }, () => equityWithdrawal(A, "2")),
      ...Array.from({ length: 8 }, (_, i) => equityTransfer(B, [0, 2, 3, 4, 5][i % 5]!, "4")),
      ...[[1, 2], [2, 3], [3, 4], [1], [4], [1, 2, 3, 4], [2], [3]].flatMap((plots, i) => [landTransfer(0, 1 + (i % 5), plots), landTransfer(0, 1 + ((i + 2) % 5), plots)]),
      ...[[5, 6], [7, 8], [6, 7]].flatMap((plots) => [landWithdrawal(1, plots), landWithdrawal(1, plots)]),
      ...[2, 3, 4, 5, 2, 3].map((to) => homesteadTransfer(0, to, 1)),
      ...[2, 3, 4, 5].map((to) => homesteadTransfer(1, to, 2)),
      homesteadWithdrawal(1, 2),
      homesteadWithdrawal(1, 2),
    ],
    random,
  );
  const applied = await race(asks, (ask, i, round) => t.send((i + round) % t.instances, "POST", ask.path, ask.body));
  const accepted: { type: "transfers" | "withdrawals"; id: string; kind: string; amount: string; noticeEndsOn: string }[] = [];
  applied.forEach((answers, i) => {
    for (const res of answers) expectWellFormed(res, `application ${i}`);
    const res = last(answers);
    if (res.status === 201) {
      const type = asks[i]!.path === "/v1/transfers" ? "transfers" : "withdrawals";
      accepted.push({ type, id: res.body.id, kind: res.body.kind, amount: res.body.price ?? res.body.compensation, noticeEndsOn: res.body.notice.endsOn });
    } else expect(["insufficient_shares", "plot_in_pending_application", "homestead_in_pending_application"], res.text).toContain(res.body.code);
  });
  // Some of each kind got through, and not all: the subjects were asked for more than once.
  expect(new Set(accepted.map((a) => a.kind))).toEqual(new Set(["equity", "land-contract", "homestead"]));
  expect(accepted.length).toBeLessThan(asks.length);
  expect(await violations(t.client)).toEqual([]);

  // Phase 2: every accepted application approved at once, from different instances (0 days: the notice ends the
  // day it starts).
  const approvals = await race(accepted, (a, i, round) =>
    t.send((i + round) % t.instances, "POST", `/v1/${a.type}/${a.id}/approval`, { resolutionRef: "理事会决定〔2026〕12号", decidedOn: a.noticeEndsOn }),
  );
  approvals.forEach((answers, i) => {
    for (const res of answers) expectWellFormed(res, `approval of ${accepted[i]!.id}`);
    expect(last(answers).status, last(answers).text).toBe(200);
    expect(last(answers).body.status).toBe("approved");
  });

  // Phase 3: every application paid four times at once from four instances: half of them by four plain
  // requests, the other half by four retries of one request under one Idempotency-Key.
  const COPIES = 4;
  const keyed = (i: number) => i % 2 === 1;
  const payments = shuffled(
    accepted.flatMap((a, i) => Array.from({ length: COPIES }, (_, copy) => ({ a, instance: (i + copy) % t.instances, key: keyed(i) ? `pay-${a.id}` : null }))),
    random,
  );
  const paid = await race(payments, (p) =>
    t.send(p.instance, "POST", `/v1/${p.a.type}/${p.a.id}/payment`, { amount: p.a.amount, paidOn: p.a.noticeEndsOn, reference: `银行流水 ${p.a.id}` }, p.key ? { "Idempotency-Key": p.key } : {}),
  );

  let successes = 0; // 200 answers, counting the replays of one key once
  for (const [i, a] of accepted.entries()) {
    const mine = payments.flatMap((p, k) => (p.a.id === a.id ? [last(paid[k]!)] : []));
    const story = mine.map((res) => `${res.status} ${res.body?.code ?? ""}`).join(", ");
    for (const res of mine) expectWellFormed(res, `payment of ${a.id}`);
    const ok = mine.filter((res) => res.status === 200);
    if (keyed(i)) {
      // One request sent four times: one answer, four times; the first as it happened, the others replayed. A refusal
      // is not stored (each copy is judged afresh, with its own request id): the same refusal four times.
      const answer = (res: (typeof mine)[number]) => (res.status === 200 ? res.text : JSON.stringify({ ...res.body, requestId: undefined, instance: undefined }));
      expect(mine.map(answer), `keyed payments of ${a.id}: ${story}`).toEqual(Array(COPIES).fill(answer(mine[0]!)));
      if (ok.length > 0) expect(mine.filter((res) => res.headers.get("idempotency-replayed") === "true"), story).toHaveLength(COPIES - 1);
      successes += ok.length > 0 ? 1 : 0;
    } else {
      // Four payments of one application: one registers it, the others find it closed.
      expect(ok.length, `payments of ${a.id}: ${story}`).toBeLessThanOrEqual(1);
      successes += ok.length;
    }
    for (const res of mine.filter((r) => r.status !== 200)) {
      // Refused: a twin registered it, or the world changed during the notice (eligibility is checked again).
      expect(["application_already_closed", "receiver_has_homestead"], res.text).toContain(res.body.code);
    }
    const [row] = await rows(t.client, "SELECT status FROM applications WHERE id = ?", [a.id]);
    expect(row!.status, story).toBe(ok.length > 0 ? "registered" : "approved");
    if (ok.length > 0) expect(ok[0]!.body).toMatchObject({ id: a.id, status: "registered", payment: { amount: a.amount, paidOn: a.noticeEndsOn } });
  }
  // As many registrations as payments that succeeded, and at least some did.
  const registered = await rows(t.client, "SELECT COUNT(*) AS n FROM applications WHERE status = 'registered'");
  expect(Number(registered[0]!.n)).toBe(successes);
  expect(successes).toBeGreaterThan(0);

  expect(await violations(t.client)).toEqual([]);
  expect(await registerMatchesRegistrations(t.client, register)).toEqual([]);
}

describe.each(SEEDS)("six app instances on separate connections settle transfers and withdrawals of the same shares, plots and homesteads (order seed %i)", (seed) => {
  let world: World;
  let target: Target;
  beforeAll(async () => {
    world = await createWorld();
    // Five more instances on the same file, each with its own client, configured as server.ts configures its own.
    // They share the tokens table, so the world's admin token works on every one of them.
    const apps: App[] = [world.app];
    for (let i = 1; i < 6; i++) {
      const client = world.tdb.connect();
      await client.execute("PRAGMA busy_timeout = 5000");
      apps.push(createApp({ db: createDb(client), clock: world.clock, ids: createIdFactory(() => world.clock.nowMs()), keyring: await testKeyring() }));
    }
    target = {
      instances: apps.length,
      client: world.tdb.client,
      today: () => world.clock.today(),
      async send(instance, method, path, body, headers = {}) {
        const res = await apps[instance]!.request(path, {
          method,
          headers: { Authorization: `Bearer ${world.adminToken}`, "Content-Type": "application/json", ...headers },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await res.text();
        return { status: res.status, headers: res.headers, text, body: text ? JSON.parse(text) : null };
      },
    };
  });
  afterAll(() => world.close());

  it("promises nothing twice, registers each success exactly once, and keeps every holding whole", async () => {
    await settleAtOnce(target, await buildRegister(target), seed);
  });
});

describe("three server processes on one database file settle transfers and withdrawals of the same shares, plots and homesteads", () => {
    const dir = mkdtempSync(join(tmpdir(), "registry-concurrency-"));
  const databaseUrl = `file:${join(dir, "registry.db")}`;
  const ADMIN = "concurrency-admin-token-0123456789";
  const servers = new ServerProcesses();
  const ports: number[] = [];
  let client: Client;
  afterAll(() => {
    client?.close();
    servers.stopAll();
    rmSync(dir, { recursive: true, force: true });
  });



  beforeAll(async () => {
    for (let i = 0; i < 3; i++) {
      ports.push(await freePort());
      await servers.start({ PORT: String(ports[i]!), DATABASE_URL: databaseUrl, REGISTRY_ADMIN_TOKEN: ADMIN, REGISTRY_DATA_DIR: join(dir, "data") });
    }
    client = createClient({ url: databaseUrl });
  }, 60_000);

  it("promises nothing twice, registers each success exactly once, keeps every holding whole, and never answers 500", async () => {
    const target: Target = {
      instances: ports.length,
      client,
      today: () => legalDateOf(Date.now()),
      async send(instance, method, path, body, headers = {}) {
        const res = await fetch(`http://127.0.0.1:${ports[instance]}${path}`, {
          method,
          headers: { Authorization: `Bearer ${ADMIN}`, "Content-Type": "application/json", ...headers },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await res.text();
        return { status: res.status, headers: res.headers, text, body: text ? JSON.parse(text) : null };
      },
    };
    await settleAtOnce(target, await buildRegister(target), SEEDS[0]!);
  }, 60_000);
});

/** The rules the register keeps whatever the interleaving; answers the violations (empty = sound). */
async function violations(client: Client): Promise<string[]> {
  const found: string[] = [];
  const report = (rule: string, offenders: unknown[]) => {
    if (offenders.length > 0) found.push(`${rule}: ${JSON.stringify(offenders)}`);
  };
  report("no holding below zero", await rows(client, "SELECT account, shares_e4 FROM equity_holdings WHERE account <> '@issued' AND shares_e4 < 0"));
  report(
    "reserved shares = Σ shares of the holder's open equity applications",
    await rows(
      client,
      `SELECT h.collective_code, h.account, h.reserved_e4,
              (SELECT COALESCE(SUM(a.shares_e4), 0) FROM applications a
                WHERE a.subject = 'equity' AND a.collective_code = h.collective_code AND a.from_person_id = h.account AND a.status IN ${OPEN}) AS open_e4
         FROM equity_holdings h WHERE h.reserved_e4 <> open_e4`,
    ),
  );
  report("reserved shares within the holding", await rows(client, "SELECT account FROM equity_holdings WHERE account <> '@issued' AND reserved_e4 > shares_e4"));
  report("Σ holdings of a collective = 0", await rows(client, "SELECT collective_code, SUM(shares_e4) AS total FROM equity_holdings GROUP BY collective_code HAVING total <> 0"));
  report(
    "−@issued = Σ of the other holdings",
    await rows(
      client,
      `SELECT i.collective_code FROM equity_holdings i WHERE i.account = '@issued'
         AND -i.shares_e4 <> (SELECT COALESCE(SUM(h.shares_e4), 0) FROM equity_holdings h WHERE h.collective_code = i.collective_code AND h.account <> '@issued')`,
    ),
  );
  report("no plot under two active contracts", await rows(client, "SELECT plot_code, COUNT(*) AS n FROM contract_plots WHERE status = 'active' GROUP BY plot_code HAVING n > 1"));
  report("no plot in two open applications", await rows(client, "SELECT plot_code, COUNT(*) AS n FROM application_plots WHERE open = 1 GROUP BY plot_code HAVING n > 1"));
  report(
    "a plot reservation is open exactly while its application is",
    await rows(client, `SELECT p.application_id, p.plot_code FROM application_plots p JOIN applications a ON a.id = p.application_id WHERE p.open <> (a.status IN ${OPEN})`),
  );
  report("no homestead in two open applications", await rows(client, `SELECT unit_number FROM applications WHERE unit_number IS NOT NULL AND status IN ${OPEN} GROUP BY unit_number HAVING COUNT(*) > 1`));
  report("one active homestead per household", await rows(client, "SELECT contractor_code FROM homesteads WHERE status = 'active' GROUP BY contractor_code HAVING COUNT(*) > 1"));
  report(
    "each registered application has exactly one *.registered journal row",
    await rows(
      client,
      `SELECT a.id, (SELECT COUNT(*) FROM journal j WHERE j.subject = a.id AND j.type = a.kind || '.registered') AS n
         FROM applications a WHERE a.status = 'registered' AND n <> 1`,
    ),
  );
  report(
    "no *.registered journal row for an application that is not registered",
    await rows(client, "SELECT j.subject FROM journal j JOIN applications a ON a.id = j.subject WHERE j.type LIKE '%.registered' AND a.status <> 'registered'"),
  );
  report(
    "each applied application has exactly one *.applied journal row",
    await rows(client, "SELECT a.id, (SELECT COUNT(*) FROM journal j WHERE j.subject = a.id AND j.type = a.kind || '.applied') AS n FROM applications a WHERE n <> 1"),
  );
  report(
    "each journal stream numbered 1..n without gaps",
    await rows(client, "SELECT stream, COUNT(*) AS n, MIN(stream_seq) AS lo, MAX(stream_seq) AS hi FROM journal GROUP BY stream HAVING lo <> 1 OR hi <> n"),
  );
  return found;
}

/**
 * The register is what the registered applications say, recomputed from the start: each person's shares are the
 * 10 issued plus what came in minus what went out; each plot is held by the household it last went to (or by no
 * contract after a withdrawal); each homestead by its receiver (or cancelled).
 */
async function registerMatchesRegistrations(client: Client, { people, households }: Register): Promise<string[]> {
  const found: string[] = [];
  const done = await rows(client, "SELECT a.* FROM applications a JOIN journal j ON j.subject = a.id AND j.type = a.kind || '.registered' WHERE a.status = 'registered' ORDER BY j.seq");
  const shares = new Map(people.map((p) => [p, 100_000]));
  let collective = 400_000;
  const plotHolder = new Map<string, string | null>();
  for (let seq = 1; seq <= 8; seq++) plotHolder.set(plot(seq), seq <= 4 ? households[0]! : households[1]!);
  const homesteadHolder = new Map<string, string | null>([[unit(1), households[0]!], [unit(2), households[1]!]]);
  for (const a of done) {
    if (a.subject === "equity") {
      const from = String(a.from_person_id);
      shares.set(from, shares.get(from)! - Number(a.shares_e4));
      if (a.kind === "transfer") shares.set(String(a.to_person_id), shares.get(String(a.to_person_id))! + Number(a.shares_e4));
      else collective += Number(a.shares_e4);
    } else if (a.subject === "land-contract") {
      for (const p of await rows(client, "SELECT plot_code FROM application_plots WHERE application_id = ?", [String(a.id)])) {
        if (plotHolder.get(String(p.plot_code)) !== a.from_contractor_code) found.push(`plot ${p.plot_code} left ${a.from_contractor_code}, which did not hold it`);
        plotHolder.set(String(p.plot_code), a.kind === "transfer" ? String(a.to_contractor_code) : null);
      }
    } else {
      if (homesteadHolder.get(String(a.unit_number)) !== a.from_contractor_code) found.push(`homestead ${a.unit_number} left ${a.from_contractor_code}, which did not hold it`);
      homesteadHolder.set(String(a.unit_number), a.kind === "transfer" ? String(a.to_contractor_code) : null);
    }
  }
  const holdings = new Map((await rows(client, "SELECT account, shares_e4 FROM equity_holdings")).map((h) => [String(h.account), Number(h.shares_e4)]));
  for (const [person, expected] of shares) if ((holdings.get(person) ?? 0) !== expected) found.push(`holding of ${person}: ${holdings.get(person)} ≠ ${expected}`);
  if (holdings.get("@collective") !== collective) found.push(`collective holding ${holdings.get("@collective")} ≠ ${collective}`);
  if (holdings.get("@issued") !== -1_000_000) found.push(`issued ${holdings.get("@issued")} ≠ 100 shares`);
  for (const [code, holder] of plotHolder) {
    const active = await rows(client, "SELECT c.contractor_code FROM contract_plots p JOIN land_contracts c ON c.contract_code = p.contract_code WHERE p.plot_code = ? AND p.status = 'active'", [code]);
    const actual = active.length === 0 ? null : String(active[0]!.contractor_code);
    if (actual !== holder) found.push(`plot ${code} held by ${actual}, registered to ${holder}`);
  }
  for (const [code, holder] of homesteadHolder) {
    const [h] = await rows(client, "SELECT contractor_code, status FROM homesteads WHERE unit_number = ?", [code]);
    const actual = h!.status === "active" ? String(h!.contractor_code) : null;
    if (actual !== holder) found.push(`homestead ${code} held by ${actual}, registered to ${holder}`);
  }
  return found;
}
