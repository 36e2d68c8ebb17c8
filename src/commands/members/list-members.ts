import { membershipsOfCollective } from "../../storage/memberships.js";
import { currentHukou, findPersons } from "../../storage/persons.js";
import { invariant } from "../../lib/invariant.js";
import { visibleCollective } from "../collectives/read-collectives.js";
import type { CommandContext } from "../context.js";
import { memberView } from "./view.js";

/** The member roster (成员名册), as the caller may see it. */
export async function listMembers(ctx: CommandContext, code: string, status: "active" | "ended" | "all") {
  await visibleCollective(ctx, code);
  const { db } = ctx.deps;
  const rows = await membershipsOfCollective(db, code, status);
  const ids = rows.map((r) => r.personId);
  const [people, hukou] = await Promise.all([findPersons(db, ids), currentHukou(db, ids)]);
  return rows.map((row) => {
    const person = people.get(row.personId);
    invariant(person, "a membership references a person");
    return memberView(row, person, hukou.get(row.personId), ctx.actor);
  });
}
