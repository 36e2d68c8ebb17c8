import { DomainError } from "../../domain/errors.js";
import { checkContractShape, type ContractShape } from "../../domain/land.js";
import { contractMode } from "../../domain/identifiers/index.js";
import { contractPlots, landContracts, rightRegistrations } from "../../../schema/index.js";
import { rightCertificateNo } from "../../domain/certificates.js";
import { householdHolder, landContractRight } from "../titles/facts.js";
import { TitleWork } from "../titles/title-work.js";
import { findHousehold } from "../../storage/households.js";
import { landReturnedUntil } from "../../storage/applications.js";
import { insertChunks } from "../../storage/chunks.js";
import { activeContractsOfPlots, activePlotsOfContracts, findContract, findPlots } from "../../storage/land.js";
import { collectiveForWrite, commitTo, type CommandContext } from "../context.js";
import { contractView } from "./view.js";

export interface ContractInput extends ContractShape {
  certificateNo?: string;
}

/** Registers a land contract of a household over plots of the collective: one active contract per plot. */
export async function registerContract(ctx: CommandContext, code: string, input: ContractInput) {
  const collective = await collectiveForWrite(ctx, code, "register land contracts");
  const shape = checkContractShape(input, collective.issuerCode);
  if (shape) throw new DomainError(shape, describe(shape, input, collective.issuerCode));
  const { db, clock, ids } = ctx.deps;

  return commitTo<{ created: boolean; contract: ReturnType<typeof contractView> }>(ctx, code, async () => {
    const existing = await findContract(db, input.contractCode);
    if (existing) {
      const covered = (await activePlotsOfContracts(db, [existing.contractCode])).map((r) => r.plot);
      const same =
        existing.contractorCode === input.contractorCode &&
        existing.startsOn === input.startsOn &&
        existing.endsOn === input.endsOn &&
        (existing.certificateNo ?? undefined) === input.certificateNo &&
        covered.map((p) => p.plotCode).sort().join() === [...input.plotCodes].sort().join();
      if (!same) throw new DomainError("contract_already_registered", `Contract ${input.contractCode} is registered with other facts.`);
      return { unchanged: { created: false, contract: contractView(existing, covered) } };
    }
    const household = await findHousehold(db, input.contractorCode);
    if (!household || household.collectiveCode !== code)
      throw new DomainError("household_not_found", `No household ${input.contractorCode} in collective ${code}.`);
    if (household.status !== "active") throw new DomainError("household_not_active", `Household ${input.contractorCode} is ${household.status}.`);
    const returnedUntil = await landReturnedUntil(db, input.contractorCode);
    if (returnedUntil !== null && input.startsOn <= returnedUntil)
      throw new DomainError("land_returned_during_term", `Household ${input.contractorCode} returned its contracted land; it may not contract land again before the term ends (${returnedUntil}, RLCL Art. 30).`);
    const plots = await findPlots(db, input.plotCodes);
    const missing = input.plotCodes.find((p) => plots.get(p)?.collectiveCode !== code);
    if (missing) throw new DomainError("plot_not_found", `No plot ${missing} in collective ${code}; register it first.`);
    const [taken] = await activeContractsOfPlots(db, input.plotCodes);
    if (taken)
      throw new DomainError("plot_already_contracted", `Plot ${taken.plotCode} is already under active contract ${taken.contract.contractCode}.`);

    const nowMs = clock.nowMs();
    const row = {
      contractCode: input.contractCode,
      collectiveCode: code,
      contractorCode: input.contractorCode,
      mode: contractMode(input.contractCode),
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      certificateNo: input.certificateNo ?? null,
      status: "active" as const,
      createdAtMs: nowMs,
    };
    const links = input.plotCodes.map((plotCode) => ({
      id: ids("cpl"),
      collectiveCode: code,
      contractCode: input.contractCode,
      plotCode,
      status: "active" as const,
      createdAtMs: nowMs,
      endedAtMs: null,
    }));
    // The plots' first title versions hold from the contract's start; the household's certificate is issued now.
    const certificateNo = rightCertificateNo(row.contractCode, 1);
    const titles = new TitleWork(ctx.deps, collective, "first-registration", row.startsOn);
    await titles.hold(
      "plot",
      input.plotCodes.map((plotCode) => ({ subject: plotCode, next: { holderKind: "household", holder: row.contractorCode, contractCode: row.contractCode }, certificateNo })),
    );
    await titles.certify(
      "land-contract",
      row.contractCode,
      certificateNo,
      { holderKind: "household", holder: row.contractorCode, facts: await householdHolder(db, row.contractorCode) },
      await landContractRight(db, row, input.plotCodes),
    );
    const view = contractView(row, input.plotCodes.map((p) => plots.get(p)!));
    return {
      journal: { type: "land_contract.registered", subject: input.contractCode, collectiveCode: code, data: { ...view, electronicCertificateNo: certificateNo } },
      writes: (journalSeq) => [
        db.insert(landContracts).values(row),
        ...insertChunks(links).map((part) => db.insert(contractPlots).values(part)),
        db.insert(rightRegistrations).values({
          id: ids("reg"),
          collectiveCode: code,
          rightKind: "land-contract",
          rightCode: row.contractCode,
          version: 1,
          act: "first",
          contractorCode: row.contractorCode,
          plotCodesJson: JSON.stringify([...input.plotCodes].sort()),
          certificateSerial: certificateNo,
          effectiveOn: row.startsOn,
          applicationId: null,
          journalSeq,
          recordedAtMs: nowMs,
        }),
        ...titles.writes(journalSeq),
      ],
      result: { created: true, contract: view },
    };
  });
}

// Codes that failed their shape are not echoed: a clerk may have typed an ID number into the field.
function describe(code: string, input: ContractInput, issuerCode: string): string {
  switch (code) {
    case "contract_code_contractor_mismatch":
      return "contractCode must be contractorCode followed by J (household contracting) or Q (other methods).";
    case "contractor_code_outside_issuer":
      return `contractorCode must begin with this collective's issuing-party code ${issuerCode}.`;
    case "contract_plots_duplicated":
      return "A plot code is listed twice in plotCodes.";
    case "plot_outside_collective":
      return "Every plot must belong to this collective: its code begins with the collective's issuing-party code.";
    case "plot_code_malformed":
      return "Every plot code must be 19 digits.";
    case "contract_term_invalid":
      return `The term must end after it starts (${input.startsOn} → ${input.endsOn}).`;
    default:
      return "contractCode must be an 18-digit contractor code followed by J (household contracting) or Q (other methods).";
  }
}
