import { Decimal } from "decimal.js";
import { DomainError } from "../../domain/errors.js";
import { countyOfCollective } from "../../domain/routing.js";
import { findCollective } from "../../storage/collectives.js";
import { fanOut } from "../../storage/router.js";
import { regionTotals, type ApplicationCount, type RegionTotals } from "../../storage/statistics.js";
import type { CommandContext } from "../context.js";

/**
 * The reform's numbers for a region: collectives, active members, how many of them hold an urban hukou today and
 * how many of those still hold rights, plots, homesteads, shares, and transfers and withdrawals by subject and
 * status. Scope: admin any prefix (none: everything); a bureau the intersection of the prefix asked and its own (a
 * prefix disjoint from its own counts nothing: zeros, as GET /v1/collectives answers an empty list); a registrar
 * its own collective, if it lies under the prefix; holders are refused. Sums of the county databases under the
 * prefix are added as integers of the smallest unit, then formatted.
 */
export async function readStatistics(ctx: CommandContext, query: { regionPrefix?: string }) {
  const { actor, deps } = ctx;
  if (actor.role === "holder") throw new DomainError("forbidden", "A holder token reads its own rights, not a region's statistics.");
  const asOf = deps.clock.today();
  if (actor.role === "registrar" && actor.collectiveCode) {
    const db = deps.router.forCounty(countyOfCollective(actor.collectiveCode));
    const own = await findCollective(db, actor.collectiveCode);
    const prefix = query.regionPrefix ?? own?.regionCode ?? "";
    const counted = own && own.regionCode.startsWith(prefix) ? [await regionTotals(db, { regionPrefix: prefix, collectiveCode: own.code }, asOf)] : [];
    return statisticsView(prefix, asOf, counted, []);
  }
  if (actor.role === "registrar") return statisticsView(query.regionPrefix ?? "", asOf, [], []);
  let prefix = query.regionPrefix ?? (actor.role === "bureau" ? (actor.regionPrefix ?? "") : "");
  if (actor.role === "bureau") {
    const own = actor.regionPrefix ?? "";
    if (own.startsWith(prefix)) prefix = own;
    else if (!prefix.startsWith(own)) return statisticsView(prefix, asOf, [], []);
  }
  const scope = { regionPrefix: prefix, collectiveCode: null };
  if (!deps.router.routed) return statisticsView(prefix, asOf, [await regionTotals(deps.db, scope, asOf)], []);
  const { results, unavailable } = await fanOut(deps.router.databasesUnder(prefix), (db) => regionTotals(db, scope, asOf));
  return statisticsView(
    prefix,
    asOf,
    results.map((r) => r.value),
    unavailable,
  );
}

function statisticsView(regionPrefix: string, asOf: string, parts: RegionTotals[], unavailable: string[]) {
  const count = (pick: (t: RegionTotals) => number) => parts.reduce((n, t) => n + pick(t), 0);
  const sum = (pick: (t: RegionTotals) => bigint) => parts.reduce((n, t) => n + pick(t), 0n);
  const applications = mergeApplications(parts.flatMap((t) => t.applications));
  const byKind = (kind: ApplicationCount["kind"]) =>
    applications.filter((a) => a.kind === kind).map((a) => ({ subject: a.subject, status: a.status, count: a.count, amountSum: exact(a.amountFen, 2, 2) }));
  return {
    regionPrefix,
    asOf,
    collectives: count((t) => t.collectives),
    members: {
      active: count((t) => t.activeMembers),
      withUrbanHukou: count((t) => t.withUrbanHukou),
      withUrbanHukouHoldingRights: count((t) => t.withUrbanHukouHoldingRights),
    },
    plots: {
      count: count((t) => t.plots),
      contracted: count((t) => t.contractedPlots),
      areaMu: exact(sum((t) => t.plotAreaMuE4), 4, 2),
      contractedAreaMu: exact(sum((t) => t.contractedAreaMuE4), 4, 2),
    },
    homesteads: { active: count((t) => t.activeHomesteads), areaM2: exact(sum((t) => t.homesteadAreaM2E2), 2, 2) },
    shares: {
      issued: exact(sum((t) => t.sharesIssuedE4), 4, 0),
      heldByMembers: exact(sum((t) => t.sharesOfPersonsE4), 4, 0),
      heldByCollective: exact(sum((t) => t.sharesOfCollectiveE4), 4, 0),
    },
    transfers: byKind("transfer"),
    withdrawals: byKind("withdrawal"),
    partial: unavailable.length > 0,
    unavailable,
  };
}

/** The same kind, subject and status from several databases: one line, counts and amounts added. */
function mergeApplications(rows: ApplicationCount[]): ApplicationCount[] {
  const merged = new Map<string, ApplicationCount>();
  for (const row of rows) {
    const key = `${row.kind}|${row.subject}|${row.status}`;
    const seen = merged.get(key);
    merged.set(key, seen ? { ...seen, count: seen.count + row.count, amountFen: seen.amountFen + row.amountFen } : row);
  }
  return [...merged.values()].sort((a, b) => (a.subject === b.subject ? a.status.localeCompare(b.status) : a.subject.localeCompare(b.subject)));
}

/** Integer units → decimal string (as fromUnits in domain/quantities.ts, for sums beyond 2^53 too). */
function exact(units: bigint, scale: number, minPlaces: number): string {
  const value = new Decimal(units.toString()).dividedBy(new Decimal(10).pow(scale));
  return value.toFixed(Math.max(minPlaces, value.decimalPlaces()));
}
