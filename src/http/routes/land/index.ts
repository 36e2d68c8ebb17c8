import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { getContract, getPlot } from "../../../commands/land/read-land.js";
import { registerContract } from "../../../commands/land/register-contract.js";
import { registerPlot } from "../../../commands/land/register-plot.js";
import { listPlots } from "../../../commands/land/list-plots.js";
import { fileManagementRight, listManagementRights } from "../../../commands/land/management-rights.js";
import { CollectiveCodeParam, jsonBody, jsonResponse, problemResponses, readProblemResponses } from "../../schemas.js";
import { idempotent, IdempotencyHeaders } from "../../idempotency.js";
import { contextIn, countyOf } from "../../context.js";
import type { AppEnv } from "../../types.js";
import { AsOfQuery } from "../titles/schemas.js";
import { CirculationInput, ContractInput, ContractSchema, ManagementRight, PlotInput, PlotSchema, PlotWithHolder } from "./schemas.js";

const code = z.object({ code: CollectiveCodeParam });

const PlotListItem = PlotSchema.omit({ geometry: true })
  .extend({
    hasGeometry: z.boolean().openapi({ description: "Whether an outline is stored (GET /v1/plots/{plotCode} has it)" }),
    contract: z
      .object({
        contractCode: z.string(),
        contractorCode: z.string(),
        representative: z.object({ personId: z.string(), name: z.string() }).nullable().openapi({ description: "The holding household's representative" }),
      })
      .nullable()
      .openapi({ description: "The active contract over the plot and the household holding it; null: not contracted" }),
  })
  .openapi("PlotListItem");

const PlotList = z
  .object({
    collectiveCode: z.string(),
    totals: z
      .object({
        plots: z.number().int(),
        contracted: z.number().int().openapi({ description: "Plots under an active contract" }),
        areaMu: z.string().openapi({ example: "1250.50", description: "Area of all the collective's plots, in mu" }),
        contractedAreaMu: z.string().openapi({ example: "1180.25", description: "Area of the contracted plots, in mu" }),
      })
      .openapi({ description: "The whole collective (every page)" }),
    plots: z.array(PlotListItem),
    nextCursor: z.string().nullable().openapi({ description: "Pass as `after` for the next page; null on the last page" }),
  })
  .openapi("PlotList");

const routes = {
  createPlot: createRoute({
    method: "post",
    path: "/v1/collectives/{code}/plots",
    operationId: "registerPlot",
    tags: ["Land"],
    summary: "Register a plot of the collective",
    request: { headers: IdempotencyHeaders, params: code, body: jsonBody(PlotInput, "The plot") },
    responses: { 201: jsonResponse(PlotSchema, "Registered"), 200: jsonResponse(PlotSchema, "Already registered with the same facts"), ...problemResponses },
  }),
  listPlots: createRoute({
    method: "get",
    path: "/v1/collectives/{code}/plots",
    operationId: "listPlots",
    tags: ["Land"],
    summary: "The collective's plots (地块), a page at a time",
    description:
      "Ordered by plot code, `limit` per page (default 100, at most 500); `nextCursor` is the `after` of the next page. Each plot with its area, land use, basic-farmland flag, four boundaries, and the active contract over it with the holding household; the outline itself is on the plot (`hasGeometry` says one is stored). `totals` covers the whole collective: plots, contracted plots, and their areas in mu. Visible to whoever sees the collective — the admin, its registrar, a bureau over its region; anyone else, holders included, gets 404 `collective_not_found`.",
    request: {
      params: code,
      query: z.strictObject({
        after: z.string().max(40).optional().openapi({ description: "Cursor: the nextCursor of the previous page (a plot code)" }),
        limit: z.coerce.number().int().min(1).max(500).default(100),
      }),
    },
    responses: { 200: jsonResponse(PlotList, "A page of plots"), ...readProblemResponses },
  }),
  getPlot: createRoute({
    method: "get",
    path: "/v1/plots/{plotCode}",
    operationId: "getPlot",
    tags: ["Land"],
    summary: "A plot with its current contract right and holder household, and its title on a date",
    description:
      "`title` answers who held the plot in law at the end of `asOf` (default today, China Standard Time); add `recordedAsOf` to ask what the register said on that date. The chain of title is at `/v1/plots/{plotCode}/history`.",
    request: { params: z.object({ plotCode: z.string().max(40).openapi({ param: { name: "plotCode", in: "path" }, example: "3710831082010000001" }) }), query: AsOfQuery },
    responses: { 200: jsonResponse(PlotWithHolder, "The plot"), ...readProblemResponses },
  }),
  createContract: createRoute({
    method: "post",
    path: "/v1/collectives/{code}/land-contracts",
    operationId: "registerLandContract",
    tags: ["Land"],
    summary: "Register a land contract of a household over plots of the collective",
    description: "One active contract per plot (enforced again by a partial UNIQUE index). Plots and the household must belong to this collective.",
    request: { headers: IdempotencyHeaders, params: code, body: jsonBody(ContractInput, "The contract") },
    responses: { 201: jsonResponse(ContractSchema, "Registered"), 200: jsonResponse(ContractSchema, "Already registered with the same facts"), ...problemResponses },
  }),
  getContract: createRoute({
    method: "get",
    path: "/v1/land-contracts/{contractCode}",
    operationId: "getLandContract",
    tags: ["Land"],
    summary: "A land contract with its plots",
    request: { params: z.object({ contractCode: z.string().max(40).openapi({ param: { name: "contractCode", in: "path" }, example: "371083108201000001J" }) }) },
    responses: { 200: jsonResponse(ContractSchema, "The contract"), ...readProblemResponses },
  }),
};

const plotParam = z.object({ plotCode: z.string().max(40).openapi({ param: { name: "plotCode", in: "path" }, example: "3710831082010000001" }) });

const circulationRoutes = {
  file: createRoute({
    method: "post",
    path: "/v1/plots/{plotCode}/management-rights",
    operationId: "fileManagementRight",
    tags: ["Land"],
    summary: "File a circulation of the plot's management right (流转)",
    description:
      "Lease, sublease, pooling as shares or other (RLCL Art. 36), filed with the issuing party by its registrar. The contract right stays with the household (Art. 44). The term lies within the contract's (Art. 38) and overlaps no other circulation of the plot. `registrable` is true for 5 years or more (Art. 41).",
    request: { headers: IdempotencyHeaders, params: plotParam, body: jsonBody(CirculationInput, "The circulation") },
    responses: { 201: jsonResponse(ManagementRight, "Filed"), ...problemResponses },
  }),
  list: createRoute({
    method: "get",
    path: "/v1/plots/{plotCode}/management-rights",
    operationId: "listManagementRights",
    tags: ["Land"],
    summary: "Circulations of a plot's management right",
    request: { params: plotParam },
    responses: { 200: jsonResponse(z.object({ managementRights: z.array(ManagementRight) }), "The circulations, by start"), ...readProblemResponses },
  }),
};

export function registerLandRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(circulationRoutes.file, async (c) => {
    const body = c.req.valid("json");
    return idempotent(c, body, (ctx) => fileManagementRight(ctx, c.req.valid("param").plotCode, body), (view) => ({ status: 201, body: ManagementRight.parse(view) }), countyOf.code(c.req.valid("param").plotCode));
  });
  app.openapi(circulationRoutes.list, async (c) => {
    const rows = await listManagementRights(contextIn(c, countyOf.code(c.req.valid("param").plotCode)), c.req.valid("param").plotCode);
    return c.json({ managementRights: rows.map((r) => ManagementRight.parse(r)) }, 200);
  });
  app.openapi(routes.createPlot, async (c) => {
    const body = c.req.valid("json");
    return idempotent(c, body, (ctx) => registerPlot(ctx, c.req.valid("param").code, body), ({ created, plot }) => ({ status: created ? 201 : 200, body: PlotSchema.parse(plot) }), countyOf.collective(c.req.valid("param").code));
  });
  app.openapi(routes.listPlots, async (c) => {
    const { code } = c.req.valid("param");
    return c.json(PlotList.parse(await listPlots(contextIn(c, countyOf.collective(code)), code, c.req.valid("query"))), 200);
  });
  app.openapi(routes.getPlot, async (c) => c.json(PlotWithHolder.parse(await getPlot(contextIn(c, countyOf.code(c.req.valid("param").plotCode)), c.req.valid("param").plotCode, c.req.valid("query"))), 200));
  app.openapi(routes.createContract, async (c) => {
    const body = c.req.valid("json");
    return idempotent(c, body, (ctx) => registerContract(ctx, c.req.valid("param").code, body), ({ created, contract }) => ({ status: created ? 201 : 200, body: ContractSchema.parse(contract) }), countyOf.collective(c.req.valid("param").code));
  });
  app.openapi(routes.getContract, async (c) =>
    c.json(ContractSchema.parse(await getContract(contextIn(c, countyOf.code(c.req.valid("param").contractCode)), c.req.valid("param").contractCode)), 200),
  );
}
