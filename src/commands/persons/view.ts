import { seesFullIdNumbers, type Actor } from "../../domain/access.js";
import { maskIdNumber } from "../../domain/identifiers/index.js";
import type { PersonRow } from "../../storage/persons.js";

/** Full ID numbers go to admin and bureau only; everyone sees the masked form. */
export function personView(row: PersonRow, actor: Actor) {
  return {
    id: row.id,
    name: row.name,
    idType: row.idType,
    sex: row.sex,
    birthDate: row.birthDate,
    idNumberMasked: maskIdNumber(row.idNumber),
    ...(seesFullIdNumbers(actor) ? { idNumber: row.idNumber } : {}),
  };
}

export type PersonView = ReturnType<typeof personView>;
