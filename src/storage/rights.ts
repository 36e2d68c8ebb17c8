import { inArray } from "drizzle-orm";
import { collectives } from "../../schema/index.js";
import { whereIn } from "./chunks.js";
import type { Db } from "./db.js";
import { holdingsOfPerson } from "./equity.js";
import { householdTiesOfPerson } from "./households.js";
import { membershipsOfPerson } from "./memberships.js";

/** Every collective in which the person has a membership, a household or a holding. */
export async function collectivesOfPerson(db: Db, personId: string) {
  const [memberships, ties, holdings] = await Promise.all([
    membershipsOfPerson(db, personId),
    householdTiesOfPerson(db, personId),
    holdingsOfPerson(db, personId),
  ]);
  const codes = [...new Set([...memberships, ...ties, ...holdings].map((r) => r.collectiveCode))];
  if (codes.length === 0) return [];
  return whereIn(codes, (part) =>
    db.select({ code: collectives.code, regionCode: collectives.regionCode, name: collectives.name }).from(collectives).where(inArray(collectives.code, part)),
  );
}
