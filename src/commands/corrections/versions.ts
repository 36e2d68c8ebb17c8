import type { BatchItem } from "drizzle-orm/batch";
import { eq } from "drizzle-orm";
import { versionRecordedAt } from "../../domain/corrections.js";
import { factVersions } from "../../../schema/index.js";
import type { journalSeqOf } from "../../storage/commit.js";
import type { Db } from "../../storage/db.js";
import { factVersionsOf, type FactEntity, type FactVersionRow } from "../../storage/facts.js";
import type { IdFactory } from "../../lib/ids.js";
import { endOfLegalDayMs } from "../titles/view.js";

type JournalSeq = ReturnType<typeof journalSeqOf>;

/**
 * The fact-version side of a correction: the version the register held until now ends its record time now, and
 * the corrected facts become the current version. The first correction of a thing writes its original facts too,
 * recorded from when the thing was registered (its row's createdAtMs) until now.
 */
export function factVersionWrites(
  db: Db,
  ids: IdFactory,
  subject: { entity: FactEntity; key: string; collectiveCode: string | null },
  existing: readonly FactVersionRow[],
  original: { facts: Record<string, unknown>; recordedFromMs: number },
  corrected: { facts: Record<string, unknown>; evidenceRef: string; reason: string },
  nowMs: number,
): (journalSeq: JournalSeq) => BatchItem<"sqlite">[] {
  const open = existing.find((v) => v.recordedToMs === null);
  // Two ids of one instant: the smaller numbers the original, so that versions of one instant list in order.
  const [first, second] = [ids("fct"), ids("fct")].sort() as [string, string];
  return (journalSeq) => {
    const out: BatchItem<"sqlite">[] = [];
    if (open) out.push(db.update(factVersions).set({ recordedToMs: nowMs }).where(eq(factVersions.id, open.id)));
    else
      out.push(
        db.insert(factVersions).values({
          id: first,
          ...subject,
          factsJson: JSON.stringify(original.facts),
          recordedFromMs: Math.min(original.recordedFromMs, nowMs),
          recordedToMs: nowMs,
          evidenceRef: null,
          reason: null,
          journalSeq,
        }),
      );
    out.push(
      db.insert(factVersions).values({
        id: second,
        ...subject,
        factsJson: JSON.stringify(corrected.facts),
        recordedFromMs: nowMs,
        recordedToMs: null,
        evidenceRef: corrected.evidenceRef,
        reason: corrected.reason,
        journalSeq,
      }),
    );
    return out;
  };
}

/** One recorded version of the facts, as answered. */
export function factVersionView(v: FactVersionRow) {
  return {
    id: v.id,
    facts: JSON.parse(v.factsJson) as Record<string, unknown>,
    recordedAt: new Date(v.recordedFromMs).toISOString(),
    recordEndedAt: v.recordedToMs === null ? null : new Date(v.recordedToMs).toISOString(),
    evidenceRef: v.evidenceRef,
    reason: v.reason,
    journalSeq: v.journalSeq,
  };
}

/**
 * The facts the register held at the end of `recordedAsOf` (CST), to lay over the current row's; null when the
 * thing was never corrected (the row is then the only record of its facts).
 */
export async function factsRecordedAsOf(db: Db, entity: FactEntity, key: string, recordedAsOf: string | null | undefined): Promise<Record<string, unknown> | null> {
  if (!recordedAsOf) return null;
  const version = versionRecordedAt(await factVersionsOf(db, entity, key), endOfLegalDayMs(recordedAsOf));
  return version ? (JSON.parse(version.factsJson) as Record<string, unknown>) : null;
}
