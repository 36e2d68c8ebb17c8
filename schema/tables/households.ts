import { sql } from "drizzle-orm";
import { check, foreignKey, index, integer, sqliteTable, text, unique, uniqueIndex } from "drizzle-orm/sqlite-core";
import { collectives } from "./collectives.js";
import { persons } from "./persons.js";

/** A contracting household (承包方), keyed by its 18-digit contracting-party code. */
export const households = sqliteTable(
  "households",
  {
    contractorCode: text().primaryKey(),
    collectiveCode: text()
      .notNull()
      .references(() => collectives.code),
    representativeId: text()
      .notNull()
      .references(() => persons.id),
    status: text({ enum: ["active", "dissolved"] }).notNull(),
    /** Set when the household transferred (LAL Art. 62 ¶5) or withdrew from its homestead: no new grant. */
    homesteadBarred: text({ enum: ["transferred", "withdrawn"] }),
    /** How the household came to be: registered as it was, or from a split or a merge of others (contractor codes). */
    origin: text({ enum: ["registered", "split", "merge"] }).notNull().default("registered"),
    originJson: text(),
    dissolvedOn: text(),
    createdAtMs: integer().notNull(),
  },
  (t) => [
    unique("households_collective_key").on(t.collectiveCode, t.contractorCode),
    check("contractor_code_malformed", sql`length(contractor_code) = 18`),
    check("household_status_known", sql`status IN ('active','dissolved')`),
  ],
);

export const householdMembers = sqliteTable(
  "household_members",
  {
    id: text().primaryKey(),
    collectiveCode: text().notNull(),
    contractorCode: text().notNull(),
    personId: text()
      .notNull()
      .references(() => persons.id),
    relation: text().notNull(),
    relationCode: text().notNull(),
    coHolder: integer({ mode: "boolean" }).notNull(),
    status: text({ enum: ["active", "left"] }).notNull(),
    /** Member changes (issue 7): when and why the person joined or left the household (null: as first registered). */
    joinedOn: text(),
    joinReason: text(),
    leftOn: text(),
    leftReason: text(),
    createdAtMs: integer().notNull(),
  },
  (t) => [
    foreignKey({
      columns: [t.collectiveCode, t.contractorCode],
      foreignColumns: [households.collectiveCode, households.contractorCode],
      name: "household_members_household_fk",
    }),
    uniqueIndex("household_members_once").on(t.contractorCode, t.personId).where(sql`status = 'active'`),
    uniqueIndex("household_members_one_household").on(t.collectiveCode, t.personId).where(sql`status = 'active'`),
    index("household_members_person").on(t.personId),
    check(
      "relation_known",
      sql`relation IN ('head','spouse','son','daughter','father','mother','grandchild','other-relative','non-relative')`,
    ),
    check("relation_code_malformed", sql`length(relation_code) = 2`),
  ],
);
