/** Where an import package comes from: a folder of CSVs (`npm run import -- <folder>`). */
import { createReadStream } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import type { ImportSource } from "./types.js";

export function folderSource(folder: string): ImportSource {
  return {
    list: async () => (await readdir(folder, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name),
    size: async (name) => (await stat(join(folder, name))).size,
    open: (name) => createReadStream(join(folder, name), { highWaterMark: 256 * 1024 }),
  };
}
