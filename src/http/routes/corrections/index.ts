import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { correctHomestead } from "../../../commands/corrections/correct-homestead.js";
import { correctPerson } from "../../../commands/corrections/correct-person.js";
import { correctPlot } from "../../../commands/corrections/correct-plot.js";
import { listCorrections } from "../../../commands/corrections/read-corrections.js";
import { contextIn, countyOf } from "../../context.js";
import { idempotent, IdempotencyHeaders } from "../../idempotency.js";
import { decimalString, jsonBody, jsonResponse, note, PersonIdParam, problemResponses, readProblemResponses } from "../../schemas.js";
import type { AppEnv } from "../../types.js";
import { FactVersion } from "../titles/schemas.js";

const evidence = {
  evidenceRef: note(200).openapi({ example: "乳山市自然资源局测绘成果〔2026〕77号", description: "The evidence the correction rests on (a survey, the household book, a court's decision)" }),
  reason: note(500).openapi({ example: "原登记面积录入错误" }),
};

const side = () => z.string().trim().min(1).max(100);

const PlotCorrectionInput = z
  .strictObject({
    name: z.string().trim().min(1).max(50).optional().openapi({ example: "东岭地" }),
    areaMu: z
      .string()
      .regex(/^(0|[1-9]\d{0,8})(\.\d{1,4})?$/, 'must be a decimal string below 1000000000 with at most 4 decimal places, e.g. "1.25"')
      .optional()
      .openapi({ example: "1.62", description: "The corrected contract area in mu" }),
    boundaries: z
      .strictObject({ east: side().optional(), south: side().optional(), west: side().optional(), north: side().optional() })
      .optional()
      .openapi({ description: "The sides corrected (the others stay)" }),
    ...evidence,
  })
  .refine((v) => v.name !== undefined || v.areaMu !== undefined || (v.boundaries !== undefined && Object.values(v.boundaries).some((b) => b !== undefined)), {
    message: "name at least one fact to correct: name, areaMu or a side of boundaries",
    path: ["areaMu"],
  })
  .openapi("PlotCorrectionInput");

const HomesteadCorrectionInput = z
  .strictObject({
    areaM2: decimalString(2, "176.40", "The corrected land area in m²").optional(),
    approvalRef: z.string().trim().min(1).max(100).optional().openapi({ example: "乳宅批〔2024〕015号" }),
    ...evidence,
  })
  .refine((v) => v.areaM2 !== undefined || v.approvalRef !== undefined, { message: "name at least one fact to correct: areaM2 or approvalRef", path: ["areaM2"] })
  .openapi("HomesteadCorrectionInput");

const PersonCorrectionInput = z
  .strictObject({ name: z.string().trim().min(1).max(50).openapi({ example: "孙秀英" }), ...evidence })
  .openapi("PersonCorrectionInput");

const Correction = z
  .object({
    entity: z.enum(["plot", "homestead", "person"]),
    key: z.string().openapi({ description: "The plot code, unit number or person id" }),
    changed: z.array(z.string()).openapi({ example: ["areaMu"], description: "The facts the correction changed" }),
    previous: z.record(z.string(), z.unknown()).openapi({ description: "The facts as recorded until now" }),
    corrected: z.record(z.string(), z.unknown()).openapi({ description: "The facts as recorded from now" }),
    evidenceRef: z.string(),
    reason: z.string(),
    recordedAt: z.string().openapi({ description: "When the register changed its record (valid time is not touched)" }),
    certificates: z
      .object({ issued: z.array(z.string()), superseded: z.array(z.string()), cancelled: z.array(z.string()) })
      .openapi({ description: "Certificates reissued for the corrected facts (a plot: its contract's; a person: every valid certificate naming them)" }),
  })
  .openapi("Correction");

const Corrections = z
  .object({ entity: z.enum(["plot", "homestead", "person"]), key: z.string(), versions: z.array(FactVersion).openapi({ description: "Oldest record first; empty when never corrected" }) })
  .openapi("Corrections");

const plotParam = z.object({ plotCode: z.string().max(40).openapi({ param: { name: "plotCode", in: "path" }, example: "3710831082010000001" }) });
const unitParam = z.object({ unitNumber: z.string().max(40).openapi({ param: { name: "unitNumber", in: "path" }, example: "371083001002JC00015F00010001" }) });
const personParam = z.object({ personId: PersonIdParam });

const TWO_TIMES =
  "Valid time is not touched: a correction says what was always true. Record time moves: the facts as recorded until now stay readable as a fact version (`GET …/corrections`, and `?recordedAsOf=` on the thing's GET), the corrected facts are the current version; the first correction also keeps the original facts, recorded from the registration.";

const routes = {
  plot: createRoute({
    method: "post",
    path: "/v1/plots/{plotCode}/corrections",
    operationId: "correctPlot",
    tags: ["Corrections"],
    summary: "Correct a plot's registered name, area or boundaries (更正登记)",
    description: `${TWO_TIMES} The certificate of the contract holding the plot is reissued (a new version, act \`correction\`). A seized plot or contract is not corrected (409 right_seized). Registrar of the collective, or admin.`,
    request: { headers: IdempotencyHeaders, params: plotParam, body: jsonBody(PlotCorrectionInput, "The corrected facts and the evidence") },
    responses: { 201: jsonResponse(Correction, "Corrected"), ...problemResponses },
  }),
  plotVersions: createRoute({
    method: "get",
    path: "/v1/plots/{plotCode}/corrections",
    operationId: "listPlotCorrections",
    tags: ["Corrections"],
    summary: "A plot's recorded fact versions",
    request: { params: plotParam },
    responses: { 200: jsonResponse(Corrections, "The fact versions"), ...readProblemResponses },
  }),
  homestead: createRoute({
    method: "post",
    path: "/v1/homesteads/{unitNumber}/corrections",
    operationId: "correctHomestead",
    tags: ["Corrections"],
    summary: "Correct a homestead's registered area or approval reference (更正登记)",
    description: `${TWO_TIMES} A granted homestead stays within the cap it was approved under; a legacy one's over-area annotation follows the corrected area. An active homestead's certificate is reissued. A seized homestead is not corrected (409 right_seized).`,
    request: { headers: IdempotencyHeaders, params: unitParam, body: jsonBody(HomesteadCorrectionInput, "The corrected facts and the evidence") },
    responses: { 201: jsonResponse(Correction, "Corrected"), ...problemResponses },
  }),
  homesteadVersions: createRoute({
    method: "get",
    path: "/v1/homesteads/{unitNumber}/corrections",
    operationId: "listHomesteadCorrections",
    tags: ["Corrections"],
    summary: "A homestead's recorded fact versions",
    request: { params: unitParam },
    responses: { 200: jsonResponse(Corrections, "The fact versions"), ...readProblemResponses },
  }),
  person: createRoute({
    method: "post",
    path: "/v1/persons/{personId}/corrections",
    operationId: "correctPerson",
    tags: ["Corrections"],
    summary: "Correct a person's registered name (更正登记)",
    description: `${TWO_TIMES} Every valid certificate stating the name is reissued: the person's share certificates and the contract and homestead certificates of the households the person belongs to (none of those rights may be seized). Admin, or the registrar of a collective where the person has a membership, a household or a holding.`,
    request: { headers: IdempotencyHeaders, params: personParam, body: jsonBody(PersonCorrectionInput, "The corrected name and the evidence") },
    responses: { 201: jsonResponse(Correction, "Corrected"), ...problemResponses },
  }),
  personVersions: createRoute({
    method: "get",
    path: "/v1/persons/{personId}/corrections",
    operationId: "listPersonCorrections",
    tags: ["Corrections"],
    summary: "A person's recorded name versions",
    request: { params: personParam },
    responses: { 200: jsonResponse(Corrections, "The fact versions"), ...readProblemResponses },
  }),
};

export function registerCorrectionRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(routes.plot, async (c) => {
    const body = c.req.valid("json");
    const { plotCode } = c.req.valid("param");
    return idempotent(c, body, (ctx) => correctPlot(ctx, plotCode, body), (result) => ({ status: 201, body: Correction.parse(result) }), countyOf.code(plotCode));
  });
  app.openapi(routes.plotVersions, async (c) => {
    const { plotCode } = c.req.valid("param");
    return c.json(Corrections.parse(await listCorrections(contextIn(c, countyOf.code(plotCode)), "plot", plotCode)), 200);
  });
  app.openapi(routes.homestead, async (c) => {
    const body = c.req.valid("json");
    const { unitNumber } = c.req.valid("param");
    return idempotent(c, body, (ctx) => correctHomestead(ctx, unitNumber, body), (result) => ({ status: 201, body: Correction.parse(result) }), countyOf.code(unitNumber));
  });
  app.openapi(routes.homesteadVersions, async (c) => {
    const { unitNumber } = c.req.valid("param");
    return c.json(Corrections.parse(await listCorrections(contextIn(c, countyOf.code(unitNumber)), "homestead", unitNumber)), 200);
  });
  app.openapi(routes.person, async (c) => {
    const body = c.req.valid("json");
    const { personId } = c.req.valid("param");
    return idempotent(c, body, (ctx) => correctPerson(ctx, personId, body), (result) => ({ status: 201, body: Correction.parse(result) }), countyOf.id(personId));
  });
  app.openapi(routes.personVersions, async (c) => {
    const { personId } = c.req.valid("param");
    return c.json(Corrections.parse(await listCorrections(contextIn(c, countyOf.id(personId)), "person", personId)), 200);
  });
}
