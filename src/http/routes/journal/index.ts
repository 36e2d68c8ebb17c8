import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { journalPage } from "../../../commands/journal/read-journal.js";
import { verifyJournal } from "../../../commands/journal/verify-journal.js";
import { jsonResponse, problemResponses, readProblemResponses } from "../../schemas.js";
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

const HASH_EXAMPLE = "9f2c5a0e7b1d4c3a8e6f0b2d4a6c8e0f1a3b5c7d9e1f2a4b6c8d0e2f4a6b8c0d";

const StreamVerification = z
  .object({
    stream: z.string().openapi({ description: "The stream: a collective's code, or person:<id> / token:<id>", example: "N2371083MA0QW7T334" }),
    collectiveCode: z.string().nullable().openapi({ description: "The collective whose stream this is; null for person and token streams", example: "N2371083MA0QW7T334" }),
    events: z.number().int().openapi({ description: "Rows of the stream as stored", example: 42 }),
    headHash: z
      .string()
      .nullable()
      .openapi({
        description:
          "The stored hash of the stream's last row. Compare it with a head recorded earlier: a chain re-computed after tampering is consistent in itself, and only an earlier head reveals it. Null when the stream has no row (or its last row's hash is not text).",
        example: HASH_EXAMPLE,
      }),
    valid: z.boolean().openapi({ description: "Every row links to its predecessor and hashes to its stored hash" }),
    firstBadSeq: z.number().int().optional().openapi({ description: "The stream_seq of the first row that fails, or the first one missing", example: 17 }),
    problem: z
      .enum(["changed", "missing", "reordered", "unreadable", "unlinked"])
      .optional()
      .openapi({
        description:
          "What fails at firstBadSeq: `changed` (the row's content or hash differs from what was hashed), `missing` (a gap in stream_seq, or a collective with no stream), `reordered` (rows moved: the global seq no longer increases with stream_seq), `unlinked` (its prev_hash is not its predecessor's hash), `unreadable` (a field of an unexpected type, e.g. a BLOB where text belongs)",
        example: "changed",
      }),
  })
  .openapi("JournalStreamVerification");

const Verification = z
  .object({
    valid: z.boolean().openapi({ description: "Every stream verified is valid (see `partial` for the databases not verified)" }),
    events: z.number().int().openapi({ description: "Rows verified, in all streams", example: 1234 }),
    streams: z.array(StreamVerification).openapi({ description: "Every stream in the caller's scope, ordered by stream" }),
    partial: z.boolean().openapi({ description: "True when a county database did not answer (within 3 s), or failed while its journal was read: its streams are not in the answer" }),
    unavailable: z.array(z.string()).openapi({ description: "The databases (by routing name) that did not answer" }),
  })
  .openapi("JournalVerification");

const verificationRoute = createRoute({
  method: "get",
  path: "/v1/journal/verification",
  operationId: "verifyJournal",
  tags: ["Journal"],
  summary: "Verify the journal's hash chains",
  description:
    "Walks every stream in the caller's scope in stream_seq order and recomputes each row's hash from its predecessor's stored hash (64 zeros for the first row): a changed, removed, reordered or unreadable row makes its stream `valid: false`, naming the first failing `stream_seq`. The answer is always 200 when the journal could be read, however damaged. Admin verifies every stream (collectives, persons, tokens) of every database; a bureau the streams of the collectives under its region prefix; a registrar its collective's stream; a holder is refused (403). `collectiveCode` narrows to one collective's stream. Record `headHash` per stream: a later verification whose head differs without new events means the journal was rewritten. Rows are read 1,000 at a time and hashed as they come (on Node about 15,000 rows a second). With one database per county, every county database in scope is read at once; one that does not answer is named in `unavailable`.",
  request: {
    query: z.strictObject({
      collectiveCode: z.string().min(1).max(40).optional().openapi({ description: "Verify this collective's stream only", example: "N2371083MA0QW7T334" }),
    }),
  },
  responses: {
    200: {
      description: "The verdict per stream",
      content: {
        "application/json": {
          schema: Verification,
          example: {
            valid: false,
            events: 58,
            streams: [
              { stream: "N2371083MA0QW7T334", collectiveCode: "N2371083MA0QW7T334", events: 42, headHash: HASH_EXAMPLE, valid: false, firstBadSeq: 17, problem: "changed" },
              { stream: "token:tok_01jd8x2k5q7w3e9r4t6y8u0i2o", collectiveCode: null, events: 1, headHash: HASH_EXAMPLE, valid: true },
            ],
            partial: false,
            unavailable: [],
          },
        },
      },
    },
    ...readProblemResponses,
    403: problemResponses[403],
  },
});

export function registerJournalRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(verificationRoute, async (c) => c.json(Verification.parse(await verifyJournal(contextIn(c, null), c.req.valid("query"))), 200));
  app.openapi(route, async (c) => c.json(await journalPage(contextIn(c, c.req.valid("query").county ?? countyOf.collective(c.req.valid("query").collectiveCode ?? "")), c.req.valid("query")), 200));
}
