import { z } from "zod";

/** The service's configuration, parsed once at start. The only module that knows environment variable names. */
const EnvSchema = z
  .object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8787),
  DATABASE_URL: z
    .string()
    .regex(/^(file:|libsql:\/\/|https?:\/\/|wss?:\/\/)/, "must be a file: path or a libsql://, http(s):// or ws(s):// URL")
    .default("file:data/registry.db"),
  DATABASE_AUTH_TOKEN: z.string().min(1).optional(),
  REGISTRY_ADMIN_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  /** Where the generated admin token is written when REGISTRY_ADMIN_TOKEN is unset. */
  REGISTRY_DATA_DIR: z.string().default("data"),
  /**
   * One database per county: a JSON object of region-code prefix → database URL, or → {url, authToken}, e.g.
   * {"370102":"file:data/370102.db","3710":{"url":"libsql://…","authToken":"…"}}. Unset: one database.
   */
  REGISTRY_COUNTY_DATABASES: z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (!text) return [];
      try {
        return CountyDatabases.parse(JSON.parse(text));
      } catch (error) {
        ctx.addIssue({ code: "custom", message: `must be a JSON object of region prefix → database URL (${error instanceof Error ? error.message.slice(0, 120) : "invalid"})` });
        return z.NEVER;
      }
    }),
  /** Key of the keyed hash indexing persons by ID number in the directory; required with county databases. */
  REGISTRY_ID_KEY: z.string().min(16, "must be at least 16 characters").optional(),
  /**
   * The certificate signing keyring as JSON {"active": <private EC P-256 JWK>, "retired": [<public JWK>…]}. Unset:
   * `<REGISTRY_DATA_DIR>/signing-keys.json`, generated on first start (`npm run keys:rotate` rotates it).
   */
  REGISTRY_SIGNING_KEYS: z.string().optional(),
  /** Where the public reaches the registry; certificates' QR codes encode `<PUBLIC_BASE_URL>/v1/certificates/…`. */
  PUBLIC_BASE_URL: z.string().url("must be an absolute URL").optional(),
}).refine((c) => c.REGISTRY_COUNTY_DATABASES.length === 0 || c.REGISTRY_ID_KEY, {
  message: "REGISTRY_ID_KEY is required when REGISTRY_COUNTY_DATABASES is set",
  path: ["REGISTRY_ID_KEY"],
});

const CountyDatabases = z
  .record(
    z.string().regex(/^\d{2,6}$/, "region prefixes are 2 to 6 digits"),
    z.union([z.string().regex(/^(file:|libsql:\/\/|https?:\/\/)/), z.object({ url: z.string().regex(/^(file:|libsql:\/\/|https?:\/\/)/), authToken: z.string().optional() })]),
  )
  .transform((record) =>
    Object.entries(record).map(([prefix, target]) => (typeof target === "string" ? { prefix, url: target, authToken: undefined } : { prefix, ...target })),
  );

export type Config = z.infer<typeof EnvSchema>;

export function parseEnv(env: Record<string, string | undefined>): { ok: true; config: Config } | { ok: false; problems: string[] } {
  const result = EnvSchema.safeParse(env);
  if (result.success) return { ok: true, config: result.data };
  return { ok: false, problems: result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) };
}

/** The Worker's bindings: a D1 database `DB`, or a libSQL server URL; the admin token is a secret. */
const WorkerEnvSchema = z
  .object({
    DATABASE_URL: z.string().regex(/^(libsql:\/\/|https?:\/\/)/, "must be a libsql:// or https:// URL on Workers").optional(),
    DATABASE_AUTH_TOKEN: z.string().min(1).optional(),
    REGISTRY_ADMIN_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
    /** One database per county: JSON of region prefix → a D1 binding's name, or a libsql:// URL. */
    COUNTY_DATABASES: z.string().optional(),
    /** Secret: JSON of region prefix → auth token, for the libsql:// county databases. */
    COUNTY_DATABASE_TOKENS: z.string().optional(),
    REGISTRY_ID_KEY: z.string().min(16, "must be at least 16 characters").optional(),
    /** Secret: the certificate signing keyring, {"active": <private JWK>, "retired": [<public JWK>…]}. */
    REGISTRY_SIGNING_KEYS: z.string().min(2).optional(),
    PUBLIC_BASE_URL: z.string().url("must be an absolute URL").optional(),
  })
  .passthrough();

export interface WorkerCountyRoute {
  prefix: string;
  binding?: string;
  url?: string;
  authToken?: string;
}

/** Parses the Worker's county routing table; problems name the variable. */
export function parseWorkerCounties(config: WorkerConfig): { ok: true; routes: WorkerCountyRoute[] } | { ok: false; problems: string[] } {
  if (!config.COUNTY_DATABASES) return { ok: true, routes: [] };
  try {
    const table = z.record(z.string().regex(/^\d{2,6}$/), z.string().min(1)).parse(JSON.parse(config.COUNTY_DATABASES));
    const tokens = config.COUNTY_DATABASE_TOKENS ? z.record(z.string(), z.string()).parse(JSON.parse(config.COUNTY_DATABASE_TOKENS)) : {};
    if (!config.REGISTRY_ID_KEY) return { ok: false, problems: ["REGISTRY_ID_KEY: required with COUNTY_DATABASES (wrangler secret put REGISTRY_ID_KEY)"] };
    return {
      ok: true,
      routes: Object.entries(table).map(([prefix, target]) =>
        /^(libsql:\/\/|https?:\/\/)/.test(target) ? { prefix, url: target, authToken: tokens[prefix] } : { prefix, binding: target },
      ),
    };
  } catch {
    return { ok: false, problems: ["COUNTY_DATABASES: must be a JSON object of region prefix (2–6 digits) → D1 binding name or libsql:// URL"] };
  }
}

export type WorkerConfig = z.infer<typeof WorkerEnvSchema>;

export function parseWorkerEnv(env: Record<string, unknown>): { ok: true; config: WorkerConfig } | { ok: false; problems: string[] } {
  const result = WorkerEnvSchema.safeParse(env);
  if (!result.success) return { ok: false, problems: result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) };
  if (!result.data.DATABASE_URL && !env.DB) return { ok: false, problems: ["DB: bind a D1 database as DB, or set DATABASE_URL to a libsql:// URL"] };
  return { ok: true, config: result.data };
}
