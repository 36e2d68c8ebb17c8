import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { getCollective } from "../../../commands/collectives/read-collectives.js";
import { CollectiveCodeParam, jsonResponse, readProblemResponses } from "../../schemas.js";
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
    const collective = await getCollective({ deps: c.var.deps, actor: c.var.actor }, c.req.valid("param").code);
    return c.json(Collective.parse(collective), 200);
  });
}
