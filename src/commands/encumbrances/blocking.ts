import { findBlocking, type BlockingOptions, type EncumberedAction } from "../../domain/encumbrances.js";
import { DomainError } from "../../domain/errors.js";
import type { Db } from "../../storage/db.js";
import { consentsForApplication, encumbrancesOn, type EncumbranceRow, type EncumbranceSubject } from "../../storage/encumbrances.js";
import { activeContractsOfPlots } from "../../storage/land.js";
import type { ApplicationTerms } from "../applications/terms.js";
import { describeEncumbrance } from "./view.js";

export type { EncumbranceSubject };

function subjectPhrase(s: EncumbranceSubject): string {
  switch (s.kind) {
    case "plot":
      return `plot ${s.subject} is`;
    case "land-contract":
      return `land contract ${s.subject} is`;
    case "homestead":
      return `homestead ${s.subject} is`;
    case "equity":
      return `the shares of person ${s.subject} are`;
  }
}

const WHAT_BLOCKS: Record<string, string> = {
  right_seized: "a seized right is not changed until the seizure is lifted or ends",
  right_under_objection: "the objection blocks a transfer or withdrawal while it is in effect (15 days unless a lawsuit is recorded)",
  right_pledged: "record the pledgee's consent for this application (POST …/pledgee-consents) or lift the pledge first",
};

/**
 * Refuses `action` on these rights when an encumbrance in effect today blocks it (domain/encumbrances.ts), with the
 * code naming the restriction: right_seized, right_under_objection or right_pledged. For any command that changes a
 * right: applications (at apply and at registration), successions, corrections, extensions, household changes.
 * Equity subjects are person ids: only the collective's own encumbrances count.
 */
export async function assertNotBlocked(
  db: Db,
  collectiveCode: string,
  subjects: readonly EncumbranceSubject[],
  action: EncumberedAction,
  today: string,
  opts: BlockingOptions = {},
): Promise<void> {
  refuseIfBlocked(await encumbrancesOfCollectiveOn(db, collectiveCode, subjects), action, today, opts);
}

async function encumbrancesOfCollectiveOn(db: Db, collectiveCode: string, subjects: readonly EncumbranceSubject[]) {
  return subjects.length === 0 ? [] : (await encumbrancesOn(db, subjects)).filter((e) => e.collectiveCode === collectiveCode);
}

function refuseIfBlocked(list: EncumbranceRow[], action: EncumberedAction, today: string, opts: BlockingOptions): void {
  const found = findBlocking(list, action, today, opts);
  if (!found) return;
  const e = found.encumbrance;
  throw new DomainError(
    found.code,
    `The ${action} is refused: ${subjectPhrase({ kind: e.subjectKind, subject: e.subject })} under the ${describeEncumbrance(e)}; ${WHAT_BLOCKS[found.code]}.`,
  );
}

/** The rights an application changes: the giver's holding; the plots and the contracts they are under; the homestead. */
export async function applicationSubjects(db: Db, terms: ApplicationTerms): Promise<EncumbranceSubject[]> {
  switch (terms.subject) {
    case "equity":
      return terms.fromPersonId ? [{ kind: "equity", subject: terms.fromPersonId }] : [];
    case "land-contract": {
      const contracts = [...new Set((await activeContractsOfPlots(db, terms.plotCodes)).map((c) => c.contract.contractCode))];
      return [...terms.plotCodes.map((p) => ({ kind: "plot" as const, subject: p })), ...contracts.map((c) => ({ kind: "land-contract" as const, subject: c }))];
    }
    case "homestead":
      return terms.unitNumber ? [{ kind: "homestead", subject: terms.unitNumber }] : [];
  }
}

/**
 * An application's encumbrance check: at the application (`self` null) pledges wait, since a pledgee consents to an
 * application that does not exist yet; at registration, pledges block unless their pledgee consented to it.
 */
export async function assertApplicationNotBlocked(db: Db, terms: ApplicationTerms, today: string, self: { id: string } | null): Promise<void> {
  const list = await encumbrancesOfCollectiveOn(db, terms.collectiveCode, await applicationSubjects(db, terms));
  const pledges = list.filter((e) => e.kind === "pledge").map((e) => e.id);
  const consented = self && pledges.length > 0 ? await consentsForApplication(db, self.id, pledges) : [];
  refuseIfBlocked(list, terms.type, today, self ? { consentedIds: new Set(consented.map((c) => c.encumbranceId)) } : { deferPledges: true });
}
