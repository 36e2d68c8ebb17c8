import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { getCapTable } from "../../../commands/equity/get-cap-table.js";
import { issueShares } from "../../../commands/equity/issue-shares.js";
import { Decimal } from "decimal.js";
import { MAX_SHARES_PER_ALLOCATION } from "../../../domain/equity.js";
import { CollectiveCodeParam, decimalString, jsonBody, jsonResponse, problemResponses, readProblemResponses } from "../../schemas.js";
import { contextIn, countyOf } from "../../context.js";
import type { AppEnv } from "../../types.js";
import { AsOfQuery } from "../titles/schemas.js";
import { idempotent, IdempotencyHeaders } from "../../idempotency.js";

const CapTable = z
  .object({
    collectiveCode: z.string(),
    totalShares: z.string().openapi({ example: "480", description: "All shares issued = Σ holdings + collectiveShares" }),
    collectiveShares: z.string().openapi({ description: "The collective's own holding (集体股)" }),
    collectivePercent: z.string(),
    holdings: z.array(
      z.object({
        personId: z.string(),
        name: z.string().nullable(),
        shares: z.string().openapi({ example: "12" }),
        reservedShares: z.string().optional().openapi({ description: "Of the shares held, those promised to pending applications (current cap table only)" }),
        percent: z.string().openapi({ example: "2.5000" }),
        since: z.string().optional().openapi({ description: "As-of answers: the holding is unchanged since this legal date" }),
        certificateNo: z.string().nullable().optional().openapi({ description: "The holding's valid certificate (as-of answers: the one evidencing it then)" }),
      }),
    ),
    asOf: z.string().optional().openapi({ description: "Present when asked with asOf/recordedAsOf: the legal date of the answer" }),
    recordedAsOf: z.string().nullable().optional(),
  })
  .openapi("CapTable");

/** Shares as a decimal string of at most 4 places and at most MAX_SHARES_PER_ALLOCATION, kept exact end to end. */
const sharesString = (example: string, description: string) =>
  decimalString(4, example, `${description}; at most ${MAX_SHARES_PER_ALLOCATION}`).refine(
    (value) => !/^\d+(\.\d+)?$/.test(value) || new Decimal(value).lte(MAX_SHARES_PER_ALLOCATION),
    `must be at most ${MAX_SHARES_PER_ALLOCATION} shares`,
  );

const IssuanceInput = z
  .strictObject({
    resolutionRef: z.string().trim().min(1).max(200).openapi({ example: "午极村成员大会决议〔2020〕2号（折股量化方案）" }),
    allocations: z
      .array(
        z.strictObject({
          personId: z.string().min(1).max(60),
          shareClass: z.enum(["population", "seniority", "other"]).openapi({ description: "population 人口股, seniority 农龄股, other" }),
          shares: sharesString("10", "Shares, up to 4 decimals"),
        }),
      )
      .max(5000),
    collectiveShares: sharesString("100", "Shares issued to the collective's own holding (集体股)").optional(),
  })
  .openapi("EquityIssuance");

const code = z.object({ code: CollectiveCodeParam });

const routes = {
  issue: createRoute({
    method: "post",
    path: "/v1/collectives/{code}/equity/issuances",
    operationId: "issueShares",
    tags: ["Equity"],
    summary: "Issue shares to members by resolution (折股量化)",
    description: "Only to active members; each holder within the charter's cap per holder when set. Written as double-entry ledger entries; holdings always sum to the shares issued.",
    request: { headers: IdempotencyHeaders, params: code, body: jsonBody(IssuanceInput, "The issuance") },
    responses: { 201: jsonResponse(CapTable, "The cap table after the issuance"), ...problemResponses },
  }),
  get: createRoute({
    method: "get",
    path: "/v1/collectives/{code}/equity",
    operationId: "getCapTable",
    tags: ["Equity"],
    summary: "The cap table, now or as of a date",
    description:
      "Now: the ledger's balances with reservations and each holding's valid certificate. With `asOf`: the holdings at the end of that day (China Standard Time) from the equity title versions; add `recordedAsOf` to answer as the register said on that date.",
    request: { params: code, query: AsOfQuery },
    responses: { 200: jsonResponse(CapTable, "The cap table"), ...readProblemResponses },
  }),
};

export function registerEquityRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(routes.issue, async (c) => {
    const body = c.req.valid("json");
    return idempotent(c, body, (ctx) => issueShares(ctx, c.req.valid("param").code, body), (table) => ({ status: 201, body: CapTable.parse(table) }), countyOf.collective(c.req.valid("param").code));
  });
  app.openapi(routes.get, async (c) => c.json(CapTable.parse(await getCapTable(contextIn(c, countyOf.collective(c.req.valid("param").code)), c.req.valid("param").code, c.req.valid("query"))), 200));
}
