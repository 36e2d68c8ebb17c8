import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { equityHistory, titleHistory } from "../../../commands/titles/read-titles.js";
import { searchTitles } from "../../../commands/titles/search-titles.js";
import { accessLogPage } from "../../../commands/titles/read-access-log.js";
import { CollectiveCodeParam, countyUnavailableResponse, jsonBody, jsonResponse, problemResponses, readProblemResponses } from "../../schemas.js";
import { contextIn, countyOf } from "../../context.js";
import type { AppEnv } from "../../types.js";
import { IdType } from "../persons/index.js";
import { EquityHistory, RecordedAsOfQuery, TitleHistory, TitleVersion } from "./schemas.js";

const Purpose = z.string().trim().min(2).max(200).openapi({
  description: "Why the register is consulted (the registration regulations require a stated purpose); kept in the access log",
  example: "不动产登记申请审核（受理号 2026-0815）",
});

/** The body of POST /v1/titles/search (the console's search form is parsed with it). */
export const SearchInput = z
  .strictObject({
    idNumber: z.string().min(1).max(40).optional().openapi({ description: "A resident ID number (in the body, never in a URL)", example: "371083198506150021" }),
    idType: IdType.optional(),
    plotCode: z.string().min(1).max(40).optional().openapi({ example: "3710831082010000001" }),
    unitNumber: z.string().min(1).max(40).optional().openapi({ example: "371083001002JC00015F00010001" }),
    certificateNo: z.string().min(1).max(60).optional().openapi({ example: "371083108201000001J-0001" }),
    purpose: Purpose,
  })
  .superRefine((value, ctx) => {
    const given = (["idNumber", "plotCode", "unitNumber", "certificateNo"] as const).filter((k) => value[k] !== undefined);
    if (given.length !== 1)
      ctx.addIssue({ code: "custom", path: given.length === 0 ? ["idNumber"] : [given[1]!], message: "give exactly one of idNumber, plotCode, unitNumber, certificateNo" });
    if (value.idType !== undefined && value.idNumber === undefined) ctx.addIssue({ code: "custom", path: ["idType"], message: "idType goes with idNumber" });
  })
  .openapi("TitleSearch");

const SearchResult = z
  .object({
    kind: z.enum(["plot", "homestead", "equity"]),
    subject: z.string(),
    collectiveCode: z.string(),
    collectiveName: z.string().nullable(),
    current: TitleVersion.nullable().openapi({ description: "Who holds it today" }),
    history: z.array(TitleVersion).openapi({ description: "Its chain of title, oldest first" }),
  })
  .openapi("TitleSearchResult");

const AccessEntry = z
  .object({
    seq: z.number().int(),
    at: z.string(),
    tokenId: z.string(),
    role: z.string(),
    scope: z.string().nullable(),
    purpose: z.string(),
    queryKind: z.enum(["idNumber", "plotCode", "unitNumber", "certificateNo"]),
    queryValue: z.string().openapi({ description: "The code searched; for an ID number, its keyed hash (HMAC-SHA256), never the number" }),
    results: z.number().int(),
  })
  .openapi("AccessLogEntry");

const routes = {
  plotHistory: createRoute({
    method: "get",
    path: "/v1/plots/{plotCode}/history",
    operationId: "getPlotHistory",
    tags: ["Titles"],
    summary: "A plot's chain of title",
    description:
      "Every holder of the contract right on the plot, oldest first: from/to dates (valid time, CST; `validTo` exclusive), the act (first registration, transfer, withdrawal, succession, correction) with its application id and journal sequence, and the certificate. With `recordedAsOf`: the chain as the register said on that date. Visible to whoever sees the collective, and to a holder whose household appears in the chain.",
    request: { params: z.object({ plotCode: z.string().max(40).openapi({ param: { name: "plotCode", in: "path" }, example: "3710831082010000001" }) }), query: RecordedAsOfQuery },
    responses: { 200: jsonResponse(TitleHistory, "The chain of title"), ...readProblemResponses },
  }),
  homesteadHistory: createRoute({
    method: "get",
    path: "/v1/homesteads/{unitNumber}/history",
    operationId: "getHomesteadHistory",
    tags: ["Titles"],
    summary: "A homestead's chain of title",
    description: "As for plots. A homestead withdrawn from ends with the collective as holder (the land returned to it, LAL Art. 62 ¶6).",
    request: { params: z.object({ unitNumber: z.string().max(40).openapi({ param: { name: "unitNumber", in: "path" }, example: "371083001002JC00015F00010001" }) }), query: RecordedAsOfQuery },
    responses: { 200: jsonResponse(TitleHistory, "The chain of title"), ...readProblemResponses },
  }),
  equityHistory: createRoute({
    method: "get",
    path: "/v1/collectives/{code}/equity/history",
    operationId: "getEquityHistory",
    tags: ["Titles"],
    summary: "Chain of title of equity holdings",
    description:
      "With `personId`: that person's holding in the collective over time (each version's shares, from/to, act, certificate). Without: every account's chain. A holder may ask for their own personId.",
    request: { params: z.object({ code: CollectiveCodeParam }), query: RecordedAsOfQuery.extend({ personId: z.string().min(1).max(60).optional().openapi({ description: "Whose holding (a person id)", example: "prs_01jd8x2k5q7w3e9r4t6y8u0i2o" }) }) },
    responses: { 200: jsonResponse(EquityHistory, "The chain of title"), ...readProblemResponses },
  }),
  search: createRoute({
    method: "post",
    path: "/v1/titles/search",
    operationId: "searchTitles",
    tags: ["Titles"],
    summary: "Search titles by ID number, plot code, unit number or certificate number",
    description:
      "Exactly one of `idNumber`, `plotCode`, `unitNumber`, `certificateNo`, and a `purpose`. Answers the rights found in the caller's jurisdiction (a bureau: its region prefix; a registrar: its collective; admin: all), each with its current title and chain of title; outside it the answer is empty. By ID number: every right the person, or a household the person belongs to, holds or has held. Each search is recorded in the append-only access log (an ID number only as its keyed hash) before it is answered. Holders: 403.",
    request: { body: jsonBody(SearchInput, "What to search for, and why") },
    responses: {
      200: jsonResponse(
        z.object({ results: z.array(SearchResult), partial: z.boolean(), unavailable: z.array(z.string()) }).openapi("TitleSearchResults"),
        "The rights found (possibly none)",
      ),
      ...problemResponses,
      ...countyUnavailableResponse,
    },
  }),
  accessLog: createRoute({
    method: "get",
    path: "/v1/access-log",
    operationId: "readAccessLog",
    tags: ["Titles"],
    summary: "Who searched the register, newest first (admin)",
    description: "The access log of title searches, kept apart from the journal and append-only. Admin only. Page with `before` = the last entry's `seq`.",
    request: { query: z.strictObject({ before: z.coerce.number().int().min(1).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }) },
    responses: { 200: jsonResponse(z.object({ entries: z.array(AccessEntry), nextCursor: z.string().nullable() }), "A page of entries"), ...readProblemResponses },
  }),
};

export function registerTitleRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(routes.plotHistory, async (c) => {
    const { plotCode } = c.req.valid("param");
    return c.json(TitleHistory.parse(await titleHistory(contextIn(c, countyOf.code(plotCode)), "plot", plotCode, c.req.valid("query"))), 200);
  });
  app.openapi(routes.homesteadHistory, async (c) => {
    const { unitNumber } = c.req.valid("param");
    return c.json(TitleHistory.parse(await titleHistory(contextIn(c, countyOf.code(unitNumber)), "homestead", unitNumber, c.req.valid("query"))), 200);
  });
  app.openapi(routes.equityHistory, async (c) => {
    const { code } = c.req.valid("param");
    return c.json(EquityHistory.parse(await equityHistory(contextIn(c, countyOf.collective(code)), code, c.req.valid("query"))), 200);
  });
  app.openapi(routes.search, async (c) => c.json(await searchTitles(contextIn(c, null), c.req.valid("json") as Parameters<typeof searchTitles>[1]), 200));
  app.openapi(routes.accessLog, async (c) => c.json(await accessLogPage(contextIn(c, null), c.req.valid("query")), 200));
}
