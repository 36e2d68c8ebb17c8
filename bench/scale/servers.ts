/**
 * The two kinds of server child: the registry itself (src/server.ts as `npm run dev` runs it, without the watcher:
 * one node process with tsx's loader, configured by environment variables), and the bare Hono baseline
 * (bare-server.ts). Each is its own process, stopped by its own PID.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { ADMIN_TOKEN, freePort, ROOT, startChild, type Child } from "./common.js";

export interface Server extends Child {
  url: string;
}

export async function startRegistry(file: string, dataDir: string): Promise<Server> {
  mkdirSync(dataDir, { recursive: true });
  const port = await freePort();
  const child = await startChild(
    `${ROOT}src/server.ts`,
    [],
    { PORT: String(port), DATABASE_URL: `file:${file}`, REGISTRY_ADMIN_TOKEN: ADMIN_TOKEN, REGISTRY_DATA_DIR: dataDir, REGISTRY_COUNTY_DATABASES: "" },
    /Rural rights registry on/,
  );
  return { ...child, url: `http://127.0.0.1:${port}` };
}

/** The bare baseline on `file`, with @libsql/client (`client`, the target) or the registry's native driver (`native`, the stretch). */
export async function startBare(file: string, driver: "client" | "native" = "client"): Promise<Server & { durability: string }> {
  const port = await freePort();
  const child = await startChild(`${ROOT}bench/scale/bare-server.ts`, [file, String(port), driver], {}, /^bare server on/);
  const line = child.lines.find((l) => l.startsWith("bare server on")) ?? "";
  return { ...child, url: `http://127.0.0.1:${port}`, durability: line.replace(/^bare server on \d+ /, "") };
}

export const dataDirOf = (workDir: string, name: string) => join(workDir, `data-${name}`);
