/**
 * An import package uploaded as a zip (POST /v1/imports). Node only: the zip is a file on disk (the upload is
 * streamed there first), read with yauzl: the central directory once, then each CSV streamed out of it on demand,
 * never a whole entry in memory.
 *
 * Which entries count: files at the top of the zip, or — when the top holds no CSV — the files of its one top-level
 * folder (what "Send to → Compressed folder" on a folder makes). Deeper folders, `__MACOSX/` and dot files are
 * ignored. An entry with an absolute path or a `..` segment refuses the whole zip, as does a name listed twice.
 */
import type { Readable } from "node:stream";
import yauzl, { type Entry, type ZipFile } from "yauzl";
import type { ImportSource } from "./types.js";

/** The zip cannot be used as a package: not a zip, an unsafe or duplicated entry name, an encrypted entry, too big. */
export class ZipPackageError extends Error {
  constructor(readonly detail: string) {
    super(detail);
    this.name = "ZipPackageError";
  }
}

export interface ZipSource extends ImportSource {
  /** Closes the zip file; `open` fails afterwards. */
  close(): void;
}

/** Declared uncompressed size, all chosen entries together (yauzl checks each entry's stream against it). */
export const MAX_UNCOMPRESSED_BYTES = 64 * 1024 ** 3;

export async function zipSource(zipPath: string, options: { maxUncompressedBytes?: number } = {}): Promise<ZipSource> {
  let zip: ZipFile;
  try {
    zip = await yauzl.openPromise(zipPath, { lazyEntries: true, autoClose: false, decodeStrings: true, validateEntrySizes: true, strictFileNames: false });
  } catch (error) {
    throw new ZipPackageError(`The upload is not a readable zip archive (${messageOf(error)}).`);
  }
  try {
    const entries = await readEntries(zip);
    const chosen = choose(entries);
    const total = [...chosen.values()].reduce((s, e) => s + e.uncompressedSize, 0);
    const max = options.maxUncompressedBytes ?? MAX_UNCOMPRESSED_BYTES;
    if (total > max) throw new ZipPackageError(`The zip's files would unpack to ${total} bytes; at most ${max} are accepted.`);
    const byName = (name: string): Entry => {
      const entry = chosen.get(name);
      if (!entry) throw new Error(`no file ${name} in the zip`);
      return entry;
    };
    return {
      list: async () => [...chosen.keys()],
      size: async (name) => byName(name).uncompressedSize,
      open: (name) => streamEntry(zip, byName(name)),
      close: () => zip.close(),
    };
  } catch (error) {
    zip.close();
    throw error;
  }
}

/** Every entry of the central directory, one at a time (lazyEntries); names checked as they come. */
function readEntries(zip: ZipFile): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    const fail = (error: unknown) => {
      zip.removeAllListeners();
      reject(error instanceof ZipPackageError ? error : new ZipPackageError(`The zip archive cannot be read (${messageOf(error)}).`));
    };
    zip.on("entry", (entry: Entry) => {
      const problem = unsafeName(entry.fileName);
      if (problem) return fail(new ZipPackageError(`The zip holds an entry named "${entry.fileName}": ${problem}; nothing of it is read.`));
      entries.push(entry);
      zip.readEntry();
    });
    zip.on("end", () => {
      zip.removeAllListeners();
      resolve(entries);
    });
    // yauzl itself refuses absolute and `..` paths (validateFileName) with an error event: the same refusal.
    zip.on("error", fail);
    zip.readEntry();
  });
}

function unsafeName(name: string): string | null {
  if (name.startsWith("/") || /^[A-Za-z]:/.test(name) || name.startsWith("\\")) return "an absolute path";
  if (name.split(/[/\\]/).includes("..")) return "a path that climbs out of the archive (..)";
  return null;
}

/** Base name → entry, from the top of the zip or its single top-level folder. */
function choose(entries: Entry[]): Map<string, Entry> {
  const files = entries
    .filter((e) => !e.fileName.endsWith("/"))
    .map((e) => ({ entry: e, parts: e.fileName.split("/").filter((p) => p !== "" && p !== ".") }))
    .filter(({ parts }) => parts.length > 0 && !parts.some((p) => p === "__MACOSX" || p.startsWith(".")));
  const top = files.filter((f) => f.parts.length === 1);
  const isCsv = (f: { parts: string[] }) => /\.csv$/i.test(f.parts[f.parts.length - 1]!);
  let level = top;
  if (!top.some(isCsv)) {
    const folders = new Set(files.filter((f) => f.parts.length === 2 && isCsv(f)).map((f) => f.parts[0]!));
    if (folders.size > 1)
      throw new ZipPackageError(`The zip holds CSVs in ${folders.size} folders (${[...folders].slice(0, 3).join(", ")}…); put one package's CSVs at its top or in one folder.`);
    const [folder] = folders;
    if (folder !== undefined) level = files.filter((f) => f.parts.length === 2 && f.parts[0] === folder);
  }
  const chosen = new Map<string, Entry>();
  const seen = new Set<string>();
  for (const { entry, parts } of level) {
    const name = parts[parts.length - 1]!;
    if (seen.has(name.toLowerCase())) throw new ZipPackageError(`The zip holds ${name} twice; send each table once.`);
    seen.add(name.toLowerCase());
    if (entry.isEncrypted()) throw new ZipPackageError(`${name} is encrypted in the zip; send the package without a password.`);
    if (!entry.canDecodeFileData()) throw new ZipPackageError(`${name} is compressed with a method other than deflate; re-create the zip with a standard tool.`);
    chosen.set(name, entry);
  }
  return chosen;
}

/** An entry's bytes as they are inflated (chunks of the zip read, never the whole entry). */
async function* streamEntry(zip: ZipFile, entry: Entry): AsyncGenerator<Uint8Array> {
  let stream: Readable;
  try {
    stream = await zip.openReadStreamPromise(entry);
  } catch (error) {
    throw new ZipPackageError(`${entry.fileName} cannot be read from the zip (${messageOf(error)}).`);
  }
  // Leaving the loop early (a refused file) destroys the stream.
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } catch (error) {
    // A damaged entry: a CRC or size mismatch, or a truncated archive.
    throw new ZipPackageError(`${entry.fileName} is damaged in the zip (${messageOf(error)}).`);
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
