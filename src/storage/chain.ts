import { createHash } from "node:crypto";

/**
 * The journal's hash chain, one per stream: a row's hash is SHA-256 over its predecessor's hash and its own
 * canonical content, so changing, removing or reordering any row breaks every hash after it in that stream.
 * Streams chain independently: collectives never wait on each other.
 */
export const GENESIS_HASH = "0".repeat(64);

export interface ChainedContent {
  stream: unknown;
  streamSeq: unknown;
  collectiveCode: unknown;
  type: unknown;
  actor: unknown;
  subject: unknown;
  dataJson: unknown;
  recordedAtMs: unknown;
}

/**
 * The canonical text a row's hash covers: a JSON array of its fields in a fixed order, behind a version tag.
 * A field of an unexpected type (a BLOB, a float where an integer belongs) makes the row unreadable: null.
 */
export function canonicalContent(row: ChainedContent): string | null {
  const text = (v: unknown, nullable = false) => typeof v === "string" || (nullable && v === null);
  const int = (v: unknown) => (typeof v === "number" && Number.isSafeInteger(v)) || typeof v === "bigint";
  if (!text(row.stream) || !int(row.streamSeq) || !text(row.collectiveCode, true) || !text(row.type) || !text(row.actor)) return null;
  if (!text(row.subject) || !text(row.dataJson) || !int(row.recordedAtMs)) return null;
  return JSON.stringify([
    "journal/1",
    row.stream,
    Number(row.streamSeq),
    row.collectiveCode,
    row.type,
    row.actor,
    row.subject,
    row.dataJson,
    Number(row.recordedAtMs),
  ]);
}

/**
 * SHA-256 of the predecessor's hash and the canonical content, as hex. `node:crypto` (Node, and Workers with
 * nodejs_compat) hashes synchronously: verifying a county's journal is hashing-bound, and Web Crypto's async digest
 * measured about 10× slower per row here. Same bytes, same hash as `sha256Hex` (lib/hash.ts).
 */
export async function chainHash(prevHash: string, canonical: string): Promise<string> {
  return createHash("sha256").update(`${prevHash}\n${canonical}`, "utf8").digest("hex");
}
