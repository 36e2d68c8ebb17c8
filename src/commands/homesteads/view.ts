import type { Annotation } from "../../domain/homesteads.js";
import { formatAreaM2 } from "../../domain/quantities.js";
import type { HomesteadRow } from "../../storage/homesteads.js";

export function homesteadView(row: HomesteadRow) {
  return {
    unitNumber: row.unitNumber,
    collectiveCode: row.collectiveCode,
    contractorCode: row.contractorCode,
    areaM2: formatAreaM2(row.areaM2E2),
    maxAreaM2: row.maxAreaM2E2 === null ? null : formatAreaM2(row.maxAreaM2E2),
    approvedOn: row.approvedOn,
    origin: row.origin,
    approvalRef: row.approvalRef,
    status: row.status,
    annotations: JSON.parse(row.annotationsJson) as Annotation[],
  };
}
