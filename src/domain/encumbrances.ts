import { addDays } from "./applications.js";
import type { RuleCode } from "./errors.js";

/**
 * Encumbrances on a registered right (domain.md §2.7): an objection registration (异议登记), a seizure by court
 * order (查封), a pledge or guarantee (抵押/质押: a land management right, RLCL Art. 47, or shares in local pilots),
 * and the registration of a management right of five years or more (Civil Code Art. 341). Pure: the commands load
 * the register and ask.
 *
 * Whether one is in effect is computed from the legal date (China Standard Time) at every read and every check;
 * nothing runs in the background:
 *  - lifted (解除) on or before the day: no longer in effect;
 *  - an objection lapses when the 15 days after its registration have passed (Civil Code Art. 220) unless a lawsuit
 *    was recorded while it was in effect — then it stays until lifted;
 *  - any other with an `effectiveUntil` (a court's seizure term, a pledge's secured period, a circulation's end)
 *    has effect up to and including that day.
 *
 * What each blocks (blockingEncumbrance), in precedence order — the first found names the refusal:
 *  1. a seizure blocks every change of the right (transfer, withdrawal, succession, correction, extension,
 *     household changes)                                                                    right_seized
 *  2. an objection blocks a transfer or a withdrawal                                         right_under_objection
 *  3. a pledge blocks a transfer or a withdrawal unless the pledgee's consent is recorded for that application;
 *     at the application itself it is not yet checked (the consent is recorded for the application, which does
 *     not exist yet) — it is checked when the change is registered                           right_pledged
 *  4. a management-right registration blocks nothing: it is shown, and holds against third parties.
 *
 * Registering one (checkEncumbranceRequest), in precedence order:
 *  1. the registration date is not after today                                               date_in_future
 *  2. a pledge is on a land right or shares, never a homestead; a management right is on a plot
 *                                                                                            encumbrance_subject_invalid
 *  3. an objection's end is set by law (registeredOn + 15 days), not by the request          objection_lapse_fixed_by_law
 *  4. an end date is not before the registration date                                        encumbrance_period_invalid
 */
export type EncumbranceKind = "objection" | "seizure" | "pledge" | "management-right";
export type EncumbranceSubjectKind = "plot" | "land-contract" | "homestead" | "equity";
export type EncumberedAction = "transfer" | "withdrawal" | "succession" | "correction" | "extension" | "household-change";
export type EncumbranceStatus = "in-effect" | "lifted" | "lapsed" | "expired";
export type BlockCode = "right_seized" | "right_under_objection" | "right_pledged";

/** An objection has effect for 15 days after the day of its registration (Civil Code Art. 220). */
export const OBJECTION_DAYS = 15;

export interface EncumbranceFacts {
  id: string;
  kind: EncumbranceKind;
  subjectKind: EncumbranceSubjectKind;
  subject: string;
  registeredOn: string;
  effectiveUntil: string | null;
  lawsuitRecordedOn: string | null;
  liftedOn: string | null;
}

/** The last day an objection registered on `registeredOn` has effect without a lawsuit. */
export function objectionEffectiveUntil(registeredOn: string): string {
  return addDays(registeredOn, OBJECTION_DAYS);
}

export function statusOn(e: EncumbranceFacts, today: string): EncumbranceStatus {
  if (e.liftedOn !== null && e.liftedOn <= today) return "lifted";
  if (e.effectiveUntil === null || today <= e.effectiveUntil) return "in-effect";
  if (e.kind === "objection") return e.lawsuitRecordedOn !== null && e.lawsuitRecordedOn <= e.effectiveUntil ? "in-effect" : "lapsed";
  return "expired";
}

export function inEffectOn(e: EncumbranceFacts, today: string): boolean {
  return statusOn(e, today) === "in-effect";
}

const BLOCKS: Record<EncumbranceKind, { code: BlockCode | null; actions: readonly EncumberedAction[] }> = {
  seizure: { code: "right_seized", actions: ["transfer", "withdrawal", "succession", "correction", "extension", "household-change"] },
  objection: { code: "right_under_objection", actions: ["transfer", "withdrawal"] },
  pledge: { code: "right_pledged", actions: ["transfer", "withdrawal"] },
  "management-right": { code: null, actions: [] },
};

const PRECEDENCE: EncumbranceKind[] = ["seizure", "objection", "pledge"];

/** The kinds that would block this action (whatever is registered): what a caller needs to load. */
export function kindsBlocking(action: EncumberedAction): EncumbranceKind[] {
  return PRECEDENCE.filter((k) => BLOCKS[k].actions.includes(action));
}

export interface BlockingOptions {
  /** Pledges whose pledgee consented to this application. */
  consentedIds?: ReadonlySet<string>;
  /** At the application: pledges are not checked yet (their consent is recorded for the application). */
  deferPledges?: boolean;
}

/** The encumbrance that blocks `action` on the right today, with the code naming it; null: nothing blocks. */
export function findBlocking<E extends EncumbranceFacts>(list: readonly E[], action: EncumberedAction, today: string, opts: BlockingOptions = {}): { code: BlockCode; encumbrance: E } | null {
  for (const kind of PRECEDENCE) {
    const { code, actions } = BLOCKS[kind];
    if (code === null || !actions.includes(action)) continue;
    if (kind === "pledge" && opts.deferPledges) continue;
    const found = list
      .filter((e) => e.kind === kind && inEffectOn(e, today) && !(kind === "pledge" && opts.consentedIds?.has(e.id)))
      .sort((a, b) => a.registeredOn.localeCompare(b.registeredOn))[0]; // stable: ties keep the register's order
    if (found) return { code, encumbrance: found };
  }
  return null;
}

/** The code naming the restriction that blocks `action` today (null: none). */
export function blockingEncumbrance(list: readonly EncumbranceFacts[], action: EncumberedAction, today: string, opts: BlockingOptions = {}): BlockCode | null {
  return findBlocking(list, action, today, opts)?.code ?? null;
}

export interface EncumbranceRequest {
  kind: EncumbranceKind;
  subjectKind: EncumbranceSubjectKind;
  registeredOn: string;
  effectiveUntil?: string | null;
}

export function checkEncumbranceRequest(request: EncumbranceRequest, today: string): RuleCode | null {
  if (request.registeredOn > today) return "date_in_future";
  if (request.kind === "pledge" && request.subjectKind === "homestead") return "encumbrance_subject_invalid";
  if (request.kind === "management-right" && request.subjectKind !== "plot") return "encumbrance_subject_invalid";
  if (request.kind === "objection" && request.effectiveUntil != null) return "objection_lapse_fixed_by_law";
  if (request.effectiveUntil != null && request.effectiveUntil < request.registeredOn) return "encumbrance_period_invalid";
  return null;
}

/**
 * Recording the lawsuit of an objection, in precedence order: only an objection has one
 * (lawsuit_recorded_only_on_objections); once (lawsuit_already_recorded); not after it was lifted
 * (encumbrance_not_in_effect); not after it lapsed (objection_lapsed).
 */
export function checkLawsuit(e: EncumbranceFacts, today: string): RuleCode | null {
  if (e.kind !== "objection") return "lawsuit_recorded_only_on_objections";
  if (e.lawsuitRecordedOn !== null) return "lawsuit_already_recorded";
  const status = statusOn(e, today);
  if (status === "lifted") return "encumbrance_not_in_effect";
  if (status === "lapsed") return "objection_lapsed";
  return null;
}

/**
 * Lifting (解除), in precedence order: the date is not after today (date_in_future) nor before the registration
 * (encumbrance_lift_invalid); the encumbrance is still in effect — not lifted, lapsed or expired — on the lift date
 * and today (encumbrance_not_in_effect).
 */
export function checkRelease(e: EncumbranceFacts, liftedOn: string, today: string): RuleCode | null {
  if (liftedOn > today) return "date_in_future";
  if (liftedOn < e.registeredOn) return "encumbrance_lift_invalid";
  if (e.liftedOn !== null || !inEffectOn(e, liftedOn) || !inEffectOn(e, today)) return "encumbrance_not_in_effect";
  return null;
}
