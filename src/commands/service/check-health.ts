import type { Deps } from "../../deps.js";
import { pingDatabase } from "../../storage/health.js";

export async function checkHealth(deps: Deps): Promise<boolean> {
  return pingDatabase(deps.db);
}
