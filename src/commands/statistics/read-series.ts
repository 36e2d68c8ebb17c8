import { Decimal } from "decimal.js";
import type { Actor } from "../../domain/access.js";
import { DomainError } from "../../domain/errors.js";
import { countyOfCollective } from "../../domain/routing.js";
import { invariant } from "../../lib/invariant.js";
import { findCollective } from "../../storage/collectives.js";
import type { Db } from "../../storage/db.js";
import { fanOut } from "../../storage/router.js";
import { monthlyRegistrations, sharesByResidence, type MonthlyRegistrations, type SeriesScope, type SharesByResidence } from "../../storage/series.js";
import type { CommandContext } from "../context.js";

/** A window asked without both ends spans this many months; no window spans more than MAX_SERIES_MONTHS. */
export const DEFAULT_SERIES_MONTHS = 24;
export const MAX_SERIES_MONTHS = 120;

export interface SeriesQuery {
  regionPrefix?: string;
  /** First month, YYYY-MM (default: 23 months before `to`). */
  from?: string;
  /** Last month, YYYY-MM (default: 23 months after `from`, or the current month in China Standard Time). */
  to?: string;
}

type Subject = MonthlyRegistrations["subject"];
const SUBJECTS: Subject[] = ["equity", "land-contract", "homestead"];
const KEY: Record<Subject, "equity" | "landContract" | "homestead"> = { equity: "equity", "land-contract": "landContract", homestead: "homestead" };

/**
 * The reform over time for a region: registered transfers and withdrawals per month (of the registration date,
 * China Standard Time), counted and summed exactly, by subject; and who holds the shares today — members whose
 * hukou is urban (moved to a city), other members, persons who are no longer members, the collectives themselves.
 * Scope as GET /v1/statistics: admin any prefix (none: everything); a bureau the intersection of the prefix asked
 * and its own (a disjoint prefix counts nothing); a registrar its own collective if it lies under the prefix;
 * holders are refused. The county databases under the prefix answer at once; one that does not is named.
 */
export async function readSeries(ctx: CommandContext, query: SeriesQuery) {
  const { actor, deps } = ctx;
  if (actor.role === "holder") throw new DomainError("forbidden", "A holder token reads its own rights, not a region's statistics.");
  const asOf = deps.clock.today();
  const window = seriesWindow(asOf, query);
  const [fromDate, toDate] = [`${window.from}-01`, `${window.to}-31`];
  const scoped = await scopeOf(ctx, actor, query.regionPrefix);
  const read = async (db: Db, scope: SeriesScope) => ({
    months: await monthlyRegistrations(db, scope, fromDate, toDate),
    shares: await sharesByResidence(db, scope, asOf),
  });
  if (!scoped.scope) return seriesView(scoped.prefix, window, asOf, [], []);
  if (!deps.router.routed || scoped.db) return seriesView(scoped.prefix, window, asOf, [await read(scoped.db ?? deps.db, scoped.scope)], []);
  const scope = scoped.scope;
  const { results, unavailable } = await fanOut(deps.router.databasesUnder(scoped.prefix), (db) => read(db, scope));
  return seriesView(
    scoped.prefix,
    window,
    asOf,
    results.map((r) => r.value),
    unavailable,
  );
}

/** The prefix answered and what to count: nothing (null scope), one collective's database, or the region's. */
async function scopeOf(ctx: CommandContext, actor: Actor, asked: string | undefined): Promise<{ prefix: string; scope: SeriesScope | null; db?: Db }> {
  if (actor.role === "registrar") {
    if (!actor.collectiveCode) return { prefix: asked ?? "", scope: null };
    const db = ctx.deps.router.forCounty(countyOfCollective(actor.collectiveCode));
    const own = await findCollective(db, actor.collectiveCode);
    const prefix = asked ?? own?.regionCode ?? "";
    return own && own.regionCode.startsWith(prefix) ? { prefix, scope: { regionPrefix: prefix, collectiveCode: own.code }, db } : { prefix, scope: null };
  }
  let prefix = asked ?? (actor.role === "bureau" ? (actor.regionPrefix ?? "") : "");
  if (actor.role === "bureau") {
    const own = actor.regionPrefix ?? "";
    if (own.startsWith(prefix)) prefix = own;
    else if (!prefix.startsWith(own)) return { prefix, scope: null };
  }
  return { prefix, scope: { regionPrefix: prefix, collectiveCode: null } };
}

/** The months asked, both ends included; see SeriesQuery for the defaults. */
export function seriesWindow(today: string, query: Pick<SeriesQuery, "from" | "to">): { from: string; to: string; months: string[] } {
  const month = /^\d{4}-(0[1-9]|1[0-2])$/;
  invariant(query.from === undefined || month.test(query.from), "from is a month YYYY-MM (checked by the route)");
  invariant(query.to === undefined || month.test(query.to), "to is a month YYYY-MM (checked by the route)");
  const span = DEFAULT_SERIES_MONTHS - 1;
  const to = query.to ?? (query.from ? addMonths(query.from, span) : today.slice(0, 7));
  const from = query.from ?? addMonths(to, -span);
  const count = monthIndex(to) - monthIndex(from) + 1;
  invariant(count >= 1 && count <= MAX_SERIES_MONTHS, `a window of 1 to ${MAX_SERIES_MONTHS} months (checked by the route)`);
  return { from, to, months: Array.from({ length: count }, (_, i) => addMonths(from, i)) };
}

const monthIndex = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
function addMonths(m: string, n: number): string {
  const i = monthIndex(m) + n;
  return `${String(Math.floor(i / 12)).padStart(4, "0")}-${String((i % 12) + 1).padStart(2, "0")}`;
}

/** Months a `from`–`to` window spans, both ends included (0 or less when `to` is before `from`). */
export const monthsBetween = (from: string, to: string) => monthIndex(to) - monthIndex(from) + 1;

interface Part {
  months: MonthlyRegistrations[];
  shares: SharesByResidence;
}

function seriesView(regionPrefix: string, window: { from: string; to: string; months: string[] }, asOf: string, parts: Part[], unavailable: string[]) {
  const cells = new Map<string, { count: number; fen: bigint }>();
  for (const row of parts.flatMap((p) => p.months)) {
    const key = `${row.kind}|${row.subject}|${row.month}`;
    const seen = cells.get(key) ?? { count: 0, fen: 0n };
    cells.set(key, { count: seen.count + row.count, fen: seen.fen + row.amountFen });
  }
  const kindIn = (kind: MonthlyRegistrations["kind"], months: string[]) => {
    const bySubject = SUBJECTS.map((subject) => {
      const cell = months.reduce((acc, m) => {
        const c = cells.get(`${kind}|${subject}|${m}`);
        return c ? { count: acc.count + c.count, fen: acc.fen + c.fen } : acc;
      }, { count: 0, fen: 0n });
      return [subject, cell] as const;
    });
    const all = bySubject.reduce((acc, [, c]) => ({ count: acc.count + c.count, fen: acc.fen + c.fen }), { count: 0, fen: 0n });
    const line = (c: { count: number; fen: bigint }) => ({ count: c.count, amountSum: exact(c.fen, 2, 2) });
    return { all: line(all), ...Object.fromEntries(bySubject.map(([s, c]) => [KEY[s], line(c)])) } as Record<"all" | "equity" | "landContract" | "homestead", { count: number; amountSum: string }>;
  };
  const shares = (pick: (s: SharesByResidence) => bigint) => exact(parts.reduce((n, p) => n + pick(p.shares), 0n), 4, 0);
  const holdings = (pick: (s: SharesByResidence) => number) => parts.reduce((n, p) => n + pick(p.shares), 0);
  return {
    regionPrefix,
    from: window.from,
    to: window.to,
    asOf,
    months: window.months.map((month) => ({ month, transfers: kindIn("transfer", [month]), withdrawals: kindIn("withdrawal", [month]) })),
    totals: { transfers: kindIn("transfer", window.months), withdrawals: kindIn("withdrawal", window.months) },
    sharesByResidence: {
      asOf,
      membersWithUrbanHukou: { shares: shares((s) => s.urbanMembersE4), holdings: holdings((s) => s.urbanMemberHoldings) },
      otherMembers: { shares: shares((s) => s.otherMembersE4), holdings: holdings((s) => s.otherMemberHoldings) },
      nonMembers: { shares: shares((s) => s.nonMembersE4), holdings: holdings((s) => s.nonMemberHoldings) },
      collectives: { shares: shares((s) => s.collectiveE4) },
    },
    partial: unavailable.length > 0,
    unavailable,
  };
}

/** Integer units → decimal string, exact for sums beyond 2^53 too. */
function exact(units: bigint, scale: number, minPlaces: number): string {
  const value = new Decimal(units.toString()).dividedBy(new Decimal(10).pow(scale));
  return value.toFixed(Math.max(minPlaces, value.decimalPlaces()));
}

export type StatisticsSeries = Awaited<ReturnType<typeof readSeries>>;
