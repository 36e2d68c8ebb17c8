import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/** A natural person. The ID number is stored once, here, and never leaves except to roles that need it. */
export const persons = sqliteTable(
  "persons",
  {
    id: text().primaryKey(),
    idType: text().notNull(),
    idNumber: text().notNull(),
    name: text().notNull(),
    sex: text({ enum: ["male", "female"] }),
    birthDate: text(),
    createdAtMs: integer().notNull(),
  },
  (t) => [
    uniqueIndex("persons_id_document_unique").on(t.idType, t.idNumber),
    check(
      "id_type_known",
      sql`id_type IN ('resident-id','military','organization-code','household-book','passport','other')`,
    ),
    check("id_number_malformed", sql`id_type <> 'resident-id' OR (length(id_number) = 18 AND birth_date IS NOT NULL AND sex IS NOT NULL)`),
  ],
);

/** Hukou history. Evidence only: no rule of this registry reads it to grant or end a right. */
export const householdRegistrations = sqliteTable(
  "household_registrations",
  {
    id: text().primaryKey(),
    personId: text()
      .notNull()
      .references(() => persons.id),
    kind: text({ enum: ["rural", "urban"] }).notNull(),
    regionCode: text().notNull(),
    effectiveOn: text().notNull(),
    recordedAtMs: integer().notNull(),
  },
  (t) => [
    index("household_registrations_person").on(t.personId, t.effectiveOn),
    check("hukou_kind_known", sql`kind IN ('rural','urban')`),
    check("region_code_malformed", sql`length(region_code) IN (6, 12)`),
  ],
);
