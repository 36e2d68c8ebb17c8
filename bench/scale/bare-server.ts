/**
 * The bare baselines of items 2, 3 and 5: a plain Hono app on @hono/node-server, the same @libsql/client, the same
 * database file, opened as the server opens it (src/open-database.ts: the production pragmas). Nothing else: no auth, no
 * validation, no OpenAPI layer, no drizzle.
 *
 *   GET  /v1/plots/:plotCode  one primary-key select (SELECT * FROM plots WHERE plot_code = ?)
 *   POST /bare/write          reads the JSON body, one single-row INSERT as one write transaction (client.batch)
 *
 *   npx tsx bench/scale/bare-server.ts <db file> <port>
 */
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { durability, openLikeServer } from "./common.js";

const [file, portText] = process.argv.slice(2);
if (!file || !portText) throw new Error("usage: bare-server.ts <db file> <port>");
const { client } = await openLikeServer(file);
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
