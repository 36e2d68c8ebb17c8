import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { getDistribution } from "../../../commands/distributions/get-distribution.js";
import { distributionLinesCsv } from "../../../commands/distributions/lines-csv.js";
import { listDistributions } from "../../../commands/distributions/list-distributions.js";
import { payLine } from "../../../commands/distributions/pay-line.js";
import { getPersonDistributions } from "../../../commands/distributions/person-distributions.js";
import { recordDistribution } from "../../../commands/distributions/record-distribution.js";
import { contextIn, countyOf } from "../../context.js";
import { idempotent, IdempotencyHeaders } from "../../idempotency.js";
import {
  CollectiveCodeParam,
  countyUnavailableResponse,
  decimalString,
  jsonBody,
  jsonResponse,
  LegalDate,
  PersonIdParam,
  problemResponses,
  readProblemResponses,
} from "../../schemas.js";
import type { AppEnv } from "../../types.js";

const yuan = (example: string, description: string) => z.string().openapi({ example, description });

const DistributionInput = z
  .strictObject({
    recordDate: LegalDate.openapi({ example: "2026-10-31", description: "The cap table held at the end of this day (China Standard Time) is paid; not after today" }),
    netIncome: decimalString(2, "1234567.89", "The year's net income to distribute from, yuan, more than 0"),
    reservePercent: z
      .string()
      .regex(/^\d{1,3}(\.\d{1,2})?$/, 'must be a percentage with at most 2 decimals, e.g. "30" or "12.5"')
      .openapi({ example: "30", description: "Reserve and welfare fund (公积公益金) kept back, percent of the net income, 0–100, at most 2 decimals" }),
    description: z.string().trim().min(1).max(500).openapi({ example: "2026年度集体收益分配" }),
    resolutionRef: z.string().trim().min(1).max(200).openapi({ example: "午极村成员代表大会决议〔2026〕5号" }),
  })
  .openapi("DistributionInput");

const Line = z
  .object({
    lineNo: z.number().int().openapi({ example: 1, description: "Numbered by holding, largest first; persons before the collective; then person id" }),
    holder: z.enum(["person", "collective"]).openapi({ description: "collective: the collective's own holding (集体股), which gets its line like any holder" }),
    personId: z.string().nullable().openapi({ example: "prs_01jd8x2k5q7w3e9r4t6y8u0i2o", description: "Null for the collective's own line" }),
    name: z.string().nullable().openapi({ example: "孙秀英", description: "The person, or the collective's name" }),
    shares: z.string().openapi({ example: "12.5", description: "Shares held at the end of the record date" }),
    amount: yuan("1532.17", "The line's amount, yuan"),
    paid: z.boolean(),
    paidOn: z.string().nullable().openapi({ example: null }),
    reference: z.string().nullable().openapi({ description: "The payment's reference (bank transfer, receipt)", example: null }),
  })
  .openapi("DistributionLine");

const totals = {
  paid: yuan("0.00", "Σ paid lines, yuan"),
  unpaid: yuan("864197.52", "distributable − paid, yuan"),
  paidCount: z.number().int().openapi({ example: 0 }),
  unpaidCount: z.number().int().openapi({ example: 312 }),
};

const summary = {
  id: z.string().openapi({ example: "dst_371083_01jd8x2k5q7w3e9r4t6y8u0" }),
  collectiveCode: z.string(),
  recordDate: z.string().openapi({ example: "2026-10-31" }),
  netIncome: yuan("1234567.89", "Net income, yuan"),
  reservePercent: z.string().openapi({ example: "30" }),
  reserve: yuan("370370.37", "netIncome − distributable: the reserve takes the fraction of a fen"),
  distributable: yuan("864197.52", "⌊netIncome × (100 − reservePercent) / 100⌋ to the fen; Σ lines = distributable, always"),
  totalShares: z.string().openapi({ example: "480", description: "Σ shares of the lines" }),
  description: z.string(),
  resolutionRef: z.string(),
  recordedAt: z.string().openapi({ description: "When the registry recorded it (ISO instant)" }),
  lineCount: z.number().int().openapi({ example: 312 }),
  ...totals,
};

const DistributionSummary = z.object(summary).openapi("DistributionSummary");

const Distribution = z
  .object({
    ...summary,
    residue: yuan("0.07", "The fen left over after rounding every line down, placed one each by largest remainder (ties: larger holding, then persons before the collective, then person id)"),
    lines: z.array(Line),
  })
  .openapi("Distribution");

const PaymentInput = z
  .strictObject({
    personId: z.string().min(1).max(60).optional().openapi({ example: "prs_01jd8x2k5q7w3e9r4t6y8u0i2o", description: "The person whose line is paid" }),
    holder: z.enum(["person", "collective"]).optional().openapi({ description: 'collective: pay the collective\'s own line (then no personId). Default "person"' }),
    amount: decimalString(2, "1532.17", "The line's full amount, yuan"),
    paidOn: LegalDate.openapi({ example: "2026-11-27", description: "On or after the record date, not after today" }),
    reference: z.string().trim().min(1).max(100).openapi({ example: "农商银行代发 20261127-0001" }),
  })
  .superRefine((body, ctx) => {
    if (body.holder === "collective" && body.personId !== undefined)
      ctx.addIssue({ code: "custom", path: ["personId"], message: 'must be absent with holder "collective"' });
    if (body.holder !== "collective" && body.personId === undefined)
      ctx.addIssue({ code: "custom", path: ["personId"], message: 'is required unless holder is "collective"' });
  })
  .openapi("DistributionPaymentInput");

const PaymentResult = z
  .object({
    distributionId: z.string(),
    collectiveCode: z.string(),
    recordDate: z.string(),
    distributable: yuan("864197.52", "The distribution's distributable amount"),
    line: Line,
    ...totals,
  })
  .openapi("DistributionPayment");

const PersonDistributions = z
  .object({
    personId: z.string(),
    name: z.string(),
    lines: z.array(
      z.object({
        collectiveCode: z.string(),
        collectiveName: z.string(),
        distributionId: z.string(),
        recordDate: z.string(),
        description: z.string(),
        lineNo: z.number().int(),
        shares: z.string().openapi({ example: "12" }),
        amount: yuan("1532.17", "The person's amount, yuan"),
        paidOn: z.string().nullable(),
      }),
    ).openapi({ description: "Newest record date first" }),
    totals: z.object({ amount: yuan("1532.17", "Σ amounts"), paid: yuan("0.00", "Σ paid"), unpaid: yuan("1532.17", "Σ unpaid") }),
    partial: z.boolean().openapi({ description: "True when a county database that may hold lines did not answer" }),
    unavailable: z.array(z.string()),
  })
  .openapi("PersonDistributions");

const DistributionList = z.object({ collectiveCode: z.string(), distributions: z.array(DistributionSummary) }).openapi("DistributionList");

const code = z.object({ code: CollectiveCodeParam });
const distribution = z.object({
  code: CollectiveCodeParam,
  id: z.string().min(1).max(60).openapi({ param: { name: "id", in: "path" }, example: "dst_371083_01jd8x2k5q7w3e9r4t6y8u0" }),
});

const routes = {
  record: createRoute({
    method: "post",
    path: "/v1/collectives/{code}/distributions",
    operationId: "recordDistribution",
    tags: ["Distributions"],
    summary: "Record a year's income distribution (收益分配), computed once from the cap table of the record date",
    description:
      "The collective's registrar or admin. distributable = ⌊netIncome × (100 − reservePercent) / 100⌋ to the fen. Every holding at the end of `recordDate` (China Standard Time; the equity titles as the register says now) gets a line: its pro-rata share rounded down, and the fen left over (`residue`) go one each to the largest remainders — ties to the larger holding, then persons before the collective, then the smaller person id. Σ lines = distributable exactly; each line is within one fen of its exact share. The collective's own holding gets its line (`holder: \"collective\"`, `personId: null`). Never recomputed: later transfers do not change it. Refusals: `date_in_future` (422), `net_income_must_be_positive` (422), `reserve_percent_invalid` (422), `no_shares_on_record_date` (409), `distribution_already_recorded` (409, the same record date and resolution again); the resolution must be a recorded, passing one on `distribution` (of the general meeting or the representatives' assembly; it may be held after the record date): `resolution_not_recorded` (422), `resolution_not_passed` (409), `resolution_matter_mismatch` (422).",
    request: { headers: IdempotencyHeaders, params: code, body: jsonBody(DistributionInput, "The distribution") },
    responses: { 201: jsonResponse(Distribution, "The distribution with every line"), ...problemResponses },
  }),
  list: createRoute({
    method: "get",
    path: "/v1/collectives/{code}/distributions",
    operationId: "listDistributions",
    tags: ["Distributions"],
    summary: "A collective's distributions, newest record date first, with paid/unpaid totals",
    description: "Visible to whoever sees the collective (admin, its registrar, a bureau covering it); anyone else gets 404 `collective_not_found`.",
    request: { params: code },
    responses: {
      200: jsonResponse(DistributionList, "The distributions"),
      ...readProblemResponses,
    },
  }),
  get: createRoute({
    method: "get",
    path: "/v1/collectives/{code}/distributions/{id}",
    operationId: "getDistribution",
    tags: ["Distributions"],
    summary: "A distribution with its lines and who is still unpaid",
    description: "Visible to whoever sees the collective. 404 `distribution_not_found` for an id that is not this collective's.",
    request: { params: distribution },
    responses: { 200: jsonResponse(Distribution, "The distribution"), ...readProblemResponses },
  }),
  pay: createRoute({
    method: "post",
    path: "/v1/collectives/{code}/distributions/{id}/payments",
    operationId: "payDistributionLine",
    tags: ["Distributions"],
    summary: "Record the payment of one holder's line: the full amount, once",
    description:
      "The collective's registrar or admin. Name the person (`personId`), or `holder: \"collective\"` for the collective's own line. Refusals: `payment_amount_mismatch` (422, not the line's full amount), `line_already_paid` (409), `date_in_future` (422), `payment_before_record_date` (422), `distribution_line_not_found` (404), `distribution_not_found` (404). Journaled as `distribution.line_paid`.",
    request: { headers: IdempotencyHeaders, params: distribution, body: jsonBody(PaymentInput, "The payment") },
    responses: { 201: jsonResponse(PaymentResult, "The paid line and the distribution's totals"), ...problemResponses },
  }),
  csv: createRoute({
    method: "get",
    path: "/v1/collectives/{code}/distributions/{id}/lines.csv",
    operationId: "getDistributionLinesCsv",
    tags: ["Distributions"],
    summary: "The payment list as CSV (UTF-8 with BOM, opens in a spreadsheet in Chinese)",
    description:
      "Columns 序号, 持股人, 证件号码（脱敏）, 股份, 金额（元）, 支付日期, 支付凭证 (RFC 4180, CRLF), ID numbers always masked (the collective's own line shows its credit code), and a last row 合计 with the total shares and the distributable amount. Same access as the distribution.",
    request: { params: distribution },
    responses: {
      200: {
        description: "The CSV file (attachment)",
        content: { "text/csv": { schema: z.string().openapi({ example: "\uFEFF序号,持股人,证件号码（脱敏）,股份,金额（元）,支付日期,支付凭证\r\n1,孙秀英,3710**********0025,12,1532.17,,\r\n" }) } },
      },
      ...readProblemResponses,
    },
  }),
  person: createRoute({
    method: "get",
    path: "/v1/persons/{personId}/distributions",
    operationId: "getPersonDistributions",
    tags: ["Distributions"],
    summary: "A holder's dividends across collectives",
    description:
      "Every line paid or payable to the person, newest record date first, with totals. A holder token sees its own person; a registrar and a bureau the lines of the collectives they see (404 `person_not_found` when they see none of the person's records); admin all. With one database per county, every county holding records of the person answers; one that does not is named in `unavailable`.",
    request: { params: z.object({ personId: PersonIdParam }) },
    responses: { 200: jsonResponse(PersonDistributions, "The person's dividends"), ...readProblemResponses, ...countyUnavailableResponse },
  }),
};

export function registerDistributionRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(routes.record, async (c) => {
    const body = c.req.valid("json");
    const { code } = c.req.valid("param");
    return idempotent(c, body, (ctx) => recordDistribution(ctx, code, body), (view) => ({ status: 201, body: Distribution.parse(view) }), countyOf.collective(code));
  });
  app.openapi(routes.list, async (c) => {
    const { code } = c.req.valid("param");
    return c.json(DistributionList.parse(await listDistributions(contextIn(c, countyOf.collective(code)), code)), 200);
  });
  app.openapi(routes.get, async (c) => {
    const { code, id } = c.req.valid("param");
    return c.json(Distribution.parse(await getDistribution(contextIn(c, countyOf.collective(code)), code, id)), 200);
  });
  app.openapi(routes.pay, async (c) => {
    const body = c.req.valid("json");
    const { code, id } = c.req.valid("param");
    return idempotent(c, body, (ctx) => payLine(ctx, code, id, body), (result) => ({ status: 201, body: PaymentResult.parse(result) }), countyOf.collective(code));
  });
  app.openapi(routes.csv, async (c) => {
    const { code, id } = c.req.valid("param");
    const csv = await distributionLinesCsv(contextIn(c, countyOf.collective(code)), code, id);
    return c.body(csv.body, 200, {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${csv.filename}"`,
      "Cache-Control": "no-store",
    });
  });
  app.openapi(routes.person, async (c) => {
    const { personId } = c.req.valid("param");
    return c.json(PersonDistributions.parse(await getPersonDistributions(contextIn(c, countyOf.id(personId)), personId)), 200);
  });
}
