/**
 * Benchmark of the registry, in process (`app.request`) and, briefly, over real HTTP on 127.0.0.1.
 *
 *   npm run bench:api
 *
 * Fresh file-backed libSQL database in a temp folder (WAL), migrated, admin bootstrapped, fixed clock
 * (2026-11-27 CST). Fixed counts everywhere and a seeded PRNG: every run sends the same requests in the same order.
 * Only the time measurements differ. Headline: ratios (house rule), then the table of absolute numbers.
 */
import { fork, type ChildProcess } from "node:child_process";
import { cpus, totalmem, type } from "node:os";
import { serve } from "@hono/node-server";
import { contractorCode, idNumber, mulberry32, plotCode, unitNumber } from "./fixtures.js";
import { C, drive, ISSUANCE_RESOLUTION, issuanceBody, plotBody, QUANTIFICATION_RESOLUTION, type Driven, type Outcome } from "./ops.js";
import type { Job } from "./writer.js";
import { ADMIN_TOKEN, countsDelta, createBenchWorld, TODAY, type BenchWorld, type DbCounts } from "./world.js";

// ---- fixed sizes ------------------------------------------------------------------------------------------------
const MEMBERS = 200;
const HOUSEHOLDS = 60; // 20 of 4 people, 40 of 3
const PLOTS_PER_HOUSEHOLD = 3;
const WARMUP = 50;
const READS = 1000; // per read endpoint
const WRITES = 300; // per write endpoint
const WORKFLOW_ROUNDS = 4; // each round: WORKFLOW_CHUNK plain, then WORKFLOW_CHUNK with Idempotency-Key
const WORKFLOW_CHUNK = 25;
const CONCURRENCY = [1, 4, 16];
const CONC_PLOTS = 192; // per N (divisible by 16)
const CONC_ISSUANCES = 96; // per N
const HTTP_READS = 304; // per HTTP variant (divisible by 8)
const HTTP_IN_FLIGHT = 8;
const PROCESSES = 2; // writer processes on the same file, for the multi-process phase
const PROC_IN_FLIGHT = [1, 8]; // per process

// ---- measurement -------------------------------------------------------------------------------------------------
interface Row {
  name: string;
  n: number;
  ok: number;
  errors: Record<string, number>;
  seconds: number;
  rate: number; // per second (requests or workflows)
  unit: string;
  p50: number | null;
  p99: number | null;
  note?: string;
  latencies: number[]; // sorted, ms
  dbCalls?: number; // database calls (execute + batch) per operation, where counted
}

const rows: Row[] = [];

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

let counted: DbCounts | null = null; // the in-process client's counters, once the world exists

function toRow(name: string, n: number, d: Driven, unit: string, note?: string, calls?: DbCounts): Row {
  return {
    name,
    n,
    ok: d.ok,
    errors: d.errors,
    seconds: d.seconds,
    rate: n / d.seconds,
    unit,
    p50: percentile(d.latencies, 0.5),
    p99: percentile(d.latencies, 0.99),
    note,
    latencies: d.latencies,
    dbCalls: calls ? (calls.execute + calls.batch) / n : undefined,
  };
}

/** Runs `n` operations in process, `inFlight` at a time (Promise.all batches); each operation's latency is kept. */
async function measure(
  name: string,
  n: number,
  op: (i: number) => Promise<Outcome>,
  opts: { inFlight?: number; ok?: (status: number) => boolean; unit?: string; note?: string } = {},
): Promise<Row> {
  const before = counted ? { ...counted } : null;
  const driven = await drive(n, opts.inFlight ?? 1, op, opts.ok ?? ((s) => s >= 200 && s < 300));
  const row = toRow(name, n, driven, opts.unit ?? "req/s", opts.note, before && counted ? countsDelta(before, counted) : undefined);
  rows.push(row);
  return row;
}

function expectStatus(res: { status: number; text: string }, statuses: number[], what: string) {
  if (!statuses.includes(res.status)) throw new Error(`${what}: HTTP ${res.status} ${res.text.slice(0, 400)}`);
}

// ---- the register ------------------------------------------------------------------------------------------------
interface Register {
  people: string[]; // person ids of the MEMBERS members, index = fixture index
}

const post = (w: BenchWorld, path: string, body: unknown, headers?: Record<string, string>) => w.request("POST", path, { body, headers });

/** ~200 members in 60 households, 3 plots and a contract per household, a homestead per household, an issuance. */
async function buildRegister(w: BenchWorld): Promise<Register> {
  expectStatus(await post(w, "/v1/collectives", { ...C, rules: { noticeDays: 0 } }), [201], "collective");
  const people: string[] = [];
  for (let i = 0; i < MEMBERS; i++) {
    const p = await post(w, "/v1/persons", { idNumber: idNumber(i), name: `成员${i}` });
    expectStatus(p, [201], "person");
    people.push(p.body.id);
    expectStatus(await post(w, `/v1/collectives/${C.code}/members`, { personId: p.body.id, joinedOn: "2018-11-30", basis: "original" }), [201], "member");
  }
  const relations = ["head", "spouse", "son", "daughter"] as const;
  let next = 0;
  for (let h = 1; h <= HOUSEHOLDS; h++) {
    const size = h <= 20 ? 4 : 3;
    const ids = people.slice(next, next + size);
    next += size;
    expectStatus(
      await post(w, `/v1/collectives/${C.code}/households`, {
        contractorCode: contractorCode(C.issuerCode, h),
        representativeId: ids[0],
        members: ids.map((personId, k) => ({ personId, relation: relations[k], coHolder: k < 2 })),
      }),
      [201],
      "household",
    );
    const seqs: number[] = [];
    for (let k = 0; k < PLOTS_PER_HOUSEHOLD; k++) {
      const seq = (h - 1) * PLOTS_PER_HOUSEHOLD + k + 1;
      seqs.push(seq);
      expectStatus(await post(w, `/v1/collectives/${C.code}/plots`, plotBody(seq, "1.50")), [201], "plot");
    }
    const contractor = contractorCode(C.issuerCode, h);
    expectStatus(
      await post(w, `/v1/collectives/${C.code}/land-contracts`, {
        contractCode: contractor + "J",
        contractorCode: contractor,
        plotCodes: seqs.map((s) => plotCode(C.issuerCode, s)),
        startsOn: "1998-10-01",
        endsOn: "2028-09-30",
      }),
      [201],
      "contract",
    );
    expectStatus(
      await post(w, `/v1/collectives/${C.code}/homesteads`, {
        unitNumber: unitNumber(C.regionCode, h),
        contractorCode: contractor,
        areaM2: "150.00",
        approvedOn: "2020-05-01",
        origin: "grant",
      }),
      [201],
      "homestead",
    );
  }
  if (next !== MEMBERS) throw new Error(`households hold ${next} of ${MEMBERS} members`);
  for (const resolution of [QUANTIFICATION_RESOLUTION, ISSUANCE_RESOLUTION]) expectStatus(await post(w, `/v1/collectives/${C.code}/resolutions`, resolution), [201], "resolution");
  expectStatus(
    await post(w, `/v1/collectives/${C.code}/equity/issuances`, {
      resolutionRef: QUANTIFICATION_RESOLUTION.ref,
      allocations: people.map((personId) => ({ personId, shareClass: "population", shares: "100" })),
      collectiveShares: "2000",
    }),
    [201],
    "issuance",
  );
  return { people };
}

// ---- phases ------------------------------------------------------------------------------------------------------
async function main() {
  const wall = performance.now();
  const w = await createBenchWorld();
  counted = w.counts;
  try {
    // 0. setup, itself a mixed-write measurement
    const setupStart = performance.now();
    const setupBefore = { ...w.counts };
    const reg = await buildRegister(w);
    const setupSeconds = (performance.now() - setupStart) / 1000;
    const setupRequests = countsDelta(setupBefore, w.counts).batch;
    rows.push({
      name: "setup: register (mixed POSTs)",
      n: setupRequests,
      ok: setupRequests,
      errors: {},
      seconds: setupSeconds,
      rate: setupRequests / setupSeconds,
      unit: "req/s",
      p50: null,
      p99: null,
      latencies: [],
      dbCalls: (countsDelta(setupBefore, w.counts).execute + setupRequests) / setupRequests,
      note: `${MEMBERS} members, ${HOUSEHOLDS} households, ${HOUSEHOLDS * PLOTS_PER_HOUSEHOLD} plots`,
    });

    const random = mulberry32(0x2026);
    const readOrder = Array.from({ length: READS }, () => reg.people[Math.floor(random() * reg.people.length)]!);

    // 1. reads
    for (let i = 0; i < WARMUP; i++) {
      await w.request("GET", `/v1/collectives/${C.code}`);
      await w.request("GET", `/v1/persons/${readOrder[i]}/rights`);
    }
    const readCollective = await measure("GET /collectives/{code}", READS, () => w.request("GET", `/v1/collectives/${C.code}`));
    const readRights = await measure("GET /persons/{id}/rights", READS, (i) => w.request("GET", `/v1/persons/${readOrder[i]}/rights`));

    // 2. writes (sequential)
    const newPeople: string[] = [];
    const writePersons = await measure("POST /persons", WRITES, async (i) => {
      const res = await post(w, "/v1/persons", { idNumber: idNumber(10_000 + i), name: `新人${i}` });
      if (res.status === 201) newPeople.push(res.body.id);
      return res;
    });
    const writeMembers = await measure("POST /collectives/{c}/members", WRITES, (i) =>
      post(w, `/v1/collectives/${C.code}/members`, { personId: newPeople[i], joinedOn: "2024-03-01", basis: "original" }),
    );
    const writePlots = await measure("POST /collectives/{c}/plots", WRITES, (i) => post(w, `/v1/collectives/${C.code}/plots`, plotBody(1_000 + i)));

    // 3. the equity transfer workflow, apply → approve → pay (noticeDays 0), plain and keyed, interleaved rounds
    const keyedApplies: { body: unknown; key: string }[] = [];
    const workflow = async (i: number, keyed: boolean): Promise<Outcome> => {
      const key = (step: string) => (keyed ? { "Idempotency-Key": `wf-${i}-${step}` } : undefined);
      const body = {
        kind: "equity",
        collectiveCode: C.code,
        from: { personId: reg.people[(2 * i) % MEMBERS] },
        to: { personId: reg.people[(2 * i + 1) % MEMBERS] },
        shares: "1",
        price: "600.00",
        agreementSignedOn: TODAY,
      };
      const applied = await post(w, "/v1/transfers", body, key("apply"));
      if (applied.status !== 201) return applied;
      if (keyed) keyedApplies.push({ body, key: `wf-${i}-apply` });
      const id = applied.body.id as string;
      const approved = await post(w, `/v1/transfers/${id}/approval`, { resolutionRef: `午极村理事会决定〔2026〕${i}号`, decidedOn: TODAY }, key("approve"));
      if (approved.status !== 200) return approved;
      const paid = await post(w, `/v1/transfers/${id}/payment`, { amount: "600.00", paidOn: TODAY, reference: `农商银行 ${i}` }, key("pay"));
      if (paid.status === 200 && paid.body.status !== "registered") return { status: 599, text: paid.text };
      return paid;
    };
    const plainRounds: Row[] = [];
    const keyedRounds: Row[] = [];
    for (let r = 0; r < WORKFLOW_ROUNDS; r++) {
      plainRounds.push(await measure(`wf plain r${r}`, WORKFLOW_CHUNK, (i) => workflow(r * 2 * WORKFLOW_CHUNK + i, false), { unit: "wf/s" }));
      keyedRounds.push(await measure(`wf keyed r${r}`, WORKFLOW_CHUNK, (i) => workflow((r * 2 + 1) * WORKFLOW_CHUNK + i, true), { unit: "wf/s" }));
    }
    const wfPlain = mergeRows("transfer workflow (3 POSTs)", plainRounds);
    const wfKeyed = mergeRows("… with Idempotency-Key", keyedRounds);
    const replays = await measure("… replay of a keyed apply", keyedApplies.length, (i) => post(w, "/v1/transfers", keyedApplies[i]!.body, { "Idempotency-Key": keyedApplies[i]!.key }), {
      ok: (s) => s === 201,
    });

    // 4. concurrent writers on one collective (one process, one client: requests interleave at their awaits)
    const conc: { n: number; plots: Row; plotRetries: DbCounts; issue: Row; issueRetries: DbCounts }[] = [];
    let plotSeq = 5_000;
    let issueSeq = 0;
    for (const n of CONCURRENCY) {
      const base = plotSeq;
      plotSeq += CONC_PLOTS;
      let before = { ...w.counts };
      const plots = await measure(`POST plots, ${n} in flight`, CONC_PLOTS, (i) => post(w, `/v1/collectives/${C.code}/plots`, plotBody(base + i)), { inFlight: n });
      const plotRetries = countsDelta(before, w.counts);
      before = { ...w.counts };
      const issueBase = issueSeq;
      issueSeq += CONC_ISSUANCES;
      const issue = await measure(
        `POST issuances, ${n} in flight`,
        CONC_ISSUANCES,
        (i) => post(w, `/v1/collectives/${C.code}/equity/issuances`, issuanceBody(reg.people[(issueBase + i) % MEMBERS]!)),
        { inFlight: n },
      );
      const issueRetries = countsDelta(before, w.counts);
      plots.note = retryNote(plotRetries, CONC_PLOTS);
      issue.note = retryNote(issueRetries, CONC_ISSUANCES);
      conc.push({ n, plots, plotRetries, issue, issueRetries });
    }

    // 4b. the same writes from PROCESSES registry processes on the same file (each its own client): real races
    const workers: ChildProcess[] = [];
    for (let p = 0; p < PROCESSES; p++) workers.push(fork(new URL("./writer.ts", import.meta.url).pathname, [w.file], { stdio: ["ignore", "inherit", "inherit", "ipc"] }));
    const nextMessage = (child: ChildProcess) =>
      new Promise<any>((resolve, reject) => {
        const onExit = (code: number | null) => reject(new Error(`writer exited with ${code}`));
        child.once("exit", onExit);
        child.once("message", (m) => {
          child.off("exit", onExit);
          resolve(m);
        });
      });
    await Promise.all(workers.map(nextMessage)); // ready
    const multi: { inFlight: number; kind: Job["kind"]; row: Row; counts: DbCounts }[] = [];
    let procPlotSeq = 20_000;
    let procIssueSeq = 1_000;
    for (const inFlight of PROC_IN_FLIGHT) {
      for (const kind of ["plots", "issuances"] as const) {
        const total = kind === "plots" ? CONC_PLOTS : CONC_ISSUANCES;
        const per = total / PROCESSES;
        const base = kind === "plots" ? procPlotSeq : procIssueSeq;
        if (kind === "plots") procPlotSeq += total;
        else procIssueSeq += total;
        const start = performance.now();
        const replies = await Promise.all(
          workers.map((child, p) => {
            const reply = nextMessage(child);
            child.send({ job: { kind, base: base + p * per, count: per, inFlight, people: reg.people } satisfies Job });
            return reply as Promise<{ driven: Driven; counts: DbCounts }>;
          }),
        );
        const seconds = (performance.now() - start) / 1000;
        const errors: Record<string, number> = {};
        for (const r of replies) for (const [k, v] of Object.entries(r.driven.errors)) errors[k] = (errors[k] ?? 0) + v;
        const counts = replies.map((r) => r.counts).reduce((a, b) => ({
          execute: a.execute + b.execute,
          headReads: a.headReads + b.headReads,
          batch: a.batch + b.batch,
          batchFailed: a.batchFailed + b.batchFailed,
          headMoved: a.headMoved + b.headMoved,
        }));
        const driven: Driven = {
          ok: replies.reduce((s, r) => s + r.driven.ok, 0),
          errors,
          latencies: replies.flatMap((r) => r.driven.latencies).sort((a, b) => a - b),
          seconds,
        };
        const row = toRow(`POST ${kind}, ${PROCESSES} procs × ${inFlight}`, total, driven, "req/s", retryNote(counts, total), counts);
        rows.push(row);
        multi.push({ inFlight, kind, row, counts });
      }
    }
    await Promise.all(
      workers.map(
        (child) =>
          new Promise<void>((resolve) => {
            child.once("exit", () => resolve());
            child.send({ exit: true });
          }),
      ),
    );

    // 5. the same reads over real HTTP (@hono/node-server on 127.0.0.1), bounded
    const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>((resolve) => {
      const s = serve({ fetch: w.app.fetch, hostname: "127.0.0.1", port: 0 }, (info) => resolve({ server: s, port: info.port }));
    });
    const httpGet = async (path: string) => {
      const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
      return { status: res.status, text: await res.text() };
    };
    for (let i = 0; i < WARMUP; i++) await httpGet(`/v1/collectives/${C.code}`);
    const httpSeq = await measure("HTTP GET /collectives/{code}", HTTP_READS, () => httpGet(`/v1/collectives/${C.code}`));
    const httpPar = await measure(`… ${HTTP_IN_FLIGHT} in flight`, HTTP_READS, () => httpGet(`/v1/collectives/${C.code}`), { inFlight: HTTP_IN_FLIGHT });
    const httpRights = await measure("HTTP GET /persons/{id}/rights", HTTP_READS, (i) => httpGet(`/v1/persons/${readOrder[i]}/rights`));
    await new Promise<void>((resolve) => server.close(() => resolve()));

    // ---- the database after the run -------------------------------------------------------------------------------
    const journalRows = Number((await w.client.execute("SELECT COUNT(*) AS n FROM journal")).rows[0]!.n);
    const keyRows = Number((await w.client.execute("SELECT COUNT(*) AS n FROM idempotency_keys")).rows[0]!.n);
    const beforeCheckpoint = w.fileBytes();
    await w.client.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    const afterCheckpoint = w.fileBytes();
    const pages = w.client.execute("PRAGMA page_count");
    const pageCount = Number((await pages).rows[0]![0]);

    // ---- report ---------------------------------------------------------------------------------------------------
    const c1 = conc.find((c) => c.n === 1)!;
    const c4 = conc.find((c) => c.n === 4)!;
    const c16 = conc.find((c) => c.n === 16)!;
    const geo = (xs: number[]) => Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);
    const readRate = geo([readCollective.rate, readRights.rate]);
    const writeRate = geo([writePersons.rate, writeMembers.rate, writePlots.rate]);
    const cpu = cpus();

    console.log("");
    console.log("Rural rights registry — benchmark");
    console.log(
      `machine: node ${process.version}, ${type()} ${process.arch}, ${cpu.length} cpus (${cpu[0]?.model.trim() ?? "?"}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB; ` +
        `libSQL file in ${w.dir} (WAL), one client; fixed clock ${TODAY}`,
    );
    console.log("");
    console.log("RATIOS (headline)");
    const ratio = (label: string, value: number, how: string) => console.log(`  ${label.padEnd(44)} ${value.toFixed(2).padStart(7)}   ${how}`);
    ratio("write / read throughput", writeRate / readRate, `geomean(3 POSTs) ${fmt(writeRate)} / geomean(2 GETs) ${fmt(readRate)} req/s`);
    ratio("POST plot / GET collective", writePlots.rate / readCollective.rate, "");
    ratio("GET rights / GET collective", readRights.rate / readCollective.rate, "");
    ratio("workflow keyed / plain", wfKeyed.rate / wfPlain.rate, `${fmt(wfKeyed.rate)} / ${fmt(wfPlain.rate)} wf/s: the cost of exactly-once`);
    ratio("keyed replay / keyed workflow POST", replays.rate / (wfKeyed.rate * 3), "a replayed apply vs the average keyed step (req/s)");
    ratio("plots 4 / 1 in flight", c4.plots.rate / c1.plots.rate, "");
    ratio("plots 16 / 1 in flight", c16.plots.rate / c1.plots.rate, `retries ${c16.plotRetries.headMoved} per ${CONC_PLOTS} requests`);
    ratio("issuances 4 / 1 in flight", c4.issue.rate / c1.issue.rate, "");
    ratio("issuances 16 / 1 in flight", c16.issue.rate / c1.issue.rate, `retries ${c16.issueRetries.headMoved} per ${CONC_ISSUANCES} requests`);
    ratio("commit attempts / request, issuances @16", c16.issueRetries.headReads / CONC_ISSUANCES, "stream-head reads per request (1.00 = no retry)");
    const m = (kind: Job["kind"], inFlight: number) => multi.find((x) => x.kind === kind && x.inFlight === inFlight)!;
    const top = PROC_IN_FLIGHT[PROC_IN_FLIGHT.length - 1]!;
    ratio(`plots ${PROCESSES} procs × ${top} / 1 proc × 1`, m("plots", top).row.rate / c1.plots.rate, `retries ${m("plots", top).counts.headMoved} per ${CONC_PLOTS} requests`);
    ratio(`issuances ${PROCESSES} procs × ${top} / 1 proc × 1`, m("issuances", top).row.rate / c1.issue.rate, `retries ${m("issuances", top).counts.headMoved} per ${CONC_ISSUANCES} requests`);
    ratio(`commit attempts / request, issuances ${PROCESSES}×${top}`, m("issuances", top).counts.headReads / CONC_ISSUANCES, "");
    ratio("HTTP / in-process, GET collective", httpSeq.rate / readCollective.rate, "sequential");
    ratio("HTTP 8 in flight / sequential", httpPar.rate / httpSeq.rate, "");
    console.log("");

    const table = [
      ["phase", "n", "ok", "rate", "unit", "p50 ms", "p99 ms", "db/op", "notes"],
      ...[
        rows[0]!,
        readCollective,
        readRights,
        writePersons,
        writeMembers,
        writePlots,
        wfPlain,
        wfKeyed,
        replays,
        ...conc.flatMap((c) => [c.plots, c.issue]),
        ...multi.map((x) => x.row),
        httpSeq,
        httpPar,
        httpRights,
      ].map(
        (r) => [
          r.name,
          String(r.n),
          String(r.ok),
          fmt(r.rate),
          r.unit,
          r.p50 === null ? "–" : r.p50.toFixed(2),
          r.p99 === null ? "–" : r.p99.toFixed(2),
          r.dbCalls === undefined ? "–" : r.dbCalls.toFixed(1),
          [r.note ?? "", Object.entries(r.errors).map(([k, v]) => `${v}× ${k}`).join(", ")].filter(Boolean).join("; "),
        ],
      ),
    ];
    const widths = table[0]!.map((_, col) => Math.max(...table.map((line) => line[col]!.length)));
    for (const [i, line] of table.entries()) {
      console.log(
        "  " +
          line
            .map((cell, col) => (col === 0 || col === 4 || col === 8 ? cell.padEnd(widths[col]!) : cell.padStart(widths[col]!)))
            .join("  ")
            .trimEnd(),
      );
      if (i === 0) console.log("  " + widths.map((wd) => "-".repeat(wd)).join("  "));
    }
    console.log("");
    const mib = (b: number) => `${(b / 2 ** 20).toFixed(2)} MiB`;
    console.log(
      `database: ${mib(beforeCheckpoint.db)} + WAL ${mib(beforeCheckpoint.wal)} before checkpoint; ${mib(afterCheckpoint.db)} (${pageCount} pages) after; ` +
        `${journalRows} journal rows, ${keyRows} idempotency keys`,
    );
    console.log(`database calls by the app (this process; writers counted in their rows): ${w.counts.execute} executes, ${w.counts.batch} batches (${w.counts.batchFailed} refused, ${w.counts.headMoved} for a moved stream head)`);
    const failures = rows.filter((r) => r.ok !== r.n);
    console.log(
      `errors: ${failures.length === 0 ? "none" : failures.map((r) => `${r.name}: ${Object.entries(r.errors).map(([k, v]) => `${v}× ${k}`).join(", ")}`).join("; ")}`,
    );
    console.log(`wall time ${((performance.now() - wall) / 1000).toFixed(1)} s`);
  } finally {
    w.close();
  }
}

function mergeRows(name: string, parts: Row[]): Row {
  const n = parts.reduce((s, r) => s + r.n, 0);
  const seconds = parts.reduce((s, r) => s + r.seconds, 0);
  const errors: Record<string, number> = {};
  for (const r of parts) for (const [k, v] of Object.entries(r.errors)) errors[k] = (errors[k] ?? 0) + v;
  for (const r of parts) rows.splice(rows.indexOf(r), 1);
  const latencies = parts.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const row: Row = {
    name,
    n,
    ok: parts.reduce((s, r) => s + r.ok, 0),
    errors,
    seconds,
    rate: n / seconds,
    unit: parts[0]!.unit,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    latencies,
    dbCalls: parts.every((r) => r.dbCalls !== undefined) ? parts.reduce((s, r) => s + r.dbCalls! * r.n, 0) / n : undefined,
  };
  rows.push(row);
  return row;
}

function retryNote(d: DbCounts, requests: number): string {
  return `${d.headMoved} retries, ${(d.headReads / requests).toFixed(2)} attempts/req`;
}

function fmt(x: number): string {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}

await main();
process.exit(0);
