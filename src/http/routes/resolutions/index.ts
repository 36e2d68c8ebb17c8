import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { getResolution } from "../../../commands/resolutions/get.js";
import { listResolutions } from "../../../commands/resolutions/list.js";
import { recordResolution } from "../../../commands/resolutions/record.js";
import { RESOLUTION_BODIES, RESOLUTION_MATTERS } from "../../../domain/resolutions.js";
import { contextIn, countyOf } from "../../context.js";
import { idempotent, IdempotencyHeaders } from "../../idempotency.js";
import { CollectiveCodeParam, jsonBody, jsonResponse, LegalDate, problemResponses, readProblemResponses } from "../../schemas.js";
import type { AppEnv } from "../../types.js";

const count = (description: string, example: number) => z.number().int().min(0).max(10_000_000).openapi({ description, example });

const Ref = z.string().trim().min(1).max(200).openapi({ example: "午极村成员大会决议〔2026〕4号", description: "The resolution's reference (文号), unique within the collective" });

const Body = z.enum(RESOLUTION_BODIES).openapi({
  description:
    "general-meeting: the members' general meeting (成员大会); representatives-assembly: the members' representatives' assembly (成员代表大会), more than 20 representatives, which may not confirm members, quantify shares or change the charter (RCEO Law Art. 28)",
});

const Matter = z.enum(RESOLUTION_MATTERS).openapi({
  description:
    "What the resolution decides: member-confirmation (成员确认), equity-issuance (折股量化), rules-change (章程), term-extension (延包), distribution (收益分配), other",
});

const ResolutionInput = z
  .strictObject({
    ref: Ref,
    body: Body,
    heldOn: LegalDate.openapi({ example: "2026-11-20", description: "The day of the meeting (China Standard Time); not after today" }),
    eligible: count("General meeting: the members with full civil capacity; assembly: the representatives", 36),
    present: count("Present (in person, online, or by a household member's proxy, Art. 27)", 30),
    votesFor: count("Votes for (one person, one vote)", 28),
    votesAgainst: count("Votes against", 2),
    matters: z.array(Matter).min(1).max(RESOLUTION_MATTERS.length).openapi({ example: ["member-confirmation"], description: "At least one; each once" }),
  })
  .openapi("ResolutionInput");

const Resolution = z
  .object({
    id: z.string().openapi({ example: "rsl_371083_01jd8x2k5q7w3e9r4t6y8u0" }),
    collectiveCode: z.string(),
    ref: z.string(),
    body: Body,
    heldOn: z.string(),
    eligible: z.number().int(),
    present: z.number().int(),
    votesFor: z.number().int(),
    votesAgainst: z.number().int(),
    matters: z.array(Matter),
    passed: z.boolean().openapi({ description: "Quorum and majority both met; a resolution that did not pass is recorded too, and authorizes nothing" }),
    quorum: z
      .object({ required: z.number().int(), present: z.number().int(), met: z.boolean() })
      .openapi({ description: "At least 2/3 of the eligible present: required = ⌈2·eligible / 3⌉ (RCEO Law Art. 27)" }),
    majority: z
      .object({ required: z.number().int(), votesFor: z.number().int(), met: z.boolean() })
      .openapi({ description: "At least 2/3 of ALL the eligible (not of those present) voted for: required = ⌈2·eligible / 3⌉" }),
    shortfalls: z.array(z.enum(["quorum", "majority"])).openapi({ description: "Why it did not pass; empty when it passed" }),
    recordedAt: z.string().openapi({ description: "When the registry recorded it (ISO instant)" }),
  })
  .openapi("Resolution");

const ResolutionList = z.object({ collectiveCode: z.string(), resolutions: z.array(Resolution) }).openapi("ResolutionList");

const code = z.object({ code: CollectiveCodeParam });
const one = z.object({
  code: CollectiveCodeParam,
  id: z.string().min(1).max(60).openapi({ param: { name: "id", in: "path" }, example: "rsl_371083_01jd8x2k5q7w3e9r4t6y8u0" }),
});

const routes = {
  record: createRoute({
    method: "post",
    path: "/v1/collectives/{code}/resolutions",
    operationId: "recordResolution",
    tags: ["Resolutions"],
    summary: "Record a resolution of the members' general meeting or the representatives' assembly, passed or not",
    description:
      "The collective's registrar or admin. The registry decides whether it passed from the counts (RCEO Law Art. 27): quorum when 3·present ≥ 2·eligible, decision when 3·votesFor ≥ 2·eligible (2/3 of ALL the eligible); the same numbers for the assembly. A resolution that did not pass is recorded (`passed: false`, with `shortfalls`) and authorizes nothing. Admissions (basis other than original), share issuances, rules changes and income distributions reference a passing resolution by its `ref`. The `ref` is the natural key: the same facts again → 200, unchanged; other facts → 409 `resolution_already_recorded`. Refusals: `date_in_future` (422), `resolution_counts_invalid` (422), `representatives_assembly_too_small` (422), `representatives_cannot_confirm_members`, `representatives_cannot_quantify_shares`, `representatives_cannot_change_charter` (422). Journaled as `resolution.recorded`; never changed afterwards.",
    request: { headers: IdempotencyHeaders, params: code, body: jsonBody(ResolutionInput, "The meeting, its counts and what it decided") },
    responses: { 201: jsonResponse(Resolution, "Recorded"), 200: jsonResponse(Resolution, "Already recorded with the same facts"), ...problemResponses },
  }),
  list: createRoute({
    method: "get",
    path: "/v1/collectives/{code}/resolutions",
    operationId: "listResolutions",
    tags: ["Resolutions"],
    summary: "A collective's resolutions, the latest meeting first",
    description: "Visible to whoever sees the collective (admin, its registrar, a bureau covering it); anyone else gets 404 `collective_not_found`. With `ref`, the resolution under that reference (or none).",
    request: { params: code, query: z.strictObject({ ref: z.string().trim().min(1).max(200).optional() }) },
    responses: { 200: jsonResponse(ResolutionList, "The resolutions"), ...readProblemResponses },
  }),
  get: createRoute({
    method: "get",
    path: "/v1/collectives/{code}/resolutions/{id}",
    operationId: "getResolution",
    tags: ["Resolutions"],
    summary: "One resolution",
    description: "Visible to whoever sees the collective. 404 `resolution_not_found` for an id that is not this collective's.",
    request: { params: one },
    responses: { 200: jsonResponse(Resolution, "The resolution"), ...readProblemResponses },
  }),
};

export function registerResolutionRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(routes.record, async (c) => {
    const body = c.req.valid("json");
    const { code } = c.req.valid("param");
    return idempotent(c, body, (ctx) => recordResolution(ctx, code, body), ({ created, resolution }) => ({ status: created ? 201 : 200, body: Resolution.parse(resolution) }), countyOf.collective(code));
  });
  app.openapi(routes.list, async (c) => {
    const { code } = c.req.valid("param");
    return c.json(ResolutionList.parse(await listResolutions(contextIn(c, countyOf.collective(code)), code, c.req.valid("query"))), 200);
  });
  app.openapi(routes.get, async (c) => {
    const { code, id } = c.req.valid("param");
    return c.json(Resolution.parse(await getResolution(contextIn(c, countyOf.collective(code)), code, id)), 200);
  });
}
