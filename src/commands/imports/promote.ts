/**
 * Making a validated package live: ONE batch (one transaction) of INSERT … SELECT from the staging tables, with the
 * journal row of each collective first (hash-chained on its stream, like every write), the import's records, and
 * the release of the locks. Rows marked `same` are left alone. Every CHECK, UNIQUE index and trigger of the live
 * tables is in force while it runs: if any fires, nothing of the package is live.
 */
import type { InStatement, InValue } from "@libsql/client";
import { DEFAULT_RULES, RULES_FROM_THE_BEGINNING } from "../../domain/rules.js";
import { canonicalContent, chainHash } from "../../storage/chain.js";
import type { NytTable } from "../../domain/nyt2539.js";
import { KEY_COLUMN, STAGE_TABLE } from "./stage.js";

export interface Stream {
  collectiveCode: string;
  issuerCode: string;
  streamSeq: number;
  prevHash: string;
  isNew: boolean;
  data: Record<string, unknown>;
}

export async function promoteStatements(importId: string, actor: string, nowMs: number, today: string, streams: Stream[]): Promise<InStatement[]> {
  const statements: InStatement[] = [];
  const stmt = (sql: string, ...args: InValue[]) => statements.push({ sql, args });

  for (const s of streams) {
    const content = {
      stream: s.collectiveCode,
      streamSeq: s.streamSeq,
      collectiveCode: s.collectiveCode,
      type: "collective.imported",
      actor,
      subject: s.issuerCode,
      dataJson: JSON.stringify({ importId, ...s.data }),
      recordedAtMs: nowMs,
    };
    const hash = await chainHash(s.prevHash, canonicalContent(content)!);
    stmt(
      `INSERT INTO journal (stream, stream_seq, collective_code, type, actor, subject, data_json, recorded_at_ms, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      content.stream,
      content.streamSeq,
      content.collectiveCode,
      content.type,
      actor,
      content.subject,
      content.dataJson,
      nowMs,
      s.prevHash,
      hash,
    );
  }
  const journalSeq = (alias: string) =>
    `(SELECT j.seq FROM import_stage_streams t JOIN journal j ON j.stream = t.collective_code AND j.stream_seq = t.stream_seq WHERE t.import_id = ${alias}.import_id AND t.issuer_code = ${alias}.issuer_code)`;
  const collectiveOf = (alias: string) => `(SELECT t.collective_code FROM import_stage_streams t WHERE t.import_id = ${alias}.import_id AND t.issuer_code = ${alias}.issuer_code)`;

  stmt(
    `INSERT INTO collectives (code, name, level, region_code, issuer_code, created_at_ms)
     SELECT credit_code, name, level, region_code, issuer_code, ? FROM import_stage_collectives WHERE import_id = ? AND state = 'new'`,
    nowMs,
    importId,
  );
  stmt(
    `INSERT INTO collective_rules (collective_code, version, effective_on, rules_json, resolution_ref, recorded_at_ms)
     SELECT credit_code, 1, ?, ?, NULL, ? FROM import_stage_collectives WHERE import_id = ? AND state = 'new'`,
    RULES_FROM_THE_BEGINNING,
    JSON.stringify(DEFAULT_RULES),
    nowMs,
    importId,
  );
  stmt(
    `INSERT INTO persons (id, id_type, id_number, name, sex, birth_date, created_at_ms)
     SELECT m.person_id, m.id_type, m.id_number, m.name, m.sex, m.birth_date, ? FROM import_stage_members m
     WHERE m.import_id = ? AND m.state = 'new' AND NOT EXISTS (SELECT 1 FROM persons p WHERE p.id_type = m.id_type AND p.id_number = m.id_number)`,
    nowMs,
    importId,
  );
  // Membership as the confirmation register shows it (RCEO Law Art. 66: registrations made before the law stay
  // valid): from the household contract's start, or from birth if later ('birth'); the deceased get none.
  stmt(
    `INSERT INTO memberships (id, collective_code, person_id, joined_on, basis, resolution_ref, status, created_at_ms)
     SELECT m.membership_id, ${collectiveOf("m")}, p.id, m.joined,
            CASE WHEN m.birth_date IS NOT NULL AND m.birth_date = m.joined AND m.joined > m.contract_start THEN 'birth' ELSE 'original' END,
            NULL, 'active', ?
     FROM (SELECT m.*, max(coalesce((SELECT min(c.starts_on) FROM import_stage_contracts c WHERE c.import_id = m.import_id AND c.contractor_code = m.contractor_code), ?), coalesce(m.birth_date, '')) AS joined,
                  coalesce((SELECT min(c.starts_on) FROM import_stage_contracts c WHERE c.import_id = m.import_id AND c.contractor_code = m.contractor_code), ?) AS contract_start
           FROM import_stage_members m WHERE m.import_id = ? AND m.state = 'new' AND m.deceased = 0) m
     JOIN persons p ON p.id_type = m.id_type AND p.id_number = m.id_number
     WHERE NOT EXISTS (SELECT 1 FROM memberships x WHERE x.collective_code = ${collectiveOf("m")} AND x.person_id = p.id AND x.status = 'active')`,
    nowMs,
    today,
    today,
    importId,
  );
  stmt(
    `INSERT INTO households (contractor_code, collective_code, representative_id, status, homestead_barred, origin, origin_json, dissolved_on, created_at_ms)
     SELECT h.contractor_code, ${collectiveOf("h")}, p.id, 'active', NULL, 'registered', NULL, NULL, ? FROM import_stage_households h
     JOIN persons p ON p.id_type = h.representative_id_type AND p.id_number = h.representative_id_number
     WHERE h.import_id = ? AND h.state = 'new'`,
    nowMs,
    importId,
  );
  stmt(
    `INSERT INTO household_members (id, collective_code, contractor_code, person_id, relation, relation_code, co_holder, status, joined_on, join_reason, left_on, left_reason, created_at_ms)
     SELECT m.household_member_id, ${collectiveOf("m")}, m.contractor_code, p.id, m.relation, m.relation_code, m.co_holder,
            CASE m.deceased WHEN 1 THEN 'left' ELSE 'active' END, NULL, NULL, NULL, CASE m.deceased WHEN 1 THEN 'death' END, ?
     FROM import_stage_members m JOIN persons p ON p.id_type = m.id_type AND p.id_number = m.id_number
     WHERE m.import_id = ? AND m.state = 'new'`,
    nowMs,
    importId,
  );
  stmt(
    `INSERT INTO plots (plot_code, collective_code, name, area_mu_e4, area_m2_e2, land_use, category, basic_farmland, boundary_east, boundary_south, boundary_west, boundary_north, geometry_json, created_at_ms)
     SELECT p.plot_code, ${collectiveOf("p")}, p.name, p.area_mu_e4, p.area_m2_e2, p.land_use, p.category, p.basic_farmland, p.boundary_east, p.boundary_south, p.boundary_west, p.boundary_north, NULL, ?
     FROM import_stage_plots p WHERE p.import_id = ? AND p.state = 'new'`,
    nowMs,
    importId,
  );
  stmt(
    `INSERT INTO land_contracts (contract_code, collective_code, contractor_code, mode, starts_on, ends_on, certificate_no, status, created_at_ms)
     SELECT c.contract_code, ${collectiveOf("c")}, c.contractor_code, c.mode, c.starts_on, c.ends_on,
            (SELECT q.certificate_code FROM import_stage_certificates q WHERE q.import_id = c.import_id AND q.certificate_code = c.contract_code), 'active', ?
     FROM import_stage_contracts c WHERE c.import_id = ? AND c.state = 'new'`,
    nowMs,
    importId,
  );
  stmt(
    `INSERT INTO contract_plots (id, collective_code, contract_code, plot_code, status, created_at_ms, ended_at_ms)
     SELECT l.link_id, ${collectiveOf("l")}, l.contract_code, l.plot_code, 'active', ?, NULL FROM import_stage_contract_plots l WHERE l.import_id = ? AND l.state = 'new'`,
    nowMs,
    importId,
  );
  stmt(
    `INSERT INTO right_registrations (id, collective_code, right_kind, right_code, version, act, contractor_code, plot_codes_json, certificate_serial, effective_on, application_id, journal_seq, recorded_at_ms)
     SELECT c.registration_id, ${collectiveOf("c")}, 'land-contract', c.contract_code, 1, 'first', c.contractor_code,
            coalesce(g.plots, '[]'), NULL, c.starts_on, NULL, ${journalSeq("c")}, ?
     FROM import_stage_contracts c
     LEFT JOIN (SELECT contract_code, json_group_array(plot_code) AS plots
                FROM (SELECT contract_code, plot_code FROM import_stage_contract_plots WHERE import_id = ? ORDER BY contract_code, plot_code)
                GROUP BY contract_code) g ON g.contract_code = c.contract_code
     WHERE c.import_id = ? AND c.state = 'new'`,
    nowMs,
    importId,
    importId,
  );
  stmt(
    `INSERT INTO title_versions (id, collective_code, kind, subject, holder_kind, holder, contract_code, shares_e4, act, valid_from, valid_to, recorded_from_ms, recorded_to_ms, application_id, journal_seq, certificate_no)
     SELECT l.title_id, ${collectiveOf("l")}, 'plot', l.plot_code, 'household', l.contractor_code, l.contract_code, NULL, 'first-registration',
            (SELECT c.starts_on FROM import_stage_contracts c WHERE c.import_id = l.import_id AND c.contract_code = l.contract_code), NULL, ?, NULL, NULL, ${journalSeq("l")}, NULL
     FROM import_stage_contract_plots l WHERE l.import_id = ? AND l.state = 'new'`,
    nowMs,
    importId,
  );
  for (const table of Object.keys(STAGE_TABLE) as NytTable[]) {
    if (table === "collectives") continue;
    stmt(
      `INSERT INTO import_records (table_name, record_key, collective_code, import_id, digest, kept_json)
       SELECT '${table}', s.${KEY_COLUMN[table]}, ${collectiveOf("s")}, s.import_id, s.digest, s.kept_json FROM ${STAGE_TABLE[table]} s WHERE s.import_id = ? AND s.state = 'new'`,
      importId,
    );
  }
  stmt(`DELETE FROM import_locks WHERE import_id = ?`, importId);
  return statements;
}
