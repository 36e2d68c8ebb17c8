import { countyOfCertificate, parsePayload, verificationOutcome } from "../../domain/certificates.js";
import type { Deps } from "../../deps.js";
import { findCertificate } from "../../storage/titles.js";

/**
 * Public verification of a presented certificate {payload, signature, keyId}: is the signature a registry key's,
 * and is the payload the register's own copy? A forged or garbled payload is an answer (`valid: false` with a
 * reason), never an error. The register is looked up in the county the payload's certificate number names: the
 * county is known only once the payload is read, so this command routes itself (deps.router).
 */
export async function verifyCertificate(deps: Deps, presented: { payload: string; signature: string; keyId: string }) {
  const signature = await deps.keyring.verify(presented.payload, presented.signature, presented.keyId);
  const payload = parsePayload(presented.payload);
  const county = payload ? countyOfCertificate(payload.certificateNo) : null;
  const registered = payload && county ? await findCertificate(deps.router.forCounty(county), payload.certificateNo) : null;
  const outcome = verificationOutcome(signature, payload, registered, presented);
  return { ...outcome, ...(payload ? { certificateNo: payload.certificateNo } : {}) };
}
