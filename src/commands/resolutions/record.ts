import { DomainError } from "../../domain/errors.js";
import { canonicalMatters, checkResolutionRecord, MIN_REPRESENTATIVES, outcomeOf, type RecordRejection, type ResolutionBody, type ResolutionMatter, type ResolutionRecord } from "../../domain/resolutions.js";
import { countyOfCollective, withCounty } from "../../domain/routing.js";
import { resolutions } from "../../../schema/index.js";
import { findResolutionByRef, type ResolutionRow } from "../../storage/resolutions.js";
import { collectiveForWrite, commitTo, rejectFutureDate, type CommandContext } from "../context.js";
import { mattersOf, resolutionView, type ResolutionView } from "./view.js";

export interface ResolutionInput {
  ref: string;
  body: ResolutionBody;
  heldOn: string;
  eligible: number;
  present: number;
  votesFor: number;
  votesAgainst: number;
  matters: ResolutionMatter[];
}

/**
 * Records a resolution of the general meeting or the representatives' assembly (domain/resolutions.ts), whether it
 * passed or not: a failed vote is a fact too. The reference is the natural key: the same facts again answer 200
 * and write nothing; other facts under it are 409 `resolution_already_recorded`, naming what differs.
 */
export async function recordResolution(ctx: CommandContext, code: string, input: ResolutionInput) {
  await collectiveForWrite(ctx, code, "record resolutions");
  rejectFutureDate(ctx, input.heldOn, "heldOn");
  const record: ResolutionRecord = { ...input, matters: canonicalMatters(input.matters) };
  const rejected = checkResolutionRecord(record);
  if (rejected) throw new DomainError(rejected.code, describe(rejected, record));
  const { passed } = outcomeOf(record);
  const { db, ids, clock } = ctx.deps;

  return commitTo<{ created: boolean; resolution: ResolutionView }>(ctx, code, async () => {
    const existing = await findResolutionByRef(db, code, input.ref);
    if (existing) {
      const differing = differences(existing, record);
      if (differing.length > 0)
        throw new DomainError("resolution_already_recorded", `Resolution "${input.ref}" of ${code} is recorded with other facts: ${differing.join(", ")} differ.`);
      return { unchanged: { created: false, resolution: resolutionView(existing) } };
    }
    const row = {
      id: withCounty(ids("rsl"), countyOfCollective(code)),
      collectiveCode: code,
      ref: input.ref,
      body: record.body,
      heldOn: record.heldOn,
      eligible: record.eligible,
      present: record.present,
      votesFor: record.votesFor,
      votesAgainst: record.votesAgainst,
      mattersJson: JSON.stringify(record.matters),
      passed,
      recordedAtMs: clock.nowMs(),
    };
    const view = resolutionView(row);
    return {
      journal: {
        type: "resolution.recorded",
        subject: row.id,
        collectiveCode: code,
        data: {
          id: row.id,
          ref: row.ref,
          body: row.body,
          heldOn: row.heldOn,
          eligible: row.eligible,
          present: row.present,
          votesFor: row.votesFor,
          votesAgainst: row.votesAgainst,
          matters: record.matters,
          passed,
          shortfalls: view.shortfalls,
        },
      },
      writes: (journalSeq) => [db.insert(resolutions).values({ ...row, journalSeq })],
      result: { created: true, resolution: view },
    };
  });
}

function differences(existing: ResolutionRow, record: ResolutionRecord): string[] {
  const fields = ["body", "heldOn", "eligible", "present", "votesFor", "votesAgainst"] as const;
  const differing: string[] = fields.filter((f) => existing[f] !== record[f]);
  if (JSON.stringify(mattersOf(existing)) !== JSON.stringify(record.matters)) differing.push("matters");
  return differing;
}

function describe(rejected: RecordRejection, record: ResolutionRecord): string {
  switch (rejected.code) {
    case "resolution_counts_invalid":
      return `The counts do not hang together (eligible ${record.eligible}, present ${record.present}, for ${record.votesFor}, against ${record.votesAgainst}): eligible must be more than 0, present at most eligible, and votes for and against together at most those present.`;
    case "representatives_assembly_too_small":
      return `A representatives' assembly has more than 20 representatives (RCEO Law Art. 28); this one has ${record.eligible}, fewer than ${MIN_REPRESENTATIVES}.`;
    case "representatives_cannot_confirm_members":
      return "Members are confirmed by the members' general meeting only; the representatives' assembly may not (RCEO Law Arts. 12, 28). Record it as a general meeting's resolution, or drop member-confirmation from its matters.";
    case "representatives_cannot_quantify_shares":
      return "The quantification of shares (equity-issuance) is decided by the members' general meeting only, not by the representatives' assembly (RCEO Law Arts. 26, 28).";
    case "representatives_cannot_change_charter":
      return "The charter and its rules (rules-change) are adopted and amended by the members' general meeting only, not by the representatives' assembly (RCEO Law Arts. 26, 28).";
    default:
      return `The resolution breaks the rule ${rejected.code}.`;
  }
}
