import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { checkCertificate } from "../../../commands/certificates/check-certificate.js";
import { getCertificateDocument } from "../../../commands/certificates/get-certificate-document.js";
import { getCertificate } from "../../../commands/certificates/get-certificate.js";
import { publicKeys } from "../../../commands/certificates/public-keys.js";
import { verifyCertificate } from "../../../commands/certificates/verify-certificate.js";
import { countyOfCertificate } from "../../../domain/certificates.js";
import { DomainError } from "../../../domain/errors.js";
import { contextIn } from "../../context.js";
import { jsonBody, jsonResponse, ProblemSchema, readProblemResponses } from "../../schemas.js";
import type { AppEnv } from "../../types.js";
import { renderCertificatePage, verificationUrlOf } from "./document.js";
import { CertificateCheckSchema, CertificateNoParam, CertificateSchema, JwksSchema, VerificationInput, VerificationSchema } from "./schemas.js";
import { renderVerificationPage } from "./verification-page.js";

const params = z.object({ certificateNo: CertificateNoParam });
const notFound = { description: "certificate_not_found: no such certificate (or not one this caller may see)", content: { "application/problem+json": { schema: ProblemSchema } } };

const routes = {
  get: createRoute({
    method: "get",
    path: "/v1/certificates/{certificateNo}",
    operationId: "getCertificate",
    tags: ["Certificates"],
    summary: "A certificate with its signed text",
    description:
      "Every registration that creates, moves or ends a right issues an electronic certificate (电子证书) of the right's new state, signed with ES256, and supersedes or cancels the previous one. Visible to admin, the collective's registrar, a bureau whose prefix covers the collective's region, and a holder who is the holder person or a member of the holder household; anyone else gets 404 as if it did not exist. `payload` is the exact signed text: verify it byte for byte against the key `keyId` of /.well-known/jwks.json.",
    request: { params },
    responses: { 200: jsonResponse(CertificateSchema, "The certificate"), ...readProblemResponses },
  }),
  document: createRoute({
    method: "get",
    path: "/v1/certificates/{certificateNo}/document",
    operationId: "getCertificateDocument",
    tags: ["Certificates"],
    summary: "The printable certificate (HTML, A4)",
    description:
      "The certificate as a printable Chinese document (print it from the browser, A4): for land contracts the face of the 农村土地承包经营权证 (number, QR code, issuing authority and date; the contract, the household members with co-holders, the plots with their four boundaries, areas in mu and basic-farmland flag); for homesteads a 不动产权证书 of the 宅基地使用权 (unit number, area in m², approval, annotations 附记); for shares a 股权证. A superseded (已换发) or cancelled (作废) certificate says so on every page. The QR code links to the public verification page with the certificate's signature. Same access as the certificate.",
    request: { params },
    responses: {
      200: { description: "The certificate as HTML", content: { "text/html": { schema: z.string().openapi({ example: "<!doctype html><html lang=\"zh-CN\">…" }) } } },
      ...readProblemResponses,
    },
  }),
  verify: createRoute({
    method: "post",
    path: "/v1/certificates/verification",
    operationId: "verifyCertificate",
    tags: ["Certificates"],
    summary: "Verify a presented certificate (public, no token)",
    description:
      "Anyone holding a certificate's `payload`, `signature` and `keyId` — a bank, a court, a buyer — asks whether it is authentic and still current. `valid` says the signature is a registry key's (retired keys included) and the payload is the register's own copy; `status` says whether it is still the right's current certificate (a superseded certificate is authentic but no longer current). A forged, changed or garbled payload is an answer (`valid: false` with a `reason`), never an error; only a body of the wrong shape is 400.",
    security: [],
    request: { body: jsonBody(VerificationInput, "The certificate as issued") },
    responses: {
      200: jsonResponse(VerificationSchema, "The verdict"),
      400: readProblemResponses[400],
      413: { description: "payload_too_large", content: { "application/problem+json": { schema: ProblemSchema } } },
      415: { description: "unsupported_media_type", content: { "application/problem+json": { schema: ProblemSchema } } },
    },
  }),
  check: createRoute({
    method: "get",
    path: "/v1/certificates/{certificateNo}/verification",
    operationId: "checkCertificate",
    tags: ["Certificates"],
    summary: "The page a certificate's QR code opens (public, no token)",
    description:
      "What a phone shows after scanning: with `Accept: text/html` a small mobile page, otherwise JSON. `valid` is true when the register's copy verifies and `sig` is that certificate's signature. The holder (ID number always masked) and the right in brief are shown only with the certificate's own signature: numbers can be guessed, signatures cannot.",
    security: [],
    request: {
      params,
      query: z.object({
        sig: z.string().max(200).optional().openapi({ description: "The certificate's signature, as printed in its QR code", example: "q3mQ8x0m1WgBvJ2d0l7nSx2cC5sYB1pQwJq3m9tZr0yA5xkT3k1wQ4nE2b8pD6hS9uV0cZ1aL7fG3jK5mN2oPw" }),
      }),
    },
    responses: {
      200: {
        description: "The verdict: JSON, or a mobile HTML page for `Accept: text/html`",
        content: { "application/json": { schema: CertificateCheckSchema }, "text/html": { schema: z.string() } },
      },
      400: readProblemResponses[400],
      404: notFound,
    },
  }),
  jwks: createRoute({
    method: "get",
    path: "/.well-known/jwks.json",
    operationId: "getJwks",
    tags: ["Certificates"],
    summary: "The registry's public signing keys (JWKS, public)",
    description:
      "Every key that signs or has signed certificates (EC P-256, ES256), the active one first; retired keys stay listed so certificates signed before a rotation still verify. `kid` is the key's RFC 7638 thumbprint. Cacheable for 5 minutes.",
    security: [],
    responses: { 200: jsonResponse(JwksSchema, "The public keys") },
  }),
};

const verificationUrl = (c: Context<AppEnv>, certificateNo: string, signature: string) => verificationUrlOf(c.var.deps.publicBaseUrl, c.req.url, certificateNo, signature);

function wantsHtml(c: Context<AppEnv>): boolean {
  return /\btext\/html\b/i.test(c.req.header("Accept") ?? "");
}

export function registerCertificateRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(routes.get, async (c) => {
    const { certificateNo } = c.req.valid("param");
    const view = await getCertificate(contextIn(c, countyOfCertificate(certificateNo)), certificateNo);
    return c.json(CertificateSchema.parse({ ...view, verificationUrl: verificationUrl(c, view.certificateNo, view.signature) }), 200);
  });

  app.openapi(routes.document, async (c) => {
    const { certificateNo } = c.req.valid("param");
    const doc = await getCertificateDocument(contextIn(c, countyOfCertificate(certificateNo)), certificateNo);
    return c.html(await renderCertificatePage(doc, verificationUrl(c, doc.certificate.certificateNo, doc.certificate.signature)), 200);
  });

  // Public (src/http/auth.ts lets these two through without a token).
  app.openapi(routes.verify, async (c) => c.json(VerificationSchema.parse(await verifyCertificate(c.var.deps, c.req.valid("json"))), 200));

  app.openapi(routes.check, async (c) => {
    const { certificateNo } = c.req.valid("param");
    try {
      const check = await checkCertificate(contextIn(c, countyOfCertificate(certificateNo)).deps, certificateNo, c.req.valid("query").sig);
      if (wantsHtml(c)) return c.html(await renderVerificationPage(check), 200);
      return c.json(CertificateCheckSchema.parse(check), 200);
    } catch (error) {
      if (error instanceof DomainError && error.code === "certificate_not_found" && wantsHtml(c)) return c.html(await renderVerificationPage(null), 404);
      throw error;
    }
  });

  app.openapi(routes.jwks, (c) => c.json(JwksSchema.parse(publicKeys(c.var.deps)), 200, { "Cache-Control": "public, max-age=300" }));
}
