import { mkdir } from "node:fs/promises";
import { createKeyring } from "../src/lib/signing.js";
import { loadKeyringFile } from "../src/keys.js";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createClient } from "@libsql/client";
import type { Actor } from "../src/domain/access.js";
import { DomainError } from "../src/domain/errors.js";
import { parseEnv, type Config } from "../src/env.js";
import { systemClock } from "../src/lib/clock.js";
import { Router } from "../src/storage/router.js";
import { createIdFactory } from "../src/lib/ids.js";
import { createDb, migrateDb } from "../src/storage/db.js";
import { seedDemoVillage, type SeedSummary } from "./demo-village.js";

/**
 * `npm run seed`: loads the demo village into a LOCAL database through the commands. It refuses any DATABASE_URL
 * that is not a `file:` URL, so demo people can never land in a shared or production registry (openstatus guard).
 */
export function seedDatabaseUrl(env: Record<string, string | undefined>): { ok: true; config: Config } | { ok: false; message: string } {
  const parsed = parseEnv(env);
  if (!parsed.ok) return { ok: false, message: `Configuration invalid: ${parsed.problems.join("; ")}` };
  const url = parsed.config.DATABASE_URL;
  if (!url.startsWith("file:") || url.length === "file:".length) {
    // Only the scheme is echoed: a remote URL may carry credentials.
    const scheme = /^[a-z]+:(\/\/)?/i.exec(url)?.[0] ?? "?";
    return { ok: false, message: `Refusing to seed: DATABASE_URL must be a local file: database (for example file:data/registry.db), not ${scheme}…` };
  }
  return { ok: true, config: parsed.config };
}

const SEED_ACTOR: Actor = { tokenId: "seed", role: "admin", collectiveCode: null, regionPrefix: null, personId: null };

async function main(): Promise<void> {
  const guard = seedDatabaseUrl(process.env);
  if (!guard.ok) {
    console.error(guard.message);
    process.exit(1);
  }
  const { DATABASE_URL: url, PORT, REGISTRY_DATA_DIR } = guard.config;
  await mkdir(dirname(resolve(url.slice("file:".length))), { recursive: true });
  const client = createClient({ url });
  await client.execute("PRAGMA journal_mode = WAL");
  await client.execute("PRAGMA busy_timeout = 5000");
  const db = createDb(client);
  await migrateDb(db, fileURLToPath(new URL("../schema/migrations", import.meta.url)));
  try {
    // The server's own keyring: certificates the seed issues verify against the running service.
    const keys = await loadKeyringFile(REGISTRY_DATA_DIR, process.env.REGISTRY_SIGNING_KEYS);
    const keyring = await createKeyring(keys.file.active, keys.file.retired);
    const summary = await seedDemoVillage({ deps: { db, router: new Router(db), clock: systemClock, ids: createIdFactory(), keyring }, actor: SEED_ACTOR });
    console.log(describe(summary, url, `http://localhost:${PORT}`, REGISTRY_DATA_DIR));
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    console.error(`Seeding stopped: ${error.message}`);
    process.exitCode = 1;
  } finally {
    client.close();
  }
}

function describe(s: SeedSummary, url: string, base: string, dataDir: string): string {
  const c = s.counts;
  const made = s.created;
  const nothingNew = !made.collective && Object.values(made).every((v) => v === 0 || v === false);
  const cityDweller = s.examples.persons.find((p) => p.urbanHukou);
  return [
    `Seeded ${s.collective.name} (${s.collective.code}) into ${url}${nothingNew ? " — already loaded, nothing changed" : ""}.`,
    ...s.notes.map((n) => `  note: ${n}`),
    `  ${c.persons} persons (${made.persons} new), ${c.members} active members, ${c.households} households, ` +
      `${c.plots} plots (${c.reservedPlots} reserved 机动地), ${c.landContracts} land contracts, ${c.homesteads} homesteads, ${c.totalShares} shares issued, ` +
      `${c.resolutions} general meeting resolutions`,
    "",
    "Examples:",
    ...s.examples.persons.map(
      (p) => `  person   ${p.personId}  ${p.name}  ID ${p.idNumber}${p.urbanHukou ? `  [urban hukou ${p.urbanHukou.regionCode} ${p.urbanHukou.place}]` : ""}\n           ${p.description}`,
    ),
    `  plot          ${s.examples.plotCode}`,
    `  contractor    ${s.examples.contractorCode}   land contract ${s.examples.contractCode}`,
    `  homestead     ${s.examples.unitNumber}   (over the cap, annotated: ${s.examples.overAreaUnitNumber})`,
    `  reserved plot ${s.examples.reservedPlotCode} (机动地, under no contract)`,
    "",
    "Person ids are generated; find a person by ID number (in the body, never in a URL):",
    `  TOKEN=$(cat ${dataDir}/admin-token)   # written by the server at its first start`,
    `  curl -s -X POST ${base}/v1/persons/lookup -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{"idNumber":"${cityDweller?.idNumber ?? ""}"}'`,
    `  curl -s ${base}/v1/persons/${cityDweller?.personId ?? ""}/rights -H "Authorization: Bearer $TOKEN"`,
    `  curl -s ${base}/v1/households/${s.examples.contractorCode} -H "Authorization: Bearer $TOKEN"`,
    `  curl -s ${base}/v1/collectives/${s.collective.code}/equity -H "Authorization: Bearer $TOKEN"`,
  ].join("\n");
}

// Runs only as the entry (`tsx seeds/dev.ts`), not when a test imports the guard.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await main();
