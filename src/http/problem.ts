import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { DomainError, type DomainCode } from "../domain/errors.js";
import { parseResidentId, residentIdCheckCharacter } from "../domain/identifiers/index.js";

/**
 * RFC 9457 problem details. One exhaustive table maps every stable `code` to its status and title; `detail`
 * varies per occurrence and never contains an ID number.
 */
export type ProblemCode =
  | DomainCode
  | "validation_failed"
  | "malformed_json"
  | "unsupported_media_type"
  | "payload_too_large"
  | "unauthenticated"
  | "route_not_found"
  | "internal"
  | "misconfigured"
  | "database_unavailable";

type Entry = { status: ContentfulStatusCode; title: string };
const s = (status: ContentfulStatusCode, title: string): Entry => ({ status, title });

export const PROBLEMS: Record<ProblemCode, Entry> = {
  validation_failed: s(400, "The request is not valid"),
  malformed_json: s(400, "The body is not valid JSON"),
  unsupported_media_type: s(415, "The body must be application/json"),
  payload_too_large: s(413, "The body is too large"),
  unauthenticated: s(401, "A valid bearer token is required"),
  forbidden: s(403, "This role may not do that"),
  route_not_found: s(404, "No such route"),
  internal: s(500, "Internal error"),
  misconfigured: s(500, "The service is misconfigured"),
  database_unavailable: s(503, "The database does not answer"),
  write_conflict: s(409, "Too many concurrent changes"),
  county_unavailable: s(503, "A county's database did not answer"),
  // not found, or not visible to this caller: the same body either way
  collective_not_found: s(404, "Collective not found"),
  person_not_found: s(404, "Person not found"),
  household_not_found: s(404, "Household not found"),
  plot_not_found: s(404, "Plot not found"),
  land_contract_not_found: s(404, "Land contract not found"),
  homestead_not_found: s(404, "Homestead not found"),
  member_not_found: s(404, "Member not found"),
  resolution_not_found: s(404, "Resolution not found"),
  // resolutions (RCEO Law Arts. 26–28)
  resolution_counts_invalid: s(422, "The counts do not hang together: 0 < eligible, present ≤ eligible, votes for + against ≤ present"),
  representatives_assembly_too_small: s(422, "A representatives' assembly has more than 20 representatives (RCEO Law Art. 28)"),
  representatives_cannot_confirm_members: s(422, "Only the members' general meeting confirms members, not the representatives' assembly (RCEO Law Arts. 12, 28)"),
  representatives_cannot_quantify_shares: s(422, "Only the members' general meeting decides the quantification of shares (RCEO Law Arts. 26, 28)"),
  representatives_cannot_change_charter: s(422, "Only the members' general meeting adopts or amends the charter (RCEO Law Arts. 26, 28)"),
  resolution_already_recorded: s(409, "A resolution with this reference is already recorded with other facts"),
  resolution_outcome_mismatch: s(409, "A resolution's outcome must follow from its counts (quorum and majority of 2/3)"),
  resolution_is_immutable: s(409, "A recorded resolution never changes"),
  resolution_ref_required: s(422, "This act needs a resolution: give resolutionRef"),
  resolution_not_recorded: s(422, "The resolution referenced is not recorded for this collective"),
  resolution_not_passed: s(409, "The resolution referenced did not pass"),
  resolution_body_not_competent: s(422, "The body that passed the resolution may not decide this matter (RCEO Law Art. 28)"),
  resolution_matter_mismatch: s(422, "The resolution referenced does not decide this matter"),
  resolution_held_after_act: s(422, "The resolution was held after the act it is to authorize"),
  extension_window_invalid: s(422, "An extension plan's window must end on or after it starts"),
  extension_notice_too_short: s(422, "An extension plan is publicly noticed for at least 15 days (MARA 2023 measures)"),
  extension_period_invalid: s(422, "Grassland is extended by 30–50 years and forest land by 30–70, in whole years (RLCL Art. 21)"),
  extension_plan_not_in_notice: s(409, "The extension plan is no longer in notice: a plan is applied (or cancelled) once"),
  extension_notice_running: s(409, "The extension plan's public notice has not ended: it is applied on a later day"),
  extension_plan_is_immutable: s(409, "An extension plan's terms never change; only its status moves from in-notice to applied or cancelled"),
  extension_history_is_append_only: s(409, "A contract's recorded extension outcome is never changed or deleted"),
  extension_not_registered: s(409, "An extension outcome must match the contract's registered new end, in a plan in notice"),
  extension_plan_not_found: s(404, "Extension plan not found"),
  import_not_found: s(404, "Import not found"),
  token_not_found: s(404, "Token not found"),
  // identifiers: wrong whatever the register holds
  id_number_malformed: s(422, "The ID number is malformed"),
  id_number_birth_date_invalid: s(422, "The ID number's birth date is not a real date"),
  id_number_check_character_mismatch: s(422, "The ID number's check character is wrong"),
  credit_code_malformed: s(422, "The unified social credit code is malformed"),
  credit_code_check_character_mismatch: s(422, "The unified social credit code's check character is wrong"),
  credit_code_not_collective: s(422, "The credit code is not a collective economic organization's (department N)"),
  credit_code_outside_region: s(422, "The credit code's county (positions 3–8) is not the county of the region code"),
  credit_code_level_mismatch: s(422, "The credit code's type digit does not match the level"),
  region_code_malformed: s(422, "The division code is malformed"),
  region_code_unknown_province: s(422, "The division code names no province"),
  region_code_required: s(422, "This deployment keeps one database per county: name the county (regionCode)"),
  region_code_level_mismatch: s(422, "The division code does not fit the collective's level"),
  issuer_code_malformed: s(422, "The issuing-party code is malformed"),
  issuer_code_outside_region: s(422, "The issuing-party code does not begin with the region code"),
  contractor_code_malformed: s(422, "The contracting-party code is malformed"),
  contractor_code_outside_issuer: s(422, "The contracting-party code does not begin with the collective's issuing-party code"),
  contractor_code_not_household: s(422, "The contracting-party code's sequence is not in the household range 0001–8000"),
  plot_code_malformed: s(422, "The plot code is malformed"),
  plot_code_outside_issuer: s(422, "The plot code does not begin with the collective's issuing-party code"),
  contract_code_malformed: s(422, "The contract code is malformed"),
  contract_code_contractor_mismatch: s(422, "The contract code is not the contractor code plus J or Q"),
  unit_number_malformed: s(422, "The real-estate unit number is malformed"),
  unit_number_not_homestead: s(422, "The real-estate unit number is not a homestead parcel (zone code JC)"),
  unit_number_outside_county: s(422, "The real-estate unit number lies outside the collective's county"),
  area_must_be_positive: s(422, "Areas must be positive"),
  shares_must_be_positive: s(422, "Shares must be positive"),
  contract_term_invalid: s(422, "The contract must end after it starts"),
  date_in_future: s(422, "The date lies in the future (China Standard Time)"),
  plot_outside_collective: s(422, "The plot code does not belong to this collective's issuing party"),
  relation_code_mismatch: s(422, "The GB/T 4761 relation code does not fit the relation"),
  household_member_duplicated: s(422, "A person is listed twice in the household"),
  representative_not_in_household: s(422, "The representative must be listed among the household's members"),
  contract_plots_duplicated: s(422, "A plot is listed twice"),
  allocations_duplicate_person: s(422, "A person appears twice among the allocations"),
  token_scope_invalid: s(422, "The token's scope does not fit its role"),
  termination_before_joining: s(422, "Membership cannot end before it began"),
  // rules broken by the register's state
  collective_already_registered: s(409, "The collective is already registered with other facts"),
  issuer_code_taken: s(409, "The issuing-party code belongs to another collective"),
  person_name_mismatch: s(409, "The ID number is registered under another name"),
  joined_before_birth: s(422, "Membership cannot begin before the person's birth"),
  already_a_member: s(409, "The person is already an active member"),
  membership_not_active: s(409, "The membership is not active"),
  household_already_registered: s(409, "The household is already registered with other facts"),
  representative_not_member: s(409, "The representative must be an active member of the collective"),
  person_already_in_household: s(409, "The person already belongs to another household of this collective"),
  household_not_active: s(409, "The household is not active"),
  // household changes (RLCL Arts. 16, 24; RCEO Law Art. 18; LAL Art. 62)
  person_not_member: s(409, "The person is not an active member of the collective: admit the person first"),
  person_not_in_household: s(409, "The person is not an active member of this household"),
  representative_cannot_leave: s(409, "The household's representative cannot leave: name a new representative first"),
  departure_before_joining: s(422, "A member cannot leave the household before joining it"),
  household_in_pending_application: s(409, "An open transfer or withdrawal application involves the household: close it before a split or merge"),
  household_change_predates_registration: s(409, "The change cannot take effect before the last registration of the rights it moves"),
  split_needs_two_households: s(422, "A split divides a household into at least two new households"),
  split_households_duplicated: s(422, "Each new household of a split has its own new contractor code, not the old household's"),
  split_members_not_partitioned: s(409, "Every member of the household goes to exactly one new household, and nobody else"),
  split_plots_not_partitioned: s(409, "Every plot under the household's contracts goes to exactly one new household"),
  split_homesteads_not_partitioned: s(409, "Every homestead of the household goes to exactly one new household, at most one each"),
  merge_households_duplicated: s(422, "A merge joins two different households"),
  merge_members_mismatch: s(409, "The members restated for the merged household must be exactly those who move into it"),
  merge_would_hold_two_homesteads: s(409, "One household, one homestead (LAL Art. 62): the merged household would hold two granted homesteads"),
  merge_contract_terms_differ: s(409, "The households' contracts have different terms: they cannot be held under one contract"),
  household_history_is_append_only: s(409, "A household's members and origin are history: rows are never deleted or rewritten, only ended"),
  dissolved_household_holds_rights: s(409, "A household is dissolved only once its contracts and homesteads have moved"),
  contract_not_active: s(409, "A plot joins only an active contract"),
  contract_ended_with_plots: s(409, "A contract ends only with its last plot"),
  // county import (issue 8)
  import_in_progress: s(409, "An import is making these collectives live: other writes to them wait until it ends"),
  imports_not_supported_here: s(501, "County imports run on the Node service, not on this deployment"),
  import_file_missing: s(422, "A table of the import package is missing"),
  import_file_unreadable: s(422, "A file of the import package cannot be read as CSV"),
  import_encoding_unknown: s(422, "A file is neither UTF-8 nor GB18030"),
  import_header_missing_field: s(422, "A table's header lacks a field NY/T 2539 requires"),
  import_field_count_mismatch: s(422, "A row has more or fewer fields than its header"),
  import_field_required: s(422, "A mandatory NY/T 2539 field is empty"),
  import_field_too_long: s(422, "A field is longer than NY/T 2539 allows"),
  import_code_unknown: s(422, "A coded field holds a value outside its NY/T 2539 code table"),
  import_record_conflicts: s(409, "A row was imported before with other fields under the same key"),
  date_malformed: s(422, "A date is not a calendar date (YYYY-MM-DD, YYYY/M/D or YYYYMMDD)"),
  area_malformed: s(422, "An area is not a positive decimal with at most 2 places (m²) or 4 places (mu)"),
  count_malformed: s(422, "A count is not a whole number"),
  contractor_type_unsupported: s(422, "Only farm households (CBFLX 1) are contracting parties this registry imports"),
  contractor_not_found: s(422, "The contracting party is not in the package's CBF table"),
  contract_not_found: s(422, "The contract is not in the package's CBHT table"),
  issuer_not_registered: s(422, "The issuing party is neither a registered collective nor listed in collectives.csv"),
  issuer_outside_county: s(422, "The issuing party lies outside the county whose database the import targets"),
  issuer_not_found: s(422, "The issuing party is not in the package's FBF table"),
  issuer_duplicated: s(422, "The issuing party is listed twice"),
  contractor_duplicated: s(422, "The contracting party is listed twice"),
  contract_duplicated: s(422, "The contract is listed twice"),
  plot_duplicated: s(422, "The plot is listed twice in DK"),
  certificate_duplicated: s(422, "The certificate is listed twice"),
  person_duplicated: s(422, "The same person (ID document) is listed in two households or twice in one"),
  contract_contractor_mismatch: s(422, "The plot row names another contracting party than its contract"),
  id_document_conflicts: s(409, "The ID document belongs to a registered person with another name"),
  plot_already_registered: s(409, "The plot is already registered with other facts"),
  plot_already_contracted: s(409, "The plot is already under an active contract"),
  contract_already_registered: s(409, "The contract is already registered with other facts"),
  homestead_already_registered: s(409, "The homestead is already registered with other facts"),
  household_already_has_homestead: s(409, "One household, one homestead: this household already has one"),
  homestead_area_exceeds_cap: s(409, "The homestead exceeds the area cap in force"),
  homestead_annotation_required: s(409, "A second or over-area homestead needs its annotation"),
  allocation_to_non_member: s(409, "Shares are issued only to active members"),
  shares_issued_exceed_limit: s(409, "The collective's shares issued would exceed the registry's limit of 100,000,000,000"),
  holding_cap_exceeded: s(409, "The holding would exceed the collective's cap per holder"),
  holding_must_not_be_negative: s(409, "A holding cannot go below zero"),
  holding_must_match_ledger: s(409, "Holdings change only through ledger entries"),
  deceased_membership_not_ended: s(409, "The deceased's membership has not ended by death"),
  succession_before_death: s(422, "A succession cannot take effect before the death"),
  nothing_to_succeed: s(409, "The deceased holds no shares"),
  shares_reserved_by_application: s(409, "Some of the deceased's shares are reserved by open applications"),
  succession_shares_mismatch: s(422, "The heirs' shares must add up exactly to the deceased's holding"),
  heirs_duplicated: s(422, "An heir is listed twice"),
  heir_not_member: s(409, "The collective's rules let only active members inherit shares"),
  succession_predates_holding_change: s(409, "A succession cannot take effect before a later registered change of the holdings it touches"),
  application_not_awaiting_consent: s(409, "The application is not awaiting consents"),
  application_not_open_to_objection: s(409, "Objections are no longer possible: the application was decided"),
  application_not_objected: s(409, "The application has no open objection"),
  application_not_in_notice: s(409, "The application is not in its public notice"),
  application_already_closed: s(409, "The application is already closed"),
  application_past_cancellation: s(409, "An approved or closed application can no longer be cancelled"),
  application_not_approved: s(409, "The application is not approved"),
  objection_open: s(409, "An objection is open: resolve it first"),
  notice_period_running: s(409, "The public notice has not run its full term"),
  written_notice_required: s(422, "Returning contracted land needs a written notice date (RLCL Art. 30)"),
  written_notice_too_recent: s(409, "The written notice was given less than six months ago (RLCL Art. 30)"),
  application_subject_incomplete: s(422, "The application lacks what its kind needs (shares, plots or a unit number; a receiver for a transfer)"),
  holders_must_be_different: s(422, "The giver and the receiver must be different"),
  insufficient_shares: s(409, "The giver does not hold that many shares free of pending applications"),
  plot_in_pending_application: s(409, "A plot is already in a pending application"),
  homestead_in_pending_application: s(409, "The homestead is already in a pending application"),
  plots_not_household_contracted: s(409, "Only plots of a household (J) contract are transferred or returned this way (RLCL Arts. 30, 34)"),
  land_returned_during_term: s(409, "The household returned its contracted land and may not contract land again during the term (RLCL Art. 30)"),
  plots_not_held_by_household: s(409, "A plot is not under the giving household's active contract"),
  homestead_not_held_by_household: s(409, "The homestead is not held by the giving household"),
  receiver_not_member: s(409, "The receiver must be an active member of the collective"),
  receiver_not_in_collective: s(409, "The receiving household must belong to the same collective"),
  receiver_has_homestead: s(409, "The receiving household already holds a homestead"),
  homestead_regrant_refused: s(409, "A household that transferred or withdrew from its homestead is not granted another"),
  consenter_not_co_holder: s(409, "Only a co-holder of the giving household, other than its representative, consents"),
  consent_already_given: s(409, "This co-holder has already consented"),
  payment_amount_mismatch: s(422, "The payment must equal the agreed price or compensation"),
  management_term_exceeds_contract: s(409, "The circulation must lie within the contract's term"),
  management_right_overlaps: s(409, "The plot's management right is already circulated for part of that term"),
  objection_already_resolved: s(409, "The objection is already resolved"),
  plot_not_contracted: s(409, "The plot is under no active contract"),
  management_term_invalid: s(422, "The circulation must end after it starts"),
  idempotency_key_reused: s(409, "This Idempotency-Key was used for another request"),
  reservation_must_match_applications: s(409, "Reserved shares change only with applications"),
  application_terms_are_immutable: s(409, "An application's terms cannot change"),
  register_history_is_append_only: s(409, "Registration history is append-only"),
  application_not_found: s(404, "Application not found"),
  objection_not_found: s(404, "Objection not found"),
  holder_not_member: s(409, "Holder tokens are issued only for members of the registrar's collective"),
  journal_is_append_only: s(409, "The journal is append-only"),
  equity_ledger_is_append_only: s(409, "The equity ledger is append-only"),
  collective_identity_is_immutable: s(409, "A collective's codes cannot change"),
  id_number_is_immutable: s(409, "An ID number cannot change"),
  journal_chain_broken: s(409, "A journal row must carry the hash of its predecessor in its stream"),
  title_history_is_append_only: s(409, "Title versions are never rewritten; only their record time ends"),
  certificate_is_immutable: s(409, "A certificate's signed content never changes; only its status ends"),
  access_log_is_append_only: s(409, "The access log is append-only"),
  certificate_not_found: s(404, "Certificate not found"),
  // encumbrances and corrections
  encumbrance_not_found: s(404, "Encumbrance not found"),
  management_right_not_found: s(404, "No such filing of the plot's management right"),
  right_seized: s(409, "The right is seized by court order (查封): no change of it is registered until the seizure is lifted"),
  right_under_objection: s(409, "An objection registration (异议登记) in effect blocks the right's transfer or withdrawal (Civil Code Art. 220)"),
  right_pledged: s(409, "The right is pledged: its transfer or withdrawal needs the pledgee's recorded consent"),
  right_not_registered: s(409, "No registered right to encumber: the plot is under no active contract, the contract or homestead has ended, or the person holds no shares"),
  encumbrance_subject_invalid: s(422, "This kind of encumbrance cannot lie on this kind of right (a pledge not on a homestead; a management right only on a plot)"),
  encumbrance_period_invalid: s(422, "An encumbrance cannot end before it is registered"),
  encumbrance_lift_invalid: s(422, "An encumbrance cannot be lifted before it was registered"),
  encumbrance_not_in_effect: s(409, "The encumbrance is no longer in effect (lifted, lapsed or expired)"),
  objection_lapse_fixed_by_law: s(422, "An objection has effect for 15 days after its registration (Civil Code Art. 220): send no effectiveUntil"),
  objection_lapsed: s(409, "The objection lapsed: no lawsuit was recorded within 15 days of its registration (Civil Code Art. 220)"),
  lawsuit_recorded_only_on_objections: s(409, "Only an objection registration has a lawsuit recorded"),
  lawsuit_already_recorded: s(409, "The objection's lawsuit is already recorded"),
  management_right_not_registrable: s(409, "Only an active circulation of the management right for 5 years or more is registered (Civil Code Art. 341)"),
  management_right_already_registered: s(409, "This circulation of the management right is already registered"),
  pledgee_consent_not_needed: s(409, "No pledge in effect on this application's right has this id"),
  pledgee_consent_already_recorded: s(409, "The pledgee's consent to this application is already recorded"),
  encumbrance_facts_are_immutable: s(409, "An encumbrance's facts never change; its lawsuit and its lifting are recorded once"),
  encumbrance_history_is_append_only: s(409, "Encumbrances and pledgee consents are never deleted"),
  correction_changes_nothing: s(409, "The correction gives the facts the register already holds"),
  fact_history_is_append_only: s(409, "Fact versions are never rewritten; only their record time ends, once"),
  // income distributions
  distribution_not_found: s(404, "Distribution not found"),
  distribution_line_not_found: s(404, "The distribution has no line for this holder"),
  net_income_must_be_positive: s(422, "The net income must be more than 0"),
  reserve_percent_invalid: s(422, "The reserve must be a percentage from 0 to 100 with at most 2 decimals"),
  no_shares_on_record_date: s(409, "Nobody held shares of the collective at the end of the record date"),
  distribution_already_recorded: s(409, "A distribution for this record date and resolution is already recorded"),
  payment_before_record_date: s(422, "A dividend cannot be paid before its record date"),
  line_already_paid: s(409, "This line of the distribution is already paid"),
  distribution_lines_must_add_up: s(409, "A distribution's lines must add up to its distributable amount and shares"),
  distribution_is_final: s(409, "A distribution and its lines never change once recorded"),
  distribution_amounts_inconsistent: s(409, "Reserve plus distributable must equal the net income"),
  amount_must_not_be_negative: s(409, "An amount cannot be negative"),
  payment_recorded_whole: s(409, "A payment records its date, reference and time together"),
};

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: ProblemCode;
  requestId: string;
  errors?: { pointer: string; detail: string }[];
}

export function problemBody(
  code: ProblemCode,
  detail: string,
  requestId: string,
  errors?: ProblemBody["errors"],
): ProblemBody {
  const { status, title } = PROBLEMS[code];
  return {
    type: `/problems/${code}`,
    title,
    status,
    detail,
    instance: `urn:request:${requestId}`,
    code,
    requestId,
    ...(errors ? { errors } : {}),
  };
}

export function problemResponse(c: Context, code: ProblemCode, detail: string, errors?: ProblemBody["errors"]) {
  const requestId = (c.get("requestId" as never) as string | undefined) ?? "unknown";
  // A second guard: whatever a command put in the detail, an ID number never leaves in a problem.
  const body = problemBody(code, redact(detail), requestId, errors?.map((e) => ({ ...e, detail: redact(e.detail) })));
  const headers: Record<string, string> = { "Content-Type": "application/problem+json" };
  if (code === "unauthenticated") headers["WWW-Authenticate"] = 'Bearer realm="registry"';
  return c.body(JSON.stringify(body), body.status as ContentfulStatusCode, headers);
}

/** zod issue path → JSON Pointer (RFC 6901) as a URI fragment: ["plots", 0, "area"] → "#/plots/0/area". */
export function toPointer(path: readonly PropertyKey[]): string {
  return "#" + path.map((p) => "/" + String(p).replace(/~/g, "~0").replace(/\//g, "~1")).join("");
}

export function mapError(c: Context, error: unknown): Response {
  if (error instanceof DomainError) return problemResponse(c, error.code, error.detail);
  if (error instanceof HTTPException) {
    if (error.status === 413) return problemResponse(c, "payload_too_large", "The body exceeds the size limit of this route.");
    if (error.status === 415)
      return problemResponse(c, "unsupported_media_type", "Send the body as JSON with Content-Type: application/json.");
    if (error.status === 400)
      return problemResponse(c, "malformed_json", "The body could not be parsed as JSON; check quotes, commas and brackets.");
  }
  const requestId = (c.get("requestId" as never) as string | undefined) ?? "unknown";
  // Log the error class and message only: they never carry request bodies (ID numbers stay out of logs).
  console.error(JSON.stringify({ level: "error", requestId, error: redact(error instanceof Error ? `${error.name}: ${error.message}` : String(error)) }));
  return problemResponse(c, "internal", `An unexpected error occurred. Quote request ${requestId} when reporting it.`);
}

/**
 * Masks every resident ID number (one that passes the GB 11643 check, 18 or 15 characters, or the first 17 digits of
 * one) before a text reaches
 * a log or a problem. Registry codes of the same length (contractor codes) are left readable unless they happen
 * to pass the check too, which errs on the side of privacy.
 */
export function redact(text: string): string {
  const looksLikeId = (m: string) => parseResidentId(m.length === 17 ? m + residentIdCheckCharacter(m) : m).ok;
  return text.replace(/\b\d{14,17}[\dXx]\b/g, (m) => (looksLikeId(m) ? m.slice(0, 4) + "*".repeat(m.length - 8) + m.slice(-4) : m));
}
