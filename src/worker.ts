/// <reference types="@cloudflare/workers-types" />
import { createClient } from "@libsql/client/web";
import { drizzle as drizzleD1 } from "drizzle-orm/d1";
import { drizzle as drizzleLibsql } from "drizzle-orm/libsql/web";
import swaggerBundle from "swagger-ui-dist/swagger-ui-bundle.js";
import swaggerCss from "swagger-ui-dist/swagger-ui.css";
import { createApp, type App } from "./app.js";
import { bootstrapAdmin } from "./bootstrap.js";
import { parseWorkerEnv } from "./env.js";
import { problemBody } from "./http/problem.js";
import { systemClock } from "./lib/clock.js";
import { createIdFactory } from "./lib/ids.js";
import { schema, type Db } from "./storage/db.js";

/**
 * Workers entry: parse the bindings once per isolate → D1 (binding `DB`) or a libSQL server over HTTP
 * (`DATABASE_URL`, `@libsql/client/web`) → the same app as on Node. Migrations are applied by
 * `wrangler d1 migrations apply` (D1) or by the Node entry / an operator (libSQL server), never at request time.
 */
interface Env {
  DB?: D1Database;
  DATABASE_URL?: string;
  DATABASE_AUTH_TOKEN?: string;
  REGISTRY_ADMIN_TOKEN?: string;
}

const DOCS: Record<string, { body: string; contentType: string }> = {
  "swagger-ui-bundle.js": { body: swaggerBundle, contentType: "text/javascript; charset=utf-8" },
  "swagger-ui.css": { body: swaggerCss, contentType: "text/css; charset=utf-8" },
};

let ready: Promise<App> | null = null;

async function build(env: Env): Promise<App> {
  const parsed = parseWorkerEnv(env as unknown as Record<string, unknown>);
  if (!parsed.ok) throw new Misconfigured(parsed.problems);
  const db = (
    env.DB
      ? drizzleD1(env.DB, { schema, casing: "snake_case" })
      : drizzleLibsql(createClient({ url: parsed.config.DATABASE_URL!, authToken: parsed.config.DATABASE_AUTH_TOKEN }), { schema, casing: "snake_case" })
  ) as unknown as Db;
  await bootstrapAdmin(db, Date.now(), parsed.config.REGISTRY_ADMIN_TOKEN, async () => {
    throw new Misconfigured(["REGISTRY_ADMIN_TOKEN: set it with `wrangler secret put REGISTRY_ADMIN_TOKEN` (a Worker cannot write a token file)"]);
  });
  return createApp({ db, clock: systemClock, ids: createIdFactory(), docsAsset: async (name) => DOCS[name] ?? null });
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
