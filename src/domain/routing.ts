/**
 * Which county a request belongs to, read from the identifier itself so that every route is routed without a
 * lookup: a collective's credit code carries its registering authority's county (positions 3–8); contractor,
 * plot, contract and issuing-party codes and real-estate unit numbers begin with it; opaque ids (persons,
 * applications) carry it after their prefix (`prs_371083_…`) once the deployment is routed.
 */
export function countyOfCollective(code: string): string | null {
  return /^[0-9A-Z]{2}(\d{6})[0-9A-Z]{10}$/.exec(code)?.[1] ?? null;
}

export function countyOfCode(code: string): string | null {
  return /^(\d{6})[0-9A-Z]+$/.exec(code)?.[1] ?? null;
}

export function countyOfId(id: string): string | null {
  return /^[a-z]{3}_(\d{6})_/.exec(id)?.[1] ?? null;
}

/** `prs_01…` → `prs_371083_01…` (unchanged without a county). */
export function withCounty(id: string, county: string | null): string {
  return county ? id.replace(/^([a-z]{3})_/, `$1_${county}_`) : id;
}
