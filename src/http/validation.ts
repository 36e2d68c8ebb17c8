import type { Context } from "hono";
import type { ZodError } from "zod";
import { problemResponse, toPointer } from "./problem.js";

/**
 * zod failures → 400 validation_failed with one JSON Pointer per broken field. Unknown fields point at the field
 * itself. For query and path parameters the pointer names the parameter.
 */
export function validationHook(
  result: { success: true } | { success: false; error: ZodError; target?: string },
  c: Context,
): Response | undefined {
  if (result.success) return undefined;
  const errors = result.error.issues.flatMap((issue) => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ pointer: toPointer([...issue.path, key]), detail: "unknown field" }));
    }
    return [{ pointer: toPointer(issue.path), detail: issue.message }];
  });
  const where = result.target === "query" ? "query parameter" : result.target === "param" ? "path parameter" : "field";
  const first = errors[0];
  const detail =
    errors.length === 1 && first
      ? `The ${where} ${first.pointer.slice(1) || "body"} is not valid: ${first.detail}.`
      : `${errors.length} ${where}s are not valid; see errors[].`;
  return problemResponse(c, "validation_failed", detail, errors);
}
