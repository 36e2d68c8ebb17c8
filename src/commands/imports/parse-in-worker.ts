/**
 * Runs parse-file.ts for one file in a worker thread and hands its events back as an async iterable. The file's
 * bytes are read here (from any ImportSource: a folder, a zip) and transferred to the worker, at most a few chunks
 * ahead; the worker waits for each batch to be taken once two are unread. Memory stays bounded both ways.
 */
import { Worker } from "node:worker_threads";
import type { NytTable } from "../../domain/nyt2539.js";
import type { ParseEvent, ParseOptions } from "./parse-file.js";

const CHUNKS_IN_FLIGHT = 4;

export async function* parseInWorker(table: NytTable, chunks: AsyncIterable<Uint8Array>, options: ParseOptions): AsyncGenerator<ParseEvent> {
  // From src/ (tsx, vitest) the worker is TypeScript and needs tsx's loader; from dist/ it is plain JavaScript.
  const typescript = import.meta.url.endsWith(".ts");
  const entry = new URL(typescript ? "./parse-worker.ts" : "./parse-worker.js", import.meta.url);
  const worker = typescript
    ? // tsx's API loads the TypeScript entry (and what it imports) inside the worker.
      new Worker(`import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}).then((tsx) => tsx.tsImport(${JSON.stringify(entry.href)}, ${JSON.stringify(import.meta.url)}))`, {
        eval: true,
        workerData: { table, options },
      })
    : new Worker(entry, { workerData: { table, options } });
  const events: ParseEvent[] = [];
  let failure: Error | null = null;
  let inFlight = 0;
  // Two waiters (the pump for 'pull', the reader for events): every message wakes both.
  let waiters: (() => void)[] = [];
  const notify = () => {
    const woken = waiters;
    waiters = [];
    for (const w of woken) w();
  };
  const next = () => new Promise<void>((resolve) => waiters.push(resolve));
  worker.on("message", (m: ParseEvent | { kind: "pull" } | { kind: "failed"; message: string }) => {
    if (m.kind === "pull") inFlight--;
    else if (m.kind === "failed") failure = new Error(`parsing ${table}: ${m.message}`);
    else events.push(m);
    notify();
  });
  worker.on("error", (error) => ((failure = error), notify()));
  worker.on("exit", (code) => {
    if (code !== 0 && !failure) failure = new Error(`the parser of ${table} stopped (exit ${code})`);
    notify();
  });

  let pumpError: unknown = null;
  const pump = (async () => {
    for await (const chunk of chunks) {
      while (inFlight >= CHUNKS_IN_FLIGHT && !failure) await next();
      if (failure) return;
      // A copy of its own, so that transferring it cannot take a buffer another stream still uses (pooled buffers).
      const bytes = new Uint8Array(chunk);
      inFlight++;
      worker.postMessage({ kind: "chunk", bytes }, [bytes.buffer]);
    }
    worker.postMessage({ kind: "end" });
  })().catch((error) => ((pumpError = error), notify()));

  try {
    for (;;) {
      const event = events.shift();
      if (event) {
        if (event.kind === "rows") worker.postMessage({ kind: "ack" });
        yield event;
        if (event.kind === "done") return;
      } else if (pumpError) throw pumpError;
      else if (failure) throw failure;
      else await next();
    }
  } finally {
    await worker.terminate();
    await pump;
  }
}
