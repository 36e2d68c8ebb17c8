/**
 * The bare baselines of items 2, 3 and 5: a plain Hono app on @hono/node-server, the same @libsql/client, the same
 * database file, opened as the server opens it (src/open-database.ts: the production pragmas). Nothing else: no auth, no
 * validation, no OpenAPI layer, no drizzle.
 *
 *   GET  /v1/plots/:plotCode  one primary-key select (SELECT * FROM plots WHERE plot_code = ?)
 *   POST /bare/write          reads the JSON body, one single-row INSERT as one write transaction (client.batch)
 *
 * Two drivers, chosen by the third argument: `client` (default) — @libsql/client's `createClient`, the driver the
 * issue's target names, with its production pragmas applied as src/open-database.ts applies them; `native` — the
 * registry's own embedded driver (src/storage/native-client.ts: the native `libsql` engine with prepared statements
 * kept), the stretch baseline.
 *
 *   npx tsx bench/scale/bare-server.ts <db file> <port> [client|native]
 */
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { createClient } from "@libsql/client";
import { SERVING_PRAGMAS as PRAGMAS } from "../../src/open-database.js";
import { durability, openLikeServer } from "./common.js";

const [file, portText, driver = "client"] = process.argv.slice(2);
if (!file || !portText || !["client", "native"].includes(driver)) throw new Error("usage: bare-server.ts <db file> <port> [client|native]");
// Opened as the registry's server opens its database (src/server.ts: the serving pragmas).
const client = driver === "native" ? (await openLikeServer(file, { serving: true })).client : await libsqlClient(file);

/** @libsql/client on the file, with the pragmas the registry's server sets on its connections. */
async function libsqlClient(path: string) {
  await (await openLikeServer(path)).client.close(); // migrations and a sealed journal, exactly as the registry opens it
  const c = createClient({ url: `file:${path}`, timeout: 5000 });
  for (const pragma of PRAGMAS) await c.execute(pragma);
  return c;
}
await client.execute(
  "CREATE TABLE IF NOT EXISTS bench_bare_writes (id INTEGER PRIMARY KEY, ref TEXT NOT NULL, amount TEXT NOT NULL, body TEXT NOT NULL, recorded_at_ms INTEGER NOT NULL)",
);
const settings = await durability(client);

const app = new Hono();
app.get("/v1/plots/:plotCode", async (c) => {
  const rs = await client.execute({ sql: "SELECT * FROM plots WHERE plot_code = ?", args: [c.req.param("plotCode")] });
  const row = rs.rows[0];
  return row ? c.json(row) : c.json({ code: "plot_not_found" }, 404);
});
app.post("/bare/write", async (c) => {
  const body = await c.req.json<Record<string, unknown>>();
  const ref = String(body.reference ?? body.contractRef ?? "ref");
  const amount = String(body.amount ?? body.annualRent ?? "0");
  const rs = await client.batch(
    [{ sql: "INSERT INTO bench_bare_writes (ref, amount, body, recorded_at_ms) VALUES (?, ?, ?, ?)", args: [ref, amount, JSON.stringify(body), Date.now()] }],
    "write",
  );
  return c.json({ id: Number(rs[0]!.lastInsertRowid), status: "recorded" }, 201);
});

const server = serve({ fetch: app.fetch, port: Number(portText), hostname: "127.0.0.1" }, (info) => {
  console.log(`bare server on ${info.port} ${JSON.stringify(settings)}`);
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    server.close();
    client.close();
    process.exit(0);
  });
}
