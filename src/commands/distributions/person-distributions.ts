import { seesCollective } from "../../domain/access.js";
import { DomainError } from "../../domain/errors.js";
import { formatShares, formatYuan } from "../../domain/quantities.js";
import { countyOfId } from "../../domain/routing.js";
import type { Db } from "../../storage/db.js";
import { linesOfPerson } from "../../storage/distributions.js";
import { findPerson } from "../../storage/persons.js";
import { fanOut } from "../../storage/router.js";
import type { CommandContext } from "../context.js";
import { countiesOf } from "../persons/directory.js";
import { visiblePersonRecords } from "../persons/read-persons.js";

/**
 * A holder's dividends across collectives: every line of every distribution paid to the person, with totals. A
 * holder sees their own; a registrar and a bureau the lines of collectives they see (404 when they see none of the
 * person's records), admin all — as for the person's rights. With county databases, every county that holds
 * records of the person answers at once; a silent one is named in `unavailable`.
 */
export async function getPersonDistributions(ctx: CommandContext, personId: string) {
  const { router } = ctx.deps;
  if (!router.routed) return answer([await linesIn(ctx, personId)], []);
  const home = await findPerson(ctx.deps.db, personId);
  if (!home) throw new DomainError("person_not_found", `No person ${personId} in your scope.`);
  const counties = new Set([countyOfId(personId), ...(await countiesOf(ctx, home.idType, home.idNumber)).map((e) => e.county)]);
  const seen = new Set<Db>();
  const targets = [...counties]
    .map((county) => ({ name: county ?? "directory", db: router.forCounty(county) }))
    .filter((t) => (seen.has(t.db) ? false : (seen.add(t.db), true)));
  const { results, unavailable } = await fanOut(targets, (db) =>
    linesIn({ ...ctx, deps: { ...ctx.deps, db } }, personId).catch((error: unknown) => {
      if (error instanceof DomainError && error.code === "person_not_found") return null;
      throw error;
    }),
  );
  const parts = results.flatMap((r) => (r.value ? [r.value] : []));
  if (parts.length === 0) {
    if (unavailable.length > 0) throw new DomainError("county_unavailable", `The database of ${unavailable.join(", ")} did not answer; try again.`);
    throw new DomainError("person_not_found", `No person ${personId} in your scope.`);
  }
  return answer(parts, unavailable);
}

type Part = Awaited<ReturnType<typeof linesIn>>;

function answer(parts: Part[], unavailable: string[]) {
  const first = parts[0]!;
  const lines = parts
    .flatMap((p) => p.lines)
    .sort((a, b) => (a.recordDate !== b.recordDate ? (a.recordDate < b.recordDate ? 1 : -1) : a.collectiveCode.localeCompare(b.collectiveCode) || a.distributionId.localeCompare(b.distributionId)));
  const amountFen = lines.reduce((sum, l) => sum + l.amountFen, 0);
  const paidFen = lines.reduce((sum, l) => sum + (l.paidOn === null ? 0 : l.amountFen), 0);
  return {
    personId: first.personId,
    name: first.name,
    lines: lines.map(({ amountFen: _fen, ...line }) => line),
    totals: { amount: formatYuan(amountFen), paid: formatYuan(paidFen), unpaid: formatYuan(amountFen - paidFen) },
    partial: unavailable.length > 0,
    unavailable,
  };
}

/** The person's lines in the distributions of one database, as far as the caller may see them. */
async function linesIn(ctx: CommandContext, personId: string) {
  const person = await visiblePersonRecords(ctx, personId);
  const rows = await linesOfPerson(ctx.deps.db, personId);
  const { actor } = ctx;
  const visible = rows.filter((r) => actor.role === "holder" || seesCollective(actor, { code: r.line.collectiveCode, regionCode: r.regionCode }));
  return {
    personId: person.id,
    name: person.name,
    lines: visible.map((r) => ({
      collectiveCode: r.line.collectiveCode,
      collectiveName: r.collectiveName,
      distributionId: r.line.distributionId,
      recordDate: r.recordDate,
      description: r.description,
      lineNo: r.line.lineNo,
      shares: formatShares(r.line.sharesE4),
      amount: formatYuan(r.line.amountFen),
      amountFen: r.line.amountFen,
      paidOn: r.line.paidOn,
    })),
  };
}
