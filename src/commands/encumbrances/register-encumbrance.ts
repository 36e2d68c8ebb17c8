import { DomainError } from "../../domain/errors.js";
import { checkEncumbranceRequest, objectionEffectiveUntil, type EncumbranceKind, type EncumbranceSubjectKind } from "../../domain/encumbrances.js";
import { isRegistrable } from "../../domain/management.js";
import { formatYuan, toUnits } from "../../domain/quantities.js";
import { countyOfCollective, withCounty } from "../../domain/routing.js";
import { encumbrances } from "../../../schema/index.js";
import type { Db } from "../../storage/db.js";
import { encumbrancesOfCollective } from "../../storage/encumbrances.js";
import { holdingsOf } from "../../storage/equity.js";
import { findHomestead } from "../../storage/homesteads.js";
import { activeContractsOfPlots, findContract, findPlot } from "../../storage/land.js";
import { managementRightsOf } from "../../storage/management.js";
import { findPerson } from "../../storage/persons.js";
import { collectiveForWrite, commitTo, type CommandContext } from "../context.js";
import { encumbranceView } from "./view.js";

export interface EncumbranceInput {
  kind: EncumbranceKind;
  subjectKind: EncumbranceSubjectKind;
  subject: string;
  /** The objector, the court, the pledgee; for a management right, default: the filing's transferee. */
  party?: string;
  documentRef: string;
  registeredOn: string;
  effectiveUntil?: string;
  /** A management-right registration: the filed circulation (POST /v1/plots/{plotCode}/management-rights). */
  managementRightId?: string;
  /** A pledge: the amount of the secured claim (yuan). */
  securedAmount?: string;
  note?: string;
}

/**
 * Registers an encumbrance on a right of the collective (domain/encumbrances.ts): an objection (异议登记, effect for
 * 15 days unless a lawsuit is recorded), a seizure by court order (查封), a pledge (抵押/质押) on a land right or on
 * shares, or the registration of a filed management right of 5 years or more (Civil Code Art. 341). The subject
 * must hold a registered right now. One batch with its journal row, on the collective's stream.
 */
export async function registerEncumbrance(ctx: CommandContext, code: string, input: EncumbranceInput) {
  await collectiveForWrite(ctx, code, "register encumbrances");
  const { db, clock, ids } = ctx.deps;
  const early = checkEncumbranceRequest(input, clock.today());
  if (early) throw new DomainError(early, describe(early, input));
  const id = withCounty(ids("enc"), countyOfCollective(code));
  return commitTo(ctx, code, async () => {
    const today = clock.today();
    await subjectHoldsRight(db, code, input.subjectKind, input.subject);
    let party = input.party ?? null;
    let effectiveUntil = input.kind === "objection" ? objectionEffectiveUntil(input.registeredOn) : (input.effectiveUntil ?? null);
    const detail: Record<string, unknown> = {};
    if (input.securedAmount !== undefined) detail.securedAmount = formatYuan(toUnits(input.securedAmount, 2));
    if (input.note !== undefined) detail.note = input.note;
    if (input.kind === "management-right") {
      const filing = (await managementRightsOf(db, input.subject)).find((m) => m.id === input.managementRightId);
      if (!filing) throw new DomainError("management_right_not_found", `No filing ${input.managementRightId} of the management right of plot ${input.subject}; file it first (POST /v1/plots/${input.subject}/management-rights).`);
      if (filing.status !== "active" || !isRegistrable(filing) || filing.endsOn < today)
        throw new DomainError("management_right_not_registrable", `The circulation ${filing.id} runs ${filing.startsOn} → ${filing.endsOn}${filing.status === "active" ? "" : ` and is ${filing.status}`}: only an active circulation of 5 years or more, not yet ended, is registered.`);
      const registered = (await encumbrancesOfCollective(db, code, { kind: "management-right", subjectKind: "plot", subject: input.subject })).filter(
        (e) => (JSON.parse(e.detailJson) as { managementRightId?: string }).managementRightId === filing.id && e.liftedOn === null,
      );
      if (registered.length > 0) throw new DomainError("management_right_already_registered", `The circulation ${filing.id} is registered as ${registered[0]!.id}.`);
      if (effectiveUntil !== null && effectiveUntil > filing.endsOn)
        throw new DomainError("encumbrance_period_invalid", `The registration cannot outlast the circulation, which ends ${filing.endsOn}.`);
      party ??= filing.transfereeName;
      effectiveUntil ??= filing.endsOn;
      Object.assign(detail, { managementRightId: filing.id, circulation: filing.kind, startsOn: filing.startsOn, endsOn: filing.endsOn, annualRent: formatYuan(filing.annualRentFen) });
    }
    const row = {
      id,
      collectiveCode: code,
      kind: input.kind,
      subjectKind: input.subjectKind,
      subject: input.subject,
      party: party!,
      documentRef: input.documentRef,
      registeredOn: input.registeredOn,
      effectiveUntil,
      lawsuitRef: null,
      lawsuitRecordedOn: null,
      liftedOn: null,
      liftReason: null,
      detailJson: JSON.stringify(detail),
      recordedAtMs: clock.nowMs(),
    };
    const view = encumbranceView({ ...row, journalSeq: 0 }, today);
    return {
      journal: { type: "encumbrance.registered", subject: id, collectiveCode: code, data: { ...view } },
      writes: (journalSeq) => [db.insert(encumbrances).values({ ...row, journalSeq })],
      result: view,
    };
  });
}

/** The subject must hold a registered right of this collective now; not found (or another collective's): 404. */
async function subjectHoldsRight(db: Db, code: string, kind: EncumbranceSubjectKind, subject: string): Promise<void> {
  const none = (detail: string) => new DomainError("right_not_registered", detail);
  switch (kind) {
    case "plot": {
      const plot = await findPlot(db, subject);
      if (!plot || plot.collectiveCode !== code) throw new DomainError("plot_not_found", `No plot ${subject} in collective ${code}.`);
      if ((await activeContractsOfPlots(db, [subject])).length === 0) throw none(`Plot ${subject} is under no active contract: no right on it is registered.`);
      return;
    }
    case "land-contract": {
      const contract = await findContract(db, subject);
      if (!contract || contract.collectiveCode !== code) throw new DomainError("land_contract_not_found", `No land contract ${subject} in collective ${code}.`);
      if (contract.status !== "active") throw none(`Land contract ${subject} has ended.`);
      return;
    }
    case "homestead": {
      const homestead = await findHomestead(db, subject);
      if (!homestead || homestead.collectiveCode !== code) throw new DomainError("homestead_not_found", `No homestead ${subject} in collective ${code}.`);
      if (homestead.status !== "active") throw none(`Homestead ${subject} is cancelled.`);
      return;
    }
    case "equity": {
      if (!(await findPerson(db, subject))) throw new DomainError("person_not_found", `No person ${subject}.`);
      const holding = (await holdingsOf(db, code)).find((h) => h.account === subject);
      if (!holding || holding.sharesE4 <= 0) throw none(`Person ${subject} holds no shares of ${code}.`);
      return;
    }
  }
}

function describe(code: string, input: EncumbranceInput): string {
  switch (code) {
    case "date_in_future":
      return `registeredOn ${input.registeredOn} is after today (China Standard Time).`;
    case "encumbrance_subject_invalid":
      return input.kind === "pledge"
        ? "A pledge lies on a land management right (a plot or its contract, RLCL Art. 47) or on shares, never on a homestead."
        : "A management right is registered on a plot (subjectKind plot).";
    case "objection_lapse_fixed_by_law":
      return "An objection has effect for 15 days after its registration unless a lawsuit is recorded (Civil Code Art. 220); send no effectiveUntil.";
    case "encumbrance_period_invalid":
      return `effectiveUntil ${input.effectiveUntil} is before registeredOn ${input.registeredOn}.`;
    default:
      return code.replace(/_/g, " ") + ".";
  }
}
