import { z } from "@hono/zod-openapi";

const NO_EXAMPLE = "371083108201000001J-0001";
const SIG_EXAMPLE = "q3mQ8x0m1WgBvJ2d0l7nSx2cC5sYB1pQwJq3m9tZr0yA5xkT3k1wQ4nE2b8pD6hS9uV0cZ1aL7fG3jK5mN2oPw";
const KID_EXAMPLE = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";

export const CertificateNoParam = z
  .string()
  .min(1)
  .max(60)
  .openapi({
    param: { name: "certificateNo", in: "path" },
    example: NO_EXAMPLE,
    description:
      "`<contract code or unit number>-<version, 4 digits>` for land contracts and homesteads, `<issuing-party code>-GQ-<n, 6 digits>` for shares. A number of another form is answered like an unknown one (404).",
  });

const Kind = z.enum(["land-contract", "homestead", "equity"]).openapi({ description: "land-contract = 农村土地承包经营权证; homestead = 不动产权证书（宅基地使用权）; equity = 股权证" });
const Status = z.enum(["valid", "superseded", "cancelled"]).openapi({
  description: "valid: the current certificate of the right. superseded (已换发): replaced by `supersededBy` after a change of the right. cancelled (已注销): the right ended (a withdrawal, the last plot given up).",
});

export const CertificateSchema = z
  .object({
    certificateNo: z.string().openapi({ example: NO_EXAMPLE }),
    collectiveCode: z.string().openapi({ example: "N2371083MA0QW7T334" }),
    kind: Kind,
    title: z.string().openapi({ example: "农村土地承包经营权证" }),
    status: Status,
    holder: z
      .object({
        kind: z.enum(["household", "person", "collective"]),
        id: z.string().openapi({ description: "The contractor code of a household, a person id, or a collective's code", example: "371083108201000001" }),
        name: z.string().nullable().openapi({ description: "The household's representative (as certified), the person, or the collective", example: "孙建国" }),
      })
      .openapi({ description: "Who the certificate names" }),
    subject: z.string().openapi({ description: "The right: a contract code, a unit number, or an equity account (person id)", example: "371083108201000001J" }),
    issuedOn: z.string().openapi({ example: "2026-11-27" }),
    supersededBy: z.string().nullable().openapi({ example: null }),
    endedOn: z.string().nullable().openapi({ example: null }),
    payload: z.string().openapi({
      description: "The exact signed text: canonical JSON (keys sorted, no spaces), ID numbers masked. Verify it byte for byte; do not re-serialize it.",
      example: '{"certificateNo":"371083108201000001J-0001","format":"rural-rights-certificate/1","holder":{…},"issuedOn":"2026-11-27","issuer":{…},"kind":"land-contract","replaces":null,"right":{…},"title":"农村土地承包经营权证"}',
    }),
    signature: z.string().openapi({ description: "ES256 over the payload's UTF-8 bytes: r‖s, 64 bytes, base64url (as in JWS)", example: SIG_EXAMPLE }),
    keyId: z.string().openapi({ description: "The signing key's RFC 7638 thumbprint: its `kid` in /.well-known/jwks.json", example: KID_EXAMPLE }),
    verificationUrl: z.string().openapi({
      description: "What the certificate's QR code encodes: the public verification page of this certificate with its signature",
      example: `https://registry.example.gov.cn/v1/certificates/${NO_EXAMPLE}/verification?sig=${SIG_EXAMPLE}`,
    }),
  })
  .openapi("Certificate");

export const VerificationInput = z
  .strictObject({
    payload: z.string().min(1).max(200_000).openapi({ description: "The certificate's `payload`, exactly as issued", example: '{"certificateNo":"371083108201000001J-0001",…}' }),
    signature: z.string().min(1).max(200).openapi({ example: SIG_EXAMPLE }),
    keyId: z.string().min(1).max(100).openapi({ example: KID_EXAMPLE }),
  })
  .openapi("VerificationInput");

const Reason = z.enum(["unknown_key", "signature_mismatch", "malformed_payload", "not_in_register", "differs_from_register"]).openapi({
  description:
    "Why it is not valid: unknown_key (no registry key has that id), signature_mismatch (the text or the signature was changed), malformed_payload (signed, but not a certificate), not_in_register, differs_from_register (signed text or signature is not the register's copy)",
});

export const VerificationSchema = z
  .object({
    valid: z.boolean().openapi({ description: "Authentic: signed by a registry key and identical to the register's copy" }),
    status: Status.nullable().openapi({ description: "The register's status of the certificate (null when it is not in the register)" }),
    reason: Reason.optional(),
    certificateNo: z.string().optional().openapi({ description: "The number the presented payload claims", example: NO_EXAMPLE }),
  })
  .openapi("Verification", { example: { valid: true, status: "valid", certificateNo: NO_EXAMPLE } });

export const CertificateCheckSchema = z
  .object({
    valid: z.boolean().openapi({ description: "The register's copy verifies and `sig` is its signature" }),
    status: Status.nullable(),
    reason: Reason.optional(),
    certificateNo: z.string(),
    kind: Kind,
    title: z.string(),
    issuedOn: z.string(),
    supersededBy: z.string().nullable(),
    endedOn: z.string().nullable(),
    right: z
      .object({
        collectiveName: z.string(),
        contractCode: z.string().optional(),
        mode: z.enum(["household", "other"]).optional(),
        startsOn: z.string().optional(),
        endsOn: z.string().optional(),
        totalAreaMu: z.string().optional(),
        plotCount: z.number().int().optional(),
        unitNumber: z.string().optional(),
        areaM2: z.string().optional(),
        approvedOn: z.string().optional(),
        collectiveCode: z.string().optional(),
        shares: z.string().optional(),
      })
      .nullable()
      .openapi({ description: "The right in brief (land: contract, term, total area and plot count; homestead: unit number and area; equity: shares). Only with the certificate's own signature (null otherwise)." }),
    holder: z
      .object({ name: z.string().nullable(), idNumber: z.string().nullable().openapi({ description: "Always masked", example: "3710**********5511" }) })
      .nullable()
      .openapi({ description: "Who the certificate names (a household by its representative). Only with the certificate's own signature." }),
  })
  .openapi("CertificateCheck", {
    example: {
      valid: true,
      status: "valid",
      certificateNo: NO_EXAMPLE,
      kind: "land-contract",
      title: "农村土地承包经营权证",
      issuedOn: "2026-11-27",
      supersededBy: null,
      endedOn: null,
      right: { collectiveName: "乳山市午极镇午极村股份经济合作社", contractCode: "371083108201000001J", mode: "household", startsOn: "1998-10-01", endsOn: "2028-09-30", totalAreaMu: "4.50", plotCount: 3 },
      holder: { name: "孙建国", idNumber: "3710**********1016" },
    },
  });

export const JwksSchema = z
  .object({
    keys: z.array(
      z.object({
        kty: z.literal("EC"),
        crv: z.literal("P-256"),
        x: z.string(),
        y: z.string(),
        kid: z.string().openapi({ description: "RFC 7638 thumbprint; certificates name it as keyId" }),
        alg: z.literal("ES256"),
        use: z.literal("sig"),
      }),
    ),
  })
  .openapi("Jwks");
