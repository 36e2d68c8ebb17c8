import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { getPersonRights } from "../../../commands/persons/get-rights.js";
import { getPerson, listHouseholdRegistrations, lookupPerson } from "../../../commands/persons/read-persons.js";
import { recordHouseholdRegistration } from "../../../commands/persons/record-household-registration.js";
import { registerPerson } from "../../../commands/persons/register-person.js";
import { countyUnavailableResponse, jsonBody, jsonResponse, LegalDate, PersonIdParam, problemResponses, readProblemResponses } from "../../schemas.js";
import { idempotent, IdempotencyHeaders } from "../../idempotency.js";
import { contextIn, countyOf } from "../../context.js";
import type { AppEnv } from "../../types.js";
import { HomesteadSchema } from "../homesteads/schemas.js";
import { ContractSchema } from "../land/schemas.js";
import { AsOfQuery, TitleVersion } from "../titles/schemas.js";

export const IdType = z.enum(["resident-id", "military", "organization-code", "household-book", "passport", "other"]).openapi({
  description: "Document type, NY/T 2539 C.15: resident-id 1, military 2, organization-code 3, household-book 4, passport 5, other 9",
});

export const Person = z
  .object({
    id: z.string().openapi({ example: "prs_01jd8x2k5q7w3e9r4t6y8u0i2o" }),
    name: z.string().openapi({ example: "孙秀英" }),
    idType: IdType,
    sex: z.enum(["male", "female"]).nullable().openapi({ description: "From the resident ID (position 17); null for other documents" }),
    birthDate: z.string().nullable().openapi({ example: "1985-06-15" }),
    idNumberMasked: z.string().openapi({ example: "3710**********0025" }),
    idNumber: z.string().optional().openapi({ description: "Full number: admin and bureau tokens only" }),
  })
  .openapi("Person");

export const PersonInput = z
  .strictObject({
    idNumber: z.string().min(1).max(40).openapi({ example: "371323198506150025", description: "GB 11643 resident ID (18 characters, or a 15-digit legacy number, upgraded), or another document's number" }),
    name: z.string().trim().min(1).max(50).openapi({ example: "孙秀英" }),
    idType: IdType.optional(),
    regionCode: z
      .string()
      .regex(/^(\d{6}|\d{12})$/, "must be a 6-digit county or 12-digit village code")
      .optional()
      .openapi({ description: "The county (or village) of the collective that registers the person: required where each county has its own database; the person's id then carries the county", example: "371083108201" }),
  })
  .openapi("PersonInput");

const LookupInput = z.strictObject({ idNumber: z.string().min(1).max(40), idType: IdType.optional() }).openapi("PersonLookup");

const Hukou = z
  .object({ id: z.string(), personId: z.string(), kind: z.enum(["rural", "urban"]), regionCode: z.string(), effectiveOn: z.string() })
  .openapi("HouseholdRegistration");
const HukouInput = z
  .strictObject({
    kind: z.enum(["rural", "urban"]).openapi({ description: "Hukou type. Evidence only: it changes no membership and no right" }),
    regionCode: z.string().openapi({ example: "370102", description: "6-digit county or 12-digit village/community code" }),
    effectiveOn: LegalDate,
  })
  .openapi("HouseholdRegistrationInput");

const Rights = z
  .object({
    personId: z.string(),
    name: z.string(),
    memberships: z.array(
      z.object({
        collectiveCode: z.string(),
        collectiveName: z.string().nullable(),
        status: z.enum(["active", "ended"]),
        joinedOn: z.string(),
        basis: z.string(),
        endedOn: z.string().nullable(),
        endReason: z.string().nullable(),
      }),
    ),
    households: z.array(z.object({ contractorCode: z.string(), collectiveCode: z.string(), relation: z.string(), relationCode: z.string(), coHolder: z.boolean() })),
    landContracts: z.array(ContractSchema),
    homesteads: z.array(HomesteadSchema),
    equity: z.array(z.object({ collectiveCode: z.string(), shares: z.string(), reservedShares: z.string(), percent: z.string() })),
    partial: z.boolean().openapi({ description: "True when a county database holding records of the person did not answer: its part is missing" }),
    unavailable: z.array(z.string()).openapi({ description: "The counties whose databases did not answer" }),
    asOf: z.string().optional().openapi({ description: "Present when asked with asOf/recordedAsOf" }),
    recordedAsOf: z.string().nullable().optional(),
    titles: z
      .array(TitleVersion)
      .optional()
      .openapi({ description: "With asOf: the plots, homesteads and holdings the person, or a household the person belongs to, held at the end of that day" }),
  })
  .openapi("PersonRights");

const params = z.object({ personId: PersonIdParam });

const routes = {
  create: createRoute({
    method: "post",
    path: "/v1/persons",
    operationId: "registerPerson",
    tags: ["Persons"],
    summary: "Register a person by identity document",
    description:
      "A resident ID is validated by GB 11643 (check character, real birth date); a 15-digit legacy number is upgraded to 18; a lower-case x is accepted. The same number and name again answer 200 with the same person; another name is 409 `person_name_mismatch`. The ID number never appears in a URL, a log or an error detail.",
    request: { headers: IdempotencyHeaders, body: jsonBody(PersonInput, "The person") },
    responses: { 201: jsonResponse(Person, "Registered"), 200: jsonResponse(Person, "Already registered"), ...problemResponses },
  }),
  get: createRoute({
    method: "get",
    path: "/v1/persons/{personId}",
    operationId: "getPerson",
    tags: ["Persons"],
    summary: "A person (ID number masked unless admin or bureau)",
    request: { params },
    responses: { 200: jsonResponse(Person, "The person"), ...readProblemResponses },
  }),
  lookup: createRoute({
    method: "post",
    path: "/v1/persons/lookup",
    operationId: "lookupPerson",
    tags: ["Persons"],
    summary: "Find a person by ID number (in the body, never in a URL)",
    request: { body: jsonBody(LookupInput, "The document") },
    responses: { 200: jsonResponse(Person, "The person"), ...problemResponses, ...countyUnavailableResponse },
  }),
  hukouCreate: createRoute({
    method: "post",
    path: "/v1/persons/{personId}/household-registrations",
    operationId: "recordHouseholdRegistration",
    tags: ["Persons"],
    summary: "Record a hukou fact (evidence only)",
    description: "Moving one's hukou to a city is no ground to lose membership or any right (RCEO Law Arts. 17–18; RLCL Art. 27). This records the fact and changes nothing else.",
    request: { headers: IdempotencyHeaders, params, body: jsonBody(HukouInput, "The hukou fact") },
    responses: { 201: jsonResponse(Hukou, "Recorded"), ...problemResponses },
  }),
  hukouList: createRoute({
    method: "get",
    path: "/v1/persons/{personId}/household-registrations",
    operationId: "listHouseholdRegistrations",
    tags: ["Persons"],
    summary: "Hukou history, oldest first",
    description: "Admin; a registrar or a bureau for a person with a record in a collective they see; a holder for themself. Anyone else: 404 `person_not_found`.",
    request: { params },
    responses: { 200: jsonResponse(z.object({ householdRegistrations: z.array(Hukou) }), "History"), ...readProblemResponses },
  }),
  rights: createRoute({
    method: "get",
    path: "/v1/persons/{personId}/rights",
    operationId: "getPersonRights",
    tags: ["Persons"],
    summary: "All rights of a person: memberships, households, contracts with plots, homesteads, equity",
    description:
      "A registrar and a bureau see the part inside their scope, and 404 `person_not_found` when none of it is; a holder sees all of their own. The answer does not depend on the person's hukou. With `asOf` (and `recordedAsOf`), `titles` lists what the person and the households the person belongs to now held at the end of that day (China Standard Time).",
    request: { params, query: AsOfQuery },
    responses: { 200: jsonResponse(Rights, "The rights"), ...readProblemResponses, ...countyUnavailableResponse },
  }),
};

export function registerPersonRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(routes.create, async (c) => {
    const body = c.req.valid("json");
    return idempotent(c, body, (ctx) => registerPerson(ctx, body), ({ created, person }) => ({ status: created ? 201 : 200, body: Person.parse(person) }), body.regionCode?.slice(0, 6) ?? null);
  });
  app.openapi(routes.lookup, async (c) => c.json(Person.parse(await lookupPerson(contextIn(c, null), c.req.valid("json"))), 200));
  app.openapi(routes.get, async (c) => c.json(Person.parse(await getPerson(contextIn(c, countyOf.id(c.req.valid("param").personId)), c.req.valid("param").personId)), 200));
  app.openapi(routes.hukouCreate, async (c) => {
    const body = c.req.valid("json");
    return idempotent(c, body, (ctx) => recordHouseholdRegistration(ctx, c.req.valid("param").personId, body), (row) => ({ status: 201, body: Hukou.parse(row) }), countyOf.id(c.req.valid("param").personId));
  });
  app.openapi(routes.hukouList, async (c) => {
    const rows = await listHouseholdRegistrations(contextIn(c, countyOf.id(c.req.valid("param").personId)), c.req.valid("param").personId);
    return c.json({ householdRegistrations: rows.map((r) => Hukou.parse(r)) }, 200);
  });
  app.openapi(routes.rights, async (c) => {
    const rights = await getPersonRights(contextIn(c, countyOf.id(c.req.valid("param").personId)), c.req.valid("param").personId, c.req.valid("query"));
    return c.json(Rights.parse(rights), 200);
  });
}
