/**
 * Item 4a, in process (app.request) on the large county's database once its server has stopped: one plot given
 * back and forth between two single-member households of a bench collective (noticeDays 0) by land-contract
 * transfers walked to registration (apply → approve → pay), one a day on a movable clock, until the plot has
 * `versions` title versions. Then, one request at a time after a warm-up: the plot now, `?asOf=` a date in the
 * middle of its history, its `/history`, and an imported plot of one version for reference.
 */
import { createApp } from "../../src/app.js";
import { legalDateOf, movableClock } from "../../src/lib/clock.js";
import { createIdFactory } from "../../src/lib/ids.js";
import { createKeyring, generateSigningJwk } from "../../src/lib/signing.js";
import { call } from "../ops.js";
import { openLikeServer, percentile, SIZES } from "./common.js";
import type { BenchCollective } from "./writes.js";

export interface Timed {
  name: string;
  n: number;
  rate: number;
  p50: number;
  p99: number;
  bytes: number;
}

const DAY = 86_400_000;

export async function measureHistory(file: string, collective: BenchCollective, referencePlot: string) {
  const start = Date.now() + 2 * DAY;
  const dateAt = (day: number) => legalDateOf(start + day * DAY);
  const clock = movableClock(dateAt(0));
  const { client, db } = await openLikeServer(file);
  const app = createApp({ db, clock, ids: createIdFactory(() => clock.nowMs()), keyring: await createKeyring(await generateSigningJwk()) });
  const ok = async (what: string, p: Promise<{ status: number; text: string; body: any }>, expected = [200, 201]) => {
    const res = await p;
    if (!expected.includes(res.status)) throw new Error(`${what}: ${res.status} ${res.text.slice(0, 400)}`);
    return res;
  };
  try {
    const { code, issuerCode } = collective;
    const [a, b] = [`${issuerCode}0001`, `${issuerCode}0002`];
    const moving = `${issuerCode}00001`;
    for (const [contractor, person] of [[a, collective.members[0]!], [b, collective.members[1]!]] as const)
      await ok("household", call(app, "POST", `/v1/collectives/${code}/households`, { contractorCode: contractor, representativeId: person, members: [{ personId: person, relation: "head", coHolder: true }] }));
    for (let seq = 1; seq <= 3; seq++)
      await ok("plot", call(app, "POST", `/v1/collectives/${code}/plots`, { plotCode: `${issuerCode}${String(seq).padStart(5, "0")}`, areaMu: "1.50", landUse: "cropping", boundaries: { east: "路", south: "渠", west: "张家", north: "李家" } }));
    // A keeps plot 2 and B plot 3 throughout, so that neither contract ever ends; plot 1 moves.
    await ok("contract A", call(app, "POST", `/v1/collectives/${code}/land-contracts`, { contractCode: `${a}J`, contractorCode: a, plotCodes: [moving, `${issuerCode}00002`], startsOn: "1998-10-01", endsOn: "2028-09-30" }));
    await ok("contract B", call(app, "POST", `/v1/collectives/${code}/land-contracts`, { contractCode: `${b}J`, contractorCode: b, plotCodes: [`${issuerCode}00003`], startsOn: "1998-10-01", endsOn: "2028-09-30" }));

    const t0 = performance.now();
    for (let v = 1; v < SIZES.versions; v++) {
      const day = dateAt(v);
      clock.set(day);
      const [from, to] = v % 2 === 1 ? [a, b] : [b, a];
      const applied = await ok("apply", call(app, "POST", "/v1/transfers", { kind: "land-contract", collectiveCode: code, from: { contractorCode: from }, to: { contractorCode: to }, plotCodes: [moving], price: "1000.00", agreementSignedOn: day }));
      await ok("approve", call(app, "POST", `/v1/transfers/${applied.body.id}/approval`, { resolutionRef: `基准村理事会决定〔转让〕${v}号`, decidedOn: day }), [200]);
      const paid = await ok("pay", call(app, "POST", `/v1/transfers/${applied.body.id}/payment`, { amount: "1000.00", paidOn: day, reference: `转账 ${v}` }), [200]);
      if (paid.body.status !== "registered") throw new Error(`transfer ${v} not registered: ${paid.text.slice(0, 300)}`);
    }
    const buildSeconds = (performance.now() - t0) / 1000;
    const history = await ok("history", call(app, "GET", `/v1/plots/${moving}/history`), [200]);
    const versions = (history.body.versions as unknown[]).length;
    if (versions !== SIZES.versions) throw new Error(`the plot has ${versions} title versions, expected ${SIZES.versions}`);

    const m = Math.floor(SIZES.versions / 2);
    const middle = dateAt(m);
    // Transfer m registered on day m: the holder at its end is B after an odd transfer, A after an even one.
    const past = await ok("asOf", call(app, "GET", `/v1/plots/${moving}?asOf=${middle}`), [200]);
    if (past.body.title?.holder?.id !== (m % 2 === 1 ? b : a) || past.body.title?.validFrom !== middle)
      throw new Error(`?asOf=${middle} answered ${JSON.stringify(past.body.title).slice(0, 300)}`);
    const variants = [
      { name: "GET /v1/plots/{code}, 1 version", path: `/v1/plots/${referencePlot}` },
      { name: `GET /v1/plots/{code}, ${versions} versions`, path: `/v1/plots/${moving}` },
      { name: `GET /v1/plots/{code}?asOf=, ${versions} versions`, path: `/v1/plots/${moving}?asOf=${middle}` },
      { name: `GET /v1/plots/{code}/history, ${versions} versions`, path: `/v1/plots/${moving}/history` },
    ].map((v) => ({ ...v, latencies: [] as number[], bytes: 0 }));
    for (let i = 0; i < 50; i++) for (const v of variants) await ok(v.name, call(app, "GET", v.path), [200]);
    // Interleaved, one request at a time: whatever else the machine does weighs on every variant alike.
    for (let i = 0; i < SIZES.reads; i++) {
      for (const v of variants) {
        const t = performance.now();
        const res = await ok(v.name, call(app, "GET", v.path), [200]);
        v.latencies.push(performance.now() - t);
        v.bytes = res.text.length;
      }
    }
    const [reference, now, asOf, chain] = variants.map((v): Timed => {
      const sorted = [...v.latencies].sort((x, y) => x - y);
      const seconds = v.latencies.reduce((a, b) => a + b, 0) / 1000;
      return { name: v.name, n: sorted.length, rate: sorted.length / seconds, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), bytes: v.bytes };
    }) as [Timed, Timed, Timed, Timed];
    return { plot: moving, versions, buildSeconds, transfers: SIZES.versions - 1, reference, now, asOf, chain };
  } finally {
    client.close();
  }
}
