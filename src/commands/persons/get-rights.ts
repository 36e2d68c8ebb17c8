import { seesCollective } from "../../domain/access.js";
import { formatShares, percentOf } from "../../domain/quantities.js";
import { holdingsIn, holdingsOfPerson, ISSUED_ACCOUNT } from "../../storage/equity.js";
import { activeHomesteadsOf } from "../../storage/homesteads.js";
import { householdTiesOfPerson } from "../../storage/households.js";
import { activePlotsOfContracts, contractsOfHouseholds } from "../../storage/land.js";
import { membershipsOfPerson } from "../../storage/memberships.js";
import { collectivesOfPerson } from "../../storage/rights.js";
import type { CommandContext } from "../context.js";
import { DomainError } from "../../domain/errors.js";
import { countyOfId } from "../../domain/routing.js";
import type { Db } from "../../storage/db.js";
import { findPerson } from "../../storage/persons.js";
import { fanOut } from "../../storage/router.js";
import { countiesOf } from "./directory.js";
import { homesteadView } from "../homesteads/view.js";
import { contractView } from "../land/view.js";
import { visiblePersonRecords } from "./read-persons.js";
import { asOfOf, titlesHeldBy } from "../titles/read-titles.js";
import type { AsOf } from "../titles/view.js";

/**
 * Everything a person holds, in one answer: memberships, households, land contracts with plots, homesteads and
 * equity. A holder sees all of their own; a registrar and a bureau see the part inside their scope (404 when no
 * part is). Hukou is not an input here: the answer is the same wherever the person's hukou is.
 */
export async function getPersonRights(ctx: CommandContext, personId: string, query: { asOf?: string; recordedAsOf?: string } = {}) {
  const { router } = ctx.deps;
  const at = query.asOf !== undefined || query.recordedAsOf !== undefined ? asOfOf(ctx, query) : null;
  if (!router.routed) return { ...(await rightsIn(ctx, personId, at)), partial: false, unavailable: [] as string[] };
  // Routed: every county database that holds records of the person answers its part, at once.
  const home = await findPerson(ctx.deps.db, personId);
  if (!home) throw new DomainError("person_not_found", `No person ${personId} in your scope.`);
  const counties = new Set([countyOfId(personId), ...(await countiesOf(ctx, home.idType, home.idNumber)).map((e) => e.county)]);
  const seen = new Set<Db>();
  const targets = [...counties]
    .map((county) => ({ name: county ?? "directory", db: router.forCounty(county) }))
    .filter((t) => (seen.has(t.db) ? false : (seen.add(t.db), true)));
  const { results, unavailable } = await fanOut(targets, (db) =>
    rightsIn({ ...ctx, deps: { ...ctx.deps, db } }, personId, at).catch((error: unknown) => {
      if (error instanceof DomainError && error.code === "person_not_found") return null;
      throw error;
    }),
  );
  const parts = results.flatMap((r) => (r.value ? [r.value] : []));
  const first = parts[0];
  if (!first) {
    if (unavailable.length > 0) throw new DomainError("county_unavailable", `The database of ${unavailable.join(", ")} did not answer; try again.`);
    throw new DomainError("person_not_found", `No person ${personId} in your scope.`);
  }
  return {
    personId: first.personId,
    name: first.name,
    memberships: parts.flatMap((p) => p.memberships),
    households: parts.flatMap((p) => p.households),
    landContracts: parts.flatMap((p) => p.landContracts),
    homesteads: parts.flatMap((p) => p.homesteads),
    equity: parts.flatMap((p) => p.equity),
    ...(at ? { ...at, titles: parts.flatMap((p) => p.titles ?? []) } : {}),
    partial: unavailable.length > 0,
    unavailable,
  };
}

/** The rights a person holds in the collectives of one database, as far as the caller may see them. */
async function rightsIn(ctx: CommandContext, personId: string, at: AsOf | null) {
  const person = await visiblePersonRecords(ctx, personId);
  const { db } = ctx.deps;
  const collectives = await collectivesOfPerson(db, personId);
  const inScope = new Set(
    collectives.filter((c) => ctx.actor.role === "holder" || seesCollective(ctx.actor, c)).map((c) => c.code),
  );
  const names = new Map(collectives.map((c) => [c.code, c.name]));
  const [memberships, ties, holdings] = await Promise.all([membershipsOfPerson(db, personId), householdTiesOfPerson(db, personId), holdingsOfPerson(db, personId)]);
  const visibleTies = ties.filter((t) => inScope.has(t.collectiveCode));
  const householdCodes = visibleTies.map((t) => t.contractorCode);
  const [contracts, homesteads, totals] = await Promise.all([
    contractsOfHouseholds(db, householdCodes),
    activeHomesteadsOf(db, householdCodes),
    holdingsIn(db, [...inScope]),
  ]);
  const activeContracts = contracts.filter((c) => c.status === "active");
  const plotRows = await activePlotsOfContracts(db, activeContracts.map((c) => c.contractCode));
  const issued = new Map(totals.filter((t) => t.account === ISSUED_ACCOUNT).map((t) => [t.collectiveCode, -t.sharesE4]));
  const titles = at ? await titlesHeldBy(db, [personId, ...householdCodes], at, inScope) : null;

  return {
    personId: person.id,
    name: person.name,
    memberships: memberships
      .filter((m) => inScope.has(m.collectiveCode))
      .map((m) => ({
        collectiveCode: m.collectiveCode,
        collectiveName: names.get(m.collectiveCode) ?? null,
        status: m.status,
        joinedOn: m.joinedOn,
        basis: m.basis,
        endedOn: m.endedOn,
        endReason: m.endReason,
      })),
    households: visibleTies.map((t) => ({
      contractorCode: t.contractorCode,
      collectiveCode: t.collectiveCode,
      relation: t.relation,
      relationCode: t.relationCode,
      coHolder: t.coHolder,
    })),
    landContracts: activeContracts.map((c) => contractView(c, plotRows.filter((p) => p.contractCode === c.contractCode).map((p) => p.plot))),
    homesteads: homesteads.map(homesteadView),
    equity: holdings
      .filter((h) => inScope.has(h.collectiveCode) && (h.sharesE4 > 0 || h.reservedE4 > 0))
      .map((h) => ({
        collectiveCode: h.collectiveCode,
        shares: formatShares(h.sharesE4),
        reservedShares: formatShares(h.reservedE4),
        percent: percentOf(h.sharesE4, issued.get(h.collectiveCode) ?? 0),
      })),
    ...(at && titles ? { ...at, titles } : {}),
  };
}
