import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { changeRules } from "../../../commands/collectives/change-rules.js";
import { CollectiveCodeParam, jsonBody, jsonResponse, problemResponses } from "../../schemas.js";
import { contextIn, countyOf } from "../../context.js";
import type { AppEnv } from "../../types.js";
import { Collective, RulesChangeInput } from "./schemas.js";

export const route = createRoute({
  method: "put",
  path: "/v1/collectives/{code}/rules",
  operationId: "changeCollectiveRules",
  tags: ["Collectives"],
  summary: "Change the charter rules by resolution, from a date",
  description:
    "Adds a rules version effective on `effectiveOn`, merged over the latest version. Earlier versions stay; the version in force on a date decides what happens on that date (e.g. the homestead cap on the approval date).",
  request: { params: z.object({ code: CollectiveCodeParam }), body: jsonBody(RulesChangeInput, "The new rules and the resolution") },
  responses: { 200: jsonResponse(Collective, "The collective with its rules history"), ...problemResponses },
});

export function register(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const collective = await changeRules(contextIn(c, countyOf.collective(c.req.valid("param").code)), c.req.valid("param").code, c.req.valid("json"));
    return c.json(Collective.parse(collective), 200);
  });
}
