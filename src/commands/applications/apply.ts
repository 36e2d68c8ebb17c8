import { seesCollective, writesCollective } from "../../domain/access.js";
import { addDays, type ApplicationType, type Subject } from "../../domain/applications.js";
import { DomainError } from "../../domain/errors.js";
import { countyOfCollective, withCounty } from "../../domain/routing.js";
import { toUnits } from "../../domain/quantities.js";
import { rulesInForce } from "../../domain/rules.js";
import { applicationPlots, applications } from "../../../schema/index.js";
import { findCollective, type CollectiveRow } from "../../storage/collectives.js";
import { findHousehold, householdMembersOf } from "../../storage/households.js";
import { listRuleVersions } from "../../storage/collectives.js";
import { insertChunks } from "../../storage/chunks.js";
import { toRulesVersion } from "../collectives/view.js";
import { commitTo, rejectFutureDate, type CommandContext } from "../context.js";
import { checkEligibility } from "./eligibility.js";
import type { ApplicationTerms } from "./terms.js";
import { applicationView, type ApplicationView } from "./view.js";

export interface ApplyInput {
  kind: Subject;
  collectiveCode: string;
  from: { personId?: string; contractorCode?: string };
  to?: { personId?: string; contractorCode?: string };
  shares?: string;
  plotCodes?: string[];
  unitNumber?: string;
  amount: string;
  agreementSignedOn: string;
  writtenNoticeOn?: string;
}

/**
 * Applies to transfer a right to another member (household) for payment, or to withdraw from it for
 * compensation. The application reserves its subject at once; co-holders of a giving household must consent
 * before the public notice starts.
 */
export async function apply(ctx: CommandContext, type: ApplicationType, input: ApplyInput): Promise<ApplicationView> {
  const terms = shapeTerms(type, input);
  const { db, clock, ids } = ctx.deps;
  const collective = await findCollective(db, input.collectiveCode);
  if (!collective) throw new DomainError("collective_not_found", `No collective ${input.collectiveCode} in your scope.`);
  rejectFutureDate(ctx, input.agreementSignedOn, "agreementSignedOn");
  if (input.writtenNoticeOn) rejectFutureDate(ctx, input.writtenNoticeOn, "writtenNoticeOn");

  return commitTo(ctx, collective.code, async () => {
    const today = clock.today();
    const found = terms.fromContractorCode ? await findHousehold(db, terms.fromContractorCode) : null;
    const giverHousehold = found && found.collectiveCode === collective.code ? found : null;
    authorizeApplicant(ctx, collective, terms.fromContractorCode ? (giverHousehold?.representativeId ?? null) : terms.fromPersonId);
    if (terms.fromContractorCode && !giverHousehold)
      throw new DomainError("household_not_found", `No household ${terms.fromContractorCode} in collective ${collective.code}.`);
    const applicantPersonId = giverHousehold ? giverHousehold.representativeId : terms.fromPersonId!;

    const rejected = await checkEligibility(db, terms, today, null);
    if (rejected) throw new DomainError(rejected, describe(rejected, terms));

    const coHolders = giverHousehold
      ? (await householdMembersOf(db, giverHousehold.contractorCode)).filter((m) => m.coHolder && m.personId !== giverHousehold.representativeId).map((m) => m.personId)
      : [];
    const noticeDays = rulesInForce((await listRuleVersions(db, collective.code)).map(toRulesVersion), today)?.rules.noticeDays ?? 7;
    const startsNotice = coHolders.length === 0;
    const nowMs = clock.nowMs();
    const row = {
      id: withCounty(ids(type === "transfer" ? "trf" : "wdr"), countyOfCollective(collective.code)),
      kind: type,
      subject: terms.subject,
      collectiveCode: collective.code,
      status: startsNotice ? ("in-notice" as const) : ("pending-consent" as const),
      applicantPersonId,
      fromPersonId: terms.fromPersonId,
      fromContractorCode: terms.fromContractorCode,
      toPersonId: terms.toPersonId,
      toContractorCode: terms.toContractorCode,
      sharesE4: terms.sharesE4,
      unitNumber: terms.unitNumber,
      amountFen: toUnits(input.amount, 2),
      agreementSignedOn: input.agreementSignedOn,
      writtenNoticeOn: input.writtenNoticeOn ?? null,
      requiredConsentsJson: JSON.stringify(coHolders),
      noticeStartsOn: startsNotice ? today : null,
      noticeEndsOn: startsNotice ? addDays(today, noticeDays) : null,
      resolutionRef: null,
      decidedOn: null,
      closingReason: null,
      paidOn: null,
      paymentReference: null,
      registeredOn: null,
      createdAtMs: nowMs,
      updatedAtMs: nowMs,
    };
    const plots = terms.plotCodes.map((plotCode) => ({ applicationId: row.id, plotCode, open: true }));
    const view = applicationView(row, { plotCodes: terms.plotCodes, consents: [], objections: [] });
    return {
      journal: { type: `${type}.applied`, subject: row.id, collectiveCode: collective.code, data: { ...view } },
      writes: () => [db.insert(applications).values(row), ...insertChunks(plots).map((part) => db.insert(applicationPlots).values(part))],
      result: view,
    };
  });
}

/**
 * The holder of the right applies (for a household, its representative), or the collective's registrar. A caller
 * who does not see the collective gets collective_not_found; a read-only caller who sees it, 403.
 */
function authorizeApplicant(ctx: CommandContext, collective: CollectiveRow, applicantPersonId: string | null) {
  const { actor } = ctx;
  if (writesCollective(actor, collective.code)) return;
  if (actor.role === "holder" && applicantPersonId !== null && actor.personId === applicantPersonId) return;
  if (actor.role === "holder" || seesCollective(actor, collective))
    throw new DomainError("forbidden", "Only the holder of the right (the household's representative) or the collective's registrar applies.");
  throw new DomainError("collective_not_found", `No collective ${collective.code} in your scope.`);
}

function shapeTerms(type: ApplicationType, input: ApplyInput): ApplicationTerms {
  const incomplete = (detail: string) => new DomainError("application_subject_incomplete", detail);
  if (type === "transfer" && !input.to) throw incomplete("A transfer needs `to`.");
  if (type === "withdrawal" && input.to) throw incomplete("A withdrawal returns the right to the collective: send no `to`.");
  const terms: ApplicationTerms = {
    type,
    subject: input.kind,
    collectiveCode: input.collectiveCode,
    fromPersonId: null,
    fromContractorCode: null,
    toPersonId: null,
    toContractorCode: null,
    sharesE4: null,
    plotCodes: [],
    unitNumber: null,
  };
  if (input.kind === "equity") {
    if (!input.from.personId || input.from.contractorCode || !input.shares || input.plotCodes || input.unitNumber)
      throw incomplete("An equity application names `from.personId` and `shares` (and `to.personId` for a transfer), and no plots or unit number.");
    if (type === "transfer" && (!input.to?.personId || input.to.contractorCode)) throw incomplete("An equity transfer goes to `to.personId`.");
    terms.fromPersonId = input.from.personId;
    terms.toPersonId = input.to?.personId ?? null;
    terms.sharesE4 = toUnits(input.shares, 4);
    if (terms.sharesE4 <= 0) throw new DomainError("shares_must_be_positive", "shares must be more than 0.");
  } else {
    if (!input.from.contractorCode || input.from.personId || input.shares) throw incomplete(`A ${input.kind} application names \`from.contractorCode\` (the giving household) and no shares.`);
    if (type === "transfer" && (!input.to?.contractorCode || input.to.personId)) throw incomplete(`A ${input.kind} transfer goes to \`to.contractorCode\` (a household).`);
    terms.fromContractorCode = input.from.contractorCode;
    terms.toContractorCode = input.to?.contractorCode ?? null;
    if (input.kind === "land-contract") {
      if (!input.plotCodes?.length || input.unitNumber) throw incomplete("A land-contract application names its `plotCodes`, and no unit number.");
      if (new Set(input.plotCodes).size !== input.plotCodes.length) throw new DomainError("contract_plots_duplicated", "A plot code is listed twice.");
      terms.plotCodes = [...input.plotCodes].sort();
    } else {
      if (!input.unitNumber || input.plotCodes) throw incomplete("A homestead application names its `unitNumber`, and no plots.");
      terms.unitNumber = input.unitNumber;
    }
    if (type === "withdrawal" && input.kind === "land-contract" && !input.writtenNoticeOn)
      throw new DomainError("written_notice_required", "Returning contracted land needs `writtenNoticeOn`, the date of the written notice (RLCL Art. 30).");
  }
  if (terms.fromPersonId && terms.fromPersonId === terms.toPersonId) throw new DomainError("holders_must_be_different", "The giver and the receiver are the same person.");
  if (terms.fromContractorCode && terms.fromContractorCode === terms.toContractorCode)
    throw new DomainError("holders_must_be_different", "The giving and the receiving household are the same.");
  return terms;
}

export function describe(code: string, terms: ApplicationTerms): string {
  switch (code) {
    case "insufficient_shares":
      return `Person ${terms.fromPersonId} does not hold that many shares free of other pending applications.`;
    case "receiver_not_member":
      return terms.toPersonId ? `Person ${terms.toPersonId} is not an active member of the collective.` : `The receiving household's representative is not an active member of the collective.`;
    case "holding_cap_exceeded":
      return `After the transfer, person ${terms.toPersonId} would hold more than the collective's cap per holder.`;
    case "plots_not_held_by_household":
      return `Every plot must be under the active contract of household ${terms.fromContractorCode}.`;
    case "plots_not_household_contracted":
      return "Only plots of a household (J) contract are transferred or returned this way; an other-method (Q) contract circulates its management right instead.";
    case "plot_in_pending_application":
      return "A plot is already in another pending application; it is reserved until that one is closed.";
    case "homestead_not_held_by_household":
      return `The homestead is not an active homestead of household ${terms.fromContractorCode} in this collective.`;
    case "homestead_in_pending_application":
      return "The homestead is already in another pending application.";
    case "receiver_not_in_collective":
      return `Household ${terms.toContractorCode} is not a household of this collective.`;
    case "receiver_has_homestead":
      return `Household ${terms.toContractorCode} already holds a homestead: one household, one homestead.`;
    default:
      return code.replace(/_/g, " ") + ".";
  }
}
