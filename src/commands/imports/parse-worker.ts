/**
 * The worker thread that parses one file of an import (parse-file.ts), so that parsing and the database's writes run
 * on the two cores at once. Bytes come in as transferred chunks ('chunk', then 'end'); each chunk taken is answered
 * with 'pull' (the sender keeps a few in flight); parsed batches go out and wait for 'ack' when two are unread.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { NytTable } from "../../domain/nyt2539.js";
import { parseFile, type ParseOptions } from "./parse-file.js";

const port = parentPort!;
const { table, options } = workerData as { table: NytTable; options: ParseOptions };
const queue: Uint8Array[] = [];
let ended = false;
let outstanding = 0;
// Two may wait at once (the stream reading ahead for chunks, the loop below for acks): every message wakes both.
let waiters: (() => void)[] = [];

port.on("message", (m: { kind: "chunk"; bytes: Uint8Array } | { kind: "end" } | { kind: "ack" }) => {
  if (m.kind === "chunk") queue.push(m.bytes);
  else if (m.kind === "end") ended = true;
  else outstanding--;
  const woken = waiters;
  waiters = [];
  for (const w of woken) w();
});
const waitForMessage = () => new Promise<void>((resolve) => waiters.push(resolve));

async function* chunks(): AsyncGenerator<Uint8Array> {
  for (;;) {
    const chunk = queue.shift();
    if (chunk) {
      port.postMessage({ kind: "pull" });
      yield chunk;
    } else if (ended) return;
    else await waitForMessage();
  }
}

try {
  for await (const event of parseFile(table, chunks(), options)) {
    port.postMessage(event);
    if (event.kind === "rows") {
      outstanding++;
      while (outstanding > 2) await waitForMessage();
    }
  }
} catch (error) {
  port.postMessage({ kind: "failed", message: error instanceof Error ? error.message : String(error) });
}
