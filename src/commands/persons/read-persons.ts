import { seesRecord } from "../../domain/access.js";
import { DomainError } from "../../domain/errors.js";
import { normaliseDocument, type IdType } from "../../domain/persons.js";
import { findPerson, findPersonByDocument, hukouHistory, type PersonRow } from "../../storage/persons.js";
import { collectivesOfPerson } from "../../storage/rights.js";
import type { CommandContext } from "../context.js";
import { describeIdNumberRejection } from "./register-person.js";
import { countiesOf } from "./directory.js";
import { fanOut } from "../../storage/router.js";
import { personView } from "./view.js";

/**
 * Who may see a person's identity (name, masked ID number): admin; any registrar (to find whom it is about to
 * admit, masked); a bureau when the person has a record in a collective under its prefix; a holder only themself.
 */
export async function visiblePerson(ctx: CommandContext, personId: string): Promise<PersonRow> {
  const person = await findPerson(ctx.deps.db, personId);
  if (!person || !(await personVisible(ctx, person, "identity"))) throw new DomainError("person_not_found", `No person ${personId} in your scope.`);
  return person;
}

/**
 * Who may see what is recorded about a person (hukou history, rights): admin; a registrar or a bureau only when
 * the person has a membership, a household or a holding in a collective they see; a holder only themself.
 * Anyone else gets the same 404 as for a person that does not exist.
 */
export async function visiblePersonRecords(ctx: CommandContext, personId: string): Promise<PersonRow> {
  const person = await findPerson(ctx.deps.db, personId);
  if (!person || !(await personVisible(ctx, person, "records"))) throw new DomainError("person_not_found", `No person ${personId} in your scope.`);
  return person;
}

async function personVisible(ctx: CommandContext, person: PersonRow, what: "identity" | "records"): Promise<boolean> {
  const { actor } = ctx;
  if (actor.role === "admin" || (actor.role === "registrar" && what === "identity")) return true;
  if (actor.role === "holder") return actor.personId === person.id;
  return seesRecord(actor, await collectivesOfPerson(ctx.deps.db, person.id), [person.id]);
}

export async function getPerson(ctx: CommandContext, personId: string) {
  return personView(await visiblePerson(ctx, personId), ctx.actor);
}

export async function lookupPerson(ctx: CommandContext, input: { idNumber: string; idType?: IdType }) {
  const document = normaliseDocument(input.idType ?? "resident-id", input.idNumber);
  if (typeof document === "string") throw new DomainError(document, describeIdNumberRejection(document));
  const { router } = ctx.deps;
  const targets = router.routed
    ? (await countiesOf(ctx, document.idType, document.idNumber)).map((e) => ({ name: e.county, db: router.forCounty(e.county) }))
    : [{ name: "directory", db: ctx.deps.db }];
  const { results, unavailable } = await fanOut(targets, async (db) => {
    const person = await findPersonByDocument(db, document.idType, document.idNumber);
    return person && (await personVisible({ ...ctx, deps: { ...ctx.deps, db } }, person, "identity")) ? person : null;
  });
  const person = results.find((r) => r.value)?.value;
  if (person) return personView(person, ctx.actor);
  if (unavailable.length > 0)
    throw new DomainError("county_unavailable", `The database of county ${unavailable.join(", ")} did not answer; the person may be registered there. Try again.`);
  throw new DomainError("person_not_found", "No person with this ID number in your scope.");
}

export async function listHouseholdRegistrations(ctx: CommandContext, personId: string) {
  await visiblePersonRecords(ctx, personId);
  const rows = await hukouHistory(ctx.deps.db, personId);
  return rows.map(hukouView);
}

export function hukouView(row: { id: string; personId: string; kind: "rural" | "urban"; regionCode: string; effectiveOn: string }) {
  return { id: row.id, personId: row.personId, kind: row.kind, regionCode: row.regionCode, effectiveOn: row.effectiveOn };
}
