/**
 * Item 4b: journal verification over `journalRows` rows. A database of its own (production pragmas, migrated, admin
 * bootstrapped) gets that many journal rows in streams of `journalStreamRows` (a collective's stream each),
 * interleaved as commands of many villages interleave in time, hash-chained exactly as src/storage/commit.ts chains
 * them (canonicalContent, then SHA-256 over "<prevHash>\n<canonical>", which is chainHash): the journal_chain_linked
 * trigger checks every row as it goes in. Raw 500-row INSERTs. Built in a child process (journal-build.ts) while the
 * parent writes the large county's CSVs (untimed work), so that the two overlap on the 2 cores. Then
 * GET /v1/journal/verification as admin, in process and alone, timed; the answer must be valid and count every row.
 */
import { createHash } from "node:crypto";
import type { InStatement, InValue } from "@libsql/client";
import { createApp } from "../../src/app.js";
import { bootstrapAdmin } from "../../src/bootstrap.js";
import { systemClock } from "../../src/lib/clock.js";
import { createIdFactory } from "../../src/lib/ids.js";
import { createKeyring, generateSigningJwk } from "../../src/lib/signing.js";
import { canonicalContent, chainHash, GENESIS_HASH } from "../../src/storage/chain.js";
import { call } from "../ops.js";
import { ADMIN_TOKEN, openLikeServer, SIZES } from "./common.js";

const COLUMNS = ["stream", "stream_seq", "collective_code", "type", "actor", "subject", "data_json", "recorded_at_ms", "prev_hash", "hash"];

export interface JournalBuild {
  rows: number;
  streams: number;
  seconds: number;
}

/** Builds the journal database at `file` (run in a child process: bench/scale/journal-build.ts). */
export async function buildJournal(file: string): Promise<JournalBuild> {
  const { client, db } = await openLikeServer(file);
  await bootstrapAdmin(db, Date.now(), ADMIN_TOKEN, async () => {});
  // A bigger page cache for this bulk load only (streams interleave, so the (stream, stream_seq) index is written all
  // over); the verification opens its own connection with the defaults.
  await client.execute("PRAGMA cache_size = -262144");
  try {
    const rows = SIZES.journalRows;
    const streams = Math.max(1, Math.ceil(rows / SIZES.journalStreamRows));
    const heads: string[] = new Array(streams).fill(GENESIS_HASH);
    const seqs: number[] = new Array(streams).fill(0);
    const code = (s: number) => `N2371083MC${String(s).padStart(7, "0")}X`;
    // The first row must agree with chainHash (the function commit.ts uses); the rest use the same bytes synchronously.
    const probe = canonicalContent({ stream: "s", streamSeq: 1, collectiveCode: null, type: "t", actor: "a", subject: "x", dataJson: "{}", recordedAtMs: 1 })!;
    if ((await chainHash(GENESIS_HASH, probe)) !== createHash("sha256").update(`${GENESIS_HASH}\n${probe}`, "utf8").digest("hex")) throw new Error("chainHash changed: update journal.ts");

    const b0 = performance.now();
    let at = Date.parse("2024-03-01T00:00:00Z");
    let buffer: InValue[][] = [];
    let pending: InStatement[] = [];
    const one = "(" + COLUMNS.map(() => "?").join(",") + ")";
    const statement = (): InStatement => ({ sql: `INSERT INTO journal (${COLUMNS.join(",")}) VALUES ${new Array(buffer.length).fill(one).join(",")}`, args: buffer.flat() });
    for (let r = 0; r < rows; r++) {
      const s = r % streams;
      const stream = code(s);
      const streamSeq = ++seqs[s]!;
      const plotCode = `371083${String(301 + (s % 100)).padStart(3, "0")}20100${String(streamSeq).padStart(5, "0")}`;
      const dataJson = JSON.stringify({ plotCode, collectiveCode: stream, name: "东大田", areaMu: "1.35", areaM2: "900.00", landUse: "cropping", category: "contracted", basicFarmland: true, boundaries: { east: "路", south: "王建国", west: "渠", north: "李秀兰" }, geometry: null });
      at += 7;
      const content = { stream, streamSeq, collectiveCode: stream, type: "plot.registered", actor: "tok_bench_scale_registrar", subject: plotCode, dataJson, recordedAtMs: at };
      const canonical = canonicalContent(content)!;
      const hash = createHash("sha256").update(`${heads[s]}\n${canonical}`, "utf8").digest("hex");
      buffer.push([stream, streamSeq, stream, content.type, content.actor, plotCode, dataJson, at, heads[s]!, hash]);
      heads[s] = hash;
      if (buffer.length === 500) {
        pending.push(statement());
        buffer = [];
        if (pending.length === 20) {
          await client.batch(pending, "write");
          pending = [];
        }
      }
    }
    if (buffer.length) pending.push(statement());
    if (pending.length) await client.batch(pending, "write");
    await client.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    const total = Number((await client.execute("SELECT COUNT(*) FROM journal")).rows[0]![0]);
    return { rows: total, streams: streams + 1, seconds: (performance.now() - b0) / 1000 };
  } finally {
    client.close();
  }
}

/** GET /v1/journal/verification as admin, in process, on the journal database built by buildJournal. */
export async function verifyJournalDb(file: string, expectedRows: number) {
  const { client, db } = await openLikeServer(file);
  try {
    const app = createApp({ db, clock: systemClock, ids: createIdFactory(), keyring: await createKeyring(await generateSigningJwk()) });
    const v0 = performance.now();
    const res = await call(app, "GET", "/v1/journal/verification");
    const seconds = (performance.now() - v0) / 1000;
    if (res.status !== 200 || res.body.valid !== true || res.body.events !== expectedRows)
      throw new Error(`verification: ${res.status} valid=${res.body?.valid} events=${res.body?.events} of ${expectedRows}: ${res.text.slice(0, 300)}`);
    return { rows: expectedRows, streams: (res.body.streams as unknown[]).length, seconds, rate: expectedRows / seconds };
  } finally {
    client.close();
  }
}
