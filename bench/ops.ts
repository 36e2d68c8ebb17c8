import type { App } from "../src/app.js";
import { plotCode, VILLAGE } from "./fixtures.js";
import { ADMIN_TOKEN } from "./world.js";

export const C = VILLAGE;

export type Outcome = { status: number; text?: string; body?: any };

/** One request to an app in process, as test/support/world.ts sends it (admin token, JSON body). */
export async function call(app: App, method: string, path: string, body?: unknown, extra?: Record<string, string>) {
  const headers: Record<string, string> = { Authorization: `Bearer ${ADMIN_TOKEN}`, ...(extra ?? {}) };
  let payload: string | undefined;
  if (body !== undefined) {
    payload = JSON.stringify(body);
    headers["Content-Type"] = "application/json";
  }
  const res = await app.request(path, { method, headers, body: payload });
  const text = await res.text();
  let parsed: any = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  return { status: res.status, text, body: parsed };
}

export function plotBody(seq: number, areaMu = "1.20") {
  return { plotCode: plotCode(C.issuerCode, seq), areaMu, landUse: "cropping", boundaries: { east: "路", south: "渠", west: "张家", north: "李家" } };
}

/** The passing general meeting's resolution every benchmark issuance refers to (recorded when the register is built). */
export const ISSUANCE_RESOLUTION = {
  ref: "午极村成员大会决议〔2026〕1号（增发）",
  body: "general-meeting",
  heldOn: "2026-01-10",
  eligible: 150,
  present: 120,
  votesFor: 110,
  votesAgainst: 6,
  matters: ["equity-issuance"],
};

/** The quantification of 2021, recorded so that the register's first issuance refers to a passing resolution. */
export const QUANTIFICATION_RESOLUTION = { ...ISSUANCE_RESOLUTION, ref: "午极村成员大会决议〔2021〕2号（折股量化方案）", heldOn: "2021-06-10" };

export function issuanceBody(personId: string) {
  return { resolutionRef: ISSUANCE_RESOLUTION.ref, allocations: [{ personId, shareClass: "population", shares: "1" }] };
}

export interface Driven {
  ok: number;
  errors: Record<string, number>;
  latencies: number[]; // ms, sorted
  seconds: number;
}

/** Runs `n` operations, `inFlight` at a time (Promise.all batches), keeping each one's latency. */
export async function drive(n: number, inFlight: number, op: (i: number) => Promise<Outcome>, isOk: (status: number) => boolean): Promise<Driven> {
  const latencies: number[] = [];
  const errors: Record<string, number> = {};
  let ok = 0;
  const one = async (i: number) => {
    const t = performance.now();
    let out: Outcome;
    try {
      out = await op(i);
    } catch (error) {
      out = { status: 0, text: JSON.stringify({ code: (error as Error).message.slice(0, 60) }) };
    }
    latencies.push(performance.now() - t);
    if (isOk(out.status)) ok++;
    else {
      let code = "";
      try {
        code = JSON.parse(out.text ?? "").code ?? "";
      } catch {
        // not a problem body
      }
      const key = `${out.status}${code ? " " + code : ""}`;
      errors[key] = (errors[key] ?? 0) + 1;
    }
  };
  const start = performance.now();
  for (let i = 0; i < n; i += inFlight) {
    const batch: Promise<void>[] = [];
    for (let j = i; j < Math.min(n, i + inFlight); j++) batch.push(one(j));
    await Promise.all(batch);
  }
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return { ok, errors, latencies, seconds };
}
