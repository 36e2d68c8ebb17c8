import { Decimal } from "decimal.js";
import type { RuleCode } from "./errors.js";

/**
 * Transfers (自愿有偿转让) and withdrawals (自愿有偿退出) as workflows. One state machine serves both:
 *
 *   pending-consent → in-notice → (objected ⇄ in-notice) → approved → registered
 *   and the ends rejected, cancelled.
 *
 * Invariants, in precedence order (each move checks its own list):
 *  1. a move is legal only from the states listed for it: nothing moves a closed application
 *     (`application_already_closed`), an open objection blocks approval (`objection_open`), else `application_not_*`;
 *  2. consents: only a co-holder of the giving household who has not consented yet;
 *  3. approval: no open objection, and the public notice has run its full term (CST dates);
 *  4. cancellation only before approval; rejection only before registration;
 *  5. payment: the full price or compensation, once; it registers the change.
 */
export type ApplicationStatus = "pending-consent" | "in-notice" | "objected" | "approved" | "registered" | "rejected" | "cancelled";
export type Move = "consent" | "object" | "resolve-objection" | "approve" | "reject" | "cancel" | "pay";

export const OPEN_STATUSES: readonly ApplicationStatus[] = ["pending-consent", "in-notice", "objected", "approved"];

const CLOSED_STATUSES: readonly ApplicationStatus[] = ["registered", "rejected", "cancelled"];

const ALLOWED: Record<Move, readonly ApplicationStatus[]> = {
  consent: ["pending-consent"],
  object: ["pending-consent", "in-notice", "objected"],
  // In-notice too: its objections are all resolved, so the objection itself answers (not found, already resolved).
  "resolve-objection": ["pending-consent", "in-notice", "objected"],
  approve: ["in-notice"],
  reject: ["pending-consent", "in-notice", "objected", "approved"],
  cancel: ["pending-consent", "in-notice", "objected"],
  pay: ["approved"],
};

const MOVE_CODE: Record<Move, RuleCode> = {
  consent: "application_not_awaiting_consent",
  object: "application_not_open_to_objection",
  "resolve-objection": "application_not_objected",
  approve: "application_not_in_notice",
  reject: "application_already_closed",
  cancel: "application_past_cancellation",
  pay: "application_not_approved",
};

/** Whether a move is legal from a status: a closed application takes no move at all; an objected one awaits its objection. */
export function checkMove(status: ApplicationStatus, move: Move): RuleCode | null {
  if (ALLOWED[move].includes(status)) return null;
  if (CLOSED_STATUSES.includes(status)) return "application_already_closed";
  if (move === "approve" && status === "objected") return "objection_open";
  return MOVE_CODE[move];
}

/** Adds whole days to a YYYY-MM-DD date (calendar arithmetic in UTC: legal dates carry no time of day). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Adds calendar months, clamping to the month's last day (2026-08-31 + 6 months = 2027-02-28). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
}

/** The notice runs `noticeDays` from its start; with 0 days it ends the day it starts. */
export function noticeEndsOn(startsOn: string, noticeDays: number): string {
  return addDays(startsOn, noticeDays);
}

export function checkApproval(state: { status: ApplicationStatus; openObjections: number; noticeEndsOn: string | null }, today: string): RuleCode | null {
  const move = checkMove(state.status, "approve");
  if (move) return move;
  if (state.openObjections > 0) return "objection_open";
  if (state.noticeEndsOn === null || today < state.noticeEndsOn) return "notice_period_running";
  return null;
}

/** RLCL Art. 30: returning contracted land needs written notice six months before (here: before registration). */
export function checkWithdrawalNotice(writtenNoticeOn: string | null, registeredOn: string): RuleCode | null {
  if (writtenNoticeOn === null) return "written_notice_required";
  if (addMonths(writtenNoticeOn, 6) > registeredOn) return "written_notice_too_recent";
  return null;
}

/**
 * Eligibility of an application's parties and subject, checked when it is made and again at registration (the
 * world may change during the notice). Precedence: the giver holds the subject (free of other applications), then
 * the receiver qualifies, then the holding cap.
 */
export type Subject = "equity" | "land-contract" | "homestead";
export type ApplicationType = "transfer" | "withdrawal";

export interface EquityFacts {
  sharesE4: number;
  giverHoldingE4: number;
  /** Reserved by other open applications (not this one). */
  giverReservedE4: number;
  receiverIsActiveMember: boolean | null;
  receiverHoldingE4: number;
  issuedE4: number;
  capPercent: string | null;
}

export function checkEquityEligibility(type: ApplicationType, f: EquityFacts): RuleCode | null {
  if (f.giverHoldingE4 - f.giverReservedE4 < f.sharesE4) return "insufficient_shares";
  if (type === "withdrawal") return null;
  if (!f.receiverIsActiveMember) return "receiver_not_member";
  if (f.capPercent !== null && new Decimal(f.receiverHoldingE4 + f.sharesE4).times(100).gt(new Decimal(f.capPercent).times(f.issuedE4)))
    return "holding_cap_exceeded";
  return null;
}

export interface HouseholdFacts {
  sameCollective: boolean;
  active: boolean;
  representativeIsActiveMember: boolean;
  activeHomesteads: number;
}

export interface LandFacts {
  plotsHeldByGiver: boolean;
  /** Every plot is under a household (J) contract: RLCL Art. 34 transfers are of household contracting. */
  plotsHouseholdContracted: boolean;
  plotsFreeOfOtherApplications: boolean;
  receiver: HouseholdFacts | null;
}

export function checkLandEligibility(type: ApplicationType, f: LandFacts): RuleCode | null {
  if (!f.plotsHeldByGiver) return "plots_not_held_by_household";
  if (!f.plotsHouseholdContracted) return "plots_not_household_contracted";
  if (!f.plotsFreeOfOtherApplications) return "plot_in_pending_application";
  if (type === "withdrawal") return null;
  return checkReceiverHousehold(f.receiver, false);
}

export interface HomesteadFacts {
  heldByGiver: boolean;
  freeOfOtherApplications: boolean;
  receiver: HouseholdFacts | null;
}

export function checkHomesteadEligibility(type: ApplicationType, f: HomesteadFacts): RuleCode | null {
  if (!f.heldByGiver) return "homestead_not_held_by_household";
  if (!f.freeOfOtherApplications) return "homestead_in_pending_application";
  if (type === "withdrawal") return null;
  return checkReceiverHousehold(f.receiver, true);
}

function checkReceiverHousehold(receiver: HouseholdFacts | null, needsNoHomestead: boolean): RuleCode | null {
  if (!receiver || !receiver.sameCollective) return "receiver_not_in_collective";
  if (!receiver.active || !receiver.representativeIsActiveMember) return "receiver_not_member";
  if (needsNoHomestead && receiver.activeHomesteads > 0) return "receiver_has_homestead";
  return null;
}

