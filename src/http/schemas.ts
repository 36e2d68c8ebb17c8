import { z } from "@hono/zod-openapi";
import { decimalPattern } from "../domain/quantities.js";

/** Shared pieces of the public contract. API schemas are written by hand; they are not derived from tables. */

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: "/problems/plot_already_contracted" }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string(),
    code: z.string().openapi({ description: "Stable snake_case code naming the broken rule", example: "plot_already_contracted" }),
    requestId: z.string(),
    errors: z
      .array(z.object({ pointer: z.string().openapi({ example: "#/areaMu" }), detail: z.string() }))
      .optional()
      .openapi({ description: "For validation_failed: one JSON Pointer per broken field" }),
  })
  .openapi("Problem");

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: ProblemSchema } },
});

export const problemResponses = {
  400: problem("validation_failed or malformed_json: the body, query or path is not valid; nothing was written"),
  401: problem("unauthenticated: no valid bearer token"),
  403: problem("forbidden: this role may not write (bureau and holder are read-only) or may not do this"),
  404: problem("Not found, or outside the caller's scope (the same answer either way)"),
  409: problem("A rule is broken by the register's state; `code` names it"),
  413: problem("payload_too_large"),
  415: problem("unsupported_media_type: send application/json"),
  422: problem("A rule is broken by the request itself (identifier check characters, code prefixes, terms); `code` names it"),
} as const;

/** For the reads that fan out over county databases: one that holds the answer did not answer in time. */
export const countyUnavailableResponse = {
  503: problem("county_unavailable: a county database that may hold the answer did not answer; try again"),
} as const;

export const readProblemResponses = { 400: problemResponses[400], 401: problemResponses[401], 404: problemResponses[404] } as const;

export const jsonBody = <T extends z.ZodType>(schema: T, description: string) => ({
  required: true,
  description,
  content: { "application/json": { schema } },
});

export const jsonResponse = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

/**
 * A non-negative decimal as a JSON string with at most `places` decimals, never a JSON number. Integer digits are
 * limited so that the value in its smallest unit (× 10^places) stays an exact integer (< 2^53).
 */
export const decimalString = (places: number, example: string, description: string) =>
  z
    .string()
    .regex(
      decimalPattern(places),
      `must be a decimal string of at most ${15 - places} integer digits and ${places} decimal places, e.g. "${example}"`,
    )
    .openapi({ example, description });

/** A legal date, YYYY-MM-DD, China Standard Time. */
export const LegalDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD")
  .refine(isRealDate, "must be a real calendar date")
  .openapi({ example: "2024-05-01", description: "A legal date (YYYY-MM-DD) in China Standard Time" });

function isRealDate(value: string): boolean {
  const [y, m, d] = value.split("-").map(Number) as [number, number, number];
  if (y < 1900 || m < 1 || m > 12 || d < 1) return false;
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= (days[m - 1] ?? 0);
}

export const CollectiveCodeParam = z.string().min(1).max(40).openapi({
  param: { name: "code", in: "path" },
  example: "N2371083MA0QW7T334",
  description: "The collective's unified social credit code",
});

export const PersonIdParam = z.string().min(1).max(60).openapi({
  param: { name: "personId", in: "path" },
  example: "prs_01jd8x2k5q7w3e9r4t6y8u0i2o",
});

export const note = (max = 500) => z.string().trim().min(1).max(max);
