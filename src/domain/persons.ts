import { parseResidentId } from "./identifiers/index.js";
import type { RuleCode } from "./errors.js";

export type IdType = "resident-id" | "military" | "organization-code" | "household-book" | "passport" | "other";

export interface IdentityDocument {
  idType: IdType;
  idNumber: string;
  sex: "male" | "female" | null;
  birthDate: string | null;
}

/**
 * A person's identity document, normalised. A resident ID (GB 11643) must pass the check character and carry a
 * real birth date; a 15-digit legacy number is upgraded to 18 digits; a lower-case x becomes X. Other document
 * types are stored as given (trimmed, upper-cased).
 */
export function normaliseDocument(idType: IdType, raw: string): IdentityDocument | RuleCode {
  if (idType !== "resident-id") {
    const idNumber = raw.trim().toUpperCase();
    if (idNumber.length < 4 || idNumber.length > 30) return "id_number_malformed";
    return { idType, idNumber, sex: null, birthDate: null };
  }
  const parsed = parseResidentId(raw);
  if (!parsed.ok) return parsed.code;
  return { idType, idNumber: parsed.idNumber, sex: parsed.sex, birthDate: parsed.birthDate };
}
