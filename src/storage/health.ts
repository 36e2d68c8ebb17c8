import { sql } from "drizzle-orm";
import type { Db } from "./db.js";

export async function pingDatabase(db: Db): Promise<boolean> {
  try {
    await db.run(sql`SELECT 1`);
    return true;
  } catch {
    return false;
  }
}
