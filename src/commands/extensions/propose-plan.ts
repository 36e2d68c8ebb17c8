import { DomainError } from "../../domain/errors.js";
import { checkPlanRequest, FOREST_YEARS, GRASSLAND_YEARS, MIN_NOTICE_DAYS, periodsOf, type PlanRequest } from "../../domain/extensions.js";
import { countyOfCollective, withCounty } from "../../domain/routing.js";
import { extensionPlans } from "../../../schema/index.js";
import { activeContractsEndingWithin } from "../../storage/extensions.js";
import { collectiveForWrite, commitTo, type CommandContext } from "../context.js";
import { requirePassingResolution } from "../resolutions/require-resolution.js";
import { assessContracts } from "./assess.js";
import { planView, previewOf, type PlanView } from "./view.js";

export interface PlanInput extends PlanRequest {
  resolutionRef: string;
}

/**
 * Proposes a bulk extension (延包) for a collective, by a passing resolution of its members' general meeting on
 * `term-extension`, held on or before the notice starts; the plan is publicly noticed and applied afterwards
 * (apply-plan.ts). The answer previews every active contract ending within the window: its new end, or why it
 * would be held back today (restrictions and applications are judged again when the plan is applied).
 */
export async function proposeExtensionPlan(ctx: CommandContext, code: string, input: PlanInput) {
  await collectiveForWrite(ctx, code, "propose term extensions");
  const rejected = checkPlanRequest(input);
  if (rejected) throw new DomainError(rejected, describe(rejected, input));
  const periods = periodsOf(input);
  const { db, ids, clock } = ctx.deps;

  return commitTo<PlanView>(ctx, code, async () => {
    await requirePassingResolution(db, code, input.resolutionRef, "term-extension", { actOn: input.noticeStartsOn, actOnField: "noticeStartsOn" });
    const today = clock.today();
    const contracts = await activeContractsEndingWithin(db, code, input.windowFrom, input.windowTo);
    const preview = previewOf(await assessContracts(db, code, contracts, periods, today), today);
    const row = {
      id: withCounty(ids("ext"), countyOfCollective(code)),
      collectiveCode: code,
      resolutionRef: input.resolutionRef,
      windowFrom: input.windowFrom,
      windowTo: input.windowTo,
      noticeStartsOn: input.noticeStartsOn,
      noticeEndsOn: input.noticeEndsOn,
      grasslandYears: periods.grasslandYears,
      forestYears: periods.forestYears,
      status: "in-notice" as const,
      appliedOn: null,
      recordedAtMs: clock.nowMs(),
    };
    return {
      journal: {
        type: "extension_plan.proposed",
        subject: row.id,
        collectiveCode: code,
        data: {
          id: row.id,
          resolutionRef: row.resolutionRef,
          windowFrom: row.windowFrom,
          windowTo: row.windowTo,
          noticeStartsOn: row.noticeStartsOn,
          noticeEndsOn: row.noticeEndsOn,
          grasslandYears: periods.grasslandYears,
          forestYears: periods.forestYears,
          preview: preview.counts,
        },
      },
      writes: (journalSeq) => [db.insert(extensionPlans).values({ ...row, journalSeq })],
      result: planView({ ...row, journalSeq: 0 }, periods, { preview, outcomes: [] }),
    };
  });
}

function describe(code: string, input: PlanInput): string {
  switch (code) {
    case "extension_window_invalid":
      return `The window must end on or after it starts (${input.windowFrom} → ${input.windowTo}).`;
    case "extension_notice_too_short":
      return `The public notice must run at least ${MIN_NOTICE_DAYS} days (MARA 2023 measures): from ${input.noticeStartsOn}, noticeEndsOn must be on or after the ${MIN_NOTICE_DAYS}th day.`;
    default:
      return `Grassland is extended by ${GRASSLAND_YEARS.min}–${GRASSLAND_YEARS.max} years and forest land by ${FOREST_YEARS.min}–${FOREST_YEARS.max} (RLCL Art. 21), in whole years.`;
  }
}
