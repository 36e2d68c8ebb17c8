/**
 * Streaming CSV rows of one import file: the encoding detected on the first 64 KiB (a UTF-8 byte order mark or
 * valid UTF-8 → UTF-8; otherwise chardet's guess, accepted when it is GB18030/GBK/GB2312), decoded by iconv-lite as
 * a stream and parsed by csv-parse (RFC 4180: quotes, embedded commas and line breaks). Never the whole file in
 * memory: the reader holds one chunk and the parser's current record.
 */
import { Readable } from "node:stream";
import { analyse } from "chardet";
import iconv from "iconv-lite";
import { parse } from "csv-parse";

const SAMPLE_BYTES = 64 * 1024;

export type Encoding = "UTF-8" | "GB18030";

/** The encoding of a file from its first bytes, or null when it is neither UTF-8 nor GB18030. */
export function detectEncoding(sample: Uint8Array): Encoding | null {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return "UTF-8";
  if (validUtf8Prefix(sample)) return "UTF-8";
  const guesses = analyse(Buffer.from(sample.buffer, sample.byteOffset, sample.byteLength));
  const chinese = guesses.find((g) => ["GB18030", "GBK", "GB2312", "Big5", "EUC-KR", "EUC-JP", "Shift_JIS"].includes(g.name));
  return chinese && ["GB18030", "GBK", "GB2312"].includes(chinese.name) ? "GB18030" : null;
}

function validUtf8Prefix(bytes: Uint8Array): boolean {
  // A sample may end inside a character: drop up to 3 trailing bytes of an incomplete sequence.
  let end = bytes.length;
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const b = bytes[end - back]!;
    if ((b & 0xc0) === 0x80) continue; // continuation byte
    if (b >= 0xc0) {
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      if (back < need) end -= back;
    }
    break;
  }
  try {
    new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}

export interface CsvRow {
  /** 1-based line where the record starts (the header is line 1). */
  line: number;
  fields: Record<string, string>;
  /** Fields in the record, for the count check. */
  count: number;
}

export interface CsvFile {
  encoding: Encoding;
  header: string[];
  rows: AsyncIterable<CsvRow>;
}

/**
 * Opens a CSV: reads the sample, detects the encoding, and returns the header and a row iterator. `onBytes` is told
 * of every chunk read (progress). Throws CsvFileError when the encoding is unknown or the header is missing.
 */
export async function openCsv(chunks: AsyncIterable<Uint8Array>, onBytes: (n: number) => void): Promise<CsvFile> {
  const iterator = chunks[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let headBytes = 0;
  let done = false;
  while (headBytes < SAMPLE_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    head.push(next.value);
    headBytes += next.value.byteLength;
    onBytes(next.value.byteLength);
  }
  const sample = Buffer.concat(head.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength)));
  const encoding = detectEncoding(sample.subarray(0, SAMPLE_BYTES));
  if (encoding === null) throw new CsvFileError("import_encoding_unknown", "The file is neither UTF-8 nor GB18030 (GBK); save it as UTF-8 and import again.");

  async function* all(): AsyncGenerator<Uint8Array> {
    if (sample.byteLength > 0) yield sample;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      onBytes(next.value.byteLength);
      yield next.value;
    }
  }
  const parser = Readable.from(all())
    .pipe(iconv.decodeStream(encoding === "UTF-8" ? "utf8" : "gb18030", { stripBOM: true }))
    .pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true, trim: false }));
  const records = parser[Symbol.asyncIterator]() as AsyncIterator<{ record: string[]; info: { lines: number; raw?: string } }>;
  const first = await records.next().catch((e: unknown) => {
    throw new CsvFileError("import_file_unreadable", `The header cannot be read as CSV (${e instanceof Error ? e.message.slice(0, 120) : "error"}).`);
  });
  if (first.done) throw new CsvFileError("import_file_unreadable", "The file is empty: it has no header line.");
  const header = first.value.record.map((h) => h.trim().replace(/^\uFEFF/, ""));
  const keys = header.map(canonicalName);
  let previousEnd = first.value.info.lines;

  async function* rows(): AsyncGenerator<CsvRow> {
    for (;;) {
      let next: IteratorResult<{ record: string[]; info: { lines: number } }>;
      try {
        next = await records.next();
      } catch (e) {
        throw new CsvFileError("import_file_unreadable", `Line ${previousEnd + 1} cannot be read as CSV (${e instanceof Error ? e.message.replace(/\d{15,18}[\dXx]?/g, "…").slice(0, 120) : "error"}).`, previousEnd + 1);
      }
      if (next.done) return;
      const { record, info } = next.value;
      const fields: Record<string, string> = {};
      for (let i = 0; i < keys.length; i++) fields[keys[i]!] = record[i] ?? "";
      yield { line: previousEnd + 1, fields, count: record.length };
      previousEnd = info.lines;
    }
  }
  return { encoding, header: keys, rows: rows() };
}

/** NY/T names are upper case; `collectives.csv` uses camelCase names, kept as they are. */
const CAMEL = new Map(["issuercode", "creditcode", "level", "name"].map((n) => [n, { issuercode: "issuerCode", creditcode: "creditCode", level: "level", name: "name" }[n]!]));
function canonicalName(h: string): string {
  return /^[A-Za-z_]+$/.test(h) ? (CAMEL.get(h.toLowerCase()) ?? h.toUpperCase()) : h;
}

export class CsvFileError extends Error {
  constructor(
    readonly code: "import_encoding_unknown" | "import_file_unreadable",
    readonly detail: string,
    readonly line = 0,
  ) {
    super(detail);
  }
}
