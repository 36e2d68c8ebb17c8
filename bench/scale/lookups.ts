/**
 * Items 2 and 5: GET /v1/plots/{plotCode} with a bureau token under autocannon load, beside the bare Hono app doing
 * one primary-key select with the same driver on the same database file; on the small and on the large county.
 *
 * The four servers (registry and bare, small and large) run at once, each in its own process; only the one under
 * load works, the others wait idle. They are measured in turn, in `rounds` rounds (small bare, large bare, small
 * registry, large registry, then again), each window `duration / rounds` seconds after a `warmup`-second warm-up on
 * the same connections, and each target's windows are merged: a machine that slows down for a minute weighs on all
 * four alike, which is what the ratios (registry ÷ bare, large ÷ small) need. Every target is sent the plot codes of
 * its own database's seeded sample in the same order.
 */
import { SIZES } from "./common.js";
import { cannon, http, mergeLoads, type Load } from "./load.js";
import type { Server } from "./servers.js";

/** A bureau token (role bureau, region prefix = the county) issued by the admin over HTTP. */
export async function bureauToken(registry: Server, adminToken: string): Promise<string> {
  const res = await http(registry.url, "POST", "/v1/tokens", adminToken, { role: "bureau", regionPrefix: "371083", label: "乳山市农业农村局（基准测试）" });
  if (res.status !== 201) throw new Error(`bureau token: ${res.status} ${res.text.slice(0, 300)}`);
  return res.body.token as string;
}

export interface LookupTarget {
  name: string;
  url: string;
  codes: string[];
  token: string;
}

export async function measureLookups(targets: LookupTarget[], rounds = 2): Promise<Map<string, Load>> {
  const windows = new Map<string, Load[]>(targets.map((t) => [t.name, []]));
  const turns = new Map<string, number>(targets.map((t) => [t.name, 0]));
  const nextOf = (t: LookupTarget) => () => {
    const turn = turns.get(t.name)!;
    turns.set(t.name, turn + 1);
    return { path: `/v1/plots/${t.codes[turn % t.codes.length]}`, headers: { authorization: `Bearer ${t.token}` } };
  };
  // Warm-up: 200 requests one at a time per target (whatever the first requests initialise is done).
  for (const t of targets) {
    const next = nextOf(t);
    for (let i = 0; i < 200; i++) {
      const res = await http(t.url, "GET", next().path, t.token);
      if (res.status !== 200) throw new Error(`lookup warm-up on ${t.name}: ${res.status} ${res.text.slice(0, 300)}`);
    }
  }
  const seconds = Math.max(1, Math.round(SIZES.duration / rounds));
  for (let r = 0; r < rounds; r++) {
    for (const t of targets) {
      const load = await cannon(t.url, { connections: SIZES.connections, duration: seconds, skipSeconds: SIZES.warmup, next: nextOf(t), expect: [200] });
      if (load.ok !== load.requests) throw new Error(`lookups on ${t.name}: ${load.requests - load.ok} of ${load.requests} answered other than 200: ${JSON.stringify(load.statuses)}`);
      windows.get(t.name)!.push(load);
    }
  }
  return new Map([...windows.entries()].map(([name, loads]) => [name, mergeLoads(loads)]));
}
