import type { CommandContext } from "../context.js";
import { certificateEncumbrances } from "../encumbrances/read-encumbrances.js";
import { certificateInSight } from "./certificate-in-sight.js";
import { certificateView, faceOf } from "./view.js";

/**
 * What the printable certificate shows: the signed facts (its face), the register's status of it, and — from the
 * live register, not signed — the encumbrances in effect today on its right (附记).
 */
export async function getCertificateDocument(ctx: CommandContext, certificateNo: string) {
  const { certificate, payload } = await certificateInSight(ctx, certificateNo);
  const face = faceOf(payload);
  const plotCodes = face.kind === "land-contract" ? face.right.plots.map((p) => p.plotCode) : [];
  const encumbrances = await certificateEncumbrances(ctx.deps.db, certificate, plotCodes, ctx.deps.clock.today());
  return { certificate: certificateView(certificate, payload), issuer: payload.issuer, replaces: payload.replaces, face, encumbrances };
}

export type CertificateDocument = Awaited<ReturnType<typeof getCertificateDocument>>;
