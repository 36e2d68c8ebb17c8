import type { CommandContext } from "../context.js";
import { certificateInSight } from "./certificate-in-sight.js";
import { certificateView } from "./view.js";

/** A certificate with its exact signed text, for whoever may see it. */
export async function getCertificate(ctx: CommandContext, certificateNo: string) {
  const { certificate, payload } = await certificateInSight(ctx, certificateNo);
  return certificateView(certificate, payload);
}
