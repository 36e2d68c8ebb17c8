import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { getHomestead } from "../../../commands/homesteads/get-homestead.js";
import { registerHomestead } from "../../../commands/homesteads/register-homestead.js";
import { CollectiveCodeParam, jsonBody, jsonResponse, problemResponses, readProblemResponses } from "../../schemas.js";
import { idempotent, IdempotencyHeaders } from "../../idempotency.js";
import { contextIn, countyOf } from "../../context.js";
import type { AppEnv } from "../../types.js";
import { AsOfQuery, TitleAsOf } from "../titles/schemas.js";

const HomesteadWithTitle = HomesteadSchema.extend(TitleAsOf.shape).openapi("HomesteadWithTitle");
import { HomesteadInput, HomesteadSchema } from "./schemas.js";

const routes = {
  create: createRoute({
    method: "post",
    path: "/v1/collectives/{code}/homesteads",
    operationId: "registerHomestead",
    tags: ["Homesteads"],
    summary: "Register a homestead use right of a household",
    request: { headers: IdempotencyHeaders, params: z.object({ code: CollectiveCodeParam }), body: jsonBody(HomesteadInput, "The homestead") },
    responses: { 201: jsonResponse(HomesteadSchema, "Registered"), 200: jsonResponse(HomesteadSchema, "Already registered with the same facts"), ...problemResponses },
  }),
  get: createRoute({
    method: "get",
    path: "/v1/homesteads/{unitNumber}",
    operationId: "getHomestead",
    tags: ["Homesteads"],
    summary: "A homestead, and its title on a date",
    description:
      "`title` answers who held the homestead use right at the end of `asOf` (default today, CST), with its certificate; add `recordedAsOf` for what the register said on that date. History: `/v1/homesteads/{unitNumber}/history`.",
    request: { params: z.object({ unitNumber: z.string().max(40).openapi({ param: { name: "unitNumber", in: "path" }, example: "371083001002JC00015F00010001" }) }), query: AsOfQuery },
    responses: { 200: jsonResponse(HomesteadWithTitle, "The homestead"), ...readProblemResponses },
  }),
};

export function registerHomesteadRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(routes.create, async (c) => {
    const body = c.req.valid("json");
    return idempotent(c, body, (ctx) => registerHomestead(ctx, c.req.valid("param").code, body), ({ created, homestead }) => ({ status: created ? 201 : 200, body: HomesteadSchema.parse(homestead) }), countyOf.collective(c.req.valid("param").code));
  });
  app.openapi(routes.get, async (c) => c.json(HomesteadWithTitle.parse(await getHomestead(contextIn(c, countyOf.code(c.req.valid("param").unitNumber)), c.req.valid("param").unitNumber, c.req.valid("query"))), 200));
}
