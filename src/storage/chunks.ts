/**
 * Cloudflare D1 binds at most 100 parameters per statement (libSQL allows far more). Every list that becomes
 * SQL parameters — an `IN (…)` or the rows of a multi-row INSERT — goes through these helpers, so that the same
 * queries run on both.
 */
export const MAX_PARAMETERS = 100;

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Runs `query` once per chunk of `items` (leaving room for the query's other parameters) and joins the rows. */
export async function whereIn<T, R>(items: readonly T[], query: (chunk: T[]) => Promise<R[]>, otherParameters = 8): Promise<R[]> {
  if (items.length === 0) return [];
  const parts = await Promise.all(chunk([...new Set(items)], MAX_PARAMETERS - otherParameters).map(query));
  return parts.flat();
}

/** How many rows of `columns` columns one INSERT may carry. */
export function rowsPerInsert(columns: number): number {
  return Math.max(1, Math.floor(MAX_PARAMETERS / columns));
}

/** Splits rows for multi-row INSERTs within the parameter limit. */
export function insertChunks<Row extends object>(rows: readonly Row[]): Row[][] {
  const columns = rows[0] ? Object.keys(rows[0]).length : 1;
  return chunk(rows, rowsPerInsert(columns));
}
