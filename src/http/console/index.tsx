import { Hono } from "hono";
import type { AppEnv } from "../types.js";
import { checkCsrf, consoleContext, type ConsoleContext, type ConsoleEnv } from "./session.js";
import { DomainError } from "../../domain/errors.js";
import { bodyLimit } from "hono/body-limit";
import { mapError } from "../problem.js";
import { problemOf, ProblemBox, problemStatus, render } from "./page.js";

import { registerSignIn } from "./pages/sign-in.js";
import { registerHome } from "./pages/home.js";
import { registerValidate } from "./pages/validate.js";
import { registerCollectivePages } from "./pages/collective.js";
import { registerMemberPages } from "./pages/members.js";
import { registerHouseholdPages } from "./pages/households.js";
import { registerPlotPages } from "./pages/plots.js";
import { registerHomesteadPages } from "./pages/homesteads.js";
import { registerEquityPages } from "./pages/equity.js";
import { registerTransferPages } from "./pages/transfers.js";
import { registerTransferApplicationPages } from "./pages/transfer-new.js";
import { registerPersonPages } from "./pages/person.js";
import { registerCertificatePages } from "./pages/certificate.js";
import { registerSearchPages } from "./pages/search.js";
import { registerStatisticsPages } from "./pages/statistics.js";
import { registerImportPages } from "./pages/imports.js";

/**
 * The web console (/console): server-rendered pages (hono/jsx) over the same commands as the API, in Chinese with an
 * English switch, working without script and enhanced by htmx served from the service. Each page module registers
 * its own routes here.
 */
export function createConsole() {
  const app = new Hono<ConsoleEnv>();
  // The library the pages load, from the service itself (no outside host).
  app.get("/console/assets/htmx.min.js", async (c) => {
    const asset = await c.var.deps.asset?.("htmx.min.js");
    if (!asset) return c.text("not served here", 404);
    return c.body(asset.body, 200, { "Content-Type": asset.contentType, "Cache-Control": "public, max-age=86400" });
  });
  app.use("/console/*", consoleContext);
  app.use("/console", consoleContext);
  // Forms are small; a county package uploaded from /console/imports is held in memory while it is parsed (large
  // ones go through POST /v1/imports, which streams to disk, or npm run import).
  const small = bodyLimit({ maxSize: 256 * 1024, onError: (c) => c.text("The form is too large.", 413) });
  const upload = bodyLimit({ maxSize: 512 * 1024 * 1024, onError: (c) => c.text("The package is larger than 512 MiB: use npm run import or POST /v1/imports.", 413) });
  app.use("/console/*", (c, next) => (c.req.method !== "POST" ? next() : c.req.path === "/console/imports" ? upload(c, next) : small(c, next)));
  app.use("/console/*", checkCsrf);
  registerSignIn(app);
  registerHome(app);
  registerValidate(app);
  registerCollectivePages(app);
  registerMemberPages(app);
  registerHouseholdPages(app);
  registerPlotPages(app);
  registerHomesteadPages(app);
  registerEquityPages(app);
  registerTransferPages(app);
  registerTransferApplicationPages(app);
  registerPersonPages(app);
  registerCertificatePages(app);
  registerSearchPages(app);
  registerStatisticsPages(app);
  registerImportPages(app);
  // A refusal on a page is a page that says so (the problem in plain words), never a bare JSON body.
  app.onError((error, c) => {
    if (!(error instanceof DomainError)) return mapError(c, error);
    const ctx = c as unknown as ConsoleContext;
    const problem = problemOf(ctx.var.t ?? ((m) => m.zh), error);
    if (!ctx.var.csrf) return mapError(c, error);
    return render(ctx, problem.title, <ProblemBox problem={problem} t={ctx.var.t} />, problemStatus(problem));
  });
  return app;
}

export function registerConsole(app: { route(path: string, sub: Hono<AppEnv>): unknown }) {
  app.route("/", createConsole() as unknown as Hono<AppEnv>);
}
