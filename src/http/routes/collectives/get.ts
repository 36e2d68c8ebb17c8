import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { getCollective } from "../../../commands/collectives/read-collectives.js";
import { CollectiveCodeParam, jsonResponse, readProblemResponses } from "../../schemas.js";
import { contextIn, countyOf } from "../../context.js";
import type { AppEnv } from "../../types.js";
import { Collective } from "./schemas.js";

export const route = createRoute({
  method: "get",
  path: "/v1/collectives/{code}",
  operationId: "getCollective",
  tags: ["Collectives"],
  summary: "A collective with its rules in force and their history",
  request: { params: z.object({ code: CollectiveCodeParam }) },
  responses: { 200: jsonResponse(Collective, "The collective"), ...readProblemResponses },
});

export function register(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const collective = await getCollective(contextIn(c, countyOf.collective(c.req.valid("param").code)), c.req.valid("param").code);
    return c.json(Collective.parse(collective), 200);
  });
}
