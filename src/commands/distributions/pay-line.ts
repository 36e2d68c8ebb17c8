import { eq, and } from "drizzle-orm";
import { DomainError } from "../../domain/errors.js";
import { formatYuan, toUnits } from "../../domain/quantities.js";
import { distributionLines } from "../../../schema/index.js";
import { findDistribution, lineOfHolder, paymentTotals } from "../../storage/distributions.js";
import { findPersons } from "../../storage/persons.js";
import { quotePersonId } from "../members/view.js";
import { collectiveForWrite, commitTo, rejectFutureDate, type CommandContext } from "../context.js";
import { lineView, totalsView } from "./view.js";

export interface LinePaymentInput {
  /** The person whose line is paid; absent with `holder: "collective"` (the collective's own line). */
  personId?: string;
  holder?: "person" | "collective";
  amount: string;
  paidOn: string;
  reference: string;
}

/**
 * Records the payment of one line: its full amount, once, on or after the record date and not in the future. The
 * line's payment columns are written once (a trigger refuses a second payment); the journal row is in the batch.
 */
export async function payLine(ctx: CommandContext, code: string, id: string, input: LinePaymentInput) {
  const collective = await collectiveForWrite(ctx, code, "record payments");
  rejectFutureDate(ctx, input.paidOn, "paidOn");
  const personId = input.holder === "collective" ? null : (input.personId ?? null);
  if (personId === null && input.holder !== "collective") throw new DomainError("distribution_line_not_found", "Name the person paid (personId), or holder \"collective\".");
  const amountFen = toUnits(input.amount, 2);
  const { db, clock } = ctx.deps;
  const whose = personId === null ? "the collective's own holding" : `person ${quotePersonId(personId)}`;

  return commitTo(ctx, code, async () => {
    const distribution = await findDistribution(db, code, id);
    if (!distribution) throw new DomainError("distribution_not_found", `No distribution ${id} of ${code}.`);
    if (input.paidOn < distribution.recordDate)
      throw new DomainError("payment_before_record_date", `paidOn ${input.paidOn} is before the record date ${distribution.recordDate}.`);
    const line = await lineOfHolder(db, id, personId);
    if (!line) throw new DomainError("distribution_line_not_found", `Distribution ${id} has no line for ${whose}.`);
    if (line.paidOn !== null) throw new DomainError("line_already_paid", `Line ${line.lineNo} (${whose}) was paid on ${line.paidOn}.`);
    if (amountFen !== line.amountFen)
      throw new DomainError("payment_amount_mismatch", `Line ${line.lineNo} is paid in full, once: ${formatYuan(line.amountFen)} yuan, not ${formatYuan(amountFen)}.`);
    const nowMs = clock.nowMs();
    const paid = { ...line, paidOn: input.paidOn, paymentRef: input.reference, paidAtMs: nowMs };
    const before = (await paymentTotals(db, [id])).get(id) ?? { lineCount: 0, paidCount: 0, paidFen: 0 };
    const after = { lineCount: before.lineCount, paidCount: before.paidCount + 1, paidFen: before.paidFen + line.amountFen };
    const people = await findPersons(db, personId ? [personId] : []);
    return {
      journal: {
        type: "distribution.line_paid",
        subject: id,
        collectiveCode: code,
        data: { lineNo: line.lineNo, holder: line.holderKind, personId: line.personId, amount: formatYuan(line.amountFen), paidOn: input.paidOn, reference: input.reference },
      },
      writes: (journalSeq) => [
        db
          .update(distributionLines)
          .set({ paidOn: input.paidOn, paymentRef: input.reference, paidAtMs: nowMs, paymentJournalSeq: journalSeq })
          .where(and(eq(distributionLines.distributionId, id), eq(distributionLines.lineNo, line.lineNo))),
      ],
      result: {
        distributionId: id,
        collectiveCode: code,
        recordDate: distribution.recordDate,
        distributable: formatYuan(distribution.distributableFen),
        line: lineView(paid, people, collective),
        ...totalsView(distribution.distributableFen, after),
      },
    };
  });
}
