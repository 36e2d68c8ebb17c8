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
