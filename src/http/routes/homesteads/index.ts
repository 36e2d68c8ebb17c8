import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { getHomestead } from "../../../commands/homesteads/get-homestead.js";
import { registerHomestead } from "../../../commands/homesteads/register-homestead.js";
import { listHomesteads } from "../../../commands/homesteads/list-homesteads.js";
import { CollectiveCodeParam, jsonBody, jsonResponse, problemResponses, readProblemResponses } from "../../schemas.js";
import { idempotent, IdempotencyHeaders } from "../../idempotency.js";
import { contextIn, countyOf } from "../../context.js";
import type { AppEnv } from "../../types.js";
import { AsOfQuery, TitleAsOf } from "../titles/schemas.js";

const HomesteadWithTitle = HomesteadSchema.extend(TitleAsOf.shape).openapi("HomesteadWithTitle");
import { HomesteadInput, HomesteadSchema } from "./schemas.js";

const HomesteadListItem = HomesteadSchema.extend({
  representative: z.object({ personId: z.string(), name: z.string() }).openapi({ description: "The holding household's representative" }),
}).openapi("HomesteadListItem");

const HomesteadList = z
  .object({
    collectiveCode: z.string(),
    status: z.enum(["active", "cancelled", "all"]),
    totals: z
      .object({ homesteads: z.number().int(), areaM2: z.string().openapi({ example: "36210.50", description: "Their land area, in m²" }) })
      .openapi({ description: "Every homestead of the collective with the status asked (every page)" }),
    homesteads: z.array(HomesteadListItem),
    nextCursor: z.string().nullable().openapi({ description: "Pass as `after` for the next page; null on the last page" }),
  })
  .openapi("HomesteadList");

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
  list: createRoute({
    method: "get",
    path: "/v1/collectives/{code}/homesteads",
    operationId: "listHomesteads",
    tags: ["Homesteads"],
    summary: "The collective's homesteads (宅基地), a page at a time",
    description:
      "Ordered by unit number, `limit` per page (default 100, at most 500); `nextCursor` is the `after` of the next page. Each homestead with its household, area, approval, annotations (附记) and the household's representative. `totals` counts every homestead of the collective with the status asked (default active) and adds up their area. Visible to whoever sees the collective — the admin, its registrar, a bureau over its region; anyone else, holders included, gets 404 `collective_not_found`.",
    request: {
      params: z.object({ code: CollectiveCodeParam }),
      query: z.strictObject({
        status: z.enum(["active", "cancelled", "all"]).default("active").openapi({ description: "active (default), cancelled (withdrawn), or all" }),
        after: z.string().max(40).optional().openapi({ description: "Cursor: the nextCursor of the previous page (a unit number)" }),
        limit: z.coerce.number().int().min(1).max(500).default(100),
      }),
    },
    responses: { 200: jsonResponse(HomesteadList, "A page of homesteads"), ...readProblemResponses },
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
  app.openapi(routes.list, async (c) => {
    const { code } = c.req.valid("param");
    return c.json(HomesteadList.parse(await listHomesteads(contextIn(c, countyOf.collective(code)), code, c.req.valid("query"))), 200);
  });
  app.openapi(routes.get, async (c) => c.json(HomesteadWithTitle.parse(await getHomestead(contextIn(c, countyOf.code(c.req.valid("param").unitNumber)), c.req.valid("param").unitNumber, c.req.valid("query"))), 200));
}
