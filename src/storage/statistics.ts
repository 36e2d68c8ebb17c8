import { sql, type SQL } from "drizzle-orm";
import type { Db } from "./db.js";

/**
 * Aggregates over the collectives of a region in one database (GET /v1/statistics). Every sum is an integer sum of
 * the smallest unit (1/10,000 mu or share, 1/100 m², fen), read back as text and kept as a bigint, so that sums of
 * a province stay exact. Each query starts from the collectives in scope and reaches its rows through an index:
 * memberships_one_active, plots_collective_key, contract_plots_one_active_contract, equity_holdings' key,
 * applications_collective_status, household_registrations_person, household_members_one_household,
 * land_contracts_contractor, contract_plots_contract, and homesteads through their households
 * (households_collective_key, then homesteads_household). Only the collectives themselves are scanned: a county
 * holds a few hundred.
 */
export interface StatisticsScope {
  regionPrefix: string;
  /** Narrow to this one collective (a registrar's). */
  collectiveCode: string | null;
}

export interface ApplicationCount {
  kind: "transfer" | "withdrawal";
  subject: string;
  status: string;
  count: number;
  amountFen: bigint;
}

export interface RegionTotals {
  collectives: number;
  activeMembers: number;
  withUrbanHukou: number;
  withUrbanHukouHoldingRights: number;
  plots: number;
  contractedPlots: number;
  plotAreaMuE4: bigint;
  contractedAreaMuE4: bigint;
  activeHomesteads: number;
  homesteadAreaM2E2: bigint;
  sharesIssuedE4: bigint;
  sharesOfPersonsE4: bigint;
  sharesOfCollectiveE4: bigint;
  applications: ApplicationCount[];
}

function inScope(scope: StatisticsScope): SQL {
  const code = scope.collectiveCode === null ? sql`` : sql` AND code = ${scope.collectiveCode}`;
  return sql`(SELECT code FROM collectives WHERE region_code LIKE ${`${scope.regionPrefix}%`}${code})`;
}

const int = (v: unknown) => Number(v ?? 0);
const big = (v: unknown) => BigInt(String(v ?? "0"));

export async function regionTotals(db: Db, scope: StatisticsScope, asOf: string): Promise<RegionTotals> {
  const collectives = inScope(scope);
  const [counted, members, plots, homesteads, shares, applications] = await Promise.all([
    db.get<Record<string, unknown>>(sql`SELECT COUNT(*) AS n FROM ${collectives} AS c`),
    db.get<Record<string, unknown>>(sql`
      WITH active AS MATERIALIZED (
        SELECT m.collective_code, m.person_id,
          (SELECT hr.kind FROM household_registrations hr WHERE hr.person_id = m.person_id AND hr.effective_on <= ${asOf}
           ORDER BY hr.effective_on DESC, hr.recorded_at_ms DESC, hr.id DESC LIMIT 1) AS hukou
        FROM memberships m WHERE m.status = 'active' AND m.collective_code IN ${collectives}
      )
      SELECT COUNT(*) AS active,
        COALESCE(SUM(hukou = 'urban'), 0) AS urban,
        COALESCE(SUM(hukou = 'urban' AND (
          EXISTS (SELECT 1 FROM household_members hm
            JOIN land_contracts lc ON lc.contractor_code = hm.contractor_code AND lc.status = 'active'
            JOIN contract_plots cp ON cp.contract_code = lc.contract_code AND cp.status = 'active'
            WHERE hm.collective_code = a.collective_code AND hm.person_id = a.person_id AND hm.status = 'active')
          OR EXISTS (SELECT 1 FROM household_members hm
            JOIN homesteads h ON h.contractor_code = hm.contractor_code AND h.status = 'active'
            WHERE hm.collective_code = a.collective_code AND hm.person_id = a.person_id AND hm.status = 'active')
          OR EXISTS (SELECT 1 FROM equity_holdings eh
            WHERE eh.collective_code = a.collective_code AND eh.account = a.person_id AND eh.shares_e4 > 0)
        )), 0) AS urban_holding
      FROM active a`),
    db.get<Record<string, unknown>>(sql`
      WITH p AS MATERIALIZED (
        SELECT p.area_mu_e4, EXISTS (SELECT 1 FROM contract_plots cp WHERE cp.plot_code = p.plot_code AND cp.status = 'active') AS contracted
        FROM plots p WHERE p.collective_code IN ${collectives}
      )
      SELECT COUNT(*) AS n, COALESCE(SUM(contracted), 0) AS contracted,
        CAST(COALESCE(SUM(area_mu_e4), 0) AS TEXT) AS area, CAST(COALESCE(SUM(CASE WHEN contracted THEN area_mu_e4 END), 0) AS TEXT) AS contracted_area
      FROM p`),
    db.get<Record<string, unknown>>(sql`
      SELECT COUNT(*) AS n, CAST(COALESCE(SUM(area_m2_e2), 0) AS TEXT) AS area
      FROM homesteads WHERE status = 'active'
        AND contractor_code IN (SELECT contractor_code FROM households WHERE collective_code IN ${collectives})`),
    db.get<Record<string, unknown>>(sql`
      SELECT CAST(COALESCE(-SUM(CASE WHEN account = '@issued' THEN shares_e4 END), 0) AS TEXT) AS issued,
        CAST(COALESCE(SUM(CASE WHEN account = '@collective' THEN shares_e4 END), 0) AS TEXT) AS collective,
        CAST(COALESCE(SUM(CASE WHEN account NOT LIKE '@%' THEN shares_e4 END), 0) AS TEXT) AS persons
      FROM equity_holdings WHERE collective_code IN ${collectives}`),
    db.all<Record<string, unknown>>(sql`
      SELECT kind, subject, status, COUNT(*) AS n, CAST(SUM(amount_fen) AS TEXT) AS amount
      FROM applications WHERE collective_code IN ${collectives}
      GROUP BY kind, subject, status ORDER BY kind, subject, status`),
  ]);
  return {
    collectives: int(counted?.n),
    activeMembers: int(members?.active),
    withUrbanHukou: int(members?.urban),
    withUrbanHukouHoldingRights: int(members?.urban_holding),
    plots: int(plots?.n),
    contractedPlots: int(plots?.contracted),
    plotAreaMuE4: big(plots?.area),
    contractedAreaMuE4: big(plots?.contracted_area),
    activeHomesteads: int(homesteads?.n),
    homesteadAreaM2E2: big(homesteads?.area),
    sharesIssuedE4: big(shares?.issued),
    sharesOfPersonsE4: big(shares?.persons),
    sharesOfCollectiveE4: big(shares?.collective),
    applications: applications.map((r) => ({
      kind: r.kind as ApplicationCount["kind"],
      subject: String(r.subject),
      status: String(r.status),
      count: int(r.n),
      amountFen: big(r.amount),
    })),
  };
}
