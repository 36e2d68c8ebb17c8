import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { tokens } from "./tokens.js";

/**
 * Sessions of the web console (/console). The browser holds a random session id in an HttpOnly, SameSite=Strict
 * cookie; the table keeps only its SHA-256 hash, the token it stands for (checked again on every request: a revoked
 * token ends its sessions) and the session's CSRF secret, which every form posts back. A session ends once.
 */
export const consoleSessions = sqliteTable(
  "console_sessions",
  {
    idHash: text().primaryKey(),
    tokenId: text()
      .notNull()
      .references(() => tokens.id),
    csrf: text().notNull(),
    createdAtMs: integer().notNull(),
    expiresAtMs: integer().notNull(),
    endedAtMs: integer(),
  },
  (t) => [
    index("console_sessions_token").on(t.tokenId),
    check("console_session_expires_after_creation", sql`expires_at_ms > created_at_ms`),
    check("console_session_ends_after_creation", sql`ended_at_ms IS NULL OR ended_at_ms >= created_at_ms`),
  ],
);
