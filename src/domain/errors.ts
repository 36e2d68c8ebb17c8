/**
 * Every rule this registry can refuse a request for, by its stable code. The HTTP status and title of each code
 * live in one exhaustive table in http/problem.ts; the domain never knows HTTP.
 */
export const RULE_CODES = [
  // identifiers (checked by their real algorithms, domain.md §1)
  "id_number_malformed",
  "id_number_birth_date_invalid",
  "id_number_check_character_mismatch",
  "credit_code_malformed",
  "credit_code_check_character_mismatch",
  "credit_code_not_collective",
  "credit_code_level_mismatch",
  "credit_code_outside_region",
  "region_code_malformed",
  "region_code_unknown_province",
  "region_code_level_mismatch",
  "region_code_required",
  "issuer_code_malformed",
  "issuer_code_outside_region",
  "contractor_code_malformed",
  "contractor_code_outside_issuer",
  "contractor_code_not_household",
  "plot_code_malformed",
  "plot_code_outside_issuer",
  "contract_code_malformed",
  "contract_code_contractor_mismatch",
  "unit_number_malformed",
  "unit_number_not_homestead",
  "unit_number_outside_county",
  // quantities and dates
  "area_must_be_positive",
  "shares_must_be_positive",
  "contract_term_invalid",
  "date_in_future",
  // collectives and rules
  "collective_already_registered",
  "issuer_code_taken",
  // persons and membership
  "person_name_mismatch",
  "already_a_member",
  "joined_before_birth",
  "membership_not_active",
  "termination_before_joining",
  // households
  "household_already_registered",
  "household_member_duplicated",
  "representative_not_in_household",
  "representative_not_member",
  "relation_code_mismatch",
  "person_already_in_household",
  "household_not_active",
  // plots and contracts
  "plot_already_registered",
  "plot_outside_collective",
  "plot_already_contracted",
  "contract_already_registered",
  "contract_plots_duplicated",
  // homesteads
  "homestead_already_registered",
  "household_already_has_homestead",
  "homestead_area_exceeds_cap",
  "homestead_annotation_required",
  // equity
  "allocation_to_non_member",
  "allocations_duplicate_person",
  "holding_cap_exceeded",
  "shares_issued_exceed_limit",
  "holding_must_not_be_negative",
  "holding_must_match_ledger",
  // succession of shares
  "deceased_membership_not_ended",
  "succession_before_death",
  "nothing_to_succeed",
  "shares_reserved_by_application",
  "succession_shares_mismatch",
  "heirs_duplicated",
  "heir_not_member",
  "succession_predates_holding_change",
  // transfers and withdrawals (workflow)
  "application_not_awaiting_consent",
  "application_not_open_to_objection",
  "application_not_objected",
  "application_not_in_notice",
  "application_already_closed",
  "application_past_cancellation",
  "application_not_approved",
  "objection_open",
  "notice_period_running",
  "written_notice_required",
  "written_notice_too_recent",
  "application_subject_incomplete",
  "holders_must_be_different",
  "insufficient_shares",
  "plot_in_pending_application",
  "homestead_in_pending_application",
  "plots_not_held_by_household",
  "plots_not_household_contracted",
  "land_returned_during_term",
  "homestead_not_held_by_household",
  "receiver_not_member",
  "receiver_not_in_collective",
  "receiver_has_homestead",
  "homestead_regrant_refused",
  "consenter_not_co_holder",
  "consent_already_given",
  "payment_amount_mismatch",
  "management_term_exceeds_contract",
  "management_right_overlaps",
  "idempotency_key_reused",
  "objection_already_resolved",
  "plot_not_contracted",
  "management_term_invalid",
  "reservation_must_match_applications",
  "application_terms_are_immutable",
  "register_history_is_append_only",
  // tokens
  "token_scope_invalid",
  "holder_not_member",
  // database guards that only a bug or a write around the domain can trip
  "journal_is_append_only",
  "equity_ledger_is_append_only",
  "collective_identity_is_immutable",
  "id_number_is_immutable",
  "journal_chain_broken",
  "title_history_is_append_only",
  "certificate_is_immutable",
  "access_log_is_append_only",
  // income distributions
  "net_income_must_be_positive",
  "reserve_percent_invalid",
  "no_shares_on_record_date",
  "distribution_already_recorded",
  "payment_before_record_date",
  "line_already_paid",
  "distribution_lines_must_add_up",
  "distribution_is_final",
  "distribution_amounts_inconsistent",
  "amount_must_not_be_negative",
  "payment_recorded_whole",
] as const;

export type RuleCode = (typeof RULE_CODES)[number];

export const NOT_FOUND_CODES = [
  "collective_not_found",
  "person_not_found",
  "household_not_found",
  "plot_not_found",
  "land_contract_not_found",
  "homestead_not_found",
  "member_not_found",
  "token_not_found",
  "application_not_found",
  "objection_not_found",
  "certificate_not_found",
  "distribution_not_found",
  "distribution_line_not_found",
] as const;

export type NotFoundCode = (typeof NOT_FOUND_CODES)[number];

export type DomainCode = RuleCode | NotFoundCode | "forbidden" | "write_conflict" | "county_unavailable";

/** An expected refusal: a rule was broken, a thing is missing or out of the caller's sight, or a role may not write. */
export class DomainError extends Error {
  constructor(
    readonly code: DomainCode,
    readonly detail: string,
    readonly facts: Record<string, unknown> = {},
  ) {
    super(`${code}: ${detail}`);
    this.name = "DomainError";
  }
}

export function isRuleCode(value: string): value is RuleCode {
  return (RULE_CODES as readonly string[]).includes(value);
}
