import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { readStatistics } from "../../../commands/statistics/read-statistics.js";
import { jsonResponse, problemResponses, readProblemResponses } from "../../schemas.js";
import { contextIn } from "../../context.js";
import type { AppEnv } from "../../types.js";

const Subject = z.enum(["equity", "land-contract", "homestead"]);
const Status = z.enum(["pending-consent", "in-notice", "objected", "approved", "registered", "rejected", "cancelled"]);

const ApplicationLine = z.object({
  subject: Subject,
  status: Status,
  count: z.number().int().openapi({ example: 3 }),
  amountSum: z.string().openapi({ description: "Σ price (transfers) or compensation (withdrawals), yuan with 2 decimals", example: "90000.00" }),
});

const Statistics = z
  .object({
    regionPrefix: z.string().openapi({
      description: "The prefix counted: the one asked, narrowed to a bureau's own where that is narrower; a registrar's collective's region code when none was asked; empty for the whole registry (admin)",
      example: "371083",
    }),
    asOf: z.string().openapi({ description: "Today in China Standard Time: the date the hukou facts are read as of", example: "2026-11-27" }),
    collectives: z.number().int().openapi({ description: "Collectives whose region code begins with the prefix", example: 12 }),
    members: z.object({
      active: z.number().int().openapi({ description: "Active memberships", example: 675 }),
      withUrbanHukou: z.number().int().openapi({
        description: "Active members whose current hukou record (the latest effective on or before asOf) is urban: members who moved to a city and are still members — the reform's number",
        example: 41,
      }),
      withUrbanHukouHoldingRights: z.number().int().openapi({
        description: "Of those, members who still hold a right in the collective: a plot through their household's active contract, an active homestead of their household, or shares > 0",
        example: 39,
      }),
    }),
    plots: z.object({
      count: z.number().int().openapi({ example: 1480 }),
      contracted: z.number().int().openapi({ description: "Plots in an active contract", example: 1422 }),
      areaMu: z.string().openapi({ description: "Σ area of all plots, mu", example: "2331.50" }),
      contractedAreaMu: z.string().openapi({ description: "Σ area of the contracted plots, mu", example: "2240.25" }),
    }),
    homesteads: z.object({
      active: z.number().int().openapi({ example: 198 }),
      areaM2: z.string().openapi({ description: "Σ area of the active homesteads, m²", example: "33150.00" }),
    }),
    shares: z.object({
      issued: z.string().openapi({ description: "Shares issued (Σ of the other two)", example: "8100" }),
      heldByMembers: z.string().openapi({ description: "Held by persons (members, and heirs who may not be members)", example: "7950" }),
      heldByCollective: z.string().openapi({ description: "Held by the collectives themselves (from withdrawals)", example: "150" }),
    }),
    transfers: z.array(ApplicationLine).openapi({ description: "Transfer applications by subject and status (only the combinations that occur), ordered by subject, status" }),
    withdrawals: z.array(ApplicationLine).openapi({ description: "Withdrawal applications, the same way" }),
    partial: z.boolean().openapi({ description: "True when a county database under the prefix did not answer in time: its numbers are missing from the sums" }),
    unavailable: z.array(z.string()).openapi({ description: "The databases (by routing name) that did not answer" }),
  })
  .openapi("RegionStatistics");

const route = createRoute({
  method: "get",
  path: "/v1/statistics",
  operationId: "readStatistics",
  tags: ["Statistics"],
  summary: "A region's members, rights, and transfers and withdrawals, counted",
  description:
    "Counts over the collectives whose region code begins with `regionPrefix`. Admin: any prefix (none: the whole registry). Bureau: the prefix narrowed to its own (none: its own); a prefix disjoint from its own counts nothing and answers zeros, as `GET /v1/collectives` answers an empty list. Registrar: its own collective, if it lies under the prefix (none: its collective). Holder: 403. Sums are exact (integer sums of the smallest unit, then decimal strings). With one database per county, the county databases under the prefix answer at once and are added up; one that does not answer is named in `unavailable`.",
  request: {
    query: z.strictObject({
      regionPrefix: z.string().regex(/^\d{2,12}$/, "must be 2 to 12 digits").optional().openapi({ description: "GB/T 2260 / NBS region-code prefix, 2–12 digits", example: "371083" }),
    }),
  },
  responses: {
    200: jsonResponse(Statistics, "The region's numbers"),
    ...readProblemResponses,
    403: problemResponses[403],
  },
});

export function registerStatisticsRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => c.json(Statistics.parse(await readStatistics(contextIn(c, null), c.req.valid("query"))), 200));
}
