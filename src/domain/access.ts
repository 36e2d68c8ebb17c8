/**
 * Who may see and change what. Pure: callers load the facts (a collective's region, a person's ties) and ask.
 * Invariants, in precedence order:
 *  1. read-only roles (bureau, holder) never write: `forbidden`;
 *  2. what a caller may not see answers exactly as if it did not exist (`*_not_found`);
 *  3. full ID numbers only for admin and bureau.
 */
export type Role = "admin" | "registrar" | "bureau" | "holder";

export interface Actor {
  tokenId: string;
  role: Role;
  collectiveCode: string | null;
  regionPrefix: string | null;
  personId: string | null;
}

export interface CollectiveRef {
  code: string;
  regionCode: string;
}

export function isReadOnly(actor: Actor): boolean {
  return actor.role === "bureau" || actor.role === "holder";
}

/** May this caller see the collective as a whole (its record, members, cap table)? */
export function seesCollective(actor: Actor, collective: CollectiveRef): boolean {
  switch (actor.role) {
    case "admin":
      return true;
    case "registrar":
      return actor.collectiveCode === collective.code;
    case "bureau":
      return actor.regionPrefix !== null && collective.regionCode.startsWith(actor.regionPrefix);
    case "holder":
      return false;
  }
}

/** May this caller write in the collective? (Read-only roles are refused before this: rule 1.) */
export function writesCollective(actor: Actor, collectiveCode: string): boolean {
  return actor.role === "admin" || (actor.role === "registrar" && actor.collectiveCode === collectiveCode);
}

/**
 * May this caller see a record tied to these collectives and persons (a household, a plot, a person's rights)?
 * A holder sees records tied to their own person; the others see records of collectives they see.
 */
export function seesRecord(actor: Actor, collectives: readonly CollectiveRef[], personIds: readonly string[]): boolean {
  if (actor.role === "holder") return actor.personId !== null && personIds.includes(actor.personId);
  return collectives.some((c) => seesCollective(actor, c));
}

export function seesFullIdNumbers(actor: Actor): boolean {
  return actor.role === "admin" || actor.role === "bureau";
}
