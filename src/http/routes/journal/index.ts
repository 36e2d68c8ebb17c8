import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { journalPage } from "../../../commands/journal/read-journal.js";
import { jsonResponse, problemResponses } from "../../schemas.js";
import { contextIn, countyOf } from "../../context.js";
import type { AppEnv } from "../../types.js";

const Event = z
  .object({
    seq: z.number().int().openapi({ description: "Global order of this database's journal" }),
    stream: z.string().openapi({ description: "The consistency boundary: a collective's code, or person:<id> / token:<id>" }),
    streamSeq: z.number().int().openapi({ description: "Order within the stream, contiguous from 1" }),
    collectiveCode: z.string().nullable(),
    type: z.string().openapi({ example: "transfer.registered" }),
    actor: z.string().openapi({ description: "The token id that made the change" }),
    subject: z.string(),
    data: z.record(z.string(), z.unknown()),
    recordedAt: z.string(),
  })
  .openapi("JournalEvent");

const route = createRoute({
  method: "get",
  path: "/v1/journal",
  operationId: "readJournal",
  tags: ["Journal"],
  summary: "The append-only journal, in order",
  description:
    "Every change, written in the same transaction as the change itself. Admin reads all; a registrar its collective; a bureau the collectives under its prefix; holders do not read the journal. Page with `after` = the previous page's `nextCursor`.",
  request: {
    query: z.strictObject({
      after: z.coerce.number().int().min(0).optional(),
      limit: z.coerce.number().int().min(1).max(1000).default(100),
      collectiveCode: z.string().min(1).max(40).optional(),
      county: z.string().regex(/^\d{6}$/, "must be a 6-digit county code").optional().openapi({ description: "In a deployment with one database per county: which county's journal" }),
    }),
  },
  responses: { 200: jsonResponse(z.object({ events: z.array(Event), nextCursor: z.string().nullable() }), "A page of events"), ...problemResponses },
});

export function registerJournalRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => c.json(await journalPage(contextIn(c, c.req.valid("query").county ?? countyOf.collective(c.req.valid("query").collectiveCode ?? "")), c.req.valid("query")), 200));
}
