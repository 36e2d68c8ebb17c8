-- The journal's hash chain (src/storage/chain.ts). A row must name its predecessor's hash (64 zeros for a stream's
-- first row) and carry its own; a stream whose rows predate the chain accepts no row until it is sealed.
CREATE TRIGGER journal_chain_linked BEFORE INSERT ON journal
WHEN NEW.hash IS NULL OR length(NEW.hash) <> 64 OR NEW.prev_hash IS NOT (
  CASE WHEN NEW.stream_seq = 1 THEN '0000000000000000000000000000000000000000000000000000000000000000'
  ELSE (SELECT hash FROM journal WHERE stream = NEW.stream AND stream_seq = NEW.stream_seq - 1) END)
BEGIN SELECT RAISE(ABORT, 'journal_chain_broken'); END;
--> statement-breakpoint
-- Append-only stays: the one UPDATE allowed is sealing a row written before the chain existed (hash NULL → value),
-- every other column unchanged.
DROP TRIGGER journal_no_update;
--> statement-breakpoint
CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
WHEN NOT (OLD.hash IS NULL AND NEW.hash IS NOT NULL AND NEW.seq = OLD.seq AND NEW.stream = OLD.stream
  AND NEW.stream_seq = OLD.stream_seq AND NEW.collective_code IS OLD.collective_code AND NEW.type = OLD.type
  AND NEW.actor = OLD.actor AND NEW.subject = OLD.subject AND NEW.data_json = OLD.data_json
  AND NEW.recorded_at_ms = OLD.recorded_at_ms)
BEGIN SELECT RAISE(ABORT, 'journal_is_append_only'); END;
--> statement-breakpoint
-- Title versions are never rewritten: only the end of their record time is set, once.
CREATE TRIGGER title_versions_no_delete BEFORE DELETE ON title_versions
BEGIN SELECT RAISE(ABORT, 'title_history_is_append_only'); END;
--> statement-breakpoint
CREATE TRIGGER title_versions_no_rewrite BEFORE UPDATE ON title_versions
WHEN NOT (OLD.recorded_to_ms IS NULL AND NEW.recorded_to_ms IS NOT NULL AND NEW.id = OLD.id
  AND NEW.collective_code = OLD.collective_code AND NEW.kind = OLD.kind AND NEW.subject = OLD.subject
  AND NEW.holder_kind = OLD.holder_kind AND NEW.holder = OLD.holder AND NEW.contract_code IS OLD.contract_code
  AND NEW.shares_e4 IS OLD.shares_e4 AND NEW.act = OLD.act AND NEW.valid_from = OLD.valid_from
  AND NEW.valid_to IS OLD.valid_to AND NEW.recorded_from_ms = OLD.recorded_from_ms
  AND NEW.application_id IS OLD.application_id AND NEW.journal_seq = OLD.journal_seq
  AND NEW.certificate_no IS OLD.certificate_no)
BEGIN SELECT RAISE(ABORT, 'title_history_is_append_only'); END;
--> statement-breakpoint
-- A certificate's signed content never changes; its status only ends (valid → superseded or cancelled).
CREATE TRIGGER certificates_no_delete BEFORE DELETE ON certificates
BEGIN SELECT RAISE(ABORT, 'certificate_is_immutable'); END;
--> statement-breakpoint
CREATE TRIGGER certificates_no_rewrite BEFORE UPDATE ON certificates
WHEN NOT (OLD.status = 'valid' AND NEW.status IN ('superseded', 'cancelled')
  AND NEW.certificate_no = OLD.certificate_no AND NEW.collective_code = OLD.collective_code AND NEW.kind = OLD.kind
  AND NEW.subject = OLD.subject AND NEW.holder_kind = OLD.holder_kind AND NEW.holder = OLD.holder
  AND NEW.issued_on = OLD.issued_on AND NEW.issued_at_ms = OLD.issued_at_ms AND NEW.journal_seq = OLD.journal_seq
  AND NEW.payload_json = OLD.payload_json AND NEW.signature = OLD.signature AND NEW.key_id = OLD.key_id)
BEGIN SELECT RAISE(ABORT, 'certificate_is_immutable'); END;
--> statement-breakpoint
-- The access log: append-only.
CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log
BEGIN SELECT RAISE(ABORT, 'access_log_is_append_only'); END;
--> statement-breakpoint
CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log
BEGIN SELECT RAISE(ABORT, 'access_log_is_append_only'); END;
--> statement-breakpoint
-- Rights registered before title versions existed: their current state becomes a first version (journal_seq 0:
-- no single act made it). Their certificates are issued at their next registration.
INSERT INTO title_versions (id, collective_code, kind, subject, holder_kind, holder, contract_code, shares_e4, act, valid_from, valid_to, recorded_from_ms, recorded_to_ms, application_id, journal_seq, certificate_no)
SELECT 'ttl_legacy_p_' || cp.plot_code, cp.collective_code, 'plot', cp.plot_code, 'household', lc.contractor_code, lc.contract_code, NULL,
  'first-registration', lc.starts_on, NULL, cp.created_at_ms, NULL, NULL, 0, NULL
FROM contract_plots cp JOIN land_contracts lc ON lc.contract_code = cp.contract_code WHERE cp.status = 'active';
--> statement-breakpoint
INSERT INTO title_versions (id, collective_code, kind, subject, holder_kind, holder, contract_code, shares_e4, act, valid_from, valid_to, recorded_from_ms, recorded_to_ms, application_id, journal_seq, certificate_no)
SELECT 'ttl_legacy_h_' || unit_number, collective_code, 'homestead', unit_number, 'household', contractor_code, NULL, NULL,
  'first-registration', approved_on, NULL, created_at_ms, NULL, NULL, 0, NULL
FROM homesteads WHERE status = 'active';
--> statement-breakpoint
INSERT INTO title_versions (id, collective_code, kind, subject, holder_kind, holder, contract_code, shares_e4, act, valid_from, valid_to, recorded_from_ms, recorded_to_ms, application_id, journal_seq, certificate_no)
SELECT 'ttl_legacy_e_' || h.collective_code || '_' || h.account, h.collective_code, 'equity', h.account,
  CASE WHEN h.account = '@collective' THEN 'collective' ELSE 'person' END,
  CASE WHEN h.account = '@collective' THEN h.collective_code ELSE h.account END, NULL, h.shares_e4, 'first-registration',
  date(first.at_ms / 1000, 'unixepoch', '+8 hours'), NULL, first.at_ms, NULL, NULL, 0, NULL
FROM equity_holdings h
JOIN (SELECT collective_code, MIN(recorded_at_ms) AS at_ms FROM equity_entries GROUP BY collective_code) first ON first.collective_code = h.collective_code
WHERE h.account <> '@issued' AND h.shares_e4 > 0;
