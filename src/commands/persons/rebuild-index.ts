import { indexPerson } from "../../storage/directory.js";
import { allPersons } from "../../storage/persons.js";
import type { CommandContext } from "../context.js";
import { documentHash } from "./directory.js";

/**
 * Rebuilds the directory's person index from the county databases (the index is a cache, never the record):
 * every person row of every county database is indexed under that database's counties. Idempotent.
 */
export async function rebuildPersonIndex(ctx: CommandContext): Promise<{ indexed: number }> {
  const { router, clock } = ctx.deps;
  if (!router.routed) return { indexed: 0 };
  let indexed = 0;
  for (const route of router.countyRoutes()) {
    for (const person of await allPersons(route.db)) {
      const county = countyOfRows(route.prefix, person.id);
      await indexPerson(router.directory, { documentHash: await documentHash(ctx, person.idType, person.idNumber), county, personId: person.id, indexedAtMs: clock.nowMs() });
      indexed++;
    }
  }
  return { indexed };
}

/** A route's prefix may be shorter than a county: the person's own county is used where the route covers it. */
function countyOfRows(prefix: string, personId: string): string {
  const own = /^prs_(\d{6})_/.exec(personId)?.[1];
  return own && own.startsWith(prefix) ? own : prefix.padEnd(6, "0");
}
