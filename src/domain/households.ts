import { checkContractorCode, contractorType } from "./identifiers/index.js";
import type { RuleCode } from "./errors.js";

/**
 * Registering a contracting household (RLCL Art. 16; NY/T 2539 CBF, CBF_JTCY). Invariants, in precedence order:
 *  1. the contractor code is 18 digits, begins with the collective's issuing-party code, and its sequence is in
 *     the household range 0001–8000;
 *  2. no person is listed twice; the relation code fits the relation (GB/T 4761);
 *  3. the representative is listed among the members;
 *  4. (state) the representative is an active member of the collective; no member belongs to another active
 *     household of the collective.
 */
export const RELATIONS = ["head", "spouse", "son", "daughter", "father", "mother", "grandchild", "other-relative", "non-relative"] as const;
export type Relation = (typeof RELATIONS)[number];

/** GB/T 4761 default code per relation, and which codes each relation accepts. */
export const RELATION_CODES: Record<Relation, { default: string; accepts: RegExp }> = {
  head: { default: "02", accepts: /^0[12]$/ },
  spouse: { default: "10", accepts: /^1\d$/ },
  son: { default: "20", accepts: /^2\d$/ },
  daughter: { default: "30", accepts: /^3\d$/ },
  grandchild: { default: "40", accepts: /^4\d$/ },
  father: { default: "51", accepts: /^5[1357]$/ },
  mother: { default: "52", accepts: /^5[2468]$/ },
  "other-relative": { default: "97", accepts: /^(50|59|[678]\d|9[0-7])$/ },
  "non-relative": { default: "99", accepts: /^99$/ },
};

export interface HouseholdMemberInput {
  personId: string;
  relation: Relation;
  relationCode?: string;
  coHolder: boolean;
}

export interface HouseholdInput {
  contractorCode: string;
  representativeId: string;
  members: HouseholdMemberInput[];
}

export function checkHouseholdShape(input: HouseholdInput, issuerCode: string): RuleCode | null {
  if (checkContractorCode(input.contractorCode)) return "contractor_code_malformed";
  if (!input.contractorCode.startsWith(issuerCode)) return "contractor_code_outside_issuer";
  if (contractorType(input.contractorCode) !== "household") return "contractor_code_not_household";
  const ids = input.members.map((m) => m.personId);
  if (new Set(ids).size !== ids.length) return "household_member_duplicated";
  for (const m of input.members) {
    if (m.relationCode !== undefined && !RELATION_CODES[m.relation].accepts.test(m.relationCode)) return "relation_code_mismatch";
  }
  if (!ids.includes(input.representativeId)) return "representative_not_in_household";
  return null;
}

export function relationCodeOf(member: HouseholdMemberInput): string {
  return member.relationCode ?? RELATION_CODES[member.relation].default;
}
