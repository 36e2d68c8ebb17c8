import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { admitMember } from "../../../commands/members/admit-member.js";
import { listMembers } from "../../../commands/members/list-members.js";
import { terminateMembership } from "../../../commands/members/terminate-membership.js";
import { MEMBERSHIP_BASES, TERMINATION_REASONS } from "../../../domain/membership.js";
import { CollectiveCodeParam, jsonBody, jsonResponse, LegalDate, note, PersonIdParam, problemResponses, readProblemResponses } from "../../schemas.js";
import { idempotent, IdempotencyHeaders } from "../../idempotency.js";
import { contextIn, countyOf } from "../../context.js";
import type { AppEnv } from "../../types.js";
import { Person } from "../persons/index.js";

const Member = z
  .object({
    collectiveCode: z.string(),
    person: Person,
    joinedOn: z.string(),
    basis: z.enum(MEMBERSHIP_BASES),
    resolutionRef: z.string().nullable(),
    status: z.enum(["active", "ended"]),
    endedOn: z.string().nullable(),
    endReason: z.enum(TERMINATION_REASONS).nullable(),
    endNote: z.string().nullable(),
    currentHukou: z
      .object({ kind: z.enum(["rural", "urban"]), regionCode: z.string(), effectiveOn: z.string() })
      .nullable()
      .openapi({ description: "The latest hukou fact, shown as a fact: living in a city changes no membership and no right" }),
  })
  .openapi("Member");

export const MemberInput = z
  .strictObject({
    personId: z.string().min(1).max(60),
    joinedOn: LegalDate,
    basis: z.enum(MEMBERSHIP_BASES).openapi({ description: "original (confirmed in an earlier reform, RCEO Art. 66), birth, marriage, adoption, resettlement, other" }),
    resolutionRef: note(200)
      .optional()
      .openapi({
        example: "午极村成员大会决议〔2025〕1号",
        description:
          "Required unless basis is original (422 resolution_ref_required): a recorded, passing resolution of the members' general meeting on member-confirmation (RCEO Law Art. 12); otherwise `resolution_not_recorded` (422), `resolution_not_passed` (409), `resolution_body_not_competent` (422), `resolution_matter_mismatch` (422). For original members it is kept as given, unchecked (Art. 66).",
      }),
  })
  .openapi("MemberInput");

const TerminationInput = z
  .strictObject({
    reason: z.enum(TERMINATION_REASONS).openapi({
      description:
        "The grounds of RCEO Law Art. 17 and the charter. Hukou is not among them: moving one's hukou, study, army service, migrant work, business, marriage, divorce or prison end no membership (Art. 18).",
    }),
    effectiveOn: LegalDate,
    note: note().optional(),
  })
  .openapi("MembershipTermination");

const code = z.object({ code: CollectiveCodeParam });

const routes = {
  admit: createRoute({
    method: "post",
    path: "/v1/collectives/{code}/members",
    operationId: "admitMember",
    tags: ["Members"],
    summary: "Confirm a member of the collective",
    request: { headers: IdempotencyHeaders, params: code, body: jsonBody(MemberInput, "The member") },
    responses: { 201: jsonResponse(Member, "Admitted"), ...problemResponses },
  }),
  list: createRoute({
    method: "get",
    path: "/v1/collectives/{code}/members",
    operationId: "listMembers",
    tags: ["Members"],
    summary: "The member roster (成员名册)",
    request: { params: code, query: z.strictObject({ status: z.enum(["active", "ended", "all"]).default("active") }) },
    responses: { 200: jsonResponse(z.object({ members: z.array(Member) }), "The roster"), ...readProblemResponses },
  }),
  terminate: createRoute({
    method: "post",
    path: "/v1/collectives/{code}/members/{personId}/termination",
    operationId: "terminateMembership",
    tags: ["Members"],
    summary: "End a membership for a statutory or charter ground",
    request: { headers: IdempotencyHeaders, params: z.object({ code: CollectiveCodeParam, personId: PersonIdParam }), body: jsonBody(TerminationInput, "The ground") },
    responses: { 200: jsonResponse(Member, "Ended"), ...problemResponses },
  }),
};

export function registerMemberRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(routes.admit, async (c) => {
    const body = c.req.valid("json");
    return idempotent(c, body, (ctx) => admitMember(ctx, c.req.valid("param").code, body), (member) => ({ status: 201, body: Member.parse(member) }), countyOf.collective(c.req.valid("param").code));
  });
  app.openapi(routes.list, async (c) => {
    const members = await listMembers(contextIn(c, countyOf.collective(c.req.valid("param").code)), c.req.valid("param").code, c.req.valid("query").status);
    return c.json({ members: members.map((m) => Member.parse(m)) }, 200);
  });
  app.openapi(routes.terminate, async (c) => {
    const { code, personId } = c.req.valid("param");
    const body = c.req.valid("json");
    return idempotent(c, body, (ctx) => terminateMembership(ctx, code, personId, body), (member) => ({ status: 200, body: Member.parse(member) }), countyOf.collective(code));
  });
}
