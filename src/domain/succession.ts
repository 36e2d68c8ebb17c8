import { Decimal } from "decimal.js";
import type { NotFoundCode, RuleCode } from "./errors.js";

/**
 * Succession (继承) of a deceased member's shares to the heirs, in units of 1/10,000 share. The statute says
 * nothing about inheriting shares; policy asks collectives to set rules for it (中发〔2016〕37号) and local rules make
 * shares inheritable (Zhejiang 农村集体资产管理条例 Art. 30) — domain.md §2.4; membership itself ends at death (RCEO
 * Law Art. 17) and is not inherited. Whether an heir who is not a member may hold, and whether succession respects
 * the holding cap, are the charter's choice (rules `heirsMustBeMembers`, `successionWithinHoldingCap`).
 *
 * Invariants, in precedence order (the request's own faults first, then the register's state):
 *  1. every heir receives a positive number of shares                                   shares_must_be_positive
 *  2. each heir is listed once                                                           heirs_duplicated
 *  3. no heir is the deceased                                                            holders_must_be_different
 *  4. the succession date is not after today (CST)                                       date_in_future
 *  5. (state) the deceased and every heir are registered persons                         person_not_found
 *  6. (state) the deceased's membership of the collective ended with reason `death`      deceased_membership_not_ended
 *  7. (state) the succession date is not before the death (the membership's end date)    succession_before_death
 *  8. (state) the deceased holds shares                                                  nothing_to_succeed
 *  9. (state) none of them is reserved by an open application                            shares_reserved_by_application
 * 10. (state) the heirs' shares add up exactly to the deceased's holding                 succession_shares_mismatch
 * 11. (state, rule heirsMustBeMembers) every heir is an active member                    heir_not_member
 * 12. (state, rule successionWithinHoldingCap, with a cap) no heir's holding after the
 *     succession exceeds cap % of all shares issued                                      holding_cap_exceeded
 * 13. (state) the succession date is not before the last registered change of any holding
 *     it touches, so that each holding's title versions stay in order of valid time     succession_predates_holding_change
 * 14. (database) entries move positive shares between two different accounts, never from
 *     `@issued`; no holding goes below zero or below its reservation; Σ holdings = issued.
 */
export interface Heir {
  personId: string;
  sharesE4: number;
}

export interface SuccessionRequest {
  deceasedPersonId: string;
  heirs: Heir[];
  succeededOn: string;
}

export interface SuccessionState {
  /** Registered persons among the deceased and the heirs (in the collective's database, or its county's home). */
  registered: ReadonlySet<string>;
  /** The deceased's latest membership of the collective (the active one, or the one that ended last). */
  deceasedMembership: { status: "active" | "ended"; endedOn: string | null; endReason: string | null } | null;
  /** The deceased's holding and the part of it reserved by open applications. */
  holdingE4: number;
  reservedE4: number;
  /** Heirs who are active members of the collective now. */
  activeMembers: ReadonlySet<string>;
  /** What each heir holds before the succession. */
  heirHoldingsE4: ReadonlyMap<string, number>;
  issuedE4: number;
  heirsMustBeMembers: boolean;
  /** The charter's cap in percent, where succession must respect it (null: no cap applies to succession). */
  capPercent: string | null;
  /** The latest `validFrom` of the current title versions of the holdings involved (null: none yet). */
  lastChangeOn: string | null;
}

export type SuccessionCode = RuleCode | Extract<NotFoundCode, "person_not_found">;

export interface SuccessionRejection {
  code: SuccessionCode;
  /** The person the rejection is about, where there is one. */
  personId?: string;
}

/** Rules 1–4: what the request alone decides, before anything is read. */
export function checkSuccessionRequest(request: SuccessionRequest, today: string): SuccessionRejection | null {
  const zero = request.heirs.find((h) => h.sharesE4 <= 0);
  if (zero || request.heirs.length === 0) return { code: "shares_must_be_positive", personId: zero?.personId };
  const seen = new Set<string>();
  for (const h of request.heirs) {
    if (seen.has(h.personId)) return { code: "heirs_duplicated", personId: h.personId };
    seen.add(h.personId);
  }
  if (seen.has(request.deceasedPersonId)) return { code: "holders_must_be_different", personId: request.deceasedPersonId };
  if (request.succeededOn > today) return { code: "date_in_future" };
  return null;
}

/** Every rule, in the precedence above: the first one broken, or null. */
export function checkSuccession(request: SuccessionRequest, today: string, state: SuccessionState): SuccessionRejection | null {
  const early = checkSuccessionRequest(request, today);
  if (early) return early;
  const missing = [request.deceasedPersonId, ...request.heirs.map((h) => h.personId)].find((id) => !state.registered.has(id));
  if (missing) return { code: "person_not_found", personId: missing };
  const membership = state.deceasedMembership;
  if (!membership || membership.status !== "ended" || membership.endReason !== "death")
    return { code: "deceased_membership_not_ended", personId: request.deceasedPersonId };
  if (membership.endedOn !== null && request.succeededOn < membership.endedOn) return { code: "succession_before_death" };
  if (state.holdingE4 <= 0) return { code: "nothing_to_succeed", personId: request.deceasedPersonId };
  if (state.reservedE4 > 0) return { code: "shares_reserved_by_application", personId: request.deceasedPersonId };
  // BigInt: up to 100 heirs of up to 10^15 units each would pass 2^53 as a JS number.
  const total = request.heirs.reduce((sum, h) => sum + BigInt(h.sharesE4), 0n);
  if (total !== BigInt(state.holdingE4)) return { code: "succession_shares_mismatch" };
  if (state.heirsMustBeMembers) {
    const outsider = request.heirs.find((h) => !state.activeMembers.has(h.personId));
    if (outsider) return { code: "heir_not_member", personId: outsider.personId };
  }
  if (state.capPercent !== null) {
    // The shares only change hands: all shares issued stay as they are.
    const cap = new Decimal(state.issuedE4).times(state.capPercent).dividedBy(100);
    const over = request.heirs.find((h) => new Decimal(state.heirHoldingsE4.get(h.personId) ?? 0).plus(h.sharesE4).gt(cap));
    if (over) return { code: "holding_cap_exceeded", personId: over.personId };
  }
  if (state.lastChangeOn !== null && request.succeededOn < state.lastChangeOn) return { code: "succession_predates_holding_change" };
  return null;
}

/**
 * Why a holding on the cap table belongs to someone who is not a member (a member's holding has none):
 *  - `deceased`: the membership ended by death; the holding awaits succession;
 *  - `former-member`: the membership ended for another ground (the person kept the shares, RCEO Law Arts. 16–17);
 *  - `non-member-heir`: never a member — issuances and transfers go to members only, so such a holding came by
 *    succession where the charter lets non-member heirs hold.
 * Computed from the person's memberships of the collective as they stood at the end of `on`.
 */
export type HoldingAnnotation = "deceased" | "former-member" | "non-member-heir";

export interface MembershipSpan {
  joinedOn: string;
  endedOn: string | null;
  endReason: string | null;
}

export function holdingAnnotations(memberships: readonly MembershipSpan[], on: string): HoldingAnnotation[] {
  const begun = memberships.filter((m) => m.joinedOn <= on);
  if (begun.some((m) => m.endedOn === null || m.endedOn > on)) return [];
  if (begun.length === 0) return ["non-member-heir"];
  const last = begun.reduce((a, b) => ((b.endedOn ?? "") > (a.endedOn ?? "") ? b : a));
  return [last.endReason === "death" ? "deceased" : "former-member"];
}
