import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { getHousehold } from "../../../commands/households/get-household.js";
import { registerHousehold } from "../../../commands/households/register-household.js";
import { RELATIONS } from "../../../domain/households.js";
import { CollectiveCodeParam, jsonBody, jsonResponse, problemResponses, readProblemResponses } from "../../schemas.js";
import { idempotent, IdempotencyHeaders } from "../../idempotency.js";
import { contextIn, countyOf } from "../../context.js";
import type { AppEnv } from "../../types.js";
import { Person } from "../persons/index.js";

const Relation = z.enum(RELATIONS).openapi({
  description: "Relation to the head (GB/T 4761): head 02, spouse 10, son 20, daughter 30, grandchild 40, father 51, mother 52, other-relative 97, non-relative 99. Send relationCode for a finer code (e.g. 22 长子).",
});

const Household = z
  .object({
    contractorCode: z.string().openapi({ example: "371083108201000001" }),
    collectiveCode: z.string(),
    representativeId: z.string(),
    status: z.enum(["active", "dissolved"]),
    members: z.array(z.object({ person: Person, relation: Relation, relationCode: z.string(), coHolder: z.boolean() })),
    landContracts: z.array(z.string()).openapi({ description: "Codes of the household's active land contracts" }),
    homesteads: z.array(z.string()).openapi({ description: "Unit numbers of the household's active homesteads" }),
  })
  .openapi("Household");

const HouseholdInput = z
  .strictObject({
    contractorCode: z.string().openapi({ example: "371083108201000001", description: "18 digits: the collective's issuing-party code + a sequence 0001–8000 (households)" }),
    representativeId: z.string().min(1).max(60).openapi({ description: "The household representative (承包方代表): an active member, listed among the members" }),
    members: z
      .array(
        z.strictObject({
          personId: z.string().min(1).max(60),
          relation: Relation,
          relationCode: z.string().regex(/^\d{2}$/, "must be a 2-digit GB/T 4761 code").optional(),
          coHolder: z.boolean().openapi({ description: "Co-holder of the contract right (共有人, NY/T 2539 SFGYR)" }),
        }),
      )
      .min(1)
      .max(50),
  })
  .openapi("HouseholdInput");

const routes = {
  create: createRoute({
    method: "post",
    path: "/v1/collectives/{code}/households",
    operationId: "registerHousehold",
    tags: ["Households"],
    summary: "Register a contracting household with its members and co-holders",
    request: { headers: IdempotencyHeaders, params: z.object({ code: CollectiveCodeParam }), body: jsonBody(HouseholdInput, "The household") },
    responses: { 201: jsonResponse(Household, "Registered"), 200: jsonResponse(Household, "Already registered with the same facts"), ...problemResponses },
  }),
  get: createRoute({
    method: "get",
    path: "/v1/households/{contractorCode}",
    operationId: "getHousehold",
    tags: ["Households"],
    summary: "A household, its members, contracts and homesteads",
    request: { params: z.object({ contractorCode: z.string().max(40).openapi({ param: { name: "contractorCode", in: "path" }, example: "371083108201000001" }) }) },
    responses: { 200: jsonResponse(Household, "The household"), ...readProblemResponses },
  }),
};

export function registerHouseholdRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(routes.create, async (c) => {
    const body = c.req.valid("json");
    return idempotent(c, body, (ctx) => registerHousehold(ctx, c.req.valid("param").code, body), ({ created, household }) => ({ status: created ? 201 : 200, body: Household.parse(household) }), countyOf.collective(c.req.valid("param").code));
  });
  app.openapi(routes.get, async (c) => {
    const household = await getHousehold(contextIn(c, countyOf.code(c.req.valid("param").contractorCode)), c.req.valid("param").contractorCode);
    return c.json(Household.parse(household), 200);
  });
}
