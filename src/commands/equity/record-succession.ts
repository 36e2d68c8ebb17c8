import type { BatchItem } from "drizzle-orm/batch";
import { DomainError } from "../../domain/errors.js";
import { formatShares, toUnits } from "../../domain/quantities.js";
import { countyOfCollective } from "../../domain/routing.js";
import { rulesInForce } from "../../domain/rules.js";
import { checkSuccession, checkSuccessionRequest, type SuccessionRejection, type SuccessionRequest, type SuccessionState } from "../../domain/succession.js";
import { equityEntries } from "../../../schema/index.js";
import { listRuleVersions } from "../../storage/collectives.js";
import { holdingsOf, ISSUED_ACCOUNT, type HoldingRow } from "../../storage/equity.js";
import { findMembership, membershipsOfCollective } from "../../storage/memberships.js";
import { findPersons, type PersonRow } from "../../storage/persons.js";
import { currentVersions, validCertificates } from "../../storage/titles.js";
import { toRulesVersion } from "../collectives/view.js";
import { collectiveForWrite, commitTo, type CommandContext } from "../context.js";
import { quotePersonId } from "../members/view.js";
import { assertNotBlocked } from "../encumbrances/blocking.js";
import { indexInDirectory, personInCounty } from "../persons/directory.js";
import { equityHoldingTitles } from "../titles/equity.js";
import { capTable, withAnnotations, withCertificates } from "./cap-table.js";

export interface SuccessionInput {
  deceasedPersonId: string;
  heirs: { personId: string; shares: string }[];
  evidenceRef: string;
  /** The legal date the heirs hold from (default today, CST): not in the future, not before the death. */
  succeededOn?: string;
}

/**
 * Records the succession (继承) of a deceased member's shares (domain/succession.ts): one ledger entry of kind
 * `succession` from the deceased to each heir, title versions valid from the succession date, the deceased's
 * certificate cancelled and a new one for each heir, and the journal row — one batch. The charter's rules in force
 * on the succession date decide whether heirs must be members and whether the holding cap applies.
 */
export async function recordSuccession(ctx: CommandContext, code: string, input: SuccessionInput) {
  const collective = await collectiveForWrite(ctx, code, "record successions");
  const { db, clock } = ctx.deps;
  const request: SuccessionRequest = {
    deceasedPersonId: input.deceasedPersonId,
    heirs: input.heirs.map((h) => ({ personId: h.personId, sharesE4: toUnits(h.shares, 4) })),
    succeededOn: input.succeededOn ?? clock.today(),
  };
  const early = checkSuccessionRequest(request, clock.today());
  if (early) throw new DomainError(early.code, describe(early, request, code, {}));
  const deceasedId = request.deceasedPersonId;
  const heirIds = request.heirs.map((h) => h.personId);

  // The heirs as found by the decision that committed (the answer stored for an Idempotency-Key is the result alone).
  let found: PersonRow[] = [];
  const answer = await commitTo(ctx, code, async () => {
    const { state, holdings, memberships, people, copies, deathOn } = await successionState(ctx, code, request);
    const rejected = checkSuccession(request, clock.today(), state);
    if (rejected) throw new DomainError(rejected.code, describe(rejected, request, code, { ...state, deathOn }));
    // A seizure of the deceased's shares (查封) blocks their succession until it is lifted.
    await assertNotBlocked(db, code, [{ kind: "equity", subject: deceasedId }], "succession", clock.today());

    const after = new Map<string, HoldingRow>(holdings.map((h) => [h.account, { ...h }]));
    after.set(deceasedId, { ...after.get(deceasedId)!, sharesE4: 0 });
    for (const h of request.heirs) {
      const before = after.get(h.personId) ?? { collectiveCode: code, account: h.personId, sharesE4: 0, reservedE4: 0 };
      after.set(h.personId, { ...before, sharesE4: before.sharesE4 + h.sharesE4 });
    }
    const titles = await equityHoldingTitles(
      ctx.deps,
      collective,
      "succession",
      [{ account: deceasedId, sharesE4: 0 }, ...request.heirs.map((h) => ({ account: h.personId, sharesE4: after.get(h.personId)!.sharesE4 }))],
      null,
      { effectiveOn: request.succeededOn, people },
    );
    const accounts = [...after.keys()].filter((k) => !k.startsWith("@"));
    const [names, certificates] = await Promise.all([findPersons(db, accounts), validCertificates(db, "equity", accounts, code)]);
    const table = withAnnotations(
      withCertificates(capTable(code, [...after.values()], new Map([...names, ...people])), (personId) => titles.issuedFor.get(personId) ?? certificates.get(personId)?.certificateNo ?? null),
      memberships,
      clock.today(),
    );
    const nowMs = clock.nowMs();
    found = heirIds.map((id) => people.get(id)!);
    const heirs = request.heirs.map((h) => ({
      personId: h.personId,
      name: people.get(h.personId)!.name,
      shares: formatShares(h.sharesE4),
      holding: formatShares(after.get(h.personId)!.sharesE4),
      certificateNo: titles.issuedFor.get(h.personId)!,
      member: state.activeMembers.has(h.personId),
    }));
    return {
      journal: {
        type: "equity.succeeded",
        subject: deceasedId,
        collectiveCode: code,
        data: {
          deceasedPersonId: deceasedId,
          succeededOn: request.succeededOn,
          shares: formatShares(state.holdingE4),
          heirs: heirs.map((h) => ({ personId: h.personId, shares: h.shares, member: h.member })),
          evidenceRef: input.evidenceRef,
          certificates: titles.summary,
        },
      },
      writes: (journalSeq) => [
        ...copies,
        ...request.heirs.map((h) =>
          db.insert(equityEntries).values({
            collectiveCode: code,
            journalSeq,
            kind: "succession",
            debitAccount: deceasedId,
            creditAccount: h.personId,
            shareClass: null,
            sharesE4: h.sharesE4,
            recordedAtMs: nowMs,
          }),
        ),
        ...titles.writes(journalSeq),
      ],
      result: { deceasedPersonId: deceasedId, succeededOn: request.succeededOn, heirs, evidenceRef: input.evidenceRef, capTable: table },
    };
  });
  for (const heir of found) await indexInDirectory(ctx, heir, countyOfCollective(code));
  return answer;
}

/** What the rules are checked against, read inside the decision (so a retry reads it afresh). */
async function successionState(ctx: CommandContext, code: string, request: SuccessionRequest) {
  const { db } = ctx.deps;
  const deceasedId = request.deceasedPersonId;
  const heirIds = request.heirs.map((h) => h.personId);
  const [holdings, memberships, ruleRows, deceasedMembership, local, versions] = await Promise.all([
    holdingsOf(db, code),
    membershipsOfCollective(db, code, "all"),
    listRuleVersions(db, code),
    findMembership(db, code, deceasedId),
    findPersons(db, [deceasedId, ...heirIds]),
    currentVersions(db, "equity", code, [deceasedId, ...heirIds]),
  ]);
  // An heir registered in another county is copied into this one in the same batch (persons/directory.ts).
  const copies: BatchItem<"sqlite">[] = [];
  const people = new Map<string, PersonRow>(local);
  for (const id of heirIds.filter((id) => !local.has(id))) {
    const lookup = await personInCounty(ctx, id);
    if (lookup.person) people.set(id, lookup.person);
    if (lookup.copy) copies.push(lookup.copy);
  }
  const balances = new Map(holdings.map((h) => [h.account, h]));
  const rules = rulesInForce(ruleRows.map(toRulesVersion), request.succeededOn)?.rules;
  const state: SuccessionState = {
    registered: new Set(people.keys()),
    deceasedMembership,
    holdingE4: balances.get(deceasedId)?.sharesE4 ?? 0,
    reservedE4: balances.get(deceasedId)?.reservedE4 ?? 0,
    activeMembers: new Set(memberships.filter((m) => m.status === "active").map((m) => m.personId)),
    heirHoldingsE4: new Map(heirIds.map((id) => [id, balances.get(id)?.sharesE4 ?? 0])),
    issuedE4: -(balances.get(ISSUED_ACCOUNT)?.sharesE4 ?? 0),
    heirsMustBeMembers: rules?.heirsMustBeMembers ?? false,
    capPercent: rules?.successionWithinHoldingCap ? (rules.equityHoldingCapPercent ?? null) : null,
    lastChangeOn: [...versions.values()].reduce<string | null>((last, v) => (last === null || v.validFrom > last ? v.validFrom : last), null),
  };
  return { state, holdings, memberships, people, copies, deathOn: deceasedMembership?.endedOn ?? null };
}

function describe(
  rejected: SuccessionRejection,
  request: SuccessionRequest,
  code: string,
  facts: Partial<Pick<SuccessionState, "holdingE4" | "reservedE4" | "capPercent" | "lastChangeOn">> & { deathOn?: string | null },
): string {
  const who = rejected.personId === undefined ? "" : quotePersonId(rejected.personId);
  const deceased = quotePersonId(request.deceasedPersonId);
  switch (rejected.code) {
    case "shares_must_be_positive":
      return "Every heir must receive more than 0 shares.";
    case "heirs_duplicated":
      return `Heir ${who} is listed twice; list each heir once with all the shares they receive.`;
    case "holders_must_be_different":
      return "The deceased cannot be among the heirs.";
    case "date_in_future":
      return `succeededOn ${request.succeededOn} is after today (China Standard Time).`;
    case "person_not_found":
      return `No person ${who}; register the person first.`;
    case "deceased_membership_not_ended":
      return `The membership of ${deceased} in ${code} has not ended with reason death; record the death (membership termination, reason "death") first.`;
    case "succession_before_death":
      return `succeededOn ${request.succeededOn} is before the death on ${facts.deathOn}.`;
    case "nothing_to_succeed":
      return `${deceased} holds no shares of ${code}.`;
    case "shares_reserved_by_application":
      return `${formatShares(facts.reservedE4 ?? 0)} of the shares of ${deceased} are reserved by open transfer or withdrawal applications; close those applications first.`;
    case "succession_shares_mismatch": {
      const listed = request.heirs.reduce((sum, h) => sum + BigInt(h.sharesE4), 0n);
      return `The heirs' shares add up to ${formatSharesBig(listed)}; ${deceased} holds ${formatShares(facts.holdingE4 ?? 0)}, and the heirs take it all, exactly.`;
    }
    case "heir_not_member":
      return `Heir ${who} is not an active member of ${code}, and the collective's rules let only members inherit shares.`;
    case "holding_cap_exceeded":
      return `Heir ${who} would hold more than ${facts.capPercent}% of all shares; the collective's rules apply the cap to successions.`;
    case "succession_predates_holding_change":
      return `succeededOn ${request.succeededOn} is before ${facts.lastChangeOn}, when a holding this succession touches last changed; choose a date on or after it.`;
    default:
      return "The succession breaks a rule.";
  }
}

/** A sum of units that may exceed 2^53 (only ever shown, never stored). */
function formatSharesBig(unitsE4: bigint): string {
  const whole = unitsE4 / 10_000n;
  const fraction = (unitsE4 % 10_000n).toString().padStart(4, "0").replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : `${whole}`;
}
