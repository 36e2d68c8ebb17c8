import { sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Db } from "./db.js";

/**
 * A query built once per database and run with placeholders. Building a drizzle select costs ~150 µs here (most of
 * it walking the table's columns), running a prepared one ~25 µs, and on a local file the SQL then meets a cached
 * native statement (storage/native-client.ts). The hot reads — what every request, a plot lookup and a registration
 * read — are prepared; the rest build as they run. Works on D1 and a libSQL server too (drizzle prepares there).
 *
 *   const byCode = prepared((db) => db.select().from(plots).where(eq(plots.plotCode, param("code"))).limit(1).prepare());
 *   const [row] = await byCode(db).all({ code });
 */
export function prepared<Q>(build: (db: Db) => Q): (db: Db) => Q {
  const byDb = new WeakMap<Db, Q>();
  return (db) => {
    let query = byDb.get(db);
    if (query === undefined) {
      query = build(db);
      byDb.set(db, query);
    }
    return query;
  };
}

/** A named placeholder, bound when the prepared query runs. */
export const param = (name: string) => sql.placeholder(name);

/**
 * `column IN (…)` over a list bound as one JSON array (`JSON.stringify(list)` under `name`): one statement whatever
 * the list's length, so it can be prepared, and one parameter, within D1's 100. SQLite searches the column's index
 * for each value (test/query-plans.test.ts).
 */
export function inList(column: SQLiteColumn, name: string): SQL {
  return sql`${column} in (select value from json_each(${sql.placeholder(name)}))`;
}

/** The JSON array an `inList` placeholder takes (each value once). */
export const listOf = (values: readonly string[]) => JSON.stringify([...new Set(values)]);

/** `column IN ('a', 'b', …)` over constants of the code, written as literals (see `literal`). */
export function inLiterals(column: SQLiteColumn, values: readonly string[]): SQL {
  return sql`${column} in (${sql.join(values.map(literal), sql`, `)})`;
}

/**
 * A constant written into the SQL text rather than bound. SQLite uses a partial index (`WHERE status = 'active'`)
 * for a bound value only by re-preparing the statement each time it is bound — ~15–200 µs a run, which undoes a
 * prepared statement. Conditions that a partial index's WHERE names are therefore written as literals:
 * `eq(contractPlots.status, literal("active"))`. Only for constants of the code, never for request values.
 */
export function literal(value: string | number): SQL {
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) throw new RangeError("literal numbers are integers");
    return sql.raw(String(value));
  }
  if (!/^[a-z0-9-]+$/.test(value)) throw new RangeError(`literal strings are code words: ${value}`);
  return sql.raw(`'${value}'`);
}
