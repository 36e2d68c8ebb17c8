import { describe, expect, it } from "vitest";
import { ChainWalk, verifyChain, type ChainRow } from "../../src/domain/journal-chain.js";
import { canonicalContent, chainHash, GENESIS_HASH } from "../../src/storage/chain.js";

/**
 * The chain walk on its own: rows of one stream, built with the registry's real canonical content and hash, then
 * changed, removed, moved or made unreadable the way an attacker with the database file could.
 */
interface Stored {
  seq: number;
  streamSeq: unknown;
  dataJson: unknown;
  recordedAtMs: unknown;
  prevHash: unknown;
  hash: unknown;
}

async function chain(length: number): Promise<Stored[]> {
  const rows: Stored[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= length; i++) {
    const row = { seq: i * 10, streamSeq: i, dataJson: JSON.stringify({ n: i }), recordedAtMs: 1_700_000_000_000 + i, prevHash: prev, hash: "" };
    row.hash = await chainHash(prev, canonicalContent(content(row))!);
    prev = row.hash;
    rows.push(row);
  }
  return rows;
}

const content = (row: Stored) => ({
  stream: "N2371083MA0QW7T334",
  streamSeq: row.streamSeq,
  collectiveCode: "N2371083MA0QW7T334",
  type: "member.admitted",
  actor: "tok_admin",
  subject: "prs_1",
  dataJson: row.dataJson,
  recordedAtMs: row.recordedAtMs,
});

/** As the command reads them: each row's content hashed onto its own stored prev_hash. */
const asChainRows = (rows: Stored[]): Promise<ChainRow[]> =>
  Promise.all(
    rows.map(async (r) => {
      const canonical = canonicalContent(content(r));
      const rehash = canonical === null ? null : await chainHash(typeof r.prevHash === "string" ? r.prevHash : "", canonical);
      return { seq: BigInt(r.seq), streamSeq: r.streamSeq, prevHash: r.prevHash, hash: r.hash, rehash };
    }),
  );

const verify = async (rows: Stored[]) => verifyChain(await asChainRows(rows), GENESIS_HASH);

const swap = <K extends keyof Stored>(rows: Stored[], i: number, keys: K[]) => {
  const [a, b] = [rows[i]!, rows[i + 1]!];
  for (const key of keys) [a[key], b[key]] = [b[key], a[key]];
};

describe("verifyChain", () => {
  it("accepts an intact stream: its events and the last row's hash as head", async () => {
    const rows = await chain(5);
    expect(await verify(rows)).toEqual({ events: 5, headHash: rows[4]!.hash, valid: true });
  });

  it("accepts an empty stream with no head", async () => {
    expect(await verify([])).toEqual({ events: 0, headHash: null, valid: true });
  });

  it.each<[string, (rows: Stored[]) => Stored[], number, string]>([
    ["a changed data field", (r) => ((r[2]!.dataJson = '{"n":99}'), r), 3, "changed"],
    ["a changed hash", (r) => ((r[3]!.hash = "f".repeat(64)), r), 4, "changed"],
    ["a changed first row", (r) => ((r[0]!.recordedAtMs = 1), r), 1, "changed"],
    ["a changed prev_hash", (r) => ((r[2]!.prevHash = "e".repeat(64)), r), 3, "unlinked"],
    ["a first row not linked to GENESIS", (r) => ((r[0]!.prevHash = null), r), 1, "unlinked"],
    ["a removed middle row", (r) => r.filter((x) => x.streamSeq !== 3), 3, "missing"],
    ["a removed first row", (r) => r.slice(1), 1, "missing"],
    ["a removed row, the rest renumbered", (r) => r.filter((x) => x.streamSeq !== 3).map((x, i) => ({ ...x, streamSeq: i + 1 })), 3, "unlinked"],
    ["two rows' contents exchanged", (r) => (swap(r, 1, ["dataJson", "recordedAtMs"]), r), 2, "changed"],
    [
      "two rows' stream_seq exchanged (read back in stream_seq order)",
      (r) => {
        swap(r, 1, ["streamSeq"]);
        return [r[0]!, r[2]!, r[1]!, ...r.slice(3)];
      },
      2,
      "reordered",
    ],
    ["a global seq that does not increase", (r) => ((r[3]!.seq = 5), r), 4, "reordered"],
    ["data_json as a BLOB", (r) => ((r[1]!.dataJson = new Uint8Array([0, 255])), r), 2, "unreadable"],
    ["recorded_at_ms as text", (r) => ((r[1]!.recordedAtMs = "abc"), r), 2, "unreadable"],
    ["recorded_at_ms as a float", (r) => ((r[1]!.recordedAtMs = 1.5), r), 2, "unreadable"],
    ["stream_seq out of range, read back as text", (r) => ((r[4]!.streamSeq = "out of range"), r), 5, "unreadable"],
  ])("refuses %s, naming the first bad stream_seq", async (_name, tamper, firstBadSeq, problem) => {
    const rows = tamper(await chain(5));
    const verdict = await verify(rows);
    expect(verdict).toMatchObject({ valid: false, firstBadSeq, problem, events: rows.length });
    expect(verdict.headHash).toBe(typeof rows[rows.length - 1]!.hash === "string" ? rows[rows.length - 1]!.hash : null);
  });

  it("cannot tell a chain re-computed from the tampered row on: only the head hash changes", async () => {
    const rows = await chain(4);
    const headBefore = rows[3]!.hash;
    rows[1]!.dataJson = '{"n":"forged"}';
    let prev = rows[0]!.hash as string;
    for (const row of rows.slice(1)) {
      row.prevHash = prev;
      row.hash = await chainHash(prev, canonicalContent(content(row))!);
      prev = row.hash as string;
    }
    const verdict = await verify(rows);
    expect(verdict.valid).toBe(true);
    expect(verdict.headHash).not.toBe(headBefore);
  });
});

describe("ChainWalk", () => {
  it("gives the same verdict fed a row at a time, across pages, as all at once", async () => {
    const rows = await chain(6);
    rows[2]!.dataJson = "{}";
    const walk = new ChainWalk(GENESIS_HASH);
    const read = await asChainRows(rows);
    for (const page of [read.slice(0, 2), read.slice(2, 5), read.slice(5)]) for (const row of page) walk.push(row);
    expect(walk.verdict()).toEqual(await verify(rows));
    expect(walk.verdict()).toEqual({ events: 6, headHash: rows[5]!.hash, valid: false, firstBadSeq: 3, problem: "changed" });
  });
});
