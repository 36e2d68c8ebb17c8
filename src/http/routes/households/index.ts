import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { getHousehold } from "../../../commands/households/get-household.js";
import { listHouseholds } from "../../../commands/households/list-households.js";
import { registerHousehold } from "../../../commands/households/register-household.js";
import { changeRepresentative } from "../../../commands/households/change-representative.js";
import { joinHousehold } from "../../../commands/households/member-joins.js";
import { leaveHousehold } from "../../../commands/households/member-leaves.js";
import { mergeHouseholds } from "../../../commands/households/merge-households.js";
import { splitHousehold } from "../../../commands/households/split-household.js";
import { JOIN_REASONS, LEAVE_REASONS } from "../../../domain/household-changes.js";
import { RELATIONS } from "../../../domain/households.js";
import { CollectiveCodeParam, jsonBody, jsonResponse, LegalDate, note, PersonIdParam, problemResponses, readProblemResponses } from "../../schemas.js";
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
    origin: z.enum(["registered", "split", "merge"]).openapi({ description: "How the household came to be: registered as it was, or made by a split (分户) or a merge (合户)" }),
    originHouseholds: z.array(z.string()).openapi({ description: "The households it was split or merged from (contractor codes)" }),
    dissolvedOn: z.string().nullable().openapi({ description: "The day a split or merge dissolved it (its rights and members moved on)" }),
    members: z.array(
      z.object({
        person: Person,
        relation: Relation,
        relationCode: z.string(),
        coHolder: z.boolean(),
        joinedOn: z.string().nullable().openapi({ description: "When the person joined the household (null: listed when it was first registered)" }),
        joinReason: z.string().nullable().openapi({ description: "birth, marriage, adoption, other; split or merge when a household change brought them" }),
      }),
    ),
    formerMembers: z
      .array(
        z.object({
          person: Person,
          relation: Relation,
          relationCode: z.string(),
          coHolder: z.boolean(),
          joinedOn: z.string().nullable(),
          joinReason: z.string().nullable(),
          leftOn: z.string().nullable(),
          leftReason: z.string().nullable().openapi({ description: "death, marriage-out, joined-other-household, other; split or merge" }),
        }),
      )
      .openapi({ description: "Those who left the household: its history is kept, never deleted" }),
    landContracts: z.array(z.string()).openapi({ description: "Codes of the household's active land contracts" }),
    homesteads: z.array(z.string()).openapi({ description: "Unit numbers of the household's active homesteads" }),
  })
  .openapi("Household");

export const HouseholdInput = z
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

const HouseholdListItem = z
  .object({
    contractorCode: z.string().openapi({ example: "371083108201000001" }),
    status: z.enum(["active", "dissolved"]),
    dissolvedOn: z.string().nullable(),
    representative: z.object({ personId: z.string(), name: z.string() }).openapi({ description: "The household representative (承包方代表)" }),
    memberCount: z.number().int().openapi({ description: "Members of the household now" }),
    members: z
      .array(z.object({ personId: z.string(), name: z.string(), relation: Relation, relationCode: z.string(), coHolder: z.boolean() }))
      .openapi({ description: "Its members now, by relation code: names and relations only (the person's record has the identity document); `coHolder` marks the co-holders (共有人)" }),
    landContracts: z
      .array(
        z.object({
          contractCode: z.string(),
          mode: z.enum(["household", "other"]),
          startsOn: z.string(),
          endsOn: z.string(),
          plotCount: z.number().int(),
          areaMu: z.string().openapi({ example: "3.25", description: "The contracted area of its plots now, in mu" }),
        }),
      )
      .openapi({ description: "Its active land contracts" }),
    homesteads: z.array(z.object({ unitNumber: z.string(), areaM2: z.string(), origin: z.enum(["grant", "existing"]) })).openapi({ description: "Its active homesteads" }),
  })
  .openapi("HouseholdListItem");

const HouseholdList = z
  .object({
    collectiveCode: z.string(),
    status: z.enum(["active", "dissolved", "all"]),
    totals: z.object({ households: z.number().int().openapi({ description: "All households of the collective with this status (every page)" }) }),
    households: z.array(HouseholdListItem),
    nextCursor: z.string().nullable().openapi({ description: "Pass as `after` for the next page; null on the last page" }),
  })
  .openapi("HouseholdList");

const ContractorCodeParam = z.string().max(40).openapi({ param: { name: "contractorCode", in: "path" }, example: "371083108201000001" });

const Certificates = z
  .object({ issued: z.array(z.string()), superseded: z.array(z.string()), cancelled: z.array(z.string()) })
  .openapi("CertificateChanges", { description: "Certificates issued, superseded (已换发) and cancelled (作废) by the registration" });

const HouseholdChange = z
  .object({ household: Household, certificates: Certificates })
  .openapi("HouseholdChange", { description: "The household after the change, and the certificates reissued for its rights (they list its members and co-holders, RLCL Art. 24)" });

const MemberJoinInput = z
  .strictObject({
    personId: z.string().min(1).max(60).openapi({ description: "An active member of the collective (admit the person first), in no other household of it" }),
    relation: Relation,
    relationCode: z.string().regex(/^\d{2}$/, "must be a 2-digit GB/T 4761 code").optional(),
    coHolder: z.boolean().openapi({ description: "Co-holder of the contract right (共有人, NY/T 2539 SFGYR)" }),
    joinedOn: LegalDate,
    reason: z.enum(JOIN_REASONS).openapi({ description: "birth, marriage (married in), adoption, other" }),
  })
  .openapi("HouseholdMemberJoin");

const DepartureInput = z
  .strictObject({
    leftOn: LegalDate,
    reason: z.enum(LEAVE_REASONS).openapi({ description: "death, marriage-out, joined-other-household, other" }),
  })
  .openapi("HouseholdMemberDeparture");

const RepresentativeInput = z
  .strictObject({ personId: z.string().min(1).max(60).openapi({ description: "An active member of the household and of the collective" }), changedOn: LegalDate })
  .openapi("HouseholdRepresentativeChange");

const PartMember = z.strictObject({
  personId: z.string().min(1).max(60),
  relation: Relation,
  relationCode: z.string().regex(/^\d{2}$/, "must be a 2-digit GB/T 4761 code").optional(),
  coHolder: z.boolean(),
});

const SplitInput = z
  .strictObject({
    splitOn: LegalDate,
    agreementRef: note(200).openapi({ example: "分户协议（2026年11月20日）" }),
    into: z
      .array(
        z.strictObject({
          contractorCode: z.string().openapi({ example: "371083108201000013", description: "A new, unregistered contractor code of the same issuing party, household range 0001–8000 (the next free sequence is the clerk's choice)" }),
          representativeId: z.string().min(1).max(60).openapi({ description: "An active member of the collective, listed among this household's members" }),
          members: z.array(PartMember).min(1).max(50).openapi({ description: "Relations to the new household's head (GB/T 4761)" }),
          plotCodes: z.array(z.string().max(40)).max(200).openapi({ description: "Plots of the old household's contracts this household takes" }),
          homestead: z.string().max(40).optional().openapi({ description: "The unit number of the old household's homestead this household takes (at most one)" }),
        }),
      )
      .min(1)
      .max(20),
  })
  .openapi("HouseholdSplit");

const SplitResult = z
  .object({
    dissolved: Household.openapi({ description: "The old household, dissolved on splitOn, its members listed as former members" }),
    households: z.array(Household),
    contracts: z.array(z.string()).openapi({ description: "The new contracts, `<new contractor code>J` (or Q) with the old contract's term" }),
    certificates: Certificates,
  })
  .openapi("HouseholdSplitResult");

const MergeInput = z
  .strictObject({
    collectiveCode: z.string().min(1).max(40),
    from: z.array(z.string().max(40)).length(2).openapi({ description: "The two households' contractor codes" }),
    into: z.strictObject({
      contractorCode: z.string().openapi({ description: "One of the two (it continues) or a new, unregistered code of the same issuing party" }),
      representativeId: z.string().min(1).max(60).openapi({ description: "A member of either household, an active member of the collective" }),
      members: z
        .array(PartMember)
        .max(100)
        .optional()
        .openapi({ description: "Relations in the merged household of those who move into it (everyone, for a new household). Left out: their recorded relations are kept" }),
    }),
    mergedOn: LegalDate,
    agreementRef: note(200).openapi({ example: "合户协议（2026年11月20日）" }),
  })
  .openapi("HouseholdMerge");

const MergeResult = z
  .object({
    household: Household.openapi({ description: "The merged household" }),
    dissolved: z.array(Household).openapi({ description: "The household(s) that do not continue, dissolved on mergedOn" }),
    contracts: z.array(z.string()).openapi({ description: "The merged household's contracts, one per mode" }),
    certificates: Certificates,
  })
  .openapi("HouseholdMergeResult");

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
  list: createRoute({
    method: "get",
    path: "/v1/collectives/{code}/households",
    operationId: "listHouseholds",
    tags: ["Households"],
    summary: "The collective's households (承包方), a page at a time",
    description:
      "Ordered by contractor code, `limit` per page (default 100, at most 500); `nextCursor` is the `after` of the next page. Each household with its representative, its members and co-holders (names and relations; ID numbers are on the person's record), its active land contracts with their plots' area, and its homesteads. `totals` counts every household of the collective with the status asked (default active). Visible to whoever sees the collective — the admin, its registrar, a bureau over its region; anyone else, holders included, gets 404 `collective_not_found`.",
    request: {
      params: z.object({ code: CollectiveCodeParam }),
      query: z.strictObject({
        status: z.enum(["active", "dissolved", "all"]).default("active").openapi({ description: "active (default), dissolved (by a split or merge), or all" }),
        after: z.string().max(40).optional().openapi({ description: "Cursor: the nextCursor of the previous page (a contractor code)" }),
        limit: z.coerce.number().int().min(1).max(500).default(100),
      }),
    },
    responses: { 200: jsonResponse(HouseholdList, "A page of households"), ...readProblemResponses },
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

const changeRoutes = {
  join: createRoute({
    method: "post",
    path: "/v1/households/{contractorCode}/members",
    operationId: "joinHousehold",
    tags: ["Households"],
    summary: "A person joins the household (birth, marriage in, adoption)",
    description:
      "One registration with its history: the member row keeps joinedOn and the reason; the household's land-contract and homestead certificates are reissued listing every member and co-holder (RLCL Art. 24). The person must be an active member of the collective (confirm the membership first) and in no other household of it. The same facts again: 200, unchanged.",
    request: { headers: IdempotencyHeaders, params: z.object({ contractorCode: ContractorCodeParam }), body: jsonBody(MemberJoinInput, "The member") },
    responses: { 201: jsonResponse(HouseholdChange, "Joined"), 200: jsonResponse(HouseholdChange, "Already a member with the same facts"), ...problemResponses },
  }),
  leave: createRoute({
    method: "post",
    path: "/v1/households/{contractorCode}/members/{personId}/departure",
    operationId: "leaveHousehold",
    tags: ["Households"],
    summary: "A member leaves the household — the membership of the collective stays",
    description:
      "Leaving the household does NOT end membership of the collective: RCEO Law Art. 18 — a daughter who marries out keeps her membership and rights until another collective admits her; moving away, study or work elsewhere end nothing. A membership ends only by its own registration for a ground of Art. 17 (POST /v1/collectives/{code}/members/{personId}/termination; a death is recorded there too). The member row is ended with leftOn and the reason, never deleted; the household's certificates are reissued without the person. The representative cannot leave: name a new representative first (409 representative_cannot_leave).",
    request: { headers: IdempotencyHeaders, params: z.object({ contractorCode: ContractorCodeParam, personId: PersonIdParam }), body: jsonBody(DepartureInput, "The departure") },
    responses: { 200: jsonResponse(HouseholdChange, "Left (or the same departure again)"), ...problemResponses },
  }),
  representative: createRoute({
    method: "post",
    path: "/v1/households/{contractorCode}/representative",
    operationId: "changeHouseholdRepresentative",
    tags: ["Households"],
    summary: "Name another member as the household's representative (承包方代表)",
    description: "The new representative is an active member of the household and of the collective. The certificates name the representative: they are reissued.",
    request: { headers: IdempotencyHeaders, params: z.object({ contractorCode: ContractorCodeParam }), body: jsonBody(RepresentativeInput, "The new representative") },
    responses: { 200: jsonResponse(HouseholdChange, "Changed (or already the representative)"), ...problemResponses },
  }),
  split: createRoute({
    method: "post",
    path: "/v1/households/{contractorCode}/split",
    operationId: "splitHousehold",
    tags: ["Households"],
    summary: "Split a household (分户) by agreement into new households",
    description:
      "The old household is dissolved and everything moves: every active member to exactly one new household, every plot of its active contracts to exactly one, each homestead to one new household (at most one each). New contractor codes of the same issuing party (the next free sequence is the clerk's choice; it is validated). In one registration: the new households (origin split), their members, new contracts `<new contractor code>J` (Q for other-method contracts) with the old contract's term, the plots moved, title versions of act `household-split` for each plot and homestead (GET /v1/plots/{plotCode}/history), the old contract's certificate cancelled, each new contract's issued, the homestead's superseded. The new households keep the old one's homestead bar (LAL Art. 62 ¶5). Refused while an open transfer or withdrawal involves the household (409 household_in_pending_application) or a right it holds is seized.",
    request: { headers: IdempotencyHeaders, params: z.object({ contractorCode: ContractorCodeParam }), body: jsonBody(SplitInput, "The split agreement") },
    responses: { 201: jsonResponse(SplitResult, "Split"), ...problemResponses },
  }),
  merge: createRoute({
    method: "post",
    path: "/v1/households/merge",
    operationId: "mergeHouseholds",
    tags: ["Households"],
    summary: "Merge two households (合户) by agreement",
    description:
      "The members together, the plots of both under one contract per mode (`<contractor code>J`, the term both contracts share: 409 merge_contract_terms_differ otherwise), the homesteads with the merged household. One household, one homestead (LAL Art. 62 ¶1, domain §2.3 HS-1): if both hold a granted homestead the merge is refused (409 merge_would_hold_two_homesteads) — withdraw or transfer one first; a legacy homestead (origin existing, HS-13) may join, and every homestead of the merged household then carries the 一户多宅 annotation. Into one of the two (it continues; the other is dissolved) or into a new code (both dissolved; origin merge). Title versions of act `household-merge` for what moves; ended contracts' certificates cancelled, the merged household's reissued. Refused while an open transfer or withdrawal involves either household.",
    request: { headers: IdempotencyHeaders, body: jsonBody(MergeInput, "The merge agreement") },
    responses: { 201: jsonResponse(MergeResult, "Merged"), ...problemResponses },
  }),
};

export function registerHouseholdRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(changeRoutes.merge, async (c) => {
    const body = c.req.valid("json");
    return idempotent(c, body, (ctx) => mergeHouseholds(ctx, body), (result) => ({ status: 201, body: MergeResult.parse(result) }), countyOf.collective(body.collectiveCode));
  });
  app.openapi(changeRoutes.join, async (c) => {
    const { contractorCode } = c.req.valid("param");
    const body = c.req.valid("json");
    return idempotent(c, body, (ctx) => joinHousehold(ctx, contractorCode, body), ({ created, ...change }) => ({ status: created ? 201 : 200, body: HouseholdChange.parse(change) }), countyOf.code(contractorCode));
  });
  app.openapi(changeRoutes.leave, async (c) => {
    const { contractorCode, personId } = c.req.valid("param");
    const body = c.req.valid("json");
    return idempotent(c, body, (ctx) => leaveHousehold(ctx, contractorCode, personId, body), ({ created: _, ...change }) => ({ status: 200, body: HouseholdChange.parse(change) }), countyOf.code(contractorCode));
  });
  app.openapi(changeRoutes.representative, async (c) => {
    const { contractorCode } = c.req.valid("param");
    const body = c.req.valid("json");
    return idempotent(c, body, (ctx) => changeRepresentative(ctx, contractorCode, body), ({ created: _, ...change }) => ({ status: 200, body: HouseholdChange.parse(change) }), countyOf.code(contractorCode));
  });
  app.openapi(changeRoutes.split, async (c) => {
    const { contractorCode } = c.req.valid("param");
    const body = c.req.valid("json");
    return idempotent(c, body, (ctx) => splitHousehold(ctx, contractorCode, body), (result) => ({ status: 201, body: SplitResult.parse(result) }), countyOf.code(contractorCode));
  });
  app.openapi(routes.create, async (c) => {
    const body = c.req.valid("json");
    return idempotent(c, body, (ctx) => registerHousehold(ctx, c.req.valid("param").code, body), ({ created, household }) => ({ status: created ? 201 : 200, body: Household.parse(household) }), countyOf.collective(c.req.valid("param").code));
  });
  app.openapi(routes.list, async (c) => {
    const { code } = c.req.valid("param");
    return c.json(HouseholdList.parse(await listHouseholds(contextIn(c, countyOf.collective(code)), code, c.req.valid("query"))), 200);
  });
  app.openapi(routes.get, async (c) => {
    const household = await getHousehold(contextIn(c, countyOf.code(c.req.valid("param").contractorCode)), c.req.valid("param").contractorCode);
    return c.json(Household.parse(household), 200);
  });
}
