import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { ApplicationType } from "../../../domain/applications.js";
import { listPledgeeConsents, recordPledgeeConsent } from "../../../commands/encumbrances/pledgee-consents.js";
import { getEncumbrance, listEncumbrances } from "../../../commands/encumbrances/read-encumbrances.js";
import { recordLawsuit } from "../../../commands/encumbrances/record-lawsuit.js";
import { registerEncumbrance } from "../../../commands/encumbrances/register-encumbrance.js";
import { releaseEncumbrance } from "../../../commands/encumbrances/release-encumbrance.js";
import { contextIn, countyOf } from "../../context.js";
import { idempotent, IdempotencyHeaders } from "../../idempotency.js";
import { CollectiveCodeParam, decimalString, jsonBody, jsonResponse, LegalDate, note, problemResponses, readProblemResponses } from "../../schemas.js";
import type { AppEnv } from "../../types.js";

const Kind = z.enum(["objection", "seizure", "pledge", "management-right"]).openapi({
  description:
    "objection: 异议登记 (Civil Code Art. 220) — in effect 15 days from registration unless a lawsuit is recorded, blocks transfers and withdrawals; seizure: 查封 by court order — blocks every change of the right; pledge: 抵押/质押 of a land management right (RLCL Art. 47) or of shares — blocks a transfer or withdrawal unless the pledgee consents to it; management-right: registration of a filed circulation of 5 years or more (Civil Code Art. 341) — blocks nothing",
});
const SubjectKind = z.enum(["plot", "land-contract", "homestead", "equity"]).openapi({
  description: "What the encumbrance lies on: a plot (by plot code), a land contract (its contract code: all its plots), a homestead (its unit number), or a person's shares in this collective (the person id)",
});

const EncumbranceInput = z
  .strictObject({
    kind: Kind,
    subjectKind: SubjectKind,
    subject: z.string().trim().min(1).max(60).openapi({ example: "3710831082010000001" }),
    party: note(200).optional().openapi({ example: "乳山市人民法院", description: "The objector, the court, the pledgee (required); for a management right, default: the filing's transferee" }),
    documentRef: note(200).openapi({ example: "（2026）鲁1083执123号", description: "The court order, the pledge contract, the objection application, the circulation contract" }),
    registeredOn: LegalDate.openapi({ description: "The registration date (CST); not after today", example: "2026-11-27" }),
    effectiveUntil: LegalDate.optional().openapi({
      description: "The last day it has effect: a seizure's term, a pledge's period; a management right's default is the circulation's end. Not for objections (registeredOn + 15 days by law).",
      example: "2029-11-26",
    }),
    managementRightId: z.string().min(1).max(60).optional().openapi({ description: "management-right: the filed circulation (POST /v1/plots/{plotCode}/management-rights)", example: "mgr_01jd8x2k5q7w3e9r4t6y8u0" }),
    securedAmount: decimalString(2, "200000.00", "pledge: the secured claim, yuan").optional(),
    note: note(500).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.kind !== "management-right" && v.party === undefined) ctx.addIssue({ code: "custom", path: ["party"], message: "name the objector, the court or the pledgee" });
    if (v.kind === "management-right" && v.managementRightId === undefined) ctx.addIssue({ code: "custom", path: ["managementRightId"], message: "a management-right registration names the filed circulation" });
    if (v.kind !== "management-right" && v.managementRightId !== undefined) ctx.addIssue({ code: "custom", path: ["managementRightId"], message: "only a management-right registration names a circulation" });
    if (v.kind !== "pledge" && v.securedAmount !== undefined) ctx.addIssue({ code: "custom", path: ["securedAmount"], message: "only a pledge secures an amount" });
  })
  .openapi("EncumbranceInput");

export const Encumbrance = z
  .object({
    id: z.string().openapi({ example: "enc_371083_01jd8x2k5q7w3e9r4t6y8u0" }),
    collectiveCode: z.string(),
    kind: Kind,
    subjectKind: SubjectKind,
    subject: z.string(),
    party: z.string(),
    documentRef: z.string(),
    registeredOn: z.string(),
    effectiveUntil: z.string().nullable().openapi({ description: "Its last day of effect; an objection's is registeredOn + 15 days (kept after a lawsuit is recorded, which keeps it in effect until lifted); null: until lifted" }),
    lawsuit: z.object({ ref: z.string(), recordedOn: z.string() }).nullable().openapi({ description: "An objection's lawsuit, recorded within its 15 days" }),
    lifted: z.object({ on: z.string(), reason: z.string() }).nullable(),
    detail: z.record(z.string(), z.unknown()).openapi({ description: "securedAmount (pledge), the circulation (management-right), note" }),
    status: z.enum(["in-effect", "lifted", "lapsed", "expired"]).openapi({ description: "Today (CST), computed at every read: lapsed — an objection past its 15 days without a lawsuit; expired — past effectiveUntil" }),
    inEffect: z.boolean(),
    blocks: z.array(z.enum(["transfer", "withdrawal", "succession", "correction", "extension", "household-change"])).openapi({ description: "What it blocks today (a pledge: unless the pledgee consents)" }),
    recordedAt: z.string(),
  })
  .openapi("Encumbrance");

const code = z.object({ code: CollectiveCodeParam });
const idParams = code.extend({ encumbranceId: z.string().min(1).max(60).openapi({ param: { name: "encumbranceId", in: "path" }, example: "enc_371083_01jd8x2k5q7w3e9r4t6y8u0" }) });

const ListQuery = z.strictObject({
  kind: Kind.optional(),
  subjectKind: SubjectKind.optional(),
  subject: z.string().min(1).max(60).optional().openapi({ description: "Only those on this subject (with subjectKind)" }),
  inEffect: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === "true"))
    .openapi({ description: "Only those in effect today (true) or no longer (false)" }),
});

const PledgeeConsentInput = z
  .strictObject({
    encumbranceId: z.string().min(1).max(60).openapi({ description: "The pledge in effect on the application's right" }),
    documentRef: note(200).openapi({ example: "乳山农商银行同意转让函〔2026〕18号" }),
    consentedOn: LegalDate.openapi({ description: "The date of the pledgee's written consent; not after today" }),
  })
  .openapi("PledgeeConsentInput");

const PledgeeConsents = z
  .object({
    applicationId: z.string(),
    pledges: z.array(
      z.object({
        encumbranceId: z.string(),
        subjectKind: SubjectKind,
        subject: z.string(),
        pledgee: z.string(),
        documentRef: z.string(),
        registeredOn: z.string(),
        effectiveUntil: z.string().nullable(),
        inEffect: z.boolean(),
        consent: z.object({ documentRef: z.string(), consentedOn: z.string() }).nullable().openapi({ description: "The pledgee's consent to this application; null: none yet (the pledge blocks its registration while in effect)" }),
      }),
    ),
  })
  .openapi("PledgeeConsents");

const routes = {
  create: createRoute({
    method: "post",
    path: "/v1/collectives/{code}/encumbrances",
    operationId: "registerEncumbrance",
    tags: ["Encumbrances"],
    summary: "Register an objection, a seizure, a pledge or a management right on a right of the collective",
    description:
      "The subject must hold a registered right now (a plot under an active contract, an active contract or homestead, a person holding shares). A pledge never lies on a homestead; a management right only on a plot, naming a filed circulation of 5 years or more. Whether it is in effect is computed from the date (CST) at every read and check: an objection lapses 15 days after registration unless a lawsuit is recorded (Civil Code Art. 220). Registrar of the collective, or admin; journaled.",
    request: { headers: IdempotencyHeaders, params: code, body: jsonBody(EncumbranceInput, "The encumbrance") },
    responses: { 201: jsonResponse(Encumbrance, "Registered"), ...problemResponses },
  }),
  list: createRoute({
    method: "get",
    path: "/v1/collectives/{code}/encumbrances",
    operationId: "listEncumbrances",
    tags: ["Encumbrances"],
    summary: "A collective's encumbrances, oldest first (by kind, by subject, in effect today)",
    request: { params: code, query: ListQuery },
    responses: { 200: jsonResponse(z.object({ encumbrances: z.array(Encumbrance) }), "The encumbrances"), ...readProblemResponses },
  }),
  get: createRoute({
    method: "get",
    path: "/v1/collectives/{code}/encumbrances/{encumbranceId}",
    operationId: "getEncumbrance",
    tags: ["Encumbrances"],
    summary: "One encumbrance, with whether it is in effect today",
    request: { params: idParams },
    responses: { 200: jsonResponse(Encumbrance, "The encumbrance"), ...readProblemResponses },
  }),
  lawsuit: createRoute({
    method: "post",
    path: "/v1/collectives/{code}/encumbrances/{encumbranceId}/lawsuit",
    operationId: "recordObjectionLawsuit",
    tags: ["Encumbrances"],
    summary: "Record the lawsuit of an objection: it no longer lapses",
    description: "Only for an objection still in effect (within 15 days of its registration, Civil Code Art. 220), once. It then stays in effect until lifted.",
    request: { headers: IdempotencyHeaders, params: idParams, body: jsonBody(z.strictObject({ lawsuitRef: note(200).openapi({ example: "（2026）鲁1083民初1234号" }) }).openapi("LawsuitInput"), "The lawsuit") },
    responses: { 200: jsonResponse(Encumbrance, "Recorded"), ...problemResponses },
  }),
  release: createRoute({
    method: "post",
    path: "/v1/collectives/{code}/encumbrances/{encumbranceId}/release",
    operationId: "releaseEncumbrance",
    tags: ["Encumbrances"],
    summary: "Lift an encumbrance (解除)",
    description: "With the date (not after today, not before the registration) and the reason (the court's order, the pledge discharged, the objection withdrawn or decided). Only while it is in effect; once.",
    request: {
      headers: IdempotencyHeaders,
      params: idParams,
      body: jsonBody(z.strictObject({ liftedOn: LegalDate, reason: note(300).openapi({ example: "乳山市人民法院（2026）鲁1083执123号之一解除查封裁定" }) }).openapi("ReleaseInput"), "The lifting"),
    },
    responses: { 200: jsonResponse(Encumbrance, "Lifted"), ...problemResponses },
  }),
};

const applicationId = z.object({ id: z.string().min(1).max(60).openapi({ param: { name: "id", in: "path" } }) });
const plural: Record<ApplicationType, string> = { transfer: "transfers", withdrawal: "withdrawals" };

function consentRoutes(type: ApplicationType) {
  const base = `/v1/${plural[type]}/{id}/pledgee-consents`;
  const Type = type === "transfer" ? "Transfer" : "Withdrawal";
  return {
    record: createRoute({
      method: "post",
      path: base,
      operationId: `record${Type}PledgeeConsent`,
      tags: ["Encumbrances"],
      summary: `Record a pledgee's consent to this ${type}`,
      description: `A pledge in effect on the ${type}'s right (the giver's shares, its plots or their contract) blocks its registration (409 right_pledged) until the pledgee's written consent to this very application is recorded. The registrar records it while the application is open; once per pledge.`,
      request: { headers: IdempotencyHeaders, params: applicationId, body: jsonBody(PledgeeConsentInput, "The consent") },
      responses: { 201: jsonResponse(PledgeeConsents, "Recorded: the pledges on the application's right and their consents"), ...problemResponses },
    }),
    list: createRoute({
      method: "get",
      path: base,
      operationId: `list${Type}PledgeeConsents`,
      tags: ["Encumbrances"],
      summary: `The pledges on this ${type}'s right, and the consents recorded`,
      request: { params: applicationId },
      responses: { 200: jsonResponse(PledgeeConsents, "The pledges and consents"), ...readProblemResponses },
    }),
  };
}

export function registerEncumbranceRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(routes.create, async (c) => {
    const body = c.req.valid("json");
    const { code } = c.req.valid("param");
    return idempotent(c, body, (ctx) => registerEncumbrance(ctx, code, body), (view) => ({ status: 201, body: Encumbrance.parse(view) }), countyOf.collective(code));
  });
  app.openapi(routes.list, async (c) => {
    const { code } = c.req.valid("param");
    const rows = await listEncumbrances(contextIn(c, countyOf.collective(code)), code, c.req.valid("query"));
    return c.json({ encumbrances: rows.map((r) => Encumbrance.parse(r)) }, 200);
  });
  app.openapi(routes.get, async (c) => {
    const { code, encumbranceId } = c.req.valid("param");
    return c.json(Encumbrance.parse(await getEncumbrance(contextIn(c, countyOf.collective(code)), code, encumbranceId)), 200);
  });
  app.openapi(routes.lawsuit, async (c) => {
    const body = c.req.valid("json");
    const { code, encumbranceId } = c.req.valid("param");
    return idempotent(c, body, (ctx) => recordLawsuit(ctx, code, encumbranceId, body), (view) => ({ status: 200, body: Encumbrance.parse(view) }), countyOf.collective(code));
  });
  app.openapi(routes.release, async (c) => {
    const body = c.req.valid("json");
    const { code, encumbranceId } = c.req.valid("param");
    return idempotent(c, body, (ctx) => releaseEncumbrance(ctx, code, encumbranceId, body), (view) => ({ status: 200, body: Encumbrance.parse(view) }), countyOf.collective(code));
  });
  for (const type of ["transfer", "withdrawal"] as const) {
    const r = consentRoutes(type);
    app.openapi(r.record, async (c) => {
      const body = c.req.valid("json");
      const { id } = c.req.valid("param");
      return idempotent(c, body, (ctx) => recordPledgeeConsent(ctx, type, id, body), (view) => ({ status: 201, body: PledgeeConsents.parse(view) }), countyOf.id(id));
    });
    app.openapi(r.list, async (c) => {
      const { id } = c.req.valid("param");
      return c.json(PledgeeConsents.parse(await listPledgeeConsents(contextIn(c, countyOf.id(id)), type, id)), 200);
    });
  }
}
