import type { Db } from "./db.js";

/**
 * Where each county's records live. A routing table maps region-code prefixes to databases (longest prefix wins);
 * counties under no prefix, and what is global (tokens, the person index), live in the directory database. With no
 * table — the default — everything is one database.
 */
export interface CountyRoute {
  prefix: string;
  name: string;
  db: Db;
}

export class Router {
  private readonly routes: CountyRoute[];

  constructor(
    readonly directory: Db,
    routes: CountyRoute[] = [],
  ) {
    this.routes = [...routes].sort((a, b) => b.prefix.length - a.prefix.length);
  }

  get routed(): boolean {
    return this.routes.length > 0;
  }

  /** The database of a county (6 digits), or the directory's for an unknown or unrouted county. */
  forCounty(county: string | null): Db {
    if (!county) return this.directory;
    return this.routes.find((r) => county.startsWith(r.prefix))?.db ?? this.directory;
  }

  countyRoutes(): readonly CountyRoute[] {
    return this.routes;
  }


  /** Every distinct database that may hold counties under `prefix` (2–12 digits, or "" for all). */
  databasesUnder(prefix: string): { name: string; db: Db }[] {
    // Finer routes inside the prefix, plus whatever holds the rest of it: the longest route covering the prefix
    // (routes are sorted longest first), or the directory where none does.
    const finer = this.routes.filter((r) => r.prefix.length > prefix.length && r.prefix.startsWith(prefix));
    const covering = this.routes.find((r) => prefix.startsWith(r.prefix)) ?? { prefix: "", name: "directory", db: this.directory };
    const all = [...finer, covering];
    const seen = new Set<Db>();
    return all.filter((r) => (seen.has(r.db) ? false : (seen.add(r.db), true))).map((r) => ({ name: r.name, db: r.db }));
  }
}

/**
 * Runs a read against several databases at once, each within `timeoutMs`. A database that fails or does not
 * answer in time is named in `unavailable`; the answers of the others are kept.
 */
export async function fanOut<T>(targets: { name: string; db: Db }[], run: (db: Db) => Promise<T>, timeoutMs = 3000) {
  const settled = await Promise.all(
    targets.map(async (t) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error("timeout")), timeoutMs);
      });
      try {
        return { name: t.name, ok: true as const, value: await Promise.race([run(t.db), timeout]) };
      } catch {
        return { name: t.name, ok: false as const };
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return {
    results: settled.flatMap((s) => (s.ok ? [{ name: s.name, value: s.value }] : [])),
    unavailable: settled.filter((s) => !s.ok).map((s) => s.name),
  };
}
