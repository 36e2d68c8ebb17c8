import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { createToken } from "../../../commands/tokens/create-token.js";
import { revokeToken } from "../../../commands/tokens/revoke-token.js";
import { jsonBody, jsonResponse, problemResponses } from "../../schemas.js";
import { idempotent, IdempotencyHeaders } from "../../idempotency.js";
import { contextIn } from "../../context.js";
import type { AppEnv } from "../../types.js";

const TokenInput = z
  .strictObject({
    role: z.enum(["admin", "registrar", "bureau", "holder"]).openapi({
      description: "admin: everything. registrar: a collective's clerk, reads and writes in one collective. bureau: read-only in a region-code prefix, sees full ID numbers. holder: a farmer, reads one person's rights.",
    }),
    collectiveCode: z.string().max(40).optional().openapi({ description: "registrar: the collective", example: "N2371083MA0QW7T334" }),
    regionPrefix: z.string().max(12).optional().openapi({ description: "bureau: a division-code prefix of 2, 4, 6, 9 or 12 digits", example: "371083" }),
    personId: z.string().max(60).optional().openapi({ description: "holder: the person whose rights the token reads" }),
    label: z.string().trim().min(1).max(100).optional().openapi({ example: "午极村文书 王芳" }),
  })
  .openapi("TokenInput");

const Token = z
  .object({
    id: z.string().openapi({ example: "tok_01jd8x2k5q7w3e9r4t6y8u0i2o" }),
    token: z.string().openapi({ description: "The bearer token. Shown once; only its SHA-256 hash is stored." }),
    role: z.enum(["admin", "registrar", "bureau", "holder"]),
    scope: z.object({ collectiveCode: z.string().optional(), regionPrefix: z.string().optional(), personId: z.string().optional() }),
    label: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("Token");

const create = createRoute({
  method: "post",
  path: "/v1/tokens",
  operationId: "createToken",
  tags: ["Access"],
  summary: "Issue a bearer token",
  description: "Admin issues any role. A registrar issues holder tokens for active members of its own collective. The token is returned once.",
  request: { headers: IdempotencyHeaders, body: jsonBody(TokenInput, "Role and scope") },
  responses: { 201: jsonResponse(Token, "Issued"), ...problemResponses },
});

const revoke = createRoute({
  method: "delete",
  path: "/v1/tokens/{id}",
  operationId: "revokeToken",
  tags: ["Access"],
  summary: "Revoke a token (idempotent)",
  request: { params: z.object({ id: z.string().max(60).openapi({ param: { name: "id", in: "path" } }) }) },
  responses: { 204: { description: "Revoked" }, ...problemResponses },
});

export function registerTokenRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(create, async (c) => {
    const body = c.req.valid("json");
    return idempotent(c, body, (ctx) => createToken(ctx, body), (token) => ({ status: 201, body: Token.parse(token) }));
  });
  app.openapi(revoke, async (c) => {
    await revokeToken(contextIn(c, null), c.req.valid("param").id);
    return c.body(null, 204);
  });
}
