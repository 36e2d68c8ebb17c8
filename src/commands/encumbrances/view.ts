import { kindsBlocking, statusOn, type EncumberedAction } from "../../domain/encumbrances.js";
import type { EncumbranceRow } from "../../storage/encumbrances.js";

const ACTIONS: EncumberedAction[] = ["transfer", "withdrawal", "succession", "correction", "extension", "household-change"];

/** An encumbrance as answered: its facts, what happened to it since, and — computed from today (CST) — whether it is in effect. */
export function encumbranceView(row: EncumbranceRow, today: string) {
  const status = statusOn(row, today);
  return {
    id: row.id,
    collectiveCode: row.collectiveCode,
    kind: row.kind,
    subjectKind: row.subjectKind,
    subject: row.subject,
    party: row.party,
    documentRef: row.documentRef,
    registeredOn: row.registeredOn,
    effectiveUntil: row.effectiveUntil,
    lawsuit: row.lawsuitRef === null ? null : { ref: row.lawsuitRef, recordedOn: row.lawsuitRecordedOn! },
    lifted: row.liftedOn === null ? null : { on: row.liftedOn, reason: row.liftReason! },
    detail: JSON.parse(row.detailJson) as Record<string, unknown>,
    status,
    inEffect: status === "in-effect",
    blocks: status === "in-effect" ? ACTIONS.filter((a) => kindsBlocking(a).includes(row.kind)) : [],
    recordedAt: new Date(row.recordedAtMs).toISOString(),
  };
}

export type EncumbranceView = ReturnType<typeof encumbranceView>;

/** The short form shown with a title (a plot's or homestead's answer and history). */
export function encumbranceNote(row: EncumbranceRow, today: string) {
  const status = statusOn(row, today);
  return {
    id: row.id,
    kind: row.kind,
    subjectKind: row.subjectKind,
    subject: row.subject,
    party: row.party,
    documentRef: row.documentRef,
    registeredOn: row.registeredOn,
    effectiveUntil: row.effectiveUntil,
    lawsuitRef: row.lawsuitRef,
    liftedOn: row.liftedOn,
    status,
    inEffect: status === "in-effect",
  };
}

export type EncumbranceNote = ReturnType<typeof encumbranceNote>;

const KIND_NAMES: Record<EncumbranceRow["kind"], string> = { objection: "objection", seizure: "seizure", pledge: "pledge", "management-right": "management-right registration" };

/** One line naming an encumbrance for a problem's detail (no ID numbers: parties are names of persons or bodies). */
export function describeEncumbrance(row: EncumbranceRow): string {
  const until = row.kind === "objection" && row.lawsuitRef ? `until lifted (lawsuit ${row.lawsuitRef})` : row.effectiveUntil ? `until ${row.effectiveUntil}` : "until lifted";
  return `${KIND_NAMES[row.kind]} ${row.id} of ${row.party} (${row.documentRef}), registered ${row.registeredOn}, ${until}`;
}
