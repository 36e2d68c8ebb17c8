-- County imports (issue 8). Staging tables: rows of one import run, typed, keyed by the run, validated here with
-- SQL joins and then made live by one batch of INSERT … SELECT (src/commands/imports/promote.ts). `state` is
-- 'new' (to be inserted) or 'same' (the identical row was imported before: nothing to do). Emptied after each run.
CREATE TABLE import_stage_collectives (
  import_id text NOT NULL, line integer NOT NULL, issuer_code text NOT NULL, credit_code text NOT NULL,
  level text NOT NULL, name text NOT NULL, region_code text NOT NULL,
  digest text NOT NULL, kept_json text NOT NULL, state text NOT NULL DEFAULT 'new'
);--> statement-breakpoint
CREATE INDEX import_stage_collectives_key ON import_stage_collectives (import_id, issuer_code);--> statement-breakpoint
CREATE TABLE import_stage_issuers (
  import_id text NOT NULL, line integer NOT NULL, issuer_code text NOT NULL, name text NOT NULL,
  digest text NOT NULL, kept_json text NOT NULL, state text NOT NULL DEFAULT 'new'
);--> statement-breakpoint
CREATE INDEX import_stage_issuers_key ON import_stage_issuers (import_id, issuer_code);--> statement-breakpoint
-- One row per collective the run touches: its journal stream and the stream_seq of the run's journal row there.
CREATE TABLE import_stage_streams (
  import_id text NOT NULL, collective_code text NOT NULL, issuer_code text NOT NULL, stream_seq integer NOT NULL,
  is_new integer NOT NULL, PRIMARY KEY (import_id, issuer_code)
);--> statement-breakpoint
CREATE TABLE import_stage_households (
  import_id text NOT NULL, line integer NOT NULL, contractor_code text NOT NULL, issuer_code text NOT NULL,
  representative_id_type text NOT NULL, representative_id_number text NOT NULL, name text NOT NULL,
  digest text NOT NULL, kept_json text NOT NULL, state text NOT NULL DEFAULT 'new'
);--> statement-breakpoint
CREATE INDEX import_stage_households_key ON import_stage_households (import_id, contractor_code);--> statement-breakpoint
CREATE TABLE import_stage_members (
  import_id text NOT NULL, line integer NOT NULL, record_key text NOT NULL, contractor_code text NOT NULL,
  issuer_code text NOT NULL, id_type text NOT NULL, id_number text NOT NULL, name text NOT NULL, sex text,
  birth_date text, relation text NOT NULL, relation_code text NOT NULL, co_holder integer NOT NULL,
  deceased integer NOT NULL, joined_on text, person_id text NOT NULL, membership_id text NOT NULL,
  household_member_id text NOT NULL, digest text NOT NULL, kept_json text NOT NULL, state text NOT NULL DEFAULT 'new'
);--> statement-breakpoint
CREATE INDEX import_stage_members_household ON import_stage_members (import_id, contractor_code);--> statement-breakpoint
CREATE INDEX import_stage_members_person ON import_stage_members (import_id, id_type, id_number);--> statement-breakpoint
CREATE TABLE import_stage_contracts (
  import_id text NOT NULL, line integer NOT NULL, contract_code text NOT NULL, issuer_code text NOT NULL,
  contractor_code text NOT NULL, mode text NOT NULL, starts_on text NOT NULL, ends_on text NOT NULL,
  registration_id text NOT NULL, digest text NOT NULL, kept_json text NOT NULL, state text NOT NULL DEFAULT 'new'
);--> statement-breakpoint
CREATE INDEX import_stage_contracts_key ON import_stage_contracts (import_id, contract_code);--> statement-breakpoint
CREATE INDEX import_stage_contracts_contractor ON import_stage_contracts (import_id, contractor_code);--> statement-breakpoint
CREATE TABLE import_stage_contract_plots (
  import_id text NOT NULL, line integer NOT NULL, record_key text NOT NULL, plot_code text NOT NULL,
  issuer_code text NOT NULL, contractor_code text NOT NULL, contract_code text NOT NULL, certificate_code text NOT NULL,
  link_id text NOT NULL, title_id text NOT NULL, digest text NOT NULL, kept_json text NOT NULL,
  state text NOT NULL DEFAULT 'new'
);--> statement-breakpoint
CREATE INDEX import_stage_contract_plots_plot ON import_stage_contract_plots (import_id, plot_code);--> statement-breakpoint
CREATE INDEX import_stage_contract_plots_contract ON import_stage_contract_plots (import_id, contract_code);--> statement-breakpoint
CREATE TABLE import_stage_plots (
  import_id text NOT NULL, line integer NOT NULL, plot_code text NOT NULL, issuer_code text NOT NULL, name text,
  area_mu_e4 integer NOT NULL, area_m2_e2 integer, land_use text NOT NULL, category text NOT NULL,
  basic_farmland integer NOT NULL, boundary_east text NOT NULL, boundary_south text NOT NULL,
  boundary_west text NOT NULL, boundary_north text NOT NULL,
  digest text NOT NULL, kept_json text NOT NULL, state text NOT NULL DEFAULT 'new'
);--> statement-breakpoint
CREATE INDEX import_stage_plots_key ON import_stage_plots (import_id, plot_code);--> statement-breakpoint
CREATE TABLE import_stage_certificates (
  import_id text NOT NULL, line integer NOT NULL, certificate_code text NOT NULL, issuer_code text NOT NULL,
  digest text NOT NULL, kept_json text NOT NULL, state text NOT NULL DEFAULT 'new'
);--> statement-breakpoint
CREATE INDEX import_stage_certificates_key ON import_stage_certificates (import_id, certificate_code);--> statement-breakpoint
-- While an import holds a collective, no other write may land there: every write begins with its journal row.
-- A lock whose run stopped beating for 10 minutes (its process died) no longer holds.
CREATE TRIGGER journal_import_lock BEFORE INSERT ON journal
WHEN EXISTS (SELECT 1 FROM import_locks l JOIN imports i ON i.id = l.import_id
  WHERE l.collective_code = NEW.stream AND i.status = 'running'
  AND i.heartbeat_at_ms > CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - 600000
  AND (NEW.type <> 'collective.imported' OR json_extract(NEW.data_json, '$.importId') IS NOT l.import_id))
BEGIN SELECT RAISE(ABORT, 'import_in_progress'); END;--> statement-breakpoint
CREATE TRIGGER import_records_no_update BEFORE UPDATE ON import_records
BEGIN SELECT RAISE(ABORT, 'import_record_is_immutable'); END;
