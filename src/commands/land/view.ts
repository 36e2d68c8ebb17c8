import { formatAreaM2, formatAreaMu } from "../../domain/quantities.js";
import type { ContractRow, PlotRow } from "../../storage/land.js";

export function plotFacts(row: PlotRow) {
  return {
    plotCode: row.plotCode,
    collectiveCode: row.collectiveCode,
    name: row.name,
    areaMu: formatAreaMu(row.areaMuE4),
    areaM2: row.areaM2E2 === null ? null : formatAreaM2(row.areaM2E2),
    landUse: row.landUse,
    category: row.category,
    basicFarmland: row.basicFarmland,
    boundaries: { east: row.boundaryEast, south: row.boundarySouth, west: row.boundaryWest, north: row.boundaryNorth },
    geometry: row.geometryJson === null ? null : (JSON.parse(row.geometryJson) as unknown),
  };
}

export function contractView(row: ContractRow, plots: PlotRow[]) {
  const total = plots.reduce((sum, p) => sum + p.areaMuE4, 0);
  return {
    contractCode: row.contractCode,
    collectiveCode: row.collectiveCode,
    contractorCode: row.contractorCode,
    mode: row.mode,
    startsOn: row.startsOn,
    endsOn: row.endsOn,
    certificateNo: row.certificateNo,
    status: row.status,
    plots: plots.map((p) => ({ plotCode: p.plotCode, name: p.name, areaMu: formatAreaMu(p.areaMuE4) })),
    plotCount: plots.length,
    totalAreaMu: formatAreaMu(total),
  };
}
