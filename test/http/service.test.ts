import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testKeyring } from "../support/keys.js";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { createApp } from "../../src/app.js";
import { fixedClock } from "../../src/lib/clock.js";
import { createIdFactory } from "../../src/lib/ids.js";
import { expectProblem } from "../support/fixtures.js";
import { createWorld, NOW_MS, type World } from "../support/world.js";

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(() => world.close());

describe("public routes", () => {
  it("answers /healthz 200 when the database answers, with a request id", async () => {
    const res = await world.request("GET", "/healthz", { token: null });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "ok", database: "ok" });
    expect(res.headers.get("x-request-id")).toMatch(/^req_/);
  });

  it("answers /healthz 503 database_unavailable when the database does not answer", async () => {
    const broken = await createWorld();
    broken.tdb.client.close();
    const res = await broken.request("GET", "/healthz", { token: null });
    expectProblem(res, 503, "database_unavailable");
    broken.tdb.close();
  });

  it("publishes an OpenAPI 3.1 document in which every operation has an id, a summary and problem responses", async () => {
    const res = await world.request("GET", "/openapi.json", { token: null });
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe("3.1.0");
    const operations = Object.entries(res.body.paths as Record<string, Record<string, any>>).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ path, method, op })),
    );
    expect(operations.length).toBeGreaterThanOrEqual(25);
    for (const { path, method, op } of operations) {
      expect(op.operationId, `${method} ${path}`).toMatch(/^[a-z][A-Za-z]+$/);
      expect(op.summary, `${method} ${path}`).toBeTruthy();
      // Public routes (certificate verification) declare `security: []` and answer no 401.
      const isPublic = Array.isArray(op.security) && op.security.length === 0;
      if (path.startsWith("/v1/") && !isPublic) expect(Object.keys(op.responses), `${method} ${path}`).toEqual(expect.arrayContaining(["401", "404"]));
    }
    const ids = operations.map((o) => o.op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    // Enumerations document their national codes; decimal quantities are strings with examples.
    const text = JSON.stringify(res.body);
    expect(text).toContain("C.9");
    expect(text).toContain("GB/T 4761");
    expect(res.body.components.schemas.PlotInput.properties.areaMu).toMatchObject({ type: "string", example: "1.25" });
  });

  it("serves /docs with scripts from the service itself and no outside host", async () => {
    const swaggerDir = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
    const app = createApp({
      db: world.tdb.db,
      clock: fixedClock(NOW_MS),
      ids: createIdFactory(),
      keyring: await testKeyring(),
      asset: async (name) => ({ body: readFileSync(join(swaggerDir, name), "utf8"), contentType: "text/javascript" }),
    });
    const page = await (await app.request("/docs")).text();
    const urls = [...page.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(urls.length).toBeGreaterThanOrEqual(3);
    for (const url of urls) {
      expect(url.startsWith("/docs/")).toBe(true);
      const asset = await app.request(url);
      expect(asset.status, url).toBe(200);
    }
    expect(page).not.toMatch(/https?:\/\//);
  });

  it("answers an unknown route with a problem, never HTML", async () => {
    expectProblem(await world.request("GET", "/v1/nothing-here"), 404, "route_not_found");
  });

  it("describes each problem type at its type URI", async () => {
    const res = await world.request("GET", "/problems/plot_already_contracted", { token: null });
    expect(res.body).toEqual({ code: "plot_already_contracted", status: 409, title: expect.any(String) });
  });
});
