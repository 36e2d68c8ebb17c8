import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { problemResponse, type ProblemCode } from "../../problem.js";
import { jsonResponse, problemResponses, ProblemSchema } from "../../schemas.js";
import { DomainError } from "../../../domain/errors.js";
import type { ImportJobsPort } from "../../../commands/imports/jobs.js";
import type { AppEnv } from "../../types.js";
import { CountyQuery, ImportAccepted, ImportIdParam, ImportJob } from "./schemas.js";

/** Media types a zip arrives as: the standard one, and what browsers on Windows give a .zip file. */
const ZIP_TYPES = ["application/zip", "application/x-zip-compressed"];

/** A problem answer, typed to fit any of the route's declared responses (its status is among them). */
const refuse = (c: Context<AppEnv>, code: ProblemCode, detail: string, errors?: { pointer: string; detail: string }[]) => problemResponse(c, code, detail, errors) as never;

const problem = (description: string) => ({ description, content: { "application/problem+json": { schema: ProblemSchema } } });

const PACKAGE = [
  "**The package.** One zip of the county's land-confirmation data (农村土地承包经营权确权登记数据库) exported as CSV, one file per NY/T 2539-2016 table, named by the table: `FBF.csv` (issuing parties — the collectives), `CBF.csv` (contracting parties — farm households), `CBF_JTCY.csv` (household members), `CBHT.csv` (contracts), `CBDKXX.csv` (contracted plots), `DK.csv` (plots) and `CBJYQZ.csv` (certificates). File names are matched case-insensitively; each file's first line is its header of NY/T 2539 field names (any order; the standard's fields the registry does not model are kept with the record and given back by the export, other columns are ignored). An issuer that is not yet a registered collective needs a row in an optional `collectives.csv` with the header `issuerCode,creditCode,level,name` (FBF carries no credit code).",
  "The CSVs sit at the top of the zip or in its one top-level folder; other folders, `__MACOSX/` and dot files are ignored. An entry with an absolute path or a `..` segment, a table listed twice, an encrypted entry or a compression other than deflate refuses the upload (422 `import_file_unreadable`). At most 4 GiB per upload.",
  "**Encodings.** Each file is UTF-8 (with or without a byte order mark) or GB18030/GBK, as the confirmation databases export it; the encoding is detected per file from its first 64 KiB and named in the report. RFC 4180 quoting (embedded commas, quotes and line breaks) is understood. Dates may be `YYYY-MM-DD`, `YYYY/M/D` or `YYYYMMDD`; areas are m² with 2 decimals or mu with 4.",
].join("\n\n");

const BEHAVIOUR = [
  "**All or nothing.** The job streams every file (never the whole file in memory), checks each row and then the package's cross-references (every contract's household, every plot's contract, duplicated codes, ID documents listed twice), then checks against the register. Any bad row refuses the whole package: status `refused`, every bad row listed with its file, line, field, rule code and message (ID numbers never appear), and nothing is written. Otherwise everything is made live in one atomic batch, with one journal row (`collective.imported`) per collective.",
  "**Idempotent by content.** Sending the same package again changes nothing: each row already imported with the same fields is recognised and the job ends `unchanged`. A package that adds rows to an earlier one imports only the new rows; a row imported before with other fields under the same key is refused (`import_record_conflicts`). No Idempotency-Key is needed.",
  "**The lock.** From the check against the register until the batch has committed, the collectives the package touches (its FBF issuers) take no other write: any write to one of them — by this service, another process or the command-line import — answers 409 `import_in_progress` until the import ends; reads are unaffected. A second import touching a locked collective ends `failed` with `error.code` `import_in_progress`. This service runs one import at a time: a POST while one is receiving or running answers 409 `import_in_progress` at once, before the body is read.",
].join("\n\n");

const routes = {
  start: createRoute({
    method: "post",
    path: "/v1/imports",
    operationId: "startImport",
    tags: ["Imports"],
    summary: "Import a county's land-confirmation data (NY/T 2539-2016 CSVs in a zip) as a background job",
    description: [
      "Admin only. The body is the zip itself (`Content-Type: application/zip`, or `application/x-zip-compressed` as Windows browsers send a .zip), not a multipart form; it is streamed to disk and its directory checked, then the answer is 202 with the import's id and a `Location` to poll (`GET /v1/imports/{importId}`). The import runs in the service's Node process: a county of 300,000 households takes minutes. Deployments on Cloudflare Workers answer 501 `imports_not_supported_here` — run the import on the Node service or with `npm run import -- <folder>`.",
      PACKAGE,
      BEHAVIOUR,
    ].join("\n\n"),
    request: {
      query: CountyQuery,
      body: {
        required: true,
        description: "The zip of the package's CSVs (raw bytes)",
        content: {
          "application/zip": { schema: z.string().openapi({ type: "string", format: "binary" }) },
          "application/x-zip-compressed": { schema: z.string().openapi({ type: "string", format: "binary" }) },
        },
      },
    },
    responses: {
      202: {
        description: "Stored and started; poll `Location` for progress and the report",
        headers: z.object({ Location: z.string().openapi({ example: "/v1/imports/imp_01jd8x2k5q7w3e9r4t6y8u0i2o" }) }),
        content: { "application/json": { schema: ImportAccepted } },
      },
      400: problem("validation_failed: `county` is missing (one database per county) or malformed"),
      401: problem("unauthenticated: no valid bearer token"),
      403: problem("forbidden: only an admin token imports"),
      404: problemResponses[404],
      409: problem("import_in_progress: this service is already receiving or running an import"),
      413: problem("payload_too_large: the upload exceeds 4 GiB"),
      415: problem("unsupported_media_type: send the zip as application/zip"),
      422: problem("import_file_unreadable: the body is empty or not a usable zip (unsafe or duplicated entry names, encryption); nothing was started"),
      501: problem("imports_not_supported_here: this deployment (Cloudflare Workers) does not run imports"),
    },
  }),
  get: createRoute({
    method: "get",
    path: "/v1/imports/{importId}",
    operationId: "getImport",
    tags: ["Imports"],
    summary: "An import job: its status, progress and, once ended, its report",
    description:
      "Admin only. While `running`, `progress` tells the phase, rows and bytes read, rows per second and an estimate of the seconds left (poll every second or two; it is updated about four times a second). Once ended: `completed`, `unchanged` or `refused` with the `report` (rows per table, records created, encodings, and for `refused` every bad row: file, line, field, rule code, message), or `failed` with `error` (e.g. `import_in_progress` when another import held one of its collectives). Nothing is written unless the status is `completed`. The service keeps a job in memory for 24 hours after it ends; later, or after a restart, the job is read back from the database's import history (then `progress` is null and at most 100 bad rows are listed). With one database per county, pass the same `county` as the POST (the `Location` header carries it).",
    request: { params: z.object({ importId: ImportIdParam }), query: CountyQuery },
    responses: {
      200: jsonResponse(ImportJob, "The job"),
      400: problem("validation_failed: the import id or `county` is malformed"),
      401: problem("unauthenticated: no valid bearer token"),
      403: problem("forbidden: only an admin token reads imports"),
      404: problem("import_not_found: no such import in this service or its database"),
      501: problem("imports_not_supported_here: this deployment (Cloudflare Workers) does not run imports"),
    },
  }),
};

/** The admin check, then the Node-only runner (refusals are thrown: onError answers them as problems). */
function runner(c: Context<AppEnv>): ImportJobsPort {
  if (c.var.actor.role !== "admin") throw new DomainError("forbidden", "Only an admin token runs and reads county imports.");
  const imports = c.var.deps.imports;
  if (!imports)
    throw new DomainError("imports_not_supported_here", "This deployment does not run county imports: send the package to the Node service, or run `npm run import -- <folder>` there.");
  return imports;
}

/** The county whose database the package goes to: required when routed, ignored otherwise. */
function countyOf(c: Context<AppEnv>, given: string | undefined, required: boolean): { county: string | null } | { refused: Response } {
  if (!c.var.deps.router.routed) return { county: null };
  if (given === undefined && required)
    return {
      refused: problemResponse(c, "validation_failed", "The query parameter county is required: this registry keeps one database per county.", [
        { pointer: "#/county", detail: "required: the 6-digit division code of the package's county" },
      ]),
    };
  return { county: given ?? null };
}

export function registerImportRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(routes.start, async (c) => {
    const imports = runner(c);
    const mediaType = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
    if (!ZIP_TYPES.includes(mediaType))
      return refuse(c, "unsupported_media_type", `Send the package as the request body with Content-Type: application/zip (got ${mediaType || "none"}).`);
    const target = countyOf(c, c.req.valid("query").county, true);
    if ("refused" in target) return target.refused as never;
    if (imports.busy()) return refuse(c, "import_in_progress", "This service is already running an import; send this package when it has ended.");
    const body = c.req.raw.body;
    if (!body) return refuse(c, "import_file_unreadable", "The body is empty: send the zip of the package's CSVs.");
    const length = c.req.header("content-length");
    const submitted = await imports.submit(body, {
      actor: c.var.actor.tokenId,
      county: target.county,
      contentLength: length && /^\d+$/.test(length) ? Number(length) : null,
    });
    if (!submitted.ok) return refuse(c, submitted.code, submitted.detail);
    const self = `/v1/imports/${submitted.jobId}${target.county ? `?county=${target.county}` : ""}`;
    return c.json({ importId: submitted.jobId, status: "running" as const, links: { self } }, 202, { Location: self });
  });

  app.openapi(routes.get, async (c) => {
    const imports = runner(c);
    const { importId } = c.req.valid("param");
    const target = countyOf(c, c.req.valid("query").county, false);
    if ("refused" in target) return target.refused as never;
    const job = await imports.get(importId, target.county);
    if (!job) return refuse(c, "import_not_found", `No import ${importId} in this service or its database.`);
    return c.json(ImportJob.parse(job), 200);
  });
}
