import { checkApproval } from "../../domain/applications.js";
import { DomainError } from "../../domain/errors.js";
import { writesCollective } from "../../domain/access.js";
import { rejectFutureDate, type CommandContext } from "../context.js";
import { registrarOnly } from "./objections.js";
import { runStep } from "./step.js";

/** The collective approves (the issuing party's consent, for land) once the notice has run and no objection is open. */
export async function approve(ctx: CommandContext, id: string, input: { resolutionRef: string; decidedOn: string }) {
  rejectFutureDate(ctx, input.decidedOn, "decidedOn");
  return runStep(ctx, id, {
    move: "approve",
    authorize: registrarOnly(ctx, "approve applications"),
    apply: (row, details) => {
      const openObjections = details.objections.filter((o) => o.status === "open").length;
      const refused = checkApproval({ status: row.status, openObjections, noticeEndsOn: row.noticeEndsOn }, input.decidedOn);
      if (refused)
        throw new DomainError(
          refused,
          refused === "notice_period_running"
            ? `The public notice runs until ${row.noticeEndsOn} (China Standard Time); decide on or after that date.`
            : refused === "objection_open"
              ? "An objection is open; resolve it before deciding."
              : `The application is ${row.status}; only an application in its notice can be approved.`,
        );
      return {
        changes: { status: "approved", resolutionRef: input.resolutionRef, decidedOn: input.decidedOn },
        journalType: `${row.kind}.approved`,
        data: { resolutionRef: input.resolutionRef, decidedOn: input.decidedOn },
      };
    },
  });
}

/** The collective rejects; the reservation is released. */
export async function reject(ctx: CommandContext, id: string, input: { reason: string }) {
  return runStep(ctx, id, {
    move: "reject",
    authorize: registrarOnly(ctx, "reject applications"),
    apply: (row) => ({ changes: { status: "rejected", closingReason: input.reason }, journalType: `${row.kind}.rejected`, data: { reason: input.reason } }),
  });
}

/** The applicant (or the registrar) withdraws the application before it is approved; the reservation is released. */
export async function cancel(ctx: CommandContext, id: string, input: { reason?: string }) {
  const { actor } = ctx;
  return runStep(ctx, id, {
    move: "cancel",
    authorize: (row) => {
      if (writesCollective(actor, row.collectiveCode)) return;
      if (actor.role === "holder" && actor.personId === row.applicantPersonId) return;
      throw new DomainError("forbidden", "Only the applicant or the collective's registrar cancels an application.");
    },
    apply: (row) => ({
      changes: { status: "cancelled", closingReason: input.reason ?? "cancelled by the applicant" },
      journalType: `${row.kind}.cancelled`,
      data: { reason: input.reason ?? null },
    }),
  });
}
