import { eq } from "drizzle-orm";
import { correctPersonName } from "../../domain/corrections.js";
import { DomainError } from "../../domain/errors.js";
import { persons } from "../../../schema/index.js";
import { findCollective, type CollectiveRow } from "../../storage/collectives.js";
import type { Db } from "../../storage/db.js";
import { holdingsOfPerson } from "../../storage/equity.js";
import { factVersionsOf } from "../../storage/facts.js";
import { activeHomesteadsOf } from "../../storage/homesteads.js";
import { householdTiesOfPerson } from "../../storage/households.js";
import { activePlotsOfContracts, contractsOfHouseholds } from "../../storage/land.js";
import { findPerson } from "../../storage/persons.js";
import { collectivesOfPerson } from "../../storage/rights.js";
import { validCertificates } from "../../storage/titles.js";
import { commitTo, requireWriter, type CommandContext } from "../context.js";
import { assertNotBlocked, type EncumbranceSubject } from "../encumbrances/blocking.js";
import { Reissues } from "./reissue.js";
import { factVersionWrites } from "./versions.js";

/**
 * Corrects a person's registered name on evidence (a mistyped character): the row is updated, the name as recorded
 * until now is kept as a fact version, and every valid certificate that states the name is reissued — the person's
 * share certificates, and the contract and homestead certificates of the households the person belongs to. None of
 * those rights may be seized. Admin, or the registrar of a collective where the person has a membership, a
 * household or a holding; journaled on the person's stream.
 */
export async function correctPerson(ctx: CommandContext, personId: string, input: { name: string; evidenceRef: string; reason: string }) {
  requireWriter(ctx, "correct the register");
  const { db, clock, ids } = ctx.deps;
  const person = await findPerson(db, personId);
  const collectives = person ? await collectivesOfPerson(db, personId) : [];
  const mayCorrect = ctx.actor.role === "admin" || (ctx.actor.role === "registrar" && collectives.some((c) => c.code === ctx.actor.collectiveCode));
  if (!person || !mayCorrect) throw new DomainError("person_not_found", `No person ${personId} in your scope.`);
  return commitTo(ctx, `person:${personId}`, async () => {
    const today = clock.today();
    const nowMs = clock.nowMs();
    const row = (await findPerson(db, personId))!;
    const outcome = correctPersonName(row.name, input.name);
    if (typeof outcome === "string") throw new DomainError(outcome, "The person is already registered under this name; nothing to correct.");
    const name = outcome.next;
    const reissues = new Reissues(ctx.deps, today, nowMs);
    const names = new Map([[personId, name]]);
    const affected = await rightsNaming(db, personId);
    for (const [code, rights] of affected) {
      await assertNotBlocked(db, code, rights.subjects, "correction", today);
      const collective = rights.collective;
      for (const contract of rights.contracts) await reissues.contract(collective, contract, { names });
      for (const homestead of rights.homesteads) await reissues.homestead(collective, homestead, names);
      if (rights.sharesE4 !== null) await reissues.equity(collective, personId, rights.sharesE4, name);
    }
    const versions = factVersionWrites(
      db,
      ids,
      { entity: "person", key: personId, collectiveCode: null },
      await factVersionsOf(db, "person", personId),
      { facts: { name: row.name }, recordedFromMs: row.createdAtMs },
      { facts: { name }, evidenceRef: input.evidenceRef, reason: input.reason },
      nowMs,
    );
    const result = {
      entity: "person" as const,
      key: personId,
      changed: outcome.changed,
      previous: { name: row.name },
      corrected: { name },
      evidenceRef: input.evidenceRef,
      reason: input.reason,
      recordedAt: new Date(nowMs).toISOString(),
      certificates: reissues.summary,
    };
    return {
      journal: { type: "person.corrected", subject: personId, data: { ...result, collectives: [...affected].filter(([, r]) => r.subjects.length > 0).map(([code]) => code) } },
      writes: (journalSeq) => [db.update(persons).set({ name }).where(eq(persons.id, personId)), ...versions(journalSeq), ...reissues.writes(journalSeq)],
      result,
    };
  });
}

interface RightsNaming {
  collective: CollectiveRow;
  subjects: EncumbranceSubject[];
  contracts: Awaited<ReturnType<typeof contractsOfHouseholds>>;
  homesteads: Awaited<ReturnType<typeof activeHomesteadsOf>>;
  /** The holding whose valid certificate names the person (null: none). */
  sharesE4: number | null;
}

/** The rights whose valid certificates state the person's name, by collective. */
async function rightsNaming(db: Db, personId: string): Promise<Map<string, RightsNaming>> {
  const out = new Map<string, RightsNaming>();
  const entry = async (code: string) => {
    let found = out.get(code);
    if (!found) {
      const collective = await findCollective(db, code);
      if (!collective) return null;
      out.set(code, (found = { collective, subjects: [], contracts: [], homesteads: [], sharesE4: null }));
    }
    return found;
  };
  for (const holding of (await holdingsOfPerson(db, personId)).filter((h) => h.sharesE4 > 0)) {
    if (!(await validCertificates(db, "equity", [personId], holding.collectiveCode)).has(personId)) continue;
    const e = await entry(holding.collectiveCode);
    if (!e) continue;
    e.sharesE4 = holding.sharesE4;
    e.subjects.push({ kind: "equity", subject: personId });
  }
  for (const tie of await householdTiesOfPerson(db, personId)) {
    const contracts = (await contractsOfHouseholds(db, [tie.contractorCode])).filter((c) => c.status === "active");
    const contractCertificates = await validCertificates(db, "land-contract", contracts.map((c) => c.contractCode));
    const homesteads = await activeHomesteadsOf(db, [tie.contractorCode]);
    const homesteadCertificates = await validCertificates(db, "homestead", homesteads.map((h) => h.unitNumber));
    const e = await entry(tie.collectiveCode);
    if (!e) continue;
    for (const contract of contracts.filter((c) => contractCertificates.has(c.contractCode))) {
      e.contracts.push(contract);
      e.subjects.push({ kind: "land-contract", subject: contract.contractCode });
      for (const p of await activePlotsOfContracts(db, [contract.contractCode])) e.subjects.push({ kind: "plot", subject: p.plot.plotCode });
    }
    for (const homestead of homesteads.filter((h) => homesteadCertificates.has(h.unitNumber))) {
      e.homesteads.push(homestead);
      e.subjects.push({ kind: "homestead", subject: homestead.unitNumber });
    }
  }
  return out;
}
