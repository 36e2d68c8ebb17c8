/**
 * Benchmark of titles (issue 5), in process on a fresh file-backed libSQL database:
 *
 *   npm run bench:titles
 *
 * A village of HOUSEHOLDS households with PLOTS_EACH plots each; then TRANSFERS plot transfers walked to registration
 * (apply → approve → pay), each of which writes title versions and signs certificates. Measured: reading a plot's
 * title now, on a past date, as recorded on a past date, its chain of title, a title search; registering a plot
 * (no certificate) against registering a contract (versions + a signed certificate); and verifying the journal.
 * Headline: ratios; then absolute rates for this machine.
 */
import { cpus } from "node:os";
import { movableClock } from "../src/lib/clock.js";
import { contractorCode, idNumber, plotCode } from "./fixtures.js";
import { C, plotBody } from "./ops.js";
import { createBenchWorld } from "./world.js";

const HOUSEHOLDS = 120;
const PLOTS_EACH = 3;
const TRANSFERS = 120;
const READS = 600;

const clock = movableClock("2026-11-27");
const world = await createBenchWorld(clock);
const ok = <R extends { status: number; text: string }>(res: R, expected: number[] = [200, 201]): R => {
  if (!expected.includes(res.status)) throw new Error(`unexpected ${res.status}: ${res.text.slice(0, 300)}`);
  return res;
};

async function timed(n: number, op: (i: number) => Promise<unknown>) {
  const start = performance.now();
  for (let i = 0; i < n; i++) await op(i);
  const seconds = (performance.now() - start) / 1000;
  return { n, seconds, rate: n / seconds };
}

// ---- the village ----------------------------------------------------------------------------------------------------
ok(await world.request("POST", "/v1/collectives", { body: { ...C, rules: { noticeDays: 0 } } }));
const heads: string[] = [];
for (let h = 1; h <= HOUSEHOLDS; h++) {
  const person = ok(await world.request("POST", "/v1/persons", { body: { idNumber: idNumber(h), name: `成员${h}` } }));
  heads.push(person.body.id);
  ok(await world.request("POST", `/v1/collectives/${C.code}/members`, { body: { personId: person.body.id, joinedOn: "2000-01-01", basis: "original" } }));
  ok(await world.request("POST", `/v1/collectives/${C.code}/households`, { body: { contractorCode: contractorCode(C.issuerCode, h), representativeId: person.body.id, members: [{ personId: person.body.id, relation: "head", coHolder: true }] } }));
}
const plotWrites = await timed(HOUSEHOLDS * PLOTS_EACH, (i) => world.request("POST", `/v1/collectives/${C.code}/plots`, { body: plotBody(i + 1) }).then((r) => ok(r)));
const contractWrites = await timed(HOUSEHOLDS, (i) => {
  const contractor = contractorCode(C.issuerCode, i + 1);
  const plots = Array.from({ length: PLOTS_EACH }, (_, k) => plotCode(C.issuerCode, i * PLOTS_EACH + k + 1));
  return world.request("POST", `/v1/collectives/${C.code}/land-contracts`, { body: { contractCode: `${contractor}J`, contractorCode: contractor, plotCodes: plots, startsOn: "1998-10-01", endsOn: "2028-09-30" } }).then((r) => ok(r));
});

// ---- transfers: household i gives its first plot to household i+1, on successive days ---------------------------------
clock.set("2027-01-04");
const transferWrites = await timed(TRANSFERS, async (i) => {
  const from = (i % HOUSEHOLDS) + 1;
  const to = (from % HOUSEHOLDS) + 1;
  const plot = plotCode(C.issuerCode, (from - 1) * PLOTS_EACH + 1 + Math.floor(i / HOUSEHOLDS));
  const applied = ok(await world.request("POST", "/v1/transfers", { body: { kind: "land-contract", collectiveCode: C.code, from: { contractorCode: contractorCode(C.issuerCode, from) }, to: { contractorCode: contractorCode(C.issuerCode, to) }, plotCodes: [plot], price: "1000.00", agreementSignedOn: "2027-01-01" } }));
  ok(await world.request("POST", `/v1/transfers/${applied.body.id}/approval`, { body: { resolutionRef: "决定", decidedOn: clock.today() } }));
  ok(await world.request("POST", `/v1/transfers/${applied.body.id}/payment`, { body: { amount: "1000.00", paidOn: clock.today(), reference: "转账" } }));
});

// ---- reads ----------------------------------------------------------------------------------------------------------
const plotOf = (i: number) => plotCode(C.issuerCode, ((i * 7) % (HOUSEHOLDS * PLOTS_EACH)) + 1);
const read = (path: (i: number) => string) => timed(READS, (i) => world.request("GET", path(i)).then((r) => ok(r, [200])));
const now = await read((i) => `/v1/plots/${plotOf(i)}`);
const past = await read((i) => `/v1/plots/${plotOf(i)}?asOf=2024-05-01`);
const recorded = await read((i) => `/v1/plots/${plotOf(i)}?asOf=2027-01-10&recordedAsOf=2026-12-31`);
const history = await read((i) => `/v1/plots/${plotOf(i)}/history`);
const search = await timed(READS, (i) => world.request("POST", "/v1/titles/search", { body: { plotCode: plotOf(i), purpose: "基准测试" } }).then((r) => ok(r, [200])));

// ---- verification ---------------------------------------------------------------------------------------------------
const events = Number((await world.client.execute("SELECT COUNT(*) AS n FROM journal")).rows[0]!.n);
const versions = Number((await world.client.execute("SELECT COUNT(*) AS n FROM title_versions")).rows[0]!.n);
const certificates = Number((await world.client.execute("SELECT COUNT(*) AS n FROM certificates")).rows[0]!.n);
const verifications = await timed(5, () => world.request("GET", "/v1/journal/verification").then((r) => {
  ok(r, [200]);
  if (!r.body.valid) throw new Error("the journal does not verify");
}));
const verifyRowsPerSecond = (events * verifications.n) / verifications.seconds;

const f = (x: number, d = 2) => x.toFixed(d);
console.log(`\nTitles benchmark — ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, Node ${process.version}`);
console.log(`village: ${HOUSEHOLDS} households, ${HOUSEHOLDS * PLOTS_EACH} plots, ${TRANSFERS} registered transfers → ${events} journal events, ${versions} title versions, ${certificates} certificates\n`);
console.log("ratios (the headline):");
console.log(`  plot title on a past date / now ............................ ${f(past.rate / now.rate)}`);
console.log(`  plot title as recorded on a past date / now ................ ${f(recorded.rate / now.rate)}`);
console.log(`  chain of title / plot now .................................. ${f(history.rate / now.rate)}`);
console.log(`  title search by plot code / plot now ....................... ${f(search.rate / now.rate)}`);
console.log(`  register a contract (versions + signed certificate) / a plot  ${f(contractWrites.rate / plotWrites.rate)}`);
console.log(`  journal rows verified per second / plot reads per second .... ${f(verifyRowsPerSecond / now.rate)}`);
console.log("\nabsolute (this machine, in process, one at a time):");
for (const [name, r] of [["GET plot (now)", now], ["GET plot ?asOf", past], ["GET plot ?asOf&recordedAsOf", recorded], ["GET plot history", history], ["POST titles/search", search], ["POST plot", plotWrites], ["POST land-contract (3 plots)", contractWrites], ["transfer walked to registration (3 POSTs)", transferWrites]] as const)
  console.log(`  ${name.padEnd(44)} ${f(r.rate, 0).padStart(6)} /s`);
console.log(`  ${"journal verification".padEnd(44)} ${f(verifyRowsPerSecond, 0).padStart(6)} rows/s`);
world.close();
