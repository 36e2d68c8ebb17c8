import type { BatchItem } from "drizzle-orm/batch";
import { countyOfId } from "../../domain/routing.js";
import { invariant } from "../../lib/invariant.js";
import { hmacHex } from "../../lib/hash.js";
import { persons } from "../../../schema/index.js";
import { countiesOfDocument, indexPerson } from "../../storage/directory.js";
import { findPerson, type PersonRow } from "../../storage/persons.js";
import type { CommandContext } from "../context.js";

/**
 * Persons across county databases. A person is registered in one county (the county is in the id); when another
 * county's collective records them (a membership, a household), the person's row is copied into that county's
 * database in the same batch, and the directory's index learns that the county holds records of the person.
 * With one database (the default) none of this does anything.
 */
export async function documentHash(ctx: CommandContext, idType: string, idNumber: string): Promise<string> {
  invariant(ctx.deps.idKey, "a routed deployment is configured with REGISTRY_ID_KEY");
  return hmacHex(ctx.deps.idKey, `${idType}:${idNumber}`);
}

/** After the county's commit: index the person's document under the county (idempotent, a cache). */
export async function indexInDirectory(ctx: CommandContext, person: PersonRow, county: string | null): Promise<void> {
  const { router, clock } = ctx.deps;
  if (!router.routed || !county) return;
  await indexPerson(router.directory, {
    documentHash: await documentHash(ctx, person.idType, person.idNumber),
    county,
    personId: person.id,
    indexedAtMs: clock.nowMs(),
  });
}

/** The counties whose databases hold records of this document (routed deployments). */
export async function countiesOf(ctx: CommandContext, idType: string, idNumber: string) {
  return countiesOfDocument(ctx.deps.router.directory, await documentHash(ctx, idType, idNumber));
}

/**
 * The person as this county's database knows them; in a routed deployment a person of another county is read
 * from their home county and comes with the write that copies them here.
 */
export async function personInCounty(ctx: CommandContext, personId: string): Promise<{ person: PersonRow | null; copy: BatchItem<"sqlite"> | null }> {
  const { db, router } = ctx.deps;
  const local = await findPerson(db, personId);
  if (local || !router.routed) return { person: local, copy: null };
  const home = router.forCounty(countyOfId(personId));
  if (home === db) return { person: null, copy: null };
  const remote = await findPerson(home, personId);
  return remote ? { person: remote, copy: db.insert(persons).values(remote).onConflictDoNothing() } : { person: null, copy: null };
}
