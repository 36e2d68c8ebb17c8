import { eq } from "drizzle-orm";
import { DomainError } from "../../domain/errors.js";
import { applicationObjections } from "../../../schema/index.js";
import { writesCollective } from "../../domain/access.js";
import type { CommandContext } from "../context.js";
import { runStep } from "./step.js";

function registrarOnly(ctx: CommandContext, what: string) {
  return (row: { collectiveCode: string }) => {
    if (!writesCollective(ctx.actor, row.collectiveCode)) throw new DomainError("forbidden", `Only the collective's registrar may ${what}.`);
  };
}
export { registrarOnly };

/** Records an objection lodged during the notice (or before it starts). An open objection blocks approval. */
export async function lodgeObjection(ctx: CommandContext, id: string, input: { objectorName: string; grounds: string }) {
  const { deps } = ctx;
  const objectionId = deps.ids("obj");
  return runStep(ctx, id, {
    move: "object",
    authorize: registrarOnly(ctx, "record objections"),
    apply: (row, details) => {
      const objection = {
        id: objectionId,
        applicationId: id,
        objectorName: input.objectorName,
        grounds: input.grounds,
        status: "open" as const,
        resolutionNote: null,
        lodgedAtMs: deps.clock.nowMs(),
        resolvedAtMs: null,
      };
      return {
        changes: row.status === "in-notice" ? { status: "objected" } : {},
        details: { ...details, objections: [...details.objections, objection] },
        writes: () => [deps.db.insert(applicationObjections).values(objection)],
        journalType: `${row.kind}.objection_lodged`,
        data: { objectionId, objectorName: input.objectorName, grounds: input.grounds },
      };
    },
  });
}

/**
 * Resolves an objection. Upheld: the application is rejected and its reservation released. Dismissed: when no
 * other objection is open, the notice goes on (its end date is unchanged).
 */
export async function resolveObjection(ctx: CommandContext, id: string, objectionId: string, input: { outcome: "dismissed" | "upheld"; note: string }) {
  const { deps } = ctx;
  return runStep(ctx, id, {
    move: "resolve-objection",
    authorize: registrarOnly(ctx, "resolve objections"),
    apply: (row, details) => {
      const objection = details.objections.find((o) => o.id === objectionId);
      if (!objection) throw new DomainError("objection_not_found", `No objection ${objectionId} on application ${id}.`);
      if (objection.status !== "open") throw new DomainError("objection_already_resolved", `Objection ${objectionId} was already ${objection.status}.`);
      const resolved = { ...objection, status: input.outcome, resolutionNote: input.note, resolvedAtMs: deps.clock.nowMs() };
      const stillOpen = details.objections.filter((o) => o.status === "open" && o.id !== objectionId).length;
      const changes =
        input.outcome === "upheld"
          ? { status: "rejected" as const, closingReason: `异议成立 / objection upheld: ${input.note}` }
          : stillOpen === 0
            ? { status: row.noticeStartsOn ? ("in-notice" as const) : ("pending-consent" as const) }
            : {};
      return {
        changes,
        details: { ...details, objections: details.objections.map((o) => (o.id === objectionId ? resolved : o)) },
        writes: () => [
          deps.db
            .update(applicationObjections)
            .set({ status: input.outcome, resolutionNote: input.note, resolvedAtMs: resolved.resolvedAtMs })
            .where(eq(applicationObjections.id, objectionId)),
        ],
        journalType: `${row.kind}.objection_${input.outcome}`,
        data: { objectionId, note: input.note },
      };
    },
  });
}
