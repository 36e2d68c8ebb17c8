import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { apply } from "../../../commands/applications/apply.js";
import { consent } from "../../../commands/applications/consent.js";
import { approve, cancel, reject } from "../../../commands/applications/decide.js";
import { lodgeObjection, resolveObjection } from "../../../commands/applications/objections.js";
import { getApplication, listCollectiveApplications } from "../../../commands/applications/read.js";
import { registerPayment } from "../../../commands/applications/register.js";
import { stepOn } from "../../../commands/applications/step.js";
import { idempotent, IdempotencyHeaders } from "../../idempotency.js";
import { CollectiveCodeParam, jsonBody, jsonResponse, problemResponses, readProblemResponses } from "../../schemas.js";
import { contextIn, countyOf } from "../../context.js";
import type { AppEnv } from "../../types.js";
import {
  Application,
  ApprovalInput,
  CancellationInput,
  ConsentInput,
  ObjectionInput,
  PaymentInput,
  RejectionInput,
  ResolutionInput,
  Status,
  TransferInput,
  WithdrawalInput,
} from "./schemas.js";

type Type = "transfer" | "withdrawal";
const plural = { transfer: "transfers", withdrawal: "withdrawals" } as const;
const Title = { transfer: "Transfer", withdrawal: "Withdrawal" } as const;

/** The same workflow routes for transfers (自愿有偿转让) and withdrawals (自愿有偿退出). */
export function registerApplicationRoutes(app: OpenAPIHono<AppEnv>) {
  for (const type of ["transfer", "withdrawal"] as const) registerFor(app, type);
}

function registerFor(app: OpenAPIHono<AppEnv>, type: Type) {
  const base = `/v1/${plural[type]}`;
  const T = Title[type];
  const idParam = z.object({ id: z.string().min(1).max(60).openapi({ param: { name: "id", in: "path" } }) });
  const step = (path: string, operationId: string, summary: string, description: string, body: z.ZodType, status: 200 | 201 = 200) =>
    createRoute({
      method: "post",
      path: `${base}/{id}${path}`,
      operationId,
      tags: [`${T}s`],
      summary,
      description,
      request: { headers: IdempotencyHeaders, params: path.includes("{objectionId}") ? idParam.extend({ objectionId: z.string().min(1).max(60) }) : idParam, body: jsonBody(body, summary) },
      responses: { [status]: jsonResponse(Application, "The application after this step"), ...problemResponses },
    });

  const create = createRoute({
    method: "post",
    path: base,
    operationId: `create${T}`,
    tags: [`${T}s`],
    summary: type === "transfer" ? "Apply to transfer a right to another member for payment" : "Apply to withdraw from a right for compensation",
    description:
      (type === "transfer"
        ? "Equity goes to an active member (within the holding cap); a land contract's plots (some or all) to another household of the same collective, with the issuing party's consent (the approval); a homestead to a member household that holds none. "
        : "Shares return to the collective's own holding; plots return to the collective unassigned (written notice six months before registration, RLCL Art. 30); the homestead right is cancelled and the parcel returns to the collective. ") +
      "Voluntary: never a condition of anything. The application reserves its subject at once (shares, plots or homestead cannot enter a second application); rejection or cancellation releases it, registration consumes it.",
    request: { headers: IdempotencyHeaders, body: jsonBody(type === "transfer" ? TransferInput : WithdrawalInput, "The application") },
    responses: { 201: jsonResponse(Application, "Applied"), ...problemResponses },
  });
  app.openapi(create, async (c) => {
    const body = c.req.valid("json") as z.infer<typeof TransferInput> & z.infer<typeof WithdrawalInput>;
    const amount = type === "transfer" ? body.price : body.compensation;
    return idempotent(c, body, (ctx) => apply(ctx, type, { ...body, amount }), (view) => ({ status: 201, body: Application.parse(view) }), countyOf.collective(body.collectiveCode));
  });

  const get = createRoute({
    method: "get",
    path: `${base}/{id}`,
    operationId: `get${T}`,
    tags: [`${T}s`],
    summary: `A ${type} application and where it stands`,
    request: { params: idParam },
    responses: { 200: jsonResponse(Application, "The application"), ...readProblemResponses },
  });
  app.openapi(get, async (c) => c.json(Application.parse(await getApplication(contextIn(c, countyOf.id(c.req.valid("param").id)), type, c.req.valid("param").id)), 200));

  const list = createRoute({
    method: "get",
    path: `/v1/collectives/{code}/${plural[type]}`,
    operationId: `list${T}s`,
    tags: [`${T}s`],
    summary: `The collective's ${type} applications`,
    request: {
      params: z.object({ code: CollectiveCodeParam }),
      query: z.strictObject({ status: Status.optional(), after: z.string().max(60).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }),
    },
    responses: { 200: jsonResponse(z.object({ applications: z.array(Application), nextCursor: z.string().nullable() }), "A page, oldest first"), ...readProblemResponses },
  });
  app.openapi(list, async (c) => {
    const page = await listCollectiveApplications(contextIn(c, countyOf.collective(c.req.valid("param").code)), c.req.valid("param").code, type, c.req.valid("query"));
    return c.json({ applications: page.applications.map((a) => Application.parse(a)), nextCursor: page.nextCursor }, 200);
  });

  const respond = (status: 200 | 201) => (view: unknown) => ({ status, body: Application.parse(view) });

  const consentRoute = step("/consents", `consentTo${T}`, "A co-holder of the giving household consents", "With the co-holder's own holder token, or the registrar recording a written consent. The last consent starts the public notice (noticeDays of the rules in force, China Standard Time).", ConsentInput);
  app.openapi(consentRoute, async (c) => {
    const body = c.req.valid("json") as z.infer<typeof ConsentInput>;
    return idempotent(c, body, (ctx) => stepOn(ctx, type, c.req.param("id"), () => consent(ctx, c.req.param("id"), body.personId)), respond(200), countyOf.id(c.req.param("id") ?? ""));
  });

  const objectionRoute = step("/objections", `objectTo${T}`, "Record an objection", "Objections may be lodged until approval; an open objection blocks approval. The registrar records it.", ObjectionInput, 201);
  app.openapi(objectionRoute, async (c) => {
    const body = c.req.valid("json") as z.infer<typeof ObjectionInput>;
    return idempotent(c, body, (ctx) => stepOn(ctx, type, c.req.param("id"), () => lodgeObjection(ctx, c.req.param("id"), body)), respond(201), countyOf.id(c.req.param("id") ?? ""));
  });

  const resolutionRoute = step("/objections/{objectionId}/resolution", `resolve${T}Objection`, "Resolve an objection", "Upheld: the application is rejected and its reservation released. Dismissed: the notice goes on once no objection is open.", ResolutionInput);
  app.openapi(resolutionRoute, async (c) => {
    const body = c.req.valid("json") as z.infer<typeof ResolutionInput>;
    return idempotent(c, body, (ctx) => stepOn(ctx, type, c.req.param("id"), () => resolveObjection(ctx, c.req.param("id"), c.req.param("objectionId") ?? "", body)), respond(200), countyOf.id(c.req.param("id") ?? ""));
  });

  const approvalRoute = step("/approval", `approve${T}`, "Approve (the collective's decision)", "Only after the notice has run its full term (409 notice_period_running before) and with no open objection (409 objection_open).", ApprovalInput);
  app.openapi(approvalRoute, async (c) => {
    const body = c.req.valid("json") as z.infer<typeof ApprovalInput>;
    return idempotent(c, body, (ctx) => stepOn(ctx, type, c.req.param("id"), () => approve(ctx, c.req.param("id"), body)), respond(200), countyOf.id(c.req.param("id") ?? ""));
  });

  const rejectionRoute = step("/rejection", `reject${T}`, "Reject", "The registrar rejects before registration; the reservation is released.", RejectionInput);
  app.openapi(rejectionRoute, async (c) => {
    const body = c.req.valid("json") as z.infer<typeof RejectionInput>;
    return idempotent(c, body, (ctx) => stepOn(ctx, type, c.req.param("id"), () => reject(ctx, c.req.param("id"), body)), respond(200), countyOf.id(c.req.param("id") ?? ""));
  });

  const cancellationRoute = step("/cancellation", `cancel${T}`, "Cancel (the applicant or the registrar, before approval)", "Send `{}` or a reason. The reservation is released.", CancellationInput);
  app.openapi(cancellationRoute, async (c) => {
    const body = c.req.valid("json") as z.infer<typeof CancellationInput>;
    return idempotent(c, body, (ctx) => stepOn(ctx, type, c.req.param("id"), () => cancel(ctx, c.req.param("id"), body)), respond(200), countyOf.id(c.req.param("id") ?? ""));
  });

  const paymentRoute = step("/payment", `pay${T}`, "Record the payment: this registers the change", "The full price or compensation, once. Eligibility is checked again; then, in one atomic batch with its journal row, shares move, plots change contracts (new contract versions and certificate serials), or the homestead passes or is cancelled.", PaymentInput);
  app.openapi(paymentRoute, async (c) => {
    const body = c.req.valid("json") as z.infer<typeof PaymentInput>;
    return idempotent(c, body, (ctx) => stepOn(ctx, type, c.req.param("id"), () => registerPayment(ctx, c.req.param("id"), body)), respond(200), countyOf.id(c.req.param("id") ?? ""));
  });
}
