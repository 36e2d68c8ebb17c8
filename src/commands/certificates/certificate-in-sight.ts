import { seesRecord } from "../../domain/access.js";
import { CERTIFICATE_NO_PATTERN, parsePayload, type CertificatePayload } from "../../domain/certificates.js";
import { DomainError } from "../../domain/errors.js";
import { invariant } from "../../lib/invariant.js";
import { findCollective } from "../../storage/collectives.js";
import type { Db } from "../../storage/db.js";
import { householdMembersOf } from "../../storage/households.js";
import { findCertificate, type CertificateRow } from "../../storage/titles.js";
import type { CommandContext } from "../context.js";

/**
 * A certificate the caller may see: admin; the registrar of its collective; a bureau whose prefix covers the
 * collective's region; a holder who is the holder person or a member of the holder household. Anyone else — and a
 * number that is not a certificate number at all — gets `certificate_not_found`, as if it did not exist.
 */
export async function certificateInSight(ctx: CommandContext, certificateNo: string): Promise<{ certificate: CertificateRow; payload: CertificatePayload }> {
  const { db } = ctx.deps;
  const certificate = CERTIFICATE_NO_PATTERN.test(certificateNo) ? await findCertificate(db, certificateNo) : null;
  const collective = certificate ? await findCollective(db, certificate.collectiveCode) : null;
  const persons = certificate ? await holderPersons(db, certificate) : [];
  if (!certificate || !collective || !seesRecord(ctx.actor, [collective], persons))
    throw new DomainError("certificate_not_found", `No certificate ${certificateNo} in your scope.`);
  const payload = parsePayload(certificate.payloadJson);
  invariant(payload, "a stored certificate's payload is one this registry wrote");
  return { certificate, payload };
}

async function holderPersons(db: Db, certificate: CertificateRow): Promise<string[]> {
  if (certificate.holderKind === "person") return [certificate.holder];
  if (certificate.holderKind === "household") return (await householdMembersOf(db, certificate.holder)).map((m) => m.personId);
  return [];
}
