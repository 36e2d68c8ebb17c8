import type { CommandContext } from "../context.js";
import { certificateInSight } from "./certificate-in-sight.js";
import { certificateView, faceOf } from "./view.js";

/** What the printable certificate shows: the signed facts (its face) and the register's status of it. */
export async function getCertificateDocument(ctx: CommandContext, certificateNo: string) {
  const { certificate, payload } = await certificateInSight(ctx, certificateNo);
  return { certificate: certificateView(certificate, payload), issuer: payload.issuer, replaces: payload.replaces, face: faceOf(payload) };
}

export type CertificateDocument = Awaited<ReturnType<typeof getCertificateDocument>>;
