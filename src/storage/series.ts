import { sql, type SQL } from "drizzle-orm";
import type { Db } from "./db.js";

/**
 * Time series over the collectives of a region in one database (GET /v1/statistics/series): registered transfers
 * and withdrawals per month of `registered_on` (a legal date, China Standard Time, so its first 7 characters are the
 * month), counted and summed in fen; and who holds the shares today, by the holder's residence. Sums are integer
 * sums read back as text and kept as bigints, so that a province's sums stay exact. The applications are reached
 * through applications_collective_status (collective, status = 'registered'), the holdings through equity_holdings'
 * key, the hukou through household_registrations_person, memberships through memberships_one_active.
 */
export interface SeriesScope {
  regionPrefix: string;
  /** Narrow to this one collective (a registrar's). */
  collectiveCode: string | null;
}

export interface MonthlyRegistrations {
  kind: "transfer" | "withdrawal";
  subject: "equity" | "land-contract" | "homestead";
  /** YYYY-MM of registered_on. */
  month: string;
  count: number;
  amountFen: bigint;
}

/** Shares (1/10,000 units) held by persons, by residence and membership, and by the collectives themselves. */
export interface SharesByResidence {
  urbanMembersE4: bigint;
  urbanMemberHoldings: number;
  otherMembersE4: bigint;
  otherMemberHoldings: number;
  nonMembersE4: bigint;
  nonMemberHoldings: number;
  collectiveE4: bigint;
}

function inScope(scope: SeriesScope): SQL {
  const code = scope.collectiveCode === null ? sql`` : sql` AND code = ${scope.collectiveCode}`;
  return sql`(SELECT code FROM collectives WHERE region_code LIKE ${`${scope.regionPrefix}%`}${code})`;
}

const int = (v: unknown) => Number(v ?? 0);
const big = (v: unknown) => BigInt(String(v ?? "0"));

/** Registered applications per kind, subject and month, for registration dates from `fromDate` to `toDate` (inclusive). */
export async function monthlyRegistrations(db: Db, scope: SeriesScope, fromDate: string, toDate: string): Promise<MonthlyRegistrations[]> {
  const rows = await db.all<Record<string, unknown>>(sql`
    SELECT kind, subject, substr(registered_on, 1, 7) AS month, COUNT(*) AS n, CAST(SUM(amount_fen) AS TEXT) AS amount
    FROM applications
    WHERE collective_code IN ${inScope(scope)} AND status = 'registered' AND registered_on >= ${fromDate} AND registered_on <= ${toDate}
    GROUP BY kind, subject, month ORDER BY month, kind, subject`);
  return rows.map((r) => ({
    kind: r.kind as MonthlyRegistrations["kind"],
    subject: r.subject as MonthlyRegistrations["subject"],
    month: String(r.month),
    count: int(r.n),
    amountFen: big(r.amount),
  }));
}

/**
 * Shares held at the end of `asOf`'s day: by active members of the collective whose current hukou record (the
 * latest effective on or before `asOf`, as GET /v1/statistics reads it) is urban, by the other active members, by
 * persons who are not active members (heirs, members who left or died: shares stay until succession or transfer),
 * and by the collectives themselves (from withdrawals).
 */
export async function sharesByResidence(db: Db, scope: SeriesScope, asOf: string): Promise<SharesByResidence> {
  const collectives = inScope(scope);
  const [persons, own] = await Promise.all([
    db.get<Record<string, unknown>>(sql`
      WITH h AS MATERIALIZED (
        SELECT eh.shares_e4 AS shares,
          EXISTS (SELECT 1 FROM memberships m WHERE m.collective_code = eh.collective_code AND m.person_id = eh.account AND m.status = 'active') AS member,
          (SELECT hr.kind FROM household_registrations hr WHERE hr.person_id = eh.account AND hr.effective_on <= ${asOf}
           ORDER BY hr.effective_on DESC, hr.recorded_at_ms DESC, hr.id DESC LIMIT 1) AS hukou
        FROM equity_holdings eh WHERE eh.collective_code IN ${collectives} AND eh.account NOT LIKE '@%' AND eh.shares_e4 > 0
      )
      SELECT
        CAST(COALESCE(SUM(CASE WHEN member AND hukou = 'urban' THEN shares END), 0) AS TEXT) AS urban,
        COALESCE(SUM(member AND hukou = 'urban'), 0) AS urban_n,
        CAST(COALESCE(SUM(CASE WHEN member AND hukou IS NOT 'urban' THEN shares END), 0) AS TEXT) AS other,
        COALESCE(SUM(member AND hukou IS NOT 'urban'), 0) AS other_n,
        CAST(COALESCE(SUM(CASE WHEN NOT member THEN shares END), 0) AS TEXT) AS non_members,
        COALESCE(SUM(NOT member), 0) AS non_members_n
      FROM h`),
    db.get<Record<string, unknown>>(sql`
      SELECT CAST(COALESCE(SUM(shares_e4), 0) AS TEXT) AS own
      FROM equity_holdings WHERE collective_code IN ${collectives} AND account = '@collective'`),
  ]);
  return {
    urbanMembersE4: big(persons?.urban),
    urbanMemberHoldings: int(persons?.urban_n),
    otherMembersE4: big(persons?.other),
    otherMemberHoldings: int(persons?.other_n),
    nonMembersE4: big(persons?.non_members),
    nonMemberHoldings: int(persons?.non_members_n),
    collectiveE4: big(own?.own),
  };
}
