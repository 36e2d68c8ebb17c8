/// <reference types="@cloudflare/workers-types" />
import { createClient } from "@libsql/client/web";
import { drizzle as drizzleD1 } from "drizzle-orm/d1";
import { drizzle as drizzleLibsql } from "drizzle-orm/libsql/web";
import swaggerBundle from "swagger-ui-dist/swagger-ui-bundle.js";
import swaggerCss from "swagger-ui-dist/swagger-ui.css";
import htmx from "htmx.org/dist/htmx.min.js";
import { createApp, type App } from "./app.js";
import { bootstrapAdmin } from "./bootstrap.js";
import { parseWorkerCounties, parseWorkerEnv } from "./env.js";
import { problemBody } from "./http/problem.js";
import { systemClock } from "./lib/clock.js";
import { createIdFactory } from "./lib/ids.js";
import { createKeyring, parseKeyringFile } from "./lib/signing.js";
import { sealJournal } from "./storage/seal.js";
import { schema, type Db } from "./storage/db.js";
import { Router } from "./storage/router.js";

/**
 * Workers entry: parse the bindings once per isolate → D1 (binding `DB`) or a libSQL server over HTTP
 * (`DATABASE_URL`, `@libsql/client/web`) → the same app as on Node. Migrations are applied by
 * `wrangler d1 migrations apply` (D1) or by the Node entry / an operator (libSQL server), never at request time.
 */
interface Env {
  DB?: D1Database;
  COUNTY_DATABASES?: string;
  COUNTY_DATABASE_TOKENS?: string;
  REGISTRY_ID_KEY?: string;
  DATABASE_URL?: string;
  DATABASE_AUTH_TOKEN?: string;
  REGISTRY_ADMIN_TOKEN?: string;
  REGISTRY_SIGNING_KEYS?: string;
  PUBLIC_BASE_URL?: string;
}

const DOCS: Record<string, { body: string; contentType: string }> = {
  "swagger-ui-bundle.js": { body: swaggerBundle, contentType: "text/javascript; charset=utf-8" },
  "swagger-ui.css": { body: swaggerCss, contentType: "text/css; charset=utf-8" },
  "htmx.min.js": { body: htmx, contentType: "text/javascript; charset=utf-8" },
};

let ready: Promise<App> | null = null;

async function build(env: Env): Promise<App> {
  const parsed = parseWorkerEnv(env as unknown as Record<string, unknown>);
  if (!parsed.ok) throw new Misconfigured(parsed.problems);
  const db = env.DB ? d1(env.DB) : libsql(parsed.config.DATABASE_URL!, parsed.config.DATABASE_AUTH_TOKEN);
  const counties = parseWorkerCounties(parsed.config);
  if (!counties.ok) throw new Misconfigured(counties.problems);
  const routes = counties.routes.map((route) => {
    const binding = route.binding ? (env as unknown as Record<string, D1Database | undefined>)[route.binding] : undefined;
    if (route.binding && !binding) throw new Misconfigured([`COUNTY_DATABASES: no D1 binding named ${route.binding} for prefix ${route.prefix}`]);
    return { prefix: route.prefix, name: route.prefix, db: binding ? d1(binding) : libsql(route.url!, route.authToken) };
  });
  if (!parsed.config.REGISTRY_ID_KEY)
    throw new Misconfigured(["REGISTRY_ID_KEY: set the key of the keyed hash of ID numbers (person index, access log) with `wrangler secret put REGISTRY_ID_KEY`"]);
  if (!parsed.config.REGISTRY_SIGNING_KEYS)
    throw new Misconfigured(["REGISTRY_SIGNING_KEYS: set the certificate signing keyring with `wrangler secret put REGISTRY_SIGNING_KEYS` (a Worker cannot write a key file)"]);
  let keyring;
  try {
    const file = parseKeyringFile(parsed.config.REGISTRY_SIGNING_KEYS);
    keyring = await createKeyring(file.active, file.retired);
  } catch (error) {
    throw new Misconfigured([`REGISTRY_SIGNING_KEYS: ${error instanceof Error ? error.message : "not a keyring"}`]);
  }
  for (const target of [db, ...routes.map((r) => r.db)]) await sealJournal(target);
  await bootstrapAdmin(db, Date.now(), parsed.config.REGISTRY_ADMIN_TOKEN, async () => {
    throw new Misconfigured(["REGISTRY_ADMIN_TOKEN: set it with `wrangler secret put REGISTRY_ADMIN_TOKEN` (a Worker cannot write a token file)"]);
  });
  return createApp({
    db,
    router: new Router(db, routes),
    idKey: parsed.config.REGISTRY_ID_KEY,
    keyring,
    publicBaseUrl: parsed.config.PUBLIC_BASE_URL?.replace(/\/+$/, ""),
    clock: systemClock,
    ids: createIdFactory(),
    asset: async (name) => DOCS[name] ?? null,
  });
}

function d1(binding: D1Database): Db {
  return drizzleD1(binding, { schema, casing: "snake_case" }) as unknown as Db;
}

function libsql(url: string, authToken: string | undefined): Db {
  return drizzleLibsql(createClient({ url, authToken }), { schema, casing: "snake_case" }) as unknown as Db;
}

class Misconfigured extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("; "));
  }
}

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    ready ??= build(env);
    let app: App;
    try {
      app = await ready;
    } catch (error) {
      ready = null; // try again on the next request (a secret may have been set since)
      const problems = error instanceof Misconfigured ? error.problems : [String(error)];
      console.error(JSON.stringify({ level: "fatal", msg: "misconfigured", problems }));
      const body = problemBody("misconfigured", "The service is not configured; the operator's log says what is missing.", "boot");
      return new Response(JSON.stringify(body), { status: 500, headers: { "Content-Type": "application/problem+json" } });
    }
    return app.fetch(request, env, ctx);
  },
} satisfies ExportedHandler<Env>;
