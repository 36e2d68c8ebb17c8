/**
 * Item 3, against the registry's child process over HTTP on the large county's database:
 *  - set-up: `writeCollectives` village collectives registered with noticeDays 0 (townships 301… of the county, so
 *    they never collide with imported ones), `writeMembers` persons each, admitted, a passing resolution and an
 *    issuance of 100 shares per member;
 *  - `writes` (+ a warm-up share) equity transfers of 1 share applied and approved beforehand (50 workers over fetch),
 *    round-robin over the collectives, then their registering payments fired by autocannon (50 connections, exactly
 *    one request per application, in the same round-robin order);
 *  - as many management-right filings (a 1.8-year lease) on distinct imported plots under active contracts, by
 *    autocannon the same way;
 *  - the bare baseline: bare-server.ts POST /bare/write, one single-row INSERT as one write transaction on the same
 *    database file with the same pragmas, the same number of requests and connections, the payment's body — through
 *    @libsql/client (one commit each, the target's baseline) and through the registry's native driver (which groups
 *    the commits of concurrent requests as the registry does);
 *  - the complete workflow (apply → approve → pay, noticeDays 0) by 50 workers over fetch for `duration` seconds.
 */
import { creditCodeCheckCharacter, organizationCodeCheckCharacter, residentIdCheckCharacter } from "../../src/domain/identifiers/index.js";
import { legalDateOf } from "../../src/lib/clock.js";
import { QUANTIFICATION_RESOLUTION } from "../ops.js";
import { SIZES } from "./common.js";
import { cannon, http, workers, type Load } from "./load.js";
import { startBare, type Server } from "./servers.js";

export interface BenchCollective {
  code: string;
  name: string;
  regionCode: string;
  issuerCode: string;
  members: string[];
}

const pad = (n: number, w: number) => String(n).padStart(w, "0");

/** Collective k (0-based): township 301 + k/10, village 201 + k%10 of county 371083; credit code N2371083MB…. */
export function benchCollectiveKeys(k: number) {
  const regionCode = `371083${pad(301 + Math.floor(k / 10), 3)}${pad(201 + (k % 10), 3)}`;
  const orgBody = `MB${pad(k + 1, 6)}`;
  const first17 = `N2371083${orgBody}${organizationCodeCheckCharacter(orgBody)}`;
  return { code: first17 + creditCodeCheckCharacter(first17), name: `乳山市基准${k + 1}村股份经济合作社`, level: "village" as const, regionCode, issuerCode: `${regionCode}00` };
}

/** Resident ID numbers of Jinan's Lixia district (370102), never generated for the synthetic county. */
export function benchIdNumber(j: number): string {
  const birth = new Date(Date.UTC(1970, 0, 1) + Math.floor(j / 500) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, "");
  const body = `370102${birth}${pad((j % 500) * 2 + 1, 3)}`;
  return body + residentIdCheckCharacter(body);
}

const expectStatus = <R extends { status: number; text: string }>(what: string, res: R, ok: number[]): R => {
  if (!ok.includes(res.status)) throw new Error(`${what}: ${res.status} ${res.text.slice(0, 400)}`);
  return res;
};

export const today = () => legalDateOf(Date.now());

export async function setUpEquity(registry: Server, admin: string): Promise<BenchCollective[]> {
  const out: BenchCollective[] = [];
  const one = async (k: number) => {
    const keys = benchCollectiveKeys(k);
    expectStatus("collective", await http(registry.url, "POST", "/v1/collectives", admin, { ...keys, rules: { noticeDays: 0 } }), [201, 200]);
    const members: string[] = [];
    for (let m = 0; m < SIZES.writeMembers; m++) {
      const person = expectStatus("person", await http(registry.url, "POST", "/v1/persons", admin, { idNumber: benchIdNumber(k * SIZES.writeMembers + m), name: `基准成员${k}-${m}` }), [201, 200]);
      const id = person.body.id as string;
      expectStatus("member", await http(registry.url, "POST", `/v1/collectives/${keys.code}/members`, admin, { personId: id, joinedOn: "2018-11-30", basis: "original" }), [201, 200]);
      members.push(id);
    }
    expectStatus("resolution", await http(registry.url, "POST", `/v1/collectives/${keys.code}/resolutions`, admin, QUANTIFICATION_RESOLUTION), [201, 200]);
    expectStatus(
      "issuance",
      await http(registry.url, "POST", `/v1/collectives/${keys.code}/equity/issuances`, admin, {
        resolutionRef: QUANTIFICATION_RESOLUTION.ref,
        allocations: members.map((personId) => ({ personId, shareClass: "population", shares: "100" })),
      }),
      [201],
    );
    out[k] = { ...keys, members };
    return true;
  };
  const done = await workers({ n: SIZES.writeCollectives, inFlight: 10, job: one });
  if (done.ok !== SIZES.writeCollectives) throw new Error(`equity set-up: ${done.failed} collectives failed: ${done.firstErrors.join(" | ")}`);
  return out;
}

/** The i-th transfer of the run: collective i mod K; in it, giver 2j and receiver 2j+1 (mod members), j = i div K. */
function transferBody(collectives: BenchCollective[], i: number) {
  const c = collectives[i % collectives.length]!;
  const j = Math.floor(i / collectives.length);
  const m = c.members.length;
  return { kind: "equity", collectiveCode: c.code, from: { personId: c.members[(2 * j) % m] }, to: { personId: c.members[(2 * j + 1) % m] }, shares: "1", price: "600.00", agreementSignedOn: today() };
}

const approval = (i: number) => ({ resolutionRef: `基准村理事会决定〔2026〕${i + 1}号`, decidedOn: today() });
const payment = (i: number) => ({ amount: "600.00", paidOn: today(), reference: `乳山农商银行 ${pad(i + 1, 7)}` });

/** Applies and approves transfers `from` … `from + n - 1`; answers the application ids in that order. */
export async function prepareApprovedTransfers(registry: Server, admin: string, collectives: BenchCollective[], from: number, n: number) {
  const ids: string[] = new Array(n);
  const run = await workers({
    n,
    inFlight: SIZES.connections,
    job: async (k) => {
      const i = from + k;
      const applied = expectStatus("apply", await http(registry.url, "POST", "/v1/transfers", admin, transferBody(collectives, i)), [201]);
      const id = applied.body.id as string;
      expectStatus("approve", await http(registry.url, "POST", `/v1/transfers/${id}/approval`, admin, approval(i)), [200]);
      ids[k] = id;
      return true;
    },
  });
  if (run.ok !== n) throw new Error(`preparing transfers: ${run.failed} failed: ${run.firstErrors.join(" | ")}`);
  return { ids, run };
}

/** The registering payments of `ids`, exactly one request each, by autocannon; the first `skip` are the warm-up. */
export function firePayments(registry: Server, admin: string, ids: string[], skip: number): Promise<Load> {
  return cannon(registry.url, {
    connections: SIZES.connections,
    amount: ids.length - skip,
    skip,
    expect: [200],
    next: (k) => ({ method: "POST", path: `/v1/transfers/${ids[k]}/payment`, body: payment(k), headers: { authorization: `Bearer ${admin}` } }),
  });
}

/** One management-right filing on each of `plots` (distinct, under active contracts), by autocannon; the first `skip` warm up. */
export function fileManagementRights(registry: Server, admin: string, plots: string[], skip: number): Promise<Load> {
  return cannon(registry.url, {
    connections: SIZES.connections,
    amount: plots.length - skip,
    skip,
    expect: [201],
    next: (k) => ({
      method: "POST",
      path: `/v1/plots/${plots[k]}/management-rights`,
      body: { kind: "lease", transferee: { name: "乳山市绿源家庭农场" }, startsOn: "2027-01-01", endsOn: "2028-09-30", annualRent: "800.00", contractRef: `流转合同〔2026〕${k + 1}号` },
      headers: { authorization: `Bearer ${admin}` },
    }),
  });
}

/** The bare baseline for writes: its own child on `file`; `skip` warm-up requests, then `n` measured, one run. */
export async function bareWrites(file: string, skip: number, n: number, driver: "client" | "native" = "client"): Promise<Load & { durability: string }> {
  const bare = await startBare(file, driver);
  try {
    const load = await cannon(bare.url, { connections: SIZES.connections, amount: n, skip, expect: [201], next: (k) => ({ method: "POST", path: "/bare/write", body: payment(k) }) });
    return { ...load, durability: bare.durability };
  } finally {
    await bare.stop();
  }
}

/** The whole workflow, apply → approve → pay, by `connections` workers for `seconds`; transfers from `from` on. */
export async function workflow(registry: Server, admin: string, collectives: BenchCollective[], from: number, seconds: number) {
  return workers({
    n: Number.MAX_SAFE_INTEGER,
    inFlight: SIZES.connections,
    seconds,
    job: async (k) => {
      const i = from + k;
      const applied = await http(registry.url, "POST", "/v1/transfers", admin, transferBody(collectives, i));
      if (applied.status !== 201) throw new Error(`apply ${applied.status} ${applied.text.slice(0, 200)}`);
      const approved = await http(registry.url, "POST", `/v1/transfers/${applied.body.id}/approval`, admin, approval(i));
      if (approved.status !== 200) throw new Error(`approve ${approved.status} ${approved.text.slice(0, 200)}`);
      const paid = await http(registry.url, "POST", `/v1/transfers/${applied.body.id}/payment`, admin, payment(i));
      if (paid.status !== 200 || paid.body?.status !== "registered") throw new Error(`pay ${paid.status} ${paid.text.slice(0, 200)}`);
      return true;
    },
  });
}
