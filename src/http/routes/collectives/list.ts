import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { findCollectives } from "../../../commands/collectives/read-collectives.js";
import { jsonResponse, readProblemResponses } from "../../schemas.js";
import { contextIn } from "../../context.js";
import type { AppEnv } from "../../types.js";
import { Collective } from "./schemas.js";

const CollectiveList = z
  .object({
    collectives: z.array(Collective),
    nextCursor: z.string().nullable(),
    partial: z.boolean().openapi({ description: "True when a county database under the prefix did not answer in time: the list lacks its collectives" }),
    unavailable: z.array(z.string()).openapi({ description: "The databases (by routing name) that did not answer" }),
  })
  .openapi("CollectiveList");

export const route = createRoute({
  method: "get",
  path: "/v1/collectives",
  operationId: "listCollectives",
  tags: ["Collectives"],
  summary: "Collectives under a region-code prefix, within the caller's scope",
  request: {
    query: z.strictObject({
      regionPrefix: z.string().regex(/^\d{2,12}$/, "must be 2 to 12 digits").optional().openapi({ example: "371083" }),
      after: z.string().max(40).optional().openapi({ description: "Cursor: the nextCursor of the previous page" }),
      limit: z.coerce.number().int().min(1).max(500).default(100),
    }),
  },
  responses: { 200: jsonResponse(CollectiveList, "A page of collectives, ordered by code"), ...readProblemResponses },
});

export function register(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const page = await findCollectives(contextIn(c, null), c.req.valid("query"));
    return c.json(CollectiveList.parse(page), 200);
  });
}
