import { seesRecord, writesCollective } from "../../domain/access.js";
import { DomainError } from "../../domain/errors.js";
import { checkCreditCode } from "../../domain/identifiers/index.js";
import { checkCirculation, isRegistrable } from "../../domain/management.js";
import { formatYuan, toUnits } from "../../domain/quantities.js";
import { managementRights } from "../../../schema/index.js";
import { findCollective } from "../../storage/collectives.js";
import { householdMembersOf } from "../../storage/households.js";
import { activeContractsOfPlots, findPlot } from "../../storage/land.js";
import { activeManagementRightsOf, managementRightsOf, type ManagementRightRow } from "../../storage/management.js";
import { findPerson } from "../../storage/persons.js";
import { commitTo, requireWriter, type CommandContext } from "../context.js";

export interface CirculationInput {
  kind: "lease" | "sublease" | "shares" | "other";
  transferee: { name: string; personId?: string; creditCode?: string };
  startsOn: string;
  endsOn: string;
  annualRent: string;
  contractRef?: string;
}

export function managementRightView(row: ManagementRightRow) {
  return {
    id: row.id,
    plotCode: row.plotCode,
    contractCode: row.contractCode,
    kind: row.kind,
    transferee: { name: row.transfereeName, personId: row.transfereePersonId, creditCode: row.transfereeCreditCode },
    startsOn: row.startsOn,
    endsOn: row.endsOn,
    annualRent: formatYuan(row.annualRentFen),
    contractRef: row.contractRef,
    status: row.status,
    registrable: isRegistrable(row),
  };
}

/** Files a circulation of a plot's management right with the issuing party (the collective's registrar). */
export async function fileManagementRight(ctx: CommandContext, plotCode: string, input: CirculationInput) {
  requireWriter(ctx, "file circulations");
  const { db, clock, ids } = ctx.deps;
  const plot = await findPlot(db, plotCode);
  if (!plot || !writesCollective(ctx.actor, plot.collectiveCode)) throw new DomainError("plot_not_found", `No plot ${plotCode} in your scope.`);
  const creditCodeRejected = input.transferee.creditCode ? checkCreditCode(input.transferee.creditCode) : null;
  if (creditCodeRejected)
    throw new DomainError(
      creditCodeRejected,
      creditCodeRejected === "credit_code_malformed"
        ? "The transferee's unified social credit code must be 18 characters of GB 32100's alphabet (digits and capitals without I, O, S, V, Z)."
        : "The transferee's unified social credit code does not pass the GB 32100 check.",
    );
  if (input.transferee.personId && !(await findPerson(db, input.transferee.personId)))
    throw new DomainError("person_not_found", "No such transferee person; register the person first or give only a name.");
  return commitTo(ctx, plot.collectiveCode, async () => {
    const [current] = await activeContractsOfPlots(db, [plotCode]);
    const existing = await activeManagementRightsOf(db, plotCode);
    const rejected = checkCirculation(input, current?.contract ?? null, existing);
    if (rejected)
      throw new DomainError(
        rejected,
        rejected === "management_term_exceeds_contract"
          ? `The circulation must lie within the contract's term (${current?.contract.startsOn} → ${current?.contract.endsOn}).`
          : rejected === "management_right_overlaps"
            ? "The plot's management right is already circulated for part of that term."
            : rejected === "plot_not_contracted"
              ? "The plot is under no active contract: only a contracting household circulates its management right."
              : "The circulation must end after it starts.",
      );
    const row = {
      id: ids("mgr"),
      collectiveCode: plot.collectiveCode,
      plotCode,
      contractCode: current!.contract.contractCode,
      kind: input.kind,
      transfereeName: input.transferee.name,
      transfereePersonId: input.transferee.personId ?? null,
      transfereeCreditCode: input.transferee.creditCode ?? null,
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      annualRentFen: toUnits(input.annualRent, 2),
      contractRef: input.contractRef ?? null,
      status: "active" as const,
      createdAtMs: clock.nowMs(),
    };
    const view = managementRightView(row);
    return {
      journal: { type: "management_right.filed", subject: plotCode, collectiveCode: plot.collectiveCode, data: view },
      writes: () => [db.insert(managementRights).values(row)],
      result: view,
    };
  });
}

export async function listManagementRights(ctx: CommandContext, plotCode: string) {
  const { db } = ctx.deps;
  const plot = await findPlot(db, plotCode);
  const collective = plot ? await findCollective(db, plot.collectiveCode) : null;
  const [current] = plot ? await activeContractsOfPlots(db, [plotCode]) : [];
  const members = current ? await householdMembersOf(db, current.contract.contractorCode) : [];
  if (!plot || !collective || !seesRecord(ctx.actor, [collective], members.map((m) => m.personId)))
    throw new DomainError("plot_not_found", `No plot ${plotCode} in your scope.`);
  return (await managementRightsOf(db, plotCode)).map(managementRightView);
}
