import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { readStatistics } from "../../../commands/statistics/read-statistics.js";
import { DEFAULT_SERIES_MONTHS, MAX_SERIES_MONTHS, monthsBetween, readSeries } from "../../../commands/statistics/read-series.js";
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

export const Statistics = z
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

const RegionPrefix = z.string().regex(/^\d{2,12}$/, "must be 2 to 12 digits").optional().openapi({ description: "GB/T 2260 / NBS region-code prefix, 2–12 digits", example: "371083" });

/** The query of GET /v1/statistics (the console's statistics page parses its form with it). */
export const StatisticsQuery = z.strictObject({ regionPrefix: RegionPrefix });

const route = createRoute({
  method: "get",
  path: "/v1/statistics",
  operationId: "readStatistics",
  tags: ["Statistics"],
  summary: "A region's members, rights, and transfers and withdrawals, counted",
  description:
    "Counts over the collectives whose region code begins with `regionPrefix`. Admin: any prefix (none: the whole registry). Bureau: the prefix narrowed to its own (none: its own); a prefix disjoint from its own counts nothing and answers zeros, as `GET /v1/collectives` answers an empty list. Registrar: its own collective, if it lies under the prefix (none: its collective). Holder: 403. Sums are exact (integer sums of the smallest unit, then decimal strings). With one database per county, the county databases under the prefix answer at once and are added up; one that does not answer is named in `unavailable`.",
  request: { query: StatisticsQuery },
  responses: {
    200: jsonResponse(Statistics, "The region's numbers"),
    ...readProblemResponses,
    403: problemResponses[403],
  },
});

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be a month YYYY-MM");

/** The query of GET /v1/statistics/series (the console's statistics page parses its form with it). */
export const SeriesQuery = z
  .strictObject({
    regionPrefix: RegionPrefix,
    from: Month.optional().openapi({
      description: `The first month counted, YYYY-MM (China Standard Time). Default: ${DEFAULT_SERIES_MONTHS - 1} months before \`to\``,
      example: "2024-12",
    }),
    to: Month.optional().openapi({
      description: `The last month counted, YYYY-MM. Default: ${DEFAULT_SERIES_MONTHS - 1} months after \`from\` when only \`from\` is given, else the current month in China Standard Time (the last ${DEFAULT_SERIES_MONTHS} months)`,
      example: "2026-11",
    }),
  })
  .superRefine((q, ctx) => {
    if (q.from === undefined || q.to === undefined) return;
    const months = monthsBetween(q.from, q.to);
    if (months < 1) ctx.addIssue({ code: "custom", path: ["to"], message: "must not be before from" });
    else if (months > MAX_SERIES_MONTHS) ctx.addIssue({ code: "custom", path: ["to"], message: `at most ${MAX_SERIES_MONTHS} months from from` });
  });

const Tally = z.object({
  count: z.number().int().openapi({ description: "Applications registered", example: 3 }),
  amountSum: z.string().openapi({ description: "Σ price (transfers) or compensation paid (withdrawals), yuan with 2 decimals, exact", example: "90000.00" }),
});

const BySubject = z.object({
  all: Tally.openapi({ description: "All subjects together" }),
  equity: Tally.openapi({ description: "Collective equity (shares)" }),
  landContract: Tally.openapi({ description: "Land-contract rights (plots)" }),
  homestead: Tally.openapi({ description: "Homestead use rights" }),
});

const Holding = z.object({
  shares: z.string().openapi({ description: "Σ shares, exact decimal string", example: "7950" }),
  holdings: z.number().int().openapi({ description: "Holdings counted (a person holding in two collectives counts twice)", example: 640 }),
});

const Series = z
  .object({
    regionPrefix: z.string().openapi({ description: "The prefix counted, chosen as for GET /v1/statistics", example: "371083" }),
    from: z.string().openapi({ description: "First month counted", example: "2024-12" }),
    to: z.string().openapi({ description: "Last month counted", example: "2026-11" }),
    asOf: z.string().openapi({ description: "Today in China Standard Time: the date `sharesByResidence` is read as of", example: "2026-11-27" }),
    months: z
      .array(
        z.object({
          month: z.string().openapi({ example: "2026-11" }),
          transfers: BySubject.openapi({ description: "Transfers (自愿有偿转让) registered that month" }),
          withdrawals: BySubject.openapi({ description: "Withdrawals (自愿有偿退出) registered that month: the compensation paid" }),
        }),
      )
      .openapi({ description: "Every month from `from` to `to`, oldest first, months without a registration included (zeros)" }),
    totals: z.object({ transfers: BySubject, withdrawals: BySubject }).openapi({ description: "The same, over the whole window" }),
    sharesByResidence: z
      .object({
        asOf: z.string().openapi({ description: "The date the holdings and the hukou are read as of (today)" }),
        membersWithUrbanHukou: Holding.openapi({ description: "Held by active members whose current hukou record (the latest effective on or before asOf) is urban: members who live in a city" }),
        otherMembers: Holding.openapi({ description: "Held by the other active members (rural hukou, or none recorded)" }),
        nonMembers: Holding.openapi({ description: "Held by persons who are not active members of the collective (heirs, members who died or left: shares stay until succession or transfer)" }),
        collectives: z.object({ shares: z.string() }).openapi({ description: "Held by the collectives themselves (from withdrawals)" }),
      })
      .openapi({ description: "Who holds the shares today, by residence: a snapshot, not a series. The four add up to the shares issued of GET /v1/statistics" }),
    partial: z.boolean().openapi({ description: "True when a county database under the prefix did not answer in time: its numbers are missing from the sums" }),
    unavailable: z.array(z.string()).openapi({ description: "The databases (by routing name) that did not answer" }),
  })
  .openapi("StatisticsSeries");

const seriesRoute = createRoute({
  method: "get",
  path: "/v1/statistics/series",
  operationId: "readStatisticsSeries",
  tags: ["Statistics"],
  summary: "Transfers and withdrawals registered per month, and who holds the shares, for a region",
  description:
    `Per month of the registration date (\`registeredOn\`, a legal date in China Standard Time), the transfers and withdrawals registered in the collectives whose region code begins with \`regionPrefix\`: how many, and the exact sum of their prices or compensation, by subject (equity, land-contract, homestead) and all together. Only registered applications count (pending, rejected and cancelled ones do not). The window is \`from\`–\`to\`, both months included, at most ${MAX_SERIES_MONTHS} months; without either, the last ${DEFAULT_SERIES_MONTHS} months. Also who holds the shares today: members living in cities (urban hukou), other members, non-members, the collectives. Scope as for \`GET /v1/statistics\`: admin any prefix (none: the whole registry); bureau the prefix narrowed to its own (none: its own; a disjoint prefix counts nothing and answers zeros); registrar its own collective, if it lies under the prefix; holder 403. Sums are integer sums of fen (or 1/10,000 shares), then decimal strings. With one database per county, the county databases under the prefix answer at once and are added up; one that does not answer is named in \`unavailable\`.`,
  request: { query: SeriesQuery },
  responses: {
    200: jsonResponse(Series, "The region's months"),
    ...readProblemResponses,
    403: problemResponses[403],
  },
});

export function registerStatisticsRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => c.json(Statistics.parse(await readStatistics(contextIn(c, null), c.req.valid("query"))), 200));
  app.openapi(seriesRoute, async (c) => c.json(Series.parse(await readSeries(contextIn(c, null), c.req.valid("query"))), 200));
}
