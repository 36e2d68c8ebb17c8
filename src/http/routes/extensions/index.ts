import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { applyExtensionPlan } from "../../../commands/extensions/apply-plan.js";
import { getExtensionPlan } from "../../../commands/extensions/get-plan.js";
import { proposeExtensionPlan } from "../../../commands/extensions/propose-plan.js";
import { FOREST_YEARS, GRASSLAND_YEARS, HELD_BACK_REASONS } from "../../../domain/extensions.js";
import { contextIn, countyOf } from "../../context.js";
import { idempotent, IdempotencyHeaders } from "../../idempotency.js";
import { CollectiveCodeParam, jsonBody, jsonResponse, LegalDate, problemResponses, readProblemResponses } from "../../schemas.js";
import type { AppEnv } from "../../types.js";

const Reason = z.enum(HELD_BACK_REASONS as [string, ...string[]]).openapi({
  description:
    "Why a contract is held back: right_seized (a seizure, 查封, in effect on the contract or a plot), right_under_objection (an objection registration, 异议登记, in effect: the right is disputed), plot_in_pending_application (an open transfer or withdrawal reserves a plot), no-plots, not-arable (a plot's use — fishery, non-farm — has no statutory period), mixed-land-use (its plots are of kinds whose periods differ in this plan)",
});

const PlanInput = z
  .strictObject({
    resolutionRef: z.string().trim().min(1).max(200).openapi({ example: "午极村成员大会决议〔2026〕7号", description: "A recorded, passing resolution of the members' general meeting deciding `term-extension`, held on or before noticeStartsOn" }),
    windowFrom: LegalDate.openapi({ example: "2027-01-01", description: "Contracts whose term ends on or after this day…" }),
    windowTo: LegalDate.openapi({ example: "2028-12-31", description: "…and on or before this day are in the plan" }),
    noticeStartsOn: LegalDate.openapi({ example: "2026-11-01", description: "The first day of the plan's public notice (公示)" }),
    noticeEndsOn: LegalDate.openapi({ example: "2026-11-16", description: "Its last day: at least 15 days after the start (MARA 2023 measures)" }),
    grasslandYears: z.number().int().min(GRASSLAND_YEARS.min).max(GRASSLAND_YEARS.max).optional().openapi({ example: 30, description: "Grassland (landUse livestock) is extended by 30–50 years (RLCL Art. 21); default 30" }),
    forestYears: z.number().int().min(FOREST_YEARS.min).max(FOREST_YEARS.max).optional().openapi({ example: 30, description: "Forest land (landUse forestry) is extended by 30–70 years (RLCL Art. 21); default 30" }),
  })
  .openapi("ExtensionPlanInput");

const Counts = z.object({ covered: z.number().int(), extended: z.number().int(), heldBack: z.number().int(), byReason: z.record(z.string(), z.number().int()) });

const Plan = z
  .object({
    id: z.string().openapi({ example: "ext_371083_01jd8x2k5q7w3e9r4t6y8u0" }),
    collectiveCode: z.string(),
    resolutionRef: z.string(),
    windowFrom: z.string(),
    windowTo: z.string(),
    noticeStartsOn: z.string(),
    noticeEndsOn: z.string(),
    grasslandYears: z.number().int(),
    forestYears: z.number().int(),
    status: z.enum(["in-notice", "applied", "cancelled"]),
    appliedOn: z.string().nullable(),
    recordedAt: z.string(),
    preview: z
      .object({
        asOf: z.string().openapi({ description: "The day the preview was judged on (today): restrictions and applications are judged again when the plan is applied" }),
        contracts: z.array(
          z.object({
            contractCode: z.string(),
            contractorCode: z.string(),
            endsOn: z.string(),
            landKinds: z.array(z.string()).openapi({ description: "arable, grassland, forest, or the plot's land use when it has no statutory period" }),
            outcome: z.enum(["planned", "held-back"]),
            newEndsOn: z.string().nullable(),
            reason: Reason.nullable(),
          }),
        ),
        counts: z.object({ covered: z.number().int(), planned: z.number().int(), heldBack: z.number().int(), byReason: z.record(z.string(), z.number().int()) }),
      })
      .nullable()
      .openapi({ description: "While in notice: every active contract ending within the window not yet judged, with its planned new end or why it would be held back" }),
    report: z
      .object({
        extended: z.array(z.object({ contractCode: z.string(), previousEndsOn: z.string(), newEndsOn: z.string(), certificateNo: z.string().openapi({ description: "The reissued electronic certificate, stating the new term" }) })),
        heldBack: z.array(z.object({ contractCode: z.string(), endsOn: z.string(), reason: Reason })),
        counts: Counts,
      })
      .nullable()
      .openapi({ description: "Once applied: what was extended (old → new end, certificate) and what was held back and why" }),
  })
  .openapi("ExtensionPlan");

const code = z.object({ code: CollectiveCodeParam });
const one = z.object({ id: z.string().min(1).max(60).openapi({ param: { name: "id", in: "path" }, example: "ext_371083_01jd8x2k5q7w3e9r4t6y8u0" }) });

const routes = {
  propose: createRoute({
    method: "post",
    path: "/v1/collectives/{code}/extension-plans",
    operationId: "proposeExtensionPlan",
    tags: ["Extensions"],
    summary: "Propose a bulk extension of contract terms (延包) and preview it",
    description:
      "The collective's registrar or admin. Every active contract ending within the window is extended after the plan's public notice (≥ 15 days): arable land (landUse cropping) by 30 years, grassland (livestock) by `grasslandYears` (30–50) and forest land (forestry) by `forestYears` (30–70) (RLCL Art. 21). A contract mixing kinds is extended when their periods are equal, else held back `mixed-land-use`. The answer previews each contract as judged today. Refusals: `resolution_not_recorded`, `resolution_not_passed`, `resolution_body_not_competent`, `resolution_matter_mismatch`, `resolution_held_after_act` (the resolution must be held on or before noticeStartsOn), `extension_window_invalid`, `extension_notice_too_short`, `extension_period_invalid` (422). Journaled as `extension_plan.proposed`.",
    request: { headers: IdempotencyHeaders, params: code, body: jsonBody(PlanInput, "The resolution, the window, the notice and the periods") },
    responses: { 201: jsonResponse(Plan, "Proposed, in notice, with its preview"), ...problemResponses },
  }),
  apply: createRoute({
    method: "post",
    path: "/v1/extension-plans/{id}/application",
    operationId: "applyExtensionPlan",
    tags: ["Extensions"],
    summary: "Apply an extension plan after its notice: extend the contracts, reissue their certificates",
    description:
      "The collective's registrar or admin, once, on a day after the notice ended (409 `extension_notice_running`; again: 409 `extension_plan_not_in_notice`). Each contract is judged on the register that day: held back when seized or under an objection, when a plot is in an open transfer or withdrawal, or without a statutory period (`not-arable`, `mixed-land-use`); otherwise its term's end moves, a register version (act `term-extension`) is recorded and its certificate reissued with the new term (the holder is unchanged: title versions are not). Large plans commit in batches of 250 contracts (`extension_plan.progressed`); the last sets the plan applied (`extension_plan.applied`, with the counts). The answer is the report.",
    request: { headers: IdempotencyHeaders, params: one, body: jsonBody(z.strictObject({ appliedOn: LegalDate.openapi({ example: "2026-11-27", description: "The day of the application; not after today, after the notice's last day" }) }).openapi("ExtensionPlanApplication"), "When") },
    responses: { 200: jsonResponse(Plan, "Applied: the report"), ...problemResponses },
  }),
  get: createRoute({
    method: "get",
    path: "/v1/extension-plans/{id}",
    operationId: "getExtensionPlan",
    tags: ["Extensions"],
    summary: "An extension plan: its preview while in notice, its report once applied",
    description: "Visible to whoever sees the collective (admin, its registrar, a bureau covering it); anyone else gets 404 `extension_plan_not_found`.",
    request: { params: one },
    responses: { 200: jsonResponse(Plan, "The plan"), ...readProblemResponses },
  }),
};

export function registerExtensionRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(routes.propose, async (c) => {
    const body = c.req.valid("json");
    const { code } = c.req.valid("param");
    return idempotent(c, body, (ctx) => proposeExtensionPlan(ctx, code, body), (plan) => ({ status: 201, body: Plan.parse(plan) }), countyOf.collective(code));
  });
  app.openapi(routes.apply, async (c) => {
    const body = c.req.valid("json");
    const { id } = c.req.valid("param");
    return idempotent(c, body, (ctx) => applyExtensionPlan(ctx, id, body), (plan) => ({ status: 200, body: Plan.parse(plan) }), countyOf.id(id));
  });
  app.openapi(routes.get, async (c) => {
    const { id } = c.req.valid("param");
    return c.json(Plan.parse(await getExtensionPlan(contextIn(c, countyOf.id(id)), id)), 200);
  });
}
