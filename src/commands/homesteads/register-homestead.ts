import { DomainError } from "../../domain/errors.js";
import { annotationsFor, checkHomesteadGrant, checkHomesteadShape, type HomesteadOrigin } from "../../domain/homesteads.js";
import { formatAreaM2, toUnits } from "../../domain/quantities.js";
import { homesteadCapE2, rulesInForce } from "../../domain/rules.js";
import { homesteads, rightRegistrations } from "../../../schema/index.js";
import { rightCertificateNo } from "../../domain/certificates.js";
import { homesteadRight, householdHolder } from "../titles/facts.js";
import { TitleWork } from "../titles/title-work.js";
import { listRuleVersions } from "../../storage/collectives.js";
import { activeHomesteadsOf, findHomestead } from "../../storage/homesteads.js";
import { findHousehold } from "../../storage/households.js";
import { toRulesVersion } from "../collectives/view.js";
import { collectiveForWrite, commitTo, rejectFutureDate, type CommandContext } from "../context.js";
import { homesteadView } from "./view.js";

export interface HomesteadInput {
  unitNumber: string;
  contractorCode: string;
  areaM2: string;
  approvedOn: string;
  origin: HomesteadOrigin;
  approvalRef?: string;
  note?: string;
}

/** Registers a homestead use right of a household of the collective. */
export async function registerHomestead(ctx: CommandContext, code: string, input: HomesteadInput) {
  const collective = await collectiveForWrite(ctx, code, "register homesteads");
  const areaM2E2 = toUnits(input.areaM2, 2);
  const shape = checkHomesteadShape({ unitNumber: input.unitNumber, contractorCode: input.contractorCode, areaM2E2 }, collective);
  if (shape) throw new DomainError(shape, describeShape(shape, input.unitNumber, collective));
  rejectFutureDate(ctx, input.approvedOn, "approvedOn");
  const { db, clock } = ctx.deps;

  return commitTo<{ created: boolean; homestead: ReturnType<typeof homesteadView> }>(ctx, code, async () => {
    const existing = await findHomestead(db, input.unitNumber);
    if (existing) {
      const view = homesteadView(existing);
      const same =
        existing.collectiveCode === code && existing.contractorCode === input.contractorCode && existing.areaM2E2 === areaM2E2 &&
        existing.approvedOn === input.approvedOn && existing.origin === input.origin && (existing.approvalRef ?? undefined) === input.approvalRef &&
        view.annotations.find((a) => a.code === "note")?.text === input.note;
      if (!same) throw new DomainError("homestead_already_registered", `Homestead ${input.unitNumber} is registered with other facts.`);
      return { unchanged: { created: false, homestead: view } };
    }
    const household = await findHousehold(db, input.contractorCode);
    if (!household || household.collectiveCode !== code)
      throw new DomainError("household_not_found", `No household ${input.contractorCode} in collective ${code}.`);
    if (household.status !== "active") throw new DomainError("household_not_active", `Household ${input.contractorCode} is ${household.status}.`);
    const rules = rulesInForce((await listRuleVersions(db, code)).map(toRulesVersion), input.approvedOn);
    const state = {
      householdActiveHomesteads: (await activeHomesteadsOf(db, [input.contractorCode])).length,
      capE2: rules ? homesteadCapE2(rules.rules) : null,
      barred: household.homesteadBarred,
      regrantAfterWithdrawal: rules?.rules.regrantAfterHomesteadWithdrawal ?? false,
    };
    const rejected = checkHomesteadGrant(input.origin, areaM2E2, state);
    if (rejected)
      throw new DomainError(
        rejected,
        rejected === "homestead_area_exceeds_cap"
          ? `${input.areaM2} m² exceeds the cap of ${formatAreaM2(state.capE2 ?? 0)} m² in force on ${input.approvedOn}.`
          : rejected === "homestead_regrant_refused"
            ? `Household ${input.contractorCode} ${household.homesteadBarred} its homestead before; it is not granted another (LAL Art. 62).`
            : `Household ${input.contractorCode} already holds a homestead; one household, one homestead (LAL Art. 62). A legacy second homestead is registered with origin "existing".`,
      );
    const row = {
      unitNumber: input.unitNumber,
      collectiveCode: code,
      contractorCode: input.contractorCode,
      areaM2E2,
      maxAreaM2E2: state.capE2,
      approvedOn: input.approvedOn,
      origin: input.origin,
      approvalRef: input.approvalRef ?? null,
      annotationsJson: JSON.stringify(annotationsFor(areaM2E2, state, input.note)),
      status: "active" as const,
      createdAtMs: clock.nowMs(),
    };
    const certificateNo = rightCertificateNo(row.unitNumber, 1);
    const titles = new TitleWork(ctx.deps, collective, "first-registration", row.approvedOn);
    await titles.hold("homestead", [{ subject: row.unitNumber, next: { holderKind: "household", holder: row.contractorCode }, certificateNo }]);
    await titles.certify(
      "homestead",
      row.unitNumber,
      certificateNo,
      { holderKind: "household", holder: row.contractorCode, facts: await householdHolder(db, row.contractorCode) },
      homesteadRight(row),
    );
    const view = homesteadView(row);
    return {
      journal: { type: "homestead.registered", subject: input.unitNumber, collectiveCode: code, data: { ...view, certificateNo } },
      writes: (journalSeq) => [
        db.insert(homesteads).values(row),
        db.insert(rightRegistrations).values({
          id: ctx.deps.ids("reg"),
          collectiveCode: code,
          rightKind: "homestead",
          rightCode: row.unitNumber,
          version: 1,
          act: "first",
          contractorCode: row.contractorCode,
          plotCodesJson: null,
          certificateSerial: certificateNo,
          effectiveOn: row.approvedOn,
          applicationId: null,
          journalSeq,
          recordedAtMs: row.createdAtMs,
        }),
        ...titles.writes(journalSeq),
      ],
      result: { created: true, homestead: view },
    };
  });
}

// Values that failed their shape are not echoed: a clerk may have typed an ID number into the field.
function describeShape(code: string, unitNumber: string, collective: { regionCode: string; issuerCode: string }): string {
  switch (code) {
    case "unit_number_not_homestead":
      return `Unit number ${unitNumber} has zone code ${unitNumber.slice(12, 14)}; a homestead use-right parcel has JC.`;
    case "unit_number_outside_county":
      return `Unit number ${unitNumber} lies in county ${unitNumber.slice(0, 6)}, not in the collective's county ${collective.regionCode.slice(0, 6)}.`;
    case "contractor_code_malformed":
      return "contractorCode must be 18 digits: an issuing-party code and a sequence 0001–9999.";
    case "contractor_code_outside_issuer":
      return `contractorCode must begin with this collective's issuing-party code ${collective.issuerCode}.`;
    case "area_must_be_positive":
      return "areaM2 must be greater than zero.";
    default:
      return "unitNumber is not a 28-character real-estate unit number (GB/T 37346).";
  }
}
