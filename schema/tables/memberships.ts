import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { collectives } from "./collectives.js";
import { persons } from "./persons.js";

/**
 * Membership of a collective, with its own history. Loss grounds are the statute's (RCEO Law Art. 17) and the
 * charter's; none of them is a change of hukou (Art. 18), and the CHECK below keeps it that way.
 */
export const memberships = sqliteTable(
  "memberships",
  {
    id: text().primaryKey(),
    collectiveCode: text()
      .notNull()
      .references(() => collectives.code),
    personId: text()
      .notNull()
      .references(() => persons.id),
    joinedOn: text().notNull(),
    basis: text().notNull(),
    resolutionRef: text(),
    status: text({ enum: ["active", "ended"] }).notNull(),
    endedOn: text(),
    endReason: text(),
    endNote: text(),
    createdAtMs: integer().notNull(),
    endedAtMs: integer(),
  },
  (t) => [
    uniqueIndex("memberships_one_active").on(t.collectiveCode, t.personId).where(sql`status = 'active'`),
    index("memberships_person").on(t.personId),
    check("membership_basis_known", sql`basis IN ('original','birth','marriage','adoption','resettlement','other')`),
    check(
      "termination_reason_known",
      sql`end_reason IS NULL OR end_reason IN ('death','lost-nationality','joined-other-collective','became-civil-servant','voluntary-exit','charter')`,
    ),
    check(
      "membership_status_consistent",
      sql`(status = 'active' AND ended_on IS NULL AND end_reason IS NULL) OR (status = 'ended' AND ended_on IS NOT NULL AND end_reason IS NOT NULL)`,
    ),
    check("termination_before_joining", sql`ended_on IS NULL OR ended_on >= joined_on`),
  ],
);
