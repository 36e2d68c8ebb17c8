import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { testSigningJwk } from "./support/keys.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

/**
 * The Worker as an operator runs it locally: `wrangler d1 migrations apply --local`, then `wrangler dev` (workerd,
 * offline) serving /healthz, /openapi.json, /docs and a registration scenario on local D1.
 */
const ROOT = new URL("..", import.meta.url).pathname;
const WRANGLER = join(ROOT, "node_modules/.bin/wrangler");
const state = mkdtempSync(join(tmpdir(), "registry-wrangler-"));
const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true", NO_COLOR: "1" };
let dev: ChildProcess | null = null;
afterAll(() => {
  // wrangler starts workerd as a child: end the whole process group, not only wrangler (stack-notes #10).
  if (dev?.pid) process.kill(-dev.pid, "SIGKILL");
  rmSync(state, { recursive: true, force: true });
});

describe("wrangler dev", () => {
  it("serves health, the OpenAPI document, the offline docs and a registration on local D1", async () => {
    const migrate = spawnSync(WRANGLER, ["d1", "migrations", "apply", "rural-rights-registry", "--local", "-c", "wrangler.toml", "--persist-to", state], {
      cwd: ROOT,
      env,
      encoding: "utf8",
    });
    expect(migrate.status, migrate.stderr + migrate.stdout).toBe(0);

    const port = 20000 + Math.floor(Math.random() * 5000);
    const token = "wrangler-dev-admin-token-0123456789";
    const keyring = JSON.stringify({ active: await testSigningJwk(), retired: [] });
    dev = spawn(WRANGLER, ["dev", "-c", "wrangler.toml", "--persist-to", state, "--ip", "127.0.0.1", "--port", String(port), "--var", `REGISTRY_ADMIN_TOKEN:${token}`, "--var", `REGISTRY_SIGNING_KEYS:${keyring}`, "--var", "REGISTRY_ID_KEY:wrangler-dev-id-key-0123456789"], {
      cwd: ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    const base = `http://127.0.0.1:${port}`;
    let health: Response | null = null;
    for (let attempt = 0; attempt < 120 && !health; attempt++) {
      health = await fetch(`${base}/healthz`).catch(() => null);
      if (!health) await new Promise((resolve) => dev!.stdout!.once("data", resolve).once("close", resolve));
    }
    expect(health?.status).toBe(200);
    expect(await health!.json()).toEqual({ status: "ok", database: "ok" });
    expect(((await (await fetch(`${base}/openapi.json`)).json()) as { openapi: string }).openapi).toBe("3.1.0");
    expect((await fetch(`${base}/docs/swagger-ui-bundle.js`)).status).toBe(200);

    const auth = { Authorization: `Bearer ${token}`, "Content-Type": "application/json" };
    const collective = await fetch(`${base}/v1/collectives`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ code: "N2371083MA0QW7T334", name: "午极村", level: "village", regionCode: "371083108201", issuerCode: "37108310820100" }),
    });
    expect(collective.status).toBe(201);
    const person = await fetch(`${base}/v1/persons`, { method: "POST", headers: auth, body: JSON.stringify({ idNumber: "371323198506150025", name: "孙秀英" }) });
    expect(person.status).toBe(201);
    const { id } = (await person.json()) as { id: string };
    const admitted = await fetch(`${base}/v1/collectives/N2371083MA0QW7T334/members`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ personId: id, joinedOn: "2020-01-01", basis: "original" }),
    });
    expect(admitted.status).toBe(201);
    const refused = await fetch(`${base}/v1/collectives/N2371083MA0QW7T334/members`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ personId: id, joinedOn: "2020-01-01", basis: "original" }),
    });
    expect(refused.status).toBe(409);
    expect(refused.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(((await refused.json()) as { code: string }).code).toBe("already_a_member");
  }, 120_000);
});
