import { allocate, canonicalLines, checkNetIncome, distributableFen, formatPercent, reserveBasisPoints, type Holding } from "../../domain/distributions.js";
import { DomainError } from "../../domain/errors.js";
import { formatShares, formatYuan, toUnits } from "../../domain/quantities.js";
import { countyOfCollective, withCounty } from "../../domain/routing.js";
import { sha256Hex } from "../../lib/hash.js";
import { distributionLines, distributions } from "../../../schema/index.js";
import { insertChunks } from "../../storage/chunks.js";
import { findDistributionByResolution } from "../../storage/distributions.js";
import { COLLECTIVE_ACCOUNT } from "../../storage/equity.js";
import { findPersons } from "../../storage/persons.js";
import { equityVersionsOn } from "../../storage/titles.js";
import { collectiveForWrite, commitTo, rejectFutureDate, type CommandContext } from "../context.js";
import { distributionView } from "./view.js";
import { requirePassingResolution } from "../resolutions/require-resolution.js";

export interface DistributionInput {
  recordDate: string;
  netIncome: string;
  reservePercent: string;
  description: string;
  resolutionRef: string;
}

/**
 * Records a year's income distribution (RCEO Law Art. 42), once: the reserve comes off the net income, the rest is
 * split over the shares held at the end of the record date (the equity title versions, as the register says now),
 * to the fen, by largest remainder. The lines are written first and the distribution row last, in one batch with
 * the journal row: the database refuses the row unless the lines add up, and refuses any line after it. The
 * resolution is a recorded, passing resolution on distribution (of the general meeting or the representatives'
 * assembly); it may be held after the record date — the record date only says whose shares count.
 */
export async function recordDistribution(ctx: CommandContext, code: string, input: DistributionInput) {
  const collective = await collectiveForWrite(ctx, code, "record distributions");
  rejectFutureDate(ctx, input.recordDate, "recordDate");
  const netIncomeFen = toUnits(input.netIncome, 2);
  const income = checkNetIncome(netIncomeFen);
  if (income) throw new DomainError(income, "The net income to distribute must be more than 0.00 yuan.");
  const basisPoints = reserveBasisPoints(input.reservePercent);
  if (typeof basisPoints === "string") throw new DomainError(basisPoints, `reservePercent ${input.reservePercent} is not a percentage from 0 to 100 with at most 2 decimals.`);
  const distributable = distributableFen(netIncomeFen, basisPoints);
  const { db, ids, clock } = ctx.deps;

  return commitTo(ctx, code, async () => {
    await requirePassingResolution(db, code, input.resolutionRef, "distribution", { actOn: clock.today() });
    if (await findDistributionByResolution(db, code, input.recordDate, input.resolutionRef))
      throw new DomainError("distribution_already_recorded", `A distribution for record date ${input.recordDate} under this resolution is already recorded; it is never recomputed.`);
    const versions = (await equityVersionsOn(db, code, input.recordDate, null)).filter((v) => (v.sharesE4 ?? 0) > 0);
    if (versions.length === 0) throw new DomainError("no_shares_on_record_date", `Nobody held shares of ${code} at the end of ${input.recordDate}.`);
    const holdings: Holding[] = versions.map((v) =>
      v.subject === COLLECTIVE_ACCOUNT
        ? { key: v.subject, holderKind: "collective", personId: null, sharesE4: v.sharesE4 ?? 0 }
        : { key: v.subject, holderKind: "person", personId: v.subject, sharesE4: v.sharesE4 ?? 0 },
    );
    const { lines, residueFen } = allocate(distributable, holdings);
    const totalSharesE4 = lines.reduce((sum, l) => sum + l.sharesE4, 0);
    const id = withCounty(ids("dst"), countyOfCollective(code));
    const nowMs = clock.nowMs();
    const lineRows = lines.map((l) => ({
      distributionId: id,
      lineNo: l.lineNo,
      collectiveCode: code,
      holderKind: l.holderKind,
      personId: l.personId,
      sharesE4: l.sharesE4,
      amountFen: l.amountFen,
    }));
    const row = {
      id,
      collectiveCode: code,
      recordDate: input.recordDate,
      netIncomeFen,
      reserveBasisPoints: basisPoints,
      reserveFen: netIncomeFen - distributable,
      distributableFen: distributable,
      totalSharesE4,
      description: input.description,
      resolutionRef: input.resolutionRef,
      createdAtMs: nowMs,
    };
    const people = await findPersons(db, lines.flatMap((l) => (l.personId ? [l.personId] : [])));
    const stored = lineRows.map((l) => ({ ...l, paidOn: null, paymentRef: null, paidAtMs: null, paymentJournalSeq: null }));
    const view = distributionView({ ...row, journalSeq: 0 }, stored, people, collective);
    return {
      journal: {
        type: "distribution.recorded",
        subject: id,
        collectiveCode: code,
        data: {
          id,
          recordDate: input.recordDate,
          resolutionRef: input.resolutionRef,
          netIncome: formatYuan(netIncomeFen),
          reservePercent: formatPercent(basisPoints),
          reserve: formatYuan(row.reserveFen),
          distributable: formatYuan(distributable),
          residue: formatYuan(residueFen),
          totalShares: formatShares(totalSharesE4),
          lineCount: lines.length,
          linesSha256: await sha256Hex(canonicalLines(lines)),
        },
      },
      // Lines first (within D1's 100 parameters per statement), the distribution row last: its trigger sums them.
      writes: (journalSeq) => [...insertChunks(lineRows).map((part) => db.insert(distributionLines).values(part)), db.insert(distributions).values({ ...row, journalSeq })],
      result: view,
    };
  });
}
