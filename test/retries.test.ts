import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToken, expectProblem, idNumber, member, recordResolution, registerCollective, resolutionBody, VILLAGE } from "./support/fixtures.js";
import { createWorld, TODAY, type Res, type World } from "./support/world.js";
import { freePort, ServerProcesses } from "./support/server-process.js";

/**
 * The retry test: the same request sent again and again under one Idempotency-Key has one effect and gets
 * one answer (same status, same body, `Idempotency-Replayed: true` on the repeats), in one process and across a
 * crash and restart of the server. A refusal is not an answer to keep: the retry is judged afresh.
 */
const count = async (world: World, sql: string, args: string[]) => Number((await world.tdb.client.execute({ sql, args })).rows[0]!.n);

describe("retries in one process", () => {
  let world: World;
  let seller: string;
  let buyer: string;
  let sellerToken: string;

  beforeAll(async () => {
    world = await createWorld();
    await registerCollective(world, VILLAGE, { noticeDays: 0 });
    seller = (await member(world, VILLAGE.code, 1, "孙秀英")).id;
    buyer = (await member(world, VILLAGE.code, 2, "于海涛")).id;
    await recordResolution(world, VILLAGE.code, ["equity-issuance"], { ref: "成员大会决议〔2020〕2号" });
    const issued = await world.request("POST", `/v1/collectives/${VILLAGE.code}/equity/issuances`, {
      body: { resolutionRef: "成员大会决议〔2020〕2号", allocations: [{ personId: seller, shareClass: "population", shares: "10" }] },
    });
    expect(issued.status, issued.text).toBe(201);
    sellerToken = await createToken(world, { role: "holder", personId: seller });
  });
  afterAll(() => world.close());

  const transfer = (shares: string) => ({
    kind: "equity",
    collectiveCode: VILLAGE.code,
    from: { personId: seller },
    to: { personId: buyer },
    shares,
    price: `${Number(shares) * 6000}.00`,
    agreementSignedOn: "2026-11-20",
  });
  const post = (body: unknown, key: string, token?: string) => world.request("POST", "/v1/transfers", { body, token, headers: { "Idempotency-Key": key } });
  const applicationsOf = (shares: number) => count(world, "SELECT COUNT(*) AS n FROM applications WHERE from_person_id = ? AND shares_e4 = ?", [seller, String(shares * 10_000)]);
  const appliedRows = (id: string) => count(world, "SELECT COUNT(*) AS n FROM journal WHERE subject = ? AND type = 'transfer.applied'", [id]);

  function expectOneAnswer(answers: Res[], status: number) {
    for (const res of answers) {
      expect(res.status, res.text).toBe(status);
      expect(res.text).toBe(answers[0]!.text);
    }
    // Exactly one of them was the request that did it; every other one is a replay of its answer.
    expect(answers.filter((r) => r.headers.get("idempotency-replayed") === "true")).toHaveLength(answers.length - 1);
    expect(answers.filter((r) => r.headers.get("idempotency-replayed") === null)).toHaveLength(1);
  }

  it("answers a POST /v1/transfers sent five times in a row with one key identically, and applies once", async () => {
    const answers: Res[] = [];
    for (let i = 0; i < 5; i++) answers.push(await post(transfer("2"), "retry-sequential"));
    expectOneAnswer(answers, 201);
    expect(answers[0]!.headers.get("idempotency-replayed")).toBeNull();
    expect(answers[0]!.body).toMatchObject({ status: "in-notice", shares: "2" });
    expect(await applicationsOf(2)).toBe(1);
    expect(await appliedRows(answers[0]!.body.id)).toBe(1);
  });

  it("answers five simultaneous copies with one key identically and applies once, even when a second copy could not fit", async () => {
    // 6 of the 8 shares still free: a second application of 6 would be refused, so a copy that ran the command
    // again instead of replaying would show up as a 409 insufficient_shares.
    const answers = await Promise.all(Array.from({ length: 5 }, () => post(transfer("6"), "retry-concurrent")));
    expectOneAnswer(answers, 201);
    expect(await applicationsOf(6)).toBe(1);
    expect(await appliedRows(answers[0]!.body.id)).toBe(1);
    const table = await world.request("GET", `/v1/collectives/${VILLAGE.code}/equity`);
    expect(table.body.holdings.find((h: { personId: string }) => h.personId === seller)).toMatchObject({ shares: "10", reservedShares: "8" });
  });

  it("refuses the same key with another body with 409 idempotency_key_reused, and writes nothing", async () => {
    const journalBefore = await count(world, "SELECT COUNT(*) AS n FROM journal", []);
    const res = await post(transfer("1"), "retry-sequential");
    expectProblem(res, 409, "idempotency_key_reused");
    expect(await applicationsOf(1)).toBe(0);
    expect(await count(world, "SELECT COUNT(*) AS n FROM journal", [])).toBe(journalBefore);
  });

  it("refuses the same key and body from another token with 409 idempotency_key_reused, and writes nothing", async () => {
    const journalBefore = await count(world, "SELECT COUNT(*) AS n FROM journal", []);
    const res = await post(transfer("2"), "retry-sequential", sellerToken);
    expectProblem(res, 409, "idempotency_key_reused");
    expect(await applicationsOf(2)).toBe(1);
    expect(await count(world, "SELECT COUNT(*) AS n FROM journal", [])).toBe(journalBefore);
  });

  it("does not keep a refusal: the same key succeeds once the state allows it", async () => {
    // 10 held, 8 reserved: 2 more do not fit (3 asked).
    const refused = await post(transfer("3"), "retry-after-refusal", sellerToken);
    expectProblem(refused, 409, "insufficient_shares");
    expect(refused.headers.get("idempotency-replayed")).toBeNull();
    const again = await post(transfer("3"), "retry-after-refusal", sellerToken);
    expectProblem(again, 409, "insufficient_shares");
    expect(await count(world, "SELECT COUNT(*) AS n FROM idempotency_keys WHERE key = ?", ["retry-after-refusal"])).toBe(0);

    // The 6-share application is cancelled: its shares are free again, and the retry now applies.
    const [six] = (await world.tdb.client.execute({ sql: "SELECT id FROM applications WHERE shares_e4 = 60000", args: [] })).rows;
    const cancelled = await world.request("POST", `/v1/transfers/${String(six!.id)}/cancellation`, { token: sellerToken, body: {} });
    expect(cancelled.status, cancelled.text).toBe(200);
    const later = await post(transfer("3"), "retry-after-refusal", sellerToken);
    expect(later.status, later.text).toBe(201);
    expect(later.headers.get("idempotency-replayed")).toBeNull();
    const replayed = await post(transfer("3"), "retry-after-refusal", sellerToken);
    expect(replayed.status).toBe(201);
    expect(replayed.text).toBe(later.text);
    expect(replayed.headers.get("idempotency-replayed")).toBe("true");
    expect(await applicationsOf(3)).toBe(1);
  });

  it("replays a payment sent again with its key, and registers it once", async () => {
    const applied = await world.request("POST", "/v1/transfers", { body: transfer("1") });
    expect(applied.status, applied.text).toBe(201);
    const id = applied.body.id as string;
    const approved = await world.request("POST", `/v1/transfers/${id}/approval`, { body: { resolutionRef: "理事会决定〔2026〕9号", decidedOn: TODAY } });
    expect(approved.status, approved.text).toBe(200);
    const payment = { amount: "6000.00", paidOn: TODAY, reference: "农商银行 0009" };
    const headers = { "Idempotency-Key": "retry-payment" };
    const answers = [await world.request("POST", `/v1/transfers/${id}/payment`, { body: payment, headers })];
    answers.push(...(await Promise.all([1, 2, 3].map(() => world.request("POST", `/v1/transfers/${id}/payment`, { body: payment, headers })))));
    expectOneAnswer(answers, 200);
    expect(answers[0]!.body).toMatchObject({ status: "registered", payment: { amount: "6000.00" } });
    expect(await count(world, "SELECT COUNT(*) AS n FROM journal WHERE subject = ? AND type = 'transfer.registered'", [id])).toBe(1);
    expect(await count(world, "SELECT COUNT(*) AS n FROM equity_entries WHERE kind = 'transfer' AND credit_account = ?", [buyer])).toBe(1);
    // Without the key, a second payment is a new request: the application is closed.
    expectProblem(await world.request("POST", `/v1/transfers/${id}/payment`, { body: payment }), 409, "application_already_closed");
  });

  it("keeps the answer to an unchanged outcome: a repeat of the same person under a new key is 200 and replays as 200", async () => {
    const facts = { idNumber: idNumber(40), name: "王桂兰" };
    const first = await world.request("POST", "/v1/persons", { body: facts, headers: { "Idempotency-Key": "person-first" } });
    expect(first.status, first.text).toBe(201);
    const replay = await world.request("POST", "/v1/persons", { body: facts, headers: { "Idempotency-Key": "person-first" } });
    expect([replay.status, replay.text, replay.headers.get("idempotency-replayed")]).toEqual([201, first.text, "true"]);

    // The same facts under a new key: nothing changes (the same person, 200), and that answer is kept for its key.
    const journalBefore = await count(world, "SELECT COUNT(*) AS n FROM journal", []);
    const same = await world.request("POST", "/v1/persons", { body: facts, headers: { "Idempotency-Key": "person-second" } });
    expect(same.status, same.text).toBe(200);
    expect(same.body.id).toBe(first.body.id);
    expect(same.headers.get("idempotency-replayed")).toBeNull();
    const sameAgain = await world.request("POST", "/v1/persons", { body: facts, headers: { "Idempotency-Key": "person-second" } });
    expect([sameAgain.status, sameAgain.text, sameAgain.headers.get("idempotency-replayed")]).toEqual([200, same.text, "true"]);
    expect(await count(world, "SELECT COUNT(*) AS n FROM journal", [])).toBe(journalBefore);
    expect(await count(world, "SELECT COUNT(*) AS n FROM persons WHERE id = ?", [first.body.id])).toBe(1);
    expect(await count(world, "SELECT COUNT(*) AS n FROM idempotency_keys WHERE key = ? AND status = 200", ["person-second"])).toBe(1);
  });
});

describe("retries against the server process", () => {
    const dir = mkdtempSync(join(tmpdir(), "registry-retries-"));
  const ADMIN = "retries-admin-token-0123456789";
  const servers = new ServerProcesses();
  afterAll(() => {
    servers.stopAll();
    rmSync(dir, { recursive: true, force: true });
  });


  /** A server on the given database file (see test/support/server-process.ts). */
  async function start(port: number, databaseUrl: string): Promise<ChildProcess> {
    const { child } = await servers.start({ PORT: String(port), DATABASE_URL: databaseUrl, REGISTRY_ADMIN_TOKEN: ADMIN, REGISTRY_DATA_DIR: join(dir, "data") });
    return child;
  }

  async function crash(child: ChildProcess) {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
  }

  async function call(port: number, method: string, path: string, body?: unknown, key?: string): Promise<Res> {
    const headers: Record<string, string> = { Authorization: `Bearer ${ADMIN}` };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (key) headers["Idempotency-Key"] = key;
    const res = await fetch(`http://127.0.0.1:${port}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, body: text ? JSON.parse(text) : null };
  }

  /** A collective with two members, the first holding 12 shares (the issuance under `issuanceKey` when given). */
  async function buildRegister(port: number, keys: { person?: string; issuance?: string } = {}) {
    expect((await call(port, "POST", "/v1/collectives", { ...VILLAGE, rules: { noticeDays: 0 } })).status).toBe(201);
    const personBody = { idNumber: idNumber(1), name: "孙秀英" };
    const person = await call(port, "POST", "/v1/persons", personBody, keys.person);
    expect(person.status, person.text).toBe(201);
    const buyer = await call(port, "POST", "/v1/persons", { idNumber: idNumber(2), name: "于海涛" });
    expect(buyer.status, buyer.text).toBe(201);
    const [seller, receiver] = [person.body.id as string, buyer.body.id as string];
    for (const personId of [seller, receiver]) {
      const admitted = await call(port, "POST", `/v1/collectives/${VILLAGE.code}/members`, { personId, joinedOn: "2020-01-01", basis: "original" });
      expect(admitted.status, admitted.text).toBe(201);
    }
    expect((await call(port, "POST", `/v1/collectives/${VILLAGE.code}/resolutions`, resolutionBody("成员大会决议〔2020〕2号", ["equity-issuance"]))).status).toBe(201);
    const issuanceBody = { resolutionRef: "成员大会决议〔2020〕2号", allocations: [{ personId: seller, shareClass: "population", shares: "12" }] };
    const issued = await call(port, "POST", `/v1/collectives/${VILLAGE.code}/equity/issuances`, issuanceBody, keys.issuance);
    expect(issued.status, issued.text).toBe(201);
    return { seller, receiver, person, personBody, issued, issuanceBody };
  }

  const transferBody = (seller: string, receiver: string, shares: string) => ({
    kind: "equity",
    collectiveCode: VILLAGE.code,
    from: { personId: seller },
    to: { personId: receiver },
    shares,
    price: `${Number(shares) * 6000}.00`,
    agreementSignedOn: "2026-01-15",
  });

  it("replays a registration, a person and an issuance sent again after a crash, and the ledger shows each once", async () => {
    const port = await freePort();
    const databaseUrl = `file:${join(dir, "restart.db")}`;
    let server = await start(port, databaseUrl);

    // State built over HTTP, as a clerk would; three of the writes carry a key.
    const { seller, receiver, person, personBody, issued, issuanceBody } = await buildRegister(port, { person: "restart-person", issuance: "restart-issuance" });
    const applied = await call(port, "POST", "/v1/transfers", transferBody(seller, receiver, "5"));
    expect(applied.status, applied.text).toBe(201);
    const id = applied.body.id as string;
    // The server runs on the real clock: decide and pay on the day the notice ends (0 days: the day it began).
    const day = applied.body.notice.endsOn as string;
    const approved = await call(port, "POST", `/v1/transfers/${id}/approval`, { resolutionRef: "理事会决定〔2026〕9号", decidedOn: day });
    expect(approved.status, approved.text).toBe(200);
    const paymentBody = { amount: "30000.00", paidOn: day, reference: "农商银行 0001" };
    const paid = await call(port, "POST", `/v1/transfers/${id}/payment`, paymentBody, "restart-payment");
    expect(paid.status, paid.text).toBe(200);
    expect(paid.body.status).toBe("registered");

    // A crash after the commit (the client may never have seen the answer), then a restart on the same file.
    await crash(server);
    server = await start(port, databaseUrl);

    const paidAgain = await call(port, "POST", `/v1/transfers/${id}/payment`, paymentBody, "restart-payment");
    expect([paidAgain.status, paidAgain.text, paidAgain.headers.get("idempotency-replayed")]).toEqual([200, paid.text, "true"]);
    const personAgain = await call(port, "POST", "/v1/persons", personBody, "restart-person");
    expect([personAgain.status, personAgain.text, personAgain.headers.get("idempotency-replayed")]).toEqual([201, person.text, "true"]);
    const issuedAgain = await call(port, "POST", `/v1/collectives/${VILLAGE.code}/equity/issuances`, issuanceBody, "restart-issuance");
    expect([issuedAgain.status, issuedAgain.text, issuedAgain.headers.get("idempotency-replayed")]).toEqual([201, issued.text, "true"]);

    // The ledger, the register and the journal show each effect once.
    const table = await call(port, "GET", `/v1/collectives/${VILLAGE.code}/equity`);
    expect(table.body.totalShares).toBe("12");
    const holdings = Object.fromEntries(table.body.holdings.map((h: { personId: string; shares: string; reservedShares: string }) => [h.personId, [h.shares, h.reservedShares]]));
    expect(holdings).toEqual({ [seller]: ["7", "0"], [receiver]: ["5", "0"] });
    const journal = await call(port, "GET", "/v1/journal?limit=1000");
    const types = (journal.body.events as { type: string; subject: string }[]).map((e) => `${e.type} ${e.subject}`);
    expect(types.filter((t) => t === `transfer.registered ${id}`)).toHaveLength(1);
    expect(types.filter((t) => t === `person.registered ${seller}`)).toHaveLength(1);
    expect(types.filter((t) => t.startsWith("equity.issued "))).toHaveLength(1);
    await crash(server);

    const client = createClient({ url: databaseUrl });
    try {
      const entries = await client.execute("SELECT kind, COUNT(*) AS n FROM equity_entries GROUP BY kind ORDER BY kind");
      expect(entries.rows.map((r) => [r.kind, Number(r.n)])).toEqual([["issuance", 1], ["transfer", 1]]);
      const persons = await client.execute("SELECT COUNT(*) AS n FROM persons");
      expect(Number(persons.rows[0]!.n)).toBe(2);
    } finally {
      client.close();
    }
  });

  it("answers copies of one request sent at once to three server processes on one database identically, and applies once", async () => {
    const databaseUrl = `file:${join(dir, "processes.db")}`;
    const ports = [await freePort()];
    const servers = [await start(ports[0]!, databaseUrl)];
    for (let i = 1; i < 3; i++) {
      ports.push(await freePort());
      servers.push(await start(ports[i]!, databaseUrl));
    }
    const { seller, receiver } = await buildRegister(ports[0]!);

    // 15 copies of an application of 8 of the 12 shares, under one key, spread over the three processes: a copy
    // that ran the command again instead of replaying would be refused insufficient_shares.
    const body = transferBody(seller, receiver, "8");
    const copies = await Promise.all(Array.from({ length: 15 }, (_, i) => call(ports[i % 3]!, "POST", "/v1/transfers", body, "processes-apply")));
    const story = copies.map((r) => `${r.status} ${r.body?.code ?? ""}`).join(", ");
    expect(copies.map((r) => r.status), story).toEqual(Array(15).fill(201));
    expect(new Set(copies.map((r) => r.text)).size).toBe(1);
    expect(copies.filter((r) => r.headers.get("idempotency-replayed") === "true")).toHaveLength(14);

    // And 15 different applications of 1 share each at once, without keys: each answered (never a 500), and the
    // 4 shares still free are promised at most once each.
    const singles = await Promise.all(Array.from({ length: 15 }, (_, i) => call(ports[i % 3]!, "POST", "/v1/transfers", transferBody(seller, receiver, "1"))));
    for (const res of singles.filter((r) => r.status !== 201)) {
      expect(res.status, res.text).toBe(409);
      expect(["insufficient_shares", "write_conflict"]).toContain(res.body.code);
    }
    const accepted = singles.filter((r) => r.status === 201).length;
    expect(accepted).toBeGreaterThan(0);
    expect(accepted).toBeLessThanOrEqual(4);

    for (const server of servers) await crash(server);
    const client = createClient({ url: databaseUrl });
    try {
      const applications = await client.execute("SELECT shares_e4, COUNT(*) AS n FROM applications GROUP BY shares_e4 ORDER BY shares_e4");
      expect(applications.rows.map((r) => [Number(r.shares_e4), Number(r.n)])).toEqual([[10_000, accepted], [80_000, 1]]);
      const applied = await client.execute("SELECT COUNT(*) AS n FROM journal WHERE type = 'transfer.applied'");
      expect(Number(applied.rows[0]!.n)).toBe(accepted + 1);
      const holding = await client.execute({ sql: "SELECT shares_e4, reserved_e4 FROM equity_holdings WHERE account = ?", args: [seller] });
      expect([Number(holding.rows[0]!.shares_e4), Number(holding.rows[0]!.reserved_e4)]).toEqual([120_000, 80_000 + accepted * 10_000]);
    } finally {
      client.close();
    }
  });
});
