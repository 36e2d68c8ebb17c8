/**
 * Shared by the county-scale benchmark (bench/scale.ts) and its child processes: sizes from the environment, the
 * production way of opening a database, child-process plumbing, small formatting helpers.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";
import type { Client } from "@libsql/client";
import { openDatabase } from "../../src/open-database.js";
import type { Db } from "../../src/storage/db.js";
export { mulberry32 } from "../fixtures.js";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** bench/world.ts ADMIN_TOKEN (not imported: that module loads the whole app, and the bare server must not). */
export const ADMIN_TOKEN = "bench-admin-token-0123456789";

const envInt = (name: string, fallback: number) => {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  if (!/^\d+$/.test(raw)) throw new Error(`${name} must be a whole number, not ${raw}`);
  return Number(raw);
};

/** Every size of the run; each can be overridden by its environment variable (BENCH_HOUSEHOLDS=3000 for a quick run). */
export const SIZES = {
  /** Item 1/2/5: the large county (300,000 households ≈ 1.65 M plots). */
  households: envInt("BENCH_HOUSEHOLDS", 300_000),
  /** Item 1: the bare baseline inserts at most this many of the county's CSV rows (bare-insert.ts says why). */
  bareRows: envInt("BENCH_BARE_ROWS", 1_500_000),
  /** Item 5: the small county (1,800 households ≈ 10,000 plots). */
  smallHouseholds: envInt("BENCH_SMALL_HOUSEHOLDS", 1_800),
  /** Seconds of each autocannon run (lookups, bare baselines). */
  duration: envInt("BENCH_DURATION", 10),
  /** Seconds of warm-up before each measured autocannon run. */
  warmup: envInt("BENCH_WARMUP", 2),
  connections: envInt("BENCH_CONNECTIONS", 50),
  /** Distinct plot codes cycled by the lookup runs. */
  lookupSample: envInt("BENCH_LOOKUP_SAMPLE", 10_000),
  /** Item 3: registering payments fired (= approved applications prepared), and management-right filings. */
  writes: envInt("BENCH_WRITES", 1_000),
  /** Item 3: collectives (noticeDays 0) the equity transfers are spread over, and members of each. */
  writeCollectives: envInt("BENCH_WRITE_COLLECTIVES", 100),
  writeMembers: envInt("BENCH_WRITE_MEMBERS", 10),
  /** Item 4: title versions of the one plot, and the journal rows verified. */
  versions: envInt("BENCH_VERSIONS", 100),
  journalRows: envInt("BENCH_JOURNAL_ROWS", 1_000_000),
  /** Rows per journal stream in the verification database (a collective's stream). */
  journalStreamRows: envInt("BENCH_JOURNAL_STREAM_ROWS", 1_000),
  /** Item 4: sequential in-process reads per variant. */
  reads: envInt("BENCH_READS", 300),
  seed: envInt("BENCH_SEED", 1),
};

/**
 * Opens a database file exactly as the server does (src/open-database.ts: the production pragmas, migrations, a
 * legacy journal sealed), so that every process of the benchmark, baselines included, runs with production durability.
 */
export async function openLikeServer(file: string, opts: { serving?: boolean } = {}): Promise<{ client: Client; db: Db }> {
  return openDatabase(`file:${file}`, undefined, () => {}, opts);
}

/** What the connection runs with, read back (for the report). */
export async function durability(client: Client) {
  const one = async (pragma: string) => String((await client.execute(`PRAGMA ${pragma}`)).rows[0]?.[0]);
  const synchronous = ["OFF", "NORMAL", "FULL", "EXTRA"][Number(await one("synchronous"))] ?? "?";
  return { journalMode: await one("journal_mode"), synchronous, busyTimeoutMs: Number(await one("busy_timeout")) };
}

// ---- child processes --------------------------------------------------------------------------------------------------

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

/** Every child this process started and that has not exited yet, so that an interrupted run leaves none behind. */
const children = new Set<ChildProcess>();
function track(child: ChildProcess) {
  children.add(child);
  child.once("exit", () => children.delete(child));
}

/** Kills (SIGKILL, by PID) every child still running: for an interrupted or failed run. */
export function killChildren() {
  for (const child of children) if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) process.kill(child.pid, "SIGKILL");
}

/**
 * The flags that make a child node run TypeScript as this process does: the `tsx` CLI starts node with its preflight
 * and loader (`--require …/preflight.cjs --import …/loader.mjs`), and children get the same, one process each (no
 * wrapper: killing the PID kills the work), and worker threads (the import's parsers) load TypeScript the same way.
 * Outside tsx: `--import tsx`.
 */
function tsxArgs(): string[] {
  return process.execArgv.some((a) => a.includes("tsx")) ? [...process.execArgv] : ["--import", "tsx"];
}

export interface Child {
  child: ChildProcess;
  pid: number;
  lines: string[];
  stop(): Promise<void>;
}

/**
 * Starts `<script>` (a TypeScript entry, run without compiling; see tsxArgs) and resolves once it prints a line
 * matching `ready`. Stopped by its own PID (SIGTERM, then SIGKILL), never by name.
 */
export async function startChild(script: string, args: string[], env: Record<string, string>, ready: RegExp, timeoutMs = 120_000): Promise<Child> {
  const child = spawn(process.execPath, [...tsxArgs(), script, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  track(child);
  const lines: string[] = [];
  const errors: string[] = [];
  createInterface({ input: child.stderr! }).on("line", (l) => errors.push(l));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${script} did not start within ${timeoutMs / 1000} s: ${errors.join("\n")}`));
    }, timeoutMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited ${code}: ${errors.slice(-30).join("\n")}`));
    });
    createInterface({ input: child.stdout! }).on("line", (line) => {
      lines.push(line);
      if (ready.test(line)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return {
    child,
    pid: child.pid!,
    lines,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const kill = setTimeout(() => child.kill("SIGKILL"), 5000);
        child.once("exit", () => {
          clearTimeout(kill);
          resolve();
        });
        process.kill(child.pid!, "SIGTERM");
      }),
  };
}

/** Runs a TypeScript entry to completion; its last stdout line is JSON (the result). Other lines are echoed, indented. */
export function runChildJson<T>(script: string, args: string[], env: Record<string, string> = {}, echo = true): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...tsxArgs(), script, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    track(child);
    const errors: string[] = [];
    let last = "";
    createInterface({ input: child.stderr! }).on("line", (l) => errors.push(l));
    createInterface({ input: child.stdout! }).on("line", (line) => {
      if (line.startsWith("{")) last = line;
      else if (echo) console.log(`    ${line}`);
    });
    child.once("exit", (code) => {
      if (code !== 0) return reject(new Error(`${script} exited ${code}: ${errors.slice(-30).join("\n")}`));
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${script} printed no result: ${errors.slice(-10).join("\n")}`));
      }
    });
  });
}

/** Peak resident set of this process, in bytes (the kernel's high-water mark). */
export function peakRssBytes(): number {
  try {
    const status = readFileSync("/proc/self/status", "utf8");
    const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
    if (hwm) return Number(hwm[1]) * 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS * 1024;
}

// ---- numbers ---------------------------------------------------------------------------------------------------------

export const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
export const int = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString("en-US") : "–");
export const fmt = (x: number) => (!Number.isFinite(x) ? "–" : Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2));
export const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;

export function printTable(rows: string[][], leftCols: number[] = [0]) {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((line) => (line[col] ?? "").length)));
  for (const [i, line] of rows.entries()) {
    console.log(
      "  " +
        line
          .map((cell, col) => (leftCols.includes(col) ? cell.padEnd(widths[col]!) : cell.padStart(widths[col]!)))
          .join("  ")
          .trimEnd(),
    );
    if (i === 0) console.log("  " + widths.map((w) => "-".repeat(w)).join("  "));
  }
}
