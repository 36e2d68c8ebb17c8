import type { InStatement } from "@libsql/client";
import { expect } from "vitest";
import type { World } from "./world.js";

/** Every row of every table, in order: what "changed nothing at all" is measured against. */
export async function snapshot(world: World): Promise<string> {
  const tables = await world.tdb.client.execute("SELECT name, sql LIKE '%WITHOUT ROWID%' AS keyed FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
  const parts: string[] = [];
  // A WITHOUT ROWID table (import_records) has no rowid: its primary key orders it.
  for (const t of tables.rows) parts.push(JSON.stringify((await world.tdb.client.execute(`SELECT * FROM "${String(t.name)}" ORDER BY ${Number(t.keyed) ? "1, 2" : "rowid"}`)).rows));
  return parts.join("\n");
}

/** Runs the statements as one write batch, around the domain code; it must fail with `message` and change nothing. */
export async function refusedByDatabase(world: World, statements: InStatement[], message: string): Promise<unknown> {
  const before = await snapshot(world);
  const error = await world.tdb.client.batch(statements, "write").then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `the database accepted: ${JSON.stringify(statements)}`).toBeInstanceOf(Error);
  expect((error as Error).message).toContain(message);
  expect(await snapshot(world)).toEqual(before);
  return error;
}
