/**
 * Verifying one stream of the hash-chained journal (the chain itself: src/storage/chain.ts). Pure and synchronous:
 * the caller reads the rows and hashes each row's canonical content onto the row's own stored prev_hash (`rehash`,
 * independent of every other row, so a page's hashes can be computed at once); this walk only compares. Once rule 4
 * holds, prev_hash is the previous row's stored hash, so `rehash` is exactly the hash the chain requires.
 * Invariants of a stream, in the order they are checked for each row (the first broken one names the row):
 *  1. the row is readable: its canonical content exists and its stream_seq is an integer (`unreadable`);
 *  2. stream_seq runs 1, 2, 3… without gap (a gap: `missing`, at the first missing stream_seq);
 *  3. the global `seq` increases with stream_seq (`reordered`);
 *  4. prev_hash is the previous row's stored hash, GENESIS for stream_seq 1 (`unlinked`);
 *  5. hash = chainHash(prev_hash, canonical content) (`changed`).
 * A row that breaks rule 4 or 5 and is followed by a row with a lower `seq` was moved, not edited: `reordered`.
 * A chain re-computed from the tampered row on is consistent by construction: only a head hash recorded earlier
 * (`headHash`) reveals it.
 */
export type ChainProblem = "changed" | "missing" | "reordered" | "unreadable" | "unlinked";

export interface ChainRow {
  /** The database's global order (exact, whatever its size). */
  seq: bigint;
  streamSeq: unknown;
  prevHash: unknown;
  hash: unknown;
  /** chainHash(prev_hash as stored, the row's canonical content); null when a field has an unexpected type. */
  rehash: string | null;
}

export interface ChainVerdict {
  events: number;
  /** The stored hash of the stream's last row: what an auditor compares with a head recorded earlier. */
  headHash: string | null;
  valid: boolean;
  firstBadSeq?: number;
  problem?: ChainProblem;
}

/** A walk along one stream, fed row by row in stream_seq order (so that a long stream can be read in pages). */
export class ChainWalk {
  private events = 0;
  private headHash: string | null = null;
  private expectedPrev: string;
  private lastStreamSeq = 0;
  private lastSeq: bigint | null = null;
  private bad: { streamSeq: number; problem: ChainProblem; atEvent: number; seq: bigint } | null = null;

  constructor(genesis: string) {
    this.expectedPrev = genesis;
  }

  push(row: ChainRow): void {
    this.events++;
    this.headHash = typeof row.hash === "string" ? row.hash : null;
    if (this.bad) this.refine(row);
    else this.check(row);
    this.lastSeq = row.seq;
  }

  verdict(): ChainVerdict {
    const { events, headHash } = this;
    if (this.bad) return { events, headHash, valid: false, firstBadSeq: this.bad.streamSeq, problem: this.bad.problem };
    return { events, headHash, valid: true };
  }

  private check(row: ChainRow): void {
    const expected = this.lastStreamSeq + 1;
    const streamSeq = typeof row.streamSeq === "number" && Number.isSafeInteger(row.streamSeq) ? row.streamSeq : null;
    if (row.rehash === null || streamSeq === null) return this.fail(row, streamSeq ?? expected, "unreadable");
    if (streamSeq > expected) return this.fail(row, expected, "missing");
    if (streamSeq < expected) return this.fail(row, streamSeq, "reordered");
    if (this.lastSeq !== null && row.seq <= this.lastSeq) return this.fail(row, streamSeq, "reordered");
    if (row.prevHash !== this.expectedPrev) return this.fail(row, streamSeq, "unlinked");
    if (row.rehash !== row.hash) return this.fail(row, streamSeq, "changed");
    this.expectedPrev = row.hash as string;
    this.lastStreamSeq = streamSeq;
  }

  private fail(row: ChainRow, streamSeq: number, problem: ChainProblem): void {
    this.bad = { streamSeq, problem, atEvent: this.events, seq: row.seq };
  }

  /** The row right after a broken link or hash, with a lower global seq: the two rows changed places. */
  private refine(row: ChainRow): void {
    const bad = this.bad;
    if (!bad || bad.atEvent !== this.events - 1) return;
    if ((bad.problem === "unlinked" || bad.problem === "changed") && row.seq < bad.seq) bad.problem = "reordered";
  }
}

/** A whole stream at once: its rows in stream_seq order. */
export function verifyChain(rows: Iterable<ChainRow>, genesis: string): ChainVerdict {
  const walk = new ChainWalk(genesis);
  for (const row of rows) walk.push(row);
  return walk.verdict();
}
