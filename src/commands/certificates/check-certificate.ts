import { CERTIFICATE_NO_PATTERN, CERTIFICATE_TITLES, parsePayload, verificationOutcome } from "../../domain/certificates.js";
import { DomainError } from "../../domain/errors.js";
import type { Deps } from "../../deps.js";
import { findCertificate } from "../../storage/titles.js";
import { certificateEncumbrances } from "../encumbrances/read-encumbrances.js";
import { faceOf, holderSummary, rightSummary } from "./view.js";

/**
 * What a phone shows after scanning a certificate's QR code: the register's certificate, whether its stored text
 * still verifies, and whether the scanned `sig` is that certificate's signature. Who holds what is shown only to
 * whoever presents the signature (it is printed on the paper, in the QR code): certificate numbers follow the
 * right's code and can be guessed, signatures cannot. ID numbers only masked.
 */
export async function checkCertificate(deps: Deps, certificateNo: string, sig: string | undefined) {
  const row = CERTIFICATE_NO_PATTERN.test(certificateNo) ? await findCertificate(deps.db, certificateNo) : null;
  if (!row) throw new DomainError("certificate_not_found", `No certificate ${certificateNo}.`);
  const signature = await deps.keyring.verify(row.payloadJson, row.signature, row.keyId);
  const payload = parsePayload(row.payloadJson);
  const outcome = verificationOutcome(signature, payload, row, { payload: row.payloadJson, signature: sig ?? "" });
  const face = payload ? faceOf(payload) : null;
  return {
    ...outcome,
    certificateNo: row.certificateNo,
    kind: row.kind,
    title: CERTIFICATE_TITLES[row.kind],
    issuedOn: row.issuedOn,
    supersededBy: row.supersededBy,
    endedOn: row.endedOn,
    right: outcome.valid && payload && face ? rightSummary(payload, face) : null,
    holder: outcome.valid && face ? holderSummary(face) : null,
    // The live register's restrictions on the right (附记), shown like the right: only with the certificate's signature.
    encumbrances: outcome.valid && face ? await certificateEncumbrances(deps.db, row, face.kind === "land-contract" ? face.right.plots.map((p) => p.plotCode) : [], deps.clock.today()) : [],
  };
}

export type CertificateCheck = Awaited<ReturnType<typeof checkCertificate>>;
