import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { getCapTable } from "../../../commands/equity/get-cap-table.js";
import { issueShares } from "../../../commands/equity/issue-shares.js";
import { recordSuccession } from "../../../commands/equity/record-succession.js";
import { Decimal } from "decimal.js";
import { MAX_SHARES_PER_ALLOCATION } from "../../../domain/equity.js";
import { CollectiveCodeParam, decimalString, jsonBody, jsonResponse, LegalDate, problemResponses, readProblemResponses } from "../../schemas.js";
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
        annotations: z
          .array(z.enum(["deceased", "former-member", "non-member-heir"]))
          .optional()
          .openapi({
            description:
              "Why the holder is not a member at the end of the day answered (from the collective's memberships; [] for a member): `deceased` — the membership ended by death and the holding awaits succession; `former-member` — the membership ended for another ground and the shares were kept (RCEO Law Arts. 16–17); `non-member-heir` — never a member: the shares came by succession, which the charter allows to non-members unless `rules.heirsMustBeMembers`. Shown, never hidden.",
            example: [],
          }),
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
    resolutionRef: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .openapi({ example: "午极村成员大会决议〔2020〕2号（折股量化方案）", description: "A recorded, passing resolution of the members' general meeting on equity-issuance (POST /v1/collectives/{code}/resolutions)" }),
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

const SuccessionInput = z
  .strictObject({
    deceasedPersonId: z.string().min(1).max(60).openapi({ description: "The deceased holder; their membership must have ended with reason `death`", example: "prs_01jd8x2k5q7w3e9r4t6y8u0i2o" }),
    heirs: z
      .array(
        z.strictObject({
          personId: z.string().min(1).max(60).openapi({ description: "A registered person", example: "prs_01jd8x3m1n2b3v4c5x6z7l8k9j" }),
          shares: decimalString(4, "6", "Shares this heir receives, up to 4 decimals; > 0"),
        }),
      )
      .min(1)
      .max(100)
      .openapi({ description: "Each heir once; the shares add up exactly to the deceased's holding" }),
    evidenceRef: z.string().trim().min(1).max(200).openapi({ description: "The evidence of the succession: a notarial certificate, a court judgment, a will, a heirs' agreement", example: "（2026）鲁乳山证字第1234号继承公证书" }),
    succeededOn: LegalDate.optional().openapi({ description: "The legal date the heirs hold from (default today, CST): not in the future, not before the death" }),
  })
  .openapi("EquitySuccessionInput", {
    example: {
      deceasedPersonId: "prs_01jd8x2k5q7w3e9r4t6y8u0i2o",
      heirs: [
        { personId: "prs_01jd8x3m1n2b3v4c5x6z7l8k9j", shares: "6" },
        { personId: "prs_01jd8x4p0o9i8u7y6t5r4e3w2q", shares: "6.5" },
      ],
      evidenceRef: "（2026）鲁乳山证字第1234号继承公证书",
      succeededOn: "2026-11-20",
    },
  });

const Succession = z
  .object({
    deceasedPersonId: z.string(),
    succeededOn: z.string().openapi({ example: "2026-11-27" }),
    heirs: z.array(
      z.object({
        personId: z.string(),
        name: z.string(),
        shares: z.string().openapi({ description: "Shares received", example: "6" }),
        holding: z.string().openapi({ description: "The heir's holding after the succession", example: "18" }),
        certificateNo: z.string().openapi({ description: "The heir's new certificate", example: "37108310820100-GQ-000003" }),
        member: z.boolean().openapi({ description: "Whether the heir is an active member of the collective (a non-member's holding is annotated `non-member-heir`)" }),
      }),
    ),
    evidenceRef: z.string(),
    capTable: CapTable,
  })
  .openapi("EquitySuccession");

const code = z.object({ code: CollectiveCodeParam });

const routes = {
  issue: createRoute({
    method: "post",
    path: "/v1/collectives/{code}/equity/issuances",
    operationId: "issueShares",
    tags: ["Equity"],
    summary: "Issue shares to members by resolution (折股量化)",
    description:
      "Only to active members; each holder within the charter's cap per holder when set. Written as double-entry ledger entries; holdings always sum to the shares issued. By a recorded, passing resolution of the members' general meeting on `equity-issuance` (the representatives' assembly may not decide the quantification, RCEO Law Art. 28): `resolution_not_recorded` (422), `resolution_not_passed` (409), `resolution_body_not_competent` (422), `resolution_matter_mismatch` (422).",
    request: { headers: IdempotencyHeaders, params: code, body: jsonBody(IssuanceInput, "The issuance") },
    responses: { 201: jsonResponse(CapTable, "The cap table after the issuance"), ...problemResponses },
  }),
  succeed: createRoute({
    method: "post",
    path: "/v1/collectives/{code}/equity/successions",
    operationId: "recordSuccession",
    tags: ["Equity"],
    summary: "Record the succession of a deceased holder's shares to the heirs (继承)",
    description: [
      "Shares are inherited under the charter and local rules (domain.md §2.4: 中发〔2016〕37号 asks collectives to set inheritance rules; e.g. Zhejiang 农村集体资产管理条例 Art. 30); membership ends at death (RCEO Law Art. 17) and is not inherited. Registrar of the collective, or admin.",
      "Refused, in this order: an heir with 0 shares (422 `shares_must_be_positive`), an heir listed twice (422 `heirs_duplicated`), the deceased among the heirs (422 `holders_must_be_different`), `succeededOn` in the future (422 `date_in_future`); an unregistered person (404 `person_not_found`); a deceased whose membership did not end with reason `death` (409 `deceased_membership_not_ended`); `succeededOn` before the death (422 `succession_before_death`); a deceased holding nothing (409 `nothing_to_succeed`) or with shares reserved by open applications (409 `shares_reserved_by_application`); heirs' shares not adding up exactly to the holding (422 `succession_shares_mismatch`); a non-member heir where `rules.heirsMustBeMembers` (409 `heir_not_member`); an heir over `equityHoldingCapPercent` where `rules.successionWithinHoldingCap` (409 `holding_cap_exceeded`); `succeededOn` before a later registered change of a holding involved (409 `succession_predates_holding_change`). The rules in force on `succeededOn` decide.",
      "Written in one batch: a ledger entry of kind `succession` from the deceased to each heir, title versions (act `succession`) valid from `succeededOn`, the deceased's certificate cancelled and a new certificate for each heir, and the journal event `equity.succeeded`. A non-member heir's holding shows on the cap table annotated `non-member-heir`.",
    ].join("\n\n"),
    request: {
      headers: IdempotencyHeaders,
      params: code,
      body: jsonBody(SuccessionInput, "The succession"),
    },
    responses: { 201: jsonResponse(Succession, "The succession, with each heir's new holding and certificate, and the cap table after it"), ...problemResponses },
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
  app.openapi(routes.succeed, async (c) => {
    const body = c.req.valid("json");
    const { code } = c.req.valid("param");
    return idempotent(c, body, (ctx) => recordSuccession(ctx, code, body), (answer) => ({ status: 201, body: Succession.parse(answer) }), countyOf.collective(code));
  });
  app.openapi(routes.get, async (c) => c.json(CapTable.parse(await getCapTable(contextIn(c, countyOf.collective(c.req.valid("param").code)), c.req.valid("param").code, c.req.valid("query"))), 200));
}
