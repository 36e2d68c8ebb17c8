import { eq } from "drizzle-orm";
import { writesCollective } from "../../domain/access.js";
import { correctHomesteadFacts, type HomesteadFacts } from "../../domain/corrections.js";
import { DomainError } from "../../domain/errors.js";
import { formatAreaM2, toUnits } from "../../domain/quantities.js";
import { homesteads } from "../../../schema/index.js";
import { findCollective } from "../../storage/collectives.js";
import { factVersionsOf } from "../../storage/facts.js";
import { findHomestead, type HomesteadRow } from "../../storage/homesteads.js";
import { invariant } from "../../lib/invariant.js";
import { commitTo, requireWriter, type CommandContext } from "../context.js";
import { assertNotBlocked } from "../encumbrances/blocking.js";
import { Reissues } from "./reissue.js";
import { factVersionWrites } from "./versions.js";

export interface HomesteadCorrectionInput {
  areaM2?: string;
  approvalRef?: string;
  evidenceRef: string;
  reason: string;
}

function homesteadFactsOf(row: HomesteadRow): HomesteadFacts {
  return { areaM2E2: row.areaM2E2, approvalRef: row.approvalRef, annotations: JSON.parse(row.annotationsJson) as HomesteadFacts["annotations"] };
}

/** A homestead's facts as a fact version keeps them and the API answers them. */
export function homesteadFactsView(f: HomesteadFacts) {
  return { areaM2: formatAreaM2(f.areaM2E2), approvalRef: f.approvalRef, annotations: f.annotations };
}

/**
 * Corrects a homestead's registered area or approval reference on evidence: the row is updated (a legacy
 * homestead's over-area annotation follows the corrected area), the facts as recorded until now are kept as a
 * fact version, and an active homestead's certificate is reissued. A seized homestead is not corrected.
 */
export async function correctHomestead(ctx: CommandContext, unitNumber: string, input: HomesteadCorrectionInput) {
  requireWriter(ctx, "correct the register");
  const { db, clock, ids } = ctx.deps;
  const seen = await findHomestead(db, unitNumber);
  if (!seen || !writesCollective(ctx.actor, seen.collectiveCode)) throw new DomainError("homestead_not_found", `No homestead ${unitNumber} in your scope.`);
  const collective = await findCollective(db, seen.collectiveCode);
  invariant(collective, "a homestead belongs to a registered collective");
  return commitTo(ctx, collective.code, async () => {
    const today = clock.today();
    const nowMs = clock.nowMs();
    const row = (await findHomestead(db, unitNumber))!;
    const before = homesteadFactsOf(row);
    const outcome = correctHomesteadFacts(
      before,
      { areaM2E2: input.areaM2 === undefined ? undefined : toUnits(input.areaM2, 2), approvalRef: input.approvalRef },
      { origin: row.origin, capE2: row.maxAreaM2E2 },
    );
    if (typeof outcome === "string")
      throw new DomainError(
        outcome,
        outcome === "area_must_be_positive"
          ? "areaM2 must be more than 0."
          : outcome === "homestead_area_exceeds_cap"
            ? `A granted homestead stays within the cap it was approved under (${formatAreaM2(row.maxAreaM2E2 ?? 0)} m²).`
            : `Homestead ${unitNumber} already has these facts; nothing to correct.`,
      );
    const after = outcome.next;
    await assertNotBlocked(db, collective.code, [{ kind: "homestead", subject: unitNumber }], "correction", today);
    const corrected: HomesteadRow = { ...row, areaM2E2: after.areaM2E2, approvalRef: after.approvalRef, annotationsJson: JSON.stringify(after.annotations) };
    const reissues = new Reissues(ctx.deps, today, nowMs);
    const certificateNo = row.status === "active" ? await reissues.homestead(collective, corrected) : null;
    const versions = factVersionWrites(
      db,
      ids,
      { entity: "homestead", key: unitNumber, collectiveCode: collective.code },
      await factVersionsOf(db, "homestead", unitNumber),
      { facts: homesteadFactsView(before), recordedFromMs: row.createdAtMs },
      { facts: homesteadFactsView(after), evidenceRef: input.evidenceRef, reason: input.reason },
      nowMs,
    );
    const result = {
      entity: "homestead" as const,
      key: unitNumber,
      changed: outcome.changed,
      previous: homesteadFactsView(before),
      corrected: homesteadFactsView(after),
      evidenceRef: input.evidenceRef,
      reason: input.reason,
      recordedAt: new Date(nowMs).toISOString(),
      certificates: reissues.summary,
    };
    return {
      journal: { type: "homestead.corrected", subject: unitNumber, collectiveCode: collective.code, data: { ...result, certificateNo } },
      writes: (journalSeq) => [
        db.update(homesteads).set({ areaM2E2: after.areaM2E2, approvalRef: after.approvalRef, annotationsJson: corrected.annotationsJson }).where(eq(homesteads.unitNumber, unitNumber)),
        ...versions(journalSeq),
        ...reissues.writes(journalSeq),
      ],
      result,
    };
  });
}
