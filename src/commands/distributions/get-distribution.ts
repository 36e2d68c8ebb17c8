import { DomainError } from "../../domain/errors.js";
import { findDistribution, linesOf } from "../../storage/distributions.js";
import { findPersons } from "../../storage/persons.js";
import { visibleCollective } from "../collectives/read-collectives.js";
import type { CommandContext } from "../context.js";
import { distributionView } from "./view.js";

/** A distribution with every line and its paid/unpaid totals, to whoever sees the collective. */
export async function getDistribution(ctx: CommandContext, code: string, id: string) {
  const { distribution, lines, people, collective } = await loadDistribution(ctx, code, id);
  return distributionView(distribution, lines, people, collective);
}

/** The distribution, its lines and the names of its holders; distribution_not_found outside the caller's sight. */
export async function loadDistribution(ctx: CommandContext, code: string, id: string) {
  const collective = await visibleCollective(ctx, code);
  const { db } = ctx.deps;
  const distribution = await findDistribution(db, code, id);
  if (!distribution) throw new DomainError("distribution_not_found", `No distribution ${id} of ${code}.`);
  const lines = await linesOf(db, id);
  const people = await findPersons(db, lines.flatMap((l) => (l.personId ? [l.personId] : [])));
  return { collective, distribution, lines, people };
}
