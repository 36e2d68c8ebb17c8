import { describe, expect, it } from "vitest";
import {
  addDays,
  addMonths,
  checkApproval,
  checkEquityEligibility,
  checkHomesteadEligibility,
  checkLandEligibility,
  checkMove,
  checkWithdrawalNotice,
  noticeEndsOn,
  type ApplicationStatus,
  type EquityFacts,
  type HouseholdFacts,
  type Move,
} from "../../src/domain/applications.js";

/** Shares in units of 1/10,000: 5 shares = 50000. */
const SHARE = 10_000;

describe("checkMove", () => {
  // Every move from every status, written out: the table is the state machine of the issue.
  const closed = "application_already_closed";
  const table: Record<ApplicationStatus, Record<Move, string | null>> = {
    "pending-consent": {
      consent: null,
      object: null,
      "resolve-objection": null,
      approve: "application_not_in_notice",
      reject: null,
      cancel: null,
      pay: "application_not_approved",
    },
    "in-notice": {
      consent: "application_not_awaiting_consent",
      object: null,
      "resolve-objection": null,
      approve: null,
      reject: null,
      cancel: null,
      pay: "application_not_approved",
    },
    objected: {
      consent: "application_not_awaiting_consent",
      object: null,
      "resolve-objection": null,
      approve: "objection_open",
      reject: null,
      cancel: null,
      pay: "application_not_approved",
    },
    approved: {
      consent: "application_not_awaiting_consent",
      object: "application_not_open_to_objection",
      "resolve-objection": "application_not_objected",
      approve: "application_not_in_notice",
      reject: null,
      cancel: "application_past_cancellation",
      pay: null,
    },
    registered: { consent: closed, object: closed, "resolve-objection": closed, approve: closed, reject: closed, cancel: closed, pay: closed },
    rejected: { consent: closed, object: closed, "resolve-objection": closed, approve: closed, reject: closed, cancel: closed, pay: closed },
    cancelled: { consent: closed, object: closed, "resolve-objection": closed, approve: closed, reject: closed, cancel: closed, pay: closed },
  };
  const rows = Object.entries(table).flatMap(([status, moves]) =>
    Object.entries(moves).map(([move, expected]) => [status as ApplicationStatus, move as Move, expected] as const),
  );

  it.each(rows)("from %s, %s → %s", (status, move, expected) => {
    expect(checkMove(status, move)).toBe(expected);
  });
});

describe("checkApproval", () => {
  const today = "2026-12-04";
  it.each([
    ["in notice, the notice ending today", "in-notice", 0, "2026-12-04", null],
    ["in notice, the notice ended before today", "in-notice", 0, "2026-11-27", null],
    ["in notice, the notice ending tomorrow", "in-notice", 0, "2026-12-05", "notice_period_running"],
    ["in notice with no notice dates", "in-notice", 0, null, "notice_period_running"],
    ["in notice with an open objection", "in-notice", 1, "2026-11-27", "objection_open"],
    ["objected", "objected", 1, "2026-11-27", "objection_open"],
    // precedence: the open objection is named before the running notice
    ["objected while the notice runs", "objected", 1, "2026-12-10", "objection_open"],
    ["awaiting consents", "pending-consent", 0, null, "application_not_in_notice"],
    ["already approved", "approved", 0, "2026-11-27", "application_not_in_notice"],
    ["registered", "registered", 0, "2026-11-27", "application_already_closed"],
    ["cancelled", "cancelled", 0, "2026-11-27", "application_already_closed"],
    ["rejected", "rejected", 0, "2026-11-27", "application_already_closed"],
  ] as const)("%s → %s", (_name, status, openObjections, endsOn, expected) => {
    expect(checkApproval({ status, openObjections, noticeEndsOn: endsOn }, today)).toBe(expected);
  });
});

describe("addDays and noticeEndsOn", () => {
  it.each([
    ["2026-11-27", 7, "2026-12-04"],
    ["2026-11-27", 0, "2026-11-27"],
    ["2026-12-28", 7, "2027-01-04"],
    ["2028-02-28", 1, "2028-02-29"],
    ["2027-02-28", 1, "2027-03-01"],
    ["2026-03-01", -1, "2026-02-28"],
    ["2026-11-27", 30, "2026-12-27"],
  ] as const)("%s + %i days = %s", (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });

  it.each([
    ["2026-11-27", 0, "2026-11-27"],
    ["2026-11-27", 7, "2026-12-04"],
  ] as const)("a notice from %s of %i days ends on %s (approval possible from then)", (startsOn, days, expected) => {
    expect(noticeEndsOn(startsOn, days)).toBe(expected);
  });
});

describe("addMonths", () => {
  it.each([
    ["2026-08-31", 6, "2027-02-28"],
    ["2024-02-29", 12, "2025-02-28"],
    ["2023-08-31", 6, "2024-02-29"],
    ["2026-05-27", 6, "2026-11-27"],
    ["2026-07-15", 6, "2027-01-15"],
    ["2026-01-31", 1, "2026-02-28"],
    ["2026-11-30", 3, "2027-02-28"],
    ["2026-12-31", 0, "2026-12-31"],
  ] as const)("%s + %i months = %s", (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });
});

describe("checkWithdrawalNotice (RLCL Art. 30: six months' written notice before registration)", () => {
  it.each([
    ["no written notice", null, "2026-11-27", "written_notice_required"],
    ["notice exactly six months before", "2026-05-27", "2026-11-27", null],
    ["notice more than six months before", "2025-01-01", "2026-11-27", null],
    ["notice one day short of six months", "2026-05-28", "2026-11-27", "written_notice_too_recent"],
    ["notice given on the day of registration", "2026-11-27", "2026-11-27", "written_notice_too_recent"],
    ["notice on 08-31, registration on the last day of February", "2026-08-31", "2027-02-28", null],
    ["notice on 08-31, registration a day before the end of February", "2026-08-31", "2027-02-27", "written_notice_too_recent"],
  ] as const)("%s → %s", (_name, writtenNoticeOn, registeredOn, expected) => {
    expect(checkWithdrawalNotice(writtenNoticeOn, registeredOn)).toBe(expected);
  });
});

describe("checkEquityEligibility", () => {
  const facts = (over: Partial<EquityFacts> = {}): EquityFacts => ({
    sharesE4: 5 * SHARE,
    giverHoldingE4: 12 * SHARE,
    giverReservedE4: 0,
    receiverIsActiveMember: true,
    receiverHoldingE4: 12 * SHARE,
    issuedE4: 100 * SHARE,
    capPercent: null,
    ...over,
  });
  it.each([
    ["a transfer within the holding", "transfer", facts(), null],
    ["a transfer of the whole holding", "transfer", facts({ sharesE4: 12 * SHARE }), null],
    ["a transfer of more than the holding", "transfer", facts({ sharesE4: 12 * SHARE + 1 }), "insufficient_shares"],
    ["a transfer of shares reserved by another application", "transfer", facts({ giverReservedE4: 8 * SHARE }), "insufficient_shares"],
    ["a transfer of exactly the unreserved shares", "transfer", facts({ giverReservedE4: 7 * SHARE }), null],
    ["a transfer from a person who holds nothing", "transfer", facts({ giverHoldingE4: 0 }), "insufficient_shares"],
    ["a transfer to a person who is not an active member", "transfer", facts({ receiverIsActiveMember: false }), "receiver_not_member"],
    ["a transfer with no receiver", "transfer", facts({ receiverIsActiveMember: null }), "receiver_not_member"],
    ["a transfer reaching the cap exactly (17 of 100, cap 17%)", "transfer", facts({ capPercent: "17" }), null],
    ["a transfer one unit over the cap", "transfer", facts({ capPercent: "17", sharesE4: 5 * SHARE + 1 }), "holding_cap_exceeded"],
    ["a transfer under a fractional cap (17 of 100, cap 16.99%)", "transfer", facts({ capPercent: "16.99" }), "holding_cap_exceeded"],
    // precedence: the giver's holding is checked before the receiver
    ["too many shares to a non-member", "transfer", facts({ sharesE4: 13 * SHARE, receiverIsActiveMember: false }), "insufficient_shares"],
    ["a non-member over the cap", "transfer", facts({ receiverIsActiveMember: false, capPercent: "1" }), "receiver_not_member"],
    ["a withdrawal within the holding", "withdrawal", facts({ receiverIsActiveMember: null }), null],
    ["a withdrawal of more than the unreserved shares", "withdrawal", facts({ giverReservedE4: 10 * SHARE, receiverIsActiveMember: null }), "insufficient_shares"],
    // a withdrawal goes to the collective: no receiver, no cap
    ["a withdrawal under a cap the collective exceeds", "withdrawal", facts({ receiverIsActiveMember: null, capPercent: "1" }), null],
  ] as const)("%s → %s", (_name, type, f, expected) => {
    expect(checkEquityEligibility(type, f)).toBe(expected);
  });
});

const household = (over: Partial<HouseholdFacts> = {}): HouseholdFacts => ({
  sameCollective: true,
  active: true,
  representativeIsActiveMember: true,
  activeHomesteads: 0,
  ...over,
});

describe("checkLandEligibility", () => {
  const facts = (over = {}) => ({ plotsHeldByGiver: true, plotsHouseholdContracted: true, plotsFreeOfOtherApplications: true, receiver: household(), ...over });
  it.each([
    ["a transfer to a member household of the collective", "transfer", facts(), null],
    ["a transfer to a household that holds a homestead (irrelevant for land)", "transfer", facts({ receiver: household({ activeHomesteads: 1 }) }), null],
    ["plots not under the giver's contract", "transfer", facts({ plotsHeldByGiver: false }), "plots_not_held_by_household"],
    ["a plot in another pending application", "transfer", facts({ plotsFreeOfOtherApplications: false }), "plot_in_pending_application"],
    ["plots of an other-method (Q) contract", "transfer", facts({ plotsHouseholdContracted: false }), "plots_not_household_contracted"],
    ["a withdrawal of plots of a Q contract", "withdrawal", facts({ plotsHouseholdContracted: false, receiver: null }), "plots_not_household_contracted"],
    ["an unknown receiving household", "transfer", facts({ receiver: null }), "receiver_not_in_collective"],
    ["a household of another collective", "transfer", facts({ receiver: household({ sameCollective: false }) }), "receiver_not_in_collective"],
    ["a dissolved receiving household", "transfer", facts({ receiver: household({ active: false }) }), "receiver_not_member"],
    ["a household whose representative is no member", "transfer", facts({ receiver: household({ representativeIsActiveMember: false }) }), "receiver_not_member"],
    // precedence: the subject before the receiver
    ["plots not held, to another collective", "transfer", facts({ plotsHeldByGiver: false, receiver: null }), "plots_not_held_by_household"],
    ["plots reserved, to another collective", "transfer", facts({ plotsFreeOfOtherApplications: false, receiver: null }), "plot_in_pending_application"],
    ["a withdrawal of held plots (no receiver)", "withdrawal", facts({ receiver: null }), null],
    ["a withdrawal of plots not held", "withdrawal", facts({ plotsHeldByGiver: false, receiver: null }), "plots_not_held_by_household"],
    ["a withdrawal of a reserved plot", "withdrawal", facts({ plotsFreeOfOtherApplications: false, receiver: null }), "plot_in_pending_application"],
  ] as const)("%s → %s", (_name, type, f, expected) => {
    expect(checkLandEligibility(type, f)).toBe(expected);
  });
});

describe("checkHomesteadEligibility", () => {
  const facts = (over = {}) => ({ heldByGiver: true, freeOfOtherApplications: true, receiver: household(), ...over });
  it.each([
    ["a transfer to a member household with no homestead", "transfer", facts(), null],
    ["a homestead not the giver's", "transfer", facts({ heldByGiver: false }), "homestead_not_held_by_household"],
    ["a homestead in another pending application", "transfer", facts({ freeOfOtherApplications: false }), "homestead_in_pending_application"],
    ["an unknown receiving household", "transfer", facts({ receiver: null }), "receiver_not_in_collective"],
    ["a household of another collective", "transfer", facts({ receiver: household({ sameCollective: false }) }), "receiver_not_in_collective"],
    ["a receiving household that is not active", "transfer", facts({ receiver: household({ active: false }) }), "receiver_not_member"],
    ["a receiving household whose representative is no member", "transfer", facts({ receiver: household({ representativeIsActiveMember: false }) }), "receiver_not_member"],
    ["a receiving household that holds a homestead", "transfer", facts({ receiver: household({ activeHomesteads: 1 }) }), "receiver_has_homestead"],
    // precedence: not held, then reserved, then the receiver (collective, membership, homestead)
    ["not held and reserved", "transfer", facts({ heldByGiver: false, freeOfOtherApplications: false }), "homestead_not_held_by_household"],
    ["reserved, to a household with a homestead", "transfer", facts({ freeOfOtherApplications: false, receiver: household({ activeHomesteads: 1 }) }), "homestead_in_pending_application"],
    ["to a non-member household with a homestead", "transfer", facts({ receiver: household({ representativeIsActiveMember: false, activeHomesteads: 1 }) }), "receiver_not_member"],
    ["a withdrawal of the giver's homestead", "withdrawal", facts({ receiver: null }), null],
    ["a withdrawal of a homestead not the giver's", "withdrawal", facts({ heldByGiver: false, receiver: null }), "homestead_not_held_by_household"],
    ["a withdrawal of a homestead in another application", "withdrawal", facts({ freeOfOtherApplications: false, receiver: null }), "homestead_in_pending_application"],
  ] as const)("%s → %s", (_name, type, f, expected) => {
    expect(checkHomesteadEligibility(type, f)).toBe(expected);
  });
});
