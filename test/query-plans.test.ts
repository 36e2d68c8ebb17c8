import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asOfFilter } from "../src/storage/titles.js";
import { titleVersions } from "../schema/index.js";
import { and, eq } from "drizzle-orm";
import { createWorld, type World } from "./support/world.js";

/**
 * "An as-of read is an indexed query": SQLite's plan for the title reads must search an index, never scan
 * title_versions (a county holds millions of versions).
 */
let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(() => world.close());

async function plan(query: { toSQL(): { sql: string; params: unknown[] } }): Promise<string> {
  const { sql, params } = query.toSQL();
  const rows = await world.tdb.client.execute({ sql: `EXPLAIN QUERY PLAN ${sql}`, args: params as never[] });
  return rows.rows.map((r) => String(r.detail)).join("\n");
}

describe("title reads use indexes", () => {
  it.each([
    ["a plot on a date", () => and(eq(titleVersions.kind, "plot"), eq(titleVersions.subject, "3710831082010000001"), asOfFilter("2024-05-01", null)), "title_versions_subject"],
    ["a plot on a date as recorded on another", () => and(eq(titleVersions.kind, "plot"), eq(titleVersions.subject, "3710831082010000001"), asOfFilter("2024-05-01", 1_700_000_000_000)), "title_versions_subject"],
    ["a cap table on a date", () => and(eq(titleVersions.kind, "equity"), eq(titleVersions.collectiveCode, "N2371083MA0QW7T334"), asOfFilter("2024-05-01", null)), "title_versions_"],
    ["a holder's titles on a date", () => and(eq(titleVersions.holder, "371083108201000001"), asOfFilter("2024-05-01", null)), "title_versions_holder"],
  ])("%s", async (_name, where, index) => {
    const detail = await plan(world.tdb.db.select().from(titleVersions).where(where()));
    expect(detail).toMatch(new RegExp(`SEARCH title_versions USING (?:COVERING )?INDEX ${index}`));
    expect(detail).not.toMatch(/SCAN title_versions/);
  });
});
