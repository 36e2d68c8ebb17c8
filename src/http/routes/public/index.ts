import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { checkHealth } from "../../../commands/service/check-health.js";
import type { AppEnv } from "../../types.js";
import { problemResponse } from "../../problem.js";
import { jsonResponse } from "../../schemas.js";

const Health = z.object({ status: z.literal("ok"), database: z.literal("ok") }).openapi("Health");

const health = createRoute({
  method: "get",
  path: "/healthz",
  operationId: "health",
  tags: ["Service"],
  summary: "Liveness: 200 when the database answers",
  security: [],
  responses: {
    200: jsonResponse(Health, "The service and its database answer"),
    503: { description: "The database does not answer", content: { "application/problem+json": { schema: z.any() } } },
  },
});

const DOCS_PAGE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>Rural rights registry — API reference</title>
<link rel="stylesheet" href="/docs/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script><script src="/docs/init.js"></script></body></html>`;

const DOCS_INIT = `window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });`;

/** Public, no token: health, the OpenAPI document (registered in app.ts) and an offline API reference page. */
export function registerPublicRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(health, async (c) => {
    if (!(await checkHealth(c.var.deps))) return problemResponse(c, "database_unavailable", "The database does not answer.") as never;
    return c.json({ status: "ok" as const, database: "ok" as const }, 200);
  });

  // The reference page loads nothing from outside hosts: its scripts are served by the service itself.
  app.get("/docs", (c) => c.html(DOCS_PAGE));
  app.get("/docs/init.js", (c) => c.body(DOCS_INIT, 200, { "Content-Type": "text/javascript; charset=utf-8" }));
  app.get("/docs/:file{swagger-ui\\.css|swagger-ui-bundle\\.js}", async (c) => {
    const asset = await c.var.deps.asset?.(c.req.param("file"));
    if (!asset) return problemResponse(c, "route_not_found", "The API reference assets are not served here.");
    return c.body(asset.body, 200, { "Content-Type": asset.contentType, "Cache-Control": "public, max-age=86400" });
  });
}
