import { z } from "@hono/zod-openapi";

/** The county import's public contract (POST /v1/imports, GET /v1/imports/{importId}). */

export const ImportIdParam = z
  .string()
  .regex(/^imp_[0-9a-z]{1,40}$/, "must be an import id, imp_ followed by lower-case letters and digits")
  .openapi({ param: { name: "importId", in: "path" }, example: "imp_01jd8x2k5q7w3e9r4t6y8u0i2o" });

export const CountyQuery = z.object({
  county: z
    .string()
    .regex(/^\d{6}$/, "must be a county division code of 6 digits")
    .optional()
    .openapi({
      param: { name: "county", in: "query" },
      example: "371083",
      description:
        "The county (6-digit division code) whose database the package goes to. Required when the registry keeps one database per county (a routing table is configured); ignored otherwise.",
    }),
});

export const ImportProgress = z
  .object({
    phase: z.enum(["reading", "validating", "promoting", "done"]).openapi({
      description:
        "reading: the CSVs are streamed, parsed and staged; validating: cross-references are checked in SQL; promoting: the one batch that makes everything live is running; done: the job has ended (see `status`)",
    }),
    rows: z.number().int().openapi({ example: 182_400, description: "Rows read so far, all files" }),
    bytesRead: z.number().int().openapi({ example: 48_234_496, description: "Bytes of CSV read so far (uncompressed)" }),
    totalBytes: z.number().int().openapi({ example: 96_468_992, description: "Bytes of all the package's CSVs (uncompressed)" }),
    rowsPerSecond: z.number().int().openapi({ example: 41_000 }),
    secondsLeft: z.number().int().nullable().openapi({ example: 5, description: "Estimate for the reading phase; null until it can be estimated" }),
  })
  .openapi("ImportProgress");

export const ImportIssue = z
  .object({
    file: z.string().openapi({ example: "CBF_JTCY.csv" }),
    line: z.number().int().openapi({ example: 1734, description: "1-based line of the CSV (line 1 is the header); 0 for a problem with the file itself" }),
    field: z.string().openapi({ example: "CYZJHM", description: "The NY/T 2539 field name; empty for a row-level problem" }),
    code: z.string().openapi({ example: "id_number_check_character_mismatch", description: "The rule broken (the same stable codes as the API's problems)" }),
    message: z.string().openapi({ example: "The ID number's check character does not match its first 17 digits.", description: "Never contains an ID number" }),
  })
  .openapi("ImportIssue");

const count = (description: string) => z.number().int().openapi({ description });

export const ImportReport = z
  .object({
    importId: z.string().openapi({ example: "imp_01jd8x2k5q7w3e9r4t6y8u0i2o" }),
    status: z.enum(["completed", "unchanged", "refused"]).openapi({
      description: "completed: made live; unchanged: every row was imported before, nothing written; refused: bad rows, nothing written",
    }),
    rows: z.record(z.string(), z.number().int()).openapi({ example: { FBF: 10, CBF: 3012, CBF_JTCY: 9817 }, description: "Rows read per table" }),
    created: z
      .object({
        collectives: count("Collectives registered from collectives.csv"),
        persons: count("Persons not on record before"),
        memberships: count("Memberships of living members"),
        households: count("Farm households (contracting parties)"),
        plots: count("Plots"),
        contracts: count("Land contracts"),
      })
      .openapi({ description: "Records made live by this run" }),
    unchangedRows: count("Rows identical to rows imported before: left as they are"),
    encodings: z.record(z.string(), z.string()).openapi({ example: { "CBF.csv": "GB18030", "DK.csv": "UTF-8" }, description: "Encoding found per file" }),
    errors: z.array(ImportIssue).openapi({ description: "Bad rows, in file order; at most the first 1,000 (100 once the report is read back from the database)" }),
    errorCount: count("All bad rows found"),
    startedAtMs: count("When the run started (Unix ms)"),
    durationMs: count("How long it ran"),
  })
  .openapi("ImportReport");

export const ImportJob = z
  .object({
    jobId: z.string().openapi({ example: "imp_01jd8x2k5q7w3e9r4t6y8u0i2o", description: "The import's id" }),
    status: z.enum(["running", "completed", "unchanged", "refused", "failed"]).openapi({
      description:
        "running; completed (made live); unchanged (imported before); refused (bad rows, listed in report.errors; nothing written); failed (stopped before it ended — another import held one of its collectives, or an error: see `error`; nothing written)",
    }),
    progress: ImportProgress.nullable().openapi({ description: "Null when this service does not run the job (read back from the imports table after a restart)" }),
    startedAtMs: z.number().int(),
    endedAtMs: z.number().int().nullable(),
    report: ImportReport.optional().openapi({ description: "Once the job has ended completed, unchanged or refused" }),
    error: z
      .object({ code: z.string().openapi({ example: "import_in_progress" }), detail: z.string() })
      .optional()
      .openapi({ description: "A failed job: why" }),
  })
  .openapi("ImportJob");

export const ImportAccepted = z
  .object({
    importId: z.string().openapi({ example: "imp_01jd8x2k5q7w3e9r4t6y8u0i2o" }),
    status: z.literal("running"),
    links: z.object({ self: z.string().openapi({ example: "/v1/imports/imp_01jd8x2k5q7w3e9r4t6y8u0i2o" }) }),
  })
  .openapi("ImportAccepted");
