import { DomainError } from "../../domain/errors.js";
import { checkResolutionReference, type ResolutionMatter } from "../../domain/resolutions.js";
import type { Db } from "../../storage/db.js";
import { findResolutionByRef, type ResolutionRow } from "../../storage/resolutions.js";
import { bodyName, describeShortfalls, mattersOf } from "./view.js";

export interface RequireResolutionOptions {
  /** The act's legal date: the resolution must be held on or before it. Absent: not checked (a resolution is never held after the day it is recorded). */
  actOn?: string;
  /** What the act's date is called in the request, for the detail (e.g. "effectiveOn"). */
  actOnField?: string;
}

const MATTER_WORDS: Record<ResolutionMatter, string> = {
  "member-confirmation": "confirming members",
  "equity-issuance": "issuing shares (quantification)",
  "rules-change": "changing the charter's rules",
  "term-extension": "extending contract terms",
  distribution: "distributing income",
  other: "this matter",
};

/**
 * The recorded, passing resolution of the collective that authorizes an act on `matter` (domain/resolutions.ts
 * `checkResolutionReference`), or a DomainError naming the first rule it breaks. Call it inside a command's
 * decide(): it only reads.
 */
export async function requirePassingResolution(db: Db, collectiveCode: string, ref: string, matter: ResolutionMatter, opts: RequireResolutionOptions = {}): Promise<ResolutionRow> {
  const row = await findResolutionByRef(db, collectiveCode, ref);
  const matters = row ? mattersOf(row) : [];
  const rejected = checkResolutionReference(row ? { body: row.body, heldOn: row.heldOn, passed: row.passed, matters } : null, matter, opts.actOn);
  if (!rejected) return row!;
  const quoted = `"${ref}"`;
  switch (rejected) {
    case "resolution_not_recorded":
      throw new DomainError(rejected, `No resolution ${quoted} is recorded for ${collectiveCode}: record the meeting first (POST /v1/collectives/${collectiveCode}/resolutions), then reference it as resolutionRef.`);
    case "resolution_not_passed":
      throw new DomainError(rejected, `Resolution ${quoted} of the ${bodyName(row!.body)} on ${row!.heldOn} did not pass: ${describeShortfalls(row!)}.`);
    case "resolution_body_not_competent":
      throw new DomainError(rejected, `Resolution ${quoted} is of the ${bodyName(row!.body)}, which may not decide ${MATTER_WORDS[matter]} (RCEO Law Art. 28): reference a members' general meeting's resolution.`);
    case "resolution_matter_mismatch":
      throw new DomainError(rejected, `Resolution ${quoted} decides ${matters.join(", ")}, not ${matter}: reference the resolution that decided ${MATTER_WORDS[matter]}.`);
    case "resolution_held_after_act":
      throw new DomainError(rejected, `Resolution ${quoted} was held on ${row!.heldOn}, after ${opts.actOnField ?? "the act's date"} ${opts.actOn}: an act cannot precede the resolution that authorizes it.`);
  }
}
