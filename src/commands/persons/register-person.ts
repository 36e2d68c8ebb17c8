import { DomainError } from "../../domain/errors.js";
import { withCounty } from "../../domain/routing.js";
import { normaliseDocument, type IdType } from "../../domain/persons.js";
import { persons } from "../../../schema/index.js";
import { findPersonByDocument, type PersonRow } from "../../storage/persons.js";
import { countiesOf, indexInDirectory } from "./directory.js";
import { commitTo, requireWriter, type CommandContext } from "../context.js";
import { personView, type PersonView } from "./view.js";

export interface RegisterPersonInput {
  idNumber: string;
  name: string;
  idType?: IdType;
  regionCode?: string;
}

/**
 * Registers a natural person by identity document. The document is the natural key: the same number with the
 * same name answers the existing person (created: false); with another name, 409 person_name_mismatch.
 * ID numbers never enter the journal or an error detail.
 */
export async function registerPerson(ctx: CommandContext, input: RegisterPersonInput) {
  requireWriter(ctx, "register persons");
  const document = normaliseDocument(input.idType ?? "resident-id", input.idNumber);
  if (typeof document === "string") throw new DomainError(document, describe(document));
  const { db, clock, ids } = ctx.deps;
  const county = input.regionCode?.slice(0, 6) ?? null;
  if (ctx.deps.router.routed && !county)
    throw new DomainError("region_code_required", "Each county keeps its own register here: send regionCode, the county or village of the collective that registers the person.");
  const id = withCounty(ids("prs"), county);
  let created: PersonRow | null = null;
  const answer = await commitTo<{ created: boolean; person: PersonView }>(ctx, `person:${id}`, async () => {
    const existing = (await findPersonByDocument(db, document.idType, document.idNumber)) ?? (await registeredElsewhere(ctx, document));
    if (existing) {
      if (existing.name !== input.name.trim())
        throw new DomainError("person_name_mismatch", `This ID number is registered as person ${existing.id} under another name.`);
      return { unchanged: { created: false, person: personView(existing, ctx.actor) } };
    }
    const row = { id, ...document, name: input.name.trim(), createdAtMs: clock.nowMs() };
    created = row;
    return {
      journal: { type: "person.registered", subject: id, data: { idType: document.idType, name: row.name, sex: row.sex, birthDate: row.birthDate } },
      writes: () => [db.insert(persons).values(row)],
      result: { created: true, person: personView(row, ctx.actor) },
    };
  });
  if (answer.created && created) await indexInDirectory(ctx, created, county);
  return answer;
}

/** In a routed deployment, the same document registered in another county is the same person. */
async function registeredElsewhere(ctx: CommandContext, document: { idType: string; idNumber: string }): Promise<PersonRow | null> {
  const { router } = ctx.deps;
  if (!router.routed) return null;
  for (const entry of await countiesOf(ctx, document.idType, document.idNumber)) {
    const found = await findPersonByDocument(router.forCounty(entry.county), document.idType, document.idNumber);
    if (found) return found;
  }
  return null;
}

function describe(code: string): string {
  switch (code) {
    case "id_number_check_character_mismatch":
      return "The ID number's last character does not match its GB 11643 check character; check the digits against the card.";
    case "id_number_birth_date_invalid":
      return "Positions 7–14 of the ID number are not a real birth date.";
    default:
      return "An 18-character resident ID number (17 digits and a digit or X), or a 15-digit legacy number, is expected.";
  }
}
export { describe as describeIdNumberRejection };
