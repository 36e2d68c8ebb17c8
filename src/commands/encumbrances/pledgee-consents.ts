import type { ApplicationType } from "../../domain/applications.js";
import { inEffectOn } from "../../domain/encumbrances.js";
import { DomainError } from "../../domain/errors.js";
import { writesCollective } from "../../domain/access.js";
import { encumbranceConsents } from "../../../schema/index.js";
import { applicationDetails, findApplication } from "../../storage/applications.js";
import type { Db } from "../../storage/db.js";
import { consentsForApplication, encumbrancesOn, type EncumbranceConsentRow, type EncumbranceRow } from "../../storage/encumbrances.js";
import { invariant } from "../../lib/invariant.js";
import { visibleApplication } from "../applications/access.js";
import { termsOf } from "../applications/terms.js";
import { commitTo, rejectFutureDate, type CommandContext } from "../context.js";
import { applicationSubjects } from "./blocking.js";

/** The pledges on an application's rights, each with the pledgee's consent to this application if recorded. */
function pledgeesView(applicationId: string, pledges: EncumbranceRow[], consents: EncumbranceConsentRow[], today: string) {
  return {
    applicationId,
    pledges: pledges.map((p) => {
      const consent = consents.find((c) => c.encumbranceId === p.id);
      return {
        encumbranceId: p.id,
        subjectKind: p.subjectKind,
        subject: p.subject,
        pledgee: p.party,
        documentRef: p.documentRef,
        registeredOn: p.registeredOn,
        effectiveUntil: p.effectiveUntil,
        inEffect: inEffectOn(p, today),
        consent: consent ? { documentRef: consent.documentRef, consentedOn: consent.consentedOn } : null,
      };
    }),
  };
}

async function pledgesOn(db: Db, applicationId: string) {
  const row = await findApplication(db, applicationId);
  invariant(row, "an application is never deleted");
  const details = await applicationDetails(db, applicationId);
  const pledges = (await encumbrancesOn(db, await applicationSubjects(db, termsOf(row, details.plotCodes)))).filter(
    (e) => e.kind === "pledge" && e.collectiveCode === row.collectiveCode,
  );
  return { row, pledges };
}

/** The pledges on the application's rights and the consents recorded for it (anyone who sees the application). */
export async function listPledgeeConsents(ctx: CommandContext, type: ApplicationType, id: string) {
  await visibleApplication(ctx, id, type);
  const { db, clock } = ctx.deps;
  const { pledges } = await pledgesOn(db, id);
  return pledgeesView(id, pledges, await consentsForApplication(db, id, pledges.map((p) => p.id)), clock.today());
}

/**
 * Records a pledgee's written consent to this application's transfer or withdrawal of the pledged right (RLCL Art.
 * 47; the pledge otherwise blocks its registration). The registrar records it while the application is open.
 */
export async function recordPledgeeConsent(ctx: CommandContext, type: ApplicationType, id: string, input: { encumbranceId: string; documentRef: string; consentedOn: string }) {
  const { row: seen } = await visibleApplication(ctx, id, type);
  if (!writesCollective(ctx.actor, seen.collectiveCode)) throw new DomainError("forbidden", "Only the collective's registrar records a pledgee's consent.");
  rejectFutureDate(ctx, input.consentedOn, "consentedOn");
  const { db, clock } = ctx.deps;
  return commitTo(ctx, seen.collectiveCode, async () => {
    const today = clock.today();
    const { row, pledges } = await pledgesOn(db, id);
    if (row.status === "registered" || row.status === "rejected" || row.status === "cancelled")
      throw new DomainError("application_already_closed", `The ${type} is ${row.status}; consents are recorded only while it is open.`);
    const pledge = pledges.find((p) => p.id === input.encumbranceId);
    if (!pledge || !inEffectOn(pledge, today))
      throw new DomainError("pledgee_consent_not_needed", `No pledge ${input.encumbranceId} in effect lies on the rights of ${type} ${id}.`);
    const consents = await consentsForApplication(db, id, pledges.map((p) => p.id));
    if (consents.some((c) => c.encumbranceId === pledge.id))
      throw new DomainError("pledgee_consent_already_recorded", `The consent of ${pledge.party} to ${type} ${id} is already recorded.`);
    const consent = { encumbranceId: pledge.id, applicationId: id, documentRef: input.documentRef, consentedOn: input.consentedOn, recordedAtMs: clock.nowMs() };
    return {
      journal: {
        type: `${type}.pledgee_consented`,
        subject: id,
        collectiveCode: row.collectiveCode,
        data: { encumbranceId: pledge.id, pledgee: pledge.party, documentRef: input.documentRef, consentedOn: input.consentedOn },
      },
      writes: () => [db.insert(encumbranceConsents).values(consent)],
      result: pledgeesView(id, pledges, [...consents, consent], today),
    };
  });
}
