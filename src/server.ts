import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { createApp } from "./app.js";
import { bootstrapAdmin } from "./bootstrap.js";
import { parseEnv } from "./env.js";
import { systemClock } from "./lib/clock.js";
import { createIdFactory } from "./lib/ids.js";
import { createKeyring } from "./lib/signing.js";
import { loadIdKey, loadKeyringFile, nodeSigner } from "./keys.js";
import { openDatabase } from "./open-database.js";
import { Router } from "./storage/router.js";
import type { Db } from "./storage/db.js";
import type { Client } from "@libsql/client";
import { ImportJobs } from "./commands/imports/jobs.js";

/** Node entry (the default): parse env once → embedded libSQL file (or a server) → migrate → serve. */
const parsed = parseEnv(process.env);
if (!parsed.ok) {
  console.error(JSON.stringify({ level: "fatal", msg: "misconfigured", problems: parsed.problems }));
  process.exit(1);
}
const config = parsed.config;

/** Opens (creating the folder of) a libSQL database and brings its schema up to date. */
const open = (url: string, authToken: string | undefined) => openDatabase(url, authToken, console.log, { serving: true });

// The directory (tokens, the person index) and every county not routed elsewhere; then one database per route.
const { client, db } = await open(config.DATABASE_URL, config.DATABASE_AUTH_TOKEN);
const counties = await Promise.all(
  config.REGISTRY_COUNTY_DATABASES.map(async (route) => ({ prefix: route.prefix, name: route.prefix, ...(await open(route.url, route.authToken)) })),
);
const router = new Router(db, counties);

const tokenFile = join(config.REGISTRY_DATA_DIR, "admin-token");
const outcome = await bootstrapAdmin(db, Date.now(), config.REGISTRY_ADMIN_TOKEN, async (token) => {
  await mkdir(config.REGISTRY_DATA_DIR, { recursive: true });
  await writeFile(tokenFile, token + "\n", { mode: 0o600 });
  await chmod(tokenFile, 0o600);
});
if (outcome === "generated") console.log(`Admin token generated; it is in ${resolve(tokenFile)} (mode 0600). Only its hash is stored.`);
else if (outcome === "exists" && !config.REGISTRY_ADMIN_TOKEN && existsSync(tokenFile)) console.log(`Admin token: see ${resolve(tokenFile)}.`);

const keys = await loadKeyringFile(config.REGISTRY_DATA_DIR, config.REGISTRY_SIGNING_KEYS);
if (keys.generated) console.log(`Certificate signing key generated in ${resolve(keys.path!)} (mode 0600); back it up with the database.`);
const keyring = await createKeyring(keys.file.active, keys.file.retired, nodeSigner(keys.file.active));
const idKey = await loadIdKey(config.REGISTRY_DATA_DIR, config.REGISTRY_ID_KEY);

// County imports (POST /v1/imports) run here, in the background, against the database of the package's county.
const ids = createIdFactory();
const clientOf = new Map<Db, Client>([[db, client], ...counties.map((c) => [c.db, c.client] as const)]);
const imports = new ImportJobs({
  target: (county) => {
    const target = router.forCounty(county);
    return { db: target, client: clientOf.get(target)!, routed: router.routed };
  },
  clock: systemClock,
  ids,
  uploadDir: join(config.REGISTRY_DATA_DIR, "import-uploads"),
});
await imports.removeLeftovers();

const swaggerDir = dirname(fileURLToPath(import.meta.resolve("swagger-ui-dist/package.json")));
const htmxDir = dirname(fileURLToPath(import.meta.resolve("htmx.org/package.json")));
/** The files /docs and /console load, from the service's own packages (nothing from another host). */
const ASSET_FILES: Record<string, string> = {
  "swagger-ui-bundle.js": join(swaggerDir, "swagger-ui-bundle.js"),
  "swagger-ui.css": join(swaggerDir, "swagger-ui.css"),
  "htmx.min.js": join(htmxDir, "dist", "htmx.min.js"),
};
const app = createApp({
  db,
  router,
  idKey,
  keyring,
  publicBaseUrl: (config.PUBLIC_BASE_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, ""),
  clock: systemClock,
  ids,
  imports,
  asset: async (name) => {
    const file = ASSET_FILES[name];
    if (!file) return null;
    return { body: await readFile(file, "utf8"), contentType: name.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8" };
  },
});

const server = serve({ fetch: app.fetch, port: config.PORT }, (info) => {
  const routed = counties.length ? `; ${counties.length} county database(s): ${counties.map((c) => c.prefix).join(", ")}` : "";
  console.log(`Rural rights registry on http://localhost:${info.port} (database ${config.DATABASE_URL.replace(/\/\/[^@]*@/, "//")}${routed}); API reference at /docs`);
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    server.close();
    client.close();
    for (const county of counties) county.client.close();
    process.exit(0);
  });
}
