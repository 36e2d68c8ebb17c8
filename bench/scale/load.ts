/**
 * Load generation in the parent process (servers run in children, so the load generator does not share their event
 * loop): autocannon for single requests, and a loop of `inFlight` concurrent workers over fetch for multi-request
 * workflows. Latencies are kept per response (autocannon's 'response' event, in ms with sub-ms precision), not
 * taken from autocannon's integer histogram.
 */
import autocannon from "autocannon";
import { percentile } from "./common.js";

export interface Load {
  /** Completed requests (any status) per second of the run. */
  rate: number;
  /** 2xx responses per second. */
  okRate: number;
  requests: number;
  ok: number;
  seconds: number;
  p50: number;
  p99: number;
  statuses: Record<string, number>;
  errors: number;
  /** The first few bodies answered with an unexpected status. */
  failures: string[];
  /** Every measured latency, ms, sorted (for merging runs). */
  latencies: number[];
}

/** Several runs against the same target as one: counts and seconds add up, percentiles over all latencies. */
export function mergeLoads(loads: Load[]): Load {
  const latencies = loads.flatMap((l) => l.latencies).sort((a, b) => a - b);
  const seconds = loads.reduce((s, l) => s + l.seconds, 0);
  const ok = loads.reduce((s, l) => s + l.ok, 0);
  const statuses: Record<string, number> = {};
  for (const l of loads) for (const [k, v] of Object.entries(l.statuses)) statuses[k] = (statuses[k] ?? 0) + v;
  return {
    rate: latencies.length / seconds,
    okRate: ok / seconds,
    requests: latencies.length,
    ok,
    seconds,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    statuses,
    errors: loads.reduce((s, l) => s + l.errors, 0),
    failures: loads.flatMap((l) => l.failures).slice(0, 3),
    latencies,
  };
}

export interface NextRequest {
  method?: "GET" | "POST";
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * autocannon against `baseUrl` with `connections` keep-alive connections, for `duration` seconds or exactly `amount`
 * requests; `next(i)` gives the i-th request (called once per request sent, in order).
 *
 * The first part of the run warms up on the same connections and is not measured: the first `skipSeconds` of a
 * duration run, or the first `skip` requests of an amount run. A response counts only if its request was sent after
 * that point, and the rate is over the time from that point to the last response. (Measuring a fresh autocannon run
 * would include 50 connections opening at once, whose first requests wait seconds on a busy server.)
 */
export async function cannon(
  baseUrl: string,
  opts: { connections: number; duration?: number; skipSeconds?: number; amount?: number; skip?: number; next: (i: number) => NextRequest; expect?: number[] },
): Promise<Load> {
  let sent = 0;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let ok = 0;
  const failures: string[] = [];
  const expected = opts.expect ?? [200, 201];
  const started = performance.now();
  let measureFrom = opts.amount !== undefined ? (opts.skip ? Infinity : started) : started + (opts.skipSeconds ?? 0) * 1000;
  let lastResponse = started;
  const totalSeconds = (opts.duration ?? 10) + (opts.skipSeconds ?? 0);
  // Without a callback autocannon returns its tracker (an EventEmitter) made thenable; the typings show only the promise.
  const instance = autocannon({
    url: baseUrl,
    connections: opts.connections,
    ...(opts.amount !== undefined ? { amount: opts.amount + (opts.skip ?? 0) } : { duration: totalSeconds }),
    timeout: 30,
    requests: [
      {
        setupRequest: (request) => {
          if (opts.amount !== undefined && sent === (opts.skip ?? 0) && measureFrom === Infinity) measureFrom = performance.now();
          const r = opts.next(sent++);
          const headers: Record<string, string> = { ...(r.headers ?? {}) };
          let body: string | undefined;
          if (r.body !== undefined) {
            body = JSON.stringify(r.body);
            headers["content-type"] = "application/json";
          }
          return { ...request, method: r.method ?? "GET", path: r.path, headers, body };
        },
        onResponse: (status: number, body: string) => {
          if (!expected.includes(status) && failures.length < 3) failures.push(`${status} ${body.slice(0, 300)}`);
        },
      },
    ],
  }) as unknown as autocannon.Instance & Promise<autocannon.Result>;
  instance.on("response", (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    const now = performance.now();
    if (now - responseTime < measureFrom) return; // sent during the warm-up
    lastResponse = now;
    latencies.push(responseTime);
    statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    if (expected.includes(statusCode)) ok++;
  });
  const result = await instance;
  const seconds = (lastResponse - measureFrom) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    rate: latencies.length / seconds,
    okRate: ok / seconds,
    requests: latencies.length,
    ok,
    seconds,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    statuses,
    errors: result.errors + result.timeouts,
    failures,
    latencies,
  };
}

export interface Outcome {
  status: number;
  body: any;
  text: string;
}

/** One JSON request over HTTP (keep-alive, Node's fetch). */
export async function http(baseUrl: string, method: string, path: string, token: string, body?: unknown): Promise<Outcome> {
  const res = await fetch(baseUrl + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: any = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  return { status: res.status, body: parsed, text };
}

/**
 * `n` jobs (or as many as fit in `seconds`), `inFlight` at a time: each worker takes the next job as soon as its
 * previous one finished. A job returns whether it succeeded; its latency is kept either way.
 */
export async function workers(opts: { n: number; inFlight: number; seconds?: number; job: (i: number) => Promise<boolean> }) {
  const latencies: number[] = [];
  let next = 0;
  let ok = 0;
  let failed = 0;
  const firstErrors: string[] = [];
  const started = performance.now();
  const deadline = opts.seconds === undefined ? Infinity : started + opts.seconds * 1000;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= opts.n || performance.now() >= deadline) return;
      const t = performance.now();
      try {
        if (await opts.job(i)) ok++;
        else failed++;
      } catch (error) {
        failed++;
        if (firstErrors.length < 3) firstErrors.push((error as Error).message.slice(0, 300));
      }
      latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: opts.inFlight }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { done: latencies.length, ok, failed, seconds, rate: ok / seconds, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), firstErrors };
}
