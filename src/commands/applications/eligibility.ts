import {
  checkEquityEligibility,
  checkHomesteadEligibility,
  checkLandEligibility,
  type HouseholdFacts,
} from "../../domain/applications.js";
import type { RuleCode } from "../../domain/errors.js";
import { rulesInForce } from "../../domain/rules.js";
import { openHomesteadApplication, openPlotReservations } from "../../storage/applications.js";
import { listRuleVersions } from "../../storage/collectives.js";
import { holdingsOf, ISSUED_ACCOUNT } from "../../storage/equity.js";
import { activeHomesteadsOf, findHomestead } from "../../storage/homesteads.js";
import { findHousehold } from "../../storage/households.js";
import { activeContractsOfPlots } from "../../storage/land.js";
import { activeMemberIds } from "../../storage/memberships.js";
import type { Db } from "../../storage/db.js";
import { toRulesVersion } from "../collectives/view.js";
import { assertApplicationNotBlocked } from "../encumbrances/blocking.js";
import type { ApplicationTerms } from "./terms.js";

/**
 * Loads the facts the eligibility rules need and applies them. `self` is the application itself when it is
 * re-checked at registration (its own reservation does not count against it). A right under an encumbrance that
 * blocks the change (a seizure, an objection in effect; a pledge without its pledgee's consent, at registration)
 * is refused with the code naming it (commands/encumbrances/blocking.ts) — thrown, with the encumbrance in the detail.
 */
export async function checkEligibility(db: Db, terms: ApplicationTerms, today: string, self: { id: string; reservedE4: number } | null): Promise<RuleCode | null> {
  const rejected = await checkHolderAndReceiver(db, terms, today, self);
  if (rejected) return rejected;
  await assertApplicationNotBlocked(db, terms, today, self);
  return null;
}

async function checkHolderAndReceiver(db: Db, terms: ApplicationTerms, today: string, self: { id: string; reservedE4: number } | null): Promise<RuleCode | null> {
  switch (terms.subject) {
    case "equity": {
      const [holdings, versions, members] = await Promise.all([
        holdingsOf(db, terms.collectiveCode),
        listRuleVersions(db, terms.collectiveCode),
        terms.toPersonId ? activeMemberIds(db, terms.collectiveCode, [terms.toPersonId]) : Promise.resolve(new Set<string>()),
      ]);
      const giver = holdings.find((h) => h.account === terms.fromPersonId);
      const receiver = holdings.find((h) => h.account === terms.toPersonId);
      return checkEquityEligibility(terms.type, {
        sharesE4: terms.sharesE4 ?? 0,
        giverHoldingE4: giver?.sharesE4 ?? 0,
        giverReservedE4: (giver?.reservedE4 ?? 0) - (self?.reservedE4 ?? 0),
        receiverIsActiveMember: terms.toPersonId ? members.has(terms.toPersonId) : null,
        receiverHoldingE4: receiver?.sharesE4 ?? 0,
        issuedE4: -(holdings.find((h) => h.account === ISSUED_ACCOUNT)?.sharesE4 ?? 0),
        capPercent: rulesInForce(versions.map(toRulesVersion), today)?.rules.equityHoldingCapPercent ?? null,
      });
    }
    case "land-contract": {
      const contracts = await activeContractsOfPlots(db, terms.plotCodes);
      const held = terms.plotCodes.every((p) => contracts.some((c) => c.plotCode === p && c.contract.contractorCode === terms.fromContractorCode));
      const reserved = await openPlotReservations(db, terms.plotCodes, self?.id ?? null);
      return checkLandEligibility(terms.type, {
        plotsHeldByGiver: held && terms.plotCodes.length > 0,
        plotsHouseholdContracted: contracts.every((c) => c.contract.mode === "household"),
        plotsFreeOfOtherApplications: reserved.length === 0,
        receiver: terms.toContractorCode ? await householdFacts(db, terms.collectiveCode, terms.toContractorCode) : null,
      });
    }
    case "homestead": {
      const homestead = terms.unitNumber ? await findHomestead(db, terms.unitNumber) : null;
      return checkHomesteadEligibility(terms.type, {
        heldByGiver: homestead?.status === "active" && homestead.contractorCode === terms.fromContractorCode && homestead.collectiveCode === terms.collectiveCode,
        freeOfOtherApplications: !(terms.unitNumber && (await openHomesteadApplication(db, terms.unitNumber, self?.id ?? null))),
        receiver: terms.toContractorCode ? await householdFacts(db, terms.collectiveCode, terms.toContractorCode) : null,
      });
    }
  }
}

async function householdFacts(db: Db, collectiveCode: string, contractorCode: string): Promise<HouseholdFacts | null> {
  const household = await findHousehold(db, contractorCode);
  if (!household) return null;
  const [members, homesteads] = await Promise.all([
    activeMemberIds(db, collectiveCode, [household.representativeId]),
    activeHomesteadsOf(db, [contractorCode]),
  ]);
  return {
    sameCollective: household.collectiveCode === collectiveCode,
    active: household.status === "active",
    representativeIsActiveMember: members.has(household.representativeId),
    activeHomesteads: homesteads.length,
  };
}
