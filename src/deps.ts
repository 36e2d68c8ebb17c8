import type { ImportJobsPort } from "./commands/imports/jobs.js";
import type { Clock } from "./lib/clock.js";
import type { Keyring } from "./lib/signing.js";
import type { IdFactory } from "./lib/ids.js";
import type { Db } from "./storage/db.js";
import type { Router } from "./storage/router.js";

/** Everything a request needs, built once by the entry point (server.ts, tests) and passed in. */
export interface Deps {
  /** The database of this request: the directory's, or a county's once the HTTP layer has routed it. */
  db: Db;
  /** Where each county's records live (one database unless a routing table is configured). */
  router: Router;
  /** Key of the keyed hash that indexes persons by ID number in the directory (routed deployments). */
  idKey?: string;
  clock: Clock;
  ids: IdFactory;
  /** Signs certificates (the active key) and verifies them (active and retired keys). */
  keyring: Keyring;
  /** The public address of the registry: certificates' QR codes link to its verification page. Unset: the request's origin. */
  publicBaseUrl?: string;
  /**
   * Static files the service serves itself, keyed by file name — the offline API reference's (/docs:
   * swagger-ui-bundle.js, swagger-ui.css) and the console's library (htmx.min.js) — so that nothing is fetched from
   * another host; absent where not served.
   */
  asset?: (name: string) => Promise<{ body: string; contentType: string } | null>;
  /** County imports (POST /v1/imports): Node only; absent on Workers, where the routes answer 501. */
  imports?: ImportJobsPort;
}
