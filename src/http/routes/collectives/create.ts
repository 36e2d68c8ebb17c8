import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { registerCollective } from "../../../commands/collectives/register-collective.js";
import { jsonBody, jsonResponse, problemResponses } from "../../schemas.js";
import { idempotent, IdempotencyHeaders } from "../../idempotency.js";
import { countyOf } from "../../context.js";
import type { AppEnv } from "../../types.js";
import { Collective, CollectiveInput } from "./schemas.js";

export const route = createRoute({
  method: "post",
  path: "/v1/collectives",
  operationId: "registerCollective",
  tags: ["Collectives"],
  summary: "Register a collective economic organization (admin)",
  description:
    "The code must pass the GB 32100 check and carry department N with the type digit of `level`; `regionCode` is the village's 12-digit statistical code (township: 9 digits); `issuerCode` begins with it. Registering the same facts again answers 200 with the existing record; other facts under the same code are 409 `collective_already_registered`.",
  request: { headers: IdempotencyHeaders, body: jsonBody(CollectiveInput, "The collective") },
  responses: {
    201: jsonResponse(Collective, "Registered"),
    200: jsonResponse(Collective, "Already registered with the same facts"),
    ...problemResponses,
  },
});

export function register(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const body = c.req.valid("json");
    return idempotent(c, body, (ctx) => registerCollective(ctx, body), ({ created, collective }) => ({ status: created ? 201 : 200, body: Collective.parse(collective) }), countyOf.collective(body.code));
  });
}
