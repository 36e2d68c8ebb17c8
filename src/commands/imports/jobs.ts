/**
 * County imports run as jobs of the Node process (POST /v1/imports): the upload is streamed to a file, the job id is
 * answered at once, and the import runs in the background with its progress kept on the job (GET /v1/imports/{id}).
 * One job at a time per process. A job is the import run itself: its id is the import id of the `imports` table,
 * so a job this process no longer holds (ended more than 24 h ago, or before a restart) is answered from there.
 * Node only (files, yauzl): Workers have no `deps.imports` and answer 501.
 */
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdir, readdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { DomainError } from "../../domain/errors.js";
import type { Clock } from "../../lib/clock.js";
import type { IdFactory } from "../../lib/ids.js";
import { importCounty, STALE_LOCK_MS } from "./import-county.js";
import type { ImportDeps, ImportProgress, ImportReport } from "./types.js";
import { ZipPackageError, zipSource } from "./zip-source.js";

export type ImportJobStatus = "running" | "completed" | "unchanged" | "refused" | "failed";

export interface ImportJobView {
  jobId: string;
  status: ImportJobStatus;
  /** Latest progress; null for a job read back from the `imports` table (this process does not run it). */
  progress: ImportProgress | null;
  startedAtMs: number;
  endedAtMs: number | null;
  /** Once ended (completed, unchanged, refused): the import's report. */
  report?: ImportReport;
  /** A failed job: why (`import_in_progress`, `import_file_unreadable`, `internal`). */
  error?: { code: string; detail: string };
}

export type ImportSubmission =
  | { ok: true; jobId: string }
  | { ok: false; code: "import_in_progress" | "payload_too_large" | "import_file_unreadable"; detail: string };

/** What the HTTP layer sees of the job runner (deps.imports): no Node types, so app.ts stays runtime-neutral. */
export interface ImportJobsPort {
  /** True while a job of this process is receiving its upload or running. */
  busy(): boolean;
  /** Streams the upload to a file, checks it is a usable zip, and starts the job; answers once the upload is stored. */
  submit(body: ReadableStream<Uint8Array>, request: { actor: string; county: string | null; contentLength: number | null }): Promise<ImportSubmission>;
  /** The job, or null when neither this process nor the county's `imports` table knows it. */
  get(jobId: string, county: string | null): Promise<ImportJobView | null>;
}

/** The database an import targets: the county's in a routed deployment, else the one database. */
export type ImportTarget = Pick<ImportDeps, "db" | "client"> & { routed: boolean };

export interface ImportJobsOptions {
  target: (county: string | null) => ImportTarget;
  clock: Clock;
  ids: IdFactory;
  /** Where uploads are written while their job runs (a disk, not a RAM-backed /tmp: a county is gigabytes). */
  uploadDir: string;
  /** Default 4 GiB. */
  maxUploadBytes?: number;
  /** How long an ended job stays in memory; default 24 h. */
  keepMs?: number;
  log?: (line: string) => void;
}

export const MAX_UPLOAD_BYTES = 4 * 1024 ** 3;
const KEEP_MS = 24 * 60 * 60 * 1000;
const UPLOAD_NAME = /^imp_[0-9a-z]+\.zip(\.part)?$/;

interface Job extends ImportJobView {
  done: Promise<void>;
}

export class ImportJobs implements ImportJobsPort {
  private readonly jobs = new Map<string, Job>();
  private receiving = 0;
  private readonly maxUploadBytes: number;
  private readonly keepMs: number;
  private readonly log: (line: string) => void;

  constructor(private readonly options: ImportJobsOptions) {
    this.maxUploadBytes = options.maxUploadBytes ?? MAX_UPLOAD_BYTES;
    this.keepMs = options.keepMs ?? KEEP_MS;
    this.log = options.log ?? ((line) => console.error(line));
  }

  busy(): boolean {
    return this.receiving > 0 || [...this.jobs.values()].some((j) => j.status === "running");
  }

  async submit(body: ReadableStream<Uint8Array>, request: { actor: string; county: string | null; contentLength: number | null }): Promise<ImportSubmission> {
    if (this.busy()) return { ok: false, code: "import_in_progress", detail: "This service is already running an import; send this package when it has ended (GET /v1/imports/{importId})." };
    if (request.contentLength !== null && request.contentLength > this.maxUploadBytes) {
      await body.cancel().catch(() => undefined);
      return { ok: false, code: "payload_too_large", detail: `A package is at most ${this.maxUploadBytes} bytes; this one is ${request.contentLength}.` };
    }
    this.receiving++;
    const jobId = this.options.ids("imp");
    const path = join(this.options.uploadDir, `${jobId}.zip`);
    let started = false;
    try {
      const stored = await this.receive(body, path);
      if (!stored.ok) return { ok: false, code: "payload_too_large", detail: `A package is at most ${this.maxUploadBytes} bytes; the upload went past that and was dropped.` };
      let source;
      try {
        source = await zipSource(path);
      } catch (error) {
        if (error instanceof ZipPackageError) return { ok: false, code: "import_file_unreadable", detail: error.detail };
        throw error;
      }
      const target = this.options.target(request.county);
      this.start({ db: target.db, client: target.client, clock: this.options.clock, ids: this.options.ids, routed: target.routed, county: request.county }, path, request.actor, { jobId, source });
      started = true;
      return { ok: true, jobId };
    } finally {
      this.receiving--;
      if (!started) await rm(path, { force: true }).catch(() => undefined);
    }
  }

  /**
   * Starts an import of the zip at `uploadPath` and returns at once; the file is deleted when the job ends.
   * (`submit` passes the zip it has already opened.)
   */
  start(deps: ImportDeps, uploadPath: string, actor: string, given: { jobId?: string; source?: Awaited<ReturnType<typeof zipSource>> } = {}): { jobId: string } {
    const jobId = given.jobId ?? deps.ids("imp");
    const job: Job = {
      jobId,
      status: "running",
      progress: { phase: "reading", rows: 0, bytesRead: 0, totalBytes: 0, rowsPerSecond: 0, secondsLeft: null },
      startedAtMs: this.options.clock.nowMs(),
      endedAtMs: null,
      done: Promise.resolve(),
    };
    this.evict();
    this.jobs.set(jobId, job);
    job.done = this.run(job, deps, uploadPath, actor, given.source);
    return { jobId };
  }

  async get(jobId: string, county: string | null): Promise<ImportJobView | null> {
    this.evict();
    const job = this.jobs.get(jobId);
    if (job) return view(job);
    return this.fromTable(jobId, county);
  }

  /** Resolves when the job has ended (tests; a graceful shutdown). */
  async settled(jobId: string): Promise<ImportJobView | null> {
    const job = this.jobs.get(jobId);
    if (!job) return null;
    await job.done;
    return view(job);
  }

  /** Deletes uploads left by a process that stopped while its job ran (call once at start, before any job). */
  async removeLeftovers(): Promise<number> {
    const names = await readdir(this.options.uploadDir).catch(() => [] as string[]);
    const stale = names.filter((n) => UPLOAD_NAME.test(n));
    await Promise.all(stale.map((n) => rm(join(this.options.uploadDir, n), { force: true })));
    return stale.length;
  }

  /** The body to `path`, chunk by chunk with backpressure (pipeline); stops past the size limit. */
  private async receive(body: ReadableStream<Uint8Array>, path: string): Promise<{ ok: boolean }> {
    await mkdir(this.options.uploadDir, { recursive: true });
    const max = this.maxUploadBytes;
    let bytes = 0;
    let tooLarge = false;
    const file = createWriteStream(path + ".part", { mode: 0o600 });
    try {
      await pipeline(async function* () {
        for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
          bytes += chunk.byteLength;
          if (bytes > max) {
            tooLarge = true;
            throw new Error("upload too large"); // leaving the loop cancels the request body
          }
          yield chunk;
        }
      }, file);
    } catch (error) {
      // The stream opens its file asynchronously: wait until it is closed, or rm could run before the open.
      if (!file.closed) await once(file, "close").catch(() => undefined);
      await rm(path + ".part", { force: true });
      if (tooLarge) return { ok: false };
      throw error;
    }
    await rename(path + ".part", path);
    return { ok: true };
  }

  private async run(job: Job, deps: ImportDeps, uploadPath: string, actor: string, opened?: Awaited<ReturnType<typeof zipSource>>): Promise<void> {
    let source = opened;
    let ended: Pick<ImportJobView, "status" | "report" | "error">;
    try {
      source ??= await zipSource(uploadPath);
      const report = await importCounty(deps, source, { actor, importId: job.jobId, onProgress: (p) => (job.progress = p) });
      ended = { status: report.status, report };
    } catch (error) {
      ended = { status: "failed", error: failureOf(error, job.jobId) };
      if (ended.error!.code === "internal") {
        const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        // Masked like every log line: an ID number never reaches the log.
        this.log(JSON.stringify({ level: "error", importId: job.jobId, error: message.replace(/\b\d{14,17}[\dXx]\b/g, (m) => m.slice(0, 4) + "*".repeat(m.length - 8) + m.slice(-4)) }));
      }
    }
    // The job's end, all at once: a reader never sees an ended status without its end time and report.
    source?.close();
    Object.assign(job, ended, { endedAtMs: this.options.clock.nowMs() });
    if (job.progress) job.progress = { ...job.progress, phase: "done", secondsLeft: 0 };
    await rm(uploadPath, { force: true }).catch(() => undefined);
  }

  /** Ended jobs older than `keepMs` leave memory (their `imports` row remains). */
  private evict(): void {
    const before = this.options.clock.nowMs() - this.keepMs;
    for (const [id, job] of this.jobs) if (job.endedAtMs !== null && job.endedAtMs < before) this.jobs.delete(id);
  }

  private async fromTable(jobId: string, county: string | null): Promise<ImportJobView | null> {
    if (!/^imp_[0-9a-z]{1,40}$/.test(jobId)) return null;
    const { client } = this.options.target(county);
    const { rows } = await client.execute({
      sql: "SELECT status, started_at_ms, heartbeat_at_ms, finished_at_ms, report_json FROM imports WHERE id = ?",
      args: [jobId],
    });
    const row = rows[0];
    if (!row) return null;
    const base = {
      jobId,
      progress: null,
      startedAtMs: Number(row.started_at_ms),
      endedAtMs: row.finished_at_ms === null ? null : Number(row.finished_at_ms),
    };
    const status = String(row.status) as ImportJobStatus;
    if (status === "running") {
      // Run by another process (npm run import) while it beats; otherwise it stopped with its process.
      if (Number(row.heartbeat_at_ms) > Date.now() - STALE_LOCK_MS) return { ...base, status };
      return {
        ...base,
        status: "failed",
        error: { code: "internal", detail: "The run stopped without ending (its process stopped); nothing it read was made live. Send the package again." },
      };
    }
    if (status === "failed")
      return { ...base, status, error: { code: "internal", detail: "The run failed (another import held one of its collectives, or an error the service log names); nothing it read was made live." } };
    return { ...base, status, ...(row.report_json ? { report: JSON.parse(String(row.report_json)) as ImportReport } : {}) };
  }
}

function failureOf(error: unknown, jobId: string): { code: string; detail: string } {
  if (error instanceof DomainError) return { code: error.code, detail: error.detail };
  if (error instanceof ZipPackageError) return { code: "import_file_unreadable", detail: error.detail };
  return { code: "internal", detail: `The import stopped on an unexpected error; nothing it read was made live. Quote import ${jobId} when reporting it.` };
}

function view(job: Job): ImportJobView {
  const { done: _, ...rest } = job;
  return { ...rest };
}
