import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The layering, enforced by scanning imports: http → commands → domain; commands → storage → schema.
 * Handlers never reach the database; the domain never does I/O; nothing in src reads process.env but the entry.
 */
const ROOT = new URL("..", import.meta.url).pathname;
const SRC = join(ROOT, "src");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.tsx?$/.test(path) ? [path] : [];
  });
}

function imports(path: string): string[] {
  const text = readFileSync(path, "utf8");
  return [...text.matchAll(/^\s*(?:import|export)[^'"]*from\s+["']([^"']+)["']/gm)].map((m) => m[1]!);
}

const all = files(SRC).map((path) => ({ path: relative(ROOT, path), imports: imports(path), text: readFileSync(path, "utf8") }));
const under = (prefix: string) => all.filter((f) => f.path.startsWith(prefix));

describe("architecture", () => {
  it("has files in every layer (the scan sees the tree)", () => {
    for (const layer of ["src/http/", "src/commands/", "src/domain/", "src/storage/"]) expect(under(layer).length).toBeGreaterThan(0);
  });

  it("keeps route handlers away from drizzle, storage and schema", () => {
    const offenders = under("src/http/").filter((f) =>
      f.imports.some((i) => i.startsWith("drizzle-orm") || i.includes("/storage/") || i.includes("/schema/")),
    );
    expect(offenders.map((f) => f.path)).toEqual([]);
  });

  it("keeps the domain pure: no I/O, no drizzle, no hono, no storage, no commands", () => {
    const offenders = under("src/domain/").filter((f) =>
      f.imports.some((i) => /^(drizzle-orm|hono|@hono|@libsql|node:)/.test(i) || /\/(storage|commands|http|schema)\//.test(i)),
    );
    expect(offenders.map((f) => f.path)).toEqual([]);
  });

  it("keeps storage free of HTTP and of the commands", () => {
    const offenders = under("src/storage/").filter((f) => f.imports.some((i) => /^(hono|@hono)/.test(i) || /\/(commands|http)\//.test(i)));
    expect(offenders.map((f) => f.path)).toEqual([]);
  });

  it("keeps commands free of HTTP", () => {
    const offenders = under("src/commands/").filter((f) => f.imports.some((i) => /^(hono|@hono)/.test(i) || i.includes("/http/")));
    expect(offenders.map((f) => f.path)).toEqual([]);
  });

  it("reads the environment only in the entry points", () => {
    // The entry points: the Node server, the Worker, and the keyring command (npm run keys).
    const entries = new Set(["src/server.ts", "src/worker.ts", "src/keys-cli.ts", "src/import-cli.ts", "src/export-cli.ts"]);
    const offenders = all.filter((f) => !entries.has(f.path) && /process\.env/.test(f.text));
    expect(offenders.map((f) => f.path)).toEqual([]);
  });

  it("never parses a float for money, areas or shares", () => {
    const offenders = all.filter((f) => /parseFloat\(|Number\.parseFloat/.test(f.text));
    expect(offenders.map((f) => f.path)).toEqual([]);
  });
});
