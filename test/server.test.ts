import type { ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ServerProcesses } from "./support/server-process.js";

/**
 * The Node entry as a user starts it: a fresh data folder, the embedded libSQL file created and migrated on first
 * start, an admin token generated into data/admin-token (mode 0600) with only its hash stored, and a restart that
 * keeps the database and the token.
 */
const dir = mkdtempSync(join(tmpdir(), "registry-server-"));
const servers = new ServerProcesses();
afterAll(() => {
  servers.stopAll();
  rmSync(dir, { recursive: true, force: true });
});

async function start(port: number, env: Record<string, string> = {}) {
  return servers.start({ PORT: String(port), DATABASE_URL: `file:${join(dir, "registry.db")}`, REGISTRY_DATA_DIR: join(dir, "data"), ...env });
}

async function stop(child: ChildProcess) {
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

describe("the Node server", () => {
  it("starts on a fresh folder, generates the admin token once, and keeps data across a restart", async () => {
    const port = 18000 + Math.floor(Math.random() * 2000);
    const first = await start(port);
    const tokenFile = join(dir, "data", "admin-token");
    expect(first.lines.join("\n")).toContain(tokenFile);
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    const token = readFileSync(tokenFile, "utf8").trim();
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const created = await fetch(`${base}/v1/collectives`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ code: "N2371083MA0QW7T334", name: "午极村", level: "village", regionCode: "371083108201", issuerCode: "37108310820100" }),
    });
    expect(created.status).toBe(201);
    await stop(first.child);

    const second = await start(port);
    expect(readFileSync(tokenFile, "utf8").trim()).toBe(token);
    expect(second.lines.join("\n")).not.toContain("generated");
    const read = await fetch(`${base}/v1/collectives/N2371083MA0QW7T334`, { headers: { Authorization: `Bearer ${token}` } });
    expect(read.status).toBe(200);
    await stop(second.child);
  });

  it("routes a county to its own database file when a routing table is configured", async () => {
    const port = 18000 + Math.floor(Math.random() * 2000);
    const routed = { DATABASE_URL: `file:${join(dir, "directory.db")}`, REGISTRY_COUNTY_DATABASES: JSON.stringify({ "371083": `file:${join(dir, "371083.db")}` }), REGISTRY_ID_KEY: "server-test-id-key-0123", REGISTRY_ADMIN_TOKEN: "server-test-admin-token-0123" };
    const server = await start(port, routed);
    expect(server.lines.join("\n")).toContain("county database(s): 371083");
    const auth = { Authorization: "Bearer server-test-admin-token-0123", "Content-Type": "application/json" };
    const created = await fetch(`http://127.0.0.1:${port}/v1/collectives`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ code: "N2371083MA0QW7T334", name: "午极村", level: "village", regionCode: "371083108201", issuerCode: "37108310820100" }),
    });
    expect(created.status).toBe(201);
    await stop(server.child);
    const { createClient } = await import("@libsql/client");
    for (const [file, expected] of [["371083.db", 1], ["directory.db", 0]] as const) {
      const client = createClient({ url: `file:${join(dir, file)}` });
      expect(Number((await client.execute("SELECT COUNT(*) AS n FROM collectives")).rows[0]!.n), file).toBe(expected);
      client.close();
    }
  });

  it("refuses to start with a malformed DATABASE_URL and says why", async () => {
    await expect(start(19999, { DATABASE_URL: "postgres://nope" })).rejects.toThrow(/DATABASE_URL/);
  });
});
