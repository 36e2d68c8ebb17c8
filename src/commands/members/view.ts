import type { Actor } from "../../domain/access.js";
import type { MembershipRow } from "../../storage/memberships.js";
import type { HukouRow, PersonRow } from "../../storage/persons.js";
import { personView } from "../persons/view.js";

/** A member with the latest hukou fact shown as a fact (someone living in a city is no problem to flag). */
export function memberView(row: MembershipRow, person: PersonRow, hukou: HukouRow | undefined, actor: Actor) {
  return {
    collectiveCode: row.collectiveCode,
    person: personView(person, actor),
    joinedOn: row.joinedOn,
    basis: row.basis,
    resolutionRef: row.resolutionRef,
    status: row.status,
    endedOn: row.endedOn,
    endReason: row.endReason,
    endNote: row.endNote,
    currentHukou: hukou ? { kind: hukou.kind, regionCode: hukou.regionCode, effectiveOn: hukou.effectiveOn } : null,
  };
}

const PERSON_ID = /^prs_(\d{6}_)?[0-9a-z]{22}$/;

/**
 * A person id as it may appear in a problem's detail. Clerks sometimes paste an ID number where a person id
 * belongs; details never echo anything but a well-formed `prs_…` id, so a resident ID number cannot leak there.
 */
export function quotePersonId(personId: string): string {
  return PERSON_ID.test(personId) ? personId : "(the given id, not a person id)";
}
