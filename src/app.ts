import { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { requestId } from "hono/request-id";
import type { Deps } from "./deps.js";
import { Router } from "./storage/router.js";
import { authenticate } from "./http/auth.js";
import { validationHook } from "./http/validation.js";
import { mapError, problemResponse, PROBLEMS, type ProblemCode } from "./http/problem.js";
import type { AppEnv } from "./http/types.js";
import { registerPublicRoutes } from "./http/routes/public/index.js";
import { registerTokenRoutes } from "./http/routes/tokens/index.js";
import { registerCollectiveRoutes } from "./http/routes/collectives/index.js";
import { registerPersonRoutes } from "./http/routes/persons/index.js";
import { registerMemberRoutes } from "./http/routes/members/index.js";
import { registerHouseholdRoutes } from "./http/routes/households/index.js";
import { registerLandRoutes } from "./http/routes/land/index.js";
import { registerHomesteadRoutes } from "./http/routes/homesteads/index.js";
import { registerEquityRoutes } from "./http/routes/equity/index.js";
import { registerApplicationRoutes } from "./http/routes/applications/index.js";
import { registerJournalRoutes } from "./http/routes/journal/index.js";
import { registerStatisticsRoutes } from "./http/routes/statistics/index.js";
import { registerTitleRoutes } from "./http/routes/titles/index.js";
import { registerCertificateRoutes } from "./http/routes/certificates/index.js";
import { registerDistributionRoutes } from "./http/routes/distributions/index.js";
import { registerEncumbranceRoutes } from "./http/routes/encumbrances/index.js";
import { registerCorrectionRoutes } from "./http/routes/corrections/index.js";
import { registerResolutionRoutes } from "./http/routes/resolutions/index.js";
import { registerExtensionRoutes } from "./http/routes/extensions/index.js";
import { registerImportRoutes } from "./http/routes/imports/index.js";
import { registerConsole } from "./http/console/index.js";

export const MAX_BODY_BYTES = 256 * 1024;

/** Dependencies of the app; without a router, everything is the one database `db`. */
export type AppDeps = Omit<Deps, "router"> & { router?: Router };

export function createApp(given: AppDeps) {
  const deps: Deps = { ...given, router: given.router ?? new Router(given.db) };
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.use("*", requestId({ generator: () => deps.ids("req") }));
  app.use("*", async (c, next) => {
    c.set("deps", deps);
    await next();
  });
  const limit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) => problemResponse(c, "payload_too_large", `Bodies are limited to ${MAX_BODY_BYTES} bytes.`),
  });
  // An import package (POST /v1/imports) is streamed to disk with its own limit (4 GiB).
  // A request without a body (GET, HEAD, DELETE) skips the check, which would otherwise build the full Request object.
  const bodiless = new Set(["GET", "HEAD", "DELETE", "OPTIONS"]);
  app.use("/v1/*", (c, next) => (bodiless.has(c.req.method) || (c.req.method === "POST" && c.req.path === "/v1/imports") ? next() : limit(c, next)));
  app.use("/v1/*", authenticate);

  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    description: "A registry token (`POST /v1/tokens`). Tokens are stored only as SHA-256 hashes.",
  });

  registerPublicRoutes(app);
  registerTokenRoutes(app);
  registerCollectiveRoutes(app);
  registerPersonRoutes(app);
  registerMemberRoutes(app);
  registerHouseholdRoutes(app);
  registerLandRoutes(app);
  registerHomesteadRoutes(app);
  registerEquityRoutes(app);
  registerApplicationRoutes(app);
  registerJournalRoutes(app);
  registerStatisticsRoutes(app);
  registerTitleRoutes(app);
  registerCertificateRoutes(app);
  registerDistributionRoutes(app);
  registerEncumbranceRoutes(app);
  registerCorrectionRoutes(app);
  registerResolutionRoutes(app);
  registerExtensionRoutes(app);
  registerImportRoutes(app);
  registerConsole(app);

  app.get("/problems/:code", (c) => {
    const code = c.req.param("code") as ProblemCode;
    const entry = PROBLEMS[code];
    if (!entry) return problemResponse(c, "route_not_found", "No such problem type.");
    return c.json({ code, ...entry });
  });

  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Rural rights registry",
      version: "1.0.0",
      description:
        "Registers, per member of a village collective economic organization, the land-contract right (土地承包经营权), the homestead use right (宅基地使用权) and collective equity (集体资产股份), decoupled from household registration (户籍). Decimal quantities are JSON strings; dates are legal dates in China Standard Time. Errors are RFC 9457 `application/problem+json` with a stable `code`.",
    },
    security: [{ bearer: [] }],
  });

  app.notFound((c) => problemResponse(c, "route_not_found", `No route ${c.req.method} ${c.req.path}.`));
  app.onError((error, c) => mapError(c, error));
  return app;
}

export type App = ReturnType<typeof createApp>;
