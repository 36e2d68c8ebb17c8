import { holdingsOf } from "../../storage/equity.js";
import { findPersons } from "../../storage/persons.js";
import { visibleCollective } from "../collectives/read-collectives.js";
import type { CommandContext } from "../context.js";
import { capTable } from "./cap-table.js";

export async function getCapTable(ctx: CommandContext, code: string) {
  await visibleCollective(ctx, code);
  const rows = await holdingsOf(ctx.deps.db, code);
  const people = await findPersons(ctx.deps.db, rows.map((r) => r.account).filter((a) => !a.startsWith("@")));
  return capTable(code, rows, people);
}
